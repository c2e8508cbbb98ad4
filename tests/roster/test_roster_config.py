"""Roster config: overrides, follow-the-sun hours, feeds; errors name the key and reason."""

from __future__ import annotations

from datetime import UTC, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from noc_wallboard.config import convert, roster_convert
from noc_wallboard.config.loader import ConfigError, parse_config
from noc_wallboard.domain.roster import DailyWindow

ICS = Path(__file__).parent.parent / "fixtures" / "ical" / "berlin_dst.ics"
ROT = '[[roster.rotations]]\nline = "L1"\nparticipants = ["a", "b"]\ntimezone = "Europe/Berlin"\n'


def problems(text: str) -> str:
    with pytest.raises(ConfigError) as err:
        parse_config(text, "/etc/board.toml")
    return err.value.render()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (ROT + 'hours = "8-16"', "roster.rotations[0].hours: expected local hours"),
        (ROT + 'hours = "25:00-16:00"', "roster.rotations[0].hours: expected local hours"),
        (ROT + 'hours = "08:00-08:00"', "start and end must differ"),
        (
            ROT
            + '[[roster.rotations.overrides]]\nstart = 2026-12-27\nend = 2026-12-24\nname = "x"',
            "roster.rotations[0].overrides[0]: end must be after start",
        ),
        (
            ROT + "[[roster.rotations.overrides]]\nstart = 2026-12-24\nend = 2026-12-27T08:00:00\n"
            'name = "x"',
            "both be dates or both be local date-times",
        ),
        (
            ROT + "[[roster.rotations.overrides]]\nstart = 2026-12-24T08:00:00Z\n"
            'end = 2026-12-27T08:00:00Z\nname = "x"',
            "without offset",
        ),
        ('[[roster.feeds]]\nname = "c"\nkind = "ical"', "roster.feeds[0]: an ical feed needs"),
        ('[[roster.feeds]]\nname = "c"\nkind = "ical"\npath = "/nope.ics"', "file not found"),
        (
            '[[roster.feeds]]\nname = "c"\nkind = "ical"\nurl = "ftp://x/y.ics"',
            "url: expected an http",
        ),
        (
            f'[[roster.feeds]]\nname = "c"\nkind = "ical"\npath = "{ICS}"\npattern = "(x"',
            "roster.feeds[0].pattern: not a valid regular expression",
        ),
        (
            f'[[roster.feeds]]\nname = "c"\nkind = "ical"\npath = "{ICS}"\npattern = "(?P<who>.+)"',
            "(?P<person>",
        ),
        (
            f'[[roster.feeds]]\nname = "c"\nkind = "ical"\npath = "{ICS}"\ninterval = "5s"',
            "roster.feeds[0].interval: interval must be at least 30s",
        ),
        ('[[roster.feeds]]\nname = "pd"\nkind = "pagerduty"', "needs exactly one of token"),
        (
            '[[roster.feeds]]\nname = "pd"\nkind = "pagerduty"\ntoken = "t"\nlevels = {x = "L1"}',
            "roster.feeds[0].levels",
        ),
        (
            f'[[roster.feeds]]\nname = "c"\nkind = "ical"\npath = "{ICS}"\n'
            f'[[roster.feeds]]\nname = "c"\nkind = "ical"\npath = "{ICS}"',
            "names must be unique; repeated: c",
        ),
        (
            '[[sources]]\nname = "c"\nkind = "prometheus"\nurl = "http://127.0.0.1:9090"\n'
            f'[[roster.feeds]]\nname = "c"\nkind = "ical"\npath = "{ICS}"',
            "roster.feeds: names already used by sources: c",
        ),
    ],
)
def test_bad_roster_config_names_key_and_reason(text, expected):
    rendered = problems(text)
    assert rendered.startswith("/etc/board.toml: invalid configuration")
    assert expected in rendered


def test_overrides_and_hours_convert_in_the_rotation_zone():
    config = parse_config(
        ROT
        + 'handoff = 07:00:00\nhours = "07:00-19:00"\n'
        + "[[roster.rotations.overrides]]\nstart = 2026-12-24\nend = 2026-12-27\n"
        + 'name = "Cleo"\ncontact = "+49 3"\n'
        + "[[roster.rotations.overrides]]\nstart = 2026-12-31T12:00:00\n"
        + 'end = 2027-01-01T12:00:00\nname = "Dan"\n'
    )
    (rotation,) = convert.rotations(config)
    berlin = ZoneInfo("Europe/Berlin")
    assert rotation.window == DailyWindow(time(7), time(19))
    first, second = rotation.overrides
    assert first.start == datetime(2026, 12, 24, 7, tzinfo=berlin)  # a date: at the hand-off
    assert first.who.contact == "+49 3"
    assert second.end.astimezone(UTC) == datetime(2027, 1, 1, 11, tzinfo=UTC)


def test_feed_lines_come_from_the_mapping():
    config = parse_config(
        f'[[roster.feeds]]\nname = "c"\nkind = "ical"\npath = "{ICS}"\nline = "L1"\n'
        'categories = { database = "DB", network = "L1" }\n'
        '[[roster.feeds]]\nname = "pd"\nkind = "pagerduty"\ntoken = "t"\n'
        'levels = { 1 = "NOC", 2 = "SRE" }\n'
    )
    ical, pd = config.roster.feeds
    assert roster_convert.feed_lines(ical) == ["L1", "DB"]
    assert roster_convert.feed_lines(pd) == ["NOC", "SRE"]
    assert pd.levels == {1: "NOC", 2: "SRE"}


def test_webcal_links_are_accepted():
    config = parse_config(
        '[[roster.feeds]]\nname = "c"\nkind = "ical"\nline = "L1"\n'
        'url = "webcal://calendar.example/private-x/basic.ics"\n'
    )
    assert config.roster.feeds[0].url.startswith("webcal://")
