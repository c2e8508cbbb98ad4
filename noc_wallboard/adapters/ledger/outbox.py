"""The acknowledgement outbox and audit on SQLAlchemy (`AckLedger` in ports)."""

from __future__ import annotations

import json
import logging
import os
import socket
import uuid
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, and_, insert, or_, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from noc_wallboard.adapters.ledger.database import LedgerError
from noc_wallboard.adapters.ledger.tables import ack_audit, ack_requests
from noc_wallboard.domain.ack import AckAction, AckRequest, AckResult, AckState, LedgerAck

log = logging.getLogger(__name__)
R = ack_requests.c
A = ack_audit.c
# An audit row per retry would grow by 1,440 rows a day per ack while a store is down:
# the first few retries are audited, then every tenth.
_AUDIT_EVERY_NTH_RETRY = 10
_RECENT = timedelta(minutes=10)
LEDGER_ACK_WINDOW = timedelta(days=35)


def _row_to_request(row: Any) -> AckRequest:
    try:
        labels = json.loads(row.labels or "{}")
    except ValueError:
        labels = {}
    return AckRequest(
        id=row.id,
        source=row.source,
        incident_id=row.incident_id,
        action=AckAction(row.action),
        actor=row.actor,
        host=row.host,
        requested_at=row.requested_at,
        comment=row.comment or "",
        labels=labels if isinstance(labels, dict) else {},
        severity=row.severity,
        title=row.title or "",
        state=AckState(row.state),
        attempts=row.attempts,
        next_attempt_at=row.next_attempt_at,
        last_error=row.last_error,
        store_ref=row.store_ref,
        done_at=row.done_at,
    )


