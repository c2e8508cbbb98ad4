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
        Sample({"instance": f"host-{i:03d}", "client": f"client-{i % 6}"}, float(i % 100), 0)
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
