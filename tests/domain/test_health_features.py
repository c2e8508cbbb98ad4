"""No-data policy, roll-up groups, sparkline steps and built-in panel defaults."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import timedelta

import pytest

from noc_wallboard.domain.health import (
    Direction,
    PanelKind,
    PanelSpec,
    PanelState,
    Sample,
    Series,
    TileStatus,
    build_tiles,
    mark_stale,
)
from noc_wallboard.domain.health_panels import (
    NO_GROUP,
    builtin_panel_defaults,
    group_tiles,
    target_labels,
)
from tests.factories import CPU, NOW


def s(instance: str, value: float, **labels: str) -> Sample:
    return Sample({"instance": instance, **labels}, value, 0.0)


@pytest.mark.parametrize(
    ("no_data", "kept"),
    [(TileStatus.UNKNOWN, TileStatus.UNKNOWN), (TileStatus.CRITICAL, TileStatus.CRITICAL)],
)
def test_vanished_series_stays_as_no_data(no_data, kept):
    spec = replace(CPU, no_data=no_data)
    before = build_tiles(spec, [s("a", 10), s("b", 20)])
    after = build_tiles(spec, [s("a", 11)], previous=before)
    by_key = {t.key: t for t in after}
    assert by_key["b"].value is None and by_key["b"].status is kept
    assert by_key["a"].value == 11


def test_vanished_series_goes_when_no_data_is_ok():
    spec = replace(CPU, no_data=TileStatus.OK)
    before = build_tiles(spec, [s("a", 10), s("b", 20)])
    assert [t.key for t in build_tiles(spec, [s("a", 11)], previous=before)] == ["a"]


@pytest.mark.parametrize("no_data", [TileStatus.OK, TileStatus.UNKNOWN, TileStatus.CRITICAL])
def test_empty_answer_gives_the_panel_its_no_data_status(no_data):
    spec = replace(CPU, no_data=no_data)
    tiles = build_tiles(spec, [], previous=build_tiles(spec, [s("a", 10)]))
    assert tiles == ()
    assert PanelState(spec, tiles, updated_at=NOW).worst is no_data


def test_nan_and_inf_are_explicit():
    tiles = {t.key: t for t in build_tiles(CPU, [s("n", math.nan), s("p", math.inf)])}
    assert tiles["n"].status is TileStatus.UNKNOWN and tiles["n"].value is None
    assert tiles["p"].status is TileStatus.CRITICAL and tiles["p"].value == math.inf


def test_history_attaches_by_tile_key_and_survives_staleness():
    history = [Series({"__name__": "x", "instance": "a"}, (1.0, 2.0, math.nan, 4.0))]
    tiles = build_tiles(CPU, [s("a", 4), s("b", 5)], history)
    by_key = {t.key: t for t in tiles}
    assert by_key["a"].history[:2] == (1.0, 2.0) and by_key["b"].history == ()
    stale = {t.key: t for t in mark_stale(tiles)}
    assert stale["a"].history == by_key["a"].history


def test_sparkline_step_fits_the_width_within_prometheus_limits():
    assert CPU.sparkline_step() is None
    spec = replace(CPU, sparkline=timedelta(hours=1), sparkline_width=120)
    assert spec.sparkline_step() == timedelta(seconds=30)
    tiny = replace(CPU, sparkline=timedelta(seconds=10), sparkline_width=120)
    assert tiny.sparkline_step() == timedelta(seconds=1)  # never below 1 s
    huge = replace(CPU, sparkline=timedelta(days=30), sparkline_width=2000)
    step = huge.sparkline_step()
    assert step is not None and timedelta(days=30) / step <= 11_000


def test_groups_show_worst_first_with_counts():
    tiles = build_tiles(
        CPU,
        [
            s("a1", 10, client="acme"),
            s("a2", 99, client="acme"),
            s("g1", 85, client="globex"),
            s("g2", 10, client="globex"),
            s("x", 10),
        ],
    )
    groups = group_tiles(tiles, "client")
    assert [g.name for g in groups] == ["acme", "globex", NO_GROUP]
    assert groups[0].worst is TileStatus.CRITICAL and groups[0].count(TileStatus.CRITICAL) == 1
    assert groups[1].worst is TileStatus.WARNING and groups[1].not_ok == 1
    assert groups[2].worst is TileStatus.OK and len(groups[2].tiles) == 1


def test_stale_group_ranks_by_what_it_last_showed():
    tiles = build_tiles(CPU, [s("a", 99, site="x"), s("b", 10, site="y")])
    groups = group_tiles(mark_stale(tiles), "site")
    assert groups[0].name == "x" and groups[0].worst is TileStatus.STALE


def test_builtin_defaults():
    targets = builtin_panel_defaults(PanelKind.TARGETS)
    assert targets.thresholds.direction is Direction.BELOW
    assert targets.thresholds.evaluate(0.0) is TileStatus.CRITICAL
    assert targets.thresholds.evaluate(math.nan) is TileStatus.UNKNOWN
    alerts = builtin_panel_defaults(PanelKind.ALERTS)
    assert alerts.thresholds.evaluate(0) is TileStatus.OK
    assert alerts.thresholds.evaluate(2) is TileStatus.WARNING


def test_target_labels_carry_health_and_error():
    labels = target_labels(
        {
            "labels": {"instance": "h:9100"},
            "scrapePool": "node",
            "health": "down",
            "lastError": "connection refused",
        }
    )
    assert labels == {
        "instance": "h:9100",
        "job": "node",
        "health": "down",
        "last_error": "connection refused",
    }
    assert target_labels({"labels": None})["health"] == "unknown"


def test_panel_spec_defaults_are_a_plain_query_panel():
    spec = PanelSpec("p", "s", "up")
    assert spec.kind is PanelKind.QUERY and spec.no_data is TileStatus.UNKNOWN
