"""The outbox on a real SQLite ledger, and the acknowledge service's retry rules."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import update

from noc_wallboard.adapters.ledger import SqlAckLedger, open_ledger_engine
from noc_wallboard.adapters.ledger.database import LedgerError, sqlite_url
from noc_wallboard.adapters.ledger.tables import ack_requests
from noc_wallboard.domain.ack import (
    AckAction,
    AckRefused,
    AckRequest,
    AckResult,
    AckState,
    retry_delay,
)
from noc_wallboard.domain.errors import SourceUnavailable
from noc_wallboard.domain.incident import Incident, IncidentState
from noc_wallboard.domain.severity import Severity
from noc_wallboard.services.ack import AckService, AckSettings

T0 = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def incident(n: int = 1, source: str = "am") -> Incident:
    return Incident(
        id=f"{n:016x}",
        source=source,
        title=f"Disk full {n}",
        severity=Severity.CRITICAL,
        state=IncidentState.OPEN,
        opened_at=T0 - timedelta(minutes=5),
        labels={"alertname": "DiskFull", "instance": f"h{n}"},
    )


@pytest.fixture
def ledger(tmp_path: Path) -> SqlAckLedger:
    led = SqlAckLedger(open_ledger_engine(sqlite_url(tmp_path / "ledger.sqlite3")))
    yield led
    led.close()


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


class FakeStore:
    """Answers as told: a list of outcomes consumed per call (exception or result)."""

    name = "am"

    def __init__(self, *outcomes: object) -> None:
        self.outcomes = list(outcomes)
        self.calls: list[AckRequest] = []

    async def _next(self, req: AckRequest) -> AckResult:
        self.calls.append(req)
        outcome = self.outcomes.pop(0) if self.outcomes else AckResult("s-1")
        if isinstance(outcome, Exception):
            raise outcome
        assert isinstance(outcome, AckResult)
        return outcome

    async def acknowledge(self, request: AckRequest, duration: timedelta) -> AckResult:
        return await self._next(request)

    async def unacknowledge(self, request: AckRequest) -> AckResult:
        return await self._next(request)

    async def add_comment(self, request: AckRequest) -> AckResult:
        return await self._next(request)


def service(ledger: SqlAckLedger, store: object, clock: Clock) -> AckService:
    settings = AckSettings(lambda s: timedelta(hours=1), "alice", "desk-7")
    return AckService(ledger, {"am": store}, settings, clock)  # type: ignore[dict-item]


def test_retry_delay_doubles_and_caps_at_a_minute() -> None:
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 4, 7, 30)] == [1, 2, 4, 8, 60, 60]


async def test_confirmed_ack_is_audited_with_who_when_where(ledger: SqlAckLedger) -> None:
    clock, store = Clock(), FakeStore(AckResult("silence-1", "silence silence-1"))
    svc = service(ledger, store, clock)
    [req] = await svc.request([incident()], comment="on it")
    assert await svc.send_due() == 1
    done = ledger.get(req.id)
    assert done is not None and done.state is AckState.CONFIRMED
    assert done.store_ref == "silence-1" and done.actor == "alice" and done.host == "desk-7"
    audit = ledger.audit("am", incident().id)
    assert [(r.result, r.actor, r.host) for r in audit] == [
        ("queued", "alice", "desk-7"),
        ("confirmed", "alice", "desk-7"),
    ]
    assert audit[0].detail == "on it"


async def test_store_down_retries_with_backoff_until_it_confirms(ledger: SqlAckLedger) -> None:
    clock = Clock()
    store = FakeStore(SourceUnavailable("connection refused"), SourceUnavailable("refused"))
    svc = service(ledger, store, clock)
    [req] = await svc.request([incident()])
    await svc.send_due()
    pending = ledger.get(req.id)
    assert pending is not None and pending.state is AckState.PENDING
    assert pending.attempts == 1 and "refused" in (pending.last_error or "")
    assert pending.next_attempt_at == T0 + timedelta(seconds=1)
    assert await svc.send_due() == 0  # not due yet: nothing sent
    clock.now += timedelta(seconds=1)
    await svc.send_due()
    second = ledger.get(req.id)
    assert second is not None and second.next_attempt_at == clock.now + timedelta(seconds=2)
    clock.now += timedelta(seconds=2)
    await svc.send_due()
    final = ledger.get(req.id)
    assert final is not None and final.state is AckState.CONFIRMED
    assert len(store.calls) == 3 and {c.id for c in store.calls} == {req.id}


async def test_refusal_fails_at_once_and_a_retry_requeues(ledger: SqlAckLedger) -> None:
    clock = Clock()
    store = FakeStore(AckRefused("resolved meanwhile: nothing to acknowledge"))
    svc = service(ledger, store, clock)
    [req] = await svc.request([incident()])
    await svc.send_due()
    failed = ledger.get(req.id)
    assert failed is not None and failed.state is AckState.FAILED
    assert "resolved meanwhile" in (failed.last_error or "")
    again = await svc.retry(req.id)
    assert again is not None and again.state is AckState.PENDING
    await svc.send_due()
    assert ledger.get(req.id).state is AckState.CONFIRMED  # type: ignore[union-attr]
    assert [r.result for r in ledger.audit()] == ["queued", "failed", "requeued", "confirmed"]


async def test_an_adapter_bug_does_not_lose_the_request(ledger: SqlAckLedger) -> None:
    svc = service(ledger, FakeStore(KeyError("boom")), Clock())
    [req] = await svc.request([incident()])
    await svc.send_due()
    assert ledger.get(req.id).state is AckState.PENDING  # type: ignore[union-attr]


async def test_double_click_and_overlapping_batch_queue_one_request(
    ledger: SqlAckLedger,
) -> None:
    svc = service(ledger, FakeStore(), Clock())
    first = await svc.request([incident(1)])
    batch = await svc.request([incident(1), incident(2)])
    assert batch[0].id == first[0].id
    assert len({r.id for r in batch}) == 2
    assert len(ledger.visible(T0)) == 2


async def test_already_acknowledged_incidents_are_not_queued(ledger: SqlAckLedger) -> None:
    svc = service(ledger, FakeStore(), Clock())
    acked = replace(incident(3), state=IncidentState.ACKNOWLEDGED, acknowledged_by="bob")
    assert await svc.request([acked]) == []


async def test_unknown_source_is_refused(ledger: SqlAckLedger) -> None:
    svc = service(ledger, FakeStore(), Clock())
    with pytest.raises(AckRefused, match="prometheus"):
        await svc.request([incident(source="prometheus")])


async def test_two_senders_on_one_ledger_send_each_request_once(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "shared.sqlite3")
    a, b = SqlAckLedger(open_ledger_engine(url)), SqlAckLedger(open_ledger_engine(url))
    clock = Clock()
    store = FakeStore()
    sa, sb = service(a, store, clock), service(b, store, clock)
    reqs = await sa.request([incident(n) for n in range(20)])
    await asyncio.gather(sa.send_due(), sb.send_due())
    assert sorted(c.id for c in store.calls) == sorted(r.id for r in reqs)
    a.close()
    b.close()


def test_a_claim_of_a_dead_process_is_void_at_once(ledger: SqlAckLedger) -> None:
    """kill -9 between click and send: the restarted board must not wait for the lease."""
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    req = ledger.enqueue(
        AckRequest("a" * 32, "am", "f1", AckAction.ACK, "alice", "desk", T0, labels={"a": "b"})
    )
    with ledger._engine.begin() as conn:
        conn.execute(
            update(ack_requests)
            .where(ack_requests.c.id == req.id)
            .values(
                claimed_by=f"{socket.gethostname()}:{dead.stdout.strip()}:0badc0de",
                claimed_until=T0 + timedelta(hours=1),
            )
        )
    assert [r.id for r in ledger.claim_due(T0, timedelta(minutes=1))] == [req.id]


def test_a_live_claim_of_another_host_holds_until_its_lease_ends(ledger: SqlAckLedger) -> None:
    req = ledger.enqueue(AckRequest("c" * 32, "am", "f2", AckAction.ACK, "al", "d", T0))
    with ledger._engine.begin() as conn:
        conn.execute(
            update(ack_requests)
            .where(ack_requests.c.id == req.id)
            .values(claimed_by="other-host:4242", claimed_until=T0 + timedelta(seconds=60))
        )
    assert ledger.claim_due(T0, timedelta(minutes=1)) == []
    later = T0 + timedelta(seconds=61)
    assert [r.id for r in ledger.claim_due(later, timedelta(minutes=1))] == [req.id]


def test_ledger_acks_follow_the_last_confirmed_ack_or_unack(ledger: SqlAckLedger) -> None:
    def confirmed(rid: str, action: AckAction, at: datetime) -> None:
        ledger.enqueue(AckRequest(rid * 32, "pa", "f9", action, "bob", "d", at))
        [claimed] = ledger.claim_due(at, timedelta(minutes=1))
        ledger.confirm(claimed, AckResult(), at)

    confirmed("a", AckAction.ACK, T0)
    assert [(a.actor, a.at) for a in ledger.ledger_acks(["pa"])] == [("bob", T0)]
    confirmed("b", AckAction.UNACK, T0 + timedelta(minutes=1))
    assert ledger.ledger_acks(["pa"]) == []


def test_an_unreachable_postgres_url_is_a_clear_ledger_error() -> None:
    with pytest.raises(LedgerError, match="cannot open the ledger postgresql"):
        open_ledger_engine("postgresql://u:secret@127.0.0.1:1/none?connect_timeout=2")


def test_the_ledger_error_never_shows_the_password() -> None:
    with pytest.raises(LedgerError) as info:
        open_ledger_engine("postgresql://u:secret@127.0.0.1:1/none?connect_timeout=2")
    assert "secret" not in str(info.value)


async def test_ack_then_unack_queued_in_an_outage_reach_the_store_in_that_order(
    ledger: SqlAckLedger,
) -> None:
    clock = Clock()
    store = FakeStore(SourceUnavailable("down"))
    svc = service(ledger, store, clock)
    [ack] = await svc.request([incident()])
    await svc.send_due()  # the store is down: the ack waits
    clock.now += timedelta(milliseconds=300)  # the engineer changes their mind
    [unack] = await svc.request([incident()], AckAction.UNACK)
    clock.now += timedelta(seconds=5)
    await svc.send_due()
    assert [c.action for c in store.calls] == [AckAction.ACK, AckAction.ACK, AckAction.UNACK]
    assert ledger.get(ack.id).state is AckState.CONFIRMED  # type: ignore[union-attr]
    assert ledger.get(unack.id).state is AckState.CONFIRMED  # type: ignore[union-attr]


async def test_a_batch_is_claimed_a_few_at_a_time(ledger: SqlAckLedger) -> None:
    store = FakeStore()
    svc = service(ledger, store, Clock())
    await svc.request([incident(n) for n in range(30)])
    seen: list[int] = []
    real = ledger.claim_due

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        got = real(*args, **kwargs)
        seen.append(len(got))
        return got

    ledger.claim_due = spy  # type: ignore[method-assign]
    assert await svc.send_due() == 30
    assert max(seen) <= 8 and len(store.calls) == 30
