"""The references of merged cases (a case merged into another answers to both references), and who took a case

Revision ID: 0006_case_aliases
Revises: 0005_webhook_outbox
Create Date: 2026-12-06 02:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0006_case_aliases'
down_revision = '0005_webhook_outbox'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('case_aliases',
    sa.Column('ref', sa.String(length=32), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('old_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], ),
    sa.PrimaryKeyConstraint('ref')
    )
    with op.batch_alter_table('case_aliases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_aliases_case_id'), ['case_id'], unique=False)
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('owner', sa.String(length=320), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('owner')
    with op.batch_alter_table('case_aliases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_aliases_case_id'))
    op.drop_table('case_aliases')
