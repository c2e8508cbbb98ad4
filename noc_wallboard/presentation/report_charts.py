"""Charts of the SLA report as self-contained SVG (no scripts, no external references):
inline in the HTML, rasterised by Qt for the PDF. Every bar carries its number, so a
chart reads without colour; the previous month is light with a grey outline, this month dark."""

from __future__ import annotations

from collections.abc import Sequence

from noc_wallboard.domain.report_sla import MonthFigures
from noc_wallboard.domain.severity import Severity
from noc_wallboard.presentation.report_text import SEVERITY_HEX, esc

W, H = 640, 260
_FONT = "font-family='DejaVu Sans, Arial, sans-serif'"
_PREV = "#6b7680"  # outline of the previous month
_PREV_FILL = "#d3d8dd"  # light: differs from this month in lightness, not only hue
_NOW = "#0b5394"


def _frame(title: str, body: list[str], legend: Sequence[tuple[str, str, str]] = ()) -> str:
    parts = [
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{W}' height='{H}' "
        f"viewBox='0 0 {W} {H}' role='img' aria-label='{esc(title)}'>",
        f"<rect width='{W}' height='{H}' fill='white'/>",
        f"<text x='12' y='22' {_FONT} font-size='15' font-weight='bold' fill='#222'>"
        f"{esc(title)}</text>",
    ]
    x = W - 12
    for label, fill, stroke in reversed(legend):
        width = 26 + 7 * len(label)
        x -= width
        parts.append(
            f"<rect x='{x}' y='11' width='14' height='12' fill='{fill}' stroke='{stroke}'/>"
            f"<text x='{x + 18}' y='22' {_FONT} font-size='12' fill='#222'>{esc(label)}</text>"
        )
    parts += body
    parts.append("</svg>")
    return "".join(parts)


def _axis(top: int, bottom: int, left: int, right: int, maximum: float, unit: str) -> list[str]:
    out = [f"<line x1='{left}' y1='{bottom}' x2='{right}' y2='{bottom}' stroke='#444'/>"]
    for i in range(5):
        value = maximum * i / 4
        y = bottom - (bottom - top) * i / 4
        out.append(
            f"<line x1='{left}' y1='{y:.1f}' x2='{right}' y2='{y:.1f}' stroke='#e3e6ea'/>"
            f"<text x='{left - 6}' y='{y + 4:.1f}' {_FONT} font-size='11' fill='#555' "
            f"text-anchor='end'>{value:g}{unit}</text>"
        )
    return out


def _nice(maximum: float) -> float:
    for step in (4, 8, 12, 20, 40, 60, 100, 200, 400, 1000, 2000, 4000, 10000):
        if maximum <= step:
            return float(step)
    return float(maximum)


def severity_chart(month: MonthFigures, previous: MonthFigures, labels: tuple[str, str]) -> str:
    """Incidents by severity, this month beside the previous one."""
    sevs = [s for s in Severity.ordered() if month.count(s) or previous.count(s)] or [
        Severity.CRITICAL
    ]
    top, bottom, left, right = 40, H - 40, 50, W - 16
    maximum = _nice(max([month.count(s) for s in sevs] + [previous.count(s) for s in sevs] + [1]))
    body = _axis(top, bottom, left, right, maximum, "")
    slot = (right - left) / len(sevs)
    bar = min(34.0, slot / 3)
    for i, sev in enumerate(sevs):
        x0 = left + slot * i + slot / 2 - bar
        for j, (value, fill, stroke) in enumerate(
            (
                (previous.count(sev), _PREV_FILL, _PREV),
                (month.count(sev), SEVERITY_HEX[sev], "#222"),
            )
        ):
            h = (bottom - top) * value / maximum
            x = x0 + j * bar
            body.append(
                f"<rect x='{x:.1f}' y='{bottom - h:.1f}' width='{bar - 2:.1f}' height='{h:.1f}' "
                f"fill='{fill}' stroke='{stroke}'/>"
                f"<text x='{x + bar / 2 - 1:.1f}' y='{bottom - h - 4:.1f}' {_FONT} "
                f"font-size='11' text-anchor='middle' fill='#222'>{value}</text>"
            )
        body.append(
            f"<text x='{left + slot * i + slot / 2:.1f}' y='{bottom + 16}' {_FONT} "
            f"font-size='12' text-anchor='middle' fill='#222'>{esc(sev.value)}</text>"
        )
    legend = ((labels[1], _PREV_FILL, _PREV), (labels[0], "#555", "#222"))
    return _frame("Incidents by severity", body, legend)


