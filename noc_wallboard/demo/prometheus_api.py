"""The demo Prometheus: the slice of the HTTP API v1 the board uses, with real envelopes.

Success is `{"status": "success", "data": …}`; failures carry `errorType` and `error` with the
status code Prometheus uses for that type (bad_data → 400).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from noc_wallboard.demo.evaluate import Series, evaluate
from noc_wallboard.demo.formats import (
    alert_value,
    json_timestamp,
    parse_prom_duration,
    parse_prom_time,
    rfc3339_nano,
    sample_value,
)
from noc_wallboard.demo.httpbase import (
    METHOD_NOT_ALLOWED,
    NOT_FOUND,
    DemoHandler,
    DemoState,
    Request,
    Response,
)
from noc_wallboard.demo.promql import Number, PromQLError, parse

MAX_POINTS = 11000
BUILD_INFO = {
    "version": "2.42.0-demo",
    "revision": "225c61122d88b01d1f0eaaee0e05b6f3e0567ac0",
    "branch": "HEAD",
    "buildUser": "noc-wallboard@demo",
    "buildDate": "20230201-12:00:00",
    "goVersion": "go1.19.5",
}


def success(data: Any) -> Response:
    return Response.json(200, {"status": "success", "data": data}, newline=False)


def failure(status: int, error_type: str, message: str) -> Response:
    body = {"status": "error", "errorType": error_type, "error": message}
    return Response.json(status, body, newline=False)


def bad_data(message: str) -> Response:
    return failure(400, "bad_data", message)


class _BadParam(Exception):
    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f'invalid parameter "{name}": {reason}')


def _time(request: Request, name: str, default: float | None) -> float:
    text = request.param(name)
    if text is None or text == "":
        if default is None:
            raise _BadParam(name, 'cannot parse "" to a valid timestamp')
        return default
    try:
        return parse_prom_time(text)
    except ValueError as exc:
        raise _BadParam(name, str(exc)) from None


def _point(t: float, value: float) -> list[Any]:
    return [json_timestamp(t), sample_value(value)]


class PrometheusHandler(DemoHandler):
    def internal_error(self, message: str) -> Response:
        return failure(500, "internal", message)

    def route(self, request: Request) -> Response:
        path = request.path
        if path in ("/api/v1/query", "/api/v1/query_range"):
            if request.method not in ("GET", "POST"):
                return METHOD_NOT_ALLOWED
            try:
                if path == "/api/v1/query":
                    return self.query(request)
                return self.query_range(request)
            except _BadParam as exc:
                return bad_data(str(exc))
        handlers: dict[str, Callable[[Request], Response]] = {
            "/api/v1/targets": self.targets,
            "/api/v1/alerts": self.alerts,
            "/api/v1/status/buildinfo": lambda _: success(BUILD_INFO),
            "/-/healthy": lambda _: Response.text(200, "Prometheus Server is Healthy.\n"),
            "/-/ready": lambda _: Response.text(200, "Prometheus Server is Ready.\n"),
        }
        handler = handlers.get(path)
        if handler is None:
            return NOT_FOUND
        if request.method != "GET":
            return METHOD_NOT_ALLOWED
        return handler(request)

    def query(self, request: Request) -> Response:
        at = _time(request, "time", self.state.fleet.now.timestamp())
        try:
            expr = parse(request.param("query") or "")
        except PromQLError as exc:
            return bad_data(f'invalid parameter "query": {exc}')
        found = evaluate(expr, self.state.fleet, [at])
        if isinstance(expr, Number):
            return success({"resultType": "scalar", "result": _point(at, expr.value)})
        result = [
            {"metric": s.labels, "value": _point(at, v)}
            for s in found
            if (v := s.values[0]) is not None
        ]
        return success({"resultType": "vector", "result": result})

    def query_range(self, request: Request) -> Response:
        start = _time(request, "start", None)
        end = _time(request, "end", None)
        step_text = request.param("step") or ""
        try:
            step = parse_prom_duration(step_text)
        except ValueError as exc:
            raise _BadParam("step", str(exc)) from None
        if end < start:
            raise _BadParam("end", "end timestamp must not be before start time")
        if step <= 0:
            raise _BadParam(
                "step",
                "zero or negative query resolution step widths are not "
                "accepted. Try a positive integer",
            )
        if (end - start) / step > MAX_POINTS:  # the same test as Prometheus: > 11000 steps
            return bad_data(
                "exceeded maximum resolution of 11,000 points per timeseries. "
                "Try decreasing the query resolution (?step=XX)"
            )
        try:
            expr = parse(request.param("query") or "")
        except PromQLError as exc:
            return bad_data(f'invalid parameter "query": {exc}')
        count = math.floor((end - start) / step + 1e-9) + 1
        times = [start + i * step for i in range(count)]
        result = [_matrix_row(s, times) for s in evaluate(expr, self.state.fleet, times)]
        return success({"resultType": "matrix", "result": result})

    def targets(self, request: Request) -> Response:
        wanted = request.param("state") or "any"
        if wanted not in ("active", "dropped", "any"):
            return bad_data(f'invalid parameter "state": unknown state {wanted!r}')
        active = []
        for target in self.state.fleet.targets(self.state.fleet.now):
            host = target.host
            active.append(
                {
                    "discoveredLabels": {
                        "__address__": host.instance,
                        "__metrics_path__": "/metrics",
                        "__scheme__": "http",
                        "job": "node",
                    },
                    "labels": host.labels(),
                    "scrapePool": "node",
                    "scrapeUrl": f"http://{host.instance}/metrics",
                    "globalUrl": f"http://{host.instance}/metrics",
                    "lastError": target.last_error,
                    "lastScrape": rfc3339_nano(target.last_scrape),
                    "lastScrapeDuration": target.last_scrape_duration,
                    "health": target.health,
                    "scrapeInterval": "15s",
                    "scrapeTimeout": "10s",
                }
            )
        return success(
            {"activeTargets": [] if wanted == "dropped" else active, "droppedTargets": []}
        )

    def alerts(self, request: Request) -> Response:
        fleet = self.state.fleet
        now = self.state.fleet.now
        t = fleet.elapsed(now)
        alerts = []
        for incident in sorted(fleet.incidents(now), key=lambda i: i.active_at):
            alerts.append(
                {
                    "labels": incident.labels,
                    "annotations": incident.rule.annotations(incident.host),
                    "state": "firing" if incident.is_firing(t) else "pending",
                    "activeAt": rfc3339_nano(fleet.at(incident.active_at)),
                    "value": alert_value(fleet.alert_value(incident, now)),
                }
            )
        return success({"alerts": alerts})


def _matrix_row(series: Series, times: list[float]) -> dict[str, Any]:
    values = [_point(t, v) for t, v in zip(times, series.values, strict=True) if v is not None]
    return {"metric": series.labels, "values": values}


def make_prometheus_handler(state: DemoState) -> type[PrometheusHandler]:
    """A handler class bound to `state` (http.server instantiates one per request)."""
    return type("BoundPrometheusHandler", (PrometheusHandler,), {"state": state})
