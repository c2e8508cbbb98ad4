"""Accelerated soak of the wall: a week of polls through the real window, pages rotating.

    QT_QPA_PLATFORM=offscreen python tests/benchmarks/soak_week.py [--days 7] [--interval 15]
        [--ticks N]

A fake clock runs a week of a wall polling every `--interval` seconds (40,320 polls at
15 s) as fast as the machine allows, on the qasync event loop the board runs on (each
poll is a step of an asyncio task; Qt events and asyncio callbacks interleave as in
`ui/run.py`). Each poll brings incidents that open, get acknowledged and resolve (every
episode a new id, as real fingerprints are, so nothing the board remembers about gone
incidents may pile up), criticals that interrupt the rotation, acknowledgements in the
outbox (pending, confirmed, failed) shown by the ack bar and column of a touch wall, two
120-series health panels with client labels, and the 5 s clock-state recompute. The
board is `WallScreens` (the real wall windows, 1920×1080 offscreen, four pages: the whole
board, one client, health only, an office-hours page in Berlin time); its screen is
unplugged and plugged back every simulated two hours. `Attention` (the sound scheduler
and controller with a recording player, and the control socket) takes every state and
tick, and is muted, unmuted and snoozed over the socket's command path. `--ticks` 1 Hz
ticks per poll (default: every second of the interval) are painted. Prints RSS every
simulated half day; flat is the target. Not part of `pytest`.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import hashlib
import os
import random
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

# One 1920×1080 screen (offscreen's default is 800×800): the wall covers its screen.
_SCREENS = Path(tempfile.mkdtemp(prefix="soak-")) / "screens.json"
_SCREENS.write_text(
    '{"synchronousWindowSystemEvents": true, "windowFrameMargins": false, "screens": '
    '[{"name": "HDMI-1", "x": 0, "y": 0, "width": 1920, "height": 1080}]}'
)
os.environ.setdefault("QT_QPA_PLATFORM", f"offscreen:configfile={_SCREENS}")
ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]

import qasync  # noqa: E402
from bench_incidents import CLIENTS, POLICIES  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from noc_wallboard.domain.ack import AckAction, AckRequest, AckState  # noqa: E402
from noc_wallboard.domain.health import Sample  # noqa: E402
from noc_wallboard.domain.incident import Incident, IncidentState  # noqa: E402
from noc_wallboard.domain.severity import Severity  # noqa: E402
from noc_wallboard.domain.wall import LabelFilter, PageSpec, Schedule, WallSpec  # noqa: E402
from noc_wallboard.ports import IncidentBatch, PanelAnswer  # noqa: E402
from noc_wallboard.services.sound import NullPlayer, SoundPolicy  # noqa: E402
from noc_wallboard.services.store import BoardStore  # noqa: E402
from noc_wallboard.ui.attention import Attention  # noqa: E402
from noc_wallboard.ui.control import run_command  # noqa: E402
from noc_wallboard.ui.main_window import BoardWindow  # noqa: E402
from noc_wallboard.ui.wall import WallScreens  # noqa: E402
from tests.factories import CPU, UP  # noqa: E402

POOL = 150  # incident slots; each opens and resolves in episodes of its own length
SEVERITIES = (Severity.WARNING, Severity.MAJOR, Severity.INFO)
PAGES = (
    PageSpec("everything", dwell=timedelta(seconds=30)),
    PageSpec("acme", dwell=timedelta(seconds=20), filter=LabelFilter({"client": "acme"})),
    PageSpec("health", dwell=timedelta(seconds=15), regions=frozenset({"health"})),
    PageSpec(
        "office",
        dwell=timedelta(seconds=20),
        schedule=Schedule(((8 * 60, 18 * 60),), frozenset({1, 2, 3, 4, 5}), "Europe/Berlin"),
        filter=LabelFilter({}, {"client": "globex|initech"}),
    ),
)


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def _hash(*parts: object) -> int:
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def incidents_at(cycle: int, start: datetime, interval: timedelta) -> list[Incident]:
    """Slot i lives in episodes of `length` polls; in two episodes of three it is firing,
    as a new incident (new id) opened at the episode's start, acknowledged after a while
    if it is not critical-and-unlucky."""
    out = []
    for i in range(POOL):
        length = 12 + i % 41
        offset = _hash("offset", i) % length
        episode = (cycle + offset) // length
        if _hash("on", i, episode) % 3 == 0:
            continue
        began = episode * length - offset
        opened = start + began * interval
        age = cycle - began
        # About one new critical every three simulated minutes: it interrupts the rotation.
        crit = _hash("crit", i, episode) % 40 == 0
        severity = Severity.CRITICAL if crit else SEVERITIES[_hash("sev", i, episode) % 3]
        acked = age > 8 and _hash("ack", i, episode) % 4 != 0
        out.append(
            Incident(
                id=f"{i:04d}-{episode:06d}",
                source="am",
                title=f"Synthetic incident {i} on host-{i % 97:02d}",
                severity=severity,
                state=IncidentState.ACKNOWLEDGED if acked else IncidentState.OPEN,
                opened_at=opened,
                labels={"client": CLIENTS[i % 4], "instance": f"host-{i % 97:02d}:9100"},
                acknowledged_at=opened + 8 * interval if acked else None,
                acknowledged_by="soak" if acked else None,
            )
        )
    return out


def outbox(items: list[Incident], cycle: int, now: datetime) -> list[AckRequest]:
    """Ack requests for some open incidents: pending a poll, then confirmed, one in
    twenty failed (its row offers a retry). Only open incidents keep theirs, as the
    outbox's view on the board does."""
    out = []
    for inc in items:
        h = _hash("ackreq", inc.id)
        if inc.state is not IncidentState.OPEN or h % 5:
            continue
        state = AckState.PENDING if (cycle + h) % 3 else AckState.CONFIRMED
        if h % 20 == 0:
            state = AckState.FAILED
        out.append(
            AckRequest(
                id=uuid.UUID(int=h).hex,
                source=inc.source,
                incident_id=inc.id,
                action=AckAction.ACK,
                actor="soak",
                host="wall",
                requested_at=now,
                labels=inc.labels,
                severity=inc.severity.value,
                title=inc.title,
                state=state,
                last_error="refused" if state is AckState.FAILED else None,
            )
        )
    return out


class FakeClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def samples(rng: random.Random, now: datetime) -> tuple[Sample, ...]:
    return tuple(
        Sample(
            {"instance": f"h{j}:9100", "client": CLIENTS[j % 4], "__name__": "x"},
            rng.random() * 100,
            now.timestamp(),
        )
        for j in range(120)
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=float, default=7.0, help="simulated days")
    parser.add_argument("--interval", type=float, default=15.0, help="poll interval, seconds")
    parser.add_argument(
        "--ticks", type=int, default=None, help="painted 1 Hz ticks per poll (default: all)"
    )
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(["soak"])
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        code = loop.run_until_complete(soak(app, args))
    asyncio.set_event_loop(None)
    return code


async def soak(app: QApplication, args: argparse.Namespace) -> int:
    interval = timedelta(seconds=args.interval)
    ticks = args.ticks if args.ticks is not None else max(int(args.interval), 1)
    polls = int(args.days * 86400 / args.interval)
    rng = random.Random(7)
    start = datetime(2026, 11, 23, 0, 0, tzinfo=UTC)  # a Monday
    clock = FakeClock(start)
    store = BoardStore(
        title="soak",
        sources=[("am", "alertmanager"), ("prom", "prometheus")],
        panels=[CPU, UP],
        sla=POLICIES,
        rotations=[],
        now=start,
        incident_sources=["am"],
    )

    def make_window() -> BoardWindow:
        window = BoardWindow(mode="wall", ack_actor="soak")  # a touch wall: ack column
        window.resize(1920, 1080)
        return window

    spec = WallSpec(screen="all", pages=PAGES, hold=timedelta(minutes=1), screen_diagonal_in=55)
    wall = WallScreens(app, spec, make_window)
    player = NullPlayer("soak")
    attention = Attention("wall", SoundPolicy(), windows=lambda: wall.windows, player=player)
    attention.sound._clock = clock
    control = _SCREENS.parent / "control"
    attention.open_control(str(control), signals=False)
    attention.start()
    store.subscribe(wall.apply_state)
    store.subscribe(attention.on_state)
    screen = app.screens()[0]
    counts = {"switches": 0, "holds": 0, "replugs": 0, "cues": 0}
    last_view: tuple[object, ...] | None = None
    replug_every = max(int(2 * 3600 / args.interval), 1)
    commands = ("mute", "unmute", "snooze 5", "status", "unsnooze")

    def poll(i: int) -> None:
        nonlocal last_view
        now = start + i * interval
        clock.now = now
        items = incidents_at(i, start, interval)
        store.apply_incidents("am", IncidentBatch(tuple(items)), now)
        store.apply_acks(outbox(items, i, now), [], now)
        answer = samples(rng, now)
        store.apply_metrics(
            "prom", [PanelAnswer("CPU busy", answer), PanelAnswer("Targets up", answer)], now
        )
        store.tick(now)
        if i % replug_every == replug_every - 1:
            wall._screen_removed(screen)  # the screen goes away for a while…
            for k in range(ticks):  # …its board hidden, not ticked
                wall.tick(now + timedelta(seconds=k))
            wall._screen_added(screen)  # …and comes back
            counts["replugs"] += 1
        if i % 240 == 0:  # about once an hour someone mutes, snoozes, asks
            run_command(attention.sound, commands[(i // 240) % len(commands)])
        for k in range(ticks):
            t = now + timedelta(seconds=k)
            clock.now = t
            wall.tick(t)
            attention.sound.tick(t)
            app.processEvents()
        boards = list(wall.boards.values())
        choice = boards[0].choice if boards else None
        if choice is not None:
            view = choice.same_view
            if last_view is not None and view[0] != last_view[0]:
                counts["switches"] += 1
            if choice.hold is not None and (last_view is None or last_view[2] is None):
                counts["holds"] += 1
            last_view = view

    warm_up = int(3600 / args.interval)  # a simulated hour
    for i in range(warm_up):
        poll(i)
        await asyncio.sleep(0)
    gc.collect()
    first = rss_mb()
    peak = first
    print(
        f"soak: {args.days:g} days at {args.interval:g}s polls, {ticks} ticks/poll, "
        f"{len(wall.windows)} wall window(s)"
    )
    print(f"after a simulated hour ({warm_up} polls): RSS {first:.1f} MB")
    began = time.perf_counter()
    report_every = max(int(43200 / args.interval), 1)  # every simulated half day
    for i in range(warm_up, polls):
        poll(i)
        await asyncio.sleep(0)  # the qasync loop runs its callbacks between polls
        if (i + 1) % report_every == 0:
            gc.collect()
            now_mb = rss_mb()
            peak = max(peak, now_mb)
            print(
                f"day {(i + 1) * args.interval / 86400:4.1f}: RSS {now_mb:.1f} MB, "
                f"{len(store.state.open_incidents)} open, {counts['switches']} page switches, "
                f"{counts['holds']} interrupts, {counts['replugs']} replugs, "
                f"{len(player.played)} cues in the tail "
                f"({time.perf_counter() - began:.0f}s)",
                flush=True,
            )
    gc.collect()
    end = rss_mb()
    peak = max(peak, end)
    growth = end - first
    verdict = "flat" if growth < 5 else "GROWING"
    print(
        f"RSS start {first:.1f} MB, end {end:.1f} MB, peak {peak:.1f} MB: growth over "
        f"{polls - warm_up} polls ({args.days:g} simulated days at {args.interval:g}s, "
        f"{ticks} ticks each) {growth:+.1f} MB  target < 5 MB  {verdict}"
    )
    attention.stop()
    wall.close()
    return 0 if growth < 5 else 1


if __name__ == "__main__":
    raise SystemExit(main())
