"""The board window: header, source banner, counters, incidents, SLA countdowns, roster, health.

Landscape: incidents left, countdowns and roster right, health along the bottom.
Portrait: the same regions stacked. Type scales with the window and the mode.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QLabel, QVBoxLayout, QWidget

from noc_wallboard.domain.board import BoardState
from noc_wallboard.presentation import (
    counters,
    incident_coverage,
    roster_line,
    source_chip,
)
from noc_wallboard.services.changes import ChangeSet
from noc_wallboard.ui.banner import SourceBanner
from noc_wallboard.ui.counters import SeverityCounters
from noc_wallboard.ui.header import HeaderBar
from noc_wallboard.ui.health_view import HealthPanels
from noc_wallboard.ui.incident_model import IncidentTableModel
from noc_wallboard.ui.incident_view import IncidentTable
from noc_wallboard.ui.roster_view import RosterView
from noc_wallboard.ui.sla_panel import SlaCountdowns
from noc_wallboard.ui.theme import Scale, color


class BoardWindow(QWidget):
    def __init__(self, mode: str = "desk") -> None:
        super().__init__()
        self.mode = mode
        self.setObjectName("boardWindow")
        self.setWindowTitle("NOC Wallboard")
        self.setAutoFillBackground(True)
        pal = self.palette()
        pal.setColor(self.backgroundRole(), color("bg"))
        self.setPalette(pal)
        self._state: BoardState | None = None
        self.setMinimumSize(640, 360)

        self.header = HeaderBar()
        self.banner = SourceBanner()
        self.counters = SeverityCounters()
        self.model = IncidentTableModel()
        self.table = IncidentTable(self.model)
        self.incidents_title = QLabel("INCIDENTS")
        self.incidents_title.setTextFormat(Qt.TextFormat.PlainText)
        self.sla = SlaCountdowns()
        self.roster = RosterView()
        self.health = HealthPanels(interactive=mode != "wall")
        if mode == "wall":
            # Read-only wall: no focus, no selection, nothing to click.
            self.table.setSelectionMode(self.table.SelectionMode.NoSelection)
            self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        left = QVBoxLayout()
        left.setSpacing(0)
        left.addWidget(self.counters, 2)
        left.addWidget(self.incidents_title)
        left.addWidget(self.table, 7)
        right = QVBoxLayout()
        right.setSpacing(0)
        right.addWidget(self.sla, 5)
        right.addWidget(self.roster, 3)
        self._middle = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self._middle.setSpacing(0)
        self._middle.addLayout(left, 62)
        self._middle.addLayout(right, 38)
        self._root = root = QVBoxLayout(self)
        root.setContentsMargins(4, 4, 4, 4)
        root.setSpacing(0)
        root.addWidget(self.header)
        root.addWidget(self.banner)
        root.addLayout(self._middle, 58)
        root.addWidget(self.health, 42)
        self._apply_scale(Scale.for_size(1920, 1080, mode))

    # ------------------------------------------------------------ layout
    def resizeEvent(self, event: QResizeEvent) -> None:
        size = event.size()
        portrait = size.height() > size.width()
        self._middle.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )
        # Portrait stacks incidents, clocks and roster: they need more of the height.
        self._root.setStretchFactor(self._middle, 70 if portrait else 58)
        self._root.setStretchFactor(self.health, 30 if portrait else 42)
        self._apply_scale(Scale.for_size(size.width(), size.height(), self.mode))
        super().resizeEvent(event)

    def _apply_scale(self, scale: Scale) -> None:
        for widget in (self.header, self.banner, self.counters, self.sla, self.roster, self.health):
            widget.set_scale(scale)
        self.table.set_scale(scale)
        self.incidents_title.setFont(scale.font(15, bold=True))
        self.incidents_title.setStyleSheet(
            f"color: {color('text.dim').name()}; padding: {scale.px(6)}px {scale.px(14)}px;"
        )

    # ------------------------------------------------------------ data
    def apply_state(self, state: BoardState, changes: ChangeSet | None = None) -> None:
        now = state.generated_at
        self._state = state
        self.header.set_title(state.title)
        chips = [source_chip(s, now) for s in state.sources]
        self.header.set_sources(chips)
        self.banner.set_sources(chips)
        coverage = incident_coverage(state)
        self.counters.set_counters(counters(state), coverage)
        self.model.apply(state, changes)
        self.sla.set_incidents(state.open_incidents, now, coverage)
        self.roster.set_lines([roster_line(d, now, state.sources) for d in state.roster])
        self.health.set_states(state.panels, now)
        open_n = len(state.open_incidents)
        suffix = (
            " \u00b7 INCOMPLETE: a source is not answering" if state.blind_incident_sources else ""
        )
        if state.pending:
            # Pending alerts are not incidents yet; say they are coming.
            suffix = f" \u00b7 {len(state.pending)} about to fire{suffix}"
        self.incidents_title.setText(f"INCIDENTS \u00b7 {open_n} open, most urgent first{suffix}")

    def tick(self, now: datetime) -> None:
        """1 Hz: clocks, heartbeat, countdowns. Nothing re-polls to tick."""
        self.header.tick(now)
        self.sla.tick(now)
        self.model.tick(now)
        if self._state is not None:
            chips = [source_chip(s, now) for s in self._state.sources]
            self.header.set_sources(chips)
            self.banner.set_sources(chips)
            # Hand-off countdowns tick; who is on duty changes only with the store's state.
            src = self._state.sources
            self.roster.set_lines([roster_line(d, now, src) for d in self._state.roster])
