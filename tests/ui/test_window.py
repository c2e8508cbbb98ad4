from __future__ import annotations

import struct
from datetime import timedelta

import pytest
from PySide6.QtCore import QItemSelectionModel

from noc_wallboard.domain.errors import SourceUnavailable
from noc_wallboard.domain.severity import Severity
from noc_wallboard.ports import IncidentBatch
from noc_wallboard.ui.headless import render_board_png
from noc_wallboard.ui.incident_model import COL_RESPOND
from noc_wallboard.ui.main_window import BoardWindow
from tests.factories import NOW, incident, make_store, populated_store


@pytest.fixture
def window(qtbot):
    w = BoardWindow(mode="desk")
    qtbot.addWidget(w)
    w.resize(1920, 1080)
    return w


def keys(model):
    return [model.key_at(r) for r in range(model.rowCount())]


def test_window_shows_every_region(window):
    state = populated_store().state
    window.apply_state(state)
    window.tick(NOW)
    assert window.model.rowCount() == 5
    counters = {c.severity: c for c in window.counters._counters}
    assert counters[Severity.CRITICAL].unacknowledged == 2
    assert [line.line for line in window.roster._lines] == ["L1", "L2"]
    assert window.roster._lines[1].alarm  # nobody on duty on L2
    assert [p.name for p in window.health._panels] == ["CPU busy", "Targets up"]
    assert window.sla._entries
    assert "5 open" in window.incidents_title.text()


def test_countdown_cells_tick_without_a_poll(window):
    store = populated_store()
    window.apply_state(store.state)
    row = keys(window.model).index(("am", "a2"))
    index = window.model.index(row, COL_RESPOND)
    assert window.model.data(index) == "11:00"
    window.tick(NOW + timedelta(seconds=61))
    assert window.model.data(index) == "09:59"
    window.tick(NOW + timedelta(minutes=12))
    assert window.model.data(index) == "\u221201:00"


def test_poll_that_changes_one_incident_touches_one_row(window):
    store = populated_store()
    window.apply_state(store.state)
    before = window.model.rows_touched
    current = {i.incident.id: i.incident for i in store.state.incidents}
    current["a3"] = incident("a3", Severity.WARNING, timedelta(minutes=50), title="Disk 86%")
    changes = store.apply_incidents("am", IncidentBatch(tuple(current.values())), NOW)
    window.apply_state(store.state, changes)
    assert window.model.rows_touched - before == 1


def test_selection_survives_a_poll_that_inserts_above(window, qtbot):
    store = populated_store()
    window.apply_state(store.state)
    sel = window.table.selectionModel()
    target = keys(window.model).index(("am", "a3"))
    sel.select(
        window.model.index(target, 0),
        QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
    )
    items = [i.incident for i in store.state.incidents]
    fresh = incident("zz", Severity.CRITICAL, timedelta(minutes=30), title="New breach")
    changes = store.apply_incidents("am", IncidentBatch((*items, fresh)), NOW)
    window.apply_state(store.state, changes)
    assert keys(window.model)[0] == ("am", "zz")
    selected = {window.model.key_at(i.row()) for i in sel.selectedRows()}
    assert selected == {("am", "a3")}
    assert keys(window.model) == [i.incident.key for i in store.state.incidents]


def test_rows_follow_removals_and_reorders(window):
    store = populated_store()
    window.apply_state(store.state)
    items = [i.incident for i in store.state.incidents if i.incident.id != "a1"]
    changes = store.apply_incidents("am", IncidentBatch(tuple(reversed(items))), NOW)
    window.apply_state(store.state, changes)
    assert keys(window.model) == [i.incident.key for i in store.state.incidents]
    assert ("am", "a1") not in keys(window.model)


def test_all_clear_when_nothing_is_open(window):
    store = make_store()
    store.apply_incidents("am", IncidentBatch(()), NOW)
    window.apply_state(store.state)
    assert all(c.total == 0 for c in window.counters._counters)
    assert window.counters._coverage.known
    assert window.model.rowCount() == 0


@pytest.mark.parametrize("polled", [False, True])
def test_never_all_clear_while_the_incident_source_is_blind(window, polled):
    store = make_store()
    if polled:
        store.apply_incidents("am", SourceUnavailable("refused"), NOW)
    window.apply_state(store.state)
    coverage = window.counters._coverage
    assert not coverage.known
    assert "INCIDENTS UNKNOWN" in coverage.text and "am" in coverage.text
    assert "INCOMPLETE" in window.incidents_title.text()


def test_source_down_shows_a_banner_with_reason(window):
    store = populated_store()
    store.apply_incidents("am", SourceUnavailable("cannot connect to am"), NOW)
    window.apply_state(store.state)
    window.show()
    assert window.banner.isVisible()
    assert any("cannot connect to am" in m for m in window.banner.messages())


def test_wall_mode_has_no_selection(qtbot):
    w = BoardWindow(mode="wall")
    qtbot.addWidget(w)
    assert w.table.selectionMode() == w.table.SelectionMode.NoSelection


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (3840, 2160), (1080, 1920)])
def test_rendered_png_has_exactly_the_requested_size(tmp_path, qapp, width, height):
    out = tmp_path / "board.png"
    render_board_png(populated_store().state, width, height, "wall", out)
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (width, height)
