"""What both demo servers share: request parsing, quiet logging, Go-like responses, safety net.

Responses imitate Go's net/http: a `Date` header (from the demo's clock, so a fake clock shows up
there too, as skew would), no `Server` header, `404 page not found` for unknown paths. Each
request runs under the shared lock, so the fleet is only ever touched by one thread at a time.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlsplit

from noc_wallboard.demo.fleet import Fleet
from noc_wallboard.demo.formats import as_utc

log = logging.getLogger(__name__)
MAX_BODY = 1 << 20


class DemoState:
    """The fleet, its lock and the clock, shared by both servers."""

    def __init__(self, fleet: Fleet, clock: Callable[[], datetime]) -> None:
        self.fleet = fleet
        self.lock = threading.Lock()
        self.clock = clock
        self.started_at = fleet.started_at
        self.prometheus_url = ""  # known once the Prometheus server has bound its port

    def now(self) -> datetime:
        return as_utc(self.clock())


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    body: bytes
    content_type: str
    form: dict[str, list[str]] = field(default_factory=dict)

    def param(self, name: str) -> str | None:
        """First value of a parameter; form body values win over the URL, as in Go."""
        values = self.form.get(name) or self.query.get(name)
        return values[0] if values else None

    def params(self, name: str) -> list[str]:
        return self.form.get(name, []) + self.query.get(name, [])


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes
    content_type: str = "application/json"

    @classmethod
    def json(cls, status: int, payload: Any, newline: bool = True) -> Response:
        # Go's json.Encoder (Alertmanager) ends with a newline; Prometheus's writer does not.
        text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
        return cls(status, (text + "\n" if newline else text).encode())

    @classmethod
    def text(cls, status: int, text: str) -> Response:
        return cls(status, text.encode(), "text/plain; charset=utf-8")

    @classmethod
    def empty(cls, status: int = 200) -> Response:
        return cls(status, b"")


NOT_FOUND = Response.text(404, "404 page not found\n")
METHOD_NOT_ALLOWED = Response.text(405, "Method Not Allowed\n")


class DemoHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, like the real servers; every reply has a length
    state: ClassVar[DemoState]

    def route(self, request: Request) -> Response:
        raise NotImplementedError

    def internal_error(self, message: str) -> Response:
        return Response.json(500, message)

    # --- plumbing ---------------------------------------------------------------------------

    def do_GET(self) -> None:
        self._handle("GET")

    def do_HEAD(self) -> None:
        self._handle("HEAD")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_PUT(self) -> None:
        self._handle("PUT")

    def do_DELETE(self) -> None:
        self._handle("DELETE")

    def do_PATCH(self) -> None:
        self._handle("PATCH")

    def _handle(self, method: str) -> None:
        try:
            request = self._read(method)
        except ValueError as exc:
            self._send(Response.text(400, f"{exc}\n"), method)
            self.close_connection = True
            return
        try:
            with self.state.lock:
                # One reading of the clock per request: every part of an answer agrees on "now".
                self.state.fleet.advance_to(self.state.now())
                response = self.route(request)
        except Exception as exc:
            log.exception("demo server failed on %s %s", method, self.path)
            response = self.internal_error(f"internal error: {exc}")
        self._send(response, method)

    def _read(self, method: str) -> Request:
        parts = urlsplit(self.path)
        length_header = self.headers.get("Content-Length") or "0"
        try:
            length = int(length_header)
        except ValueError:
            raise ValueError("invalid Content-Length") from None
        if length < 0 or length > MAX_BODY:
            raise ValueError("request body too large")
        body = self.rfile.read(length) if length else b""
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        form: dict[str, list[str]] = {}
        if content_type == "application/x-www-form-urlencoded" and body:
            form = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
        query = parse_qs(parts.query, keep_blank_values=True)
        verb = "GET" if method == "HEAD" else method
        return Request(verb, parts.path, query, body, content_type, form)

    def _send(self, response: Response, method: str) -> None:
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if method != "HEAD" and response.body:
            self.wfile.write(response.body)

    def send_response(self, code: int, message: str | None = None) -> None:
        # Go's net/http sends Date but no Server header; so do we.
        self.log_request(code)
        self.send_response_only(code, message)
        self.send_header("Date", self.date_time_string())

    def date_time_string(self, timestamp: float | None = None) -> str:
        return format_datetime(self.state.now(), usegmt=True)

    def log_message(self, format: str, *args: Any) -> None:
        # The default writes every request to stderr; the demo keeps the console quiet.
        log.debug("%s " + format, self.address_string(), *args)
