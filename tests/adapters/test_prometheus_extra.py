"""Sparkline ranges and built-in panels: request shapes, parsers, requests per poll."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from datetime import timedelta
from urllib.parse import parse_qs

import httpx
import pytest

from noc_wallboard.adapters.prometheus import PrometheusSource
from noc_wallboard.adapters.prometheus_extra import (
    build_range_request,
    parse_alerts_response,
    parse_range_response,
    parse_targets_response,
)
from noc_wallboard.config.schema import SourceConfig
from noc_wallboard.domain.errors import SourceProtocolError, SourceRejected
from noc_wallboard.domain.health import PanelKind, PanelSpec
from tests.factories import CPU

JSON = {"content-type": "application/json"}
SPARK = replace(CPU, sparkline=timedelta(hours=1), sparkline_width=120)


def ok(data: object) -> bytes:
    return json.dumps({"status": "success", "data": data}).encode()


def test_range_request_is_aligned_to_the_step():
    assert build_range_request(CPU, 1_000_000.0, 10) is None
    path, form = build_range_request(SPARK, 1_000_017.5, 10)  # type: ignore[misc]
    assert path == "/api/v1/query_range"
    assert form["step"] == "30" and float(form["end"]) == 1_000_020 - 30
    assert float(form["end"]) - float(form["start"]) == 3600
    assert form["query"] == CPU.query and form["timeout"] == "9.5"


def test_parse_matrix_with_special_values():
    body = ok(
        {
            "resultType": "matrix",
            "result": [
                {"metric": {"instance": "a"}, "values": [[1, "1"], [2, "NaN"], [3, "+Inf"]]}
            ],
        }
    )
    (series,), warnings = parse_range_response(body, "u")
    assert series.labels == {"instance": "a"} and series.values[0] == 1.0
    assert math.isnan(series.values[1]) and series.values[2] == math.inf
    assert warnings == ()


@pytest.mark.parametrize(
    ("body", "error"),
    [
        (ok({"resultType": "vector", "result": []}), SourceRejected),
        (ok({"resultType": "matrix", "result": {}}), SourceProtocolError),
        (ok({"resultType": "matrix", "result": [{"metric": {}}]}), SourceProtocolError),
        (
            ok({"resultType": "matrix", "result": [{"metric": {}, "values": [[1]]}]}),
            SourceProtocolError,
        ),
    ],
)
def test_bad_matrices(body, error):
    with pytest.raises(error):
        parse_range_response(body, "u")


def test_targets_become_samples():
    body = ok(
        {
            "activeTargets": [
                {"labels": {"job": "n", "instance": "a"}, "health": "up", "lastError": ""},
                {"labels": {"job": "n", "instance": "b"}, "health": "down", "lastError": "refused"},
                {"labels": {"job": "n", "instance": "c"}, "health": "unknown"},
            ],
            "droppedTargets": [],
        }
    )
    samples, _ = parse_targets_response(body, "u")
    values = {x.labels["instance"]: x.value for x in samples}
    assert values["a"] == 1.0 and values["b"] == 0.0 and math.isnan(values["c"])
    assert samples[1].labels["last_error"] == "refused"


def test_alerts_counted_by_state_zeros_included():
    body = ok({"alerts": [{"state": "firing"}, {"state": "firing"}, {"state": "weird"}]})
    samples, _ = parse_alerts_response(body, "u")
    assert {x.labels["state"]: x.value for x in samples} == {"firing": 2.0, "pending": 0.0}
    with pytest.raises(SourceProtocolError):
        parse_alerts_response(ok({"nope": 1}), "u")
    with pytest.raises(SourceProtocolError):
        parse_targets_response(ok({"activeTargets": "x"}), "u")


def source(handler) -> PrometheusSource:
    client = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    cfg = SourceConfig(name="p", kind="prometheus", url="http://127.0.0.1:9090")
    return PrometheusSource(cfg, client, clock=lambda: 1_000_000.0)


async def test_requests_per_poll_are_panels_plus_sparkline_panels():
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == "/api/v1/query_range":
            end = float(parse_qs(request.content.decode())["end"][0])
            values = [[end - 30, "5"], [end, "6"]]  # the last two slots of the grid
            data = {
                "resultType": "matrix",
                "result": [{"metric": {"instance": "a"}, "values": values}],
            }
        elif request.url.path == "/api/v1/targets":
            data = {"activeTargets": [{"labels": {"job": "j", "instance": "a"}, "health": "up"}]}
        elif request.url.path == "/api/v1/alerts":
            data = {"alerts": []}
        else:
            data = {
                "resultType": "vector",
                "result": [{"metric": {"instance": "a"}, "value": [1, "6"]}],
            }
        return httpx.Response(200, content=ok(data), headers=JSON)

    targets = PanelSpec("T", "p", "", ("job", "instance"), kind=PanelKind.TARGETS)
    alerts = PanelSpec("A", "p", "", ("state",), kind=PanelKind.ALERTS)
    answers = await source(handler).query_panels([CPU, SPARK, targets, alerts])
    assert len(seen) == 5  # 4 panels + 1 sparkline panel
    assert sorted(r.url.path for r in seen).count("/api/v1/query") == 2
    rng = next(r for r in seen if r.url.path == "/api/v1/query_range")
    assert parse_qs(rng.content.decode())["step"] == ["30"]
    by_name = {a.panel: a for a in answers}
    spark = by_name[SPARK.name].history[0].values
    assert len(spark) == SPARK.sparkline_points() and spark[-2:] == (5.0, 6.0)
    assert all(math.isnan(v) for v in spark[:-2])  # no sample there: gaps, not squeezed
    assert by_name["T"].samples[0].value == 1.0
    assert [x.value for x in by_name["A"].samples] == [0.0, 0.0]


async def test_failed_sparkline_is_a_warning_not_a_failed_panel():
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/v1/query_range":
            return httpx.Response(
                400,
                content=b'{"status":"error","errorType":"bad_data","error":"too many points"}',
                headers=JSON,
            )
        vector = {"resultType": "vector", "result": []}
        return httpx.Response(200, content=ok(vector), headers=JSON)

    (answer,) = await source(handler).query_panels([SPARK])
    assert answer.error is None and answer.history == ()
    assert answer.warnings and "sparkline unavailable" in answer.warnings[0]


async def test_tenant_header_on_every_request_kind():
    """Mimir/Cortex need X-Scope-OrgID on the range and built-in requests too."""
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        data: object = {"resultType": "vector", "result": []}
        if request.url.path == "/api/v1/query_range":
            data = {"resultType": "matrix", "result": []}
        elif request.url.path == "/api/v1/targets":
            data = {"activeTargets": []}
        return httpx.Response(200, content=ok(data), headers=JSON)

    client = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    cfg = SourceConfig.model_validate(
        {
            "name": "mimir",
            "kind": "prometheus",
            "url": "http://127.0.0.1:9009/prometheus",
            "http": {"headers": {"X-Scope-OrgID": "noc"}},
        }
    )
    targets = PanelSpec("T", "mimir", "", ("job", "instance"), kind=PanelKind.TARGETS)
    await PrometheusSource(cfg, client).query_panels([SPARK, targets])
    assert len(seen) == 3
    assert all(r.headers["X-Scope-OrgID"] == "noc" for r in seen)
    assert all(r.url.path.startswith("/prometheus/api/v1/") for r in seen)
