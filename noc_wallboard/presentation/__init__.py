"""Pure view-models: BoardState → texts, colour tokens, order. Testable without Qt.

Colour is never alone: every severity and status carries a glyph and a word too.
Tokens (e.g. "sev.critical") are mapped to real colours by the UI theme.
"""

from noc_wallboard.presentation.formatting import (
    MINUS,
    SEVERITY_GLYPH,
    STATUS_GLYPH,
    format_age,
    format_clock_time,
    format_countdown,
    format_value,
    severity_token,
    status_token,
)
from noc_wallboard.presentation.health import PanelVM, TileVM, panel_vm, tile_vm
from noc_wallboard.presentation.incidents import (
    ClockVM,
    CounterVM,
    CoverageVM,
    IncidentRowVM,
    clock_vm,
    counters,
    incident_clocks,
    incident_coverage,
    incident_row,
)
from noc_wallboard.presentation.roster import RosterLineVM, roster_line
from noc_wallboard.presentation.sources import SourceChipVM, source_chip

__all__ = [
    "MINUS",
    "SEVERITY_GLYPH",
    "STATUS_GLYPH",
    "ClockVM",
    "CounterVM",
    "CoverageVM",
    "IncidentRowVM",
    "PanelVM",
    "RosterLineVM",
    "SourceChipVM",
    "TileVM",
    "clock_vm",
    "counters",
    "format_age",
    "format_clock_time",
    "format_countdown",
    "format_value",
    "incident_clocks",
    "incident_coverage",
    "incident_row",
    "panel_vm",
    "roster_line",
    "severity_token",
    "source_chip",
    "status_token",
    "tile_vm",
]
