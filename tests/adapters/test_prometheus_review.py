"""Review of the Prometheus adapter: sparkline grid, series cap, strict sliced decoding."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from datetime import timedelta
from urllib.parse import parse_qs

import httpx
import pytest

from noc_wallboard.adapters.prometheus import PrometheusSource
from noc_wallboard.adapters.prometheus_envelope import parse_query_data, parse_query_response
from noc_wallboard.adapters.prometheus_extra import (
    RangeGrid,
    build_range_request,
    parse_range_data,
    range_grid,
)
from noc_wallboard.adapters.prometheus_json import parse_sliced
from noc_wallboard.config.schema import SourceConfig
from noc_wallboard.domain.errors import SourceError, SourceRejected
from noc_wallboard.domain.health import SPARKLINE_WIDTH, PanelKind, PanelSpec
from tests.factories import CPU

JSON = {"content-type": "application/json"}


# ------------------------------------------------------------------ sparkline grid
def test_missing_points_become_gaps_on_the_grid():
    grid = RangeGrid(start=100.0, step=10.0, points=6)
    data = {
        "resultType": "matrix",
        "result": [
            {"metric": {"i": "late"}, "values": [[140, "5"], [150, "6"]]},
            {"metric": {"i": "flappy"}, "values": [[100, "1"], [110, "1"], [150, "1"]]},
        ],
    }
    late, flappy = parse_range_data(data, grid)
    assert len(late.values) == 6 and all(math.isnan(v) for v in late.values[:4])
    assert late.values[4:] == (5.0, 6.0)
    assert flappy.values[:2] == (1.0, 1.0) and flappy.values[5] == 1.0
    assert all(math.isnan(v) for v in flappy.values[2:5])


def test_points_off_the_grid_are_dropped_not_shifted():
    grid = RangeGrid(start=100.0, step=10.0, points=3)
    data = {"resultType": "matrix", "result": [{"metric": {}, "values": [[90, "1"], [130, "2"]]}]}
    (series,) = parse_range_data(data, grid)
    assert all(math.isnan(v) for v in series.values)


def test_default_width_is_the_drawn_width_and_steps_are_whole_seconds():
    spec = replace(CPU, sparkline=timedelta(hours=1))
    assert spec.sparkline_width == SPARKLINE_WIDTH
    step = spec.sparkline_step()
    assert step is not None and step.total_seconds() == round(3600 / SPARKLINE_WIDTH)
    grid = range_grid(spec, 1_000_017.5)
    assert grid is not None and grid.points == spec.sparkline_points()
    _, form = build_range_request(spec, 1_000_017.5, 10)  # type: ignore[misc]
    end = float(form["end"])
    assert end % grid.step == 0 and end <= 1_000_017.5
    assert (end - float(form["start"])) / grid.step + 1 == grid.points
    week = replace(CPU, sparkline=timedelta(days=7), sparkline_width=2000)
    assert week.sparkline_points() <= 11_000


async def test_query_panel_fills_the_grid_from_timestamps():
    spec = replace(CPU, sparkline=timedelta(seconds=60), sparkline_width=6)  # step 10 s

    def handler(request: httpx.Request) -> httpx.Response:
        form = parse_qs(request.content.decode())
        if request.url.path.endswith("query_range"):
            end = float(form["end"][0])
            values = [[end - 10, "3"], [end, "4"]]  # only the last two slots
            body = {
                "resultType": "matrix",
                "result": [{"metric": {"instance": "a"}, "values": values}],
            }
        else:
            body = {
                "resultType": "vector",
                "result": [{"metric": {"instance": "a"}, "value": [1, "4"]}],
            }
        return httpx.Response(200, headers=JSON, json={"status": "success", "data": body})

    cfg = SourceConfig.model_validate({"name": "p", "kind": "prometheus", "url": "http://p"})
    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
        answer = await PrometheusSource(cfg, client, clock=lambda: 1_000_005.0).query_panel(spec)
    (series,) = answer.history
    assert len(series.values) == spec.sparkline_points() == 7
    assert all(math.isnan(v) for v in series.values[:5]) and series.values[5:] == (3.0, 4.0)


# ------------------------------------------------------------------ series cap
def vector(n: int) -> bytes:
    result = [{"metric": {"instance": f"h{i:06d}"}, "value": [1, "1"]} for i in range(n)]
    return json.dumps(
        {"status": "success", "data": {"resultType": "vector", "result": result}}
    ).encode()


@pytest.mark.parametrize("n", [100, 20_000])  # whole parse and sliced parse
async def test_over_max_series_fails_naming_the_count(n):
    with pytest.raises(SourceRejected, match=rf"{n} series.*max_series = 50"):
        await parse_sliced(vector(n), "u", parse_query_data, max_series=50)
    samples, _ = await parse_sliced(vector(n), "u", parse_query_data, max_series=n)
    assert len(samples) == n


async def test_panel_over_the_cap_is_a_panel_error():
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("targets"):
            targets = [
                {"labels": {"job": "n", "instance": str(i)}, "health": "up"} for i in range(30)
            ]
            data: object = {"activeTargets": targets}
            return httpx.Response(200, headers=JSON, json={"status": "success", "data": data})
        return httpx.Response(200, headers=JSON, content=vector(20_000))

    cfg = SourceConfig.model_validate({"name": "p", "kind": "prometheus", "url": "http://p"})
    ok = replace(CPU, name="ok", max_series=50_000)
    capped = replace(CPU, name="capped", max_series=5000)
    targets = PanelSpec("T", "p", "", kind=PanelKind.TARGETS, max_series=10)
    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
        answers = await PrometheusSource(cfg, client).query_panels([ok, capped, targets])
    assert len(answers[0].samples) == 20_000 and answers[0].error is None
    assert answers[1].error is not None and "20000 series" in answers[1].error
    assert answers[2].error is not None and "30 series" in answers[2].error


async def test_builtin_samples_carry_the_answer_time():
    def handler(request: httpx.Request) -> httpx.Response:
        data = {"activeTargets": [{"labels": {"job": "n", "instance": "a"}, "health": "up"}]}
        return httpx.Response(200, headers=JSON, json={"status": "success", "data": data})

    cfg = SourceConfig.model_validate({"name": "p", "kind": "prometheus", "url": "http://p"})
    targets = PanelSpec("T", "p", "", kind=PanelKind.TARGETS)
    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
        answer = await PrometheusSource(cfg, client, clock=lambda: 1234.5).query_panel(targets)
    assert [s.timestamp for s in answer.samples] == [1234.5]


# ------------------------------------------------------------------ sliced == json.loads
N = 4000


def item(i: int) -> str:
    # Escapes, non-ASCII and brackets inside strings: the decoder must not be fooled by them.
    labels = '{"instance":"h\\u00e9\\"q\\\\-' + str(i) + '","zh":"\u4e2d ]}[,"}'
    return '{"metric":' + labels + ',"value":[1,"' + str(i) + '"]}'


ITEMS = [item(i) for i in range(N)]


def env(result: str, pre: str = "", post: str = "", data_post: str = "") -> bytes:
    data = '{"resultType":"vector","result":[' + result + "]" + data_post + "}"
    return ('{"status":"success",' + pre + '"data":' + data + post + "}").encode()


CASES = {
    "normal": env(",".join(ITEMS)),
    "whitespace": env(" ,\n\t".join(ITEMS)),
    "missing commas": env(" ".join(ITEMS)),
    "one missing comma": env(",".join(ITEMS[:10]) + " " + ",".join(ITEMS[10:])),
    "double commas": env(",,".join(ITEMS)),
    "trailing comma": env(",".join(ITEMS) + ","),
    "leading comma": env("," + ",".join(ITEMS)),
    "NBSP separator": env("\u00a0,".join(ITEMS)),
    "NBSP before the bracket": env("\u00a0" + ",".join(ITEMS)),
    "duplicate result key": env(",".join(ITEMS), data_post=',"result":[]'),
    "duplicate data key": env(",".join(ITEMS), post=',"data":{"resultType":"vector","result":[]}'),
    "duplicate status key": env(",".join(ITEMS), post=',"status":"success"'),
    "stats after result": env(",".join(ITEMS), data_post=',"stats":{"result":[1]}'),
    "warnings after data": env(",".join(ITEMS), post=',"warnings":["w1"]'),
    "empty result": env("") + b" " * 300_000,
    "truncated": env(",".join(ITEMS))[:-3],
}


def outcome_whole(body: bytes) -> object:
    try:
        samples, warnings = parse_query_response(body, "u")
    except SourceError as exc:
        return type(exc).__name__
    return len(samples), samples[0].labels if samples else None, warnings


@pytest.mark.parametrize("name", list(CASES))
async def test_sliced_decoder_agrees_with_json_loads(name):
    body = CASES[name]
    assert len(body) >= 256 * 1024
    try:
        samples, warnings = await parse_sliced(body, "u", parse_query_data)
        sliced: object = (len(samples), samples[0].labels if samples else None, warnings)
    except SourceError as exc:
        sliced = type(exc).__name__
    assert sliced == outcome_whole(body)
