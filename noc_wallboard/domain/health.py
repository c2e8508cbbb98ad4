"""Health panels: PromQL answers turned into tiles with a threshold status."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from types import MappingProxyType


class TileStatus(Enum):
    OK = "ok"
    WARNING = "warning"
    CRITICAL = "critical"
    UNKNOWN = "unknown"
    STALE = "stale"

    @property
    def rank(self) -> int:
        """Higher is worse; used for roll-ups and sorting."""
        return _STATUS_RANK[self]


_STATUS_RANK = {
    TileStatus.OK: 0,
    TileStatus.UNKNOWN: 1,
    TileStatus.STALE: 2,
    TileStatus.WARNING: 3,
    TileStatus.CRITICAL: 4,
}


class Direction(Enum):
    ABOVE = "above"  # value >= threshold is bad (CPU, disk)
    BELOW = "below"  # value <= threshold is bad (free space, `up`)


@dataclass(frozen=True, slots=True)
class Thresholds:
    warning: float | None = None
    critical: float | None = None
    direction: Direction = Direction.ABOVE

    def evaluate(self, value: float | None) -> TileStatus:
        """NaN and a missing value are `unknown`; ±Inf compare like numbers."""
        if value is None or math.isnan(value):
            return TileStatus.UNKNOWN
        if self._crosses(value, self.critical):
            return TileStatus.CRITICAL
        if self._crosses(value, self.warning):
            return TileStatus.WARNING
        return TileStatus.OK

    def _crosses(self, value: float, limit: float | None) -> bool:
        if limit is None:
            return False
        return value >= limit if self.direction is Direction.ABOVE else value <= limit


@dataclass(frozen=True, slots=True)
class PanelSpec:
    """A configured panel: one PromQL query → one tile per distinct `tile_labels` set."""

    name: str
    source: str
    query: str
    tile_labels: tuple[str, ...] = ("instance",)
    unit: str | None = None
    thresholds: Thresholds = field(default_factory=Thresholds)
    title_template: str | None = None

    def tile_key(self, labels: Mapping[str, str]) -> str:
        if not self.tile_labels:
            return self.name
        return ",".join(labels.get(name, "") for name in self.tile_labels)

    def tile_title(self, labels: Mapping[str, str]) -> str:
        if self.title_template:
            try:
                return self.title_template.format_map(_DefaultDict(labels))
            except (ValueError, IndexError, KeyError, AttributeError, TypeError):
                pass  # a broken template falls back to the key rather than hiding the tile
        return self.tile_key(labels) or self.name


class _DefaultDict(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "?"


@dataclass(frozen=True, slots=True)
class Sample:
    """One series of an instant-query answer."""

    labels: Mapping[str, str]
    value: float
    timestamp: float


@dataclass(frozen=True, slots=True)
class Tile:
    key: str
    title: str
    labels: Mapping[str, str]
    value: float | None
    unit: str | None
    status: TileStatus
    # For a stale tile: the status it had when its data was last fresh. A stale critical
    # still sorts and reads as "was critical", not as a healthy tile.
    last_status: TileStatus | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "labels", MappingProxyType(dict(self.labels)))

    @property
    def severity_rank(self) -> int:
        """Rank for ordering: a stale tile ranks by what it last showed."""
        if self.status is TileStatus.STALE and self.last_status is not None:
            return max(self.last_status.rank, self.status.rank)
        return self.status.rank


@dataclass(frozen=True, slots=True)
class PanelState:
    spec: PanelSpec
    tiles: tuple[Tile, ...]
    updated_at: datetime | None
    stale: bool = False
    error: str | None = None
    warnings: tuple[str, ...] = ()

    @property
    def worst(self) -> TileStatus:
        """A panel that answered no series is `unknown`, not green: a typo in a metric
        name must not look healthy."""
        if self.stale:
            return TileStatus.STALE
        if not self.tiles:
            return TileStatus.UNKNOWN if self.updated_at is not None else TileStatus.STALE
        return max((t.status for t in self.tiles), key=lambda s: s.rank)


def build_tiles(spec: PanelSpec, samples: Sequence[Sample]) -> tuple[Tile, ...]:
    """One tile per distinct key; when two series share a key the worse one wins."""
    tiles: dict[str, Tile] = {}
    for sample in samples:
        labels = {k: v for k, v in sample.labels.items() if k != "__name__"}
        key = spec.tile_key(labels)
        value = sample.value
        status = spec.thresholds.evaluate(value)
        tile = Tile(
            key=key,
            title=spec.tile_title(labels),
            labels=labels,
            value=None if math.isnan(value) else value,
            unit=spec.unit,
            status=status,
        )
        previous = tiles.get(key)
        if previous is None or tile.status.rank > previous.status.rank:
            tiles[key] = tile
    return tuple(sorted(tiles.values(), key=lambda t: (-t.status.rank, t.title)))


def mark_stale(tiles: Sequence[Tile]) -> tuple[Tile, ...]:
    """Last good tiles kept when their source fails: same value, status `stale`, and the
    status they last had, worst first."""
    stale = (
        Tile(
            t.key,
            t.title,
            t.labels,
            t.value,
            t.unit,
            TileStatus.STALE,
            t.last_status if t.status is TileStatus.STALE else t.status,
        )
        for t in tiles
    )
    return tuple(sorted(stale, key=lambda t: (-t.severity_rank, t.title)))
