"""One board window and its pages: the rotation decides (pure, `presentation.rotation`),
this only switches what the window shows."""

from __future__ import annotations

from datetime import datetime

from noc_wallboard.domain.board import BoardState
from noc_wallboard.domain.wall import PageSpec, WallSpec
from noc_wallboard.presentation.page_filter import StateFilter
from noc_wallboard.presentation.rotation import PageChoice, PageRotation
from noc_wallboard.presentation.wall import page_vm
from noc_wallboard.services.changes import ChangeSet
from noc_wallboard.ui.main_window import BoardWindow


class BoardScreen:
    """Feeds a window the state of its current page. Without pages it is the whole
    board, as a window without this wrapper would show it."""

    def __init__(
        self,
        window: BoardWindow,
        wall: WallSpec | None = None,
        pages: tuple[PageSpec, ...] | None = None,
    ) -> None:
        wall = wall or WallSpec()
        self.window = window
        self.wall = wall
        self.rotation = PageRotation(
            wall.pages if pages is None else pages,
            wall.hold,
            wall.interrupt_severities,
            wall.interrupt_on_breach,
        )
        self._filter = StateFilter()
        self._state: BoardState | None = None
        self._choice: PageChoice | None = None
        window.set_clocks(wall.clocks)
        window.header.heartbeat.stall_after = wall.stall_after

    @property
    def windows(self) -> list[BoardWindow]:
        return [self.window]

    @property
    def choice(self) -> PageChoice | None:
        return self._choice

    def apply_state(self, state: BoardState, changes: ChangeSet | None = None) -> None:
        self._state = state
        choice = self.rotation.select(state.generated_at, state)
        switched = self._switch(choice, state.generated_at)
        # A page switch changes which incidents are listed: rebuild rows from the state
        # (still by row operations) rather than trusting the poll's change set.
        self.window.apply_state(
            self._filter.apply(state, choice.page), None if switched else changes
        )

    def tick(self, now: datetime) -> None:
        if self._state is not None:
            choice = self.rotation.select(now)
            # `_switch` has shown the page (and its dwell bar) already.
            if self._switch(choice, now):
                self.window.apply_state(self._filter.apply(self._state, choice.page))
        self.window.tick(now)

    def _switch(self, choice: PageChoice, now: datetime) -> bool:
        before = self._choice
        self._choice = choice
        self.window.set_page(page_vm(choice, now), choice.page.regions)
        return before is not None and before.page != choice.page
