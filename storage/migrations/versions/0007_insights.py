"""insights: noted changes, each team's motion (for benchmarks) and stale-data threshold

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 06:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'changenote',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('team_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('text', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['team_id'], ['team.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_changenote_team_day', 'changenote', ['team_id', 'day'], unique=False)
    with op.batch_alter_table('team', schema=None) as batch_op:
        batch_op.add_column(sa.Column('motion', sqlmodel.sql.sqltypes.AutoString(length=16),
                                      nullable=False, server_default='outbound'))
        batch_op.add_column(sa.Column('stale_days', sa.Integer(), nullable=False,
                                      server_default='3'))


def downgrade() -> None:
    with op.batch_alter_table('team', schema=None) as batch_op:
        batch_op.drop_column('stale_days')
        batch_op.drop_column('motion')
    op.drop_index('ix_changenote_team_day', table_name='changenote')
    op.drop_table('changenote')
