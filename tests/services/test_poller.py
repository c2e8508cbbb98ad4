from __future__ import annotations

import asyncio
import random
from datetime import timedelta

from noc_wallboard.services.poller import SourcePoller


def make(results):
    calls = []

    async def poll():
        calls.append(1)
        return results.pop(0) if results else True

    return poll, calls


def test_backoff_doubles_on_failures_up_to_the_cap_and_resets():
    poll, _ = make([])
    p = SourcePoller(
        "x", poll, timedelta(seconds=10), jitter=0.0, max_backoff=timedelta(seconds=60)
    )
    assert p.next_delay() == 10
    for failures, delay in [(1, 10), (2, 20), (3, 40), (4, 60), (9, 60)]:
        p.failures = failures
        assert p.next_delay() == delay
    p.failures = 0
    assert p.next_delay() == 10


def test_jitter_stays_within_bounds():
    poll, _ = make([])
    p = SourcePoller("x", poll, timedelta(seconds=10), jitter=0.1, rng=random.Random(1))
    delays = [p.next_delay() for _ in range(200)]
    assert min(delays) >= 9 and max(delays) <= 11 and len(set(delays)) > 100


async def test_poller_polls_counts_failures_and_stops_cleanly():
    poll, calls = make([False, False, True])
    p = SourcePoller(
        "x", poll, timedelta(milliseconds=1), jitter=0.0, max_backoff=timedelta(milliseconds=4)
    )
    p.start()
    for _ in range(1000):
        if len(calls) >= 4:
            break
        await asyncio.sleep(0.001)  # yields to the poller's task; bounded loop
    await p.stop()
    assert len(calls) >= 4
    assert p.failures == 0


async def test_crashing_poll_counts_as_failure_and_polling_continues():
    calls = []

    async def poll():
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("bug")
        return True

    p = SourcePoller("x", poll, timedelta(milliseconds=1), jitter=0.0)
    p.start()
    for _ in range(1000):
        if len(calls) >= 2:
            break
        await asyncio.sleep(0.001)
    await p.stop()
    assert len(calls) >= 2


def test_polls_keep_their_rhythm_whatever_a_poll_takes():
    poll, _ = make([])
    p = SourcePoller("x", poll, timedelta(seconds=15), jitter=0.0)
    assert p.wait_after(0.2) == 14.8
    assert p.wait_after(8.0) == 7.0
    assert p.wait_after(20.0) == 0.0  # a poll slower than the interval: the next at once


def test_engine_pollers_do_not_back_off_past_the_interval():
    poll, _ = make([])
    p = SourcePoller(
        "x", poll, timedelta(seconds=15), jitter=0.0, max_backoff=timedelta(seconds=15)
    )
    p.failures = 6
    assert p.next_delay() == 15  # recovery within one poll of the source coming back
