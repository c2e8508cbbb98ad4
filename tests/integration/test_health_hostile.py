"""Hostile answers from a "Prometheus": each becomes a source error; nothing crashes and the
event loop (the Qt thread in the app) keeps ticking while the answer is read and parsed."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from noc_wallboard.adapters.http import HttpClients
from noc_wallboard.app import build_engine
from noc_wallboard.config.schema import BoardConfig
from noc_wallboard.domain.health import TileStatus

pytestmark = pytest.mark.integration

HTML = b"<html><body><h1>502 Bad Gateway</h1>nginx</body></html>"
TRUNCATED = b'{"status":"success","data":{"resultType":"vector","result":[{"metric":{"ins'
MATRIX = json.dumps({"status": "success", "data": {"resultType": "matrix", "result": []}}).encode()


def ten_megabytes() -> bytes:
    """10 MB of valid JSON whose last element is wrong: the whole answer must be read and
    parsed (off the loop's thread) before the mistake shows."""
    item = '{"metric":{"instance":"host-%06d","job":"node"},"value":[1700000000,"1"]}'
    items = [item % i for i in range(140_000)]
    items.append('{"metric":{"instance":"bad"},"value":[1700000000, 42]}')  # not a string
    body = '{"status":"success","data":{"resultType":"vector","result":[' + ",".join(items) + "]}}"
    return body.encode()


class HostileServer:
    def __init__(self, mode: str) -> None:
        self.release = threading.Event()
        big = ten_megabytes() if mode == "10mb" else b""
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("content-length", 0)))
                if mode == "hung":
                    server.release.wait(30)  # accepts, reads the query, never answers
                    return
                body, ctype = {
                    "html": (HTML, "text/html"),
                    "truncated": (TRUNCATED, "application/json"),
                    "matrix": (MATRIX, "application/json"),
                    "10mb": (big, "application/json"),
                }[mode]
                self.send_response(200)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._http.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._http.server_address[1]}"
        self._thread = threading.Thread(target=self._http.serve_forever, daemon=True)

    def __enter__(self) -> HostileServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release.set()
        self._http.shutdown()
        self._http.server_close()
        self._thread.join(timeout=10)


@pytest.fixture(params=["html", "truncated", "matrix", "10mb", "hung"])
def hostile(request: pytest.FixtureRequest) -> Iterator[tuple[str, HostileServer]]:
    with HostileServer(request.param) as server:
        yield request.param, server


EXPECTED = {
    "html": "protocol",
    "truncated": "protocol",
    "matrix": "rejected",
    "10mb": "protocol",
    "hung": "timeout",
}


async def test_hostile_answer_is_a_source_error_without_freezing(
    hostile: tuple[str, HostileServer],
) -> None:
    mode, server = hostile
    cfg = BoardConfig.model_validate(
        {
            "sources": [{"name": "prom", "kind": "prometheus", "url": server.url, "timeout": "1s"}],
            # max_series above the 10 MB answer's 140,001 series: the whole answer is parsed.
            "panels": [
                {
                    "name": "CPU",
                    "source": "prom",
                    "query": "cpu",
                    "critical": 90,
                    "max_series": 200_000,
                }
            ],
        }
    )
    clients = HttpClients()
    lag = 0.0
    polling = True

    async def heartbeat() -> None:
        # What a frozen Qt thread would look like: a 20 ms tick arriving late.
        nonlocal lag
        while polling:
            before = time.monotonic()
            await asyncio.sleep(0.02)
            lag = max(lag, time.monotonic() - before - 0.02)

    beat = asyncio.create_task(heartbeat())
    try:
        engine = build_engine(cfg, clients)
        state = await engine.poll_once()
    finally:
        polling = False
        await beat
        await clients.aclose()
    (source,) = state.sources
    assert not source.ok and source.error is not None
    assert source.error.split(":", 1)[0] == EXPECTED[mode], source.error
    (panel,) = state.panels
    assert panel.stale and panel.worst is TileStatus.STALE
    # Generous: a real freeze on 10 MB parsed on the loop thread is far longer on this machine.
    assert lag < 0.5, f"event loop stalled {lag * 1000:.0f} ms during a {mode} answer"
    print(f"{mode}: {source.error[:70]!r}, worst loop lag {lag * 1000:.0f} ms")
