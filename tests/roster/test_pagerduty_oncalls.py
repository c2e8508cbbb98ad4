"""PagerDuty GET /oncalls on recorded payloads: levels → lines, earliest=true → next."""

# ruff: noqa: E501 - the case tables read best one case per line
from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from noc_wallboard.adapters.http import HttpClients
from noc_wallboard.adapters.pagerduty_oncall import build_oncalls_params, parse_oncalls
from noc_wallboard.adapters.roster_feeds import PagerDutyOncalls
from noc_wallboard.config.schema import RosterFeedConfig
from noc_wallboard.domain.errors import SourceAuthError, SourceProtocolError, SourceRejected
from noc_wallboard.domain.roster_timeline import resolve_roster
from tests.roster.feed_server import serve

FIXTURES = Path(__file__).parent.parent / "fixtures" / "pagerduty"
NOW = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
LEVELS = {1: "L1", 2: "L2", 3: "L3"}
WINDOW = (NOW - timedelta(days=35), NOW + timedelta(days=35))


def page(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text())


def all_shifts():
    shifts = []
    for name in ("oncalls_page1.json", "oncalls_page2.json"):
        found, _ = parse_oncalls(page(name), levels=LEVELS, window=WINDOW, source="pd")
        shifts += found
    return shifts


@pytest.mark.parametrize(
    ("line", "who", "contact", "until", "nxt", "next_at"),
    [
        ("L1", "Earline Greenholt", "earline@acme.example", datetime(2026, 11, 27, 20, tzinfo=UTC), "Kiana Ruecker", datetime(2026, 11, 27, 20, tzinfo=UTC)),
        ("L2", "Marco Bianchi", "marco@acme.example", datetime(2026, 12, 1, 9, tzinfo=UTC), "Sven Lindqvist", datetime(2026, 12, 1, 9, tzinfo=UTC)),
        # Named directly in the escalation policy: start/end null, always on call.
        ("L3", "Diana Prince", None, None, None, None),
    ],
)  # fmt: skip
def test_recorded_pages_resolve_per_level(line, who, contact, until, nxt, next_at):
    duty = next(d for d in resolve_roster(["L1", "L2", "L3"], all_shifts(), NOW) if d.line == line)
    assert [p.name for p in duty.on_duty] == [who]
    assert duty.on_duty[0].contact == contact
    assert duty.until == until
    assert [p.name for p in duty.next] == ([nxt] if nxt else [])
    assert duty.next_at == next_at


def test_unmapped_level_gets_a_default_line_name():
    _, more = parse_oncalls(page("oncalls_page1.json"), levels={}, window=WINDOW, source="pd")
    shifts, _ = parse_oncalls(page("oncalls_page1.json"), levels={}, window=WINDOW, source="pd")
    assert more is True
    assert {s.line for s in shifts} == {"L1", "L2"}


def test_request_parameters():
    params = build_oncalls_params(
        NOW, NOW + timedelta(days=7), escalation_policy_ids=["PT20YPA"], offset=100
    )
    assert ("earliest", "true") in params
    assert ("include[]", "users") in params
    assert ("since", "2026-11-27T10:00:00Z") in params
    assert ("escalation_policy_ids[]", "PT20YPA") in params
    assert ("offset", "100") in params and ("time_zone", "UTC") in params


@pytest.mark.parametrize(
    "doc",
    [
        [],
        {"oncalls": None},
        {"oncalls": ["x"]},
        {"oncalls": [{"escalation_level": "1", "user": {"summary": "A"}}]},
        {"oncalls": [{"escalation_level": 1, "user": None, "start": None, "end": None}]},
        {"oncalls": [{"escalation_level": 1, "user": {"summary": "A"}, "start": "yesterday"}]},
    ],
)
def test_hostile_shapes_are_protocol_errors(doc):
    with pytest.raises(SourceProtocolError):
        parse_oncalls(doc, levels=LEVELS, window=WINDOW, source="pd")


def feed(url: str, **kw) -> RosterFeedConfig:
    return RosterFeedConfig.model_validate(
        {"name": "pd", "kind": "pagerduty", "url": url, "token": "s3cr3t", "levels": LEVELS, **kw}
    )


async def test_pages_are_followed_with_token_auth_over_loopback():
    def route(req):
        query = parse_qs(urlsplit(req.path).query)
        assert req.headers["Authorization"] == "Token token=s3cr3t"
        assert "version=2" in req.headers["Accept"]
        name = "oncalls_page2.json" if query["offset"] == ["100"] else "oncalls_page1.json"
        return 200, "application/json", (FIXTURES / name).read_bytes()

    clients = HttpClients()
    try:
        with serve(route) as (base, seen):
            batch = await PagerDutyOncalls(
                feed(base), clients.client_for(feed(base).http)
            ).fetch_shifts(NOW)
    finally:
        await clients.aclose()
    assert len(seen) == 2
    assert {urlsplit(r.path).path for r in seen} == {"/oncalls"}
    assert len(batch.shifts) == 5
    assert batch.lines == ("L1", "L2", "L3")


@pytest.mark.parametrize(
    ("status", "fixture", "error", "text"),
    [
        (400, "error_400.json", SourceRejected, "Since must be before until"),
        (401, "error_401.json", SourceAuthError, "credentials refused"),
    ],
)
async def test_refusals_name_the_reason(status, fixture, error, text):
    def route(req):
        return status, "application/json", (FIXTURES / fixture).read_bytes()

    clients = HttpClients()
    try:
        with serve(route) as (base, _):
            source = PagerDutyOncalls(feed(base), clients.client_for(feed(base).http))
            with pytest.raises(error, match=text):
                await source.fetch_shifts(NOW)
    finally:
        await clients.aclose()