def compliance_chart(month: MonthFigures, previous: MonthFigures, labels: tuple[str, str]) -> str:
    """Response and resolution compliance (%), this month beside the previous one."""
    top, bottom, left, right = 40, H - 40, 50, W - 16
    body = _axis(top, bottom, left, right, 100, "%")
    groups = (
        ("response", previous.response.percent, month.response.percent),
        ("resolution", previous.resolution.percent, month.resolution.percent),
    )
    slot = (right - left) / len(groups)
    bar = 48.0
    for i, (name, before, now) in enumerate(groups):
        x0 = left + slot * i + slot / 2 - bar
        for j, (value, fill, stroke) in enumerate(
            ((before, _PREV_FILL, _PREV), (now, _NOW, "#222"))
        ):
            x = x0 + j * bar
            if value is None:
                body.append(
                    f"<text x='{x + bar / 2:.1f}' y='{bottom - 6}' {_FONT} font-size='11' "
                    "text-anchor='middle' fill='#555'>n/a</text>"
                )
                continue
            h = (bottom - top) * value / 100
            body.append(
                f"<rect x='{x:.1f}' y='{bottom - h:.1f}' width='{bar - 4:.1f}' height='{h:.1f}' "
                f"fill='{fill}' stroke='{stroke}'/>"
                f"<text x='{x + bar / 2 - 2:.1f}' y='{bottom - h - 4:.1f}' {_FONT} "
                f"font-size='11' text-anchor='middle' fill='#222'>{value:.1f}%</text>"
            )
        body.append(
            f"<text x='{left + slot * i + slot / 2:.1f}' y='{bottom + 16}' {_FONT} "
            f"font-size='12' text-anchor='middle' fill='#222'>{name}</text>"
        )
    legend = ((labels[1], _PREV_FILL, _PREV), (labels[0], _NOW, "#222"))
    return _frame("SLA compliance (met ÷ eligible)", body, legend)


def daily_chart(month: MonthFigures) -> str:
    """Incidents opened per day of the month."""
    top, bottom, left, right = 40, H - 40, 50, W - 16
    days = month.per_day or ()
    maximum = _nice(max([n for _, n in days] + [1]))
    body = _axis(top, bottom, left, right, maximum, "")
    slot = (right - left) / max(1, len(days))
    for i, (day, n) in enumerate(days):
        h = (bottom - top) * n / maximum
        x = left + slot * i
        body.append(
            f"<rect x='{x + 1:.1f}' y='{bottom - h:.1f}' width='{max(1.0, slot - 2):.1f}' "
            f"height='{h:.1f}' fill='{_NOW}'><title>{day.isoformat()}: {n}</title></rect>"
        )
        if n:
            body.append(
                f"<text x='{x + slot / 2:.1f}' y='{bottom - h - 3:.1f}' {_FONT} font-size='10' "
                f"text-anchor='middle' fill='#222'>{n}</text>"
            )
        if day.day == 1 or day.day % 5 == 0:
            body.append(
                f"<text x='{x + slot / 2:.1f}' y='{bottom + 15}' {_FONT} font-size='11' "
                f"text-anchor='middle' fill='#222'>{day.day}</text>"
            )
    return _frame("Incidents opened per day", body)
