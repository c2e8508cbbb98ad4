"""Acknowledgement requests: what the outbox holds, and how it retries.

A request is written to the ledger before anything is sent; its id travels with it to
the store (in the silence comment, the Alerta text) so a resend after a crash can find
what the first attempt already did instead of doing it twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum
from types import MappingProxyType


class AckAction(Enum):
    ACK = "ack"
    UNACK = "unack"
    COMMENT = "comment"


class AckState(Enum):
    PENDING = "pending"  # in the outbox, not yet confirmed by the store
    CONFIRMED = "confirmed"  # the store said yes (or, for the ledger store, it is written)
    FAILED = "failed"  # the store said no for good; the engineer may retry


class AckRefused(Exception):
    """The store will never accept this request as it is (incident resolved, forbidden).

    Retrying does not help; the row shows the reason and offers a manual retry."""


@dataclass(frozen=True, slots=True)
class AckRequest:
    id: str  # uuid4 hex: the idempotency key
    source: str
    incident_id: str
    action: AckAction
    actor: str
    host: str
    requested_at: datetime
    comment: str = ""
    # What the store needs to act without asking again: an Alertmanager silence is made
    # of the alert's own labels, captured when the engineer clicked.
    labels: Mapping[str, str] = field(default_factory=dict)
    severity: str = "unknown"
    title: str = ""
    state: AckState = AckState.PENDING
    attempts: int = 0
    next_attempt_at: datetime | None = None
    last_error: str | None = None
    store_ref: str | None = None  # the silence id, when the store gives one
    done_at: datetime | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "labels", MappingProxyType(dict(self.labels)))

    @property
    def key(self) -> tuple[str, str]:
        return (self.source, self.incident_id)


@dataclass(frozen=True, slots=True)
class AckResult:
    """What the store answered: its reference (silence id) and a word for the audit."""

    store_ref: str | None = None
    detail: str = "confirmed"


@dataclass(frozen=True, slots=True)
class LedgerAck:
    """An acknowledgement that lives in the ledger (stores without one of their own)."""

    source: str
    incident_id: str
    actor: str
    at: datetime
    comment: str = ""


# Transient failures retry: fast at first (a blip), then every minute, never giving up
# while the store is down — an ack must not be lost to an outage.
RETRY_FIRST = timedelta(seconds=1)
RETRY_MAX = timedelta(seconds=60)


def retry_delay(attempts: int) -> timedelta:
    """Delay before attempt `attempts + 1`: 1 s, 2 s, 4 s … capped at a minute."""
    if attempts <= 0:
        return timedelta(0)
    seconds = RETRY_FIRST.total_seconds() * 2 ** min(attempts - 1, 16)
    return min(timedelta(seconds=seconds), RETRY_MAX)


ACK_MARK = "noc-wallboard"


def request_marker(request_id: str) -> str:
    """The tag a store keeps for us: how a resend recognises its own earlier attempt."""
    return f"[{ACK_MARK} {request_id}]"


def ack_comment(actor: str, comment: str, request_id: str) -> str:
    """Karma's convention: a comment beginning `ACK` marks an acknowledgement silence."""
    text = f"ACK by {actor}"
    if comment.strip():
        text += f": {comment.strip()}"
    return f"{text} {request_marker(request_id)}"
