"""JSON decoding that turns every malformed answer into a SourceProtocolError.

Large answers are decoded in a worker thread so the Qt/asyncio thread never stalls.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any, TypeVar

from noc_wallboard.domain.errors import SourceProtocolError

T = TypeVar("T")
# Below this size decoding is faster than a thread hop.
OFFLOAD_BYTES = 256 * 1024


def decode_json(body: bytes, url: str) -> Any:
    try:
        return json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        text = body[:60].decode("utf-8", errors="replace")
        preview = " ".join(text.split()) or "(empty body)"
        raise SourceProtocolError(f"{url} did not answer JSON: {preview!r}") from None


async def parse_off_thread(body: bytes, parse: Callable[[bytes], T]) -> T:
    if len(body) < OFFLOAD_BYTES:
        return parse(body)
    return await asyncio.get_running_loop().run_in_executor(None, parse, body)
