"""evidence_acquisitions: url, capture time and container of every acquisition

A second acquisition of bytes already held (the same page captured again, another day, from
another address) kept its URL and time only in the custody log. Added columns only. Rows of
objects acquired once take the object's URL, time and container; rows of objects acquired
several times before this migration stay NULL (the custody log still has them).

Revision ID: 0008
Revises: 0005
Create Date: 2026-12-03 17:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('evidence_acquisitions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('url', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('captured_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('container_sha256', sa.String(length=64), nullable=True))
    op.execute(
        """
        UPDATE evidence_acquisitions SET
            url = (SELECT e.url FROM evidence e WHERE e.id = evidence_acquisitions.evidence_id),
            captured_at = (SELECT e.captured_at FROM evidence e
                           WHERE e.id = evidence_acquisitions.evidence_id),
            container_sha256 = (SELECT e.container_sha256 FROM evidence e
                                WHERE e.id = evidence_acquisitions.evidence_id)
        WHERE (SELECT count(*) FROM evidence_acquisitions a
               WHERE a.evidence_id = evidence_acquisitions.evidence_id) = 1
        """
    )


def downgrade() -> None:
    with op.batch_alter_table('evidence_acquisitions', schema=None) as batch_op:
        batch_op.drop_column('container_sha256')
        batch_op.drop_column('captured_at')
        batch_op.drop_column('url')
