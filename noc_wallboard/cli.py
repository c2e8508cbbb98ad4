"""Command line: the board (wall/desk), and the headless snapshot/screenshot/check-config."""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from noc_wallboard import __version__
from noc_wallboard.config.loader import ConfigError, default_config_path, load_config
from noc_wallboard.config.schema import BoardConfig
from noc_wallboard.domain.board import BoardState
from noc_wallboard.domain.wall import WallSpec

if TYPE_CHECKING:
    from noc_wallboard.services.sound import SoundPolicy

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_CONFIG = 2


# Options accepted both before and after the subcommand. They default to SUPPRESS in
# every parser, so a subparser never overwrites what was given before the subcommand;
# the real defaults are filled in afterwards.
DEFAULTS: dict[str, object] = {
    "config": None,
    "demo": False,
    "log_level": "warning",
    "mode": None,
    "exit_after": None,
    "screen": None,
    "theme": None,
    "lang": None,
    "no_sound": False,
    "control": None,
}


def _common(parser: argparse.ArgumentParser, modes: bool = True) -> None:
    S = argparse.SUPPRESS
    parser.add_argument(
        "--config", type=Path, default=S, help=f"config file (default: {default_config_path()})"
    )
    parser.add_argument(
        "--demo", action="store_true", default=S, help="run against a built-in simulated fleet"
    )
    parser.add_argument("--log-level", default=S, help="debug, info, warning, error")
    if modes:
        parser.add_argument("--mode", choices=["wall", "desk", "review"], default=S)
        parser.add_argument(
            "--screen",
            default=S,
            help="wall: screen index (0, 1…), name (HDMI-1) or 'all' (default: [wall] screen, "
            "else the primary)",
        )
        parser.add_argument(
            "--theme", choices=["dark", "light"], default=S, help="colours (default: [board] theme)"
        )
        parser.add_argument(
            "--lang",
            choices=["en", "ru"],
            default=S,
            help="language of the board (default: [board] language, else the system locale)",
        )
        parser.add_argument(
            "--no-sound",
            action="store_true",
            default=S,
            help="no sound from this board (the other processes of a one-process-per-screen "
            "wall: one of them sounds)",
        )
        parser.add_argument(
            "--control",
            default=S,
            help="socket for `noc-wallboard sound …` (default: per user and display)",
        )
    # For soak runs and end-to-end tests: close the board after this many seconds.
    parser.add_argument("--exit-after", type=float, default=S, help=S)


def _size(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"(\d{2,5})[xX](\d{2,5})", text)
    if not m:
        raise argparse.ArgumentTypeError(f"expected WIDTHxHEIGHT such as 1920x1080, got {text!r}")
    width, height = int(m.group(1)), int(m.group(2))
    if not (320 <= width <= 16384 and 240 <= height <= 16384):
        raise argparse.ArgumentTypeError(f"{text}: width 320–16384 and height 240–16384 pixels")
    return width, height


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="noc-wallboard",
        description="NOC wall board: Prometheus health, incidents, SLA countdowns, duty roster.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _common(parser)
    sub = parser.add_subparsers(dest="command")

    run = sub.add_parser("run", help="open the board (default; --mode desk or wall)")
    _common(run)

    snap = sub.add_parser("snapshot", help="poll every source once and print the board state")
    _common(snap, modes=False)
    snap.add_argument("--format", choices=["json"], default="json")

    shot = sub.add_parser("screenshot", help="render the board after one poll to a PNG")
    _common(shot)
    shot.add_argument("--size", type=_size, default=(1920, 1080), help="WIDTHxHEIGHT")
    shot.add_argument("-o", "--output", type=Path, required=True, help="PNG file to write")
    shot.add_argument("--page", help="render this page of [[pages]] (default: the current one)")

    roster = sub.add_parser("roster", help="who is on duty at each line (now or --at TIME)")
    _common(roster, modes=False)
    roster.add_argument("--at", help="now (default), +8h, or an ISO time; local unless offset")
    roster.add_argument("--format", choices=["json", "table"], default="table")

    check = sub.add_parser("check-config", help="validate the config and probe every source")
    _common(check, modes=False)

    from noc_wallboard.cli_sound import add_parser as add_sound_parser

    add_sound_parser(sub, _common)

    from noc_wallboard.cli_ack import add_parsers as add_ack_parsers

    add_ack_parsers(sub, _common)

    from noc_wallboard.cli_history import add_parsers as add_history_parsers

    add_history_parsers(sub, _common)
    return parser


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = build_parser()
    argv = sys.argv[1:] if argv is None else argv
    if "--at" in argv:  # `roster --at -1d`, as the README shows
        from noc_wallboard.services.roster_report import at_option_value

        argv = at_option_value(argv)
    if "report" in argv:  # `[--config X] report handover --from -12h`
        from noc_wallboard.cli_history import glue_time_options

        argv = glue_time_options(argv)
    args = parser.parse_args(argv)
    for key, value in DEFAULTS.items():
        if not hasattr(args, key):
            setattr(args, key, value)
    if args.demo and args.config is not None:
        parser.error("--demo and --config exclude each other")
    return args


