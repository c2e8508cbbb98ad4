"""The board window: header, source banner, counters, incidents, SLA countdowns, roster, health.

Landscape: incidents left, countdowns and roster right, health along the bottom.
Portrait: the same regions stacked. Type scales with the window and the mode.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from noc_wallboard.domain.board import BoardState
from noc_wallboard.domain.wall import REGIONS, ClockZone
from noc_wallboard.presentation import (
    counters,
    incident_coverage,
    roster_line,
    source_chip,
)
from noc_wallboard.presentation.i18n import translate
from noc_wallboard.presentation.screens import fitted_unit
from noc_wallboard.presentation.wall import PageVM
from noc_wallboard.services.changes import ChangeSet
from noc_wallboard.ui.ack_bar import AckBar
from noc_wallboard.ui.attention_bar import AttentionBar
from noc_wallboard.ui.banner import SourceBanner
from noc_wallboard.ui.counters import SeverityCounters
from noc_wallboard.ui.header import HeaderBar
from noc_wallboard.ui.health_view import HealthPanels
from noc_wallboard.ui.incident_model import IncidentTableModel
from noc_wallboard.ui.incident_overflow import IncidentOverflow
from noc_wallboard.ui.incident_view import IncidentTable
from noc_wallboard.ui.roster_view import RosterView
from noc_wallboard.ui.sla_panel import SlaCountdowns
from noc_wallboard.ui.theme import Scale, color


class BoardWindow(QWidget):
    def __init__(self, mode: str = "desk", ack_actor: str | None = None) -> None:
        """`ack_actor` set: the board offers one-click acknowledgement as that engineer
        (desk mode; a wall only when the config allows it, for touch screens)."""
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
        self.model = IncidentTableModel(ack_column=ack_actor is not None)
        self.table = IncidentTable(self.model)
        self.ack_bar = AckBar(self.table, ack_actor) if ack_actor is not None else None
        self.incidents_title = QLabel(translate("board", "INCIDENTS"))
        self.incidents_title.setTextFormat(Qt.TextFormat.PlainText)
        # Sound indicator (muted, snoozed, no audio) and the desk's mute/snooze buttons;
        # hidden until a sound controller (ui/sound.py) drives it.
        self.attention = AttentionBar(mode)
        self.sla = SlaCountdowns()
        self.roster = RosterView()
        self.health = HealthPanels(interactive=mode != "wall")
        if mode == "wall":
            # Read-only wall: no focus, no selection, nothing to click.
            self.table.setSelectionMode(self.table.SelectionMode.NoSelection)
            self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # The wall never cuts a row: what does not fit is named on a "+N more" line.
        self.overflow = IncidentOverflow(self.table, self.model) if mode == "wall" else None
        # Viewing distance (m) and screen diagonal (in): the wall's type is sized for them.
        self._viewing: tuple[float | None, float | None] = (None, None)
        self._regions = frozenset(REGIONS)

        left = QVBoxLayout()
        left.setSpacing(0)
        left.addWidget(self.counters, 2)
        title_row = QHBoxLayout()
        title_row.setSpacing(0)
        title_row.addWidget(self.incidents_title, 1)
        title_row.addWidget(self.attention)
        left.addLayout(title_row)
        if self.ack_bar is not None:
            left.addWidget(self.ack_bar)
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
        self._fit_regions(portrait)
        self._apply_scale(Scale.for_size(size.width(), size.height(), self.mode, *self._viewing))
        super().resizeEvent(event)
        self._fit_scale()

    def _fit_scale(self) -> None:
        """Wall: the type the viewing distance asks for — unless the health panels would
        then have no room to name a broken tile, or the incident list to show five rows
        (a tall header, many roster lines): then the largest type that still fits,
        found by bisection down to the fitted layout. Largest, not "a step or two
        smaller": a longer distance never gets smaller type than a shorter one. The wall
        never scrolls or clips."""
        if self.mode != "wall":
            return
        width, height = self.width(), self.height()
        wanted = Scale.for_size(width, height, self.mode, *self._viewing).unit
        floor = min(fitted_unit(width, height), wanted)
        if self._fits(wanted) or wanted - floor < 1e-3:
            return
        low, high = floor, wanted  # the fitted layout is the least the wall shows
        while high - low > 0.004:
            mid = (low + high) / 2
            if self._fits(mid):
                low = mid
            else:
                high = mid
        self._fits(low)

    def _fits(self, unit: float) -> bool:
        """Lay the board out at `unit`; whether the health panels can name a broken tile
        and the incident list shows five rows."""
        if abs(unit - self.header.scale.unit) > 1e-6:
            self._apply_scale(Scale(unit))
        self._root.activate()
        health_ok = self.health.isHidden() or (
            self.health.height() >= self.health.useful_height(self.width())
        )
        rows_ok = self.table.isHidden() or (
            self.table.viewport().height() >= 5 * Scale(unit).px(38)
        )
        return health_ok and rows_ok

    def set_viewing(self, distance_m: float | None, diagonal_in: float | None) -> None:
        """Wall: size the type for this viewing distance on a screen of this diagonal."""
        self._viewing = (distance_m, diagonal_in)
        self._apply_scale(Scale.for_size(self.width(), self.height(), self.mode, *self._viewing))
        self._fit_scale()

    def set_clocks(self, zones: tuple[ClockZone, ...]) -> None:
        self.header.set_clocks(zones)

    def set_page(self, page: PageVM, regions: frozenset[str] = frozenset(REGIONS)) -> None:
        """The page in the header, and only the regions it shows."""
        header_h = self.header.height()
        self.header.set_page(page)
        if regions == self._regions:
            if self.header.height() != header_h:  # a hold's strip came or went
                self._fit_scale()
            return
        self._regions = regions
        incidents = "incidents" in regions
        for widget in (self.counters, self.incidents_title, self.table):
            widget.setVisible(incidents)
        self.sla.setVisible("sla" in regions)
        self.roster.setVisible("roster" in regions)
        self.health.setVisible("health" in regions)
        self._fit_regions(self.height() > self.width())
        self._fit_scale()

    def _fit_regions(self, portrait: bool) -> None:
        # Portrait stacks incidents, clocks and roster: they need more of the height.
        middle, health = (70, 30) if portrait else (58, 42)
        if "incidents" not in self._regions and "health" in self._regions:
            # Clocks or roster beside the health panels: as tall as they need, no more.
            middle = 0
        self._root.setStretchFactor(self._middle, middle)
        self._root.setStretchFactor(self.health, health)
        # Stacked in portrait, the incident list gets most of the middle: the clocks and
        # roster beneath it take what they need.
        self._middle.setStretch(0, 75 if portrait else 62)
        self._middle.setStretch(1, 25 if portrait else 38)

    def _apply_scale(self, scale: Scale) -> None:
        for widget in (self.header, self.banner, self.counters, self.sla, self.roster, self.health):
            widget.set_scale(scale)
        self.table.set_scale(scale)
        if self.ack_bar is not None:
            self.ack_bar.set_scale(scale)
        if self.overflow is not None:
            self.overflow.set_scale(scale)
        self.attention.set_scale(scale)
        self.incidents_title.setFont(scale.font(15, bold=True))
        self.incidents_title.setStyleSheet(
            f"color: {color('text.dim').name()}; padding: {scale.px(6)}px {scale.px(14)}px;"
        )

    # ------------------------------------------------------------ data
    def apply_state(self, state: BoardState, changes: ChangeSet | None = None) -> None:
        now = state.generated_at
        layout = self._layout_key()
        self._state = state
        self.header.note_state(state)
        self.header.set_title(state.title)
        chips = [source_chip(s, now) for s in state.sources]
        self.header.set_sources(chips)
        self.banner.set_sources(chips)
        coverage = incident_coverage(state)
        self.counters.set_counters(counters(state), coverage)
        self.model.apply(state, changes)
        if self.overflow is not None:
            self.overflow.flush()  # one "+N more" refit for all the row changes
        if self.ack_bar is not None:
            self.ack_bar.set_requests(state.acks)
        self.sla.set_incidents(state.open_incidents, now, coverage)
        self.roster.set_lines([roster_line(d, now, state.sources) for d in state.roster])
        self.health.set_states(state.panels, now)
        open_n = len(state.open_incidents)
        dot = " \u00b7 "
        suffix = (
            dot + translate("board", "INCOMPLETE: a source is not answering")
            if state.blind_incident_sources
            else ""
        )
        if state.pending:
            # Pending alerts are not incidents yet; say they are coming.
            fire = translate("board", "%n about to fire", None, len(state.pending))
            suffix = f"{dot}{fire}{suffix}"
        head = translate("board", "INCIDENTS")
        opened = translate("board", "%n open, most urgent first", None, open_n)
        self.incidents_title.setText(f"{head}{dot}{opened}{suffix}")
        if self._layout_key() != layout:
            self._fit_scale()

    def _layout_key(self) -> tuple[int, int, int, int]:
        """What decides whether the wall's type still fits: rows of header and banner,
        roster lines, health panels."""
        return (
            self.header.height(),
            self.banner.height() if self.banner.isVisible() else 0,
            self.roster.minimumHeight(),
            self.health.useful_height(self.width()),
        )

    def tick(self, now: datetime) -> None:
        """1 Hz: clocks, heartbeat, countdowns. Nothing re-polls to tick."""
        header_h = self.header.height()
        self.header.tick(now)
        if self.header.height() != header_h:  # the heartbeat's alarm strip came or went
            self._fit_scale()
        self.sla.tick(now)
        self.model.tick(now)
        if self._state is not None:
            chips = [source_chip(s, now) for s in self._state.sources]
            self.header.set_sources(chips)
            self.banner.set_sources(chips)
            # Hand-off countdowns tick; who is on duty changes only with the store's state.
            src = self._state.sources
            self.roster.set_lines([roster_line(d, now, src) for d in self._state.roster])
