"""Parse big Prometheus answers without stalling the Qt thread.

Measured on a 10 MB answer (140,000 series) on this 2-core machine: `json.loads` in a worker
thread still stalls the event loop 250–350 ms (the decoder holds the GIL for the whole body),
and building samples in a worker makes the Qt thread fight for the GIL too. So a large
answer's `result` array is decoded and turned into samples on the loop itself, a slice of
series at a time, yielding between slices: the worst stall is one slice (a few ms), whatever
the answer's size.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Callable
from typing import Any, TypeVar

from noc_wallboard.adapters.jsonparse import OFFLOAD_BYTES, PARSE_ERRORS, decode_json, guarded
from noc_wallboard.adapters.prometheus_envelope import parse_envelope
from noc_wallboard.domain.errors import SourceError, SourceProtocolError

T = TypeVar("T")
R = TypeVar("R")
# Values per slice: a few ms of work on a slow core. A vector series holds one value, a
# matrix series as many as its range has steps.
SLICE_VALUES = 500
_RESULT = re.compile(r'"result"\s*:\s*\[')
_SEPARATOR = re.compile(r"[\s,]*")
_DECODER = json.JSONDecoder()
Parsed = tuple[tuple[T, ...], tuple[str, ...]]


async def parse_sliced(
    body: bytes, url: str, parse_data: Callable[[Any], tuple[T, ...]], values_per_series: int = 1
) -> Parsed[T]:
    """`parse_data` (vector or matrix data → items) applied to `data.result` slice by slice."""
    if len(body) >= OFFLOAD_BYTES:
        per_slice = max(1, SLICE_VALUES // max(values_per_series, 1))
        sliced = await _sliced(body, url, parse_data, per_slice)
        if sliced is not None:
            return sliced
        # Not shaped like a query answer: decode it whole, off the loop, for the usual errors.
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(None, guarded(_whole(url, parse_data), url), body)
    return guarded(_whole(url, parse_data), url)(body)


def _whole(url: str, parse_data: Callable[[Any], tuple[T, ...]]) -> Callable[[bytes], Parsed[T]]:
    def parse(body: bytes) -> Parsed[T]:
        data, warnings = parse_envelope(decode_json(body, url))
        return parse_data(data), warnings

    return parse


async def _sliced(
    body: bytes, url: str, parse_data: Callable[[Any], tuple[T, ...]], per_slice: int
) -> Parsed[T] | None:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return None
    kind = _kind(text)
    match = _RESULT.search(text)
    if match is None or kind not in ("vector", "matrix"):
        return None

    def safe(data: Any) -> tuple[T, ...]:
        return _checked(parse_data, data, url)

    items: list[T] = []
    batch: list[Any] = []
    pos = match.end()
    try:
        while True:
            pos = _SEPARATOR.match(text, pos).end()  # type: ignore[union-attr]
            if pos >= len(text):
                return None
            if text[pos] == "]":
                break
            element, pos = _DECODER.raw_decode(text, pos)
            batch.append(element)
            if len(batch) >= per_slice:
                items.extend(safe({"resultType": kind, "result": batch}))
                batch = []
                await asyncio.sleep(0)  # let Qt paint and other polls run between slices
        shell = json.loads(text[: match.end()] + text[pos:])
    except (ValueError, RecursionError):
        return None
    data, warnings = _checked(parse_envelope, shell, url)
    if not isinstance(data, dict) or data.get("result") != []:
        return None  # "result" was found somewhere else (inside a string, a warning)
    if batch or not items:
        items.extend(safe({**data, "result": batch}))
    if kind != data.get("resultType"):
        return None  # the guess of the result type below was wrong: parse it whole
    return tuple(items), warnings


def _checked(parse: Callable[[Any], R], data: Any, url: str) -> R:
    """Only SourceErrors leave a parser (as `guarded` does for whole bodies)."""
    try:
        return parse(data)
    except SourceError:
        raise
    except PARSE_ERRORS as exc:
        raise SourceProtocolError(
            f"unexpected answer from {url}: {type(exc).__name__}: {str(exc)[:120]}"
        ) from None


def _kind(text: str) -> str | None:
    """resultType as written near the top; checked against the real envelope afterwards."""
    found = re.search(r'"resultType"\s*:\s*"(\w+)"', text[:4096])
    return found.group(1) if found else None
