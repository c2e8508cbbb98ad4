"""Which desktop notifications the desk should raise: pure decisions over board states.

A notification for each new critical or major incident (new, or risen to one of those
severities; acknowledged ones are old news) and each new `unknown` one (a severity no map
knew may well be critical: it never goes unannounced), and for each source that goes down. Many
at once (the first poll of a busy board) become one summary rather than a flood of
bubbles. The ui (`ui/tray.py`) shows them through the system tray, at the desk only.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from noc_wallboard.domain.board import BoardState, SourceStatus
from noc_wallboard.domain.incident import Incident, IncidentState
from noc_wallboard.domain.severity import Severity

NOTIFY_SEVERITIES = frozenset({Severity.CRITICAL, Severity.MAJOR, Severity.UNKNOWN})
MAX_SINGLE = 3  # more new incidents than this in one state: one summary instead


class NoticeKind(Enum):
    INCIDENT = "incident"
    INCIDENTS = "incidents"  # a summary of several new incidents
    SOURCE_DOWN = "source_down"


@dataclass(frozen=True, slots=True)
class Notice:
    kind: NoticeKind
    incident: Incident | None = None
    source: SourceStatus | None = None
    counts: tuple[tuple[Severity, int], ...] = ()  # summary: new incidents per severity

    @property
    def urgent(self) -> bool:
        """Critical incidents and down sources get the alarm icon."""
        if self.incident is not None:
            return self.incident.severity is Severity.CRITICAL
        return self.kind is NoticeKind.SOURCE_DOWN or any(
            sev is Severity.CRITICAL for sev, _ in self.counts
        )


class NoticeTracker:
    def __init__(self, severities: frozenset[Severity] = NOTIFY_SEVERITIES) -> None:
        self._severities = severities
        self._seen: dict[tuple[str, str], Severity] = {}
        self._down: set[str] = set()

    def update(self, state: BoardState) -> list[Notice]:
        notices: list[Notice] = []
        new: list[Incident] = []
        seen: dict[tuple[str, str], Severity] = {}
        for item in state.incidents:
            inc = item.incident
            if inc.state is not IncidentState.OPEN or inc.severity not in self._severities:
                continue
            before = self._seen.get(inc.key)
            if before is None or inc.severity.rank < before.rank:
                new.append(inc)
            seen[inc.key] = inc.severity
        self._seen = seen
        if len(new) > MAX_SINGLE:
            counts = tuple(
                (sev, n)
                for sev in Severity.ordered()
                if (n := sum(1 for inc in new if inc.severity is sev))
            )
            notices.append(Notice(NoticeKind.INCIDENTS, counts=counts))
        else:
            new.sort(key=lambda inc: inc.severity.rank)
            notices.extend(Notice(NoticeKind.INCIDENT, incident=inc) for inc in new)
        down = {s.name for s in state.sources if _is_down(s)}
        notices.extend(
            Notice(NoticeKind.SOURCE_DOWN, source=s)
            for s in state.sources
            if s.name in down and s.name not in self._down
        )
        self._down = down
        return notices


def _is_down(status: SourceStatus) -> bool:
    """Failed its last attempt (a source still waiting for its first answer is not down)."""
    return not status.ok and status.last_attempt is not None
