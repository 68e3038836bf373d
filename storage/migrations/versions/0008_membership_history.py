"""team membership history: an SDR's team from a date (issue 9, item 6); the share of
expected-to-date an SDR must be behind before a nudge (item 8)

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 06:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('team', schema=None) as batch_op:
        batch_op.add_column(sa.Column('nudge_behind_pct', sa.Integer(), server_default='10',
                                      nullable=False))
    op.create_table('teamspell',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=True),
    sa.Column('since', sa.Date(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('teamspell', schema=None) as batch_op:
        batch_op.create_index('ix_teamspell_user_since', ['user_id', 'since'], unique=False)
        batch_op.create_index('ix_teamspell_team', ['team_id'], unique=False)
    # Every SDR in a team today has been in it as far back as anyone can tell: their first
    # spell reaches back before its date anyway, so the date only has to be early.
    op.execute("INSERT INTO teamspell (user_id, team_id, since, recorded_at) "
               "SELECT user_id, team_id, '1970-01-01', CURRENT_TIMESTAMP FROM member "
               "WHERE role = 'sdr'")


def downgrade() -> None:
    with op.batch_alter_table('teamspell', schema=None) as batch_op:
        batch_op.drop_index('ix_teamspell_team')
        batch_op.drop_index('ix_teamspell_user_since')
    op.drop_table('teamspell')
    with op.batch_alter_table('team', schema=None) as batch_op:
        batch_op.drop_column('nudge_behind_pct')
