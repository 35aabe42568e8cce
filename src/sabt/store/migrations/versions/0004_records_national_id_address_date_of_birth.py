"""records: national id, address, date of birth

Columns the linkage compares when a list has them (national identity number, exact address,
full date of birth). National id and address are identifying: NULL for a protected record,
whose values live only in ``sealed``. Added columns only, so SQLite alters in place and the
name-search triggers of 0003 stay.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 02:02:13.717378
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('records', schema=None) as batch_op:
        batch_op.add_column(sa.Column('national_id', sa.String(length=50), nullable=True))
        batch_op.add_column(sa.Column('address', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('date_of_birth', sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('records', schema=None) as batch_op:
        batch_op.drop_column('date_of_birth')
        batch_op.drop_column('address')
        batch_op.drop_column('national_id')
