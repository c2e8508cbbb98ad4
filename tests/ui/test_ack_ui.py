"""The desk's ack controls: one click, batch, pending/failed rows; none on a wall."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from noc_wallboard.domain.ack import AckAction, AckRequest, AckState
from noc_wallboard.presentation import incident_row
from noc_wallboard.ui.incident_model import ACK_COLUMN, COL_ACK
from noc_wallboard.ui.main_window import BoardWindow
from tests.factories import NOW, populated_store


def _request(key, state=AckState.PENDING, action=AckAction.ACK, **kw):
    return AckRequest("r" * 32, key[0], key[1], action, "alice", "desk-7", NOW, state=state, **kw)


@pytest.fixture
def desk(qtbot):
    w = BoardWindow(mode="desk", ack_actor="alice")
    qtbot.addWidget(w)
    w.resize(1920, 1080)
    w.show()
    return w


def test_wall_mode_has_no_ack_control(qtbot):
    wall = BoardWindow(mode="wall")
    qtbot.addWidget(wall)
    wall.apply_state(populated_store().state)
    assert wall.model.columnCount() == 7
    assert ACK_COLUMN not in wall.model.columns
    assert wall.ack_bar is None
    assert wall.table.contextMenuPolicy() != Qt.ContextMenuPolicy.CustomContextMenu


def test_cli_gives_a_wall_no_ack_unless_the_config_allows(monkeypatch, tmp_path):
    from noc_wallboard import cli

    seen = {}

    def fake_run_board(open_engine, mode, exit_after, ack_actor, **_others):
        seen[mode] = ack_actor
        return 0

    monkeypatch.setattr("noc_wallboard.ui.run.run_board", fake_run_board)
    plain = tmp_path / "wall.toml"
    plain.write_text('[board]\nengineer = "eve"\n')
    touch = tmp_path / "touch.toml"
    touch.write_text('[board]\nengineer = "eve"\n[ack]\nwall = true\n')
    assert cli.main(["--config", str(plain), "--mode", "wall"]) == 0
    assert seen["wall"] is None
    assert cli.main(["--config", str(touch), "--mode", "wall"]) == 0
    assert seen["wall"] == "eve"
    assert cli.main(["--config", str(plain), "--mode", "desk"]) == 0
    assert seen["desk"] == "eve"


def test_one_click_on_an_open_row_asks_for_an_ack_without_a_dialog(desk, qtbot):
    state = populated_store().state
    desk.apply_state(state)
    open_rows = [r for r in range(desk.model.rowCount()) if desk.model.row_vm(r).can_ack]
    acked_rows = [r for r in range(desk.model.rowCount()) if desk.model.row_vm(r).acknowledged]
    assert open_rows and acked_rows
    assert desk.model.text_at(open_rows[0], COL_ACK) == "\u2713 ACK"
    assert desk.model.text_at(acked_rows[0], COL_ACK) == ""  # nothing to click
    rect = desk.table.visualRect(desk.model.index(open_rows[0], COL_ACK))
    with qtbot.waitSignal(desk.table.ackRequested) as blocker:
        qtbot.mouseClick(desk.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    keys, action, comment = blocker.args
    assert keys == [desk.model.key_at(open_rows[0])] and action == "ack" and comment == ""


def test_batch_button_counts_ackable_selected_rows(desk, qtbot):
    desk.apply_state(populated_store().state)
    assert desk.ack_bar is not None and not desk.ack_bar.button.isEnabled()
    desk.table.selectAll()
    ackable = [
        desk.model.key_at(r) for r in range(desk.model.rowCount()) if desk.model.row_vm(r).can_ack
    ]
    assert f"({len(ackable)})" in desk.ack_bar.button.text()
    with qtbot.waitSignal(desk.ack_bar.batchRequested) as blocker:
        desk.ack_bar.button.click()
    assert sorted(blocker.args[0]) == sorted(ackable)
    assert "alice" in desk.ack_bar.who.text()


def test_pending_then_failed_rows_say_so_and_offer_retry(desk, qtbot):
    store = populated_store()
    key = next(i.incident.key for i in store.state.incidents if not i.incident.is_acknowledged)
    store.apply_acks([_request(key)], [], NOW)
    desk.apply_state(store.state)
    row = desk.model._keys.index(key)
    vm = desk.model.row_vm(row)
    assert vm.state_text(NOW) == "ACK pending\u2026" and not vm.can_ack
    failed = _request(key, AckState.FAILED, last_error="am: alert resolved meanwhile")
    changes = store.apply_acks([failed], [], NOW)
    assert key in changes.updated
    desk.apply_state(store.state, changes)
    vm = desk.model.row_vm(desk.model._keys.index(key))
    assert "FAILED" in vm.state_text(NOW) and "resolved meanwhile" in vm.state_text(NOW)
    assert desk.model.text_at(desk.model._keys.index(key), COL_ACK) == "\u21bb RETRY"
    rect = desk.table.visualRect(desk.model.index(desk.model._keys.index(key), COL_ACK))
    with qtbot.waitSignal(desk.table.retryRequested) as blocker:
        qtbot.mouseClick(desk.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == ["r" * 32]


def test_retrying_row_shows_the_reason(desk):
    store = populated_store()
    item = next(i for i in store.state.incidents if not i.incident.is_acknowledged)
    req = _request(item.incident.key, attempts=3, last_error="unavailable: connection refused")
    vm = incident_row(replace(item, ack=req))
    assert vm.ack_mark.startswith("ACK pending \u00b7 retrying: unavailable")


def test_confirmed_ack_shows_sent_until_the_store_polls(desk):
    store = populated_store()
    item = next(i for i in store.state.incidents if not i.incident.is_acknowledged)
    req = _request(item.incident.key, AckState.CONFIRMED, done_at=NOW + timedelta(seconds=1))
    vm = incident_row(replace(item, ack=req))
    assert vm.ack_mark == "ACK sent by alice" and not vm.can_ack
