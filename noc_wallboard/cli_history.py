"""`noc-wallboard record` (the engine without a window, keeping the history) and
`noc-wallboard report handover|sla … -o FILE` (HTML, PDF or CSV by the file's extension)."""

from __future__ import annotations

import argparse
import asyncio
import re
import signal
import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from noc_wallboard.config.schema import BoardConfig

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


def add_parsers(sub: Any, common: Callable[..., None]) -> None:
    rec = sub.add_parser(
        "record", help="keep the history without a window (poll, record transitions and outages)"
    )
    common(rec, modes=False)

    rep = sub.add_parser("report", help="shift handover or monthly SLA report from the ledger")
    common(rep, modes=False)
    kinds = rep.add_subparsers(dest="report_kind", required=True)

    hand = kinds.add_parser("handover", help="shift handover report for a window or a shift")
    common(hand, modes=False)
    hand.add_argument(
        "--from",
        dest="start",
        help="window start: ISO time (without an offset: in --timezone), now, -8h …",
    )
    hand.add_argument("--to", dest="end", help="window end (default: now)")
    hand.add_argument(
        "--shift",
        help="current | previous | a time: the roster shift of --line containing it",
    )
    hand.add_argument("--line", help="roster line whose shift and leads count (default: first)")
    hand.add_argument(
        "--hours", type=float, default=2.0, help="at-risk horizon after the window (default 2)"
    )
    hand.add_argument("--outgoing", help="outgoing lead (default: on duty on --line at the end)")
    hand.add_argument("--incoming", help="incoming lead (default: who follows)")
    hand.add_argument("--notes", default="", help="free-text notes")
    hand.add_argument("--notes-file", type=Path, help="notes from a file")
    hand.add_argument(
        "--timezone",
        help="zone of the times shown and of --from/--to without an offset (default: the "
        "SLA calendar's, else the roster's, else UTC)",
    )
    hand.add_argument("-o", "--output", type=Path, required=True, help="FILE.html|.pdf|.csv")

    sla = kinds.add_parser("sla", help="monthly SLA report per client")
    common(sla, modes=False)
    sla.add_argument("--month", required=True, help="YYYY-MM")
    sla.add_argument("--client", help="only this client (the incidents' `client` label)")
    sla.add_argument(
        "--timezone",
        help="zone of the month's boundaries and of the times shown (default: the SLA "
        "calendar's, else the roster's, else UTC)",
    )
    sla.add_argument("-o", "--output", type=Path, required=True, help="FILE.html|.pdf|.csv")


def glue_time_options(argv: list[str]) -> list[str]:
    """`--from -12h` → `--from=-12h` (argparse takes a value starting with '-' for an
    option), for --from, --to and --shift."""
    out: list[str] = []
    for arg in argv:
        if out and out[-1] in ("--from", "--to", "--shift") and re.match(r"-\d", arg):
            out[-1] = f"{out[-1]}={arg}"
        else:
            out.append(arg)
    return out


def _say(text: str) -> None:
    print(f"noc-wallboard: {text}", file=sys.stderr)


# ---------------------------------------------------------------- record


async def _record(config: BoardConfig, exit_after: float | None) -> int:
    from noc_wallboard.app import running_engine

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    if exit_after is not None:
        loop.call_later(exit_after, stop.set)
    async with running_engine(config, with_ledger=True, record=True) as engine:
        engine.start()
        try:
            while not stop.is_set():
                try:
                    await asyncio.wait_for(stop.wait(), 5.0)
                except TimeoutError:
                    engine.tick()  # clock states change with time alone
        finally:
            await engine.stop()
    return EXIT_OK


def cmd_record(config: BoardConfig, args: argparse.Namespace) -> int:
    from noc_wallboard.adapters.ledger import LedgerError
    from noc_wallboard.adapters.ledger.database import _safe, ledger_url
    from noc_wallboard.app_history import open_history

    url = ledger_url(config.ledger)
    try:
        open_history(config).close()  # fail now, loudly, rather than run without history
    except LedgerError as exc:
        _say(str(exc))
        return EXIT_FAILED
    incident_sources = [s.name for s in config.sources if s.kind != "prometheus"]
    _say(f"recording {len(incident_sources)} incident source(s) to {_safe(url)}")
    return asyncio.run(_record(config, args.exit_after))


# ---------------------------------------------------------------- report


def _zone(name: str | None, config: BoardConfig) -> ZoneInfo:
    from noc_wallboard.app_history import report_zone

    if name is None:
        return report_zone(config)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"--timezone: unknown time zone {name!r}") from None


def parse_moment(text: str, now: datetime, zone: ZoneInfo, option: str) -> datetime:
    """`now`, `+8h` / `-1d` (relative to now), or ISO 8601; an ISO time without an offset
    is in `zone` (the report's), never the machine's. Errors name `option`."""
    from noc_wallboard.domain.timeutil import parse_duration

    value = text.strip()
    if value.lower() == "now":
        return now
    try:
        m = re.fullmatch(r"([+-])(.+)", value)
        if m:
            delta = parse_duration(m.group(2))
            moment = now + delta if m.group(1) == "+" else now - delta
        else:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=zone)
    except (ValueError, OverflowError):
        raise ValueError(
            f"{option}: expected 'now', '-8h' or an ISO time such as 2026-03-10T08:00 "
            f"(in {zone.key}) or 2026-03-10T08:00+01:00, got {text!r}"
        ) from None
    if abs(moment - now) > timedelta(days=36525):
        raise ValueError(f"{option}: {text!r} is more than 100 years from now")
    return moment


