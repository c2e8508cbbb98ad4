"""Feeds end to end: a file, a URL on 127.0.0.1 with auth, failures that keep the last
good roster (stale), and feed URLs that never leak into errors."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from noc_wallboard.adapters.http import HttpClients
from noc_wallboard.adapters.roster_feeds import IcalFeed, build_roster_feed, redact_url
from noc_wallboard.config.schema import RosterFeedConfig
from noc_wallboard.domain.errors import SourceAuthError, SourceError, SourceProtocolError
from noc_wallboard.domain.roster import Participant, Rotation
from noc_wallboard.services.roster_polling import RosterEntry, RosterPolling
from noc_wallboard.services.store import BoardStore
from tests.factories import POLICY
from tests.roster.feed_server import serve

FIXTURES = Path(__file__).parent.parent / "fixtures" / "ical"
NOW = datetime(2026, 3, 29, 6, 30, tzinfo=UTC)
SECRET = "/calendar/ical/noc%40example.com/private-8f3b2c9d1e/basic.ics"


def ical(**kw) -> RosterFeedConfig:
    return RosterFeedConfig.model_validate({"name": "cal", "kind": "ical", "line": "L1", **kw})


async def test_file_feed_is_parsed_off_thread():
    feed = IcalFeed(ical(path=str(FIXTURES / "berlin_dst.ics")), None)
    batch = await feed.fetch_shifts(NOW)
    assert batch.lines == ("L1",)
    assert any(s.who[0].name == "Anna Schmidt" and s.start <= NOW < s.end for s in batch.shifts)


async def test_url_feed_with_basic_auth_over_loopback():
    body = (FIXTURES / "berlin_dst.ics").read_bytes()
    expected = "Basic " + base64.b64encode(b"noc:pw").decode()

    def route(req):
        if req.headers.get("Authorization") != expected:
            return 401, "text/plain", b"no"
        return 200, "text/calendar", body

    clients = HttpClients()
    try:
        with serve(route) as (base, seen):
            cfg = ical(
                url=base + SECRET, http={"basic_auth": {"username": "noc", "password": "pw"}}
            )
            batch = await build_roster_feed(cfg, clients).fetch_shifts(NOW)
    finally:
        await clients.aclose()
    assert seen[0].path == SECRET
    assert batch.shifts


@pytest.mark.parametrize(
    ("status", "body", "error"),
    [
        (401, b"denied", SourceAuthError),
        (200, b"<html>Sign in</html>", SourceProtocolError),
        (500, b"oops", SourceError),
    ],
)
async def test_failures_never_show_the_secret_url(status, body, error):
    clients = HttpClients()
    try:
        with serve(lambda req: (status, "text/html", body)) as (base, _):
            feed = build_roster_feed(ical(url=base + SECRET), clients)
            with pytest.raises(error) as info:
                await feed.fetch_shifts(NOW)
    finally:
        await clients.aclose()
    assert "private-8f3b2c9d1e" not in str(info.value)


async def test_unreachable_feed_does_not_leak_the_url(free_port):
    clients = HttpClients()
    try:
        feed = build_roster_feed(ical(url=f"http://127.0.0.1:{free_port}{SECRET}"), clients)
        with pytest.raises(SourceError) as info:
            await feed.fetch_shifts(NOW)
    finally:
        await clients.aclose()
    assert "private" not in str(info.value)
    assert "127.0.0.1" in str(info.value)


def test_redact_url_keeps_only_scheme_and_host():
    assert redact_url("https://calendar.google.com/calendar/ical/x/private-abc/basic.ics?t=1") == (
        "https://calendar.google.com/…"
    )


class FlakyFeed:
    kind = "ical"

    def __init__(self, batch_source: IcalFeed) -> None:
        self.name = "cal"
        self._inner = batch_source
        self.fail = False

    async def fetch_shifts(self, around):
        if self.fail:
            raise SourceError("feed gone")
        return await self._inner.fetch_shifts(around)

    async def probe(self):  # pragma: no cover - not used here
        raise NotImplementedError


async def test_failed_feed_keeps_last_good_roster_marked_stale():
    flaky = FlakyFeed(IcalFeed(ical(path=str(FIXTURES / "berlin_dst.ics")), None))
    rotation = Rotation("L2", (Participant("Rita"),), timedelta(days=1), datetime(2026, 1, 5, 8))
    store = BoardStore(
        title="t",
        sources=[("cal", "ical")],
        panels=[],
        sla=POLICY,
        rotations=[rotation],
        now=NOW,
        roster_feeds={"cal": ["L1"]},
    )
    # Before the first answer the feed's line is in doubt: shown, stale, and why.
    first = {d.line: d for d in store.state.roster}
    assert first["L1"].is_empty and first["L1"].stale
    assert not first["L2"].stale

    polling = RosterPolling(
        store, [RosterEntry(flaky, timedelta(minutes=5), timedelta(seconds=30))], lambda: NOW
    )
    await polling.poll_once()
    good = {d.line: d for d in store.state.roster}
    assert [p.name for p in good["L1"].on_duty] == ["Anna Schmidt"] and not good["L1"].stale

    flaky.fail = True
    await polling.poll_once()
    state = store.state
    kept = {d.line: d for d in state.roster}
    assert [p.name for p in kept["L1"].on_duty] == ["Anna Schmidt"]
    assert kept["L1"].stale and "feed gone" in (kept["L1"].error or "")
    assert not kept["L2"].stale  # a config rotation does not depend on the feed
    (status,) = state.sources
    assert not status.ok and status.last_success == NOW and status.failing_since == NOW
