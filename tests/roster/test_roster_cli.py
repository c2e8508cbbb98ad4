"""`noc-wallboard roster`: who is on duty at a time, as JSON (snapshot shape) or a table."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from noc_wallboard.cli import main
from noc_wallboard.services.roster_report import parse_at

ICS = Path(__file__).parent.parent / "fixtures" / "ical" / "berlin_dst.ics"
NOW = datetime(2026, 11, 27, 10, tzinfo=UTC)
SNAPSHOT_KEYS = {"line", "on_duty", "contacts", "since", "until", "next", "next_at"}


def config(tmp_path: Path, feed_path: Path = ICS) -> Path:
    cfg = tmp_path / "board.toml"
    cfg.write_text(
        "[roster]\n"
        'lines = ["L1", "L2", "L3"]\n'
        "[[roster.rotations]]\n"
        'line = "L2"\n'
        'participants = [{ name = "Rita", contact = "+49 5" }, "Sam"]\n'
        'shift = "1d"\nhandoff = 07:00:00\nstart = 2026-01-05\ntimezone = "Europe/Berlin"\n'
        "[[roster.feeds]]\n"
        f'name = "cal"\nkind = "ical"\npath = "{feed_path}"\nline = "L1"\n'
    )
    return cfg


def test_json_at_a_time_has_the_snapshot_shape(tmp_path, capsys):
    code = main(["roster", "--config", str(config(tmp_path)), "--at", "2026-03-29T08:30+02:00",
                 "--format", "json"])  # fmt: skip
    assert code == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["at"] == "2026-03-29T06:30:00Z"
    lines = {line["line"]: line for line in doc["roster"]}
    assert set(lines) == {"L1", "L2", "L3"}
    assert set(lines["L1"]) >= SNAPSHOT_KEYS
    assert lines["L1"]["on_duty"] == ["Anna Schmidt"]
    assert lines["L1"]["since"] == "2026-03-29T06:00:00Z"
    assert lines["L1"]["next"] == ["Ben Keller"]
    assert lines["L3"]["gap"] is True and lines["L3"]["on_duty"] == []
    assert doc["feeds"] == [
        {"name": "cal", "ok": True, "error": None, "last_success": doc["feeds"][0]["last_success"]}
    ]


def test_table(tmp_path, capsys):
    assert main(["roster", "--config", str(config(tmp_path)), "--at", "2026-10-26T12:00Z"]) == 0
    out = capsys.readouterr().out
    assert "LINE" in out and "NEXT AT" in out
    l1 = next(row for row in out.splitlines() if row.startswith("L1"))
    assert "NOBODY (gap)" in l1 and "Ben Keller" in l1  # the EXDATE'd day shift


def test_failed_feed_exits_1_and_says_so(tmp_path, capsys):
    feed = tmp_path / "broken.ics"
    feed.write_text("<html>not a calendar</html>")
    cfg = config(tmp_path, feed)
    assert main(["roster", "--config", str(cfg), "--at", "2026-03-29T08:30+02:00"]) == 1
    assert "feed cal FAILED" in capsys.readouterr().out


def test_bad_time_exits_2(tmp_path, capsys):
    assert main(["roster", "--config", str(config(tmp_path)), "--at", "tomorrowish"]) == 2
    assert "--at: expected" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (None, NOW),
        ("now", NOW),
        ("+8h", datetime(2026, 11, 27, 18, tzinfo=UTC)),
        ("-1d", datetime(2026, 11, 26, 10, tzinfo=UTC)),
        ("2026-12-24T19:00+01:00", datetime(2026, 12, 24, 18, tzinfo=UTC)),
        ("2026-12-24T18:00Z", datetime(2026, 12, 24, 18, tzinfo=UTC)),
    ],
)
def test_parse_at(text, expected):
    assert parse_at(text, NOW) == expected


def test_naive_time_is_local():
    assert parse_at("2026-12-24T19:00", NOW).utcoffset() is not None


def test_check_config_probes_feeds_without_showing_secret_urls(tmp_path, capsys):
    cfg = tmp_path / "board.toml"
    cfg.write_text(
        '[[sources]]\nname = "am"\nkind = "alertmanager"\nurl = "http://127.0.0.1:9"\n'
        'timeout = "1s"\n'
        f'[[roster.feeds]]\nname = "cal"\nkind = "ical"\npath = "{ICS}"\nline = "L1"\n'
        '[[roster.feeds]]\nname = "web"\nkind = "ical"\nline = "L2"\ntimeout = "1s"\n'
        'url = "http://127.0.0.1:9/private-token-123/basic.ics"\n'
    )
    assert main(["check-config", "--config", str(cfg)]) == 1
    out = capsys.readouterr().out
    cal = next(row for row in out.splitlines() if row.startswith("cal "))
    assert "ok" in cal and "shifts around now" in cal
    assert "private-token-123" not in out


def test_relative_past_time_as_the_readme_writes_it(tmp_path, capsys):
    # `--at -1d` used to be rejected by argparse ("expected one argument").
    code = main(["roster", "--config", str(config(tmp_path)), "--at", "-1d", "--format", "json"])
    assert code == 0
    assert json.loads(capsys.readouterr().out)["roster"]


@pytest.mark.parametrize("text", ["+99999999d", "9999-12-31T00:00Z", "-99999999d"])
def test_time_out_of_range_exits_2_with_a_message(tmp_path, capsys, text):
    assert main(["roster", "--config", str(config(tmp_path)), f"--at={text}"]) == 2
    err = capsys.readouterr().err
    assert "more than 100 years" in err and "Traceback" not in err
