"""second factors and re-authentication: TOTP, recovery codes, WebAuthn keys, halfway sign-ins

New tables only (SQLite and PostgreSQL alike): an existing case opens unchanged; its users have
no second factor until they enrol.

Revision ID: 0009
Revises: 0006
Create Date: 2026-12-03 20:10:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0006'
branch_labels = None
depends_on = None


def _created():
    return sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False)


def upgrade() -> None:
    op.create_table(
        'user_totp',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('sealed', sa.LargeBinary(), nullable=False),
        sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('last_step', sa.BigInteger(), nullable=True),
        _created(),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name='fk_user_totp_user_id_users', ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id', name='pk_user_totp'),
    )
    op.create_table(
        'recovery_codes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('code_sha256', sa.String(length=64), nullable=False),
        sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
        _created(),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name='fk_recovery_codes_user_id_users', ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name='pk_recovery_codes'),
        sa.UniqueConstraint('code_sha256', name='uq_recovery_codes_code_sha256'),
    )
    op.create_index('ix_recovery_codes_user_id', 'recovery_codes', ['user_id'])
    op.create_table(
        'webauthn_credentials',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.Column('credential_id', sa.LargeBinary(), nullable=False),
        sa.Column('public_key', sa.LargeBinary(), nullable=False),
        sa.Column('sign_count', sa.BigInteger(), nullable=False),
        sa.Column('transports', sa.JSON(), nullable=True),
        sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
        _created(),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name='fk_webauthn_credentials_user_id_users',
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name='pk_webauthn_credentials'),
        sa.UniqueConstraint('credential_id', name='uq_webauthn_credentials_credential_id'),
    )
    op.create_index('ix_webauthn_credentials_user_id', 'webauthn_credentials', ['user_id'])
    op.create_table(
        'pending_logins',
        sa.Column('id_sha256', sa.String(length=64), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('purpose', sa.String(length=10), nullable=False),
        sa.Column('csrf', sa.String(length=64), nullable=False),
        sa.Column('next', sa.String(length=500), nullable=False),
        sa.Column('challenge', sa.LargeBinary(), nullable=True),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name='fk_pending_logins_user_id_users', ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id_sha256', name='pk_pending_logins'),
    )
    op.create_index('ix_pending_logins_user_id', 'pending_logins', ['user_id'])
    op.create_index('ix_pending_logins_expires_at', 'pending_logins', ['expires_at'])
    op.create_table(
        'reauth_marks',
        sa.Column('session_sha256', sa.String(length=64), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('challenge', sa.LargeBinary(), nullable=True),
        sa.ForeignKeyConstraint(['session_sha256'], ['web_sessions.id_sha256'],
                                name='fk_reauth_marks_session_sha256_web_sessions', ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('session_sha256', name='pk_reauth_marks'),
    )


def downgrade() -> None:
    op.drop_table('reauth_marks')
    op.drop_index('ix_pending_logins_expires_at', table_name='pending_logins')
    op.drop_index('ix_pending_logins_user_id', table_name='pending_logins')
    op.drop_table('pending_logins')
    op.drop_index('ix_webauthn_credentials_user_id', table_name='webauthn_credentials')
    op.drop_table('webauthn_credentials')
    op.drop_index('ix_recovery_codes_user_id', table_name='recovery_codes')
    op.drop_table('recovery_codes')
    op.drop_table('user_totp')
