"""account hygiene: what a login session was started from; named, scoped, revocable API tokens

``web_sessions`` gains a short summary of the browser ("Firefox 128 · Linux", never the whole
User-Agent header) and the client address, so a user can recognise and end a session they do
not know. Both go with the session when it ends (24 hours at most).

``api_tokens`` gains a name, a scope (``read`` or a role no higher than the owner's; NULL for a
token issued before this revision: it acts with its owner's role, as it always did), the first
characters of the token (to tell tokens apart; the token itself is never stored), who created
it and when it was revoked. Columns only: an existing case keeps opening and every token and
session in it keeps working.

Revision ID: 0010
Revises: 0006
Create Date: 2026-12-03 20:10:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('web_sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('user_agent', sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column('address', sa.String(length=64), nullable=True))
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('scope', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('prefix', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('created_by', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        for column in ('revoked_at', 'created_by', 'prefix', 'scope', 'name'):
            batch_op.drop_column(column)
    with op.batch_alter_table('web_sessions', schema=None) as batch_op:
        batch_op.drop_column('address')
        batch_op.drop_column('user_agent')
