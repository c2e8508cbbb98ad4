"""Roster feeds: an iCalendar file or URL, or PagerDuty's /oncalls, as `RosterSource`s.

Feed URLs are secrets (Google's and PagerDuty's calendar links carry a token in the
path or query): errors and logs show only scheme and host.
"""

from __future__ import annotations

import asyncio
import json
import re
import threading
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from noc_wallboard.adapters.http import (
    MAX_BODY_BYTES,
    HttpClients,
    auth_headers,
    check_status,
    fetch,
    snippet,
)
from noc_wallboard.adapters.ical import EventMapping, parse_calendar
from noc_wallboard.adapters.jsonparse import decode_json, guarded
from noc_wallboard.adapters.pagerduty_oncall import (
    ACCEPT,
    ONCALLS_PATH,
    build_oncalls_params,
    parse_oncalls,
)
from noc_wallboard.config.schema import RosterFeedConfig
from noc_wallboard.domain.errors import (
    SourceAuthError,
    SourceError,
    SourceRejected,
    SourceUnavailable,
)
from noc_wallboard.domain.roster_timeline import HORIZON, LOOKBACK, RosterBatch, Shift
from noc_wallboard.ports import ProbeResult

PAGERDUTY_API = "https://api.pagerduty.com"
MAX_PAGES = 20


