"""Composition root: config → HTTP clients → adapters → store/engine. No globals."""

from __future__ import annotations

import asyncio
import logging
import logging.handlers
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path

import platformdirs

from noc_wallboard.adapters.http import HttpClients
from noc_wallboard.adapters.ledger import LedgerError, SqlAckLedger, ledger_url, open_ledger_engine
from noc_wallboard.adapters.registry import build_source
from noc_wallboard.adapters.roster_feeds import build_roster_feed
from noc_wallboard.config import convert, roster_convert
from noc_wallboard.config.loader import APP_NAME
from noc_wallboard.config.schema import BoardConfig
from noc_wallboard.ports import AckStore
from noc_wallboard.services.ack import AckService, AckSettings, default_actor
from noc_wallboard.services.engine import Engine, SourceEntry, utc_now
from noc_wallboard.services.roster_polling import RosterEntry, RosterPolling
from noc_wallboard.services.sound import SoundPolicy
from noc_wallboard.services.store import BoardStore

log = logging.getLogger(__name__)


def build_engine(
    config: BoardConfig, clients: HttpClients, ledger: SqlAckLedger | None = None
) -> Engine:
    panels = convert.panel_specs(config)
    metrics: list[SourceEntry] = []
    incidents: list[SourceEntry] = []
    for sc in config.sources:
        source = build_source(sc, clients)
        interval = sc.interval or config.board.interval
        entry = SourceEntry(source, interval, deadline=sc.timeout + timedelta(seconds=5))
        (metrics if sc.kind == "prometheus" else incidents).append(entry)
    store = BoardStore(
        title=config.board.title,
        sources=[(s.name, s.kind) for s in config.sources]
        + [(f.name, f.kind) for f in config.roster.feeds],
        panels=panels,
        sla=convert.sla_policy(config),
        rotations=convert.rotations(config),
        now=utc_now(),
        incident_sources=[e.source.name for e in incidents],
        max_clock_skew=config.board.max_clock_skew,
        roster_lines=config.roster.lines,
        roster_feeds={f.name: roster_convert.feed_lines(f) for f in config.roster.feeds},
        ledger_ack_sources=[s.name for s in config.sources if s.kind in LEDGER_HELD_ACKS],
    )
    rosters = RosterPolling(store, _roster_entries(config, clients), utc_now)
    engine = Engine(store, metrics, incidents, panels, rosters=rosters)
    engine.ack_renewal = (config.ack.duration_for, config.ack.renew_before)
    if ledger is not None:
        engine.acks = build_ack_service(config, engine, ledger)
    return engine


# Stores without an acknowledgement of their own: the ledger holds their acks.
LEDGER_HELD_ACKS = ("prometheus_alerts",)


def build_ack_service(config: BoardConfig, engine: Engine, ledger: SqlAckLedger) -> AckService:
    stores: dict[str, AckStore | None] = {}
    for entry in engine.incident_sources:
        source = entry.source
        if source.kind in LEDGER_HELD_ACKS:
            stores[source.name] = None
        elif isinstance(source, AckStore):
            stores[source.name] = source
    settings = AckSettings(
        duration_for=config.ack.duration_for,
        actor=default_actor(config.board.engineer),
    )
    store = engine.store
    return AckService(
        ledger,
        stores,
        settings,
        utc_now,
        publish=lambda requests, acks: store.apply_acks(requests, acks, utc_now()),
    )


def open_ledger(config: BoardConfig) -> SqlAckLedger:
    """The ledger of this config (raises LedgerError with the reason when it cannot)."""
    return SqlAckLedger(open_ledger_engine(ledger_url(config.ledger)))


def _roster_entries(config: BoardConfig, clients: HttpClients) -> list[RosterEntry]:
    return [
        RosterEntry(build_roster_feed(f, clients), f.interval, f.timeout + timedelta(seconds=30))
        for f in config.roster.feeds
    ]


@asynccontextmanager
async def running_engine(
    config: BoardConfig, with_ledger: bool = False, record: bool = False
) -> AsyncIterator[Engine]:
    """An engine whose HTTP clients (and ledger) are closed on exit, whatever happens.
    With `with_ledger`, acknowledgements work; a ledger that cannot open leaves the board
    running without them (logged), never without a board. With `record`, the engine's
    history (transitions, source outages) is written to the ledger while it runs."""
    from noc_wallboard.app_history import recording

    clients = HttpClients()
    ledger: SqlAckLedger | None = None
    if with_ledger:
        try:
            ledger = await asyncio.to_thread(open_ledger, config)
        except LedgerError as exc:
            log.error("acknowledgement disabled: %s", exc)
    try:
        engine = build_engine(config, clients, ledger)
        async with recording(config, engine, record):
            yield engine
    finally:
        await clients.aclose()
        if ledger is not None:
            ledger.close()


def sound_policy(config: BoardConfig) -> SoundPolicy:
    """`[sound]` → what the board's sound scheduler needs."""
    section = config.sound
    return SoundPolicy(
        sounds=section.sounds(),
        repeat=section.repeat,
        snooze=section.snooze,
        volume=section.volume,
        modes=frozenset(section.modes),
    )


def setup_logging(level: str) -> Path | None:
    """stderr plus a rotating file in the user log dir (when it can be created)."""
    root = logging.getLogger()
    root.setLevel(level.upper())
    # httpx logs every request with its full URL, and feed URLs carry secrets (tokens in
    # iCalendar links): never at any level. Our own debug logs redact what they print.
    for noisy in ("httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    stderr = logging.StreamHandler()
    stderr.setFormatter(fmt)
    root.addHandler(stderr)
    log_dir = Path(platformdirs.user_log_dir(APP_NAME))
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            log_dir / "noc-wallboard.log", maxBytes=5 * 1024 * 1024, backupCount=3
        )
    except OSError:
        return None
    handler.setFormatter(fmt)
    root.addHandler(handler)
    return log_dir / "noc-wallboard.log"
