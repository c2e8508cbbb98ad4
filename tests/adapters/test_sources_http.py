"""Adapter flow over an in-process transport: status codes, envelopes, size limits.

Real servers are exercised in tests/integration; these pin down the error mapping.
"""

from __future__ import annotations

import httpx
import pytest

from noc_wallboard.adapters import http as http_mod
from noc_wallboard.adapters.alertmanager import AlertmanagerSource
from noc_wallboard.adapters.prometheus import PrometheusSource
from noc_wallboard.config.schema import SourceConfig
from noc_wallboard.domain.errors import (
    SourceAuthError,
    SourceProtocolError,
    SourceRejected,
    SourceUnavailable,
)
from noc_wallboard.domain.severity import SeverityMap
from tests.factories import CPU, UP

VECTOR = b'{"status":"success","data":{"resultType":"vector","result":[]}}'
BAD = b'{"status":"error","errorType":"bad_data","error":"parse error"}'


def prom(handler) -> PrometheusSource:
    client = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    cfg = SourceConfig(name="p", kind="prometheus", url="http://127.0.0.1:9090")
    return PrometheusSource(cfg, client)


async def test_one_request_per_panel_with_auth_headers():
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=VECTOR, headers={"content-type": "application/json"})

    client = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    cfg = SourceConfig.model_validate(
        {
            "name": "p",
            "kind": "prometheus",
            "url": "http://127.0.0.1:9090/",
            "http": {"bearer_token": "s3cret", "headers": {"X-Scope-OrgID": "noc"}},
        }
    )
    answers = await PrometheusSource(cfg, client).query_panels([CPU, UP])
    assert [a.panel for a in answers] == ["CPU busy", "Targets up"]
    assert len(seen) == 2
    assert {r.url.path for r in seen} == {"/api/v1/query"}
    assert all(r.headers["authorization"] == "Bearer s3cret" for r in seen)
    assert all(r.headers["x-scope-orgid"] == "noc" for r in seen)


async def test_one_rejected_panel_fails_only_that_panel():
    def handler(request: httpx.Request) -> httpx.Response:
        body = BAD if b"up" in request.content and b"cpu" not in request.content else VECTOR
        status = 400 if body is BAD else 200
        return httpx.Response(status, content=body, headers={"content-type": "application/json"})

    answers = await prom(handler).query_panels([CPU, UP])
    assert answers[0].error is None
    assert answers[1].error is not None and answers[1].error.startswith("rejected: bad_data")


async def test_every_panel_rejected_fails_the_source():
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(400, content=BAD, headers={"content-type": "application/json"})

    with pytest.raises(SourceRejected):
        await prom(handler).query_panels([CPU, UP])


@pytest.mark.parametrize(
    ("status", "body", "error"),
    [
        (401, b"unauthorized", SourceAuthError),
        (502, b"<html>bad gateway</html>", SourceUnavailable),
        (200, b"<html>login page</html>", SourceProtocolError),
        (404, b"404 page not found", SourceRejected),
    ],
)
async def test_http_failures_map_to_source_errors(status, body, error):
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, content=body, headers={"content-type": "text/html"})

    with pytest.raises(error):
        await prom(handler).query_panels([CPU])


async def test_oversized_answer_is_refused(monkeypatch):
    monkeypatch.setattr(http_mod, "MAX_BODY_BYTES", 1024)

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=b"[" + b" " * 4096 + b"]")

    with pytest.raises(SourceProtocolError, match="exceeds"):
        await prom(handler).query_panels([CPU])


async def test_unreadable_token_file_is_an_auth_error(tmp_path):
    client = httpx.AsyncClient(transport=httpx.MockTransport(lambda r: httpx.Response(200)))
    cfg = SourceConfig.model_validate(
        {
            "name": "am",
            "kind": "alertmanager",
            "url": "http://127.0.0.1:9093",
            "http": {"bearer_token_file": str(tmp_path / "missing")},
        }
    )
    with pytest.raises(SourceAuthError, match="bearer_token_file"):
        await AlertmanagerSource(cfg, client, SeverityMap()).fetch_incidents()


async def test_probe_never_raises():
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    result = await prom(handler).probe()
    assert not result.ok and "unavailable" in result.detail
