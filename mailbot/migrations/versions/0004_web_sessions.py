"""web sessions: a server-side record per staff sign-in, so sign-out and expiry end the session and a
cookie from before sign-out no longer reads cases (issue 24, item 5)

Revision ID: 0004_web_sessions
Revises: 0003_ip_ranges
Create Date: 2026-12-06 02:00:00
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

from mailbot.store.models import UTCDateTime

revision = '0004_web_sessions'
down_revision = '0003_ip_ranges'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('web_sessions',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('expires_at', UTCDateTime(), nullable=False),
    sa.Column('ended_at', UTCDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('web_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_web_sessions_expires_at'), ['expires_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('web_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_web_sessions_expires_at'))
    op.drop_table('web_sessions')
