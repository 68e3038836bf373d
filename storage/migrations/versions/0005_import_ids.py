"""activity: a technique tag, as imports and the webhook carry it

Idempotency needs no new index: uq_activity_external_metric (external_id, metric) from 0001 is
the key every import and webhook call upserts on. One key across origins on purpose: a CRM's
activity that arrived by webhook and again in that CRM's CSV export is one activity.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 05:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.add_column(sa.Column('technique', sqlmodel.sql.sqltypes.AutoString(length=40),
                                      nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.drop_column('technique')
