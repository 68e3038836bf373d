"""the data's version: one number every writing transaction raises, so cached reads (the
scorecard's, storage/versions.py) are checked against it with one cheap query (issue 14)

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 08:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('dataversion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.BigInteger(), server_default='0', nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.execute("INSERT INTO dataversion (id, version) VALUES (1, 0)")


def downgrade() -> None:
    op.drop_table('dataversion')
