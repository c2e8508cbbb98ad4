"""Incident occurrences (what the reports read) and source outages.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def _clock(name: str) -> list[sa.Column[object]]:
    return [
        sa.Column(f"{name}_target_s", sa.Float),
        sa.Column(f"{name}_actual_s", sa.Float),
        sa.Column(f"{name}_due_at", TZ),
        sa.Column(f"{name}_state", sa.String(16)),
        sa.Column(f"{name}_running", sa.Boolean),
        sa.Column(f"{name}_stopped_at", TZ),
    ]


def upgrade() -> None:
    op.create_table(
        "incidents",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("incident_id", sa.String(200), nullable=False),
        sa.Column("opened_at", TZ, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("labels", sa.Text, nullable=False),
        sa.Column("client", sa.String(200)),
        sa.Column("severity", sa.String(32), nullable=False),
        sa.Column("first_severity", sa.String(32), nullable=False),
        sa.Column("acked", sa.Boolean, nullable=False),
        sa.Column("acked_by", sa.String(200)),
        sa.Column("first_ack_at", TZ),
        sa.Column("first_ack_by", sa.String(200)),
        sa.Column("response_started_at", TZ),
        sa.Column("resolved_at", TZ),
        sa.Column("sla_policy", sa.String(200)),
        *_clock("response"),
        *_clock("resolution"),
        sa.Column("sla_at", TZ),
        sa.Column("updated_at", TZ, nullable=False),
        sa.Column("updated_by", sa.String(200), nullable=False),
        sa.UniqueConstraint("source", "incident_id", "opened_at", name="uq_incident_occurrence"),
    )
    op.create_index("ix_incidents_opened", "incidents", ["opened_at"])
    op.create_index("ix_incidents_open", "incidents", ["resolved_at"])
    op.create_table(
        "source_outages",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("observer", sa.String(200), nullable=False),
        sa.Column("started_at", TZ, nullable=False),
        sa.Column("ended_at", TZ),
        sa.Column("checked_at", TZ, nullable=False),
        sa.Column("error", sa.Text, nullable=False),
        sa.UniqueConstraint("source", "observer", "started_at", name="uq_source_outage"),
    )
    op.create_index("ix_source_outages_started", "source_outages", ["started_at"])


def downgrade() -> None:
    op.drop_table("source_outages")
    op.drop_table("incidents")
