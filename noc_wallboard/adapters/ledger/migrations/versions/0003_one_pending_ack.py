"""At most one pending ack (or unack) per incident, even when two processes race.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

WHERE = "state = 'pending' AND action <> 'comment'"


def upgrade() -> None:
    op.create_index(
        "uq_ack_requests_one_pending",
        "ack_requests",
        ["source", "incident_id", "action"],
        unique=True,
        sqlite_where=sa.text(WHERE),
        postgresql_where=sa.text(WHERE),
    )


def downgrade() -> None:
    op.drop_index("uq_ack_requests_one_pending", table_name="ack_requests")
