"""Review of the health panels: "no data" tiles expire, series without tile labels stay
apart, thresholds keep the built-in direction."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from noc_wallboard.domain.health import (
    Direction,
    PanelKind,
    Sample,
    Thresholds,
    TileStatus,
    build_tiles,
    mark_stale,
)
from noc_wallboard.domain.health_panels import resolve_thresholds, target_labels
from tests.factories import CPU, NOW

CRIT = replace(CPU, no_data=TileStatus.CRITICAL, no_data_expiry=timedelta(hours=1))


def at(minutes: float, values: dict[str, float]) -> tuple[Sample, ...]:
    ts = (NOW + timedelta(minutes=minutes)).timestamp()
    return tuple(Sample({"instance": k}, v, ts) for k, v in values.items())


def test_vanished_series_expires_after_no_data_expiry():
    tiles = build_tiles(CRIT, at(0, {"a": 10, "old": 10}))
    for minute in range(1, 60):  # a poll a minute: still shown, critical, for the hour
        tiles = build_tiles(CRIT, at(minute, {"a": 10}), previous=tiles)
        assert {t.key: t.status for t in tiles}["old"] is TileStatus.CRITICAL
    tiles = build_tiles(CRIT, at(61, {"a": 10}), previous=tiles)
    assert [t.key for t in tiles] == ["a"]  # gone: a decommissioned host leaves the wall


def test_expiry_uses_the_explicit_now_and_survives_a_stale_period():
    tiles = build_tiles(CRIT, at(0, {"a": 1, "b": 1}), now=NOW)
    tiles = build_tiles(CRIT, at(0, {"a": 1}), previous=tiles, now=NOW)
    (gone,) = [t for t in tiles if t.key == "b"]
    assert gone.missing_since == NOW and gone.value is None
    stale = mark_stale(tiles)  # the source fails for a while: missing_since is kept
    later = NOW + timedelta(minutes=59)
    assert "b" in {t.key for t in build_tiles(CRIT, at(0, {"a": 1}), previous=stale, now=later)}
    end = NOW + timedelta(minutes=60)
    assert "b" not in {t.key for t in build_tiles(CRIT, at(0, {"a": 1}), previous=stale, now=end)}


def test_relabelled_instances_do_not_haunt_forever():
    spec = replace(CRIT, no_data_expiry=timedelta(minutes=5))
    tiles = build_tiles(spec, at(0, {"10.0.0.1:9100": 1, "10.0.0.2:9100": 1}))
    for minute in range(1, 7):
        tiles = build_tiles(spec, at(minute, {"h1": 1, "h2": 1}), previous=tiles)
    assert sorted(t.key for t in tiles) == ["h1", "h2"]


def test_series_without_tile_labels_do_not_collapse():
    series = [Sample({"job": j}, v, 0) for j, v in (("node", 99), ("db", 10), ("web", 50))]
    tiles = build_tiles(CPU, series)
    assert sorted(t.title for t in tiles) == ["job=db", "job=node", "job=web"]
    assert {t.title: t.status for t in tiles}["job=node"] is TileStatus.CRITICAL


def test_series_with_tile_labels_keep_their_key_and_template():
    spec = replace(CPU, title_template="{instance}!")
    (tile,) = build_tiles(spec, [Sample({"instance": "a", "job": "n"}, 1, 0)])
    assert tile.key == "a" and tile.title == "a!"


def test_targets_panel_keeps_below_with_only_a_warning():
    limits = resolve_thresholds(PanelKind.TARGETS, 0.5, None, None)
    assert limits.direction is Direction.BELOW and limits.critical == 0.5
    assert limits.evaluate(0.0) is TileStatus.CRITICAL and limits.evaluate(1.0) is TileStatus.OK
    alerts = resolve_thresholds(PanelKind.ALERTS, None, 5, None)
    assert alerts == Thresholds(1, 5, Direction.ABOVE)  # "set critical to escalate"
    flipped = resolve_thresholds(PanelKind.TARGETS, None, 0.5, Direction.ABOVE)
    assert flipped == Thresholds(None, 0.5, Direction.ABOVE)


def test_inverted_thresholds():
    assert Thresholds(95, 80, Direction.ABOVE).inverted
    assert Thresholds(10, 20, Direction.BELOW).inverted
    assert not Thresholds(80, 95, Direction.ABOVE).inverted
    assert not Thresholds(20, 10, Direction.BELOW).inverted


def test_long_scrape_error_keeps_its_reason():
    url = "http://" + "very-long-hostname." * 12 + "example.com:9100/metrics"
    error = f'Get "{url}": dial tcp 10.0.0.1:9100: connect: connection refused'
    labels = target_labels({"labels": {"job": "n"}, "health": "down", "lastError": error})
    assert labels["last_error"].endswith("connection refused")
    assert len(labels["last_error"]) <= 200
