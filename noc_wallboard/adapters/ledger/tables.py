"""Table definitions (SQLAlchemy Core). Migrations in `migrations/` create them; keep both
in step. Times are stored as UTC (timezone-aware columns; SQLite keeps the ISO text)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy import text as sql_text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class UtcDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in, aware UTC datetimes out, on SQLite (which keeps text and
    forgets the zone) as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the ledger")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = MetaData()

# The acknowledgement outbox: a row per request, written before anything is sent.
ack_requests = Table(
    "ack_requests",
    metadata,
    Column("id", String(32), primary_key=True),  # uuid4 hex, the idempotency key
    Column("source", String(200), nullable=False),
    Column("incident_id", String(200), nullable=False),
    Column("action", String(16), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("host", String(200), nullable=False),
    Column("requested_at", UtcDateTime(), nullable=False),
    Column("comment", Text, nullable=False, default=""),
    Column("labels", Text, nullable=False, default="{}"),  # JSON object
    Column("severity", String(32), nullable=False, default="unknown"),
    Column("title", Text, nullable=False, default=""),
    Column("state", String(16), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_attempt_at", UtcDateTime()),
    Column("last_error", Text),
    Column("store_ref", String(200)),
    Column("done_at", UtcDateTime()),
    # Which process is sending it now, and until when the claim holds: two boards (or a
    # board and the CLI) sharing a ledger never send the same request at once.
    Column("claimed_by", String(200)),
    Column("claimed_until", UtcDateTime()),
)
Index("ix_ack_requests_state", ack_requests.c.state, ack_requests.c.next_attempt_at)
Index("ix_ack_requests_incident", ack_requests.c.source, ack_requests.c.incident_id)
# One pending ack (or unack) per incident, whoever queues it (migration 0003).
_ONE_PENDING = sql_text("state = 'pending' AND action <> 'comment'")
Index(
    "uq_ack_requests_one_pending",
    ack_requests.c.source,
    ack_requests.c.incident_id,
    ack_requests.c.action,
    unique=True,
    sqlite_where=_ONE_PENDING,
    postgresql_where=_ONE_PENDING,
)

# The audit: every ack, unack and comment — who, when, from which host, what came of it.
ack_audit = Table(
    "ack_audit",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("request_id", String(32), nullable=False),
    Column("at", UtcDateTime(), nullable=False),
    Column("source", String(200), nullable=False),
    Column("incident_id", String(200), nullable=False),
    Column("action", String(16), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("host", String(200), nullable=False),
    Column("result", String(32), nullable=False),  # queued, confirmed, retry, failed
    Column("detail", Text, nullable=False, default=""),
)
Index("ix_ack_audit_incident", ack_audit.c.source, ack_audit.c.incident_id)
Index("ix_ack_audit_at", ack_audit.c.at)

# Incident transitions as the boards observed them, with the source's timestamps.
# Several boards write the same transition: the unique key makes that one row.
incident_events = Table(
    "incident_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source", String(200), nullable=False),
    Column("incident_id", String(200), nullable=False),
    Column("event", String(32), nullable=False),
    Column("at", UtcDateTime(), nullable=False),
    Column("severity", String(32)),
    Column("actor", String(200)),
    Column("detail", Text, nullable=False, default=""),
    Column("recorded_at", UtcDateTime(), nullable=False),
    Column("recorded_by", String(200), nullable=False, default=""),
    # The occurrence the event belongs to (migration 0004; older rows were filled in).
    Column("opened_at", UtcDateTime()),
    UniqueConstraint("source", "incident_id", "event", "at", name="uq_incident_event"),
)
Index("ix_incident_events_at", incident_events.c.at)
Index(
    "ix_incident_events_occurrence",
    incident_events.c.source,
    incident_events.c.incident_id,
    incident_events.c.opened_at,
)

# One row per incident occurrence (an Alertmanager fingerprint that fires again later is a
# new occurrence: a new `opened_at`). What the reports read; kept current by the boards.
# Times are the source's (a board's clock-skew correction is undone before writing).
incidents = Table(
    "incidents",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source", String(200), nullable=False),
    Column("incident_id", String(200), nullable=False),
    Column("opened_at", UtcDateTime(), nullable=False),
    Column("title", Text, nullable=False, default=""),
    Column("labels", Text, nullable=False, default="{}"),  # JSON object
    Column("client", String(200)),
    Column("severity", String(32), nullable=False),  # current
    Column("first_severity", String(32), nullable=False),
    Column("acked", Boolean, nullable=False, default=False),
    Column("acked_by", String(200)),
    Column("first_ack_at", UtcDateTime()),  # first ack of the occurrence (MTTA)
    Column("first_ack_by", String(200)),
    Column("response_started_at", UtcDateTime()),  # current response cycle
    Column("resolved_at", UtcDateTime()),
    Column("sla_policy", String(200)),
    # Per clock: target, counted time so far (final once stopped), due time, state and
    # whether it still runs, as of `sla_at`.
    Column("response_target_s", Float),
    Column("response_actual_s", Float),
    Column("response_due_at", UtcDateTime()),
    Column("response_state", String(16)),
    Column("response_running", Boolean),
    Column("response_stopped_at", UtcDateTime()),
    Column("resolution_target_s", Float),
    Column("resolution_actual_s", Float),
    Column("resolution_due_at", UtcDateTime()),
    Column("resolution_state", String(16)),
    Column("resolution_running", Boolean),
    Column("resolution_stopped_at", UtcDateTime()),
    Column("sla_at", UtcDateTime()),
    Column("updated_at", UtcDateTime(), nullable=False),
    Column("updated_by", String(200), nullable=False, default=""),
    UniqueConstraint("source", "incident_id", "opened_at", name="uq_incident_occurrence"),
)
Index("ix_incidents_opened", incidents.c.opened_at)
# Open (resolved_at NULL) or resolved since a moment, opened before another (migration 0004).
Index("ix_incidents_resolved_opened", incidents.c.resolved_at, incidents.c.opened_at)

# One row per response cycle of an occurrence (migration 0004): a re-open (severity rose
# after an ack) starts a new cycle with its own response clock; the reports count each.
response_cycles = Table(
    "response_cycles",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source", String(200), nullable=False),
    Column("incident_id", String(200), nullable=False),
    Column("opened_at", UtcDateTime(), nullable=False),
    Column("started_at", UtcDateTime(), nullable=False),
    Column("severity", String(32), nullable=False),  # when the cycle began
    Column("target_s", Float),  # the response clock, as for `incidents`
    Column("actual_s", Float),
    Column("due_at", UtcDateTime()),
    Column("state", String(16)),
    Column("running", Boolean),
    Column("stopped_at", UtcDateTime()),
    Column("ack_at", UtcDateTime()),  # the first ack of the cycle
    Column("ack_by", String(200)),
    Column("sla_at", UtcDateTime()),
    Column("updated_at", UtcDateTime(), nullable=False),
    Column("updated_by", String(200), nullable=False, default=""),
    UniqueConstraint("source", "incident_id", "opened_at", "started_at", name="uq_response_cycle"),
)

# Periods a board could not read a source. Each observer (board process) records its own
# view; reports merge overlapping periods of one source.
source_outages = Table(
    "source_outages",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source", String(200), nullable=False),
    Column("kind", String(32), nullable=False, default=""),
    Column("observer", String(200), nullable=False),
    Column("started_at", UtcDateTime(), nullable=False),
    Column("ended_at", UtcDateTime()),
    Column("checked_at", UtcDateTime(), nullable=False),  # last failed poll seen
    Column("error", Text, nullable=False, default=""),
    UniqueConstraint("source", "observer", "started_at", name="uq_source_outage"),
)
Index("ix_source_outages_started", source_outages.c.started_at)
