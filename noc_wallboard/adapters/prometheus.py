"""Prometheus HTTP API (also Thanos, Mimir, Cortex, VictoriaMetrics): the MetricsSource.

One request per panel per poll (plus one query_range per sparkline panel), whatever the
number of hosts; answers past a size threshold are parsed off the Qt thread.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from dataclasses import replace

import httpx

from noc_wallboard.adapters.http import PROMETHEUS_JSON_ERRORS, request
from noc_wallboard.adapters.jsonparse import decode_json, guarded, parse_off_thread
from noc_wallboard.adapters.prometheus_envelope import (
    QUERY_PATH,
    build_query_request,
    parse_envelope,
    parse_float,
    parse_query_data,
    parse_query_response,
)
from noc_wallboard.adapters.prometheus_extra import (
    ALERTS_PATH,
    RANGE_PATH,
    TARGETS_PATH,
    parse_alerts_response,
    parse_range_data,
    parse_targets_response,
    range_form,
    range_grid,
)
from noc_wallboard.adapters.prometheus_json import parse_sliced, too_many_series
from noc_wallboard.config.schema import SourceConfig
from noc_wallboard.domain.errors import SourceError, SourceRejected
from noc_wallboard.domain.health import PanelKind, PanelSpec, Sample, Series
from noc_wallboard.ports import PanelAnswer, ProbeResult

__all__ = [
    "PrometheusSource",
    "build_query_request",
    "parse_envelope",
    "parse_float",
    "parse_query_data",
    "parse_query_response",
]

BUILDINFO_PATH = "/api/v1/status/buildinfo"
Parsed = tuple[tuple[Sample, ...], tuple[str, ...]]
_BUILTIN: dict[PanelKind, tuple[str, Callable[[bytes, str], Parsed]]] = {
    PanelKind.TARGETS: (TARGETS_PATH, parse_targets_response),
    PanelKind.ALERTS: (ALERTS_PATH, parse_alerts_response),
}


class PrometheusSource:
    """A `MetricsSource`: one request per panel per poll, whatever the number of hosts."""

    kind = "prometheus"

    def __init__(
        self,
        config: SourceConfig,
        client: httpx.AsyncClient,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.name = config.name
        self._config = config
        self._client = client
        self._timeout = config.timeout.total_seconds()
        self._clock = clock  # wall-clock seconds for the sparkline's range; injectable in tests

    async def _post(self, path: str, form: dict[str, str] | None = None) -> tuple[int, bytes]:
        # Query errors come as JSON envelopes with 400/422/503: the parser reads them.
        answer = await request(
            self._client,
            self._config.http,
            "POST" if form is not None else "GET",
            self._config.url + path,
            timeout=self._timeout,
            data=form,
            json_errors=PROMETHEUS_JSON_ERRORS,
        )
        return answer.status, answer.body

    async def _ask(
        self, path: str, form: dict[str, str] | None, parse: Callable[[bytes, str], Parsed]
    ) -> Parsed:
        url = self._config.url + path.split("?", 1)[0]
        _, body = await self._post(path, form)
        return await parse_off_thread(body, lambda b: parse(b, url), url)

    async def _instant(self, panel: PanelSpec) -> Parsed:
        path, form = build_query_request(panel, self._timeout)
        url = self._config.url + path
        _, body = await self._post(path, form)
        return await parse_sliced(body, url, parse_query_data, max_series=panel.max_series)

    async def _range(self, panel: PanelSpec) -> tuple[tuple[Series, ...], tuple[str, ...]]:
        """The sparkline. Its failure costs the sparkline only, said as a panel warning."""
        grid = range_grid(panel, self._clock())
        if grid is None:
            return (), ()
        path, form = RANGE_PATH, range_form(panel, grid, self._timeout)
        url = self._config.url + path
        try:
            _, body = await self._post(path, form)
            return await parse_sliced(
                body,
                url,
                lambda data: parse_range_data(data, grid),
                grid.points,
                max_series=panel.max_series,
            )
        except SourceError as exc:
            return (), (f"sparkline unavailable: {exc}"[:300],)

    async def query_panel(self, panel: PanelSpec) -> PanelAnswer:
        if panel.kind in _BUILTIN:
            path, parse = _BUILTIN[panel.kind]
            samples, warnings = await self._ask(path, None, parse)
            if len(samples) > panel.max_series:
                raise too_many_series(len(samples), panel.max_series, hint="split the panel")
            # Stamped with the time of the answer, as Prometheus stamps instant samples: the
            # age of a vanished target's "no data" tile is measured from it.
            now = self._clock()
            samples = tuple(replace(s, timestamp=now) for s in samples)
            return PanelAnswer(panel=panel.name, samples=samples, warnings=warnings)
        # The instant query and the sparkline run side by side: a sparkline never delays tiles
        # by more than its own request.
        (samples, warnings), (history, range_warnings) = await asyncio.gather(
            self._instant(panel), self._range(panel)
        )
        return PanelAnswer(
            panel=panel.name,
            samples=samples,
            warnings=warnings + range_warnings,
            history=history,
        )

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
                data, _ = guarded(parse_envelope, url)(decode_json(body, url))
                if isinstance(data, dict):
                    version = str(data.get("version", version))[:40]
            except SourceRejected:
                pass  # Thanos/VictoriaMetrics may lack buildinfo; the query below decides
            # An instant query proves the query API itself and any auth proxy in front.
            await self._post(QUERY_PATH, {"query": "1"})
            return ProbeResult(ok=True, version=version, detail="query API answers")
        except SourceError as exc:
            return ProbeResult(ok=False, detail=str(exc))
