"""Prometheus answers beyond the instant query: sparkline ranges and the built-in panels.

Pure request builders and parsers, tested on recorded answers; the async part lives in
`prometheus.py`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from noc_wallboard.adapters.jsonparse import decode_json
from noc_wallboard.adapters.prometheus_envelope import pair, parse_envelope
from noc_wallboard.domain.errors import SourceProtocolError, SourceRejected
from noc_wallboard.domain.health import PanelSpec, Sample, Series
from noc_wallboard.domain.health_panels import ALERT_STATES, TARGET_VALUE, target_labels

RANGE_PATH = "/api/v1/query_range"
TARGETS_PATH = "/api/v1/targets?state=active"
ALERTS_PATH = "/api/v1/alerts"


@dataclass(frozen=True, slots=True)
class RangeGrid:
    """The sparkline's time grid: `points` slots from `start`, `step` seconds apart."""

    start: float
    step: float
    points: int

    def slot(self, timestamp: float) -> int | None:
        index = round((timestamp - self.start) / self.step)
        return index if 0 <= index < self.points else None


def range_grid(panel: PanelSpec, now_s: float) -> RangeGrid | None:
    """`end` is aligned to the step so consecutive polls ask for the same grid (Prometheus and
    caching front-ends such as Thanos or Mimir answer an aligned range more cheaply)."""
    step = panel.sparkline_step()
    if step is None or panel.sparkline is None:
        return None
    step_s = step.total_seconds()
    points = panel.sparkline_points()
    end = math.floor(now_s / step_s) * step_s
    return RangeGrid(end - (points - 1) * step_s, step_s, points)


def build_range_request(
    panel: PanelSpec, now_s: float, timeout_s: float
) -> tuple[str, dict[str, str]] | None:
    """The sparkline's query_range, or None for a panel without one."""
    grid = range_grid(panel, now_s)
    if grid is None:
        return None
    return RANGE_PATH, range_form(panel, grid, timeout_s)


def range_form(panel: PanelSpec, grid: RangeGrid, timeout_s: float) -> dict[str, str]:
    end = grid.start + (grid.points - 1) * grid.step
    return {
        "query": panel.query,
        "start": f"{grid.start:.3f}",
        "end": f"{end:.3f}",
        "step": f"{grid.step:g}",
        "timeout": f"{max(timeout_s - 0.5, 0.5):g}",
    }


def parse_range_data(data: Any, grid: RangeGrid | None = None) -> tuple[Series, ...]:
    """Matrix data → series. With the request's `grid`, each value goes to the slot of its
    timestamp and slots Prometheus left out (no sample there) are NaN, drawn as breaks: a
    series that exists for the last minute of an hour fills the last minute, not the hour."""
    if not isinstance(data, dict):
        raise SourceProtocolError("range data is not an object")
    if data.get("resultType") != "matrix":
        raise SourceRejected(f"range query returned {data.get('resultType')!r}, not a matrix")
    result = data.get("result")
    if not isinstance(result, list):
        raise SourceProtocolError("matrix result is not a list")
    series = []
    for item in result:
        if not isinstance(item, dict) or not isinstance(item.get("metric"), dict):
            raise SourceProtocolError("matrix element without a metric")
        points = item.get("values")
        if not isinstance(points, list):
            raise SourceProtocolError("matrix element without values")
        labels = {str(k): str(v) for k, v in item["metric"].items()}
        pairs = [pair(p) for p in points]
        if grid is None:
            values = tuple(v for _, v in pairs)
        else:
            slots = [math.nan] * grid.points
            for ts, value in pairs:
                index = grid.slot(ts)
                if index is not None:
                    slots[index] = value
            values = tuple(slots)
        series.append(Series(labels, values))
    return tuple(series)


def parse_range_response(body: bytes, url: str) -> tuple[tuple[Series, ...], tuple[str, ...]]:
    data, warnings = parse_envelope(decode_json(body, url))
    return parse_range_data(data), warnings


def parse_targets_response(body: bytes, url: str) -> tuple[tuple[Sample, ...], tuple[str, ...]]:
    """`/api/v1/targets` → one sample per active target: 1 up, 0 down, NaN unknown."""
    data, warnings = parse_envelope(decode_json(body, url))
    if not isinstance(data, dict) or not isinstance(data.get("activeTargets"), list):
        raise SourceProtocolError("targets answer without activeTargets")
    samples = []
    for target in data["activeTargets"]:
        if not isinstance(target, dict):
            raise SourceProtocolError("target is not an object")
        labels = target_labels(target)
        value = TARGET_VALUE.get(labels["health"], math.nan)
        samples.append(Sample(labels, value, 0.0))
    return tuple(samples), warnings


def parse_alerts_response(body: bytes, url: str) -> tuple[tuple[Sample, ...], tuple[str, ...]]:
    """`/api/v1/alerts` → two samples, firing and pending counts (zeros included: an empty
    alert list is a real, healthy answer, not missing data)."""
    data, warnings = parse_envelope(decode_json(body, url))
    if not isinstance(data, dict) or not isinstance(data.get("alerts"), list):
        raise SourceProtocolError("alerts answer without alerts")
    counts = dict.fromkeys(ALERT_STATES, 0)
    for alert in data["alerts"]:
        state = alert.get("state") if isinstance(alert, dict) else None
        if state in counts:
            counts[state] += 1
    return tuple(Sample({"state": s}, float(n), 0.0) for s, n in counts.items()), warnings
