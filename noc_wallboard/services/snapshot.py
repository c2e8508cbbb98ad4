"""BoardState → the snapshot JSON contract (later issues extend it; never rename keys)."""

from __future__ import annotations

import math
from typing import Any

from noc_wallboard.domain.board import BoardIncident, BoardState
from noc_wallboard.domain.health import PanelState, TileStatus
from noc_wallboard.domain.health_panels import group_tiles
from noc_wallboard.domain.incident import Incident
from noc_wallboard.domain.roster import LineDuty
from noc_wallboard.domain.sla import SlaClock
from noc_wallboard.domain.timeutil import rfc3339


def _number(value: float | None) -> float | None:
    # JSON has no NaN/Inf; ±Inf survive as huge numbers would lie, so they become null.
    if value is None or math.isnan(value) or math.isinf(value):
        return None
    return value


def _clock(clock: SlaClock, state: BoardState) -> dict[str, Any]:
    remaining = clock.remaining_at(state.generated_at).total_seconds()
    return {
        "target_s": int(clock.target.total_seconds()),
        "due_at": rfc3339(clock.due_at),
        "original_due_at": rfc3339(clock.original_due_at),
        "remaining_s": round(remaining, 3),
        "state": clock.state_at(state.generated_at).value,
        "calendar": clock.calendar,
        "business_time": clock.business,
        "paused": clock.paused,
    }


def _incident(item: BoardIncident, state: BoardState) -> dict[str, Any]:
    inc = item.incident
    return {
        "id": inc.id,
        "source": inc.source,
        "title": inc.title,
        "severity": inc.severity.value,
        "raw_severity": inc.raw_severity,
        "state": inc.state.value,
        "opened_at": rfc3339(inc.opened_at),
        "acknowledged_at": rfc3339(inc.acknowledged_at),
        "acknowledged_by": inc.acknowledged_by,
        "silenced": inc.silenced,
        "inhibited": inc.inhibited,
        "raw_status": inc.raw_status,
        "response_started_at": rfc3339(inc.response_started_at or inc.opened_at),
        "stale": item.stale,
        "labels": dict(inc.labels),
        "sla": None
        if item.sla is None
        else {
            "policy": item.sla.policy,
            "response": _clock(item.sla.response, state),
            "resolution": _clock(item.sla.resolution, state),
        },
    }


def _pending(inc: Incident) -> dict[str, Any]:
    return {
        "id": inc.id,
        "source": inc.source,
        "title": inc.title,
        "severity": inc.severity.value,
        "since": rfc3339(inc.opened_at),
        "labels": dict(inc.labels),
    }


def _panel(panel: PanelState) -> dict[str, Any]:
    spec = panel.spec
    return {
        "panel": spec.name,
        "source": spec.source,
        "updated_at": rfc3339(panel.updated_at),
        "stale": panel.stale,
        "error": panel.error,
        "warnings": list(panel.warnings),
        "tiles": [
            {
                "key": t.key,
                "title": t.title,
                "labels": dict(t.labels),
                "value": _number(t.value),
                "unit": t.unit,
                "status": t.status.value,
                "last_status": t.last_status.value if t.last_status else None,
                "sparkline": [_number(v) for v in t.history] if spec.sparkline else None,
            }
            for t in panel.tiles
        ],
        "kind": spec.kind.value,
        "status": panel.worst.value,
        "group_by": spec.group_by,
        "groups": [
            {
                "name": g.name,
                "status": g.worst.value,
                "critical": g.count(TileStatus.CRITICAL),
                "warning": g.count(TileStatus.WARNING),
                "total": len(g.tiles),
            }
            for g in (group_tiles(panel.tiles, spec.group_by) if spec.group_by else ())
        ],
    }


def _line(duty: LineDuty) -> dict[str, Any]:
    return {
        "line": duty.line,
        "on_duty": [p.name for p in duty.on_duty],
        "contacts": {p.name: p.contact for p in duty.on_duty if p.contact},
        "since": rfc3339(duty.since),
        "until": rfc3339(duty.until),
        "next": [p.name for p in duty.next],
        "next_at": rfc3339(duty.next_at),
        "next_contacts": {p.name: p.contact for p in duty.next if p.contact},
        "gap": duty.is_empty,  # nobody on duty: the board's alarm
        "sources": list(duty.sources),
        "stale": duty.stale,
        "error": duty.error,
    }


def roster_list(roster: tuple[LineDuty, ...]) -> list[dict[str, Any]]:
    """The snapshot's `roster`; `noc-wallboard roster` prints the same shape."""
    return [_line(d) for d in roster]


def snapshot_dict(state: BoardState) -> dict[str, Any]:
    return {
        "generated_at": rfc3339(state.generated_at),
        "title": state.title,
        "sources": [
            {
                "name": s.name,
                "kind": s.kind,
                "ok": s.ok,
                "last_success": rfc3339(s.last_success),
                "error": s.error,
                "failing_since": rfc3339(s.failing_since),
                "clock_skew_s": s.clock_skew_s,
                "warning": s.warning,
            }
            for s in state.sources
        ],
        "health": [_panel(p) for p in state.panels],
        "incidents": {
            "complete": state.incidents_known,
            "blind_sources": list(state.blind_incident_sources),
            "counts": {
                sev.value: {"total": c.total, "unacknowledged": c.unacknowledged}
                for sev, c in state.counts.items()
            },
            "items": [_incident(i, state) for i in state.incidents],
            "pending": [_pending(i) for i in state.pending],
        },
        "roster": [_line(d) for d in state.roster],
    }
