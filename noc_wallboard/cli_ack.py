"""`noc-wallboard ack|unack INCIDENT_ID`: the desk's acknowledgement for scripts and chat
bots, through the same outbox as the board (so a board on the same ledger shows it)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import timedelta

from noc_wallboard.app import running_engine
from noc_wallboard.config.schema import BoardConfig
from noc_wallboard.domain.ack import AckAction, AckRefused, AckRequest, AckState
from noc_wallboard.domain.board import BoardState
from noc_wallboard.domain.incident import Incident

EXIT_OK = 0
EXIT_FAILED = 1  # refused, not found, or the source could not be asked
EXIT_QUEUED = 3  # in the outbox, not confirmed yet: the next sender (a board, `record`) retries


def add_parsers(sub: argparse._SubParsersAction, common) -> None:  # type: ignore[type-arg,no-untyped-def]
    for name, what in (("ack", "acknowledge"), ("unack", "withdraw the acknowledgement of")):
        parser = sub.add_parser(name, help=f"{what} an incident (for scripts and chat bots)")
        common(parser, modes=False)
        parser.add_argument(
            "incident", metavar="INCIDENT_ID", help="the id from the snapshot, or SOURCE:ID"
        )
        parser.add_argument("--by", help="who (default: [board] engineer, else the OS user)")
        parser.add_argument("--comment", default="", help="a note that goes with it")
        parser.add_argument(
            "--wait",
            type=float,
            default=20.0,
            help="seconds to wait for the store to confirm (default 20); 0: only queue it",
        )


def find_incident(state: BoardState, wanted: str) -> list[Incident]:
    source, _, ident = wanted.rpartition(":") if ":" in wanted else ("", "", wanted)
    found = [
        item.incident
        for item in state.incidents
        if item.incident.id == ident and (not source or item.incident.source == source)
    ]
    return found


def _say(text: str) -> None:
    print(f"noc-wallboard: {text}", file=sys.stderr)


async def run_ack(config: BoardConfig, args: argparse.Namespace, action: AckAction) -> int:
    async with running_engine(config, with_ledger=True) as engine:
        if engine.acks is None:
            _say("the ledger could not be opened (see the log above): nothing was queued")
            return EXIT_FAILED
        state = await engine.poll_incidents_once()
        matches = find_incident(state, args.incident)
        if not matches:
            blind = ", ".join(state.blind_incident_sources)
            if blind:
                _say(f"{args.incident}: not found, and {blind} did not answer; nothing queued")
            else:
                _say(f"{args.incident}: no open incident with this id (resolved, or a wrong id)")
            return EXIT_FAILED
        incident = matches[0]
        if action is AckAction.ACK and incident.is_acknowledged:
            # Not a second silence: the store already has one.
            print(
                f"{incident.source}:{incident.id} ({incident.title}) is already acknowledged "
                f"by {incident.acknowledged_by or '?'}; nothing sent"
            )
            return EXIT_OK
        try:
            stored = await engine.acks.request([incident], action, args.comment, args.by)
        except AckRefused as exc:
            _say(str(exc))
            return EXIT_FAILED
        req = stored[0]
        if args.wait <= 0:
            print(f"queued {action.value} of {incident.source}:{incident.id} (request {req.id})")
            return EXIT_QUEUED
        final = await engine.acks.wait_settled([req.id], timedelta(seconds=args.wait))
        return _report(final.get(req.id) or req, incident)


def _report(req: AckRequest, incident: Incident) -> int:
    what = f"{req.action.value} of {incident.source}:{incident.id} ({incident.title})"
    if req.state is AckState.CONFIRMED:
        print(f"{what}: confirmed by {req.actor} ({req.store_ref or 'no reference'})")
        return EXIT_OK
    if req.state is AckState.FAILED:
        _say(f"{what}: FAILED: {req.last_error}")
        return EXIT_FAILED
    _say(
        f"{what}: queued, not confirmed yet ({req.last_error or 'no answer'}); "
        f"any board or `noc-wallboard record` on this ledger keeps retrying (request {req.id})"
    )
    return EXIT_QUEUED


def cmd_ack(config: BoardConfig, args: argparse.Namespace) -> int:
    action = AckAction.UNACK if args.command == "unack" else AckAction.ACK
    return asyncio.run(run_ack(config, args, action))
