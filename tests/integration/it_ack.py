"""Helpers for the acknowledgement tests: configs with a ledger, silences, bounded waits."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from it_servers import client

from noc_wallboard.config.schema import BoardConfig


def board_config(sources: list[dict[str, Any]], ledger: Path, **ack: Any) -> BoardConfig:
    return BoardConfig.model_validate(
        {
            "board": {"interval": "5s", "engineer": "alice"},
            "sources": sources,
            "ledger": {"path": str(ledger)},
            "ack": ack,
        }
    )


def am_source(url: str, name: str = "am") -> dict[str, Any]:
    return {"name": name, "kind": "alertmanager", "url": url, "timeout": "5s"}


def silences(am_url: str) -> list[dict[str, Any]]:
    with client() as http:
        response = http.get(f"{am_url}/api/v2/silences")
    response.raise_for_status()
    found: list[dict[str, Any]] = response.json()
    return found


def live_ack_silences(am_url: str) -> list[dict[str, Any]]:
    return [
        s
        for s in silences(am_url)
        if s["status"]["state"] in ("active", "pending") and s["comment"].startswith("ACK")
    ]


async def until(check: Callable[[], Any], timeout: float = 15.0, what: str = "") -> Any:
    """Await `check()` becoming truthy, polling every 20 ms for at most `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout:g}s: {what or check}")
        await asyncio.sleep(0.02)


async def until_async(check: Callable[[], Any], timeout: float = 30.0, what: str = "") -> Any:
    """Like `until` for a coroutine function (e.g. a poll), every 250 ms."""
    deadline = time.monotonic() + timeout
    while True:
        value = await check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout:g}s: {what or check}")
        await asyncio.sleep(0.25)
