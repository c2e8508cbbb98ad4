"""Parsers of the Prometheus HTTP API, on answers recorded from Prometheus 2.42."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from noc_wallboard.adapters.prometheus import build_query_request, parse_query_response
from noc_wallboard.domain.errors import SourceProtocolError, SourceRejected, SourceTimeout
from tests.factories import CPU

FIX = Path(__file__).parent.parent / "fixtures" / "prometheus"
URL = "http://127.0.0.1:9090/api/v1/query"


def load(name: str) -> bytes:
    return (FIX / name).read_bytes()


def test_vector_answer_gives_samples_with_labels():
    samples, warnings = parse_query_response(load("query_vector_up.json"), URL)
    by_instance = {s.labels["instance"]: s.value for s in samples}
    assert by_instance == {"127.0.0.1:1": 0.0, "127.0.0.1:19090": 1.0}
    assert warnings == ()


def test_nan_and_inf_are_explicit_floats():
    samples, _ = parse_query_response(load("query_nan.json"), URL)
    assert all(math.isnan(s.value) for s in samples)
    samples, _ = parse_query_response(load("query_inf.json"), URL)
    values = sorted((s.value for s in samples), key=lambda v: (math.isnan(v), v))
    assert values[0] == math.inf


def test_scalar_answer_is_one_sample_without_labels():
    samples, _ = parse_query_response(load("query_scalar.json"), URL)
    assert len(samples) == 1 and samples[0].labels == {} and samples[0].value == 42.0


def test_matrix_answer_is_rejected_as_wrong_result_type():
    with pytest.raises(SourceRejected, match="matrix"):
        parse_query_response(load("query_matrix.json"), URL)


def test_bad_data_envelope_becomes_rejected_with_prometheus_message():
    body = load("query_bad_data.txt").splitlines()[0]
    with pytest.raises(SourceRejected, match="bad_data: invalid parameter"):
        parse_query_response(body, URL)


def test_timeout_envelope_becomes_timeout():
    body = b'{"status":"error","errorType":"timeout","error":"query timed out in expression"}'
    with pytest.raises(SourceTimeout):
        parse_query_response(body, URL)


def test_warnings_are_kept():
    body = (
        b'{"status":"success","warnings":["partial response"],'
        b'"data":{"resultType":"vector","result":[]}}'
    )
    assert parse_query_response(body, URL) == ((), ("partial response",))


@pytest.mark.parametrize(
    "body",
    [
        b"<html><body>502 Bad Gateway</body></html>",
        b'{"status":"succ',
        b"",
        b"[]",
        b'{"status":"success","data":{"resultType":"vector","result":{}}}',
        b'{"status":"success","data":{"resultType":"vector","result":[{"value":[1,"1"]}]}}',
        b'{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,1]}]}}',
        b'{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"x"]}]}}',
        b'{"status":"success","data":null}',
        b"\xff\xfe garbage",
    ],
)
def test_hostile_answers_are_protocol_errors(body):
    with pytest.raises(SourceProtocolError):
        parse_query_response(body, URL)


def test_deeply_nested_json_is_a_protocol_error_not_a_crash():
    with pytest.raises(SourceProtocolError):
        parse_query_response(b"[" * 100_000 + b"]" * 100_000, URL)


def test_query_request_uses_form_fields_and_leaves_headroom_in_timeout():
    path, form = build_query_request(CPU, 10.0)
    assert path == "/api/v1/query"
    assert form == {"query": "node_cpu_busy_percent", "timeout": "9.5"}
