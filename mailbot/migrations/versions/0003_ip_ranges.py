"""IP scopes as indexed ranges (the overlap check without loading every case), and the indexes the
fetch -> send path's queries lacked (bench/scale.py's EXPLAIN audit at 100,000 cases)

Revision ID: 0003_ip_ranges
Revises: 0001
Create Date: 2026-12-02 01:30:00
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import CIDR

revision = '0003_ip_ranges'
down_revision = '0002_raw_store'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('case_scopes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('pos', sa.Integer(), nullable=False),
    sa.Column('scope', sa.String(), nullable=False),
    sa.Column('net', sa.String().with_variant(CIDR(), 'postgresql'), nullable=False),
    sa.Column('family', sa.Integer(), nullable=False),
    sa.Column('lo', sa.String(length=32), nullable=False),
    sa.Column('hi', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('case_scopes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_scopes_case_id'), ['case_id'], unique=False)
        batch_op.create_index('ix_case_scopes_range', ['family', 'lo', 'hi'], unique=False)
        batch_op.create_index('ix_case_scopes_net', ['net'], unique=False, postgresql_using='gist',
                              postgresql_ops={'net': 'inet_ops'})
    with op.batch_alter_table('outbound', schema=None) as batch_op:
        batch_op.create_index('ix_outbound_status_sent_at', ['status', 'sent_at'], unique=False)
    _backfill()


def _backfill() -> None:
    """Every existing case's scopes, read in pages of 1,000 cases."""
    from mailbot.store.scopes import scope_rows

    conn = op.get_bind()
    cases = sa.table('cases', sa.column('id', sa.Integer()), sa.column('data', sa.JSON()))
    scopes = sa.table('case_scopes', *(sa.column(c) for c in ('case_id', 'pos', 'scope', 'net', 'family', 'lo', 'hi')))
    last = 0
    while True:
        page = conn.execute(sa.select(cases.c.id, cases.c.data).where(cases.c.id > last)
                            .order_by(cases.c.id).limit(1000)).all()
        if not page:
            return
        rows = [r for case_id, data in page for r in scope_rows(case_id, list((data or {}).get('ip_scopes') or []))]
        if rows:
            conn.execute(scopes.insert(), rows)
        last = page[-1][0]


def downgrade() -> None:
    with op.batch_alter_table('outbound', schema=None) as batch_op:
        batch_op.drop_index('ix_outbound_status_sent_at')
    with op.batch_alter_table('case_scopes', schema=None) as batch_op:
        batch_op.drop_index('ix_case_scopes_net')
        batch_op.drop_index('ix_case_scopes_range')
        batch_op.drop_index(batch_op.f('ix_case_scopes_case_id'))
    op.drop_table('case_scopes')
