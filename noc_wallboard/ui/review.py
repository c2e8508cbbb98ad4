"""Review mode (`--mode review`): browse the ledger's history and produce the shift
handover and monthly SLA reports. Database reads run in a worker thread; results come
back to the Qt thread through a signal. Everything from a source is shown as plain text.

Every time in the window — the date fields as the table — is in the report zone (the
roster's or SLA calendar's, see `app_history.report_zone`), whatever the desk's own zone.
The leads follow the roster for the window chosen until someone types over them."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDateTime, QObject, Qt, QTimer, QTimeZone, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDateTimeEdit,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from noc_wallboard.domain.calendar import Calendar
from noc_wallboard.domain.history import History, HistoryEvent, IncidentRecord
from noc_wallboard.domain.report_figures import clock_at, response_clocks_at
from noc_wallboard.domain.roster_timeline import Shift
from noc_wallboard.ports import HistoryLedger
from noc_wallboard.presentation.report_text import SEVERITY_HEX, duration, severity_word, when

log = logging.getLogger(__name__)
COLUMNS = [
    "opened",
    "incident",
    "severity",
    "title",
    "client",
    "acknowledged",
    "resolved",
    "response",
    "resolution",
]


def _qzone(zone: ZoneInfo) -> QTimeZone:
    return QTimeZone(zone.key.encode())


def _qdt(moment: datetime, zone: ZoneInfo | None = None) -> QDateTime:
    """`moment` as a QDateTime in `zone` (UTC when None)."""
    qzone = _qzone(zone) if zone is not None else QTimeZone.utc()
    return QDateTime.fromSecsSinceEpoch(int(moment.timestamp()), qzone)


def _py(value: QDateTime) -> datetime:
    return datetime.fromtimestamp(value.toSecsSinceEpoch(), UTC)


class _Results(QObject):
    """Carries a worker's result to the Qt thread (a queued signal)."""

    done = Signal(object, object)  # (callback, result or exception)