def redact_url(url: str) -> str:
    """`https://calendar.google.com/…` — enough to recognise the feed, nothing secret."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname or '?'}/…"


def _redacted(exc: SourceError, url: str) -> SourceError:
    message = exc.message.replace(url, redact_url(url))
    # httpx may also quote the URL without its query string.
    message = message.replace(url.split("?")[0], redact_url(url))
    return type(exc)(message)


class IcalFeed:
    kind = "ical"

    def __init__(self, config: RosterFeedConfig, client: httpx.AsyncClient | None) -> None:
        self.name = config.name
        self._config = config
        self._client = client
        self.mapping = EventMapping(
            pattern=re.compile(config.pattern),
            line=config.line,
            categories=dict(config.categories),
            contacts=dict(config.contacts),
            timezone=config.timezone,
        )
        # Held while a parse runs in a worker thread. A poll that timed out does not stop
        # its thread; the next poll must not start a second one beside it.
        self._parsing = threading.Lock()

    @property
    def where(self) -> str:
        cfg = self._config
        return cfg.path if cfg.path is not None else redact_url(cfg.url or "")

    async def _read(self) -> bytes:
        cfg = self._config
        loop = asyncio.get_running_loop()
        if cfg.path is not None:
            try:
                data = await loop.run_in_executor(None, Path(cfg.path).expanduser().read_bytes)
            except OSError as exc:
                raise SourceUnavailable(f"cannot read {cfg.path}: {exc.strerror}") from None
            if len(data) > MAX_BODY_BYTES:
                raise SourceUnavailable(f"{cfg.path} is larger than the feed limit")
            return data
        assert cfg.url is not None and self._client is not None
        url = (
            "https://" + cfg.url[len("webcal://") :] if cfg.url.startswith("webcal://") else cfg.url
        )
        try:
            answer = await fetch(
                self._client,
                "GET",
                url,
                headers={**auth_headers(cfg.http), "Accept": "text/calendar, */*"},
                timeout=cfg.timeout.total_seconds(),
            )
            check_status(answer, url)
        except SourceError as exc:
            raise _redacted(exc, url) from None
        if answer.status >= 400:
            raise SourceUnavailable(f"HTTP {answer.status} from {redact_url(cfg.url)}")
        return answer.body

    async def fetch_shifts(self, around: datetime) -> RosterBatch:
        data = await self._read()
        parse = partial(
            parse_calendar,
            mapping=self.mapping,
            start=around - LOOKBACK,
            end=around + HORIZON,
            source=self.name,
        )
        safe = guarded(parse, self.where)

        def run(body: bytes) -> RosterBatch:
            try:
                return safe(body)
            finally:
                self._parsing.release()

        if not self._parsing.acquire(blocking=False):
            raise SourceUnavailable("the previous calendar expansion is still running")
        # Expanding recurrences is CPU work: never on the Qt/asyncio thread.
        try:
            future = asyncio.get_running_loop().run_in_executor(None, run, data)
        except BaseException:
            self._parsing.release()
            raise
        return await future

    async def probe(self) -> ProbeResult:
        try:
            batch = await self.fetch_shifts(datetime.now().astimezone())
        except SourceError as exc:
            return ProbeResult(False, detail=str(exc))
        return ProbeResult(True, detail=f"{len(batch.shifts)} shifts around now")


class PagerDutyOncalls:
    kind = "pagerduty"

    def __init__(self, config: RosterFeedConfig, client: httpx.AsyncClient) -> None:
        self.name = config.name
        self._config = config
        self._client = client
        self._base = (config.url or PAGERDUTY_API).rstrip("/")

    def _headers(self) -> dict[str, str]:
        cfg = self._config
        token = cfg.token or ""
        if cfg.token_file is not None:
            try:
                token = Path(cfg.token_file).expanduser().read_text(encoding="utf-8").strip()
            except OSError as exc:
                raise SourceAuthError(f"cannot read token_file: {exc.strerror}") from None
        return {**auth_headers(cfg.http), "Authorization": f"Token token={token}", "Accept": ACCEPT}

    async def fetch_shifts(self, around: datetime) -> RosterBatch:
        cfg = self._config
        # From now on: PagerDuty answers who is on call at `since` and the next hand-offs.
        window = (around, around + min(HORIZON, timedelta(days=90)))
        url = self._base + ONCALLS_PATH
        shifts: list[Shift] = []
        for page in range(MAX_PAGES):
            params = build_oncalls_params(
                *window,
                escalation_policy_ids=cfg.escalation_policy_ids,
                schedule_ids=cfg.schedule_ids,
                offset=page * 100,
            )
            answer = await fetch(
                self._client,
                "GET",
                url,
                headers=self._headers(),
                params=params,
                timeout=cfg.timeout.total_seconds(),
            )
            check_status(answer, url)
            if answer.status >= 400:
                raise _pagerduty_refusal(answer.status, answer.body)
            parse = guarded(
                partial(
                    parse_oncalls,
                    levels=cfg.levels,
                    window=(around - LOOKBACK, window[1]),
                    source=self.name,
                ),
                url,
            )
            found, more = parse(decode_json(answer.body, url))
            shifts += found
            if not more:
                break
        lines = tuple(dict.fromkeys(cfg.levels.values()))
        return RosterBatch(tuple(shifts), lines=lines)

    async def probe(self) -> ProbeResult:
        try:
            batch = await self.fetch_shifts(datetime.now().astimezone())
        except SourceError as exc:
            return ProbeResult(False, detail=str(exc))
        return ProbeResult(True, detail=f"{len(batch.shifts)} on-calls")


def _pagerduty_refusal(status: int, body: bytes) -> SourceError:
    if status == 429:
        return SourceUnavailable("PagerDuty rate limit reached (HTTP 429); backing off")
    try:
        error = json.loads(body)["error"]
        detail = "; ".join([str(error.get("message", "")), *map(str, error.get("errors", []))])
    except (ValueError, KeyError, TypeError, AttributeError):
        detail = snippet(body)
    return SourceRejected(f"HTTP {status} from PagerDuty: {detail[:200]}")


RosterFeed = IcalFeed | PagerDutyOncalls


def build_roster_feed(config: RosterFeedConfig, clients: HttpClients) -> RosterFeed:
    if config.kind == "pagerduty":
        return PagerDutyOncalls(config, clients.client_for(config.http, config.name))
    client = clients.client_for(config.http, config.name) if config.url else None
    return IcalFeed(config, client)
