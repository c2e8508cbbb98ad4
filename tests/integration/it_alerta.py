"""A real alerta-server on a real PostgreSQL, both on free loopback ports.

PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres`
user (Debian's package creates it) and its commands run through `runuser`. alerta-server
lives in its own virtual environment (its Flask pins must not meet the board's): `.ci/run`
makes `.venv-alerta`; `ALERTAD=/path/to/alertad` points elsewhere.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from it_servers import ServerProcess, client, free_port, wait_until

REPO = Path(__file__).resolve().parents[2]
API_KEY = "integration-key-0123456789abcdef01234567"
ADMIN = "admin@noc.test"


def _missing(message: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true and {message}", pytrace=False)
    pytest.skip(message)


def find_alertad() -> str:
    candidates = [
        os.environ.get("ALERTAD", ""),
        str(REPO / ".venv-alerta" / "bin" / "alertad"),
        shutil.which("alertad") or "",
    ]
    for path in candidates:
        if path and os.access(path, os.X_OK):
            return path
    _missing(
        "alerta-server is not installed (python -m venv .venv-alerta && "
        ".venv-alerta/bin/pip install alerta-server psycopg2-binary)"
    )
    raise AssertionError("unreachable")


def find_pg_bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        _missing("PostgreSQL server is not installed (Debian: apt-get install postgresql)")
    return Path(found[-1]).parent


def _as_postgres(argv: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


@dataclass
class Postgres:
    port: int
    datadir: Path
    bin: Path

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/monitoring"

    def stop(self) -> None:
        subprocess.run(
            _as_postgres(
                [str(self.bin / "pg_ctl"), "-D", str(self.datadir), "-m", "immediate", "stop"]
            ),
            capture_output=True,
            check=False,
            timeout=30,
        )


def start_postgres(workdir: Path) -> Postgres:
    pg_bin = find_pg_bin()
    workdir.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(workdir, "postgres")
        os.chmod(workdir, 0o755)
        for parent in workdir.parents:  # postgres must be able to reach its directory
            if str(parent) in ("/", "/tmp"):
                break
            os.chmod(parent, os.stat(parent).st_mode | 0o011)
    datadir = workdir / "data"
    subprocess.run(
        _as_postgres(
            [
                str(pg_bin / "initdb"),
                "-D",
                str(datadir),
                "-A",
                "trust",
                "-U",
                "postgres",
                "--no-sync",
            ]
        ),
        capture_output=True,
        check=True,
        timeout=120,
    )
    port = free_port()
    options = f"-p {port} -k {workdir} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(
        _as_postgres(
            [
                str(pg_bin / "pg_ctl"),
                "-D",
                str(datadir),
                "-o",
                options,
                "-l",
                str(workdir / "pg.log"),
                "-w",
                "start",
            ]
        ),
        capture_output=True,
        check=True,
        timeout=60,
    )
    pg = Postgres(port, datadir, pg_bin)
    subprocess.run(
        _as_postgres(
            [
                str(pg_bin / "createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(port),
                "-U",
                "postgres",
                "monitoring",
            ]
        ),
        capture_output=True,
        check=True,
        timeout=30,
    )
    return pg


def start_alerta(workdir: Path, pg: Postgres) -> ServerProcess:
    alertad = find_alertad()
    workdir.mkdir(parents=True, exist_ok=True)
    conf = workdir / "alertad.conf"
    conf.write_text(
        f"DATABASE_URL = {pg.url!r}\n"
        "AUTH_REQUIRED = True\n"
        f"ADMIN_USERS = [{ADMIN!r}]\n"
        "SECRET_KEY = 'integration-secret-0123456789'\n"
        "DEBUG = False\n"
        "ALARM_MODEL = 'ALERTA'\n"
    )
    env = {**os.environ, "ALERTA_SVR_CONF_FILE": str(conf)}
    for argv in (
        [alertad, "user", "--username", ADMIN, "--password", "admin-pass", "--name", "Ada Admin"],
        [alertad, "key", "--username", ADMIN, "--key", API_KEY],
    ):
        subprocess.run(argv, env=env, capture_output=True, check=True, timeout=60, cwd=workdir)
    port = free_port()
    log_path = workdir / "alerta.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [alertad, "run", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=workdir,
        )
    server = ServerProcess("alerta", f"http://127.0.0.1:{port}", port, proc, log_path, workdir)

    def ready() -> bool:
        if proc.poll() is not None:
            raise AssertionError(f"alertad exited\n{server.log_tail()}")
        with client() as http:
            return http.get(f"{server.url}/management/healthcheck").status_code == 200

    wait_until(ready, timeout=60, what="alerta healthcheck", detail=server.log_tail)
    return server


class AlertaClient:
    def __init__(self, url: str) -> None:
        self.url = url
        self.http = httpx.Client(
            base_url=url,
            headers={"Authorization": f"Key {API_KEY}"},
            timeout=10,
            trust_env=False,
        )

    def send(self, **alert: Any) -> dict[str, Any]:
        body = {"environment": "Production", "service": ["noc"], **alert}
        r = self.http.post("/alert", json=body)
        assert r.status_code == 201, r.text
        doc: dict[str, Any] = r.json()["alert"]
        return doc

    def action(self, alert_id: str, action: str, text: str = "", timeout: int = 3600) -> int:
        r = self.http.put(
            f"/alert/{alert_id}/action", json={"action": action, "text": text, "timeout": timeout}
        )
        return r.status_code

    def delete_all(self) -> None:
        for alert in self.http.get("/alerts", params={"page-size": 1000}).json()["alerts"]:
            self.http.delete(f"/alert/{alert['id']}")

    def close(self) -> None:
        self.http.close()