class ReviewWindow(QWidget):
    def __init__(
        self,
        ledger: HistoryLedger,
        *,
        zone: ZoneInfo,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        lines: Sequence[str] = (),
        shifts: Sequence[Shift] = (),
        calendars: Mapping[str, Calendar] | None = None,
        outage_stale_after: timedelta | None = None,
    ) -> None:
        super().__init__()
        self.setWindowTitle("NOC Wallboard — review")
        self._ledger = ledger
        self._zone = zone
        self._now = now
        self._lines = list(lines)
        self._shifts = list(shifts)
        self._calendars = dict(calendars or {})
        self._stale_after = outage_stale_after
        self._records: list[IncidentRecord] = []
        self._leads_typed = False  # someone typed a lead: the roster no longer fills them
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="review")
        self._results = _Results()
        self._results.done.connect(self._deliver)
        self.history = History()
        self.busy = False
        self.last_written: str | None = None

        moment = now()
        self.start_edit = QDateTimeEdit()
        self.end_edit = QDateTimeEdit()
        for edit in (self.start_edit, self.end_edit):
            edit.setTimeZone(_qzone(zone))
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.set_window(moment - timedelta(hours=12), moment)
        load = QPushButton("Load")
        load.clicked.connect(self.reload)
        bar = QHBoxLayout()
        zone_label = QLabel(f"({zone.key})")
        for widget in (QLabel("From"), self.start_edit, QLabel("to"), self.end_edit, zone_label):
            bar.addWidget(widget)
        bar.addWidget(load)
        for label, hours in (("last 12 h", 12), ("last 24 h", 24), ("last 7 days", 168)):
            button = QPushButton(label)
            button.clicked.connect(lambda _=False, h=hours: self.show_last(h))
            bar.addWidget(button)
        if self._lines:
            for label, which in (("current shift", "current"), ("previous shift", "previous")):
                button = QPushButton(label)
                button.clicked.connect(lambda _=False, w=which: self.show_shift(w))
                bar.addWidget(button)
        bar.addStretch(1)
        self.status = QLabel("")
        self.status.setTextFormat(Qt.TextFormat.PlainText)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._show_events)
        self.events = QPlainTextEdit()
        self.events.setReadOnly(True)
        self.events.setPlaceholderText("Select an incident to see its transitions.")

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.events)
        split.setSizes([500, 200])

        root = QVBoxLayout(self)
        root.addLayout(bar)
        root.addWidget(self.status)
        body = QHBoxLayout()
        body.addWidget(split, 3)
        body.addWidget(self._reports_box(moment), 1)
        root.addLayout(body)

    def _reports_box(self, moment: datetime) -> QWidget:
        box = QGroupBox("Reports")
        form = QFormLayout(box)
        self.outgoing = QLineEdit()
        self.incoming = QLineEdit()
        for lead in (self.outgoing, self.incoming):
            lead.textEdited.connect(self._typed)
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText("Notes for the incoming shift")
        self.horizon = QSpinBox()
        self.horizon.setRange(1, 48)
        self.horizon.setValue(2)
        self.horizon.setSuffix(" h at-risk horizon")
        handover = QPushButton("Handover report for this window…")
        handover.clicked.connect(self._ask_handover)
        last = moment.astimezone(self._zone).replace(day=1) - timedelta(days=1)
        self.month = QLineEdit(f"{last:%Y-%m}")
        self.client = QLineEdit()
        self.client.setPlaceholderText("all clients")
        sla = QPushButton("SLA report…")
        sla.clicked.connect(self._ask_sla)
        form.addRow("Outgoing lead", self.outgoing)
        form.addRow("Incoming lead", self.incoming)
        form.addRow("Notes", self.notes)
        form.addRow(self.horizon)
        form.addRow(handover)
        form.addRow(QLabel(""))
        form.addRow("Month (YYYY-MM)", self.month)
        form.addRow("Client", self.client)
        form.addRow(sla)
        return box

    # ------------------------------------------------------------ worker plumbing
    def _submit(self, work: Callable[[], Any], then: Callable[[Any], None]) -> None:
        self.busy = True
        self.status.setText("working…")

        def run() -> None:
            try:
                result: Any = work()
            except Exception as exc:  # shown in the status line, never a crash
                result = exc
            self._results.done.emit(then, result)

        self._pool.submit(run)

    def _deliver(self, then: Callable[[Any], None], result: Any) -> None:
        self.busy = False
        if isinstance(result, Exception):
            log.error("review: %s", result)
            self.status.setText(f"failed: {result}")
            return
        then(result)

    # ------------------------------------------------------------ history
    def set_window(self, start: datetime, end: datetime) -> None:
        """Show [start, end) in the date fields (in the report zone)."""
        self.start_edit.setDateTime(_qdt(start, self._zone))
        self.end_edit.setDateTime(_qdt(end, self._zone))

    def show_last(self, hours: int) -> None:
        moment = self._now()
        self.set_window(moment - timedelta(hours=hours), moment)
        self.reload()

    def show_shift(self, which: str) -> None:
        """The current or previous shift of the first roster line, with its leads."""
        from noc_wallboard.services.reports import shift_window

        found = shift_window(self._shifts, self._lines[0], which, self._now())
        if found is None:
            self.status.setText(f"no {which} shift of line {self._lines[0]} in the roster")
            return
        self.set_window(found.start, found.end)
        self._leads_typed = False
        self.outgoing.setText(found.outgoing)
        self.incoming.setText(found.incoming)
        self.reload()

    def _typed(self, _text: str) -> None:
        self._leads_typed = True

    def time_window(self) -> tuple[datetime, datetime]:
        return _py(self.start_edit.dateTime()), _py(self.end_edit.dateTime())

    def _checked_window(self) -> tuple[datetime, datetime] | None:
        """The window, or None (said in the status line) when it ends before it starts
        or starts in the future."""
        start, end = self.time_window()
        if end <= start:
            self.status.setText("the window must end after it starts")
            return None
        if start >= self._now():
            self.status.setText("the window starts in the future: nothing to show yet")
            return None
        return start, end

    def _fill_leads(self, start: datetime, end: datetime) -> None:
        """The leads of the window from the roster (outgoing on duty at its end, incoming
        who follows), unless someone typed them."""
        from noc_wallboard.services.reports import leads_at

        if self._leads_typed or not self._lines:
            return
        outgoing, incoming = leads_at(self._shifts, self._lines[0], start, end)
        self.outgoing.setText(outgoing)
        self.incoming.setText(incoming)

    def reload(self) -> None:
        window = self._checked_window()
        if window is None:
            return
        start, end = window
        self._fill_leads(start, end)
        self._submit(lambda: self._ledger.load(start, end), self._loaded)

    def _loaded(self, history: History) -> None:
        self.history = history
        records = sorted(history.incidents, key=lambda r: r.opened_at, reverse=True)
        self._records = records
        self.table.setRowCount(len(records))
        end = self.time_window()[1]
        for row, rec in enumerate(records):
            for col, text in enumerate(self._cells(rec, end)):
                item = QTableWidgetItem(text)
                if col == 2:
                    item.setForeground(Qt.GlobalColor.white)
                    item.setBackground(_color(SEVERITY_HEX[rec.severity]))
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        down = len(history.outages)
        self.status.setText(
            f"{len(records)} incident(s), {len(history.events)} transition(s), "
            f"{down} source outage(s), {len(history.acks)} ack audit line(s) in the window"
        )

    def _cells(self, rec: IncidentRecord, end: datetime) -> list[str]:
        z = self._zone
        at = min(end, self._now())
        ack = (
            "–"
            if rec.first_ack_at is None
            else f"{when(rec.first_ack_at, z)} {rec.first_ack_by or ''}"
        )
        clocks = []
        for kind in ("response", "resolution"):
            clock = clock_at(rec, kind, at, self._calendars)
            if clock is None:
                text = "no target"
            elif clock.overrun is not None:
                text = f"BREACHED +{duration(clock.overrun)}"
            else:
                text = f"{clock.state.value} {duration(clock.actual)}/{duration(clock.target)}"
            if kind == "response":
                earlier = response_clocks_at(rec, at, self._calendars)[:-1]
                late = [c for c in earlier if c.overrun is not None]
                if late:
                    text += "; earlier cycle " + ", ".join(
                        f"BREACHED +{duration(c.overrun)}" for c in late
                    )
            clocks.append(text)
        return [
            when(rec.opened_at, z),
            f"{rec.source}/{rec.incident_id}",
            severity_word(rec.severity),
            rec.title,
            rec.client or "–",
            ack.strip(),
            when(rec.resolved_at, z),
            *clocks,
        ]

    def _show_events(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        rec = self._records[rows[0].row()]
        mine: list[HistoryEvent] = [
            e
            for e in self.history.events
            if e.source == rec.source
            and e.incident_id == rec.incident_id
            and e.opened_at == rec.opened_at
        ]
        lines = [f"{rec.source}/{rec.incident_id} — {rec.title}"]
        for e in sorted(mine, key=lambda e: e.at):
            who = f" by {e.actor}" if e.actor else ""
            extra = f" ({e.detail})" if e.detail else ""
            lines.append(f"{when(e.at, self._zone)}  {e.kind.value}{who}{extra}")
        acks = [a for a in self.history.acks if (a.source, a.incident_id) == rec.key[:2]]
        for a in acks:
            lines.append(
                f"{when(a.at, self._zone)}  board {a.action} by {a.actor} on {a.host}: {a.result}"
            )
        self.events.setPlainText("\n".join(lines))

    # ------------------------------------------------------------ reports
    def _ask_handover(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Save the handover report", "handover.html", "Reports (*.html *.pdf *.csv)"
        )
        if path:
            self.export_handover(Path(path))

    def _ask_sla(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            "Save the SLA report",
            f"sla-{self.month.text()}.html",
            "Reports (*.html *.pdf *.csv)",
        )
        if path:
            self.export_sla(Path(path))

    def export_handover(self, path: Path) -> None:
        from noc_wallboard.services.reports import load_handover

        window = self._checked_window()
        if window is None:
            return
        start, end = window
        self._fill_leads(start, end)
        kwargs = {
            "generated_at": self._now(),
            "risk_horizon": timedelta(hours=self.horizon.value()),
            "lines": self._lines,
            "shifts": self._shifts,
            "outgoing": self.outgoing.text().strip(),
            "incoming": self.incoming.text().strip(),
            "notes": self.notes.toPlainText(),
            "calendars": self._calendars,
            "outage_stale_after": self._stale_after,
        }
        self._submit(
            lambda: load_handover(self._ledger, start, end, **kwargs),  # type: ignore[arg-type]
            lambda report: self._write(report, path),
        )

    def export_sla(self, path: Path) -> None:
        from noc_wallboard.services.reports import load_sla

        text = self.month.text().strip()
        try:
            year, month = int(text[:4]), int(text[5:7])
            if len(text) != 7 or text[4] != "-" or not 1 <= month <= 12:
                raise ValueError
        except ValueError:
            self.status.setText(f"month: expected YYYY-MM, got {text!r}")
            return
        client = self.client.text().strip() or None
        now = self._now()
        self._submit(
            lambda: load_sla(
                self._ledger,
                year,
                month,
                at=now,
                timezone=self._zone.key,
                client=client,
                calendars=self._calendars,
            ),
            lambda report: self._write(report, path),
        )

    def _write(self, report: Any, path: Path) -> None:
        from noc_wallboard.ui.report_export import output_kind, write_report

        try:
            self.last_written = write_report(output_kind(path), report, self._zone, path)
        except (OSError, ValueError) as exc:
            self.status.setText(f"cannot write {path}: {exc}")
            return
        self.status.setText(self.last_written)

    def closeEvent(self, event: Any) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        super().closeEvent(event)


def _color(hex_color: str) -> Any:
    from PySide6.QtGui import QColor

    return QColor(hex_color)


def run_review(
    ledger: HistoryLedger,
    *,
    zone: ZoneInfo,
    lines: Sequence[str] = (),
    shifts: Sequence[Shift] = (),
    calendars: Mapping[str, Calendar] | None = None,
    outage_stale_after: timedelta | None = None,
    exit_after: float | None = None,
) -> int:
    """The review window until it is closed (or `exit_after` seconds, for tests)."""
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("noc-wallboard")
    window = ReviewWindow(
        ledger,
        zone=zone,
        lines=lines,
        shifts=shifts,
        calendars=calendars,
        outage_stale_after=outage_stale_after,
    )
    window.resize(1500, 850)
    window.show()
    window.reload()
    if exit_after is not None:
        QTimer.singleShot(int(exit_after * 1000), window.close)
    app.exec()
    return 0
