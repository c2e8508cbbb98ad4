"""What a panel shows beyond its own tiles: roll-up groups and the built-in panels.

Roll-ups: a wall with 400 hosts cannot show 400 chips; it can show 12 clients, each saying how
bad its worst host is and how many hosts are warning or critical.

Built-in panels need no PromQL: scrape-target health and Prometheus's own alerts. Both become
ordinary samples, so thresholds, roll-ups, staleness and the snapshot treat them exactly like
a PromQL panel.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from noc_wallboard.domain.health import Direction, PanelKind, Thresholds, Tile, TileStatus

NO_GROUP = "(none)"  # tiles without the label still show, in a group of their own


@dataclass(frozen=True, slots=True)
class TileGroup:
    name: str
    tiles: tuple[Tile, ...]

    @property
    def worst(self) -> TileStatus:
        return max((t.status for t in self.tiles), key=lambda s: s.rank, default=TileStatus.OK)

    @property
    def severity_rank(self) -> int:
        """Ordering rank: a group of stale tiles ranks by what they last showed."""
        return max((t.severity_rank for t in self.tiles), default=0)

    def count(self, status: TileStatus) -> int:
        return sum(1 for t in self.tiles if t.status is status)

    @property
    def not_ok(self) -> int:
        return sum(1 for t in self.tiles if t.status is not TileStatus.OK)


def group_tiles(tiles: Sequence[Tile], label: str) -> tuple[TileGroup, ...]:
    """Groups worst first, then by name; each group's tiles keep their (worst-first) order."""
    groups: dict[str, list[Tile]] = {}
    for tile in tiles:
        groups.setdefault(tile.labels.get(label) or NO_GROUP, []).append(tile)
    result = [TileGroup(name, tuple(members)) for name, members in groups.items()]
    return tuple(sorted(result, key=lambda g: (-g.severity_rank, -g.not_ok, g.name)))


# ---------------------------------------------------------------- built-in panels
# A target's `health` as a number: up 1, down 0, unknown (not scraped yet) NaN → "unknown".
TARGET_VALUE = {"up": 1.0, "down": 0.0}
ALERT_STATES = ("firing", "pending")


@dataclass(frozen=True, slots=True)
class BuiltinDefaults:
    tile_labels: tuple[str, ...]
    unit: str | None
    thresholds: Thresholds
    title_template: str | None


def builtin_panel_defaults(kind: PanelKind) -> BuiltinDefaults:
    """What a built-in panel uses for each key the config leaves out."""
    if kind is PanelKind.TARGETS:
        # A down target is critical; `up` as the unit prints "up"/"down", not 1/0.
        return BuiltinDefaults(
            ("job", "instance"), "up", Thresholds(None, 0.5, Direction.BELOW), "{job}/{instance}"
        )
    if kind is PanelKind.ALERTS:
        # Any firing or pending alert is worth a look; set `critical` to escalate.
        return BuiltinDefaults(("state",), "count", Thresholds(1, None), "{state}")
    return BuiltinDefaults(("instance",), None, Thresholds(), None)


def target_labels(target: Mapping[str, object]) -> dict[str, str]:
    """Labels of a tile of the targets panel: the target's labels plus its health and the
    last scrape error (shown on the tile, so a down target says why)."""
    labels = target.get("labels")
    result = {str(k): str(v) for k, v in labels.items()} if isinstance(labels, dict) else {}
    scrape_pool = target.get("scrapePool")
    if "job" not in result and isinstance(scrape_pool, str):
        result["job"] = scrape_pool
    result["health"] = str(target.get("health", "unknown"))
    error = target.get("lastError")
    if isinstance(error, str) and error:
        # The reason ("connection refused") is at the end, after the scrape URL: keep it.
        result["last_error"] = error if len(error) <= 200 else error[:60] + "\u2026" + error[-139:]
    return result


def resolve_thresholds(
    kind: PanelKind,
    warning: float | None,
    critical: float | None,
    direction: Direction | None,
) -> Thresholds:
    """The configured thresholds over the panel kind's built-in ones. A key left out keeps
    the built-in value, and the built-in direction holds unless `direction` is given (a
    targets panel with only `warning = 0.5` still means "down is bad"). A direction other
    than the built-in one drops the built-in values: they meant the opposite."""
    builtin = builtin_panel_defaults(kind).thresholds
    if direction is None or direction is builtin.direction:
        return Thresholds(
            builtin.warning if warning is None else warning,
            builtin.critical if critical is None else critical,
            builtin.direction,
        )
    return Thresholds(warning, critical, direction)
