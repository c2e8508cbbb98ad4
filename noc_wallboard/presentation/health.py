"""View-models of health panels, their tiles and their roll-up groups."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime

from noc_wallboard.domain.health import PanelState, Tile, TileStatus
from noc_wallboard.domain.health_panels import TileGroup, group_tiles
from noc_wallboard.presentation.formatting import (
    STATUS_GLYPH,
    format_age,
    format_value,
    status_token,
)
from noc_wallboard.presentation.i18n import QT_TRANSLATE_NOOP, translate

DOT = " \u00b7 "
ERROR_CHARS = 48  # a down target's last error on its tile: enough to tell refused from timeout


@dataclass(frozen=True, slots=True)
class TileVM:
    title: str
    value_text: str
    status: TileStatus
    glyph: str
    token: str
    last_status: TileStatus | None = None
    # Sparkline values scaled to 0..1 (None for a gap), oldest first; empty without one.
    spark: tuple[float | None, ...] = ()

    @property
    def is_ok(self) -> bool:
        return self.status is TileStatus.OK

    @property
    def text(self) -> str:
        return f"{self.glyph} {self.title}  {self.value_text}"


def tile_vm(tile: Tile, age: str | None = None) -> TileVM:
    """`age` is given for stale tiles: a greyed value always says how old it is."""
    value = format_value(tile.value, tile.unit)
    error = tile.labels.get("last_error")
    if error and tile.status is not TileStatus.OK:
        value = f"{value}: {error_reason(error)}"
    if age is not None and tile.status is TileStatus.STALE:
        value = f"{value} \u00b7 " + translate("health", "{age} ago").format(age=age)
    glyph = STATUS_GLYPH[tile.status]
    if tile.status is TileStatus.STALE and tile.last_status not in (None, TileStatus.OK):
        assert tile.last_status is not None
        glyph = f"{glyph}{STATUS_GLYPH[tile.last_status]}"  # "was critical", still greyed
    return TileVM(
        tile.title,
        value,
        tile.status,
        glyph,
        status_token(tile.status),
        tile.last_status,
        spark_points(tile.history),
    )


_REQUEST = re.compile(r'^(?:GET|POST|HEAD|Get|Post|Head) "[^"]*": ')


def error_reason(error: str, limit: int = ERROR_CHARS) -> str:
    """The part of a scrape error that says why: Prometheus writes
    `Get "<scrape URL>": dial tcp <addr>: connect: connection refused`, so the reason is
    at the end. The URL goes first (the tile already names the target), then, if still too
    long, everything before the last ": "; what remains is cut at the front, never the end."""
    reason = _REQUEST.sub("", error.strip(), count=1)
    if len(reason) > limit:
        head, sep, tail = reason.rpartition(": ")
        if sep and head and len(tail.strip(' "')) >= 4:
            reason = tail
    if len(reason) > limit:
        reason = "\u2026" + reason[-(limit - 1) :]
    return reason


def spark_points(values: tuple[float, ...]) -> tuple[float | None, ...]:
    """Scale to 0..1 over the finite values; NaN and ±Inf become gaps. A flat line sits in
    the middle rather than pretending to be at a minimum."""
    finite = [v for v in values if math.isfinite(v)]
    if not finite:
        return ()
    low, high = min(finite), max(finite)
    span = high - low
    return tuple(
        None if not math.isfinite(v) else (0.5 if span == 0 else (v - low) / span) for v in values
    )


@dataclass(frozen=True, slots=True)
class GroupVM:
    name: str
    worst: TileStatus
    glyph: str
    token: str
    summary: str  # "2 critical · 1 warning · 14" or "14 ok"
    not_ok: int
    tiles: tuple[TileVM, ...]

    @property
    def text(self) -> str:
        return f"{self.glyph} {self.name}  {self.summary}"


_SHORT = {
    TileStatus.CRITICAL: QT_TRANSLATE_NOOP("health", "{n} crit"),
    TileStatus.WARNING: QT_TRANSLATE_NOOP("health", "{n} warn"),
    TileStatus.STALE: QT_TRANSLATE_NOOP("health", "{n} stale"),
    TileStatus.UNKNOWN: QT_TRANSLATE_NOOP("health", "{n} unkn"),
}


def _short(status: TileStatus, n: int) -> str:
    return translate("health", _SHORT[status]).format(n=n)


def group_vm(group: TileGroup, tiles: tuple[TileVM, ...]) -> GroupVM:
    """Counts kept short ("1 crit · 2 warn /9"): a group chip must fit beside others."""
    parts = [_short(status, n) for status in _SHORT if (n := group.count(status))]
    total = len(group.tiles)
    summary = (
        f"{DOT.join(parts)} /{total}" if parts else translate("health", "{n} ok").format(n=total)
    )
    worst = group.worst
    glyph = STATUS_GLYPH[worst]
    if worst is TileStatus.STALE:
        # Greyed, but saying what the group showed before its source went quiet.
        was = {s: sum(1 for t in group.tiles if t.last_status is s) for s in _SHORT}
        bad = [_short(s, n) for s in (TileStatus.CRITICAL, TileStatus.WARNING) if (n := was[s])]
        summary = (
            translate("health", "stale, was {counts}").format(counts=DOT.join(bad)) + f" /{total}"
            if bad
            else _short(TileStatus.STALE, total)
        )
        last = max((t.last_status or TileStatus.OK for t in group.tiles), key=lambda s: s.rank)
        if last in (TileStatus.CRITICAL, TileStatus.WARNING):
            glyph += STATUS_GLYPH[last]
    return GroupVM(
        group.name,
        worst,
        glyph,
        status_token(worst),
        summary,
        group.not_ok,
        tiles,
    )


@dataclass(frozen=True, slots=True)
class PanelVM:
    name: str
    summary: str
    worst: TileStatus
    tiles: tuple[TileVM, ...]
    stale: bool
    note: str | None
    group_by: str | None = None
    groups: tuple[GroupVM, ...] = ()
    # Group mode on the wall: warning and critical tiles by name (worst first), then only
    # the remaining (ok, unknown) tiles rolled up into groups: a roll-up never hides what
    # is broken.
    problems: tuple[TileVM, ...] = ()
    rollup: tuple[GroupVM, ...] = ()


def is_problem(tile: Tile) -> bool:
    """Warning or critical, or stale and last seen so."""
    status = tile.last_status if tile.status is TileStatus.STALE else tile.status
    return status in (TileStatus.WARNING, TileStatus.CRITICAL)


def panel_vm(panel: PanelState, now: datetime) -> PanelVM:
    counts = {s: 0 for s in TileStatus}
    for tile in panel.tiles:
        counts[tile.status] += 1
    parts = [
        translate("health", _PANEL_COUNTS[s]).format(n=counts[s])
        for s in (TileStatus.CRITICAL, TileStatus.WARNING)
        if counts[s]
    ]
    parts.append(translate("health", "{n} total").format(n=len(panel.tiles)))
    age = format_age(now - panel.updated_at) if panel.updated_at else None
    note = None
    if panel.stale:
        since = (
            translate("health", "last data {age} ago").format(age=age)
            if age
            else translate("health", "no data yet")
        )
        stale = translate("health", "STALE")
        note = f"{stale} \u00b7 {since} \u00b7 {panel.error or ''}".rstrip(" \u00b7")
    elif panel.warnings:
        note = translate("health", "warning: {text}").format(text="; ".join(panel.warnings))
    elif not panel.tiles and panel.updated_at is not None:
        no_data = translate("health", _NO_DATA[panel.spec.no_data])
        note = translate("health", "no series ({status})").format(status=no_data)
    elif panel.updated_at is None:
        note = translate("health", "waiting for first answer")
    vms = {t.key: tile_vm(t, age) for t in panel.tiles}
    groups: tuple[GroupVM, ...] = ()
    problems: tuple[TileVM, ...] = ()
    rollup: tuple[GroupVM, ...] = ()
    if panel.spec.group_by:
        groups = tuple(
            group_vm(g, tuple(vms[t.key] for t in g.tiles))
            for g in group_tiles(panel.tiles, panel.spec.group_by)
        )
        bad = sorted((t for t in panel.tiles if is_problem(t)), key=_worst_first)
        problems = tuple(vms[t.key] for t in bad)
        rest = [t for t in panel.tiles if not is_problem(t)]
        rollup = tuple(
            group_vm(g, tuple(vms[t.key] for t in g.tiles))
            for g in group_tiles(rest, panel.spec.group_by)
        )
    return PanelVM(
        panel.spec.name,
        " \u00b7 ".join(parts),
        panel.worst,
        tuple(vms.values()),
        panel.stale,
        note,
        panel.spec.group_by,
        groups,
        problems,
        rollup,
    )


_PANEL_COUNTS = {
    TileStatus.CRITICAL: QT_TRANSLATE_NOOP("health", "{n} critical"),
    TileStatus.WARNING: QT_TRANSLATE_NOOP("health", "{n} warning"),
}
_NO_DATA = {
    TileStatus.OK: QT_TRANSLATE_NOOP("health", "ok"),
    TileStatus.WARNING: QT_TRANSLATE_NOOP("health", "warning"),
    TileStatus.CRITICAL: QT_TRANSLATE_NOOP("health", "critical"),
    TileStatus.UNKNOWN: QT_TRANSLATE_NOOP("health", "unknown"),
    TileStatus.STALE: QT_TRANSLATE_NOOP("health", "stale"),
}


def _worst_first(tile: Tile) -> tuple[int, str]:
    return (-tile.severity_rank, tile.title)
