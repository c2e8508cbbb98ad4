"""Acknowledgement outbox, audit and incident events.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "ack_requests",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("incident_id", sa.String(200), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("host", sa.String(200), nullable=False),
        sa.Column("requested_at", TZ, nullable=False),
        sa.Column("comment", sa.Text, nullable=False),
        sa.Column("labels", sa.Text, nullable=False),
        sa.Column("severity", sa.String(32), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("next_attempt_at", TZ),
        sa.Column("last_error", sa.Text),
        sa.Column("store_ref", sa.String(200)),
        sa.Column("done_at", TZ),
        sa.Column("claimed_by", sa.String(200)),
        sa.Column("claimed_until", TZ),
    )
    op.create_index("ix_ack_requests_state", "ack_requests", ["state", "next_attempt_at"])
    op.create_index("ix_ack_requests_incident", "ack_requests", ["source", "incident_id"])
    op.create_table(
        "ack_audit",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("request_id", sa.String(32), nullable=False),
        sa.Column("at", TZ, nullable=False),
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("incident_id", sa.String(200), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("host", sa.String(200), nullable=False),
        sa.Column("result", sa.String(32), nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
    )
    op.create_index("ix_ack_audit_incident", "ack_audit", ["source", "incident_id"])
    op.create_index("ix_ack_audit_at", "ack_audit", ["at"])
    op.create_table(
        "incident_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("incident_id", sa.String(200), nullable=False),
        sa.Column("event", sa.String(32), nullable=False),
        sa.Column("at", TZ, nullable=False),
        sa.Column("severity", sa.String(32)),
        sa.Column("actor", sa.String(200)),
        sa.Column("detail", sa.Text, nullable=False),
        sa.Column("recorded_at", TZ, nullable=False),
        sa.Column("recorded_by", sa.String(200), nullable=False),
        sa.UniqueConstraint("source", "incident_id", "event", "at", name="uq_incident_event"),
    )
    op.create_index("ix_incident_events_at", "incident_events", ["at"])


def downgrade() -> None:
    op.drop_table("incident_events")
    op.drop_table("ack_audit")
    op.drop_table("ack_requests")
