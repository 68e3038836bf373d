"""crm_cursor: each CRM source's sync cursor, its 15-minute claim and its last run

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 06:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    op.create_table(
        'crm_cursor',
        sa.Column('source', text(length=16), nullable=False),
        sa.Column('cursor', text(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('slot', text(length=32), nullable=True),
        sa.Column('claimed_by', text(length=120), nullable=True),
        sa.Column('last_run_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('last_ok_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('records_read', sa.Integer(), nullable=False),
        sa.Column('rows_changed', sa.Integer(), nullable=False),
        sa.Column('errors', sa.Integer(), nullable=False),
        sa.Column('unmatched', text(), nullable=False),
        sa.Column('reported_unmatched', text(), nullable=False),
        sa.Column('last_error', text(length=300), nullable=True),
        sa.Column('auth_error', text(length=300), nullable=True),
        sa.Column('auth_notified', sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint('source'),
    )


def downgrade() -> None:
    op.drop_table('crm_cursor')
