"""Composition root: config → HTTP clients → adapters → store/engine. No globals."""

from __future__ import annotations

import logging
import logging.handlers
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path

import platformdirs

from noc_wallboard.adapters.http import HttpClients
from noc_wallboard.adapters.registry import build_source
from noc_wallboard.adapters.roster_feeds import build_roster_feed
from noc_wallboard.config import convert, roster_convert
from noc_wallboard.config.loader import APP_NAME
from noc_wallboard.config.schema import BoardConfig
from noc_wallboard.services.engine import Engine, SourceEntry, utc_now
from noc_wallboard.services.roster_polling import RosterEntry, RosterPolling
from noc_wallboard.services.store import BoardStore


def build_engine(config: BoardConfig, clients: HttpClients) -> Engine:
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
    )
    rosters = RosterPolling(store, _roster_entries(config, clients), utc_now)
    return Engine(store, metrics, incidents, panels, rosters=rosters)


def _roster_entries(config: BoardConfig, clients: HttpClients) -> list[RosterEntry]:
    return [
        RosterEntry(build_roster_feed(f, clients), f.interval, f.timeout + timedelta(seconds=30))
        for f in config.roster.feeds
    ]


@asynccontextmanager
async def running_engine(config: BoardConfig) -> AsyncIterator[Engine]:
    """An engine whose HTTP clients are closed on exit, whatever happens."""
    clients = HttpClients()
    try:
        yield build_engine(config, clients)
    finally:
        await clients.aclose()


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
