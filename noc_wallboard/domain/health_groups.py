"""Roll-ups: tiles grouped by a label (client, site, service) with their worst status.

A wall with 400 hosts cannot show 400 chips; it can show 12 clients, each saying how bad
its worst host is and how many hosts are warning or critical.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from noc_wallboard.domain.health import Tile, TileStatus

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
