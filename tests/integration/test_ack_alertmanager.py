"""One-click acknowledgement against a real Alertmanager 0.25: the click, the silence,
the batch, a refusal, a crash between click and send, renewal and unack."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from it_ack import am_source, board_config, live_ack_silences, silences, until
from it_cli import cli_env
from it_servers import client, make_alert, post_alerts
from it_servers import start_alertmanager as relaunch

from noc_wallboard.app import running_engine
from noc_wallboard.domain.ack import AckAction, AckState
from noc_wallboard.domain.incident import IncidentState

pytestmark = pytest.mark.integration
REPO = Path(__file__).resolve().parents[2]


def _fire(am_url: str, n: int, name: str, **extra: str) -> list[dict[str, str]]:
    start = datetime.now(UTC) - timedelta(minutes=3)
    labels = [
        {"alertname": name, "instance": f"host-{i:02d}", "severity": "critical", **extra}
        for i in range(n)
    ]
    post_alerts(
        am_url,
        [
            make_alert(lb, start, annotations={"summary": f"{name} on {lb['instance']}"})
            for lb in labels
        ],
    )
    return labels


def _resolve(am_url: str, labels: dict[str, str]) -> None:
    now = datetime.now(UTC)
    post_alerts(am_url, [make_alert(labels, now - timedelta(minutes=5), ends_at=now)])


def _board(qtbot, mode: str = "desk"):  # type: ignore[no-untyped-def]
    from noc_wallboard.ui.main_window import BoardWindow

    window = BoardWindow(mode=mode, ack_actor="alice" if mode == "desk" else None)
    qtbot.addWidget(window)
    window.resize(1600, 1000)
    window.show()
    return window


def _click_ack(qtbot, window, key) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    from noc_wallboard.ui.incident_model import COL_ACK

    row = window.model._keys.index(key)
    rect = window.table.visualRect(window.model.index(row, COL_ACK))
    assert rect.isValid() and not rect.isEmpty(), "the ack cell is not on screen"
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


async def test_click_silences_exactly_that_alert_by_its_labels(
    qtbot, start_alertmanager, tmp_path: Path
) -> None:
    from noc_wallboard.ui.ack_controller import AckController

    am = start_alertmanager()
    labels = _fire(am.url, 2, "DiskFull", client="acme")  # same name, two hosts
    config = board_config([am_source(am.url)], tmp_path / "ledger.sqlite3")
    async with running_engine(config, with_ledger=True) as engine:
        window = _board(qtbot)
        engine.store.subscribe(window.apply_state)
        AckController(window, engine.acks)
        engine.acks.start()
        state = await engine.poll_once()
        target = next(i.incident for i in state.incidents if i.incident.labels == labels[0])
        _click_ack(qtbot, window, target.key)
        # The row says so at once (pending, then sent), before the store's next poll.
        await until(
            lambda: window.model.row_vm_by_key(target.key).ack_mark.startswith("ACK"),
            what="the row's ack mark",
        )
        made = await until(lambda: live_ack_silences(am.url), what="an ACK silence")
        assert len(made) == 1
        silence = made[0]
        assert silence["createdBy"] == "alice"
        assert silence["comment"].startswith("ACK by alice")
        assert {m["name"]: m["value"] for m in silence["matchers"]} == labels[0]
        assert all(not m["isRegex"] and m["isEqual"] for m in silence["matchers"])
        state = await engine.poll_once()
        by_host = {i.incident.labels["instance"]: i.incident for i in state.incidents}
        assert by_host["host-00"].state is IncidentState.ACKNOWLEDGED
        assert by_host["host-00"].acknowledged_by == "alice"
        assert by_host["host-01"].state is IncidentState.OPEN  # the same-named alert is not
        # The one-click path asked nothing: no dialog, and the audit has who/when/where.
        audit = engine.acks._ledger.audit("am", target.id)
        assert [r.result for r in audit] == ["queued", "confirmed"]
        assert audit[0].actor == "alice" and audit[0].host
        await engine.acks.stop()


async def test_batch_of_fifty(qtbot, start_alertmanager, tmp_path: Path) -> None:
    from noc_wallboard.ui.ack_controller import AckController

    am = start_alertmanager()
    labels = _fire(am.url, 50, "LinkDown", client="globex")
    config = board_config([am_source(am.url)], tmp_path / "ledger.sqlite3")
    async with running_engine(config, with_ledger=True) as engine:
        window = _board(qtbot)
        engine.store.subscribe(window.apply_state)
        AckController(window, engine.acks)
        engine.acks.start()
        await engine.poll_once()
        window.table.selectAll()
        assert window.ack_bar is not None
        assert "(50)" in window.ack_bar.button.text()
        window.ack_bar.button.click()
        await until(lambda: len(live_ack_silences(am.url)) == 50, 30, "50 ACK silences")
        made = live_ack_silences(am.url)
        assert sorted(
            json.dumps({m["name"]: m["value"] for m in s["matchers"]}, sort_keys=True) for s in made
        ) == sorted(json.dumps(lb, sort_keys=True) for lb in labels)
        state = await engine.poll_once()
        assert all(i.incident.is_acknowledged for i in state.incidents)
        await engine.acks.stop()


async def test_ack_of_an_alert_resolved_meanwhile_is_a_clear_failure(
    qtbot, start_alertmanager, tmp_path: Path
) -> None:
    am = start_alertmanager()
    labels = _fire(am.url, 1, "Flapping")[0]
    config = board_config([am_source(am.url)], tmp_path / "ledger.sqlite3")
    async with running_engine(config, with_ledger=True) as engine:
        state = await engine.poll_once()
        incident = state.incidents[0].incident
        _resolve(am.url, labels)  # resolves between the poll the engineer saw and the click
        stored = await engine.acks.request([incident])
        final = await engine.acks.wait_settled([stored[0].id], timedelta(seconds=10))
        req = final[stored[0].id]
        assert req is not None and req.state is AckState.FAILED
        assert "resolved meanwhile" in (req.last_error or "")
        assert live_ack_silences(am.url) == []
        # The desk says it plainly, even once the row has left the table.
        await engine.acks.refresh()
        await engine.poll_once()
        assert engine.state.incidents == ()
        [shown] = [r for r in engine.state.acks if r.state is AckState.FAILED]
        assert shown.id == req.id and "resolved meanwhile" in (shown.last_error or "")


async def test_non_ascii_alert_names_are_acknowledged(start_alertmanager, tmp_path: Path) -> None:
    am = start_alertmanager()
    _fire(am.url, 1, 'Диск "заполнен"\tна 95%')
    config = board_config([am_source(am.url)], tmp_path / "ledger.sqlite3")
    async with running_engine(config, with_ledger=True) as engine:
        state = await engine.poll_once()
        [req] = await engine.acks.request([state.incidents[0].incident])
        final = await engine.acks.wait_settled([req.id], timedelta(seconds=10))
        assert final[req.id].state is AckState.CONFIRMED, final[req.id].last_error
        assert len(live_ack_silences(am.url)) == 1


async def test_resend_finds_the_silence_of_an_earlier_attempt(
    start_alertmanager, tmp_path: Path
) -> None:
    """The crash window after the POST and before the ledger's mark: a resend of the same
    request must not make a second silence."""
    am = start_alertmanager()
    _fire(am.url, 1, "Crashy")
    config = board_config([am_source(am.url)], tmp_path / "ledger.sqlite3")
    async with running_engine(config, with_ledger=True) as engine:
        state = await engine.poll_once()
        incident = state.incidents[0].incident
        [req] = await engine.acks.request([incident])
        store = engine.acks._stores["am"]
        first = await store.acknowledge(req, timedelta(hours=1))
        second = await store.acknowledge(req, timedelta(hours=1))
        assert first.store_ref == second.store_ref
        assert len(live_ack_silences(am.url)) == 1


async def test_unack_expires_the_silence_and_renewal_keeps_a_firing_ack(
    start_alertmanager, tmp_path: Path
) -> None:
    am = start_alertmanager()
    _fire(am.url, 1, "Renewed")
    # Short acks: renewed when less than 2m of the 3m is left (i.e. at once, after 1m).
    config = board_config(
        [am_source(am.url)], tmp_path / "ledger.sqlite3", duration="3m", renew_before="2m59s"
    )
    async with running_engine(config, with_ledger=True) as engine:
        state = await engine.poll_once()
        incident = state.incidents[0].incident
        [req] = await engine.acks.request([incident])
        await engine.acks.wait_settled([req.id], timedelta(seconds=10))
        [before] = live_ack_silences(am.url)
        await engine.poll_once()  # not yet due: nothing renewed
        assert live_ack_silences(am.url) == [before]
        # Ten seconds on, less than `renew_before` is left: the same silence, a later end.
        store = engine.acks._stores["am"]
        later = datetime.now(UTC) + timedelta(seconds=10)
        assert await store.renew_acks(later, config.ack.duration_for, config.ack.renew_before) == 1
        [after] = live_ack_silences(am.url)
        assert after["id"] == before["id"]
        assert after["endsAt"] > before["endsAt"]
        # The optional second step: a comment, on the same silence.
        [note] = await engine.acks.request([incident], AckAction.COMMENT, "disk swap at 14:00")
        final = await engine.acks.wait_settled([note.id], timedelta(seconds=10))
        assert final[note.id].state is AckState.CONFIRMED
        [commented] = live_ack_silences(am.url)
        assert commented["id"] == before["id"]
        assert "| alice: disk swap at 14:00 #" in commented["comment"]
        [un] = await engine.acks.request([incident], AckAction.UNACK)
        final = await engine.acks.wait_settled([un.id], timedelta(seconds=10))
        assert final[un.id].state is AckState.CONFIRMED
        assert live_ack_silences(am.url) == []
        state = await engine.poll_once()
        assert state.incidents[0].incident.state is IncidentState.OPEN


def test_kill_between_click_and_send_loses_nothing_and_sends_once(
    start_alertmanager, tmp_path: Path, home: Path
) -> None:
    """Alertmanager down; the app queues an ack and is killed (-9) while retrying; both
    come back: exactly one silence."""
    am = start_alertmanager()
    labels = _fire(am.url, 1, "Outage")[0]
    fingerprint = made_fingerprint(am.url)
    ledger = tmp_path / "ledger.sqlite3"
    workdir = am.workdir
    am.stop()
    app = subprocess.Popen(
        [
            sys.executable,
            str(REPO / "tests/integration/ack_app.py"),
            am.url,
            str(ledger),
            json.dumps(labels),
            fingerprint,
        ],
        env=cli_env(home),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = app.stdout.readline() if app.stdout else ""
        assert line.startswith("QUEUED"), (line, app.stderr.read() if app.stderr else "")
        os.kill(app.pid, signal.SIGKILL)  # while it retries against the dead Alertmanager
    finally:
        app.wait(timeout=30)
    revived = relaunch(workdir)
    try:
        _fire(revived.url, 1, "Outage")  # Prometheus re-sends it to the new process
        # The board restarts on the same ledger and sends what the dead one could not.
        config = tmp_path / "board.toml"
        config.write_text(
            f'[board]\nengineer = "alice"\ninterval = "1s"\n'
            f'[[sources]]\nname = "am"\nkind = "alertmanager"\nurl = "{revived.url}"\n'
            f'[ledger]\npath = "{ledger}"\n'
        )
        board = subprocess.run(
            [sys.executable, "-m", "noc_wallboard", "--config", str(config), "--exit-after", "6"],
            env=cli_env(home),
            capture_output=True,
            text=True,
            timeout=60,
            cwd=REPO,
        )
        assert board.returncode == 0, board.stderr[-2000:]
        made = live_ack_silences(revived.url)
        assert len(made) == 1, made
        assert {m["name"]: m["value"] for m in made[0]["matchers"]} == labels
        # A CLI ack of the same incident now is not a second send either.
        again = subprocess.run(
            [sys.executable, "-m", "noc_wallboard", "--config", str(config), "ack", fingerprint],
            env=cli_env(home),
            capture_output=True,
            text=True,
            timeout=60,
            cwd=REPO,
        )
        assert again.returncode == 0, again.stderr
        assert len(live_ack_silences(revived.url)) == 1
        assert len(silences(revived.url)) == 1
    finally:
        revived.stop()


def made_fingerprint(am_url: str) -> str:
    with client() as http:
        alerts = http.get(f"{am_url}/api/v2/alerts").json()
    return str(alerts[0]["fingerprint"])
