"""Health view-models: stale ages on tiles, target errors, sparkline scaling, group chips."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import timedelta

import pytest

from noc_wallboard.domain.health import (
    Direction,
    PanelState,
    Sample,
    Thresholds,
    TileStatus,
    build_tiles,
    mark_stale,
)
from noc_wallboard.presentation.health import error_reason, panel_vm, spark_points, tile_vm
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


@pytest.mark.parametrize(
    ("error", "shown"),
    [
        (
            'Get "http://' + "very-long-hostname." * 4 + 'example.com:9100/metrics": '
            "dial tcp 10.1.2.3:9100: connect: connection refused",
            "down: connection refused",
        ),
        (
            'Get "http://a-rather-long-host.example.com:9100/metrics": context deadline exceeded',
            "down: context deadline exceeded",
        ),
        ("connection refused", "down: connection refused"),
    ],
)
def test_down_target_shows_the_reason_not_the_url(error, shown):
    tile = build_tiles(
        replace(CPU, unit="up", thresholds=Thresholds(None, 0.5, Direction.BELOW)),
        [Sample({"instance": "a", "last_error": error}, 0.0, 0)],
    )[0]
    assert tile_vm(tile).value_text == shown


def test_error_reason_keeps_the_tail():
    long = "server returned HTTP status 500 Internal Server Error and much more text"
    reason = error_reason(long, 30)
    assert reason.endswith("much more text") and len(reason) == 30


def test_group_mode_lists_problems_and_rolls_up_the_rest():
    spec = replace(CPU, group_by="client")
    samples = [
        Sample({"instance": "a1", "client": "acme"}, 99.0, 0),
        Sample({"instance": "a2", "client": "acme"}, 10.0, 0),
        Sample({"instance": "g1", "client": "globex"}, 85.0, 0),
        Sample({"instance": "g2", "client": "globex"}, 10.0, 0),
        Sample({"instance": "g3", "client": "globex"}, math.nan, 0),
    ]
    vm = panel_vm(PanelState(spec, build_tiles(spec, samples), NOW), NOW)
    assert [t.title for t in vm.problems] == ["a1", "g1"]
    assert [(g.name, g.summary) for g in vm.rollup] == [("globex", "1 unkn /2"), ("acme", "1 ok")]
    assert [len(g.tiles) for g in vm.groups] == [2, 3]  # drilling still shows the whole group
    stale = panel_vm(PanelState(spec, mark_stale(build_tiles(spec, samples)), NOW, stale=True), NOW)
    assert [t.title for t in stale.problems] == ["a1", "g1"]  # "was critical" still named
