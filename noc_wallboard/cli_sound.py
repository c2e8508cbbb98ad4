"""`noc-wallboard sound mute|unmute|toggle|snooze [MIN]|unsnooze|status`: control the
sound of the board running on this display. A wall window never takes the focus, so
this (or SIGUSR1 / SIGUSR2, see ui/control.py) is how a wall is muted."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable

ACTIONS = ("mute", "unmute", "toggle", "snooze", "unsnooze", "status")


def add_parser(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: Callable[..., None]
) -> None:
    snd = sub.add_parser(
        "sound",
        help="mute, unmute, snooze the running board's sound (no focus needed)",
        description="Talks to the board with sound running as this user on this display "
        "($WAYLAND_DISPLAY or $DISPLAY; over ssh set DISPLAY=:0, or give --control).",
    )
    common(snd, modes=False)
    snd.add_argument("action", choices=ACTIONS)
    snd.add_argument("minutes", nargs="?", type=float, help="snooze: minutes (default [sound])")
    snd.add_argument(
        "--control",
        default=argparse.SUPPRESS,
        help="socket name the board listens on (default: per user and display)",
    )


def cmd_sound(args: argparse.Namespace) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from noc_wallboard.ui.control import control_name, send_command

    if args.minutes is not None and args.action != "snooze":
        print("noc-wallboard sound: only snooze takes minutes", file=sys.stderr)
        return 2
    line = args.action if args.minutes is None else f"{args.action} {args.minutes:g}"
    name = args.control or control_name()
    try:
        reply = send_command(line, name)
    except ConnectionError as exc:
        print(f"noc-wallboard sound: {exc}", file=sys.stderr)
        return 1
    print(reply)
    return 0 if reply.startswith("ok") else 1
