"""A test-controlled Prometheus exporter: `/metrics` served from a dict the test edits live.

Real Prometheus scrapes it, so tests exercise the genuine scrape → TSDB → query path while
choosing exact values (a node_exporter would give values nobody can assert on).
"""

from __future__ import annotations

import math
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LabelKey = tuple[tuple[str, str], ...]


def _escape(value: str) -> str:
    # Text exposition format: backslash, double quote and newline are escaped in label values.
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _format_value(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    return repr(float(value))


class Exporter:
    """Serves gauges on 127.0.0.1:<free port>/metrics until `stop()`."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._series: dict[str, dict[LabelKey, float]] = {}
        self.fail = False  # True → HTTP 500, so Prometheus records up == 0 for this target
        self.scrapes = 0  # how many /metrics answers were served (lets tests await a fresh scrape)
        exporter = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path.split("?", 1)[0] != "/metrics":
                    self.send_error(HTTPStatus.NOT_FOUND)
                    return
                if exporter.fail:
                    self.send_error(HTTPStatus.INTERNAL_SERVER_ERROR, "exporter told to fail")
                    return
                body = exporter.render().encode()
                self.send_response(HTTPStatus.OK)
                self.send_header("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                with exporter._lock:
                    exporter.scrapes += 1

            def log_message(self, format: str, *args: object) -> None:
                pass  # one line per scrape per second would drown pytest's captured output

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port: int = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="test-exporter", daemon=True
        )

    @property
    def address(self) -> str:
        """host:port as a Prometheus static target (also the `instance` label of its `up`)."""
        return f"127.0.0.1:{self.port}"

    def start(self) -> Exporter:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)

    def set(self, name: str, labels: dict[str, str], value: float) -> None:
        with self._lock:
            self._series.setdefault(name, {})[tuple(sorted(labels.items()))] = value

    def remove(self, name: str, labels: dict[str, str] | None = None) -> None:
        """Drop one series, or the whole metric when `labels` is None."""
        with self._lock:
            if labels is None:
                self._series.pop(name, None)
            else:
                self._series.get(name, {}).pop(tuple(sorted(labels.items())), None)

    def clear(self) -> None:
        with self._lock:
            self._series.clear()
            self.fail = False

    def render(self) -> str:
        lines: list[str] = []
        with self._lock:
            for name, series in sorted(self._series.items()):
                lines.append(f"# TYPE {name} gauge")
                for key, value in sorted(series.items()):
                    labels = ",".join(f'{k}="{_escape(v)}"' for k, v in key)
                    selector = f"{name}{{{labels}}}" if labels else name
                    lines.append(f"{selector} {_format_value(value)}")
        return "\n".join(lines) + "\n"
