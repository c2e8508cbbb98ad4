"""Real Prometheus and Alertmanager processes on free loopback ports, plus small API helpers.

Each server is a child process stopped by its own pid (terminate, then kill); nothing here
looks processes up by name, so parallel runs and a developer's own servers are never touched.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httpx
import pytest

PROMETHEUS_BIN = Path(os.environ.get("NOC_IT_PROMETHEUS", "/usr/bin/prometheus"))
ALERTMANAGER_BIN = Path(os.environ.get("NOC_IT_ALERTMANAGER", "/usr/bin/prometheus-alertmanager"))
READY_TIMEOUT_S = 30.0
STOP_TIMEOUT_S = 10.0

T = TypeVar("T")


def free_port() -> int:
    """A loopback port that was free a moment ago (bind 0, read, close).

    Also the way to get a *closed* port for "unreachable source" tests: nobody listens on it.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def require_binary(path: Path) -> None:
    """Skip locally when a server binary is missing; in CI a missing binary is a failure."""
    if os.access(path, os.X_OK):
        return
    message = f"{path} is not installed (Debian: apt-get install {path.name})"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true and {message}", pytrace=False)
    pytest.skip(message)


def client() -> httpx.Client:
    # trust_env=False: a developer's HTTP(S)_PROXY must not capture loopback test traffic.
    return httpx.Client(timeout=httpx.Timeout(2.0), trust_env=False)


def wait_until(
    probe: Callable[[], T | None],
    *,
    timeout: float,
    what: str,
    interval: float = 0.2,
    detail: Callable[[], str] | None = None,
    fatal: tuple[type[BaseException], ...] = (),
) -> T:
    """Poll `probe` until it returns a truthy value; fail with `what` (and `detail()`) on timeout.

    Exceptions from the probe count as "not yet" (a server still starting refuses connections),
    and the last one is reported if the deadline passes. Exceptions of a `fatal` type end the
    wait at once (a server that exited will not become ready).
    """
    deadline = time.monotonic() + timeout
    last_error: BaseException | None = None
    while True:
        try:
            result = probe()
            if result:
                return result
        except fatal:
            raise
        except Exception as exc:  # any failure just means "not ready yet"
            last_error = exc
        if time.monotonic() >= deadline:
            lines = [f"timed out after {timeout:.0f}s waiting for {what}"]
            if last_error is not None:
                lines.append(f"last error: {last_error!r}")
            if detail is not None:
                lines.append(detail())
            raise AssertionError("\n".join(lines))
        time.sleep(interval)


@dataclass
class ServerProcess:
    """One launched server: its URL, process and log (for failure messages)."""

    name: str
    url: str
    port: int
    proc: subprocess.Popen[bytes]
    log_path: Path
    workdir: Path
    extra: dict[str, Any] = field(default_factory=dict)

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(errors="replace").splitlines()
        except OSError as exc:
            return f"(no log: {exc})"
        return f"--- last {lines} lines of {self.log_path} ---\n" + "\n".join(text[-lines:])

    def stop(self) -> None:
        """Stop by pid: SIGTERM, wait, then SIGKILL if it ignores us."""
        if self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=STOP_TIMEOUT_S)


class _Exited(Exception):
    """The server process ended while we waited for it to become ready."""