@contextmanager
def _board_config(args: argparse.Namespace) -> Iterator[BoardConfig]:
    if getattr(args, "demo", False):
        from noc_wallboard.demo_setup import demo_environment

        with demo_environment() as config:
            yield config
    else:
        config, _ = load_config(args.config)
        yield config


async def _snapshot(config: BoardConfig) -> dict[str, object]:
    from noc_wallboard.app import running_engine
    from noc_wallboard.services.snapshot import snapshot_dict

    async with running_engine(config) as engine:
        state = await engine.poll_once()
    return snapshot_dict(state)


def cmd_snapshot(args: argparse.Namespace) -> int:
    with _board_config(args) as config:
        doc = asyncio.run(_snapshot(config))
    try:
        json.dump(doc, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        sys.stdout.flush()
    except BrokenPipeError:
        # `snapshot | head` is normal scripting; not an error worth a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return EXIT_OK


async def _probe(config: BoardConfig) -> list[tuple[str, str, object]]:
    from noc_wallboard.app import running_engine

    async with running_engine(config) as engine:
        return list(await engine.probe_all())


def cmd_check_config(args: argparse.Namespace) -> int:
    with _board_config(args) as config:
        where = "demo" if args.demo else str(args.config or default_config_path())
        print(
            f"{where}: configuration is valid ({len(config.sources)} sources, "
            f"{len(config.panels)} panels, {len(config.roster.rotations)} rotations)"
        )
        if not config.sources:
            print("no sources configured: the board would show nothing")
            return EXIT_FAILED
        results = asyncio.run(_probe(config))
    return _print_probe_table(config, results)


def _print_probe_table(config: BoardConfig, results: list[tuple[str, str, object]]) -> int:
    from noc_wallboard.adapters.roster_feeds import redact_url

    urls = {s.name: s.url for s in config.sources}
    # Roster feed URLs are secrets (tokens in the path): show only where they point.
    urls |= {f.name: f.path or redact_url(f.url or "") for f in config.roster.feeds}
    rows = [("SOURCE", "KIND", "URL", "STATUS", "VERSION", "DETAIL")]
    failed = False
    for name, kind, probe in results:
        ok = getattr(probe, "ok", False)
        failed |= not ok
        rows.append(
            (
                name,
                kind,
                urls[name],
                "ok" if ok else "FAILED",
                getattr(probe, "version", None) or "-",
                getattr(probe, "detail", ""),
            )
        )
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        cells = [str(c).ljust(w) for c, w in zip(row, widths, strict=False)]
        print("  ".join([*cells, str(row[-1])]).rstrip())
    return EXIT_FAILED if failed else EXIT_OK


def cmd_screenshot(args: argparse.Namespace) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from noc_wallboard.ui.headless import render_board_png

    with _board_config(args) as config:
        state = asyncio.run(_state_after_poll(config))
        wall = _wall_spec(config, args)
    width, height = args.size
    if args.page is not None and args.page not in [p.name for p in wall.pages]:
        known = ", ".join(p.name for p in wall.pages) or "none configured"
        print(f"noc-wallboard: no page named {args.page!r} ({known})", file=sys.stderr)
        return EXIT_CONFIG
    try:
        theme, language = _look(args, config)
        render_board_png(
            state,
            width,
            height,
            args.mode or "wall",
            args.output,
            wall=wall,
            page=args.page,
            theme=theme,
            language=language,
        )
    except OSError as exc:
        print(f"noc-wallboard: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_FAILED
    print(f"wrote {args.output} ({width}x{height})")
    return EXIT_OK


def _look(args: argparse.Namespace, config: BoardConfig) -> tuple[str, str]:
    """Theme and language: the option, else the config, else (language) the system locale."""
    from noc_wallboard.presentation.i18n import choose_language
    from noc_wallboard.ui.i18n import system_locale

    language = choose_language(args.lang, config.board.language, system_locale())
    return args.theme or config.board.theme, language


def _wall_spec(config: BoardConfig, args: argparse.Namespace) -> WallSpec:
    from noc_wallboard.config.wall_convert import wall_spec

    intervals = [s.interval or config.board.interval for s in config.sources]
    intervals += [f.interval for f in config.roster.feeds]
    return wall_spec(config.wall, config.pages, intervals, screen=args.screen)


async def _state_after_poll(config: BoardConfig) -> BoardState:
    from noc_wallboard.app import running_engine

    async with running_engine(config) as engine:
        return await engine.poll_once()


def cmd_roster(args: argparse.Namespace) -> int:
    from noc_wallboard.services.engine import utc_now
    from noc_wallboard.services.roster_report import parse_at, roster_doc, roster_table

    try:
        at = parse_at(args.at, utc_now())
    except ValueError as exc:
        print(f"noc-wallboard roster: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    with _board_config(args) as config:
        state, feeds = asyncio.run(_roster_at(config, at))
    if args.format == "json":
        print(json.dumps(roster_doc(state, at, feeds), indent=2, ensure_ascii=False))
    else:
        print(roster_table(state, at, feeds))
    # Exit 1 when a feed failed: the answer may be incomplete.
    return EXIT_FAILED if any(not s.ok for s in state.sources if s.name in feeds) else EXIT_OK


async def _roster_at(config: BoardConfig, at: datetime) -> tuple[BoardState, list[str]]:
    from noc_wallboard.app import running_engine

    async with running_engine(config) as engine:
        feeds = engine.rosters.names if engine.rosters else []
        if engine.rosters is not None:
            await engine.rosters.poll_once(at)
        engine.store.tick(at)
        return engine.state, feeds


def cmd_run(args: argparse.Namespace) -> int:
    from noc_wallboard.app import running_engine
    from noc_wallboard.services.ack import default_actor
    from noc_wallboard.ui.run import run_board

    with _board_config(args) as config:
        # Startup objects (Qt, pydantic, modules) to the permanent GC generation: full
        # collections then scan only live board data — 40 ms pauses became ≤ 20 ms
        # (tests/benchmarks/bench_health.py).
        gc.freeze()
        mode = args.mode or "desk"
        if mode == "review":  # history and reports from the ledger, no polling
            from noc_wallboard.cli_history import cmd_review

            return cmd_review(config, args.exit_after)
        # One-click acknowledgement at the desk; on a wall only when the config says the
        # screen is a touch screen meant for it. Every board opens the ledger, though:
        # a wall shows acks the ledger holds (Prometheus alerts) and sends what a closed
        # desk left queued.
        acking = mode == "desk" or config.ack.wall
        theme, language = _look(args, config)
        return run_board(
            lambda: running_engine(config, with_ledger=True, record=config.ledger.record),
            mode=mode,
            exit_after=args.exit_after,
            ack_actor=default_actor(config.board.engineer) if acking else None,
            wall=_wall_spec(config, args),
            sound=_sound(config, args),
            theme=theme,
            language=language,
            control=args.control,
        )


def _sound(config: BoardConfig, args: argparse.Namespace) -> SoundPolicy:
    from dataclasses import replace

    from noc_wallboard.app import sound_policy

    policy = sound_policy(config)
    # --no-sound: one process per screen means one sound per screen, unsynchronised;
    # all but one run without.
    return replace(policy, modes=frozenset()) if args.no_sound else policy


def cmd_sound(args: argparse.Namespace) -> int:
    from noc_wallboard.cli_sound import cmd_sound as run

    return run(args)


def cmd_record(args: argparse.Namespace) -> int:
    from noc_wallboard.cli_history import cmd_record as run

    with _board_config(args) as config:
        return run(config, args)


def cmd_report(args: argparse.Namespace) -> int:
    from noc_wallboard.cli_history import cmd_report as run

    with _board_config(args) as config:
        return run(config, args)


def cmd_ack(args: argparse.Namespace) -> int:
    from noc_wallboard.cli_ack import cmd_ack as run

    with _board_config(args) as config:
        return run(config, args)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from noc_wallboard.app import setup_logging

    setup_logging(getattr(args, "log_level", "warning"))
    command = args.command or "run"
    handlers = {
        "run": cmd_run,
        "snapshot": cmd_snapshot,
        "screenshot": cmd_screenshot,
        "check-config": cmd_check_config,
        "roster": cmd_roster,
        "ack": cmd_ack,
        "unack": cmd_ack,
        "record": cmd_record,
        "report": cmd_report,
        "sound": cmd_sound,
    }
    try:
        return handlers[command](args)
    except ConfigError as exc:
        print(exc.render(), file=sys.stderr)
        return EXIT_CONFIG
    except KeyboardInterrupt:
        return 130
