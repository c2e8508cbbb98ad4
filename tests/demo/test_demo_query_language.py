"""The PromQL subset, matchers and Go-style number/time formats."""

from __future__ import annotations

import math
from datetime import UTC, datetime

import pytest

from noc_wallboard.demo.evaluate import evaluate
from noc_wallboard.demo.fleet import Fleet
from noc_wallboard.demo.formats import (
    alert_value,
    json_timestamp,
    parse_prom_duration,
    parse_prom_time,
    rfc3339_millis,
    rfc3339_nano,
    sample_value,
)
from noc_wallboard.demo.matchers import LabelMatcher, parse_matcher_list
from noc_wallboard.demo.promql import Aggregate, Number, PromQLError, Selector, parse

START = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def test_parse_selector_with_all_matcher_kinds() -> None:
    expr = parse('node_cpu_busy_percent{client="acme", service=~"web|lb", site!="x", a!~\'b\',}')
    assert isinstance(expr, Selector)
    assert [str(m) for m in expr.matchers] == [
        '__name__="node_cpu_busy_percent"',
        'client="acme"',
        'service=~"web|lb"',
        'site!="x"',
        'a!~"b"',
    ]


@pytest.mark.parametrize(
    "query",
    [
        "sum by (client) (up)",
        "sum(up) by (client)",
        "avg by (client, site) (up)",
        "count(up)",
        "max by(client)(node_filesystem_used_percent)",
        "min by () (up)",
    ],
)
def test_parse_aggregations(query: str) -> None:
    assert isinstance(parse(query), Aggregate)


@pytest.mark.parametrize(
    ("query", "value"),
    [("42", 42.0), ("-1.5", -1.5), ("1e3", 1000.0), ("0x10", 16.0), ("+Inf", math.inf)],
)
def test_parse_numbers(query: str, value: float) -> None:
    expr = parse(query)
    assert isinstance(expr, Number) and expr.value == value


def test_nan_literal() -> None:
    expr = parse("NaN")
    assert isinstance(expr, Number) and math.isnan(expr.value)


@pytest.mark.parametrize(
    "query",
    [
        "",
        "rate(up[5m])",
        "up[5m]",
        "up + 1",
        "sum without (a) (up)",
        '{a=""}',
        "up{",
        'up{a="b}',
        "sum by (client) (1)",
        "topk(3, up)",
        "up offset 5m",
        'up{a=~"("}',
    ],
)
def test_unsupported_or_invalid_queries_are_parse_errors(query: str) -> None:
    with pytest.raises(PromQLError, match="parse error"):
        parse(query)


def test_error_positions_like_prometheus() -> None:
    with pytest.raises(PromQLError, match=r"^1:4: parse error"):
        parse("up * 2")


def test_evaluate_selectors_and_aggregations() -> None:
    fleet = Fleet(7, START)
    at = [START.timestamp()]
    ups = evaluate(parse("up"), fleet, at)
    assert len(ups) == len(fleet.hosts)
    acme_web = evaluate(parse('up{client="acme",service=~"web"}'), fleet, at)
    assert {s.labels["instance"] for s in acme_web} == {
        "acme-web-01:9100",
        "acme-web-02:9100",
        "acme-web-03:9100",
    }
    counts = evaluate(parse("count by (client) (up)"), fleet, at)
    assert {s.labels["client"]: s.values[0] for s in counts} == {
        "acme": 8.0,
        "globex": 9.0,
        "initech": 7.0,
        "umbrella": 10.0,
    }
    assert all(set(s.labels) == {"client"} for s in counts)
    total = evaluate(parse("sum(up)"), fleet, at)
    assert total[0].labels == {} and total[0].values[0] == sum(s.values[0] or 0 for s in ups)
    cpu = evaluate(parse("node_cpu_busy_percent"), fleet, at)
    avg = evaluate(parse("avg by (client) (node_cpu_busy_percent)"), fleet, at)
    acme = [s.values[0] for s in cpu if s.labels["client"] == "acme" and s.values[0] is not None]
    assert avg[0].labels == {"client": "acme"}
    assert avg[0].values[0] == pytest.approx(sum(acme) / len(acme))
    assert evaluate(parse('up{client="nobody"}'), fleet, at) == []


def test_matchers_are_anchored_and_missing_labels_are_empty() -> None:
    assert LabelMatcher("a", "=~", "web").matches({"a": "web"})
    assert not LabelMatcher("a", "=~", "web").matches({"a": "webby"})
    assert LabelMatcher("a", "!~", "web").matches({"a": "webby"})
    assert LabelMatcher("missing", "=", "").matches({})
    assert LabelMatcher.from_flags("a", "x.*", is_regex=True, is_equal=False).op == "!~"
    with pytest.raises(ValueError):
        LabelMatcher("a", "=~", "(")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('severity="critical"', ['severity="critical"']),
        ("severity=critical", ['severity="critical"']),
        ('{alertname=~"High.*", client!="acme"}', ['alertname=~"High.*"', 'client!="acme"']),
        ('summary="a, b"', ['summary="a, b"']),
    ],
)
def test_alertmanager_filter_syntax(text: str, expected: list[str]) -> None:
    assert [str(m) for m in parse_matcher_list(text)] == expected


@pytest.mark.parametrize("text", ["", "severity", "=x", '{a="b"'])
def test_bad_alertmanager_filters(text: str) -> None:
    with pytest.raises(ValueError):
        parse_matcher_list(text)


def test_go_number_formats() -> None:
    assert sample_value(95.0) == "95"
    assert sample_value(0.1) == "0.1"
    assert sample_value(1e-05) == "0.00001"
    assert sample_value(math.nan) == "NaN"
    assert sample_value(-math.inf) == "-Inf"
    assert alert_value(95.0) == "9.5e+01"
    assert alert_value(1.0) == "1e+00"
    assert alert_value(0.0) == "0e+00"
    assert alert_value(0.000123) == "1.23e-04"
    assert json_timestamp(1700000000.0) == 1700000000
    assert json_timestamp(1700000000.1234) == 1700000000.123


def test_time_formats() -> None:
    moment = datetime(2026, 3, 2, 9, 30, 5, 120000, tzinfo=UTC)
    assert rfc3339_millis(moment) == "2026-03-02T09:30:05.120Z"
    assert rfc3339_nano(moment) == "2026-03-02T09:30:05.12Z"
    assert rfc3339_nano(moment.replace(microsecond=0)) == "2026-03-02T09:30:05Z"
    assert parse_prom_time("2026-03-02T09:30:05.12Z") == moment.timestamp()
    assert parse_prom_time("1772443805.12") == pytest.approx(moment.timestamp())
    assert parse_prom_duration("1m30s") == 90.0
    assert parse_prom_duration("15") == 15.0
    for bad in ("soon", "1x", "nan"):
        with pytest.raises(ValueError):
            parse_prom_duration(bad) if bad != "soon" else parse_prom_time(bad)
