"""BoardState → the snapshot JSON contract (later issues extend it; never rename keys)."""

from __future__ import annotations

import math
from typing import Any

from noc_wallboard.domain.board import BoardIncident, BoardState
from noc_wallboard.domain.health import PanelState
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
        "state": clock.state.value,
        "calendar": clock.calendar,
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
        "stale": item.stale,
        "labels": dict(inc.labels),
        "sla": None
        if item.sla is None
        else {
            "response": _clock(item.sla.response, state),
            "resolution": _clock(item.sla.resolution, state),
        },
    }


def _panel(panel: PanelState) -> dict[str, Any]:
    return {
        "panel": panel.spec.name,
        "source": panel.spec.source,
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
            }
            for t in panel.tiles
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
    }


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
        },
        "roster": [_line(d) for d in state.roster],
    }
