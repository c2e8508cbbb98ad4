"""`noc-wallboard report handover|sla` on a ledger named by the config."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from noc_wallboard.adapters.ledger import open_ledger_engine
from noc_wallboard.adapters.ledger.database import sqlite_url
from noc_wallboard.adapters.ledger.history import SqlHistory
from noc_wallboard.cli import main
from tests.history_scenario import SLA_AT, play


@pytest.fixture
def config(tmp_path: Path) -> Path:
    ledger = tmp_path / "ledger.sqlite3"
    history = SqlHistory(open_ledger_engine(sqlite_url(ledger)), "cli")
    asyncio.run(play(history))
    history.close()
    path = tmp_path / "board.toml"
    # The scenario's roster (Anna from 08:00 UTC = 09:00 Berlin in March) and SLA
    # policies: initech on business hours in Berlin, the rest on the default targets.
    path.write_text(
        f'[ledger]\npath = "{ledger}"\n\n'
        "[sla.calendars.office]\n"
        'timezone = "Europe/Berlin"\n\n'
        "[[sla.policies]]\n"
        'name = "initech"\n'
        'calendar = "office"\n'
        'match = { client = "initech" }\n'
        'targets.critical = { response = "30m", resolution = "4h" }\n'
        'targets.major = { response = "1h", resolution = "8h" }\n\n'
        "[[roster.rotations]]\n"
        'line = "L1"\n'
        'participants = ["Anna", "Ben"]\n'
        'shift = "12h"\n'
        "handoff = 09:00:00\n"
        "start = 2026-03-01\n"
        'timezone = "Europe/Berlin"\n'
    )
    return path


def test_handover_for_a_window(config: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "handover.csv"
    code = main(
        [
            "report",
            "handover",
            "--config",
            str(config),
            "--from",
            "2026-03-10T08:00:00Z",
            "--to",
            "2026-03-10T20:00:00Z",
            "--notes",
            "all quiet",
            "-o",
            str(out),
        ]
    )
    assert code == 0, capsys.readouterr().err
    text = out.read_text()
    # Leads from the roster: Anna until 20:00, Ben from 20:00.
    assert ",Anna,Ben," in text and "all quiet" in text
    assert "2,3,3,2,3" in text  # open, new, acknowledged, resolved, breaches


def test_naive_times_are_in_the_report_zone(config: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """--from/--to without an offset are in --timezone (default: the roster's, Berlin),
    never the machine's zone."""
    out = tmp_path / "handover.csv"
    argv = ["report", "handover", "--config", str(config), "-o", str(out)]
    window = ["--from", "2026-03-10T09:00", "--to", "2026-03-10T21:00"]
    assert main([*argv, *window]) == 0, capsys.readouterr().err
    assert "2026-03-10T08:00:00Z,2026-03-10T20:00:00Z," in out.read_text()
    utc = ["--from", "2026-03-10T08:00", "--to", "2026-03-10T20:00", "--timezone", "UTC"]
    assert main([*argv, *utc]) == 0, capsys.readouterr().err
    assert "2026-03-10T08:00:00Z,2026-03-10T20:00:00Z," in out.read_text()
    assert "2,3,3,2,3" in out.read_text()


def test_the_current_shift_is_in_progress(config: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "now.html"
    argv = ["report", "handover", "--config", str(config), "--shift", "current", "-o", str(out)]
    assert main(argv) == 0
    assert "in progress" in capsys.readouterr().err
    html = out.read_text()
    assert "Shift handover (shift in progress)" in html and "(Europe/Berlin)" in html


def test_handover_for_a_roster_shift(config: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "shift.html"
    code = main(
        [
            "report",
            "handover",
            "--config",
            str(config),
            "--shift",
            "2026-03-10T12:00:00Z",
            "-o",
            str(out),
        ]
    )
    assert code == 0, capsys.readouterr().err
    html = out.read_text()
    assert "2026-03-10 09:00 → 2026-03-10 21:00 (Europe/Berlin)" in html


def test_sla_month_in_the_sla_calendars_zone(
    config: Path, tmp_path: Path, capsys, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Without --timezone the month runs in the same zone as the handover's (Berlin):
    G3 (03-31 23:50 UTC) is April there; initech's running clocks count business time
    (the config's calendar reaches the report)."""
    monkeypatch.setattr("noc_wallboard.services.engine.utc_now", lambda: SLA_AT)
    out = tmp_path / "sla.csv"
    code = main(["report", "sla", "--config", str(config), "--month", "2026-03", "-o", str(out)])
    assert code == 0, capsys.readouterr().err
    text = out.read_text()
    assert "2026-03,Europe/Berlin," in text
    assert ",G3," not in text
    i2 = "initech,am,I2,critical,I2 <b>down</b> & out,2026-03-27T15:00:00Z"
    assert f"{i2},response,1,critical,1800,61200,59400" in text
    assert f"{i2},resolution,1,critical,14400,61200,46800" in text


def test_sla_month_as_pdf(config: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "sla.pdf"
    code = main(["report", "sla", "--config", str(config), "--month", "2026-03", "-o", str(out)])
    assert code == 0, capsys.readouterr().err
    assert out.read_bytes().startswith(b"%PDF")
    assert "PDF" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["sla", "--month", "2026-13", "-o", "x.html"], "YYYY-MM"),
        (["sla", "--month", "2026-03", "-o", "x.docx"], "extension"),
        (["handover", "-o", "x.html"], "--from"),
        (["handover", "--shift", "current", "--from", "-1h", "-o", "x.html"], "not both"),
        (["handover", "--from", "-1h", "--to", "-2h", "-o", "x.html"], "after"),
        (["handover", "--from", "yesterday", "-o", "x.html"], "--from: expected"),
        (["handover", "--from", "-1h", "--to", "10 o'clock", "-o", "x.html"], "--to: expected"),
        (["handover", "--shift", "noon", "-o", "x.html"], "--shift: expected"),
        (["handover", "--from", "+1h", "--to", "+2h", "-o", "x.html"], "future"),
        (["sla", "--month", "2026-03", "--timezone", "Mars/Base", "-o", "x.html"], "--timezone"),
    ],
)
def test_bad_arguments_exit_2(config: Path, argv: list[str], message: str, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["report", *argv[:1], "--config", str(config), *argv[1:]]) == 2
    assert message in capsys.readouterr().err


def test_unreachable_ledger_exits_1(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "board.toml"
    path.write_text('[ledger]\nurl = "postgresql://nobody@127.0.0.1:1/none"\n')
    out = tmp_path / "x.html"
    assert main(["report", "sla", "--config", str(path), "--month", "2026-03", "-o", str(out)]) == 1
    assert "ledger" in capsys.readouterr().err and not out.exists()


def test_relative_times_work_after_global_options():
    from noc_wallboard.cli import parse_args

    argv = ["--config", "/tmp/x.toml", "report", "handover", "--from", "-1h", "--to", "-5m"]
    args = parse_args([*argv, "-o", "/tmp/x.pdf"])
    assert (args.command, args.start, args.end) == ("report", "-1h", "-5m")
