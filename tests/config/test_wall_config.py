"""`[wall]` and `[[pages]]`: parsing, defaults, conversion, and errors naming key and reason."""

from __future__ import annotations

from datetime import timedelta

import pytest

from noc_wallboard.config.loader import ConfigError, parse_config
from noc_wallboard.config.wall_convert import wall_spec
from noc_wallboard.domain.severity import Severity
from noc_wallboard.domain.wall import REGIONS

FULL = """
[wall]
screen = 1
viewing_distance = "16ft"
screen_size = "85in"
clocks = ["UTC", "Europe/Moscow", { zone = "Asia/Tokyo", label = "Tokyo DC" }]
dwell = "20s"
hold = "5m"
interrupt = ["critical", "major"]
interrupt_on_breach = false
stall_after = "90s"

[[panels]]
name = "CPU"
source = "prom"
query = "up"

[[sources]]
name = "prom"
kind = "prometheus"
url = "http://127.0.0.1:9090"

[[pages]]
name = "acme office hours"
match = { client = "acme" }
hours = ["08:00-18:00"]
days = ["mon", "tue", "wed", "thu", "fri"]
timezone = "Europe/Berlin"
dwell = "45s"

[[pages]]
name = "night health"
show = ["health", "roster"]
panels = ["CPU"]
match_re = { site = "fra.*" }
hours = ["22:00-06:00"]
screens = [0, "HDMI-1"]
"""


def test_full_wall_config_converts():
    config = parse_config(FULL)
    spec = wall_spec(config.wall, config.pages, [timedelta(seconds=15)], screen=None)
    assert spec.screen == "1"
    assert spec.viewing_distance_m == pytest.approx(4.877, abs=0.001)
    assert spec.screen_diagonal_in == pytest.approx(85)
    assert [(c.label, c.zone) for c in spec.clocks] == [
        ("UTC", "UTC"),
        ("Moscow", "Europe/Moscow"),
        ("Tokyo DC", "Asia/Tokyo"),
    ]
    assert spec.hold == timedelta(minutes=5) and spec.stall_after == timedelta(seconds=90)
    assert spec.interrupt_severities == {Severity.CRITICAL, Severity.MAJOR}
    assert not spec.interrupt_on_breach
    office, night = spec.pages
    assert office.dwell == timedelta(seconds=45) and night.dwell == timedelta(seconds=20)
    assert office.schedule is not None and office.schedule.zone == "Europe/Berlin"
    assert office.schedule.windows == ((480, 1080),) and office.schedule.days == {1, 2, 3, 4, 5}
    assert office.filter.match == {"client": "acme"} and office.regions == set(REGIONS)
    assert night.schedule is not None and night.schedule.windows == ((1320, 360),)
    assert night.regions == {"health", "roster"} and night.panels == ("CPU",)
    assert night.screens == ("0", "HDMI-1")
    assert night.on_screen(0, "eDP-1") and night.on_screen(3, "hdmi-1")
    assert not night.on_screen(1, "DP-1")


def test_defaults_and_the_command_line_screen():
    config = parse_config("")
    spec = wall_spec(config.wall, config.pages, [timedelta(seconds=5)], screen="all")
    assert spec.screen == "all" and spec.pages == () and spec.clocks == ()
    assert spec.viewing_distance_m == 5.0 and spec.screen_diagonal_in is None
    assert spec.stall_after == timedelta(minutes=1)  # 3 × 5 s, but at least a minute
    slow = wall_spec(config.wall, config.pages, [timedelta(minutes=1), timedelta(minutes=5)])
    assert slow.stall_after == timedelta(minutes=3)
    assert spec.interrupt_severities == {Severity.CRITICAL} and spec.hold == timedelta(minutes=10)


def test_days_without_hours_mean_all_day_on_those_days():
    config = parse_config('[[pages]]\nname = "weekend"\ndays = ["sat", "sun"]')
    (page,) = wall_spec(config.wall, config.pages, []).pages
    assert page.schedule is not None and page.schedule.windows == ((0, 1440),)


def problems(text: str) -> str:
    with pytest.raises(ConfigError) as err:
        parse_config(text, "/etc/board.toml")
    rendered = err.value.render()
    assert rendered.startswith("/etc/board.toml: invalid configuration")
    return rendered


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[wall]\nviewing_distance = "far"', "wall.viewing_distance: expected a length"),
        ('[wall]\nviewing_distance = "80m"', "wall.viewing_distance: viewing distance must be"),
        ('[wall]\nscreen_size = "5in"', "wall.screen_size: screen size (the diagonal) must be"),
        ('[wall]\nclocks = ["Mars/Base"]', "wall.clocks[0].zone: unknown time zone 'Mars/Base'"),
        ('[wall]\ndwell = "1s"', "wall.dwell: dwell must be at least 5s"),
        ('[wall]\ninterrupt = ["urgent"]', "wall.interrupt[0]"),
        ("[wall]\nscren = 1", "wall.scren: unknown key"),
        ('[[pages]]\ndwell = "30s"', "pages[0].name: required key is missing"),
        ('[[pages]]\nname = "a"\nhours = ["25:00-26:00"]', "pages[0].hours[0]: invalid time"),
        ('[[pages]]\nname = "a"\nhours = ["08:00"]', "pages[0].hours[0]: expected a range"),
        ('[[pages]]\nname = "a"\nhours = ["08:00-08:00"]', "start and end must differ"),
        ('[[pages]]\nname = "a"\nshow = ["tiles"]', "pages[0].show[0]"),
        ('[[pages]]\nname = "a"\nshow = []', "pages[0].show"),
        ('[[pages]]\nname = "a"\ndays = ["mo"]', "pages[0].days[0]"),
        ('[[pages]]\nname = "a"\ntimezone = "Nowhere"', "pages[0].timezone: unknown time zone"),
        ('[[pages]]\nname = "a"\nmatch_re = { site = "(" }', "pages[0].match_re: site: not a"),
        ('[[pages]]\nname = "a"\npanels = ["Nope"]', "pages[0].panels: no panel named 'Nope'"),
        ('[[pages]]\nname = "a"\n[[pages]]\nname = "a"', "pages: names must be unique"),
        ('[[pages]]\nname = "a"\nfilter = { client = "x" }', "pages[0].filter: unknown key"),
    ],
)
def test_errors_name_the_key_and_the_reason(text, expected):
    assert expected in problems(text)
