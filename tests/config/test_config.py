from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from noc_wallboard.config import convert
from noc_wallboard.config.loader import ConfigError, load_config, parse_config
from noc_wallboard.domain.severity import Severity

EXAMPLE = Path(__file__).parents[2] / "resources" / "config.example.toml"


def test_example_config_is_valid_and_converts():
    config, path = load_config(EXAMPLE)
    assert path == EXAMPLE
    assert [s.kind for s in config.sources] == ["prometheus", "alertmanager"]
    policies = convert.sla_policy(config).policies
    assert [p.name for p in policies] == ["acme-gold", "default"]
    assert policies[-1].targets[Severity.CRITICAL].response == timedelta(minutes=15)
    assert policies[0].calendar.name == "office-berlin"
    assert convert.severity_map(config.sources[1]).resolve("P2") is Severity.MAJOR
    assert len(convert.rotations(config)) == 2
    specs = convert.panel_specs(config)
    assert specs[1].no_data.value == "critical" and specs[1].group_by == "client"
    assert [s.kind.value for s in specs[2:]] == ["targets", "alerts"]


def problems(text: str) -> str:
    with pytest.raises(ConfigError) as err:
        parse_config(text, "/etc/board.toml")
    rendered = err.value.render()
    assert rendered.startswith("/etc/board.toml: invalid configuration")
    return rendered


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[board]\ntitel = "x"', "board.titel: unknown key"),
        ('[board]\ninterval = "15 minutes"', "board.interval: invalid duration"),
        ('[[sources]]\nname = "p"\nkind = "prom"\nurl = "http://x"', "sources[0].kind"),
        (
            '[[sources]]\nname = "p"\nkind = "prometheus"\nurl = "localhost:9090"',
            "sources[0].url: expected an http:// or https:// URL",
        ),
        ('[[sources]]\nkind = "prometheus"\nurl = "http://x"', "sources[0].name: required key"),
        ('[[panels]]\nname = "x"\nsource = "nope"\nquery = "up"', "no source named 'nope'"),
        ('[sla.targets.critical]\nresponse = "15m"', "sla.targets.critical.resolution: required"),
        ('[sla.targets.urgent]\nresponse = "15m"\nresolution = "1h"', "sla.targets.urgent"),
        (
            '[[roster.rotations]]\nline = "L1"\nparticipants = ["a"]\ntimezone = "Mars/Base"',
            "roster.rotations[0].timezone: unknown time zone",
        ),
        (
            '[[roster.rotations]]\nline = "L1"\nparticipants = []',
            "roster.rotations[0].participants",
        ),
        ("board = [", "not valid TOML"),
        (
            '[[sources]]\nname = "a"\nkind = "prometheus"\nurl = "http://x"\n'
            '[[sources]]\nname = "a"\nkind = "alertmanager"\nurl = "http://y"',
            "repeated: a",
        ),
        (
            '[[sources]]\nname = "a"\nkind = "prometheus"\nurl = "http://x"\n'
            '[sources.http]\nbearer_token = "t"\n[sources.http.basic_auth]\nusername = "u"',
            "use one of basic_auth, authorization or a bearer token",
        ),
    ],
)
def test_errors_name_the_key_and_the_reason(text, expected):
    assert expected in problems(text)


def test_env_vars_expand_and_missing_ones_are_named(monkeypatch):
    monkeypatch.setenv("PROM_URL", "http://127.0.0.1:9999")
    cfg = parse_config('[[sources]]\nname = "p"\nkind = "prometheus"\nurl = "${PROM_URL}"')
    assert cfg.sources[0].url == "http://127.0.0.1:9999"
    monkeypatch.delenv("PROM_URL")
    assert "sources[0].url: environment variable PROM_URL is not set" in problems(
        '[[sources]]\nname = "p"\nkind = "prometheus"\nurl = "${PROM_URL}"'
    )


