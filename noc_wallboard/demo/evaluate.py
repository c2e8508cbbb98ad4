"""Evaluating the parsed PromQL subset against the fleet, at one time or over a range."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from noc_wallboard.demo.fleet import Fleet
from noc_wallboard.demo.matchers import matches_all
from noc_wallboard.demo.promql import Aggregate, Expr, Number, Selector


@dataclass(frozen=True)
class Series:
    labels: dict[str, str]
    values: list[float | None]  # one per evaluation time; None where absent


def evaluate(expr: Expr, fleet: Fleet, unix_times: Sequence[float]) -> list[Series]:
    """Series in label order (as Prometheus sorts matrices); absent everywhere → left out."""
    if isinstance(expr, Number):
        return [Series({}, [expr.value] * len(unix_times))]
    if isinstance(expr, Selector):
        found = _select(expr, fleet, unix_times)
    else:
        found = _aggregate(expr, _select(expr.inner, fleet, unix_times), len(unix_times))
    found = [s for s in found if any(v is not None for v in s.values)]
    return sorted(found, key=lambda s: sorted(s.labels.items()))


def _select(selector: Selector, fleet: Fleet, unix_times: Sequence[float]) -> list[Series]:
    refs = [r for r in fleet.series if matches_all(selector.matchers, r.labels)]
    values = fleet.sample(refs, unix_times)
    return [Series(dict(ref.labels), vals) for ref, vals in zip(refs, values, strict=True)]


def _sum(values: list[float]) -> float:
    return math.fsum(values) if all(math.isfinite(v) for v in values) else sum(values)


def _avg(values: list[float]) -> float:
    return _sum(values) / len(values)


def _extreme(pick: Callable[[list[float]], float]) -> Callable[[list[float]], float]:
    # Prometheus's max/min skip NaN unless every input is NaN.
    def run(values: list[float]) -> float:
        numbers = [v for v in values if not math.isnan(v)]
        return pick(numbers) if numbers else math.nan

    return run


_OPS: dict[str, Callable[[list[float]], float]] = {
    "sum": _sum,
    "avg": _avg,
    "max": _extreme(max),
    "min": _extreme(min),
    "count": lambda values: float(len(values)),
}


def _aggregate(expr: Aggregate, inputs: list[Series], points: int) -> list[Series]:
    groups: dict[tuple[tuple[str, str], ...], list[Series]] = {}
    for series in inputs:
        # Empty label values are dropped from the output labels, as Prometheus does.
        key = tuple(
            (name, series.labels[name]) for name in sorted(expr.by) if series.labels.get(name)
        )
        groups.setdefault(key, []).append(series)
    op = _OPS[expr.op]
    result = []
    for key, members in groups.items():
        values: list[float | None] = []
        for i in range(points):
            present = [v for s in members if (v := s.values[i]) is not None]
            values.append(op(present) if present else None)
        result.append(Series(dict(key), values))
    return result
