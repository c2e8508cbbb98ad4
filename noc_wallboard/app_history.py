"""Composition of the history (issue 7): the ledger's history adapter, the recorder on a
running engine, and the roster's shifts for reports. Part of the composition root."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from noc_wallboard.adapters.http import HttpClients
from noc_wallboard.adapters.ledger import LedgerError, ledger_url, open_ledger_engine
from noc_wallboard.adapters.ledger.history import SqlHistory, observer_id
from noc_wallboard.adapters.roster_feeds import build_roster_feed
from noc_wallboard.config import convert
from noc_wallboard.config.schema import BoardConfig
from noc_wallboard.domain.calendar import Calendar
from noc_wallboard.domain.errors import SourceError
from noc_wallboard.domain.roster_timeline import Shift, rotation_shifts
from noc_wallboard.services.engine import Engine, utc_now
from noc_wallboard.services.recorder import Recorder

log = logging.getLogger(__name__)


def open_history(config: BoardConfig) -> SqlHistory:
    """The history of this config's ledger (raises LedgerError with the reason)."""
    return SqlHistory(open_ledger_engine(ledger_url(config.ledger)), observer_id())


def report_zone(config: BoardConfig) -> ZoneInfo:
    """The zone reports use by default (month boundaries, shift times), the same for the
    SLA and the handover report, on the command line and in the review window: the
    default SLA calendar's zone if it is business hours, else the roster's (its first
    rotation), else the first SLA calendar's, else UTC."""
    sla = config.sla
    named = sla.calendars.get(sla.calendar)
    if named is not None:
        return ZoneInfo(named.timezone)
    if config.roster.rotations:
        return ZoneInfo(config.roster.rotations[0].timezone)
    for calendar in sla.calendars.values():
        return ZoneInfo(calendar.timezone)
    return ZoneInfo("UTC")


def report_calendars(config: BoardConfig) -> dict[str, Calendar]:
    """Each SLA policy's calendar by name (as recorded with each incident): reports
    count running business-hours clocks in business time."""
    return {p.name: p.calendar for p in convert.sla_policy(config).policies}


def outage_stale_after(config: BoardConfig) -> timedelta:
    """How long without a check an open outage may go before a report takes its board
    for gone (it ends at its last check): three polls of the slowest source, with its
    timeout, and never less than a minute. A failing source is polled every interval
    (its backoff stops there), so a live board checks well within this."""
    polls = [(s.interval or config.board.interval) + s.timeout for s in config.sources] or [
        config.board.interval
    ]
    return max(3 * max(polls), timedelta(minutes=1))


def build_recorder(config: BoardConfig, history: SqlHistory) -> Recorder:
    return Recorder(
        history,
        convert.sla_policy(config),
        retention=config.ledger.retention,
        observer=history.writer,
        clock=utc_now,
        incident_sources=[s.name for s in config.sources if s.kind != "prometheus"],
    )


@asynccontextmanager
async def recording(config: BoardConfig, engine: Engine, enabled: bool) -> AsyncIterator[None]:
    """Record the engine's history while inside. A ledger that cannot open is logged and
    the board runs on without history: never no board."""
    if not enabled:
        yield
        return
    try:
        history = await asyncio.to_thread(open_history, config)
    except LedgerError as exc:
        log.error("history not recorded: %s", exc)
        yield
        return
    recorder = build_recorder(config, history)
    try:
        await recorder.start(engine.store)
        yield
    finally:
        await recorder.stop()
        history.close()


async def roster_shifts(
    config: BoardConfig, around: datetime, clients: HttpClients | None = None
) -> tuple[list[str], list[Shift], list[str]]:
    """Lines, shifts within 35 days of `around` (config rotations and every feed), and
    the feeds that failed (their shifts are missing)."""
    lo, hi = around - timedelta(days=35), around + timedelta(days=35)
    shifts = [s for r in convert.rotations(config) for s in rotation_shifts(r, lo, hi)]
    lines = [*config.roster.lines, *(r.line for r in config.roster.rotations)]
    failed: list[str] = []
    own = clients is None
    clients = clients or HttpClients()
    try:
        for feed_config in config.roster.feeds:
            feed = build_roster_feed(feed_config, clients)
            try:
                batch = await feed.fetch_shifts(around)
            except SourceError as exc:
                log.warning("roster feed %s failed: %s", feed_config.name, exc)
                failed.append(f"{feed_config.name}: {exc}")
                continue
            shifts += batch.shifts
            lines += batch.lines
    finally:
        if own:
            await clients.aclose()
    return list(dict.fromkeys(lines)), shifts, failed
