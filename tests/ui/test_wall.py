"""The wall on a fake clock: pages switching regions, interrupts, header clocks and
heartbeat, "+N more" instead of a cut row, every source chip in portrait, screens."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from PySide6.QtCore import QEvent, Qt

from noc_wallboard.domain.severity import Severity
from noc_wallboard.domain.wall import ClockZone, LabelFilter, PageSpec, WallSpec
from noc_wallboard.ports import IncidentBatch
from noc_wallboard.presentation import source_chip
from noc_wallboard.presentation.wall import overflow_texts
from noc_wallboard.services.store import BoardStore
from noc_wallboard.ui.board_screen import BoardScreen
from noc_wallboard.ui.main_window import BoardWindow
from noc_wallboard.ui.wall import WallScreens, _Unattended
from tests.factories import CPU, NOW, POLICY, UP, incident, make_store, populated_store

S = timedelta(seconds=1)


@pytest.fixture
def wall_window(qtbot):
    w = BoardWindow(mode="wall")
    qtbot.addWidget(w)
    w.resize(1920, 1080)
    w.show()
    return w


def pages():
    return (
        PageSpec("board", dwell=10 * S),
        PageSpec("health", dwell=5 * S, regions=frozenset({"health"})),
        PageSpec("globex", dwell=10 * S, filter=LabelFilter({"client": "globex"})),
    )


def calm_store() -> BoardStore:
    """Warnings only (nothing interrupts): three for acme, one for globex."""
    store = populated_store()
    items = [incident(f"w{k}", Severity.WARNING, timedelta(minutes=k + 1)) for k in range(3)]
    items.append(incident("g1", Severity.WARNING, labels={"client": "globex"}))
    store.apply_incidents("am", IncidentBatch(tuple(items)), NOW)
    return store


def test_pages_rotate_and_switch_regions(wall_window):
    board = BoardScreen(wall_window, WallSpec(pages=pages()))
    board.apply_state(calm_store().state)
    assert board.choice is not None and board.choice.page.name == "board"
    assert not wall_window.table.isHidden() and not wall_window.health.isHidden()
    assert wall_window.model.rowCount() == 4
    for i in range(1, 11):
        board.tick(NOW + i * S)
    assert board.choice.page.name == "health"
    assert wall_window.table.isHidden() and wall_window.sla.isHidden()
    assert wall_window.roster.isHidden() and not wall_window.health.isHidden()
    assert wall_window.header._page.text == "2/3 \u00b7 health"
    for i in range(11, 16):
        board.tick(NOW + i * S)
    assert board.choice.page.name == "globex"
    assert not wall_window.table.isHidden()
    assert [wall_window.model.key_at(r) for r in range(wall_window.model.rowCount())] == [
        ("am", "g1")
    ]
    assert wall_window.counters._coverage.known  # …and the page still says it can see


def test_a_new_critical_interrupts_and_holds_until_acknowledged(wall_window):
    store = make_store()
    store.apply_incidents("am", IncidentBatch(()), NOW)
    board = BoardScreen(wall_window, WallSpec(pages=pages(), hold=timedelta(minutes=10)))
    store.subscribe(board.apply_state)
    board.apply_state(store.state)
    for i in range(1, 12):
        board.tick(NOW + i * S)
    assert board.choice.page.name == "health"
    header_h = wall_window.header.height()
    crit = incident("c1", Severity.CRITICAL, timedelta(seconds=3), now=NOW + 12 * S)
    store.apply_incidents("am", IncidentBatch((crit,)), NOW + 12 * S)
    assert board.choice.page.name == "board" and board.choice.hold is not None
    assert "NEW \u2716 CRITICAL: Incident c1" in wall_window.header._page.hold_text
    assert wall_window.header.height() > header_h  # the hold strip is in the header
    assert [wall_window.model.key_at(r) for r in range(wall_window.model.rowCount())] == [
        ("am", "c1")
    ]
    for i in range(13, 120):
        board.tick(NOW + i * S)
    assert board.choice.page.name == "board"  # held through many dwell times
    acked = incident(
        "c1", Severity.CRITICAL, timedelta(seconds=123), acked_by="ann", now=NOW + 120 * S
    )
    store.apply_incidents("am", IncidentBatch((acked,)), NOW + 120 * S)
    assert board.choice.hold is None and wall_window.header._page.hold_text == ""
    assert wall_window.header.height() == header_h
    for i in range(121, 132):
        board.tick(NOW + i * S)
    assert board.choice.page.name == "globex"  # rotation resumed after the held page


def test_header_clocks_in_zones_and_a_heartbeat_that_moves(wall_window):
    board = BoardScreen(
        wall_window,
        WallSpec(clocks=(ClockZone("UTC", "UTC"), ClockZone("Moscow", "Europe/Moscow"))),
    )
    board.apply_state(populated_store().state)
    header = wall_window.header
    phases = []
    for i in range(3):
        board.tick(NOW + i * S)
        phases.append(header.heartbeat_vm.phase)
    assert phases == [True, False, True]
    assert [(c.label, c.time) for c in header._clock_texts()] == [
        ("UTC", "10:00:02"),
        ("Moscow", "13:00"),
    ]
    assert not header.heartbeat_vm.alarm


def test_heartbeat_alarms_when_data_stops_coming(wall_window):
    board = BoardScreen(wall_window, WallSpec(stall_after=timedelta(seconds=60)))
    board.apply_state(populated_store().state)
    header = wall_window.header
    height = header.height()
    for i in range(1, 62):
        board.tick(NOW + i * S)
    assert header.heartbeat_vm.alarm and "BOARD STUCK" in header.heartbeat_vm.text
    assert header.height() > height  # a red strip across the header
    board.apply_state(populated_store(NOW + 62 * S).state)
    board.tick(NOW + 62 * S)
    assert not header.heartbeat_vm.alarm and header.height() == height


def _many_incidents(n: int) -> BoardStore:
    store = make_store()
    sevs = [Severity.CRITICAL, Severity.WARNING, Severity.MAJOR]
    items = [
        incident(f"i{k}", sevs[k % 3], timedelta(minutes=k + 1), title=f"Host {k} down")
        for k in range(n)
    ]
    store.apply_incidents("am", IncidentBatch(tuple(items)), NOW)
    return store


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (3840, 2160), (2160, 3840)])
def test_wall_table_never_cuts_a_row_and_says_what_is_hidden(qtbot, width, height):
    w = BoardWindow(mode="wall")
    qtbot.addWidget(w)
    w.resize(width, height)
    w.show()
    w.apply_state(_many_incidents(30).state)
    w.tick(NOW)
    qtbot.waitUntil(lambda: w.overflow is not None and w.overflow.isVisible())
    overflow = w.overflow
    assert overflow is not None
    viewport = w.table.viewport().geometry()
    row_h = w.table.verticalHeader().defaultSectionSize()
    shown = overflow.visible_rows
    assert 1 <= shown < 30
    # The line starts where the last whole row ends and covers the rest of the table.
    assert overflow.geometry().top() == viewport.top() + shown * row_h
    assert overflow.geometry().bottom() == viewport.bottom()
    assert overflow.geometry().height() >= w.overflow.scale.px(34)
    assert overflow.text.startswith(f"+{30 - shown} more: ")
    assert w.table.rowViewportPosition(shown - 1) + row_h <= shown * row_h


def test_wall_table_without_overflow_has_no_more_line(wall_window):
    wall_window.apply_state(populated_store().state)
    assert wall_window.overflow is not None and not wall_window.overflow.isVisible()
    assert wall_window.overflow.visible_rows == 5


def _store_with_sources(names: list[str]) -> BoardStore:
    store = BoardStore(
        title="A long board title for the operations centre",
        sources=[(n, "prometheus") for n in names],
        panels=[CPU, UP],
        sla=POLICY,
        rotations=[],
        now=NOW,
        incident_sources=[],
    )
    return store


@pytest.mark.parametrize(("width", "height"), [(1080, 1920), (2160, 3840), (1920, 1080)])
def test_every_source_chip_is_shown_with_its_age(qtbot, width, height):
    names = [f"prometheus-{site}-cluster" for site in ("fra1", "ams2", "nyc3", "sgp1", "syd2")]
    store = _store_with_sources(names)
    w = BoardWindow(mode="wall")
    qtbot.addWidget(w)
    w.resize(width, height)
    w.show()
    w.apply_state(store.state)
    w.tick(NOW)
    chips = [source_chip(s, NOW).text for s in store.state.sources]
    assert w.header.drawn_chips == chips  # all of them, none elided
    if height > width:
        assert not w.header.chips_inline  # wrapped below the title, not cut off


def test_wall_screens_follow_screens_plugged_and_unplugged(qtbot, qapp):
    wall = WallScreens(qapp, WallSpec(screen="all", pages=pages()))
    try:
        (name, board), *_ = wall.boards.items()
        window = board.window
        qtbot.addWidget(window)
        assert window.windowFlags() & Qt.WindowType.FramelessWindowHint
        assert window.windowFlags() & Qt.WindowType.WindowDoesNotAcceptFocus
        assert window.isVisible()
        screen = qapp.screens()[0]
        assert name == screen.name()
        mono = [1000.0]
        window.header.monotonic = lambda: mono[0]
        wall.apply_state(populated_store().state)
        for i in range(3):
            mono[0] += 1
            wall.tick(NOW + i * S)
        assert not window.header.heartbeat_vm.alarm
        wall._screen_removed(screen)  # unplugged: its board waits, hidden
        assert not window.isVisible()
        # Ten minutes without its screen: the hidden board is not ticked…
        for i in range(3, 603):
            mono[0] += 1
            wall.apply_state(populated_store(NOW + i * S).state)
            wall.tick(NOW + i * S)
        assert window.header._now == NOW + 2 * S
        wall._screen_added(screen)  # back: the same board, shown again
        assert window.isVisible() and wall.windows == [window]
        assert window.geometry() == screen.geometry()
        # …and once back it ticks, with no false "BOARD FROZE" for the time it was away.
        mono[0] += 1
        wall.tick(NOW + 603 * S)
        assert window.header._now == NOW + 603 * S
        beat = window.header.heartbeat_vm
        assert not beat.alarm, beat.text
        # A real stall after that still alarms.
        mono[0] += 6
        wall.tick(NOW + 604 * S)
        assert "FROZE 6s" in window.header.heartbeat_vm.text
    finally:
        wall.close()


def test_a_missing_screen_falls_back_to_the_primary(qtbot, qapp):
    wall = WallScreens(qapp, WallSpec(screen="HDMI-9"))
    try:
        (board,) = wall.boards.values()
        qtbot.addWidget(board.window)
        assert board.window.isVisible()
        assert board.window.geometry() == qapp.primaryScreen().geometry()
    finally:
        wall.close()


def test_no_tooltips_or_menus_on_a_wall():
    unattended = _Unattended()
    for kind in (QEvent.Type.ToolTip, QEvent.Type.ContextMenu, QEvent.Type.WhatsThis):
        assert unattended.eventFilter(unattended, QEvent(kind))
    assert not unattended.eventFilter(unattended, QEvent(QEvent.Type.Paint))


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1080, 1920)])
def test_type_for_8m_steps_down_until_the_wall_still_names_what_is_broken(qtbot, width, height):
    from noc_wallboard.presentation.screens import board_unit

    w = BoardWindow(mode="wall")
    qtbot.addWidget(w)
    w.resize(width, height)
    w.show()
    w.set_viewing(8.0, 55.0)
    board = BoardScreen(w, WallSpec(pages=pages()))
    board.apply_state(_many_incidents(30).state)  # criticals: a hold strip in the header
    board.tick(NOW)
    wanted = board_unit(width, height, "wall", 8.0, 55.0)
    assert wanted.limited
    unit = w.header.scale.unit
    assert 1.0 <= unit <= wanted.unit
    assert w.health.height() >= w.health.useful_height(w.width())
    assert w.table.viewport().height() >= 5 * w.table.verticalHeader().defaultSectionSize()
    # The hold ends: the header is shorter again, and the type as large as it may be.
    w.set_page(replace(w.header._page, hold_text="", hold_until=""))
    assert w.header.scale.unit >= unit


def test_a_page_switch_refits_the_more_line_once_not_once_per_row(qtbot):
    """Hundreds of row operations in a switch: the "+N more" summary (which reads every
    hidden row) is rebuilt once — per row it made switches quadratic in incidents."""
    w = BoardWindow(mode="wall")
    qtbot.addWidget(w)
    w.resize(1920, 1080)
    w.show()
    spec = WallSpec(
        pages=(
            PageSpec("all", dwell=10 * S),
            PageSpec("criticals", dwell=10 * S, filter=LabelFilter({"instance": "i0:9100"})),
        ),
        interrupt_severities=frozenset(),
        interrupt_on_breach=False,
    )
    board = BoardScreen(w, spec)
    board.apply_state(_many_incidents(300).state)
    overflow = w.overflow
    assert overflow is not None and overflow.isVisible()
    assert overflow.text.startswith(f"+{300 - overflow.visible_rows} more")
    before = overflow.refits
    board.tick(NOW + 10 * S)  # to the filtered page: 299 rows removed one by one
    assert board.choice.page.name == "criticals" and w.model.rowCount() == 1
    assert overflow.refits - before == 1 and not overflow.isVisible()
    before = overflow.refits
    board.tick(NOW + 20 * S)  # back: 299 rows inserted one by one
    assert w.model.rowCount() == 300 and overflow.refits - before == 1
    assert overflow.isVisible() and overflow.text.startswith(f"+{300 - overflow.visible_rows} more")


def test_row_changes_outside_a_state_refit_on_the_next_loop_pass(qtbot, wall_window):
    wall_window.apply_state(_many_incidents(3).state)
    overflow = wall_window.overflow
    assert overflow is not None and not overflow.isVisible()
    before = overflow.refits
    wall_window.model.apply(_many_incidents(40).state, None)  # no flush: rows only
    assert overflow.refits == before  # not once per inserted row…
    qtbot.waitUntil(overflow.isVisible)  # …but once, as soon as the loop runs
    assert overflow.refits == before + 1


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1080, 1920)])
def test_type_never_gets_smaller_as_the_viewing_distance_grows(qtbot, width, height):
    """Stepping down by 5 % from 1.6× could land below what 5 m fits; the wall takes
    the largest type that fits, so 8 m reads at least as large as 5 m."""
    w = BoardWindow(mode="wall")
    qtbot.addWidget(w)
    w.resize(width, height)
    w.show()
    board = BoardScreen(w, WallSpec(pages=pages()))
    board.apply_state(_many_incidents(30).state)  # criticals: a hold strip in the header
    board.tick(NOW)
    units = []
    for metres in (3.0, 4.0, 5.0, 6.0, 8.0, 10.0):
        w.set_viewing(metres, 55.0)
        units.append(w.header.scale.unit)
        assert w._fits(units[-1])
    assert units == sorted(units), units
    # The largest that fits: a little more and the wall would no longer name what is
    # broken (or show five rows), unless it is already all the distance asks for.
    from noc_wallboard.presentation.screens import board_unit

    wanted = board_unit(width, height, "wall", 10.0, 55.0).unit
    if units[-1] < wanted - 1e-3:
        assert not w._fits(units[-1] + 0.01)


def test_a_tick_builds_the_page_view_model_once(wall_window, monkeypatch):
    import noc_wallboard.ui.board_screen as board_screen

    calls = []
    real = board_screen.page_vm
    monkeypatch.setattr(board_screen, "page_vm", lambda *a: calls.append(a) or real(*a))
    board = BoardScreen(wall_window, WallSpec(pages=pages()))
    board.apply_state(calm_store().state)
    calls.clear()
    board.tick(NOW + S)
    assert len(calls) == 1
    progress = wall_window.header._page.progress
    board.tick(NOW + 2 * S)
    assert len(calls) == 2 and wall_window.header._page.progress > progress  # the bar moves


def _every_severity(n: int) -> BoardStore:
    store = make_store()
    items = [
        incident(
            f"s{k}",
            list(Severity)[k % len(Severity)],
            timedelta(minutes=k + 1),
            acked_by="ann" if k % 3 == 0 else None,
        )
        for k in range(n)
    ]
    store.apply_incidents("am", IncidentBatch(tuple(items)), NOW)
    return store


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1080, 1920)])
def test_the_more_line_drops_the_acknowledged_count_rather_than_cut_itself(qtbot, width, height):
    from PySide6.QtGui import QFontMetrics

    w = BoardWindow(mode="wall")
    qtbot.addWidget(w)
    w.resize(width, height)
    w.show()
    w.apply_state(_every_severity(40).state)
    overflow = w.overflow
    assert overflow is not None and overflow.isVisible()
    fm = QFontMetrics(overflow.scale.font(17, bold=True))
    room = w.table.viewport().width() - overflow.scale.px(24)
    assert fm.horizontalAdvance(overflow.text) <= room  # whole, never "(3 acknowle…"
    assert "critical" in overflow.text and "unknown" in overflow.text
    full = overflow_texts([w.model.row_vm(r) for r in range(overflow.visible_rows, 40)])[0]
    assert "acknowledged" in full
    assert ("acknowledged" in overflow.text) == (fm.horizontalAdvance(full) <= room)
