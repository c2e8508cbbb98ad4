"""The reports as CSV: one table per section, each introduced by a row holding only the
section's name and followed by an empty row. Durations in seconds, times in RFC 3339 UTC,
so a spreadsheet can compute with them."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from noc_wallboard.domain.history import IncidentRecord
from noc_wallboard.domain.report_figures import ClockAt, DurationStats
from noc_wallboard.domain.report_handover import HandoverReport
from noc_wallboard.domain.report_sla import MonthFigures, SlaReport


def _t(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _s(value: timedelta | None) -> str:
    """Seconds, plain (never `5e+06`), to the millisecond."""
    if value is None:
        return ""
    return f"{value.total_seconds():.3f}".rstrip("0").rstrip(".")


def _p(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


class _Csv:
    def __init__(self) -> None:
        self.buffer = io.StringIO()
        self.writer = csv.writer(self.buffer, lineterminator="\r\n")

    def section(self, name: str, head: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
        self.writer.writerow([name])
        self.writer.writerow(head)
        self.writer.writerows(rows)
        self.writer.writerow([])

    def text(self) -> str:
        return self.buffer.getvalue()


def _stats(name: str, stats: DurationStats) -> list[object]:
    return [name, stats.count, _s(stats.mean), _s(stats.p50), _s(stats.p90)]


def _clock(clock: ClockAt | None) -> list[object]:
    if clock is None:
        return ["", "", "", ""]
    return [clock.state.value, _s(clock.target), _s(clock.actual), _t(clock.due_at)]


def _incident(rec: IncidentRecord) -> list[object]:
    return [rec.source, rec.incident_id, rec.severity.value, rec.title, rec.client or ""]


INCIDENT_HEAD = ["source", "incident", "severity", "title", "client"]


def handover_csv(report: HandoverReport) -> str:
    out = _Csv()
    out.section(
        "shift",
        [
            "start",
            "end",
            "generated_at",
            "figures_at",
            "in_progress",
            "outgoing_lead",
            "incoming_lead",
            "risk_horizon_s",
        ],
        [
            [
                _t(report.start),
                _t(report.end),
                _t(report.generated_at),
                _t(report.figures_at),
                "yes" if report.in_progress else "no",
                report.outgoing,
                report.incoming,
                _s(report.risk_horizon),
            ]
        ],
    )
    out.section(
        "summary",
        ["open", "new", "acknowledged", "resolved", "breaches"],
        [
            [
                report.open_count,
                len(report.new),
                len(report.acknowledged),
                len(report.resolved),
                len(report.breached),
            ]
        ],
    )
    out.section(
        "times",
        ["figure", "count", "mean_s", "p50_s", "p90_s"],
        [_stats("mtta", report.mtta), _stats("mttr", report.mttr)],
    )
    out.section(
        "open_incidents",
        [
            *INCIDENT_HEAD,
            "opened_at",
            "state",
            "owner",
            "response_state",
            "response_target_s",
            "response_actual_s",
            "response_due_at",
            "resolution_state",
            "resolution_target_s",
            "resolution_actual_s",
            "resolution_due_at",
        ],
        [
            [
                *_incident(i.record),
                _t(i.record.opened_at),
                "acknowledged" if i.state.acknowledged else "open",
                i.state.owner or "",
                *_clock(i.response),
                *_clock(i.resolution),
            ]
            for _, items in report.open_by_severity
            for i in items
        ],
    )
    out.section(
        "at_risk",
        [*INCIDENT_HEAD, "clock", "due_at", "due_in_s"],
        [
            [*_incident(r.record), r.clock.kind, _t(r.clock.due_at), _s(r.due_in)]
            for r in report.at_risk
        ],
    )
    for name, records in (
        ("new", report.new),
        ("acknowledged", report.acknowledged),
        ("resolved", report.resolved),
    ):
        out.section(
            name,
            [*INCIDENT_HEAD, "opened_at", "first_ack_at", "first_ack_by", "resolved_at"],
            [
                [
                    *_incident(r),
                    _t(r.opened_at),
                    _t(r.first_ack_at),
                    r.first_ack_by or "",
                    _t(r.resolved_at),
                ]
                for r in records
            ],
        )
    out.section(
        "breaches",
        [*INCIDENT_HEAD, "clock", "cycle", "target_s", "actual_s", "overrun_s", "breached_at"],
        [
            [
                *_incident(b.record),
                b.clock.kind,
                b.clock.cycle,
                _s(b.clock.target),
                _s(b.clock.actual),
                _s(b.clock.overrun),
                _t(b.clock.breached_at),
            ]
            for b in report.breached
        ],
    )
    out.section(
        "sources_down",
        ["source", "from", "until", "duration_s", "error"],
        [
            [o.source, _t(o.start), _t(o.end), _s(o.duration(report.figures_at)), o.error]
            for o in report.outages
        ],
    )
    out.section(
        "roster",
        ["line", "on_duty", "from", "until"],
        [[p.line, "; ".join(p.who), _t(p.start), _t(p.end)] for p in report.roster],
    )
    out.section(
        "acknowledgements",
        ["at", "action", "source", "incident", "actor", "host", "result"],
        [
            [_t(a.at), a.action, a.source, a.incident_id, a.actor, a.host, a.result]
            for a in report.acks
        ],
    )
    out.section("notes", ["text"], [[report.notes]])
    return out.text()


def _month_rows(client: str, label: str, m: MonthFigures) -> list[object]:
    return [
        client,
        label,
        m.total,
        *(m.count(s) for s, _ in m.counts),
        m.response.met,
        m.response.breached,
        m.response.eligible,
        _p(m.response.percent),
        m.response.running,
        m.resolution.met,
        m.resolution.breached,
        m.resolution.eligible,
        _p(m.resolution.percent),
        m.resolution.running,
        _s(m.mtta.mean),
        _s(m.mtta.p50),
        _s(m.mtta.p90),
        _s(m.mttr.mean),
        _s(m.mttr.p50),
        _s(m.mttr.p90),
    ]


def sla_csv(report: SlaReport) -> str:
    out = _Csv()
    sevs = [s.value for s, _ in report.clients[0].month.counts] if report.clients else []
    head = [
        "client",
        "month",
        "incidents",
        *sevs,
        "response_met",
        "response_breached",
        "response_eligible",
        "response_compliance_pct",
        "response_running",
        "resolution_met",
        "resolution_breached",
        "resolution_eligible",
        "resolution_compliance_pct",
        "resolution_running",
        "mtta_mean_s",
        "mtta_p50_s",
        "mtta_p90_s",
        "mttr_mean_s",
        "mttr_p50_s",
        "mttr_p90_s",
    ]
    rows = []
    for section in report.clients:
        rows.append(_month_rows(section.client, report.label, section.month))
        prev = f"{section.previous.start:%Y-%m}"
        rows.append(_month_rows(section.client, prev, section.previous))
    out.section(
        "report",
        ["month", "timezone", "generated_at", "in_progress"],
        [
            [
                report.label,
                report.timezone,
                _t(report.generated_at),
                "yes" if report.in_progress else "no",
            ]
        ],
    )
    out.section("sla", head, rows)
    out.section(
        "breaches",
        [
            "client",
            *INCIDENT_HEAD[:4],
            "opened_at",
            "clock",
            "cycle",
            "cycle_severity",
            "target_s",
            "actual_s",
            "overrun_s",
        ],
        [
            [
                section.client,
                *_incident(b.record)[:4],
                _t(b.record.opened_at),
                b.clock.kind,
                b.clock.cycle,
                b.severity.value,
                _s(b.clock.target),
                _s(b.clock.actual),
                _s(b.overrun),
            ]
            for section in report.clients
            for b in section.month.breaches
        ],
    )
    return out.text()
