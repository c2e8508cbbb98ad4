"""Start the demo: a simulated fleet behind a loopback Prometheus and a loopback Alertmanager.

Both servers bind port 0 (the OS picks a free port) on a loopback address only, and run in daemon
threads so a forgotten `stop()` never keeps the process alive.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

from noc_wallboard.demo.alertmanager_api import make_alertmanager_handler
from noc_wallboard.demo.fleet import Fleet
from noc_wallboard.demo.httpbase import DemoState
from noc_wallboard.demo.prometheus_api import make_prometheus_handler

log = logging.getLogger(__name__)


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that hangs up mid-answer is routine; the default prints a traceback.
        log.debug("demo server: error serving %s", client_address, exc_info=True)


class _QuietServer6(_QuietServer):
    address_family = socket.AF_INET6


def _server_class(host: str) -> type[_QuietServer]:
    return _QuietServer6 if ":" in host else _QuietServer


def _check_loopback(host: str) -> None:
    if host == "localhost":
        return
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise ValueError(f"the demo servers bind loopback addresses only, not {host!r}")


def _url(server: ThreadingHTTPServer) -> str:
    address = server.server_address
    host = address[0] if isinstance(address[0], str) else address[0].decode()
    port = address[1]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


class DemoServers:
    """The running demo; use as a context manager or call `stop()`."""

    def __init__(
        self, fleet: Fleet, servers: list[ThreadingHTTPServer], threads: list[threading.Thread]
    ) -> None:
        self.fleet = fleet
        self._servers = servers
        self._threads = threads
        self.prometheus_url = _url(servers[0])
        self.alertmanager_url = _url(servers[1])

    def stop(self) -> None:
        """Shut both servers down and wait for their threads; safe to call twice."""
        # shutdown() blocks until the serve loop notices (one poll interval): do both at once.
        stoppers = [threading.Thread(target=server.shutdown) for server in self._servers]
        for stopper in stoppers:
            stopper.start()
        for stopper in stoppers:
            stopper.join()
        for server in self._servers:
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._servers, self._threads = [], []

    def __enter__(self) -> DemoServers:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def _default_clock() -> datetime:
    return datetime.now(UTC)


def start_demo(
    seed: int = 7, clock: Callable[[], datetime] | None = None, host: str = "127.0.0.1"
) -> DemoServers:
    """Start both demo servers on free loopback ports; the world starts hours "in progress"."""
    _check_loopback(host)
    now = clock or _default_clock
    state = DemoState(Fleet(seed, now()), now)
    handlers: list[type[BaseHTTPRequestHandler]] = [
        make_prometheus_handler(state),
        make_alertmanager_handler(state),
    ]
    servers: list[ThreadingHTTPServer] = []
    threads: list[threading.Thread] = []
    try:
        for handler in handlers:
            servers.append(_server_class(host)((host, 0), handler))
        # Alerts link back to the Prometheus that "generated" them.
        state.prometheus_url = _url(servers[0])
        for running, name in zip(servers, ("prometheus", "alertmanager"), strict=True):
            thread = threading.Thread(
                target=running.serve_forever,
                kwargs={"poll_interval": 0.05},
                name=f"demo-{name}",
                daemon=True,
            )
            thread.start()
            threads.append(thread)
    except BaseException:
        for server in servers:
            server.server_close()
        raise
    return DemoServers(state.fleet, servers, threads)