def _launch(name: str, argv_for_port: Callable[[int], list[str]], workdir: Path) -> ServerProcess:
    """Start a server and wait for `/-/ready`; retry on a lost port race, else fail with its log."""
    workdir.mkdir(parents=True, exist_ok=True)
    attempts = 3
    for attempt in range(1, attempts + 1):
        port = free_port()
        log_path = workdir / f"{name}.log"
        with log_path.open("wb") as log:
            proc = subprocess.Popen(
                argv_for_port(port), stdout=log, stderr=subprocess.STDOUT, cwd=workdir
            )
        server = ServerProcess(name, f"http://127.0.0.1:{port}", port, proc, log_path, workdir)

        def ready(server: ServerProcess = server) -> bool:
            if server.proc.poll() is not None:
                raise _Exited(server.proc.returncode)
            with client() as http:
                return http.get(f"{server.url}/-/ready").status_code == HTTPStatus.OK

        try:
            wait_until(
                ready,
                timeout=READY_TIMEOUT_S,
                what=f"{name} /-/ready",
                interval=0.1,
                fatal=(_Exited,),
            )
            return server
        except (_Exited, AssertionError) as exc:
            problem = repr(exc)
        server.stop()
        tail = server.log_tail()
        # Another process may have taken the port between free_port() and bind: try again.
        if "address already in use" in tail and attempt < attempts:
            continue
        raise AssertionError(f"{name} did not become ready: {problem}\n{tail}")
    raise AssertionError(f"{name}: no free port after {attempts} attempts")


def start_alertmanager(workdir: Path) -> ServerProcess:
    require_binary(ALERTMANAGER_BIN)
    workdir.mkdir(parents=True, exist_ok=True)
    config = workdir / "alertmanager.yml"
    # One receiver without integrations: the board reads alerts, nothing must be sent anywhere.
    config.write_text(
        "route:\n"
        "  receiver: noc\n"
        "  group_wait: 1s\n"
        "  group_interval: 1s\n"
        "  repeat_interval: 1h\n"
        "receivers:\n"
        "  - name: noc\n"
    )

    def argv(port: int) -> list[str]:
        return [
            str(ALERTMANAGER_BIN),
            f"--config.file={config}",
            f"--storage.path={workdir / 'data'}",
            f"--web.listen-address=127.0.0.1:{port}",
            # Empty address disables gossip, so no test binds the cluster port 9094.
            "--cluster.listen-address=",
        ]

    return _launch("alertmanager", argv, workdir)


def start_prometheus(
    workdir: Path,
    targets: Sequence[str],
    *,
    rules: str | None = None,
    alertmanager_url: str | None = None,
) -> ServerProcess:
    """Prometheus scraping `targets` (job "exporter") every second, with optional rules and
    an Alertmanager to notify."""
    require_binary(PROMETHEUS_BIN)
    workdir.mkdir(parents=True, exist_ok=True)
    config: dict[str, Any] = {
        # 1 s scrape and evaluation keep every wait in the suite to a few seconds.
        "global": {"scrape_interval": "1s", "scrape_timeout": "1s", "evaluation_interval": "1s"},
        "scrape_configs": [
            {
                "job_name": "exporter",
                # Keep the exporter's own `instance` labels (web-01 …) instead of renaming them
                # to exported_instance; `up` still carries the target address as instance.
                "honor_labels": True,
                "static_configs": [{"targets": list(targets)}],
            }
        ],
    }
    if rules is not None:
        rules_path = workdir / "rules.yml"
        rules_path.write_text(rules)
        config["rule_files"] = [str(rules_path)]
    if alertmanager_url is not None:
        parts = urlsplit(alertmanager_url)
        config["alerting"] = {
            "alertmanagers": [
                {
                    "api_version": "v2",
                    "scheme": parts.scheme or "http",
                    "static_configs": [{"targets": [parts.netloc]}],
                }
            ]
        }
    config_path = workdir / "prometheus.yml"
    # JSON is valid YAML, and json.dumps needs no YAML library in the test environment.
    config_path.write_text(json.dumps(config, indent=2))

    def argv(port: int) -> list[str]:
        return [
            str(PROMETHEUS_BIN),
            f"--config.file={config_path}",
            f"--storage.tsdb.path={workdir / 'data'}",
            f"--web.listen-address=127.0.0.1:{port}",
            "--web.enable-lifecycle",
        ]

    server = _launch("prometheus", argv, workdir)
    server.extra["targets"] = list(targets)
    return server


# --------------------------------------------------------------------------- API helpers


def rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def prom_query(prom_url: str, query: str) -> list[dict[str, Any]]:
    """Instant query; returns the vector result (list of {metric, value})."""
    with client() as http:
        response = http.get(f"{prom_url}/api/v1/query", params={"query": query})
    response.raise_for_status()
    body = response.json()
    assert body["status"] == "success", body
    result: list[dict[str, Any]] = body["data"]["result"]
    return result


def prom_values(prom_url: str, query: str, label: str) -> dict[str, float]:
    """{label value: sample value} of an instant query, for "has Prometheus scraped yet" waits."""
    return {
        series["metric"].get(label, ""): float(series["value"][1])
        for series in prom_query(prom_url, query)
    }


def wait_for_values(
    prom_url: str, query: str, label: str, expected: dict[str, float], timeout: float = 20.0
) -> None:
    """Block until Prometheus answers `query` with exactly `expected` (keyed by `label`)."""
    wait_until(
        lambda: prom_values(prom_url, query, label) == expected,
        timeout=timeout,
        what=f"Prometheus to return {expected} for {query!r}",
        detail=lambda: f"last answer: {prom_values(prom_url, query, label)}",
    )


def make_alert(
    labels: dict[str, str],
    starts_at: datetime,
    *,
    annotations: dict[str, str] | None = None,
    ends_at: datetime | None = None,
    generator_url: str | None = None,
) -> dict[str, Any]:
    alert: dict[str, Any] = {
        "labels": labels,
        "annotations": annotations or {},
        "startsAt": rfc3339(starts_at),
    }
    if ends_at is not None:
        alert["endsAt"] = rfc3339(ends_at)
    if generator_url is not None:
        alert["generatorURL"] = generator_url
    return alert


def post_alerts(am_url: str, alerts: list[dict[str, Any]]) -> None:
    """POST /api/v2/alerts (Alertmanager 0.25); raises with the body on a non-2xx answer."""
    with client() as http:
        response = http.post(f"{am_url}/api/v2/alerts", json=alerts)
    assert response.is_success, f"{response.status_code}: {response.text}"


def am_alerts(am_url: str) -> list[dict[str, Any]]:
    with client() as http:
        response = http.get(f"{am_url}/api/v2/alerts")
    response.raise_for_status()
    alerts: list[dict[str, Any]] = response.json()
    return alerts


def fingerprints_by_labels(am_url: str) -> dict[tuple[tuple[str, str], ...], str]:
    return {tuple(sorted(a["labels"].items())): a["fingerprint"] for a in am_alerts(am_url)}


def create_silence(
    am_url: str,
    labels: dict[str, str],
    *,
    created_by: str,
    comment: str,
    duration: timedelta = timedelta(hours=1),
) -> dict[str, Any]:
    """Silence matching `labels` exactly (one equality matcher per label); returns the stored
    silence, whose `startsAt` is what Alertmanager recorded (it may move a past start to now)."""
    now = datetime.now(UTC)
    body = {
        "matchers": [
            {"name": k, "value": v, "isRegex": False, "isEqual": True} for k, v in labels.items()
        ],
        "startsAt": rfc3339(now),
        "endsAt": rfc3339(now + duration),
        "createdBy": created_by,
        "comment": comment,
    }
    with client() as http:
        response = http.post(f"{am_url}/api/v2/silences", json=body)
        assert response.is_success, f"{response.status_code}: {response.text}"
        silence_id = response.json()["silenceID"]
        stored = http.get(f"{am_url}/api/v2/silence/{silence_id}")
    stored.raise_for_status()
    silence: dict[str, Any] = stored.json()
    return silence


# --------------------------------------------------------------------------- misbehaving source


class FixedAnswerServer:
    """Answers every GET/POST with the same status, content type and body.

    Stands in for a proxy's HTML error page or a connection cut mid-answer (truncated JSON).
    """

    def __init__(self, body: str, *, status: int = 200, content_type: str = "text/html") -> None:
        payload = body.encode()

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = _answer
            do_POST = _answer

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> FixedAnswerServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)
