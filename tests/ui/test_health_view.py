"""Health panels: groups replace tiles that do not fit; the desk drills into a group."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import QPoint, Qt

from noc_wallboard.domain.health import PanelState, Sample, build_tiles
from noc_wallboard.presentation.health import panel_vm
from noc_wallboard.ui.health_view import HealthPanels
from tests.factories import CPU, NOW

SPEC = replace(CPU, group_by="client")


def many_tiles_panel() -> PanelState:
    samples = [
        Sample({"instance": f"host-{i:03d}", "client": f"client-{i % 6}"}, float(i % 80), 0)
        for i in range(400)
    ]
    return PanelState(SPEC, build_tiles(SPEC, samples), NOW)


@pytest.fixture
def view(qtbot):
    w = HealthPanels(interactive=True)
    qtbot.addWidget(w)
    w.resize(900, 300)
    w.set_panels([panel_vm(many_tiles_panel(), NOW)])
    w.grab()  # paint once: the hit areas come from painting
    return w


def test_groups_shown_when_tiles_do_not_fit(view):
    assert {group for _, _, group in view._hits} == {f"client-{i}" for i in range(6)}


def test_click_drills_into_a_group_and_back(view, qtbot):
    rect, panel, group = view._hits[0]
    qtbot.mouseClick(
        view, Qt.MouseButton.LeftButton, pos=QPoint(*map(int, rect.center().toTuple()))
    )
    assert view.drilled(panel) == group
    view.grab()
    (back,) = [r for r, _, g in view._hits if g is None]
    qtbot.mouseClick(
        view, Qt.MouseButton.LeftButton, pos=QPoint(*map(int, back.center().toTuple()))
    )
    assert view.drilled(panel) is None


def test_wall_does_not_drill(qtbot):
    w = HealthPanels(interactive=False)
    qtbot.addWidget(w)
    w.resize(900, 300)
    w.set_panels([panel_vm(many_tiles_panel(), NOW)])
    w.grab()
    rect, panel, _ = w._hits[0]
    qtbot.mouseClick(w, Qt.MouseButton.LeftButton, pos=QPoint(*map(int, rect.center().toTuple())))
    assert w.drilled(panel) is None


def test_few_tiles_show_as_tiles(qtbot):
    w = HealthPanels()
    qtbot.addWidget(w)
    w.resize(900, 300)
    tiles = build_tiles(SPEC, [Sample({"instance": "a", "client": "x"}, 1.0, 0)])
    w.set_panels([panel_vm(PanelState(SPEC, tiles, NOW), NOW)])
    w.grab()
    assert w._hits == []


def grouped_view(qtbot, values: dict[int, float], size=(900, 300)) -> HealthPanels:
    samples = [
        Sample({"instance": f"host-{i:03d}", "client": f"client-{i % 6}"}, values.get(i, 10.0), 0)
        for i in range(400)
    ]
    w = HealthPanels()
    qtbot.addWidget(w)
    w.resize(*size)
    w.set_panels([panel_vm(PanelState(SPEC, build_tiles(SPEC, samples), NOW), NOW)])
    w.grab()
    return w


def test_group_mode_names_what_is_broken_before_the_groups(qtbot):
    w = grouped_view(qtbot, {7: 99.0, 200: 97.0, 33: 85.0})
    assert w.drawn_tiles == ["host-007", "host-200", "host-033"]  # critical first, then warning
    groups = {g for _, _, g in w._hits}
    assert groups  # the ok rest is still rolled up by client
    assert groups <= {f"client-{i}" for i in range(6)}


def test_group_mode_never_hides_a_critical_behind_ok_chips(qtbot):
    broken = {i: 99.0 for i in range(0, 400, 4)} | {i: 85.0 for i in range(1, 400, 8)}
    w = grouped_view(qtbot, broken, size=(700, 200))
    assert w.drawn_tiles and not w._hits  # no room left for a single ok group chip
    crit = {f"host-{i:03d}" for i in range(0, 400, 4)}
    seen_warning = False
    for title in w.drawn_tiles:  # worst first: no warning is drawn before every critical
        seen_warning |= title not in crit
        assert not (seen_warning and title in crit)


def test_more_chip_never_covers_a_drawn_chip(qtbot):
    samples = [Sample({"instance": f"h{i}" * (1 + i % 3)}, 10.0, 0) for i in range(60)]
    w = HealthPanels()
    qtbot.addWidget(w)
    w.set_panels([panel_vm(PanelState(CPU, build_tiles(CPU, samples), NOW), NOW)])
    for width in range(300, 700, 37):
        for height in range(140, 400, 11):  # whatever the size, "+N more" ends the flow
            w.resize(width, height)
            w.grab()
            *chips, more = w.drawn_chips
            assert len(w.drawn_tiles) == len(chips) < 60
            assert not any(more.intersects(c) for c in chips), (width, height)
