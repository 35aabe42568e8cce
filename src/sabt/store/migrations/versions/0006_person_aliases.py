"""person aliases: a merged person's id keeps answering

When linkage merges persons, the ids that no longer have records are kept here with the person
that took their records, so `/persons/{old}` and `/api/persons/{old}` redirect to the survivor
(the README promises stable person ids). A new table only: SQLite and PostgreSQL alike.

Revision ID: 0006
Revises: 0008
Create Date: 2026-12-03 17:40:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'person_aliases',
        sa.Column('old_id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('link_run_id', sa.Integer(), nullable=True),
        sa.Column('was_protected', sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.ForeignKeyConstraint(['link_run_id'], ['link_runs.id'], name='fk_person_aliases_link_run_id_link_runs'),
        sa.PrimaryKeyConstraint('old_id', name='pk_person_aliases'),
    )
    op.create_index('ix_person_aliases_person_id', 'person_aliases', ['person_id'])


def downgrade() -> None:
    op.drop_index('ix_person_aliases_person_id', table_name='person_aliases')
    op.drop_table('person_aliases')
