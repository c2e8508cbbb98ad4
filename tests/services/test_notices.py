"""Desktop notification decisions: new critical/major incidents, sources going down."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from noc_wallboard.domain.board import BoardIncident, BoardState, SourceStatus
from noc_wallboard.domain.incident import Incident, IncidentState
from noc_wallboard.domain.severity import Severity
from noc_wallboard.services.notices import NoticeKind, NoticeTracker
from tests.factories import NOW, incident


def board(*incidents: Incident, sources: tuple[SourceStatus, ...] = ()) -> BoardState:
    return BoardState(
        generated_at=NOW,
        incidents=tuple(BoardIncident(i, None) for i in incidents),
        sources=sources,
    )


def up(name: str = "am") -> SourceStatus:
    return SourceStatus(name, "alertmanager", True, NOW, last_attempt=NOW)


def down(name: str = "am") -> SourceStatus:
    return SourceStatus(
        name,
        "alertmanager",
        False,
        NOW - timedelta(minutes=1),
        error="unavailable: connection refused",
        failing_since=NOW,
        last_attempt=NOW,
    )


def test_new_critical_and_major_incidents_notify_once_most_urgent_first():
    tracker = NoticeTracker()
    major, crit = incident("m", Severity.MAJOR), incident("c", Severity.CRITICAL)
    odd = incident("u", Severity.UNKNOWN)  # a severity no map knew is never left out
    notices = tracker.update(board(odd, major, crit, incident("w", Severity.WARNING)))
    assert [(n.kind, n.incident.id) for n in notices] == [
        (NoticeKind.INCIDENT, "c"),
        (NoticeKind.INCIDENT, "m"),
        (NoticeKind.INCIDENT, "u"),
    ]
    assert notices[0].urgent and not notices[1].urgent
    assert tracker.update(board(odd, major, crit)) == []


def test_acknowledged_incidents_are_not_news_and_a_rise_is():
    tracker = NoticeTracker()
    acked = replace(incident("a", Severity.CRITICAL), state=IncidentState.ACKNOWLEDGED)
    assert tracker.update(board(acked)) == []
    minor = incident("x", Severity.MINOR)
    assert tracker.update(board(minor)) == []
    (notice,) = tracker.update(board(replace(minor, severity=Severity.CRITICAL)))
    assert notice.incident.id == "x"


def test_many_new_incidents_become_one_summary():
    tracker = NoticeTracker()
    many = [incident(f"c{i}", Severity.CRITICAL) for i in range(5)]
    many += [incident(f"m{i}", Severity.MAJOR) for i in range(2)]
    (summary,) = tracker.update(board(*many))
    assert summary.kind is NoticeKind.INCIDENTS
    assert summary.counts == ((Severity.CRITICAL, 5), (Severity.MAJOR, 2))
    assert summary.urgent


def test_a_source_going_down_notifies_once_and_again_after_it_recovered():
    tracker = NoticeTracker()
    waiting = SourceStatus("am", "alertmanager", False, None)  # not asked yet: not down
    assert tracker.update(board(sources=(waiting,))) == []
    assert tracker.update(board(sources=(up(),))) == []
    (notice,) = tracker.update(board(sources=(down(),)))
    assert notice.kind is NoticeKind.SOURCE_DOWN and notice.source.name == "am"
    assert notice.urgent
    assert tracker.update(board(sources=(down(),))) == []
    assert tracker.update(board(sources=(up(),))) == []
    assert len(tracker.update(board(sources=(down(),)))) == 1
