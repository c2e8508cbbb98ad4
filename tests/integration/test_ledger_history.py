"""The history on a real PostgreSQL (Debian's, started by the fixture) and on SQLite:
two boards recording one real Alertmanager write one history; the scripted month gives
the same report figures on PostgreSQL; `noc-wallboard record` keeps the history alone."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from it_alerta import Postgres, start_postgres
from it_cli import REPO, alertmanager_source, cli_env, write_config
from it_servers import ServerProcess, create_silence, make_alert, post_alerts, wait_until
from sqlalchemy import create_engine, func, select, text

from noc_wallboard.adapters.http import HttpClients
from noc_wallboard.adapters.ledger import open_ledger_engine
from noc_wallboard.adapters.ledger.database import current_revision, head_revision, sqlite_url
from noc_wallboard.adapters.ledger.history import SqlHistory
from noc_wallboard.adapters.ledger.tables import incident_events, incidents, response_cycles
from noc_wallboard.app import build_engine
from noc_wallboard.app_history import build_recorder
from noc_wallboard.config.schema import BoardConfig
from noc_wallboard.domain.history import EventKind
from noc_wallboard.services.reports import load_handover, load_sla
from tests.history_expected import (
    ALL,
    EVENTS,
    assert_handover,
    assert_handover_in_progress,
    assert_history,
    assert_sla,
    assert_sla_berlin,
)
from tests.history_scenario import (
    CALENDARS,
    SHIFT,
    SLA_AT,
    STEPS,
    play,
    play_two_boards,
    play_two_boards_at_once,
    t,
)

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def postgres(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Postgres]:
    pg = start_postgres(tmp_path_factory.mktemp("ledger-pg"))
    yield pg
    pg.stop()


_made = 0


def fresh_database(pg: Postgres) -> str:
    """A new, empty database on the cluster; its SQLAlchemy URL."""
    global _made
    _made += 1
    name = f"ledger_{os.getpid()}_{_made}"
    admin = create_engine(
        f"postgresql+psycopg://postgres@127.0.0.1:{pg.port}/postgres", isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return f"postgresql://postgres@127.0.0.1:{pg.port}/{name}"


@pytest.fixture(params=["sqlite", "postgresql"])
def ledger_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return sqlite_url(tmp_path / "ledger.sqlite3")
    return fresh_database(request.getfixturevalue("postgres"))


def history(url: str, writer: str) -> SqlHistory:
    return SqlHistory(open_ledger_engine(url), writer)


def count(ledger: SqlHistory, table) -> int:  # type: ignore[no-untyped-def]
    with ledger._engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


# ------------------------------------------------------------------ the scripted month


def test_migrations_and_the_scripted_month_on_postgresql(postgres: Postgres) -> None:
    url = fresh_database(postgres)
    ledger = history(url, "board-a:1")
    try:
        head = head_revision()
        assert head is not None and current_revision(ledger._engine) == head
        asyncio.run(play(ledger))
        assert_history(ledger.load(t(2, 1, 0), t(4, 2, 0)))
        assert_handover(
            load_handover(
                ledger,
                *SHIFT,
                generated_at=SLA_AT,
                risk_horizon=timedelta(hours=2),
                lines=["L1"],
                shifts=_shifts(),
                outgoing="Anna",
                incoming="Ben",
                calendars=CALENDARS,
            )
        )
        assert_sla(load_sla(ledger, 2026, 3, at=SLA_AT, calendars=CALENDARS))
        berlin = load_sla(ledger, 2026, 3, at=SLA_AT, timezone="Europe/Berlin", calendars=CALENDARS)
        assert_sla_berlin(berlin)
    finally:
        ledger.close()


def test_a_shift_in_progress_on_postgresql(postgres: Postgres) -> None:
    now = t(3, 10, 14, 30)
    ledger = history(fresh_database(postgres), "board-a:1")
    try:
        asyncio.run(play(ledger, tuple(s for s in STEPS if s.at <= now)))
        report = load_handover(
            ledger,
            *SHIFT,
            generated_at=now,
            risk_horizon=timedelta(hours=2),
            lines=["L1"],
            shifts=_shifts(),
            calendars=CALENDARS,
        )
        assert_handover_in_progress(report)
    finally:
        ledger.close()


def test_migration_0004_fills_cycles_and_event_occurrences(postgres: Postgres) -> None:
    """A ledger written at revision 0003 (before response cycles and event occurrences)
    upgrades with its rows filled in: one cycle per occurrence, each event attached to
    the occurrence opened last before it."""
    from alembic import command

    from noc_wallboard.adapters.ledger.database import _alembic_config

    url = fresh_database(postgres).replace("postgresql://", "postgresql+psycopg://")
    engine = create_engine(url)
    config = _alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0003")
    with engine.begin() as conn:
        for opened, resolved in ((t(3, 1, 9), t(3, 1, 10)), (t(3, 2, 9), None)):
            conn.execute(
                text(
                    "INSERT INTO incidents (source, incident_id, opened_at, title, labels, "
                    "severity, first_severity, acked, first_ack_at, first_ack_by, resolved_at, "
                    "response_target_s, response_actual_s, response_due_at, response_state, "
                    "response_running, response_stopped_at, updated_at, updated_by) VALUES "
                    "('am', 'X', :o, '', '{}', 'critical', 'critical', true, :a, 'al', :r, "
                    "900, 300, :d, 'met', false, :a, :o, 'old')"
                ),
                {
                    "o": opened,
                    "a": opened + timedelta(minutes=5),
                    "r": resolved,
                    "d": opened + timedelta(minutes=15),
                },
            )
            conn.execute(
                text(
                    "INSERT INTO incident_events (source, incident_id, event, at, detail, "
                    "recorded_at, recorded_by) VALUES ('am', 'X', 'opened', :o, '', :o, 'old')"
                ),
                {"o": opened},
            )
    engine.dispose()
    ledger = history(url, "new")
    try:
        loaded = ledger.load(t(3, 1, 0), t(3, 3, 0))
        assert [(r.opened_at, [c.ack_at for c in r.cycles]) for r in loaded.incidents] == [
            (t(3, 1, 9), [t(3, 1, 9, 5)]),
            (t(3, 2, 9), [t(3, 2, 9, 5)]),
        ]
        assert [(e.opened_at, e.at) for e in loaded.events] == [
            (t(3, 1, 9), t(3, 1, 9)),
            (t(3, 2, 9), t(3, 2, 9)),
        ]
    finally:
        ledger.close()


def test_two_boards_play_the_month_on_postgresql(postgres: Postgres) -> None:
    url = fresh_database(postgres)
    a, b = history(url, "board-a:1"), history(url, "board-b:2")
    try:
        asyncio.run(play_two_boards(a, b))
        assert count(a, incidents) == len(ALL)
        assert count(a, incident_events) == EVENTS
        assert count(a, response_cycles) == len(ALL) + 2
        assert_sla(load_sla(a, 2026, 3, at=SLA_AT, calendars=CALENDARS))
    finally:
        a.close()
        b.close()


def test_two_boards_writing_at_the_same_moment_on_postgresql(postgres: Postgres) -> None:
    """Both boards' writer threads write each step at once: PostgreSQL's row locks and
    ON CONFLICT make it one history."""
    url = fresh_database(postgres)
    a, b = history(url, "board-a:1"), history(url, "board-b:2")
    try:
        asyncio.run(play_two_boards_at_once(a, b))
        assert count(a, incidents) == len(ALL)
        assert count(a, incident_events) == EVENTS
        assert count(a, response_cycles) == len(ALL) + 2
        assert_history(
            a.load(t(2, 1, 0), t(4, 2, 0)),
            outages=[
                ("am", t(3, 10, 13), t(3, 10, 13, 30)),
                ("am", t(3, 10, 13), t(3, 10, 13, 30)),
            ],
        )
        assert_sla(load_sla(a, 2026, 3, at=SLA_AT, calendars=CALENDARS))
    finally:
        a.close()
        b.close()


def _shifts():  # type: ignore[no-untyped-def]
    from noc_wallboard.domain.roster_timeline import rotation_shifts
    from tests.history_scenario import ROTATION

    return rotation_shifts(ROTATION, t(3, 1, 0), t(4, 1, 0))


# ------------------------------------------------------------------ a real Alertmanager


def board_config(am: ServerProcess, url: str) -> BoardConfig:
    return BoardConfig.model_validate(
        {
            "board": {"interval": "1s"},
            "sources": [{"name": "am", "kind": "alertmanager", "url": am.url, "timeout": "5s"}],
            "ledger": {"url": url},
        }
    )


async def _two_boards_record(am: ServerProcess, url: str) -> None:
    config = board_config(am, url)
    now = datetime.now(UTC)
    disk = {"alertname": "DiskFull", "severity": "warning", "client": "acme", "test": "hist"}
    down = {"alertname": "HostDown", "severity": "critical", "client": "acme", "test": "hist"}
    post_alerts(am.url, [make_alert(disk, now), make_alert(down, now)])
    boards = []
    for writer in ("board-a:1", "board-b:2"):
        clients = HttpClients()
        engine = build_engine(config, clients)
        ledger = await asyncio.to_thread(history, url, writer)
        recorder = build_recorder(config, ledger)
        await recorder.start(engine.store)
        engine.start()
        boards.append((clients, engine, ledger, recorder))
    probe = boards[0][2]

    async def until(what: str, check) -> None:  # type: ignore[no-untyped-def]
        for _ in range(200):
            if await asyncio.to_thread(check):
                return
            await asyncio.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what}")

    def kinds() -> list[tuple[str, EventKind, str | None]]:
        loaded = probe.load(now - timedelta(hours=1), now + timedelta(hours=1))
        names = {(r.source, r.incident_id): r.title for r in loaded.incidents}
        return [(names[(e.source, e.incident_id)], e.kind, e.actor) for e in loaded.events]

    try:
        await until("both alerts opened", lambda: len(kinds()) >= 2)
        await asyncio.to_thread(
            create_silence, am.url, down, created_by="alice", comment="ACK by alice: on it"
        )
        await until("the ack", lambda: ("HostDown", EventKind.ACKNOWLEDGED, "alice") in kinds())
        post_alerts(
            am.url, [make_alert(disk, now, ends_at=datetime.now(UTC) - timedelta(seconds=1))]
        )
        await until("the resolution", lambda: ("DiskFull", EventKind.RESOLVED, None) in kinds())
        await asyncio.sleep(2.5)  # both boards poll a few more times: nothing new may appear
    finally:
        for clients, engine, ledger, recorder in boards:
            await engine.stop()
            await recorder.stop()
            await clients.aclose()
            ledger.close()
    ledger = history(url, "check")
    try:
        events = sorted(
            (title, kind.value, actor or "") for title, kind, actor in _kinds(ledger, now)
        )
        assert events == [
            ("DiskFull", "opened", ""),
            ("DiskFull", "resolved", ""),
            ("HostDown", "acknowledged", "alice"),
            ("HostDown", "opened", ""),
        ]
        assert count(ledger, incidents) == 2
        rows = ledger.load(now - timedelta(hours=1), now + timedelta(hours=1)).incidents
        host_down = next(r for r in rows if r.title == "HostDown")
        assert (host_down.acked, host_down.first_ack_by, host_down.client) == (
            True,
            "alice",
            "acme",
        )
        assert host_down.response is not None and host_down.response.state.value == "met"
    finally:
        ledger.close()


def _kinds(ledger: SqlHistory, now: datetime) -> list[tuple[str, EventKind, str | None]]:
    loaded = ledger.load(now - timedelta(hours=1), now + timedelta(hours=1))
    names = {(r.source, r.incident_id): r.title for r in loaded.incidents}
    return [(names[(e.source, e.incident_id)], e.kind, e.actor) for e in loaded.events]


def test_two_boards_recording_one_alertmanager_write_one_history(
    start_alertmanager, ledger_url: str
) -> None:  # type: ignore[no-untyped-def]
    asyncio.run(_two_boards_record(start_alertmanager(), ledger_url))


def test_record_command_keeps_the_history(start_alertmanager, home: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    am = start_alertmanager()
    ledger_file = tmp_path / "ledger.sqlite3"
    config = write_config(
        tmp_path / "board.toml",
        sources=[{**alertmanager_source("am", am.url), "interval": "1s"}],
        extra=f'[ledger]\npath = "{ledger_file}"\n',
    )
    now = datetime.now(UTC)
    post_alerts(
        am.url, [make_alert({"alertname": "Recorded", "severity": "major", "test": "rec"}, now)]
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "noc_wallboard", "record", "--config", str(config)],
        cwd=REPO,
        env=cli_env(home),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:

        def recorded() -> bool:
            if proc.poll() is not None:
                raise AssertionError(f"record exited: {proc.communicate()}")
            if not ledger_file.exists():
                return False
            ledger = history(sqlite_url(ledger_file), "probe")
            try:
                return count(ledger, incident_events) >= 1
            finally:
                ledger.close()

        wait_until(recorded, timeout=30, what="the record command to write the alert")
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)  # by its pid: a service manager's stop
        started = time.monotonic()
        _out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err[-2000:]
    assert time.monotonic() - started < 20
    assert "recording 1 incident source(s)" in err and "Traceback" not in err