def process_owner() -> str:
    """host:pid:token — the token tells two senders of one process apart."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _owner_alive(owner: str | None) -> bool:
    """A claim by a process of this host that no longer exists is void at once (a board
    killed between click and send resumes at its restart, not after the lease)."""
    if not owner:
        return False
    host, _, rest = owner.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit():
        return True  # another host's process: trust its lease
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class SqlAckLedger:
    """Every method is one short transaction; callers on the event loop run them in a
    worker thread."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._owner = process_owner()

    def _tx(self) -> Any:
        return self._engine.begin()

    def _audit(
        self, conn: Connection, req: AckRequest, at: datetime, result: str, detail: str = ""
    ) -> None:
        conn.execute(
            insert(ack_audit).values(
                request_id=req.id,
                at=at,
                source=req.source,
                incident_id=req.incident_id,
                action=req.action.value,
                actor=req.actor,
                host=req.host,
                result=result,
                detail=detail[:2000],
            )
        )

    # ------------------------------------------------------------ writing
    def enqueue(self, req: AckRequest) -> AckRequest:
        """Store a new request, or return the pending one for the same incident and
        action (a double click, a batch overlapping a single ack): never two sends. A
        partial unique index backs this up when two processes race."""
        try:
            return self._enqueue(req)
        except IntegrityError:
            return self._enqueue(req)  # the other process's row is visible now: return it

    def _enqueue(self, req: AckRequest) -> AckRequest:
        try:
            with self._tx() as conn:
                existing = conn.execute(
                    select(ack_requests).where(
                        R.source == req.source,
                        R.incident_id == req.incident_id,
                        R.action == req.action.value,
                        R.state == AckState.PENDING.value,
                    )
                ).first()
                if existing is not None and req.action is not AckAction.COMMENT:
                    return _row_to_request(existing)
                conn.execute(
                    insert(ack_requests).values(
                        id=req.id,
                        source=req.source,
                        incident_id=req.incident_id,
                        action=req.action.value,
                        actor=req.actor,
                        host=req.host,
                        requested_at=req.requested_at,
                        comment=req.comment,
                        labels=json.dumps(dict(req.labels), sort_keys=True),
                        severity=req.severity,
                        title=req.title,
                        state=AckState.PENDING.value,
                        attempts=0,
                        next_attempt_at=req.requested_at,
                    )
                )
                self._audit(conn, req, req.requested_at, "queued", req.comment)
        except IntegrityError:
            raise
        except SQLAlchemyError as exc:
            raise LedgerError(f"cannot write the acknowledgement to the ledger: {exc}") from None
        return req

    def claim_due(
        self,
        now: datetime,
        lease: timedelta,
        limit: int = 100,
        sources: Sequence[str] | None = None,
    ) -> list[AckRequest]:
        """Pending requests due now that no live process is sending, claimed for `lease`
        (only of `sources`, the stores this process can reach). Per incident only the
        oldest pending request is due: an ack queued during an outage, then an unack,
        reach the store in that order — the engineer's last intent wins."""
        owner = self._owner
        claimed: list[AckRequest] = []
        query = select(ack_requests).where(R.state == AckState.PENDING.value)
        if sources is not None:
            query = query.where(R.source.in_(list(sources)))
        with self._tx() as conn:
            pending = conn.execute(query.order_by(R.requested_at, R.id)).all()
            first: dict[tuple[str, str], Any] = {}
            for row in pending:
                first.setdefault((row.source, row.incident_id), row)
            rows = [
                r for r in first.values() if r.next_attempt_at is None or r.next_attempt_at <= now
            ][:limit]
            for row in rows:
                free = (
                    row.claimed_until is None
                    or row.claimed_until < now
                    or not _owner_alive(row.claimed_by)
                )
                if not free:
                    continue
                # Compare-and-set: only one process wins a row, whatever the database.
                won = conn.execute(
                    update(ack_requests)
                    .where(
                        R.id == row.id,
                        R.state == AckState.PENDING.value,
                        or_(R.claimed_by.is_(None), R.claimed_by == row.claimed_by),
                        or_(R.claimed_until.is_(None), R.claimed_until == row.claimed_until),
                    )
                    .values(claimed_by=owner, claimed_until=now + lease)
                ).rowcount
                if won == 1:
                    claimed.append(_row_to_request(row))
        return claimed

    def _finish(self, conn: Connection, req: AckRequest, **values: Any) -> bool:
        """Write a send's outcome only while this process still holds the claim: a
        sender whose lease lapsed must not overwrite what another sender recorded."""
        done = conn.execute(
            update(ack_requests)
            .where(
                R.id == req.id,
                R.state == AckState.PENDING.value,
                R.claimed_by == self._owner,
            )
            .values(claimed_by=None, claimed_until=None, **values)
        ).rowcount
        if done != 1:
            log.warning("outcome of request %s not recorded: another sender took it", req.id)
        return done == 1

    def confirm(self, req: AckRequest, result: AckResult, now: datetime) -> None:
        with self._tx() as conn:
            if not self._finish(
                conn,
                req,
                state=AckState.CONFIRMED.value,
                store_ref=result.store_ref,
                done_at=now,
                last_error=None,
                attempts=req.attempts + 1,
            ):
                return
            self._audit(conn, req, now, "confirmed", result.detail)

    def retry_later(self, req: AckRequest, error: str, now: datetime, at: datetime) -> None:
        attempts = req.attempts + 1
        with self._tx() as conn:
            if not self._finish(
                conn, req, attempts=attempts, last_error=error[:2000], next_attempt_at=at
            ):
                return
            if attempts <= 3 or attempts % _AUDIT_EVERY_NTH_RETRY == 0:
                self._audit(conn, req, now, "retry", f"attempt {attempts}: {error}")

    def fail(self, req: AckRequest, reason: str, now: datetime) -> None:
        with self._tx() as conn:
            if not self._finish(
                conn,
                req,
                state=AckState.FAILED.value,
                last_error=reason[:2000],
                attempts=req.attempts + 1,
                done_at=now,
            ):
                return
            self._audit(conn, req, now, "failed", reason)

    def requeue(self, request_id: str, now: datetime) -> AckRequest | None:
        """A failed request back into the outbox (the row's retry button)."""
        with self._tx() as conn:
            row = conn.execute(select(ack_requests).where(R.id == request_id)).first()
            if row is None or row.state != AckState.FAILED.value:
                return None
            conn.execute(
                update(ack_requests)
                .where(R.id == request_id)
                .values(
                    state=AckState.PENDING.value,
                    next_attempt_at=now,
                    done_at=None,
                    attempts=0,
                )
            )
            req = _row_to_request(row)
            self._audit(conn, req, now, "requeued")
        return self.get(request_id)

    # ------------------------------------------------------------ reading
    def get(self, request_id: str) -> AckRequest | None:
        with self._engine.connect() as conn:
            row = conn.execute(select(ack_requests).where(R.id == request_id)).first()
        return None if row is None else _row_to_request(row)

    def visible(self, now: datetime) -> list[AckRequest]:
        """What the board shows on rows: every pending request, failures until superseded
        or dismissed, and confirmations of the last minutes (pending → acknowledged)."""
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(ack_requests)
                .where(
                    or_(
                        R.state == AckState.PENDING.value,
                        and_(R.state == AckState.FAILED.value, R.done_at >= now - _RECENT * 6),
                        and_(R.state == AckState.CONFIRMED.value, R.done_at >= now - _RECENT),
                    )
                )
                .order_by(R.requested_at)
            ).all()
        return [_row_to_request(r) for r in rows]

    def ledger_acks(self, sources: Iterable[str], since: datetime | None = None) -> list[LedgerAck]:
        """Acknowledgements held by the ledger itself (stores without their own): the last
        confirmed ack/unack of each incident decides. Only the last `LEDGER_ACK_WINDOW`
        is read: older acks belong to incidents long gone."""
        since = since or datetime.now(UTC) - LEDGER_ACK_WINDOW
        wanted = list(sources)
        if not wanted:
            return []
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(R.source, R.incident_id, R.action, R.actor, R.done_at, R.comment)
                .where(
                    R.source.in_(wanted),
                    R.state == AckState.CONFIRMED.value,
                    R.action.in_([AckAction.ACK.value, AckAction.UNACK.value]),
                    R.done_at >= since,
                )
                .order_by(R.done_at)
            ).all()
        last: dict[tuple[str, str], Any] = {}
        for row in rows:
            last[(row.source, row.incident_id)] = row
        return [
            LedgerAck(r.source, r.incident_id, r.actor, r.done_at, r.comment)
            for r in last.values()
            if r.action == AckAction.ACK.value
        ]

    def audit(self, source: str | None = None, incident_id: str | None = None) -> list[Any]:
        with self._engine.connect() as conn:
            query = select(ack_audit).order_by(A.id)
            if source is not None:
                query = query.where(A.source == source)
            if incident_id is not None:
                query = query.where(A.incident_id == incident_id)
            return list(conn.execute(query).all())

    def close(self) -> None:
        self._engine.dispose()
