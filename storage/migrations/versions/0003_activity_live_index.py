"""activity: a partial covering index of live rows for the scorecard sums

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 08:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LIVE = sa.text("deleted_at IS NULL")


def upgrade() -> None:
    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.create_index('ix_activity_live', ['user_id', 'day', 'metric', 'quantity'],
                              unique=False, sqlite_where=LIVE, postgresql_where=LIVE)
        batch_op.drop_index('ix_activity_user_day')


def downgrade() -> None:
    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.create_index('ix_activity_user_day', ['user_id', 'day', 'metric'], unique=False)
        batch_op.drop_index('ix_activity_live')
