"""One row per response cycle; events know their occurrence; an index for open-or-recent.

- `response_cycles`: the response clock of every cycle of an occurrence (a re-open when
  the severity rose after an ack starts a new one), so a breach in an early cycle stays
  in the reports. Filled from the incidents' current cycle.
- `incident_events.opened_at`: the occurrence an event belongs to (filled from the
  latest occurrence opened at or before each event), indexed with source and id.
- `ix_incidents_resolved_opened` (resolved_at, opened_at) replaces `ix_incidents_open`:
  "open, or resolved since" reads only those rows.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)

_EVENT_OCCURRENCE = """
UPDATE incident_events SET opened_at = (
    SELECT max(i.opened_at) FROM incidents i
    WHERE i.source = incident_events.source
      AND i.incident_id = incident_events.incident_id
      AND i.opened_at <= incident_events.at
)
WHERE opened_at IS NULL
"""

_CYCLES = """
INSERT INTO response_cycles (
    source, incident_id, opened_at, started_at, severity,
    target_s, actual_s, due_at, state, running, stopped_at,
    ack_at, ack_by, sla_at, updated_at, updated_by
)
SELECT
    source, incident_id, opened_at, COALESCE(response_started_at, opened_at), severity,
    response_target_s, response_actual_s, response_due_at, response_state,
    response_running, response_stopped_at,
    CASE WHEN first_ack_at >= COALESCE(response_started_at, opened_at)
         THEN first_ack_at END,
    CASE WHEN first_ack_at >= COALESCE(response_started_at, opened_at)
         THEN first_ack_by END,
    sla_at, updated_at, updated_by
FROM incidents
"""


def upgrade() -> None:
    op.add_column("incident_events", sa.Column("opened_at", TZ))
    op.execute(sa.text(_EVENT_OCCURRENCE))
    op.create_index(
        "ix_incident_events_occurrence",
        "incident_events",
        ["source", "incident_id", "opened_at"],
    )
    op.create_table(
        "response_cycles",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("incident_id", sa.String(200), nullable=False),
        sa.Column("opened_at", TZ, nullable=False),
        sa.Column("started_at", TZ, nullable=False),
        sa.Column("severity", sa.String(32), nullable=False),
        sa.Column("target_s", sa.Float),
        sa.Column("actual_s", sa.Float),
        sa.Column("due_at", TZ),
        sa.Column("state", sa.String(16)),
        sa.Column("running", sa.Boolean),
        sa.Column("stopped_at", TZ),
        sa.Column("ack_at", TZ),
        sa.Column("ack_by", sa.String(200)),
        sa.Column("sla_at", TZ),
        sa.Column("updated_at", TZ, nullable=False),
        sa.Column("updated_by", sa.String(200), nullable=False),
        sa.UniqueConstraint(
            "source", "incident_id", "opened_at", "started_at", name="uq_response_cycle"
        ),
    )
    op.execute(sa.text(_CYCLES))
    op.drop_index("ix_incidents_open", table_name="incidents")
    op.create_index("ix_incidents_resolved_opened", "incidents", ["resolved_at", "opened_at"])


def downgrade() -> None:
    op.drop_index("ix_incidents_resolved_opened", table_name="incidents")
    op.create_index("ix_incidents_open", "incidents", ["resolved_at"])
    op.drop_table("response_cycles")
    op.drop_index("ix_incident_events_occurrence", table_name="incident_events")
    with op.batch_alter_table("incident_events") as batch:
        batch.drop_column("opened_at")
