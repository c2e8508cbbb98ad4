"""The reports as HTML: stand-alone (inline CSS and SVG, no external reference of any
kind: a file that opens anywhere, mailed or archived) or, for the PDF, the subset of HTML
that Qt's QTextDocument lays out, with the charts as named images the PDF writer supplies.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from noc_wallboard.domain.history import IncidentRecord
from noc_wallboard.domain.report_figures import ClockAt
from noc_wallboard.domain.report_handover import HandoverReport
from noc_wallboard.domain.report_sla import ClientSection, MonthFigures, SlaReport
from noc_wallboard.domain.severity import Severity
from noc_wallboard.domain.sla import ClockState
from noc_wallboard.presentation.report_charts import compliance_chart, daily_chart, severity_chart
from noc_wallboard.presentation.report_text import (
    SEVERITY_HEX,
    STATE_WORD,
    delta_count,
    delta_duration,
    delta_points,
    duration,
    esc,
    percent,
    severity_word,
    short_id,
    stats_cells,
    when,
)

BODY_CSS = """
body { font-family: 'DejaVu Sans', Arial, sans-serif; color: #1b1f23; margin: 24px;
       font-size: 10pt; }
h1 { font-size: 18pt; margin: 0 0 4px 0; }
h2 { font-size: 13pt; margin: 18px 0 6px 0; border-bottom: 2px solid #0b5394; }
h3 { font-size: 11pt; margin: 12px 0 4px 0; }
"""
CSS = """
table { border-collapse: collapse; margin: 4px 0 8px 0; }
th { background: #e8edf2; text-align: left; }
th, td { border: 1px solid #b8c2cc; padding: 3px 6px; vertical-align: top; }
td.num { text-align: right; }
.meta { color: #444; }
.breached { color: #b00020; font-weight: bold; }
.empty { color: #555; font-style: italic; }
.notes { white-space: pre-wrap; border: 1px solid #b8c2cc; padding: 6px; }
.chart { margin: 6px 0; }
.src { color: #555; font-size: 85%; }
.progress { color: #9a6200; font-weight: bold; }
"""

# Qt lays out on the PDF page itself (its margins are the page's) in the subset of CSS it
# knows, keeping the first rule for a selector: its own rules instead of BODY_CSS, before
# CSS. Table cells do not inherit the body's size in Qt: they get theirs. Column widths
# (`_Doc.table`) are made for these sizes.
QT_CSS = (
    "body { font-family: 'DejaVu Sans'; color: #1b1f23; margin: 0; font-size: 7pt; } "
    "h1 { font-size: 15pt; margin: 0 0 4px 0; } "
    "h2 { font-size: 11pt; margin: 14px 0 4px 0; color: #0b5394; } "
    "h3 { font-size: 9pt; margin: 10px 0 3px 0; } "
    "td, th { font-size: 7pt; } .src { font-size: 5.5pt; color: #555; }"
)
# A hyphen between digits (in dates), made non-breaking for Qt's layout.
_DATE_HYPHEN = re.compile(r"(?<=\d)-(?=\d)")
NB_HYPHEN = "\u2011"


@dataclass
class ReportDocument:
    """HTML plus, for the PDF variant, the charts its `<img src>` names refer to."""

    title: str
    html: str
    charts: dict[str, str] = field(default_factory=dict)


class _Doc:
    def __init__(self, title: str, for_qt: bool) -> None:
        self.title = title
        self.for_qt = for_qt
        self.parts: list[str] = []
        self.charts: dict[str, str] = {}

    def add(self, text: str) -> None:
        self.parts.append(text)

    def table(
        self,
        head: Sequence[str],
        rows: Iterable[Sequence[str]],
        empty: str,
        widths: Sequence[int | None] = (),
        nowrap: Iterable[int] = (),
    ) -> None:
        """Cells are already escaped (or markup made here). `widths`: per column, a share
        of the page in percent (one None: what is left); `nowrap`: columns whose lines
        never break inside (ids, times, durations). A browser gets `white-space: nowrap`;
        Qt, whose table layout lets a nowrap column push the others off the page, gets
        fixed widths made wide enough for these cells and non-breaking hyphens in dates.
        The header row is a `<thead>`: repeated on every PDF page the table runs over."""
        body = list(rows)
        if not body:
            self.add(f"<p class='empty'>{esc(empty)}</p>")
            return
        keep = set(nowrap)
        attrs = " border='1' cellspacing='0' cellpadding='2' width='100%'" if self.for_qt else ""
        sizes: list[int | None] = [*widths, *([None] * (len(head) - len(widths)))]
        if widths:
            rest = 100 - sum(w for w in sizes if w is not None)
            sizes = [rest if w is None else w for w in sizes]
        cells = []
        for h, w in zip(head, sizes, strict=True):
            size = ""
            if w is not None:
                size = f" width='{w}%'" if self.for_qt else f" style='width:{w}%'"
            cells.append(f"<th{size}>{esc(h)}</th>")
        out = [f"<table{attrs}><thead><tr>", *cells, "</tr></thead><tbody>"]
        for row in body:
            out.append("<tr>" + "".join(self._cell(c, i in keep) for i, c in enumerate(row)))
            out.append("</tr>")
        out.append("</tbody></table>")
        self.add("".join(out))

    def _cell(self, content: str, nowrap: bool) -> str:
        if not nowrap:
            return f"<td>{content}</td>"
        if self.for_qt:
            return f"<td>{_DATE_HYPHEN.sub(NB_HYPHEN, content)}</td>"
        return f"<td style='white-space:nowrap'>{content}</td>"

    def when(self, moment: datetime | None, zone: ZoneInfo) -> str:
        """A time in a table cell: in full for a browser (which keeps it on one line),
        `MM-DD HH:MM` in a PDF's narrow columns (the report's heading has the year)."""
        if self.for_qt and moment is not None:
            return esc(moment.astimezone(zone).strftime("%m-%d %H:%M"))
        return esc(when(moment, zone))

    def chart(self, svg: str) -> None:
        if self.for_qt:
            name = f"chart-{len(self.charts)}"
            self.charts[name] = svg
            self.add(f"<p class='chart'><img src='{name}' width='500'></p>")
        else:
            self.add(f"<div class='chart'>{svg}</div>")

    def render(self) -> ReportDocument:
        head = (
            "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            f"<title>{esc(self.title)}</title><style>{QT_CSS if self.for_qt else BODY_CSS}{CSS}"
            "</style></head><body>"
        )
        return ReportDocument(
            self.title, head + "".join(self.parts) + "</body></html>", self.charts
        )


def _sev(rec: IncidentRecord) -> str:
    return _sev_of(rec.severity)


def _sev_of(sev: Severity) -> str:
    word = esc(severity_word(sev))
    return f"<span style='color:{SEVERITY_HEX[sev]}'><b>{word}</b></span>"


def _clock(doc: _Doc, clock: ClockAt | None, zone: ZoneInfo) -> str:
    """A clock in a narrow cell: short lines."""
    if clock is None:
        return "no target"
    if clock.state is ClockState.BREACHED:
        return (
            f"<span class='breached'>BREACHED +{esc(duration(clock.overrun))}</span>"
            f"<br>target {esc(duration(clock.target))}"
        )
    if clock.state is ClockState.MET:
        return f"met in {esc(duration(clock.actual))}<br>of {esc(duration(clock.target))}"
    return f"{esc(STATE_WORD[clock.state])}<br>due {doc.when(clock.due_at, zone)}"


def _when(moment: datetime | None, zone: ZoneInfo) -> str:
    return esc(when(moment, zone))


def _ident(rec: IncidentRecord) -> str:
    return _ident_of(rec.source, rec.incident_id)


def _ident_of(source: str, incident_id: str) -> str:
    """The incident's short id (the full one is in the CSV and, in HTML, a tooltip) over
    its source, in small type."""
    return (
        f"<span title='{esc(incident_id)}'>{esc(short_id(incident_id))}</span>"
        f"<br><span class='src'>{esc(source)}</span>"
    )


# ---------------------------------------------------------------- handover

SUMMARY_HEAD = ["new", "acknowledged", "resolved", "SLA breaches"]
MTTA_LABEL = "MTTA (response cycle start → its first ack)"
MTTR_LABEL = "MTTR (opened → resolved)"


def handover_html(report: HandoverReport, zone: ZoneInfo, for_qt: bool = False) -> ReportDocument:
    span = f"{when(report.start, zone)} → {when(report.end, zone)} ({zone.key})"
    progress = " (shift in progress)" if report.in_progress else ""
    doc = _Doc(f"Shift handover {span}{progress}", for_qt)
    doc.add(
        f"<h1>Shift handover{esc(progress)}</h1><p class='meta'>{esc(span)} · generated "
        f"{_when(report.generated_at, zone)}</p>"
    )
    if report.in_progress:
        doc.add(
            "<p class='progress'>Shift in progress: every figure is as of "
            f"{_when(report.figures_at, zone)}, not the end of the shift.</p>"
        )
    doc.table(
        ["outgoing lead", "incoming lead"],
        [[esc(report.outgoing or "–"), esc(report.incoming or "–")]],
        "",
    )
    doc.add("<h2>Summary</h2>")
    doc.table(
        ["open now" if report.in_progress else "open at hand-over", *SUMMARY_HEAD],
        [
            [
                str(report.open_count),
                str(len(report.new)),
                str(len(report.acknowledged)),
                str(len(report.resolved)),
                str(len(report.breached)),
            ]
        ],
        "",
    )
    doc.table(
        ["", "count", "mean", "p50", "p90"],
        [
            [MTTA_LABEL, *map(esc, stats_cells(report.mtta))],
            [MTTR_LABEL, *map(esc, stats_cells(report.mttr))],
        ],
        "",
    )
    doc.add("<h2>Open incidents by severity</h2>")
    for sev, items in report.open_by_severity:
        if not items:
            continue
        doc.add(f"<h3>{_sev_of(sev)} · {len(items)}</h3>")
        doc.table(
            ["incident", "title", "client", "opened", "state", "response", "resolution"],
            [
                [
                    _ident(i.record),
                    esc(i.record.title),
                    esc(i.record.client or "–"),
                    doc.when(i.record.opened_at, zone),
                    f"acked<br>{esc(i.state.owner or '–')}"
                    if i.state.acknowledged
                    else "<b>OPEN</b>",
                    _clock(doc, i.response, zone),
                    _clock(doc, i.resolution, zone),
                ]
                for i in items
            ],
            "",
            widths=[14, None, 9, 11, 9, 14, 14],
            nowrap=[0, 3, 5, 6],
        )
    if report.open_count == 0:
        doc.add("<p class='empty'>No incident open at the hand-over.</p>")
    hours = report.risk_horizon.total_seconds() / 3600
    doc.add(f"<h2>At risk of breach in the next {hours:g} h</h2>")
    doc.table(
        ["incident", "severity", "title", "clock", "due", "due in"],
        [
            [
                _ident(r.record),
                _sev(r.record),
                esc(r.record.title),
                esc(r.clock.label),
                doc.when(r.clock.due_at, zone),
                esc(duration(r.due_in)),
            ]
            for r in report.at_risk
        ],
        "No running clock falls due in that time.",
        widths=[14, 13, None, 13, 10, 10],
        nowrap=[0, 1, 4, 5],
    )
    doc.add("<h2>During the shift</h2>")
    for title, records, empty in (
        ("New", report.new, "No new incident."),
        ("Acknowledged", report.acknowledged, "No acknowledgement."),
        ("Resolved", report.resolved, "Nothing resolved."),
    ):
        doc.add(f"<h3>{esc(title)} · {len(records)}</h3>")
        doc.table(
            ["incident", "severity", "title", "opened", "first ack", "by", "resolved"],
            [
                [
                    _ident(r),
                    _sev(r),
                    esc(r.title),
                    doc.when(r.opened_at, zone),
                    doc.when(r.first_ack_at, zone),
                    esc(r.first_ack_by or "–"),
                    doc.when(r.resolved_at, zone),
                ]
                for r in records
            ],
            empty,
            widths=[14, 13, None, 11, 10, 9, 12],
            nowrap=[0, 1, 3, 4, 6],
        )
    doc.add(f"<h3>SLA breaches · {len(report.breached)}</h3>")
    doc.table(
        ["incident", "severity", "clock", "target", "actual", "overrun", "breached at"],
        [
            [
                _ident(b.record),
                _sev_of(b.clock.severity or b.record.severity),
                esc(b.clock.label),
                esc(duration(b.clock.target)),
                esc(duration(b.clock.actual)),
                f"<span class='breached'>+{esc(duration(b.clock.overrun))}</span>",
                doc.when(b.clock.breached_at, zone),
            ]
            for b in report.breached
        ],
        "No clock breached during the shift.",
        widths=[14, 13, None, 11, 11, 13, 12],
        nowrap=[0, 1, 3, 4, 5, 6],
    )
    doc.add("<h2>Monitoring health: sources down</h2>")
    doc.table(
        ["source", "down from", "until", "for", "error"],
        [
            [
                esc(o.source),
                doc.when(o.start, zone),
                doc.when(o.end, zone) if o.end else "<b>still down</b>",
                esc(duration(o.duration(report.figures_at))),
                esc(o.error),
            ]
            for o in report.outages
        ],
        "Every source answered throughout the shift.",
        widths=[16, 10, 10, 11, None],
        nowrap=[1, 2, 3],
    )
    doc.add("<h2>Roster of the shift</h2>")
    doc.table(
        ["line", "on duty", "from", "until"],
        [
            [
                esc(p.line),
                esc(", ".join(p.who)) if p.who else "<span class='breached'>nobody (gap)</span>",
                doc.when(p.start, zone),
                doc.when(p.end, zone),
            ]
            for p in report.roster
        ],
        "No roster configured.",
        widths=[14, None, 11, 11],
        nowrap=[2, 3],
    )
    doc.add("<h2>Acknowledgements from the boards</h2>")
    doc.table(
        ["at", "action", "incident", "by", "host", "result"],
        [
            [
                doc.when(a.at, zone),
                esc(a.action),
                _ident_of(a.source, a.incident_id),
                esc(a.actor),
                esc(a.host),
                esc(a.result),
            ]
            for a in report.acks
        ],
        "None made from a board during the shift.",
        widths=[10, 12, 14, 18, None, 13],
        nowrap=[0, 2],
    )
    doc.add("<h2>Notes</h2>")
    doc.add(f"<div class='notes'>{esc(report.notes) if report.notes else '&nbsp;'}</div>")
    doc.add("<h2>Sign-off</h2>")
    doc.table(
        ["", "name", "signature", "time"],
        [
            ["outgoing lead", esc(report.outgoing or ""), "&nbsp;" * 30, "&nbsp;" * 12],
            ["incoming lead", esc(report.incoming or ""), "&nbsp;" * 30, "&nbsp;" * 12],
        ],
        "",
    )
    return doc.render()


# ---------------------------------------------------------------- SLA


def _compliance_rows(section: ClientSection) -> list[list[str]]:
    m, p = section.month, section.previous
    rows = []
    for name, now, before in (
        ("response", m.response, p.response),
        ("resolution", m.resolution, p.resolution),
    ):
        rows.append(
            [
                name,
                str(now.met),
                str(now.breached),
                str(now.eligible),
                esc(percent(now.percent)),
                str(now.running),
                esc(percent(before.percent)),
                esc(delta_points(now.percent, before.percent)),
            ]
        )
    return rows


def _stats_rows(month: MonthFigures, previous: MonthFigures) -> list[list[str]]:
    rows = []
    for name, now, before in (
        ("MTTA", month.mtta, previous.mtta),
        ("MTTR", month.mttr, previous.mttr),
    ):
        rows.append(
            [
                name,
                *map(esc, stats_cells(now)),
                esc(duration(before.mean)),
                esc(delta_duration(now.mean, before.mean)),
            ]
        )
    return rows


def sla_html(report: SlaReport, zone: ZoneInfo, for_qt: bool = False) -> ReportDocument:
    progress = " (month in progress)" if report.in_progress else ""
    doc = _Doc(f"SLA report {report.label}{progress}", for_qt)
    doc.add(
        f"<h1>SLA report · {esc(report.label)}{esc(progress)}</h1><p class='meta'>month in "
        f"{esc(report.timezone)} · generated {_when(report.generated_at, zone)} · compliance "
        "= met ÷ eligible (met + breached; clocks still running within target are not yet "
        "eligible; every response cycle counts: a re-opened incident has one per cycle) · "
        "MTTA per response cycle, MTTR per incident, in calendar time; clocks of "
        "business-hours policies count business time · p50/p90 are nearest-rank "
        "percentiles</p>"
    )
    if report.in_progress:
        doc.add(
            "<p class='progress'>Month in progress: every figure is as of "
            f"{_when(report.generated_at, zone)}.</p>"
        )
    if not report.clients:
        doc.add("<p class='empty'>No incident recorded in this month or the previous one.</p>")
    for section in report.clients:
        m, p = section.month, section.previous
        labels = (report.label, f"{p.start.astimezone(zone):%Y-%m}")
        doc.add(f"<h2>Client: {esc(section.client)}</h2>")
        doc.add("<h3>Incidents by severity</h3>")
        sevs = [s for s, _ in m.counts]
        doc.table(
            ["", *(severity_word(s) for s in sevs), "total"],
            [
                [labels[0], *(str(m.count(s)) for s in sevs), f"<b>{m.total}</b>"],
                [labels[1], *(str(p.count(s)) for s in sevs), str(p.total)],
                [
                    "change",
                    *(esc(delta_count(m.count(s), p.count(s))) for s in sevs),
                    esc(delta_count(m.total, p.total)),
                ],
            ],
            "",
        )
        doc.add("<h3>Compliance</h3>")
        doc.table(
            [
                "clock",
                "met",
                "breached",
                "eligible",
                "compliance",
                "still running",
                f"{labels[1]}",
                "change",
            ],
            _compliance_rows(section),
            "",
        )
        doc.add("<h3>Time to acknowledge and resolve</h3>")
        doc.table(
            ["", "count", "mean", "p50", "p90", f"mean {labels[1]}", "change"],
            _stats_rows(m, p),
            "",
        )
        doc.add(f"<h3>Breaches · {len(m.breaches)}</h3>")
        doc.table(
            ["incident", "severity", "title", "opened", "clock", "target", "actual", "overrun"],
            [
                [
                    _ident(b.record),
                    _sev_of(b.severity),
                    esc(b.record.title),
                    doc.when(b.record.opened_at, zone),
                    esc(b.clock.label).replace(" (", "<br>("),
                    esc(duration(b.clock.target)),
                    esc(duration(b.clock.actual)),
                    f"<span class='breached'>+{esc(duration(b.overrun))}</span>",
                ]
                for b in m.breaches
            ],
            "No breach this month.",
            widths=[14, 13, None, 11, 13, 10, 11, 13],
            nowrap=[0, 1, 3, 4, 5, 6, 7],
        )
        doc.add("<h3>Charts</h3>")
        doc.chart(severity_chart(m, p, labels))
        doc.chart(compliance_chart(m, p, labels))
        doc.chart(daily_chart(m))
    return doc.render()
