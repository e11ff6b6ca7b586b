"""raw store: the raw mail kept once, outside the ledger row (mailbot/store/raw.py)

Revision ID: 0002_raw_store
Revises: 0001
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0002_raw_store'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # only adds: old rows keep their bytes in `raw` and stay readable (raw_ref NULL)
    with op.batch_alter_table('inbound', schema=None) as batch_op:
        batch_op.add_column(sa.Column('raw_ref', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('inbound', schema=None) as batch_op:
        batch_op.drop_column('raw_ref')
