"""Large answers parsed slice by slice give exactly what a whole parse gives."""

from __future__ import annotations

import json

import pytest

from noc_wallboard.adapters.prometheus_envelope import parse_query_data
from noc_wallboard.adapters.prometheus_extra import parse_range_data
from noc_wallboard.adapters.prometheus_json import parse_sliced
from noc_wallboard.domain.errors import SourceProtocolError, SourceRejected


def vector(n: int, **extra: object) -> bytes:
    result = [{"metric": {"instance": f"h{i:05d}"}, "value": [1, str(i)]} for i in range(n)]
    return json.dumps(
        {"status": "success", "data": {"resultType": "vector", "result": result}, **extra}
    ).encode()


async def test_large_vector_matches_whole_parse():
    body = vector(5000, warnings=["partial answer"])
    samples, warnings = await parse_sliced(body, "u", parse_query_data)
    assert len(samples) == 5000 and samples[4999].value == 4999.0
    assert samples[1].labels == {"instance": "h00001"} and warnings == ("partial answer",)


async def test_large_matrix():
    result = [{"metric": {"i": str(i)}, "values": [[1, "1"], [2, "2"]]} for i in range(4000)]
    body = json.dumps(
        {"status": "success", "data": {"resultType": "matrix", "result": result}}
    ).encode()
    series, _ = await parse_sliced(body, "u", parse_range_data)
    assert len(series) == 4000 and series[-1].values == (1.0, 2.0)


async def test_wrong_type_and_bad_element_in_large_answers():
    body = vector(4000).replace(b'"vector"', b'"matrix"', 1)
    with pytest.raises(SourceRejected):
        await parse_sliced(body, "u", parse_query_data)
    bad = vector(4000).replace(b'"3999"]', b"3999]")
    with pytest.raises(SourceProtocolError):
        await parse_sliced(bad, "u", parse_query_data)
    with pytest.raises(SourceProtocolError):
        await parse_sliced(b"<html>" + b"x" * 300_000, "u", parse_query_data)


async def test_result_key_elsewhere_falls_back_to_a_whole_parse():
    decoy = '"result": [' * 3
    body = (
        json.dumps(
            {
                "warnings": [decoy],
                "status": "success",
                "data": {"resultType": "vector", "result": []},
            }
        ).encode()
        + b" " * 300_000
    )
    samples, warnings = await parse_sliced(body, "u", parse_query_data)
    assert samples == () and warnings == (decoy,)
