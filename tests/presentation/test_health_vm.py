"""Health view-models: stale ages on tiles, target errors, sparkline scaling, group chips."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import timedelta

from noc_wallboard.domain.health import (
    Direction,
    PanelState,
    Sample,
    Thresholds,
    TileStatus,
    build_tiles,
    mark_stale,
)
from noc_wallboard.presentation.health import panel_vm, spark_points, tile_vm
from tests.factories import CPU, NOW


def test_stale_tile_says_its_age_and_what_it_was():
    (tile,) = mark_stale(build_tiles(CPU, [Sample({"instance": "a"}, 99.0, 0)]))
    vm = tile_vm(tile, "3m")
    assert vm.value_text == "99% \u00b7 3m ago" and vm.glyph == "\u25cb\u2716"


def test_down_target_shows_its_error():
    tile = build_tiles(
        replace(CPU, unit="up", thresholds=Thresholds(None, 0.5, Direction.BELOW)),
        [Sample({"instance": "a", "last_error": "connection refused"}, 0.0, 0)],
    )[0]
    assert tile_vm(tile).value_text == "down: connection refused"


def test_spark_points_scale_and_gap():
    assert spark_points(()) == () and spark_points((math.nan,)) == ()
    assert spark_points((1.0, math.nan, 3.0, math.inf)) == (0.0, None, 1.0, None)
    assert spark_points((2.0, 2.0)) == (0.5, 0.5)


def test_panel_groups_with_short_counts():
    spec = replace(CPU, group_by="client")
    tiles = build_tiles(
        spec,
        [
            Sample({"instance": "a", "client": "acme"}, 99.0, 0),
            Sample({"instance": "b", "client": "acme"}, 85.0, 0),
            Sample({"instance": "c", "client": "globex"}, 10.0, 0),
        ],
    )
    vm = panel_vm(PanelState(spec, tiles, NOW - timedelta(seconds=5)), NOW)
    assert [(g.name, g.summary, g.worst) for g in vm.groups] == [
        ("acme", "1 crit \u00b7 1 warn /2", TileStatus.CRITICAL),
        ("globex", "1 ok", TileStatus.OK),
    ]
    assert len(vm.groups[0].tiles) == 2


def test_empty_panel_names_its_no_data_policy():
    spec = replace(CPU, no_data=TileStatus.CRITICAL)
    vm = panel_vm(PanelState(spec, (), NOW), NOW)
    assert vm.worst is TileStatus.CRITICAL and vm.note == "no series (critical)"


def test_stale_group_says_what_it_was():
    spec = replace(CPU, group_by="client")
    tiles = mark_stale(
        build_tiles(
            spec,
            [
                Sample({"instance": "a", "client": "acme"}, 99.0, 0),
                Sample({"instance": "b", "client": "acme"}, 10.0, 0),
            ],
        )
    )
    vm = panel_vm(PanelState(spec, tiles, NOW, stale=True, error="unavailable: x"), NOW)
    (group,) = vm.groups
    assert group.summary == "stale, was 1 crit /2" and group.glyph == "\u25cb\u2716"
