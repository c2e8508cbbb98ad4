"""The acknowledge service: requests go to the ledger's outbox first, then to the store.

Order of events for one click:
1. the request is committed to the ledger (a crash after this loses nothing);
2. a sender claims it (two processes sharing a ledger never send it at once), sends it
   with its id, and marks it confirmed or failed;
3. transient failures (store down, timeout) retry with backoff until the store answers;
   a refusal (the alert resolved meanwhile) fails at once with the reason.
A resend after a crash between 2's send and its mark finds the first attempt's result in
the store by the request id (see the adapters), so nothing is done twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import getpass
import logging
import os
import socket
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from noc_wallboard.domain.ack import (
    AckAction,
    AckRefused,
    AckRequest,
    AckResult,
    AckState,
    LedgerAck,
    retry_delay,
)
from noc_wallboard.domain.errors import SourceAuthError, SourceError, SourceRejected
from noc_wallboard.domain.incident import Incident
from noc_wallboard.ports import AckLedger, AckStore

log = logging.getLogger(__name__)
# Longest one send may take (HTTP timeouts are shorter); past it the attempt is retried.
SEND_DEADLINE = timedelta(seconds=30)
CLAIM_LEASE = timedelta(seconds=60)
# How often the sender looks for requests other processes (the CLI) put in the ledger.
IDLE_SCAN = timedelta(seconds=2)
MAX_PARALLEL_SENDS = 8
MAX_CHUNKS_PER_PASS = 50  # bounded: 400 requests per pass, the rest on the next one
# The ledger itself unreachable (PostgreSQL down): look again this often, log once.
LEDGER_RETRY = timedelta(seconds=30)


def default_actor(configured: str | None) -> str:
    """Who acknowledges from this desk: the configured engineer, else the OS user."""
    if configured and configured.strip():
        return configured.strip()
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return f"uid{os.getuid()}" if hasattr(os, "getuid") else "unknown"


@dataclass(frozen=True)
class AckSettings:
    duration_for: Callable[[str], timedelta]
    actor: str
    host: str = socket.gethostname()


class AckService:
    def __init__(
        self,
        ledger: AckLedger,
        stores: Mapping[str, AckStore | None],
        settings: AckSettings,
        clock: Callable[[], datetime],
        publish: Callable[[list[AckRequest], list[LedgerAck]], object] | None = None,
    ) -> None:
        """`stores` maps each incident source to its store; None means the ledger itself
        holds that source's acks (Prometheus alerts have nowhere else to keep them)."""
        self._ledger = ledger
        self._stores = dict(stores)
        self._settings = settings
        self._clock = clock
        self._publish = publish
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._ledger_sources = [name for name, store in self._stores.items() if store is None]
        self._ledger_down = False

    # ------------------------------------------------------------ requests
    def _new(self, incident: Incident, action: AckAction, actor: str, comment: str) -> AckRequest:
        return AckRequest(
            id=uuid.uuid4().hex,
            source=incident.source,
            incident_id=incident.id,
            action=action,
            actor=actor,
            host=self._settings.host,
            requested_at=self._clock(),
            comment=comment,
            labels=incident.labels,
            severity=incident.severity.value,
            title=incident.title,
        )

    async def request(
        self,
        incidents: Sequence[Incident],
        action: AckAction = AckAction.ACK,
        comment: str = "",
        actor: str | None = None,
    ) -> list[AckRequest]:
        """Write one request per incident to the outbox (one transaction for a batch)
        and wake the sender. Returns the stored requests (an existing pending one when
        the same ack is already queued)."""
        who = (actor or self._settings.actor).strip() or self._settings.actor
        unknown = sorted({i.source for i in incidents if i.source not in self._stores})
        if unknown:
            raise AckRefused(f"cannot acknowledge in {', '.join(unknown)}: not an incident store")
        if action is AckAction.ACK:
            # Already acknowledged in the store: a second ack would only add a silence.
            incidents = [i for i in incidents if not i.is_acknowledged]
        fresh = [self._new(i, action, who, comment) for i in incidents]
        stored = await asyncio.to_thread(lambda: [self._ledger.enqueue(r) for r in fresh])
        self._wake.set()
        await self.refresh()
        return stored

    async def retry(self, request_id: str) -> AckRequest | None:
        req = await asyncio.to_thread(self._ledger.requeue, request_id, self._clock())
        self._wake.set()
        await self.refresh()
        return req

    async def refresh(self) -> None:
        """Publish what rows show (pending, failed, recently confirmed) and ledger acks."""
        if self._publish is None:
            return
        now = self._clock()
        visible, acks = await asyncio.to_thread(
            lambda: (
                self._ledger.visible(now),
                self._ledger.ledger_acks(self._ledger_sources),
            )
        )
        self._publish(visible, acks)

    # ------------------------------------------------------------ sending
    async def send_due(self) -> int:
        """Claim and send every request due now; returns how many were attempted."""
        # Claimed a few at a time: every claimed request is sent well within its lease
        # (a batch of 50 claimed at once would outlive it and be sent twice by another
        # board taking the lapsed claims over).
        sources = list(self._stores)
        sent = 0
        for _ in range(MAX_CHUNKS_PER_PASS):
            due = await asyncio.to_thread(
                self._ledger.claim_due, self._clock(), CLAIM_LEASE, MAX_PARALLEL_SENDS, sources
            )
            if not due:
                break
            await asyncio.gather(*(self._send(r) for r in due))
            sent += len(due)
        if sent:
            await self.refresh()
        return sent

    async def _send(self, req: AckRequest) -> None:
        store = self._stores[req.source]
        try:
            async with asyncio.timeout(SEND_DEADLINE.total_seconds()):
                result = await self._perform(store, req)
        except (AckRefused, SourceAuthError, SourceRejected) as exc:
            # The store said no (resolved, forbidden, bad request): retrying cannot help;
            # the row shows the reason and a manual retry.
            log.warning("%s of %s/%s refused: %s", req.action.value, *req.key, exc)
            await asyncio.to_thread(self._ledger.fail, req, str(exc), self._clock())
            return
        except (SourceError, TimeoutError, OSError) as exc:
            error = str(exc) or "no answer within the send deadline"
            await self._later(req, error)
            return
        except Exception as exc:  # an adapter bug must not lose the request either
            log.exception("%s of %s/%s failed unexpectedly", req.action.value, *req.key)
            await self._later(req, f"unexpected failure: {type(exc).__name__}: {exc}")
            return
        await asyncio.to_thread(self._ledger.confirm, req, result, self._clock())
        log.info("%s of %s/%s confirmed: %s", req.action.value, *req.key, result.detail)

    async def _later(self, req: AckRequest, error: str) -> None:
        now = self._clock()
        at = now + retry_delay(req.attempts + 1)
        log.info("%s of %s/%s will retry: %s", req.action.value, *req.key, error)
        await asyncio.to_thread(self._ledger.retry_later, req, error, now, at)

    async def _perform(self, store: AckStore | None, req: AckRequest) -> AckResult:
        if store is None:  # the ledger is the store: writing it was the acknowledgement
            return AckResult(None, "recorded in the ledger")
        if req.action is AckAction.ACK:
            return await store.acknowledge(req, self._settings.duration_for(req.severity))
        if req.action is AckAction.UNACK:
            return await store.unacknowledge(req)
        return await store.add_comment(req)

    async def after_poll(self, source: str) -> None:
        """After each poll of an incident source: show what other processes on this
        ledger did (the CLI, another desk's acks held in the ledger) within one poll."""
        try:
            await self.refresh()
        except Exception as exc:
            self._ledger_trouble(exc)

    async def run(self) -> None:
        """The sender loop: wakes on a new request, at the next retry, or every couple of
        seconds to pick up requests written by other processes."""
        while True:
            pause = IDLE_SCAN
            try:
                await self.send_due()
                if self._ledger_down:
                    log.warning("the ledger answers again: acknowledgements flow")
                    self._ledger_down = False
            except Exception as exc:
                self._ledger_trouble(exc)
                pause = LEDGER_RETRY
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), pause.total_seconds())
            self._wake.clear()

    def _ledger_trouble(self, exc: Exception) -> None:
        """Log a ledger outage once, not every pass: requests wait in the outbox."""
        if not self._ledger_down:
            log.error("the ledger is not answering; acknowledgements wait: %s", exc)
            self._ledger_down = True

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self.run(), name="ack-sender")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def wait_settled(
        self, ids: Iterable[str], timeout: timedelta
    ) -> dict[str, AckRequest | None]:
        """Send until the given requests are confirmed or failed, or `timeout` passes
        (the CLI's wait). Pending ones stay in the outbox for the next sender."""
        wanted = list(ids)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout.total_seconds()
        while True:
            await self.send_due()
            current = {i: await asyncio.to_thread(self._ledger.get, i) for i in wanted}
            settled = all(
                r is not None and r.state is not AckState.PENDING for r in current.values()
            )
            if settled or loop.time() >= deadline:
                return current
            next_due = [
                r.next_attempt_at for r in current.values() if r and r.next_attempt_at is not None
            ]
            pause = 0.2
            if next_due:
                pause = max(0.05, min((min(next_due) - self._clock()).total_seconds(), 2.0))
            await asyncio.sleep(min(pause, max(0.0, deadline - loop.time())))
