from __future__ import annotations

import math

import pytest

from noc_wallboard.domain.health import (
    Direction,
    PanelSpec,
    Sample,
    Thresholds,
    TileStatus,
    build_tiles,
    mark_stale,
)

ABOVE = Thresholds(80, 95, Direction.ABOVE)
BELOW = Thresholds(None, 0.5, Direction.BELOW)


@pytest.mark.parametrize(
    ("thresholds", "value", "status"),
    [
        (ABOVE, 42, TileStatus.OK),
        (ABOVE, 80, TileStatus.WARNING),
        (ABOVE, 94.9, TileStatus.WARNING),
        (ABOVE, 95, TileStatus.CRITICAL),
        (ABOVE, math.inf, TileStatus.CRITICAL),
        (ABOVE, -math.inf, TileStatus.OK),
        (ABOVE, math.nan, TileStatus.UNKNOWN),
        (ABOVE, None, TileStatus.UNKNOWN),
        (BELOW, 1, TileStatus.OK),
        (BELOW, 0, TileStatus.CRITICAL),
        (Thresholds(), 1e12, TileStatus.OK),
    ],
)
def test_thresholds(thresholds, value, status):
    assert thresholds.evaluate(value) is status


def _s(labels, value):
    return Sample(labels=labels, value=value, timestamp=0.0)


def test_tiles_keyed_by_labels_worst_first_and_name_label_dropped():
    spec = PanelSpec("CPU", "p", "q", ("instance",), "percent", ABOVE)
    tiles = build_tiles(
        spec,
        [
            _s({"__name__": "cpu", "instance": "a"}, 10),
            _s({"__name__": "cpu", "instance": "b"}, 99),
            _s({"__name__": "cpu", "instance": "c"}, math.nan),
        ],
    )
    assert [t.key for t in tiles] == ["b", "c", "a"]
    assert tiles[0].status is TileStatus.CRITICAL
    assert tiles[1].value is None and tiles[1].status is TileStatus.UNKNOWN
    assert "__name__" not in tiles[0].labels


def test_series_sharing_a_key_keep_the_worse_value():
    spec = PanelSpec("CPU", "p", "q", ("client",), None, ABOVE)
    tiles = build_tiles(
        spec, [_s({"client": "x", "i": "1"}, 10), _s({"client": "x", "i": "2"}, 90)]
    )
    assert len(tiles) == 1 and tiles[0].value == 90


def test_title_template_with_missing_label_does_not_hide_tile():
    spec = PanelSpec("CPU", "p", "q", ("instance",), None, ABOVE, "{client}/{instance}")
    (tile,) = build_tiles(spec, [_s({"instance": "a"}, 1)])
    assert tile.title == "?/a"
    broken = PanelSpec("CPU", "p", "q", ("instance",), None, ABOVE, "{instance")
    (tile,) = build_tiles(broken, [_s({"instance": "a"}, 1)])
    assert tile.title == "a"


def test_mark_stale_keeps_values():
    spec = PanelSpec("CPU", "p", "q", ("instance",), None, ABOVE)
    stale = mark_stale(build_tiles(spec, [_s({"instance": "a"}, 99)]))
    assert stale[0].status is TileStatus.STALE and stale[0].value == 99
