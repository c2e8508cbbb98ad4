"""A page's view of the board: incidents and health tiles filtered by labels (client, site),
health panels chosen by name. Sources, coverage and the roster are never filtered: a page
for one client still says when a source is down or nobody is on duty."""

from __future__ import annotations

from dataclasses import replace

from noc_wallboard.domain.board import BoardState, count_by_severity
from noc_wallboard.domain.health import PanelState
from noc_wallboard.domain.wall import PageSpec


class StateFilter:
    """Filters states for pages, reusing the filtered panel of an unchanged panel so the
    health view's per-panel cache keeps working across polls."""

    def __init__(self) -> None:
        self._panels: dict[tuple[str, str], tuple[PanelState, PanelState]] = {}

    def apply(self, state: BoardState, page: PageSpec) -> BoardState:
        if page.filter.empty and page.panels is None:
            return state
        incidents = state.incidents
        pending = state.pending
        panels = state.panels
        if page.panels is not None:
            wanted = set(page.panels)
            panels = tuple(p for p in panels if p.spec.name in wanted)
        if not page.filter.empty:
            match = page.filter.matches
            incidents = tuple(i for i in incidents if match(i.incident.labels))
            pending = tuple(p for p in pending if match(p.labels))
            panels = tuple(
                p for p in (self._panel(page, panel) for panel in panels) if p is not None
            )
        return replace(
            state,
            incidents=incidents,
            pending=pending,
            panels=panels,
            counts=count_by_severity(incidents),
        )

    def _panel(self, page: PageSpec, panel: PanelState) -> PanelState | None:
        """The panel with only the page's tiles; None when none of its tiles belong here.
        A panel without any tile (no data, failing) stays: it is not anyone's in
        particular, and a broken panel must not vanish."""
        if not panel.tiles:
            return panel
        key = (page.name, panel.spec.name)
        known = self._panels.get(key)
        if known is not None and known[0] is panel:
            return known[1]
        tiles = tuple(t for t in panel.tiles if page.filter.matches(t.labels))
        if not tiles:
            self._panels.pop(key, None)
            return None
        filtered = panel if len(tiles) == len(panel.tiles) else replace(panel, tiles=tiles)
        self._panels[key] = (panel, filtered)
        return filtered