def test_explicit_missing_file_is_an_error_but_missing_default_is_an_empty_board(
    tmp_path, monkeypatch
):
    with pytest.raises(ConfigError, match="file not found"):
        load_config(tmp_path / "nope.toml")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    config, path = load_config(None)
    assert config.sources == [] and path.name == "config.toml"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[board]\ninterval = "0s"', "board.interval: must be a positive duration"),
        ('[board]\ninterval = "500ms"', "board.interval: interval must be at least 1s"),
        ("[board]\ninterval = 1e300", "board.interval: invalid duration"),
        ('[[roster.rotations]]\nline = "L"\nparticipants = ["a"]\nshift = "8000y"', "at most"),
        (
            '[[sources]]\nname = "a"\nkind = "prometheus"\nurl = "http://x"\n'
            '[sources.http.tls_config]\nca_file = "/nonexistent/ca.pem"',
            "file not found",
        ),
        (
            '[[sources]]\nname = "a"\nkind = "prometheus"\nurl = "http://x"\n'
            '[sources.http]\nproxy_url = "proxy:3128"',
            "proxy URL",
        ),
        (
            '[[sources]]\nname = "a"\nkind = "prometheus"\nurl = "http://x"\n'
            '[[panels]]\nname = "CPU"\nsource = "a"\nquery = "up"\n'
            '[[panels]]\nname = "CPU"\nsource = "a"\nquery = "up"',
            "panel names must be unique",
        ),
    ],
)
def test_absurd_values_are_config_errors(text, expected):
    assert expected in problems(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[sla]\ncalendar = "office"', "no calendar named 'office'"),
        ('[sla.calendars.x]\ntimezone = "UTC"\nhours = ["17:00-09:00"]', "end must be after"),
        ('[sla.calendars.x]\ntimezone = "UTC"\nhours = ["9-17"]', "expected a range"),
        (
            '[sla.calendars.x]\ntimezone = "UTC"\nhours = ["09:00-13:00", "12:00-17:00"]',
            "must not overlap",
        ),
        ('[sla.calendars.x]\ntimezone = "UTC"\ndays = ["monday"]', "sla.calendars.x.days[0]"),
        (
            '[[sla.policies]]\nname = "p"\nmatch_re = { a = "(" }\n'
            '[sla.policies.targets.critical]\nresponse = "5m"\nresolution = "1h"',
            "invalid regular expression",
        ),
        (
            '[[sla.policies]]\nname = "p"\ncalendar = "nope"\n'
            '[sla.policies.targets.critical]\nresponse = "5m"\nresolution = "1h"',
            "sla.policies[0].calendar",
        ),
        ('[[sla.policies]]\nname = "p"', "sla.policies[0].targets: required key"),
    ],
)
def test_sla_config_errors(text, expected):
    assert expected in problems(text)


def test_policy_with_business_calendar_converts():
    cfg = parse_config(
        '[sla.calendars.office]\ntimezone = "Europe/Berlin"\n'
        'hours = ["09:00-12:00", "13:00-24:00"]\n'
        "holidays = [2026-12-25]\n"
        '[[sla.policies]]\nname = "gold"\nmatch = { client = "acme" }\ncalendar = "office"\n'
        "at_risk = 0.5\n"
        '[sla.policies.targets.critical]\nresponse = "5m"\nresolution = "1h"\n'
    )
    gold, default = convert.sla_policy(cfg).policies
    assert gold.at_risk_share == 0.5 and default.at_risk_share == 0.75
    assert gold.calendar.name == "office" and default.calendar.is_24x7
    assert gold.selects({"client": "acme"}) and not gold.selects({"client": "x"})


def test_ack_section_checks_renewal_against_durations(tmp_path):
    from noc_wallboard.config.loader import ConfigError, load_config

    path = tmp_path / "c.toml"
    path.write_text('[ack]\nduration = "10m"\nrenew_before = "15m"\n')
    with pytest.raises(ConfigError) as info:
        load_config(path)
    text = info.value.render()
    assert str(path) in text and "ack" in text and "renew_before" in text
    path.write_text('[ack]\ndurations = { critical = "30m", info = "4h" }\n')
    config, _ = load_config(path)
    assert config.ack.duration_for("critical").total_seconds() == 1800
    assert config.ack.duration_for("major").total_seconds() == 3600


def test_ledger_section_rejects_url_and_path_together(tmp_path):
    from noc_wallboard.config.loader import ConfigError, load_config

    path = tmp_path / "c.toml"
    path.write_text('[ledger]\nurl = "postgresql://noc@db/noc"\npath = "/tmp/x.db"\n')
    with pytest.raises(ConfigError, match="ledger"):
        load_config(path)
    path.write_text('[ledger]\nurl = "mysql://x"\n')
    with pytest.raises(ConfigError, match="postgresql"):
        load_config(path)