def _window(
    args: argparse.Namespace, config: BoardConfig, now: datetime, zone: ZoneInfo
) -> dict[str, Any]:
    """Window, leads, lines and shifts of a handover (raises ValueError on bad input)."""
    from noc_wallboard.app_history import roster_shifts
    from noc_wallboard.services.reports import leads_at, shift_window

    if args.shift and (args.start or args.end):
        raise ValueError("give --shift or --from/--to, not both")
    if not args.shift and not args.start:
        raise ValueError("give --from (and --to) or --shift current|previous|TIME")
    around = now
    if args.start:
        around = parse_moment(args.start, now, zone, "--from")
    elif args.shift not in ("current", "previous"):
        around = parse_moment(args.shift, now, zone, "--shift")
    lines, shifts, failed = asyncio.run(roster_shifts(config, around))
    for problem in failed:
        _say(f"roster feed failed, its shifts are missing: {problem}")
    line = args.line or (lines[0] if lines else None)
    if args.shift:
        if line is None:
            raise ValueError("--shift needs a roster (no line configured)")
        which: str | datetime = args.shift
        if args.shift not in ("current", "previous"):
            which = parse_moment(args.shift, now, zone, "--shift")
        found = shift_window(shifts, line, which, now)
        if found is None:
            raise ValueError(f"no shift of line {line} found for {args.shift}")
        start, end, out, inc = found.start, found.end, found.outgoing, found.incoming
    else:
        start = parse_moment(args.start, now, zone, "--from")
        end = parse_moment(args.end, now, zone, "--to") if args.end else now
        if end <= start:
            raise ValueError("--to must be after --from")
        if start >= now:
            raise ValueError("--from is in the future: nothing has happened in that window yet")
        out, inc = leads_at(shifts, line, start, end) if line else ("", "")
    return {
        "start": start,
        "end": end,
        "outgoing": args.outgoing or out,
        "incoming": args.incoming or inc,
        "lines": lines,
        "shifts": shifts,
    }


def cmd_report(config: BoardConfig, args: argparse.Namespace) -> int:
    from noc_wallboard.adapters.ledger import LedgerError
    from noc_wallboard.app_history import open_history, outage_stale_after, report_calendars
    from noc_wallboard.services.engine import utc_now
    from noc_wallboard.services.reports import load_handover, load_sla
    from noc_wallboard.ui.report_export import output_kind, write_report

    now = utc_now()
    calendars = report_calendars(config)
    try:
        kind = output_kind(args.output)
        zone = _zone(args.timezone, config)
        if args.report_kind == "sla":
            year, month = _month(args.month)
        else:
            window = _window(args, config, now, zone)
            notes = args.notes
            if args.notes_file is not None:
                notes = (notes + "\n" if notes else "") + args.notes_file.read_text("utf-8")
    except (ValueError, OSError) as exc:
        _say(f"report: {exc}")
        return EXIT_USAGE
    try:
        history = open_history(config)
    except LedgerError as exc:
        _say(str(exc))
        return EXIT_FAILED
    try:
        if args.report_kind == "sla":
            report: Any = load_sla(
                history,
                year,
                month,
                at=now,
                timezone=zone.key,
                client=args.client,
                calendars=calendars,
            )
        else:
            report = load_handover(
                history,
                window["start"],
                window["end"],
                generated_at=now,
                risk_horizon=timedelta(hours=args.hours),
                lines=window["lines"],
                shifts=window["shifts"],
                outgoing=window["outgoing"],
                incoming=window["incoming"],
                notes=notes,
                calendars=calendars,
                outage_stale_after=outage_stale_after(config),
            )
    except LedgerError as exc:
        _say(str(exc))
        return EXIT_FAILED
    finally:
        history.close()
    if getattr(report, "in_progress", False):
        _say(
            f"the {'shift' if args.report_kind == 'handover' else 'month'} is in progress: "
            "figures as of now"
        )
    try:
        print(write_report(kind, report, zone, args.output))
    except OSError as exc:
        _say(f"cannot write {args.output}: {exc.strerror or exc}")
        return EXIT_FAILED
    return EXIT_OK


def _month(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"(\d{4})-(\d{2})", text.strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise ValueError(f"--month: expected YYYY-MM, got {text!r}")
    return int(m.group(1)), int(m.group(2))


def cmd_review(config: BoardConfig, exit_after: float | None) -> int:
    """`--mode review`: the review window on this config's ledger."""
    from noc_wallboard.adapters.ledger import LedgerError
    from noc_wallboard.app_history import (
        open_history,
        outage_stale_after,
        report_calendars,
        roster_shifts,
    )
    from noc_wallboard.services.engine import utc_now
    from noc_wallboard.ui.review import run_review

    try:
        history = open_history(config)
    except LedgerError as exc:
        _say(str(exc))
        return EXIT_FAILED
    try:
        zone = _zone(None, config)
        lines, shifts, failed = asyncio.run(roster_shifts(config, utc_now()))
        for problem in failed:
            _say(f"roster feed failed, its shifts are missing: {problem}")
        return run_review(
            history,
            zone=zone,
            lines=lines,
            shifts=shifts,
            calendars=report_calendars(config),
            outage_stale_after=outage_stale_after(config),
            exit_after=exit_after,
        )
    finally:
        history.close()
