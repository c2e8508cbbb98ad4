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

from noc_wallboard.adapters.jsonparse import OFFLOAD_BYTES, decode_json, guarded
from noc_wallboard.adapters.prometheus_envelope import parse_envelope
from noc_wallboard.domain.errors import SourceRejected

T = TypeVar("T")
R = TypeVar("R")
# Values per slice: a few ms of work on a slow core. A vector series holds one value, a
# matrix series as many as its range has steps.
SLICE_VALUES = 500
_RESULT = re.compile(r'"result"\s*:\s*\[')
_SPACE = re.compile(r"[ \t\n\r]*")  # JSON whitespace only (not NBSP or other Unicode spaces)
_ELEMENT = re.compile(r'\{[ \t\n\r]*"metric"[ \t\n\r]*:')  # `{"` never occurs inside a string
_DECODER = json.JSONDecoder()
Parsed = tuple[tuple[T, ...], tuple[str, ...]]


class _Duplicate(ValueError):
    """An object repeats a key: json.loads keeps the last one, so the sliced parse must not
    be trusted; the whole parse decides."""


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _Duplicate("duplicate key")
    return result


def too_many_series(
    count: int, limit: int, at_least: bool = False, hint: str = "narrow the query (sum by, topk)"
) -> SourceRejected:
    more = "at least " if at_least else ""
    return SourceRejected(
        f"{more}{count} series in the answer, more than max_series = {limit}: "
        f"{hint} or raise max_series"
    )


async def parse_sliced(
    body: bytes,
    url: str,
    parse_data: Callable[[Any], tuple[T, ...]],
    values_per_series: int = 1,
    max_series: int | None = None,
) -> Parsed[T]:
    """`parse_data` (vector or matrix data → items) applied to `data.result` slice by slice.

    More than `max_series` series fail the answer (`SourceRejected` naming the count) before
    they are all turned into items."""
    if len(body) >= OFFLOAD_BYTES:
        per_slice = max(1, SLICE_VALUES // max(values_per_series, 1))
        sliced = await _sliced(body, url, parse_data, per_slice, max_series)
        if sliced is not None:
            return sliced
        # Not shaped like a query answer: decode it whole, off the loop, for the usual errors.
        loop = asyncio.get_running_loop()
        parsed = await loop.run_in_executor(None, guarded(_whole(url, parse_data), url), body)
    else:
        parsed = guarded(_whole(url, parse_data), url)(body)
    if max_series is not None and len(parsed[0]) > max_series:
        raise too_many_series(len(parsed[0]), max_series)
    return parsed


def _whole(url: str, parse_data: Callable[[Any], tuple[T, ...]]) -> Callable[[bytes], Parsed[T]]:
    def parse(body: bytes) -> Parsed[T]:
        data, warnings = parse_envelope(decode_json(body, url))
        return parse_data(data), warnings

    return parse


async def _sliced(
    body: bytes,
    url: str,
    parse_data: Callable[[Any], tuple[T, ...]],
    per_slice: int,
    max_series: int | None,
) -> Parsed[T] | None:
    """None whenever the body is not exactly a well-formed query answer: the whole parse
    then gives json.loads's verdict (its error, or its last-key-wins reading)."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return None
    kind = _kind(text)
    match = _RESULT.search(text)
    if match is None or kind not in ("vector", "matrix"):
        return None

    def safe(data: Any) -> tuple[T, ...]:
        return guarded(parse_data, url)(data)

    items: list[T] = []
    batch: list[Any] = []
    count = 0
    pos = _SPACE.match(text, match.end()).end()  # type: ignore[union-attr]
    try:
        if text[pos : pos + 1] != "]":
            while True:
                element, pos = _DECODER.raw_decode(text, pos)
                count += 1
                if max_series is not None and count > max_series:
                    found = len(_ELEMENT.findall(text, match.end()))
                    raise too_many_series(max(found, count), max_series, at_least=found < count)
                batch.append(element)
                if len(batch) >= per_slice:
                    items.extend(safe({"resultType": kind, "result": batch}))
                    batch = []
                    await asyncio.sleep(0)  # let Qt paint and other polls run between slices
                pos = _SPACE.match(text, pos).end()  # type: ignore[union-attr]
                separator = text[pos : pos + 1]
                if separator == "]":
                    break
                if separator != ",":
                    return None  # a missing comma, a stray character: not JSON
                pos = _SPACE.match(text, pos + 1).end()  # type: ignore[union-attr]
        shell = json.loads(text[: match.end()] + text[pos:], object_pairs_hook=_unique_keys)
    except (ValueError, RecursionError):
        return None
    data, warnings = guarded(parse_envelope, url)(shell)
    if not isinstance(data, dict) or data.get("result") != []:
        return None  # "result" was found somewhere else (inside a string, a warning)
    if batch or not items:
        items.extend(safe({**data, "result": batch}))
    if kind != data.get("resultType"):
        return None  # the guess of the result type below was wrong: parse it whole
    return tuple(items), warnings


def _kind(text: str) -> str | None:
    """resultType as written near the top; checked against the real envelope afterwards."""
    found = re.search(r'"resultType"\s*:\s*"(\w+)"', text[:4096])
    return found.group(1) if found else None
