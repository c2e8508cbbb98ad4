"""Health panels: PromQL answers turned into tiles with a threshold status."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
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

    @property
    def inverted(self) -> bool:
        """Warning beyond critical for the direction: the warning could never show."""
        if self.warning is None or self.critical is None:
            return False
        if self.direction is Direction.ABOVE:
            return self.warning > self.critical
        return self.warning < self.critical

    def _crosses(self, value: float, limit: float | None) -> bool:
        if limit is None:
            return False
        return value >= limit if self.direction is Direction.ABOVE else value <= limit


# Board points a sparkline is drawn at inside a tile (≈ pixels at 1080p): one point per
# drawn pixel is all a sparkline can show, so it is also the default `sparkline_width`.
SPARKLINE_WIDTH = 54
SPARKLINE_MAX_WINDOW = timedelta(days=7)


class PanelKind(Enum):
    QUERY = "query"  # a PromQL instant query
    TARGETS = "targets"  # built in: scrape-target health from /api/v1/targets
    ALERTS = "alerts"  # built in: Prometheus's own firing/pending alert counts


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
    kind: PanelKind = PanelKind.QUERY
    # What a missing series means: ok, unknown or critical (a vanished host is often critical).
    no_data: TileStatus = TileStatus.UNKNOWN
    group_by: str | None = None
    # Sparkline: query_range over `sparkline` with one point per pixel of `sparkline_width`.
    sparkline: timedelta | None = None
    sparkline_width: int = SPARKLINE_WIDTH
    interval: timedelta | None = None  # overrides the source's poll interval
    # A vanished series' "no data" tile is dropped once it has been missing this long
    # (a decommissioned host or a relabelled instance must not stay red for months).
    no_data_expiry: timedelta = timedelta(hours=1)
    # More series than this in one answer fail the panel instead of freezing the wall.
    max_series: int = 5000

    def sparkline_points(self) -> int:
        """How many values each sparkline series has (0 without a sparkline)."""
        step = self.sparkline_step()
        if step is None or self.sparkline is None:
            return 0
        return int(self.sparkline.total_seconds() // step.total_seconds()) + 1

    def sparkline_step(self) -> timedelta | None:
        """Step of the range query: the window spread over the tile's width in whole
        seconds (so the answer's timestamps fall exactly on the grid), never below 1 s and
        never more than Prometheus's 11,000 points per series."""
        if self.sparkline is None:
            return None
        window = self.sparkline.total_seconds()
        points = min(max(self.sparkline_width, 2), 11_000)
        step = max(round(window / points), 1)
        while window // step + 1 > 11_000:
            step += 1
        return timedelta(seconds=step)

    def _keyed_by_tile_labels(self, labels: Mapping[str, str]) -> bool:
        return all(name in labels for name in self.tile_labels)

    def tile_key(self, labels: Mapping[str, str]) -> str:
        """The tile labels' values; a series lacking any of them is keyed by all its labels
        (`job=node,mode=idle`), so such series never collapse into one tile."""
        if not self.tile_labels:
            return self.name
        if not self._keyed_by_tile_labels(labels):
            return ",".join(f"{k}={v}" for k, v in sorted(labels.items()) if k != "__name__")
        return ",".join(labels[name] for name in self.tile_labels)

    def tile_title(self, labels: Mapping[str, str]) -> str:
        if self.title_template and self._keyed_by_tile_labels(labels):
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
class Series:
    """One series of a range answer (a sparkline): values oldest first, NaN for gaps."""

    labels: Mapping[str, str]
    values: tuple[float, ...]


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
    history: tuple[float, ...] = ()  # sparkline values, oldest first; empty without one
    # For a "no data" tile copied forward from an earlier answer: since when it is missing.
    missing_since: datetime | None = None

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
            return self.spec.no_data if self.updated_at is not None else TileStatus.STALE
        return max((t.status for t in self.tiles), key=lambda s: s.rank)


def build_tiles(
    spec: PanelSpec,
    samples: Sequence[Sample],
    history: Sequence[Series] = (),
    previous: Sequence[Tile] = (),
    now: datetime | None = None,
) -> tuple[Tile, ...]:
    """One tile per distinct key; when two series share a key the worse one wins.

    A tile of the previous answer whose series vanished stays as "no data" with the panel's
    `no_data` status (a host that stops reporting must not silently leave the wall), unless
    `no_data` is ok: then a vanished series simply goes. A "no data" tile is dropped once it
    has been missing for `spec.no_data_expiry`, measured from `now` or, without it, from the
    answer's own evaluation time (its newest sample timestamp). An answer with no series at
    all leaves no tiles, and the panel as a whole takes the `no_data` status."""
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
        known = tiles.get(key)
        if known is None or tile.status.rank > known.status.rank:
            tiles[key] = tile
    # An entirely empty answer is shown as the panel's own "no series" state instead.
    if spec.no_data is not TileStatus.OK and tiles:
        at = now if now is not None else _answer_time(samples)
        for old in previous:
            if old.key in tiles:
                continue
            since = old.missing_since or at
            if since is not None and at is not None and at - since >= spec.no_data_expiry:
                continue  # gone for good: a decommissioned host leaves the wall
            tiles[old.key] = Tile(
                old.key, old.title, old.labels, None, old.unit, spec.no_data, missing_since=since
            )
    if history:
        by_key = {spec.tile_key(_strip_name(s.labels)): s.values for s in history}
        tiles = {k: _with_history(t, by_key.get(k, ())) for k, t in tiles.items()}
    return tuple(sorted(tiles.values(), key=lambda t: (-t.status.rank, t.title)))


def _answer_time(samples: Sequence[Sample]) -> datetime | None:
    """The answer's evaluation time: Prometheus stamps every instant sample with it."""
    newest = max((s.timestamp for s in samples), default=0.0)
    if not math.isfinite(newest) or newest <= 0:
        return None
    try:
        return datetime.fromtimestamp(newest, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _strip_name(labels: Mapping[str, str]) -> dict[str, str]:
    return {k: v for k, v in labels.items() if k != "__name__"}


def _with_history(tile: Tile, values: tuple[float, ...]) -> Tile:
    return Tile(
        tile.key,
        tile.title,
        tile.labels,
        tile.value,
        tile.unit,
        tile.status,
        None,
        values,
        tile.missing_since,
    )


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
            t.history,
            t.missing_since,
        )
        for t in tiles
    )
    return tuple(sorted(stale, key=lambda t: (-t.severity_rank, t.title)))
