"""View-models of health panels and their tiles."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from noc_wallboard.domain.health import PanelState, Tile, TileStatus
from noc_wallboard.presentation.formatting import (
    STATUS_GLYPH,
    format_age,
    format_value,
    status_token,
)


@dataclass(frozen=True, slots=True)
class TileVM:
    title: str
    value_text: str
    status: TileStatus
    glyph: str
    token: str
    last_status: TileStatus | None = None

    @property
    def is_ok(self) -> bool:
        return self.status is TileStatus.OK


def tile_vm(tile: Tile) -> TileVM:
    value = format_value(tile.value, tile.unit)
    glyph = STATUS_GLYPH[tile.status]
    if tile.status is TileStatus.STALE and tile.last_status not in (None, TileStatus.OK):
        assert tile.last_status is not None
        glyph = f"{glyph}{STATUS_GLYPH[tile.last_status]}"  # "was critical", still greyed
    return TileVM(
        tile.title, value, tile.status, glyph, status_token(tile.status), tile.last_status
    )


@dataclass(frozen=True, slots=True)
class PanelVM:
    name: str
    summary: str
    worst: TileStatus
    tiles: tuple[TileVM, ...]
    stale: bool
    note: str | None


def panel_vm(panel: PanelState, now: datetime) -> PanelVM:
    counts = {s: 0 for s in TileStatus}
    for tile in panel.tiles:
        counts[tile.status] += 1
    parts = [
        f"{counts[s]} {s.value}" for s in (TileStatus.CRITICAL, TileStatus.WARNING) if counts[s]
    ]
    parts.append(f"{len(panel.tiles)} total")
    note = None
    if panel.stale:
        age = (
            f"last data {format_age(now - panel.updated_at)} ago"
            if panel.updated_at
            else "no data yet"
        )
        note = f"STALE · {age} · {panel.error or ''}".rstrip(" ·")
    elif panel.warnings:
        note = "warning: " + "; ".join(panel.warnings)
    elif not panel.tiles and panel.updated_at is not None:
        note = "no series"
    elif panel.updated_at is None:
        note = "waiting for first answer"
    return PanelVM(
        panel.spec.name,
        " · ".join(parts),
        panel.worst,
        tuple(tile_vm(t) for t in panel.tiles),
        panel.stale,
        note,
    )
