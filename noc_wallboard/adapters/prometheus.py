"""Prometheus HTTP API (also Thanos, Mimir, Cortex, VictoriaMetrics): instant queries."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

import httpx

from noc_wallboard.adapters.http import auth_headers, check_status, fetch
from noc_wallboard.adapters.jsonparse import decode_json, guarded, parse_off_thread
from noc_wallboard.config.schema import SourceConfig
from noc_wallboard.domain.errors import (
    SourceError,
    SourceProtocolError,
    SourceRejected,
    SourceTimeout,
    SourceUnavailable,
)
from noc_wallboard.domain.health import PanelSpec, Sample
from noc_wallboard.ports import PanelAnswer, ProbeResult

QUERY_PATH = "/api/v1/query"
BUILDINFO_PATH = "/api/v1/status/buildinfo"


def build_query_request(panel: PanelSpec, timeout_s: float) -> tuple[str, dict[str, str]]:
    """Path and form fields of an instant query. POST keeps long PromQL out of URLs.

    The server-side timeout is plain seconds: Prometheus 2.42 rejects fractional
    durations such as "9.5s" but accepts "9.5"."""
    return QUERY_PATH, {"query": panel.query, "timeout": f"{max(timeout_s - 0.5, 0.5):g}"}


def parse_float(text: Any) -> float:
    """Prometheus sends values as strings, including "NaN", "+Inf" and "-Inf"."""
    if not isinstance(text, str):
        raise SourceProtocolError(f"sample value is not a string: {text!r}")
    try:
        return float(text)  # float() accepts NaN, +Inf, -Inf exactly as Prometheus writes them
    except ValueError:
        raise SourceProtocolError(f"sample value is not a number: {text!r}") from None


def _envelope_error(doc: dict[str, Any]) -> SourceError:
    kind = str(doc.get("errorType", "unknown"))
    message = str(doc.get("error", "no message"))[:300]
    if kind in ("timeout", "canceled"):
        return SourceTimeout(f"query {kind}: {message}")
    if kind in ("bad_data", "execution", "not_found"):
        return SourceRejected(f"{kind}: {message}")
    return SourceUnavailable(f"{kind}: {message}")


def parse_envelope(doc: Any) -> tuple[Any, tuple[str, ...]]:
    """Unwrap `{status, data, warnings}`; raise on `status: error` or a wrong shape."""
    if not isinstance(doc, dict) or doc.get("status") not in ("success", "error"):
        raise SourceProtocolError("answer is not a Prometheus API envelope")
    if doc["status"] == "error":
        raise _envelope_error(doc)
    warnings = doc.get("warnings") or []
    if not isinstance(warnings, list):
        raise SourceProtocolError("warnings is not a list")
    return doc.get("data"), tuple(w[:300] for w in warnings if isinstance(w, str))


def parse_query_data(data: Any) -> tuple[Sample, ...]:
    """Instant-query data → samples. Matrix and string results are protocol errors here."""
    if not isinstance(data, dict):
        raise SourceProtocolError("query data is not an object")
    kind = data.get("resultType")
    result = data.get("result")
    if kind == "scalar":
        ts, value = _pair(result)
        return (Sample(labels={}, value=value, timestamp=ts),)
    if kind != "vector":
        raise SourceRejected(f"query returned a {kind!r}, expected an instant vector or scalar")
    if not isinstance(result, list):
        raise SourceProtocolError("vector result is not a list")
    samples = []
    for item in result:
        if not isinstance(item, dict) or not isinstance(item.get("metric"), dict):
            raise SourceProtocolError("vector element without a metric")
        ts, value = _pair(item.get("value"))
        labels = {str(k): str(v) for k, v in item["metric"].items()}
        samples.append(Sample(labels=labels, value=value, timestamp=ts))
    return tuple(samples)


def _pair(raw: Any) -> tuple[float, float]:
    if (
        not isinstance(raw, list)
        or len(raw) != 2
        or isinstance(raw[0], bool)
        or not isinstance(raw[0], int | float)
    ):
        raise SourceProtocolError(f"sample is not [timestamp, value]: {str(raw)[:60]}")
    value = parse_float(raw[1])
    return float(raw[0]), value


def parse_query_response(body: bytes, url: str) -> tuple[tuple[Sample, ...], tuple[str, ...]]:
    data, warnings = parse_envelope(decode_json(body, url))
    return parse_query_data(data), warnings


class PrometheusSource:
    """A `MetricsSource`: one POST per panel per poll, whatever the number of hosts."""

    kind = "prometheus"

    def __init__(self, config: SourceConfig, client: httpx.AsyncClient) -> None:
        self.name = config.name
        self._config = config
        self._client = client
        self._timeout = config.timeout.total_seconds()

    async def _post(self, path: str, form: dict[str, str] | None = None) -> tuple[int, bytes]:
        url = self._config.url + path
        answer = await fetch(
            self._client,
            "POST" if form is not None else "GET",
            url,
            headers=auth_headers(self._config.http),
            timeout=self._timeout,
            data=form,
        )
        # Prometheus reports query errors as JSON with 400/422/503: parse those envelopes.
        is_json = "json" in answer.headers.get("content-type", "")
        if not (is_json and answer.status in (400, 422, 503)):
            check_status(answer, url)
            if answer.status >= 400:
                raise SourceRejected(f"HTTP {answer.status} from {url}")
        return answer.status, answer.body

    async def query_panel(self, panel: PanelSpec) -> PanelAnswer:
        path, form = build_query_request(panel, self._timeout)
        url = self._config.url + path
        _, body = await self._post(path, form)
        samples, warnings = await parse_off_thread(
            body, lambda b: parse_query_response(b, url), url
        )
        return PanelAnswer(panel=panel.name, samples=samples, warnings=warnings)

    async def query_panels(self, panels: Sequence[PanelSpec]) -> list[PanelAnswer]:
        """All panels concurrently. A panel's own error (bad PromQL) fails that panel; when
        every panel fails, whatever the reason, the source itself is failed: a source that
        answers nothing usable must not look healthy."""
        results = await asyncio.gather(
            *(self.query_panel(p) for p in panels), return_exceptions=True
        )
        answers: list[PanelAnswer] = []
        failures: list[SourceError] = []
        for panel, result in zip(panels, results, strict=True):
            if isinstance(result, PanelAnswer):
                answers.append(result)
            elif isinstance(result, SourceError):
                failures.append(result)
                answers.append(PanelAnswer(panel=panel.name, error=str(result)))
            else:
                raise result
        if panels and len(failures) == len(panels):
            # Prefer a transport error (the likelier root cause) over a rejected query.
            transport = [f for f in failures if not isinstance(f, SourceRejected)]
            raise (transport or failures)[0]
        return answers

    async def probe(self) -> ProbeResult:
        version = "unknown"
        try:
            try:
                _, body = await self._post(BUILDINFO_PATH)
                url = self._config.url + BUILDINFO_PATH
                data, _ = guarded(lambda b: parse_envelope(decode_json(b, url)), url)(body)
                if isinstance(data, dict):
                    version = str(data.get("version", version))[:40]
            except SourceRejected:
                pass  # Thanos/VictoriaMetrics may lack buildinfo; the query below decides
            # An instant query proves the query API itself and any auth proxy in front.
            await self._post(QUERY_PATH, {"query": "1"})
            return ProbeResult(ok=True, version=version, detail="query API answers")
        except SourceError as exc:
            return ProbeResult(ok=False, detail=str(exc))
