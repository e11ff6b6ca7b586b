"""webhook outbox: events for the agreement system's webhook ([export] webhook_url), sent with retries
from a durable row (issue 24, item 4)

Revision ID: 0005_webhook_outbox
Revises: 0004_web_sessions
Create Date: 2026-12-06 02:10:00
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

from mailbot.store.models import UTCDateTime

revision = '0005_webhook_outbox'
down_revision = '0004_web_sessions'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('webhook_outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_key', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('body', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', UTCDateTime(), nullable=True),
    sa.Column('claimed_at', UTCDateTime(), nullable=True),
    sa.Column('last_error', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('created_at', UTCDateTime(), nullable=True),
    sa.Column('sent_at', UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('event_key')
    )
    with op.batch_alter_table('webhook_outbox', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_webhook_outbox_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_webhook_outbox_status'), ['status'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('webhook_outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_webhook_outbox_status'))
        batch_op.drop_index(batch_op.f('ix_webhook_outbox_case_id'))
    op.drop_table('webhook_outbox')
