"""Fixtures for the demo servers: a fake clock and servers bound to it (no sleeping, ever)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from noc_wallboard.demo import DemoServers, start_demo

START = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


class FakeClock:
    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


# Loopback must never go through a proxy from the environment.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def call(
    url: str, method: str = "GET", data: bytes | None = None, content_type: str | None = None
) -> Reply:
    request = urllib.request.Request(url, data=data, method=method)
    if content_type:
        request.add_header("Content-Type", content_type)
    try:
        with _OPENER.open(request, timeout=10) as response:
            return Reply(response.status, dict(response.headers), response.read())
    except urllib.error.HTTPError as error:
        with error:
            return Reply(error.code, dict(error.headers), error.read())


@pytest.fixture
def http() -> Callable[..., Reply]:
    """`http(url, method="GET", data=None, content_type=None)` → Reply, never raising on 4xx."""
    return call


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def demo(clock: FakeClock) -> Iterator[DemoServers]:
    with start_demo(seed=7, clock=clock) as servers:
        yield servers
