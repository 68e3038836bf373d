"""currency history: a team's currency from a date, and the currency stamped on each money
row and money target (issue 9, item 6: changing a team's currency relabels nothing)

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 08:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LIVE = sa.text("deleted_at IS NULL")

# Until now a team had one currency for all time, and a row was shown in the currency of the
# team that judged it: the team its SDR was in on its day (the newest spell up to that day),
# else their team now, else the default team's.
_ROW_CURRENCY = """
UPDATE activity SET currency = COALESCE(
  (SELECT t.currency FROM teamspell s JOIN team t ON t.id = s.team_id
   WHERE s.user_id = activity.user_id AND s.since <= activity.day
   ORDER BY s.since DESC, s.id DESC LIMIT 1),
  (SELECT t.currency FROM member m JOIN team t ON t.id = m.team_id
   WHERE m.user_id = activity.user_id
   ORDER BY CASE WHEN m.role = 'sdr' THEN 0 ELSE 1 END, m.team_id LIMIT 1),
  (SELECT currency FROM team WHERE is_default ORDER BY id LIMIT 1),
  'USD')
WHERE metric = 'pipeline'
"""


def upgrade() -> None:
    op.create_table('team_currency',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('currency', sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
    sa.Column('since', sa.Date(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('team_currency', schema=None) as batch_op:
        batch_op.create_index('ix_team_currency_team_since', ['team_id', 'since'], unique=False)
    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.add_column(sa.Column('currency', sqlmodel.sql.sqltypes.AutoString(length=3),
                                      nullable=True))
    with op.batch_alter_table('target', schema=None) as batch_op:
        batch_op.add_column(sa.Column('currency', sqlmodel.sql.sqltypes.AutoString(length=3),
                                      nullable=True))
    # Each team has counted in its currency as far back as anyone can tell (a first row
    # reaches back before its date anyway).
    op.execute("INSERT INTO team_currency (team_id, currency, since, recorded_at) "
               "SELECT id, currency, '1970-01-01', CURRENT_TIMESTAMP FROM team")
    op.execute(_ROW_CURRENCY)
    op.execute("UPDATE target SET currency = (SELECT currency FROM team "
               "WHERE team.id = target.team_id) WHERE metric = 'pipeline'")
    # Sums in one currency still read only the live-row index.
    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.drop_index('ix_activity_live')
        batch_op.create_index('ix_activity_live',
                              ['user_id', 'day', 'metric', 'quantity', 'currency'],
                              unique=False, sqlite_where=LIVE, postgresql_where=LIVE)


def downgrade() -> None:
    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.drop_index('ix_activity_live')
        batch_op.create_index('ix_activity_live', ['user_id', 'day', 'metric', 'quantity'],
                              unique=False, sqlite_where=LIVE, postgresql_where=LIVE)
        batch_op.drop_column('currency')
    with op.batch_alter_table('target', schema=None) as batch_op:
        batch_op.drop_column('currency')
    with op.batch_alter_table('team_currency', schema=None) as batch_op:
        batch_op.drop_index('ix_team_currency_team_since')
    op.drop_table('team_currency')
