"""The Prometheus API envelope and instant-query parsing (pure, tested on recorded answers)."""

from __future__ import annotations

from typing import Any

from noc_wallboard.adapters.jsonparse import decode_json
from noc_wallboard.domain.errors import (
    SourceError,
    SourceProtocolError,
    SourceRejected,
    SourceTimeout,
    SourceUnavailable,
)
from noc_wallboard.domain.health import PanelSpec, Sample

QUERY_PATH = "/api/v1/query"


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
        ts, value = pair(result)
        return (Sample(labels={}, value=value, timestamp=ts),)
    if kind != "vector":
        raise SourceRejected(f"query returned a {kind!r}, expected an instant vector or scalar")
    if not isinstance(result, list):
        raise SourceProtocolError("vector result is not a list")
    samples = []
    for item in result:
        if not isinstance(item, dict) or not isinstance(item.get("metric"), dict):
            raise SourceProtocolError("vector element without a metric")
        ts, value = pair(item.get("value"))
        labels = {str(k): str(v) for k, v in item["metric"].items()}
        samples.append(Sample(labels=labels, value=value, timestamp=ts))
    return tuple(samples)


def pair(raw: Any) -> tuple[float, float]:
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
