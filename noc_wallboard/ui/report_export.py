"""Writing a report to a file, the format chosen by the extension: stand-alone HTML, CSV,
or PDF (Qt, loaded only then). Shared by `noc-wallboard report` and the review window.

A report is written to a temporary file beside the target and renamed over it when
complete: a failed or interrupted export never leaves a truncated report (or destroys the
previous one) under the name someone will mail."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

FORMATS = (".html", ".htm", ".pdf", ".csv")


def output_kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"{path}: the extension says the format: .html, .pdf or .csv")
    return "html" if suffix == ".htm" else suffix[1:]


@contextlib.contextmanager
def _replacing(path: Path) -> Iterator[Path]:
    """A temporary path beside `path`, renamed to it if the block succeeds."""
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent or ".")
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_report(kind: str, report: Any, zone: ZoneInfo, path: Path) -> str:
    """Write a HandoverReport or SlaReport to `path`; returns what was written."""
    from noc_wallboard.domain.report_handover import HandoverReport
    from noc_wallboard.presentation import report_csv, report_html

    handover = isinstance(report, HandoverReport)
    if kind == "csv":
        text = report_csv.handover_csv(report) if handover else report_csv.sla_csv(report)
        with _replacing(path) as tmp:
            tmp.write_text(text, encoding="utf-8", newline="")
        return f"wrote {path} (CSV)"
    render = report_html.handover_html if handover else report_html.sla_html
    if kind == "html":
        html = render(report, zone).html
        with _replacing(path) as tmp:
            tmp.write_text(html, encoding="utf-8")
        return f"wrote {path} (HTML, stand-alone)"
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from noc_wallboard.ui.report_pdf import write_pdf

    document = render(report, zone, for_qt=True)
    with _replacing(path) as tmp:
        pages = write_pdf(document, tmp)
        if tmp.stat().st_size == 0:
            raise OSError(f"the PDF writer could not write {path}")
    return f"wrote {path} (PDF, {pages} page{'s' if pages != 1 else ''})"
