"""One owned asyncio task per source: interval, jitter, exponential backoff, clean stop."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Awaitable, Callable
from datetime import timedelta

log = logging.getLogger(__name__)

# A poll returns True when the source answered; False (source failed) backs off.
PollFn = Callable[[], Awaitable[bool]]


class SourcePoller:
    """Polls one source forever until `stop()`.

    Each source has its own task, so a slow or hung source never delays the others.
    Failures back off exponentially up to `max_backoff`, then recover at the
    normal interval on the first success.
    """

    def __init__(
        self,
        name: str,
        poll: PollFn,
        interval: timedelta,
        *,
        jitter: float = 0.1,
        max_backoff: timedelta = timedelta(minutes=2),
        rng: random.Random | None = None,
    ) -> None:
        self.name = name
        self._poll = poll
        self._interval = interval.total_seconds()
        self._jitter = jitter
        self._max_backoff = max(max_backoff.total_seconds(), self._interval)
        self._rng = rng or random.Random()
        self._task: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()
        self.failures = 0

    def next_delay(self) -> float:
        base = self._interval
        if self.failures:
            base = min(self._interval * (2 ** min(self.failures - 1, 10)), self._max_backoff)
        return base * (1 + self._rng.uniform(-self._jitter, self._jitter))

    def wait_after(self, poll_seconds: float) -> float:
        """How long to wait after a poll that took `poll_seconds` to finish."""
        return max(self.next_delay() - poll_seconds, 0.0)

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name=f"poll:{self.name}")

    def poll_now(self) -> None:
        """Skip the rest of the current wait (user asked for a refresh)."""
        self._wake.set()

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            started = loop.time()
            try:
                ok = await self._poll()
            except asyncio.CancelledError:
                raise
            except Exception:  # a bug in one poll must not end the board's polling
                log.exception("poll of %s crashed", self.name)
                ok = False
            self.failures = 0 if ok else self.failures + 1
            self._wake.clear()
            # Polls start on a fixed rhythm: the time a slow answer took comes off the wait,
            # so a source answering in 8 s on a 15 s interval is still asked every 15 s.
            delay = self.wait_after(loop.time() - started)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=delay)
