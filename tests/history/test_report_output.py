"""The reports as files: stand-alone HTML (no external reference), CSV with the figures,
and a PDF that renders (pdftoppm turns each page into a PNG)."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from noc_wallboard.adapters.ledger.history import SqlHistory
from noc_wallboard.domain.report_handover import HandoverReport
from noc_wallboard.domain.report_sla import SlaReport
from noc_wallboard.domain.roster_timeline import rotation_shifts
from noc_wallboard.presentation.report_csv import handover_csv, sla_csv
from noc_wallboard.presentation.report_html import handover_html, sla_html
from noc_wallboard.services.reports import load_handover, load_sla
from noc_wallboard.ui.report_export import output_kind, write_report
from tests.history_scenario import CALENDARS, ROTATION, SHIFT, SLA_AT, play, t

UTC = ZoneInfo("UTC")


@pytest.fixture
async def reports(ledger: SqlHistory) -> tuple[HandoverReport, SlaReport]:
    await play(ledger)
    handover = load_handover(
        ledger,
        *SHIFT,
        generated_at=SLA_AT,
        risk_horizon=timedelta(hours=2),
        lines=["L1"],
        shifts=rotation_shifts(ROTATION, t(3, 1, 0), t(4, 1, 0)),
        outgoing="Anna",
        incoming="Ben",
        notes="db-01 disk replaced\n<script>alert(1)</script>",
        calendars=CALENDARS,
    )
    return handover, load_sla(ledger, 2026, 3, at=SLA_AT, calendars=CALENDARS)


def assert_stand_alone(html: str) -> None:
    """Nothing is fetched when the file opens: no src/href, no url(), no scripts."""
    lowered = html.lower()
    for needle in ("src=", "href=", "url(", "@import", "<script", "<link", "<iframe"):
        assert needle not in lowered, needle
    # The only URL is the SVG namespace name, which is never fetched.
    urls = set(re.findall(r"https?://[^'\" ]+", html))
    assert urls <= {"http://www.w3.org/2000/svg"}


def test_handover_html_is_stand_alone_and_plain_text(reports) -> None:  # type: ignore[no-untyped-def]
    html = handover_html(reports[0], UTC).html
    assert_stand_alone(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # the notes stay text
    assert "A4 &lt;b&gt;down&lt;/b&gt; &amp; out" in html  # so do source strings
    for figure in ("0:10:00", "3:00:00", "+9:00:00", "0:30:00", "Anna", "Ben", "erin"):
        assert figure in html
    assert "in progress" not in html
    # Every table's header is a <thead> (repeated on each PDF page it runs over); ids,
    # times and durations sit in cells that never break inside a line.
    assert html.count("<table") == html.count("<thead>") > 5
    assert "<td style='white-space:nowrap'>2026-03-10 10:15</td>" in html  # A2 breached at


def test_sla_html_has_inline_svg_charts(reports) -> None:  # type: ignore[no-untyped-def]
    html = sla_html(reports[1], UTC).html
    assert_stand_alone(html)
    assert html.count("<svg ") == 9  # three charts per client
    for figure in ("80.0 %", "50.0 %", "+30.0 pp", "0:16:00", "8:07:30", "+10:00:00", "0.0 %"):
        assert figure in html
    for figure in ("33.3 %", "+16:30:00", "+13:00:00", "+1:10:00", "2d 16:20:00"):
        assert figure in html  # globex's re-opened G4, initech's business hours
    qt = sla_html(reports[1], UTC, for_qt=True)
    assert "<svg" not in qt.html and len(qt.charts) == 9


def sections(text: str) -> dict[str, list[list[str]]]:
    out: dict[str, list[list[str]]] = {}
    rows = list(csv.reader(io.StringIO(text)))
    name = None
    for row in rows:
        if not row:
            name = None
        elif name is None:
            name = row[0]
            out[name] = []
        else:
            out[name].append(row)
    return out


def test_csv_carries_every_figure(reports) -> None:  # type: ignore[no-untyped-def]
    hand = sections(handover_csv(reports[0]))
    assert hand["summary"] == [
        ["open", "new", "acknowledged", "resolved", "breaches"],
        ["2", "3", "3", "2", "3"],
    ]
    assert hand["times"][1:] == [
        ["mtta", "3", "600", "300", "1200"],
        ["mttr", "2", "10800", "3600", "18000"],
    ]
    assert hand["shift"][1][3:5] == ["2026-03-10T20:00:00Z", "no"]
    assert [r[1] for r in hand["breaches"][1:]] == ["A2", "A4", "A2"]
    assert hand["sources_down"][1][:3] == ["am", "2026-03-10T13:00:00Z", "2026-03-10T13:30:00Z"]
    sla = sections(sla_csv(reports[1]))
    head, *rows = sla["sla"]
    acme = dict(zip(head, rows[0], strict=True))
    assert (acme["client"], acme["month"], acme["incidents"], acme["critical"]) == (
        "acme",
        "2026-03",
        "4",
        "3",
    )
    assert (acme["response_compliance_pct"], acme["resolution_compliance_pct"]) == (
        "80.00",
        "50.00",
    )
    assert (acme["response_eligible"], acme["mtta_mean_s"], acme["mttr_p90_s"]) == (
        "5",
        "960",
        "50400",
    )
    assert [r[0] for r in rows] == ["acme", "acme", "globex", "globex", "initech", "initech"]
    head, *breaches = sla["breaches"]
    assert len(breaches) == 3 + 2 + 3
    g4 = dict(zip(head, breaches[4], strict=True))
    assert (g4["incident"], g4["cycle"], g4["cycle_severity"], g4["severity"]) == (
        "G4",
        "1",
        "major",
        "critical",
    )
    assert (g4["target_s"], g4["actual_s"], g4["overrun_s"]) == ("1800", "3000", "1200")
    assert sla["report"][1] == ["2026-03", "UTC", "2026-04-01T00:02:00Z", "no"]


def pdftoppm() -> str:
    found = shutil.which("pdftoppm")
    if found is None:
        message = "pdftoppm is not installed (Debian: apt-get install poppler-utils)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true and {message}", pytrace=False)
        pytest.skip(message)
    return found


@pytest.mark.parametrize("which", ["handover", "sla"])
def test_pdf_renders_every_page(reports, tmp_path: Path, which: str, qapp) -> None:  # type: ignore[no-untyped-def]
    report = reports[0] if which == "handover" else reports[1]
    path = tmp_path / f"{which}.pdf"
    said = write_report("pdf", report, ZoneInfo("Europe/Berlin"), path)
    pages = int(re.search(r"(\d+) page", said).group(1))  # type: ignore[union-attr]
    assert path.read_bytes().startswith(b"%PDF") and pages >= 2
    subprocess.run(
        [pdftoppm(), "-png", "-r", "40", str(path), str(tmp_path / "page")], check=True, timeout=60
    )
    images = sorted(tmp_path.glob("page-*.png"))
    assert len(images) == pages
    from PySide6.QtGui import QImage

    first = QImage(str(images[0]))
    # Not a blank page: some pixels are dark (text), most are white (paper).
    dark = sum(
        1
        for y in range(0, first.height(), 3)
        for x in range(0, first.width(), 3)
        if first.pixelColor(x, y).lightness() < 100
    )
    assert dark > 50


def test_format_follows_the_extension(tmp_path: Path) -> None:
    assert [output_kind(Path(n)) for n in ("a.html", "b.HTM", "c.pdf", "d.csv")] == [
        "html",
        "html",
        "pdf",
        "csv",
    ]
    with pytest.raises(ValueError, match="extension"):
        output_kind(Path("report.docx"))


def pdftotext() -> str:
    pdftoppm()  # same package: skipped (or failed under CI) the same way
    found = shutil.which("pdftotext")
    assert found is not None
    return found


def test_pdf_tables_keep_ids_and_words_whole_and_repeat_their_headers(tmp_path: Path, qapp) -> None:  # type: ignore[no-untyped-def]
    """Forty open, breached incidents of a source called `alertmanager` with 16-hex-digit
    fingerprints: each id is shown short and whole, no word of a narrow column is split
    across lines, and every page the table runs over starts with its header."""
    from noc_wallboard.domain.history import ClockRecord, History, IncidentRecord
    from noc_wallboard.domain.report_handover import handover_report
    from noc_wallboard.domain.severity import Severity
    from noc_wallboard.domain.sla import ClockState

    opened = t(3, 10, 1)
    records = tuple(
        IncidentRecord(
            source="alertmanager",
            incident_id=f"caad8402{i:08x}",
            opened_at=opened,
            title=f"Disk full on db-{i:02d}.example.com: /var/lib/postgresql at 99 %",
            severity=Severity.CRITICAL,
            labels={"client": "acme"},
            response=ClockRecord(
                timedelta(minutes=15),
                timedelta(0),
                opened + timedelta(minutes=15),
                ClockState.RUNNING,
                True,
            ),
            resolution=ClockRecord(
                timedelta(hours=4),
                timedelta(0),
                opened + timedelta(hours=4),
                ClockState.RUNNING,
                True,
            ),
        )
        for i in range(40)
    )
    report = handover_report(History(incidents=records), *SHIFT, generated_at=SLA_AT)
    path = tmp_path / "long.pdf"
    said = write_report("pdf", report, UTC, path)
    pages = int(re.search(r"(\d+) page", said).group(1))  # type: ignore[union-attr]
    text = subprocess.run(
        [pdftotext(), "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    words = re.findall(r"\S+", text)
    # Each open incident (all breached before the shift began); a row split by a page
    # break may show its clipped first line twice in the extracted text.
    assert 40 <= words.count("caad8402…") <= 40 + pages
    assert 40 <= words.count("alertmanager") <= 40 + pages
    assert 80 <= words.count("BREACHED") <= 80 + 2 * pages  # both clocks of each
    for fragment in ("alertman", "alertmanag", "ager", "BREACHE", "caad840", "…", "d"):
        assert fragment not in words
    assert not any(w.startswith("0:1") and len(w) < 7 for w in words)  # 0:15:00 whole
    # Header rows repeat: each page but the last two (health, roster, notes) starts a
    # table page with its column heads.
    heads = [p for p in text.split("\f") if re.search(r"incident\s+title\s+client", p)]
    breach_heads = [p for p in text.split("\f") if re.search(r"incident\s+severity\s+clock", p)]
    assert len(heads) + len(breach_heads) >= pages - 1 and len(heads) >= 2


def test_a_failed_export_leaves_the_previous_file_whole(
    reports, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """The report goes to a temporary file renamed over the target once complete."""
    target = tmp_path / "handover.pdf"
    target.write_bytes(b"%PDF-1.4 last week's report")

    def broken(document, path: Path) -> int:  # type: ignore[no-untyped-def]
        path.write_bytes(b"%PDF-1.4 half")
        raise RuntimeError("renderer crashed")

    monkeypatch.setattr("noc_wallboard.ui.report_pdf.write_pdf", broken)
    with pytest.raises(RuntimeError):
        write_report("pdf", reports[0], UTC, target)
    assert target.read_bytes() == b"%PDF-1.4 last week's report"
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")]
    html = tmp_path / "handover.html"
    write_report("html", reports[0], UTC, html)
    assert html.read_text().startswith("<!DOCTYPE html>") and oct(html.stat().st_mode)[-3:] == "644"
