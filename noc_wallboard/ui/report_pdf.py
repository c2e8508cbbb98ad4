"""Reports to PDF with Qt: QTextDocument lays out the report's HTML (tables break across
pages), QPdfWriter writes A4 pages, QSvgRenderer turns the SVG charts into images.
Works offscreen (QT_QPA_PLATFORM=offscreen); needs a QGuiApplication, made if absent.
The document's tables carry fixed column widths and `<thead>` rows (report_html): Qt
repeats the header on every page a table runs over."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, QUrl
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)
from PySide6.QtSvg import QSvgRenderer

from noc_wallboard.presentation.report_html import ReportDocument

_CHART_SCALE = 3  # raster charts at 3× their CSS size: crisp at 300 dpi print


def _app() -> QGuiApplication:
    app = QGuiApplication.instance()
    if app is None:
        # A QApplication (not only a QGuiApplication): a process that renders a PDF
        # first and opens a window later (the review window, a test run) still can.
        from PySide6.QtWidgets import QApplication

        app = QApplication([])
    assert isinstance(app, QGuiApplication)
    return app


def _chart_image(svg: str) -> QImage:
    renderer = QSvgRenderer(svg.encode("utf-8"))
    size = renderer.defaultSize()
    image = QImage(
        size.width() * _CHART_SCALE, size.height() * _CHART_SCALE, QImage.Format.Format_ARGB32
    )
    image.fill(QColor("white"))
    painter = QPainter(image)
    renderer.render(painter, QRectF(0, 0, image.width(), image.height()))
    painter.end()
    return image


def write_pdf(report: ReportDocument, path: Path) -> int:
    """Write `report` (its Qt variant) as an A4 PDF; returns the number of pages."""
    _app()
    writer = QPdfWriter(str(path))
    writer.setTitle(report.title)
    writer.setCreator("NOC Wallboard")
    writer.setResolution(300)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(14, 14, 14, 14),
            QPageLayout.Unit.Millimeter,
        )
    )
    doc = QTextDocument()
    doc.setDocumentMargin(0)
    font = QFont("DejaVu Sans")
    font.setPointSizeF(8.5)
    doc.setDefaultFont(font)
    for name, svg in report.charts.items():
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), _chart_image(svg))
    doc.setHtml(report.html)
    # Lay out at the page's size in points (what print_ does with its copy), so the page
    # count is the PDF's.
    rect = writer.pageLayout().paintRect(QPageLayout.Unit.Point)
    doc.setPageSize(QSizeF(rect.width(), rect.height()))
    doc.print_(writer)
    pages = doc.pageCount()
    del writer  # finishes the file
    return pages
