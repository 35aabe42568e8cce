"""web sessions, login attempts, name search

Login sessions and failed logins of the web app move from server memory into the store, so a
restart keeps users signed in and several server processes share them. Substring search of
plain names gets an index: ``pg_trgm`` GIN indexes on PostgreSQL; on SQLite an FTS5 ``trigram``
table per table (external content, rowid = the row's id) kept in step by triggers. Only the
plain ``name`` column is indexed; a protected row's is NULL, so its name never enters an index.

On SQLite a later migration that *recreates* ``persons`` or ``records`` (batch mode for a column
change) drops these triggers with the table: run :func:`name_search_sqlite` again after it.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 01:36:57.564030
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

SEARCHED = {"persons": "persons_name_fts", "records": "records_name_fts"}   # = models.NAME_SEARCH


def name_search_sqlite(table: str, fts: str) -> list[str]:
    """The FTS5 table over ``table.name`` and the triggers that keep it in step."""
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5(name, content='{table}', content_rowid='id', "
        f"tokenize='trigram')",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_ai AFTER INSERT ON {table} WHEN new.name IS NOT NULL BEGIN "
        f"INSERT INTO {fts}(rowid, name) VALUES (new.id, new.name); END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_ad AFTER DELETE ON {table} WHEN old.name IS NOT NULL BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, name) VALUES ('delete', old.id, old.name); END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_au AFTER UPDATE OF name ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, name) SELECT 'delete', old.id, old.name WHERE old.name IS NOT NULL; "
        f"INSERT INTO {fts}(rowid, name) SELECT new.id, new.name WHERE new.name IS NOT NULL; END",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",     # index the rows already there
    ]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        # pg_trgm is a trusted extension (PostgreSQL 13+): the database's owner may create it
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.create_table('login_attempts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key_sha256', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_attempts'))
    )
    with op.batch_alter_table('login_attempts', schema=None) as batch_op:
        batch_op.create_index('ix_login_attempts_key_at', ['key_sha256', 'at'], unique=False)

    op.create_table('web_sessions',
    sa.Column('id_sha256', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('csrf', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_web_sessions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id_sha256', name=op.f('pk_web_sessions'))
    )
    with op.batch_alter_table('web_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_web_sessions_expires_at'), ['expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_web_sessions_user_id'), ['user_id'], unique=False)

    # a GIN trigram index on PostgreSQL; on SQLite the same declaration is a plain b-tree on name
    with op.batch_alter_table('persons', schema=None) as batch_op:
        batch_op.create_index('ix_persons_name_trgm', ['name'], unique=False, postgresql_using='gin', postgresql_ops={'name': 'gin_trgm_ops'})

    with op.batch_alter_table('records', schema=None) as batch_op:
        batch_op.create_index('ix_records_name_trgm', ['name'], unique=False, postgresql_using='gin', postgresql_ops={'name': 'gin_trgm_ops'})

    if dialect == "sqlite":
        for table, fts in SEARCHED.items():
            for statement in name_search_sqlite(table, fts):
                op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for fts in SEARCHED.values():
            for suffix in ("ai", "ad", "au"):
                op.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
            op.execute(f"DROP TABLE IF EXISTS {fts}")
    with op.batch_alter_table('records', schema=None) as batch_op:
        batch_op.drop_index('ix_records_name_trgm', postgresql_using='gin', postgresql_ops={'name': 'gin_trgm_ops'})

    with op.batch_alter_table('persons', schema=None) as batch_op:
        batch_op.drop_index('ix_persons_name_trgm', postgresql_using='gin', postgresql_ops={'name': 'gin_trgm_ops'})

    with op.batch_alter_table('web_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_web_sessions_user_id'))
        batch_op.drop_index(batch_op.f('ix_web_sessions_expires_at'))

    op.drop_table('web_sessions')
    with op.batch_alter_table('login_attempts', schema=None) as batch_op:
        batch_op.drop_index('ix_login_attempts_key_at')

    op.drop_table('login_attempts')
