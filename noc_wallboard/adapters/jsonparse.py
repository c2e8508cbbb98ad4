"""JSON decoding that turns every malformed answer into a SourceProtocolError.

Large answers are decoded in a worker thread so the Qt/asyncio thread never stalls.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any, TypeVar

from noc_wallboard.domain.errors import SourceError, SourceProtocolError

T = TypeVar("T")
A = TypeVar("A")
# Below this size decoding is faster than a thread hop.
OFFLOAD_BYTES = 256 * 1024


# What malformed-but-valid JSON can raise inside our parsers (odd types, absurd numbers,
# timestamps out of range). Anything here from a source's answer is the source's fault.
PARSE_ERRORS = (ValueError, TypeError, KeyError, AttributeError, OverflowError, RecursionError)


def decode_json(body: bytes, url: str) -> Any:
    try:
        return json.loads(body)
    except (ValueError, RecursionError):  # includes JSONDecodeError, UnicodeDecodeError,
        # and the ValueError of integers past Python's digit limit
        text = body[:60].decode("utf-8", errors="replace")
        preview = " ".join(text.split()) or "(empty body)"
        raise SourceProtocolError(f"{url} did not answer JSON: {preview!r}") from None


def guarded(parse: Callable[[A], T], url: str) -> Callable[[A], T]:
    """Wrap a parser (of a body or of decoded JSON) so that only SourceErrors leave it."""

    def run(arg: A) -> T:
        try:
            return parse(arg)
        except SourceError:
            raise
        except PARSE_ERRORS as exc:
            raise SourceProtocolError(
                f"unexpected answer from {url}: {type(exc).__name__}: {str(exc)[:120]}"
            ) from None

    return run


async def parse_off_thread(body: bytes, parse: Callable[[bytes], T], url: str = "") -> T:
    safe = guarded(parse, url or "source")
    if len(body) < OFFLOAD_BYTES:
        return safe(body)
    return await asyncio.get_running_loop().run_in_executor(None, safe, body)
