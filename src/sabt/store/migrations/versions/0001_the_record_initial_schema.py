"""the record: initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-26 22:33:18.661265
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('actors',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('name_fa', sa.String(length=300), nullable=True),
    sa.Column('name_ar', sa.String(length=300), nullable=True),
    sa.Column('aliases', sa.JSON(), nullable=True),
    sa.Column('classification', sa.String(length=100), nullable=True),
    sa.Column('country', sa.String(length=10), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_actors')),
    sa.UniqueConstraint('key', name=op.f('uq_actors_key'))
    )
    with op.batch_alter_table('actors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_actors_kind'), ['kind'], unique=False)

    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=100), nullable=False),
    sa.Column('action', sa.String(length=50), nullable=False),
    sa.Column('subject_table', sa.String(length=40), nullable=True),
    sa.Column('subject_id', sa.String(length=100), nullable=True),
    sa.Column('detail', sa.JSON(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_at'), ['at'], unique=False)

    op.create_table('case_settings',
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_case_settings'))
    )
    op.create_table('custody_events',
    sa.Column('seq', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('event', sa.String(length=30), nullable=False),
    sa.Column('actor', sa.String(length=100), nullable=True),
    sa.Column('object_sha256', sa.String(length=64), nullable=True),
    sa.Column('line_sha256', sa.String(length=64), nullable=False),
    sa.Column('prev_sha256', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_custody_events'))
    )
    with op.batch_alter_table('custody_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_custody_events_object_sha256'), ['object_sha256'], unique=False)

    op.create_table('estimate_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('method', sa.String(length=20), nullable=False),
    sa.Column('strata', sa.JSON(), nullable=True),
    sa.Column('settings', sa.JSON(), nullable=True),
    sa.Column('result', sa.JSON(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_estimate_runs'))
    )
    op.create_table('link_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('backend', sa.String(length=20), nullable=False),
    sa.Column('settings', sa.JSON(), nullable=True),
    sa.Column('threshold', sa.Float(), nullable=True),
    sa.Column('summary', sa.JSON(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_link_runs'))
    )
    op.create_table('places',
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.Column('name_fa', sa.String(length=200), nullable=True),
    sa.Column('iso_code', sa.String(length=10), nullable=True),
    sa.Column('province_code', sa.String(length=10), nullable=True),
    sa.Column('geonames_id', sa.Integer(), nullable=True),
    sa.Column('parent_key', sa.String(length=40), nullable=True),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('population', sa.Integer(), nullable=True),
    sa.Column('aliases', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['parent_key'], ['places.key'], name=op.f('fk_places_parent_key_places')),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_places'))
    )
    with op.batch_alter_table('places', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_places_iso_code'), ['iso_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_places_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_places_province_code'), ['province_code'], unique=False)

    op.create_table('sources',
    sa.Column('id', sa.String(length=100), nullable=False),
    sa.Column('name', sa.String(length=500), nullable=False),
    sa.Column('publisher', sa.String(length=500), nullable=True),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('language', sa.String(length=20), nullable=True),
    sa.Column('published', sa.Date(), nullable=True),
    sa.Column('accessed', sa.Date(), nullable=True),
    sa.Column('reliability', sa.String(length=1), nullable=True),
    sa.Column('snapshot_sha256', sa.String(length=64), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sources'))
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=True),
    sa.Column('lang', sa.String(length=5), nullable=False),
    sa.Column('disabled', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('name', name=op.f('uq_users_name'))
    )
    op.create_table('api_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_sha256', sa.String(length=64), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_api_tokens_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_tokens')),
    sa.UniqueConstraint('token_sha256', name=op.f('uq_api_tokens_token_sha256'))
    )
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_tokens_user_id'), ['user_id'], unique=False)

    op.create_table('claims',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=100), nullable=True),
    sa.Column('source_id', sa.String(length=100), nullable=False),
    sa.Column('metric', sa.String(length=50), nullable=False),
    sa.Column('low', sa.BigInteger(), nullable=True),
    sa.Column('best', sa.BigInteger(), nullable=True),
    sa.Column('high', sa.BigInteger(), nullable=True),
    sa.Column('qualifier', sa.String(length=50), nullable=True),
    sa.Column('unit', sa.String(length=50), nullable=True),
    sa.Column('subject', sa.String(length=200), nullable=True),
    sa.Column('as_of', sa.Date(), nullable=True),
    sa.Column('period_start', sa.Date(), nullable=True),
    sa.Column('period_end', sa.Date(), nullable=True),
    sa.Column('date_precision', sa.String(length=10), nullable=True),
    sa.Column('place_key', sa.String(length=40), nullable=True),
    sa.Column('place_text', sa.String(length=300), nullable=True),
    sa.Column('actor_text', sa.String(length=300), nullable=True),
    sa.Column('attributed_to', sa.String(length=300), nullable=True),
    sa.Column('reliability', sa.String(length=1), nullable=True),
    sa.Column('credibility', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=30), nullable=False),
    sa.Column('review', sa.String(length=20), nullable=False),
    sa.Column('quote', sa.Text(), nullable=True),
    sa.Column('quote_start', sa.Integer(), nullable=True),
    sa.Column('quote_end', sa.Integer(), nullable=True),
    sa.Column('supersedes_id', sa.Integer(), nullable=True),
    sa.Column('superseded', sa.Boolean(), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=True),
    sa.Column('extra', sa.JSON(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['place_key'], ['places.key'], name=op.f('fk_claims_place_key_places')),
    sa.ForeignKeyConstraint(['source_id'], ['sources.id'], name=op.f('fk_claims_source_id_sources')),
    sa.ForeignKeyConstraint(['supersedes_id'], ['claims.id'], name=op.f('fk_claims_supersedes_id_claims')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claims')),
    sa.UniqueConstraint('key', name=op.f('uq_claims_key'))
    )
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claims_as_of'), ['as_of'], unique=False)
        batch_op.create_index(batch_op.f('ix_claims_metric'), ['metric'], unique=False)
        batch_op.create_index(batch_op.f('ix_claims_place_key'), ['place_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_claims_source_id'), ['source_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_claims_status'), ['status'], unique=False)

    op.create_table('deployments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('place_key', sa.String(length=40), nullable=True),
    sa.Column('place_text', sa.String(length=300), nullable=True),
    sa.Column('role', sa.String(length=100), nullable=True),
    sa.Column('strength_low', sa.Integer(), nullable=True),
    sa.Column('strength_best', sa.Integer(), nullable=True),
    sa.Column('strength_high', sa.Integer(), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('start_precision', sa.String(length=10), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('end_precision', sa.String(length=10), nullable=True),
    sa.Column('confidence', sa.String(length=10), nullable=True),
    sa.ForeignKeyConstraint(['place_key'], ['places.key'], name=op.f('fk_deployments_place_key_places')),
    sa.ForeignKeyConstraint(['unit_id'], ['actors.id'], name=op.f('fk_deployments_unit_id_actors')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deployments'))
    )
    with op.batch_alter_table('deployments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deployments_place_key'), ['place_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_deployments_unit_id'), ['unit_id'], unique=False)

    op.create_table('evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('media_type', sa.String(length=100), nullable=True),
    sa.Column('original_name', sa.Text(), nullable=True),
    sa.Column('source_id', sa.String(length=100), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('captured_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('container_sha256', sa.String(length=64), nullable=True),
    sa.Column('derived_from_sha256', sa.String(length=64), nullable=True),
    sa.Column('protected', sa.Boolean(), nullable=False),
    sa.Column('meta', sa.JSON(), nullable=True),
    sa.Column('phash', sa.String(length=64), nullable=True),
    sa.Column('frame_hashes', sa.JSON(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['source_id'], ['sources.id'], name=op.f('fk_evidence_source_id_sources')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence')),
    sa.UniqueConstraint('sha256', name=op.f('uq_evidence_sha256'))
    )
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evidence_phash'), ['phash'], unique=False)

    op.create_table('imports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.String(length=100), nullable=False),
    sa.Column('file_name', sa.String(length=500), nullable=False),
    sa.Column('file_sha256', sa.String(length=64), nullable=False),
    sa.Column('file_format', sa.String(length=10), nullable=False),
    sa.Column('encoding', sa.String(length=30), nullable=True),
    sa.Column('calendar', sa.String(length=20), nullable=True),
    sa.Column('mapping', sa.JSON(), nullable=True),
    sa.Column('rows_read', sa.Integer(), nullable=False),
    sa.Column('rows_added', sa.Integer(), nullable=False),
    sa.Column('summary', sa.JSON(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['source_id'], ['sources.id'], name=op.f('fk_imports_source_id_sources')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_imports')),
    sa.UniqueConstraint('source_id', 'file_sha256', name=op.f('uq_imports_source_id_file_sha256'))
    )
    with op.batch_alter_table('imports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_imports_source_id'), ['source_id'], unique=False)

    op.create_table('incidents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=100), nullable=True),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('type', sa.String(length=50), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('date_precision', sa.String(length=10), nullable=True),
    sa.Column('place_key', sa.String(length=40), nullable=True),
    sa.Column('place_text', sa.String(length=300), nullable=True),
    sa.Column('place_precision', sa.Integer(), nullable=True),
    sa.Column('count_metric', sa.String(length=50), nullable=True),
    sa.Column('count_low', sa.BigInteger(), nullable=True),
    sa.Column('count_best', sa.BigInteger(), nullable=True),
    sa.Column('count_high', sa.BigInteger(), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=30), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['place_key'], ['places.key'], name=op.f('fk_incidents_place_key_places')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incidents')),
    sa.UniqueConstraint('key', name=op.f('uq_incidents_key'))
    )
    with op.batch_alter_table('incidents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_incidents_place_key'), ['place_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_incidents_start_date'), ['start_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_incidents_type'), ['type'], unique=False)

    op.create_table('parentages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=False),
    sa.Column('relation', sa.String(length=30), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('start_precision', sa.String(length=10), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('end_precision', sa.String(length=10), nullable=True),
    sa.Column('confidence', sa.String(length=10), nullable=True),
    sa.ForeignKeyConstraint(['child_id'], ['actors.id'], name=op.f('fk_parentages_child_id_actors')),
    sa.ForeignKeyConstraint(['parent_id'], ['actors.id'], name=op.f('fk_parentages_parent_id_actors')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_parentages'))
    )
    with op.batch_alter_table('parentages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_parentages_child_id'), ['child_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_parentages_parent_id'), ['parent_id'], unique=False)

    op.create_table('persons',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('protected', sa.Boolean(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=True),
    sa.Column('name_latin', sa.String(length=300), nullable=True),
    sa.Column('father_name', sa.String(length=200), nullable=True),
    sa.Column('sealed', sa.LargeBinary(), nullable=True),
    sa.Column('sex', sa.String(length=1), nullable=True),
    sa.Column('age', sa.Integer(), nullable=True),
    sa.Column('birth_year', sa.Integer(), nullable=True),
    sa.Column('date_of_death', sa.Date(), nullable=True),
    sa.Column('date_of_arrest', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=30), nullable=True),
    sa.Column('place_key', sa.String(length=40), nullable=True),
    sa.Column('province_code', sa.String(length=10), nullable=True),
    sa.Column('link_run_id', sa.Integer(), nullable=True),
    sa.Column('flags', sa.JSON(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['link_run_id'], ['link_runs.id'], name=op.f('fk_persons_link_run_id_link_runs')),
    sa.ForeignKeyConstraint(['place_key'], ['places.key'], name=op.f('fk_persons_place_key_places')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_persons'))
    )
    with op.batch_alter_table('persons', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_persons_province_code'), ['province_code'], unique=False)

    op.create_table('posts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=200), nullable=True),
    sa.Column('rank', sa.String(length=100), nullable=True),
    sa.Column('title', sa.String(length=300), nullable=True),
    sa.Column('is_command', sa.Boolean(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('start_precision', sa.String(length=10), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('end_precision', sa.String(length=10), nullable=True),
    sa.Column('confidence', sa.String(length=10), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['actors.id'], name=op.f('fk_posts_person_id_actors')),
    sa.ForeignKeyConstraint(['unit_id'], ['actors.id'], name=op.f('fk_posts_unit_id_actors')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_posts'))
    )
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_posts_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_posts_unit_id'), ['unit_id'], unique=False)

    op.create_table('citations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subject_table', sa.String(length=40), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.String(length=100), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=True),
    sa.Column('quote', sa.Text(), nullable=True),
    sa.Column('locator', sa.String(length=100), nullable=True),
    sa.Column('confidence', sa.String(length=10), nullable=True),
    sa.ForeignKeyConstraint(['claim_id'], ['claims.id'], name=op.f('fk_citations_claim_id_claims')),
    sa.ForeignKeyConstraint(['source_id'], ['sources.id'], name=op.f('fk_citations_source_id_sources')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_citations'))
    )
    with op.batch_alter_table('citations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_citations_source_id'), ['source_id'], unique=False)
        batch_op.create_index('ix_citations_subject', ['subject_table', 'subject_id'], unique=False)

    op.create_table('evidence_acquisitions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evidence_id', sa.Integer(), nullable=False),
    sa.Column('acquired_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=100), nullable=True),
    sa.Column('original_name', sa.Text(), nullable=True),
    sa.Column('source_id', sa.String(length=100), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['evidence_id'], ['evidence.id'], name=op.f('fk_evidence_acquisitions_evidence_id_evidence')),
    sa.ForeignKeyConstraint(['source_id'], ['sources.id'], name=op.f('fk_evidence_acquisitions_source_id_sources')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence_acquisitions'))
    )
    with op.batch_alter_table('evidence_acquisitions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evidence_acquisitions_evidence_id'), ['evidence_id'], unique=False)

    op.create_table('evidence_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evidence_id', sa.Integer(), nullable=False),
    sa.Column('target_table', sa.String(length=20), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['evidence_id'], ['evidence.id'], name=op.f('fk_evidence_links_evidence_id_evidence')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence_links')),
    sa.UniqueConstraint('evidence_id', 'target_table', 'target_id', name=op.f('uq_evidence_links_evidence_id_target_table_target_id'))
    )
    with op.batch_alter_table('evidence_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evidence_links_evidence_id'), ['evidence_id'], unique=False)

    op.create_table('incident_actors',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('incident_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=False),
    sa.Column('involvement', sa.String(length=30), nullable=False),
    sa.Column('confidence', sa.String(length=10), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['actors.id'], name=op.f('fk_incident_actors_actor_id_actors')),
    sa.ForeignKeyConstraint(['incident_id'], ['incidents.id'], name=op.f('fk_incident_actors_incident_id_incidents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incident_actors'))
    )
    with op.batch_alter_table('incident_actors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_incident_actors_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_incident_actors_incident_id'), ['incident_id'], unique=False)

    op.create_table('incident_claims',
    sa.Column('incident_id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['claim_id'], ['claims.id'], name=op.f('fk_incident_claims_claim_id_claims')),
    sa.ForeignKeyConstraint(['incident_id'], ['incidents.id'], name=op.f('fk_incident_claims_incident_id_incidents')),
    sa.PrimaryKeyConstraint('incident_id', 'claim_id', name=op.f('pk_incident_claims'))
    )
    op.create_table('legal_classifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('incident_id', sa.Integer(), nullable=False),
    sa.Column('act_code', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('decided_by', sa.String(length=100), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['incident_id'], ['incidents.id'], name=op.f('fk_legal_classifications_incident_id_incidents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_legal_classifications')),
    sa.UniqueConstraint('incident_id', 'act_code', name=op.f('uq_legal_classifications_incident_id_act_code'))
    )
    with op.batch_alter_table('legal_classifications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_legal_classifications_incident_id'), ['incident_id'], unique=False)

    op.create_table('records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.String(length=100), nullable=False),
    sa.Column('source_record_id', sa.String(length=200), nullable=True),
    sa.Column('row_number', sa.Integer(), nullable=False),
    sa.Column('raw', sa.JSON(), nullable=True),
    sa.Column('row_sha256', sa.String(length=64), nullable=False),
    sa.Column('protected', sa.Boolean(), nullable=False),
    sa.Column('sealed', sa.LargeBinary(), nullable=True),
    sa.Column('name', sa.String(length=300), nullable=True),
    sa.Column('given_name', sa.String(length=200), nullable=True),
    sa.Column('family_name', sa.String(length=200), nullable=True),
    sa.Column('father_name', sa.String(length=200), nullable=True),
    sa.Column('name_index', sa.String(length=64), nullable=True),
    sa.Column('sex', sa.String(length=1), nullable=True),
    sa.Column('age', sa.Integer(), nullable=True),
    sa.Column('birth_year', sa.Integer(), nullable=True),
    sa.Column('date_of_death', sa.Date(), nullable=True),
    sa.Column('date_of_arrest', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=30), nullable=True),
    sa.Column('place_text', sa.String(length=300), nullable=True),
    sa.Column('place_key', sa.String(length=40), nullable=True),
    sa.Column('province_code', sa.String(length=10), nullable=True),
    sa.Column('extra', sa.JSON(), nullable=True),
    sa.Column('supersedes_id', sa.Integer(), nullable=True),
    sa.Column('superseded', sa.Boolean(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['import_id'], ['imports.id'], name=op.f('fk_records_import_id_imports')),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_records_person_id_persons')),
    sa.ForeignKeyConstraint(['place_key'], ['places.key'], name=op.f('fk_records_place_key_places')),
    sa.ForeignKeyConstraint(['source_id'], ['sources.id'], name=op.f('fk_records_source_id_sources')),
    sa.ForeignKeyConstraint(['supersedes_id'], ['records.id'], name=op.f('fk_records_supersedes_id_records')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_records'))
    )
    with op.batch_alter_table('records', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_records_import_id'), ['import_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_records_name_index'), ['name_index'], unique=False)
        batch_op.create_index(batch_op.f('ix_records_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_records_province_code'), ['province_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_records_source_id'), ['source_id'], unique=False)
        batch_op.create_index('ix_records_source_record', ['source_id', 'source_record_id'], unique=False)

    op.create_table('pair_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('record_a', sa.Integer(), nullable=False),
    sa.Column('record_b', sa.Integer(), nullable=False),
    sa.Column('decision', sa.String(length=10), nullable=False),
    sa.Column('reviewer', sa.String(length=100), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['record_a'], ['records.id'], name=op.f('fk_pair_reviews_record_a_records')),
    sa.ForeignKeyConstraint(['record_b'], ['records.id'], name=op.f('fk_pair_reviews_record_b_records')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pair_reviews')),
    sa.UniqueConstraint('record_a', 'record_b', name=op.f('uq_pair_reviews_record_a_record_b'))
    )
    with op.batch_alter_table('pair_reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pair_reviews_record_a'), ['record_a'], unique=False)
        batch_op.create_index(batch_op.f('ix_pair_reviews_record_b'), ['record_b'], unique=False)

    op.create_table('record_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('record_a', sa.Integer(), nullable=False),
    sa.Column('record_b', sa.Integer(), nullable=False),
    sa.Column('match_probability', sa.Float(), nullable=False),
    sa.Column('match_weight', sa.Float(), nullable=True),
    sa.Column('drivers', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['record_a'], ['records.id'], name=op.f('fk_record_links_record_a_records')),
    sa.ForeignKeyConstraint(['record_b'], ['records.id'], name=op.f('fk_record_links_record_b_records')),
    sa.ForeignKeyConstraint(['run_id'], ['link_runs.id'], name=op.f('fk_record_links_run_id_link_runs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_record_links'))
    )
    with op.batch_alter_table('record_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_record_links_record_a'), ['record_a'], unique=False)
        batch_op.create_index(batch_op.f('ix_record_links_record_b'), ['record_b'], unique=False)
        batch_op.create_index(batch_op.f('ix_record_links_run_id'), ['run_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('record_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_record_links_run_id'))
        batch_op.drop_index(batch_op.f('ix_record_links_record_b'))
        batch_op.drop_index(batch_op.f('ix_record_links_record_a'))

    op.drop_table('record_links')
    with op.batch_alter_table('pair_reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pair_reviews_record_b'))
        batch_op.drop_index(batch_op.f('ix_pair_reviews_record_a'))

    op.drop_table('pair_reviews')
    with op.batch_alter_table('records', schema=None) as batch_op:
        batch_op.drop_index('ix_records_source_record')
        batch_op.drop_index(batch_op.f('ix_records_source_id'))
        batch_op.drop_index(batch_op.f('ix_records_province_code'))
        batch_op.drop_index(batch_op.f('ix_records_person_id'))
        batch_op.drop_index(batch_op.f('ix_records_name_index'))
        batch_op.drop_index(batch_op.f('ix_records_import_id'))

    op.drop_table('records')
    with op.batch_alter_table('legal_classifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_legal_classifications_incident_id'))

    op.drop_table('legal_classifications')
    op.drop_table('incident_claims')
    with op.batch_alter_table('incident_actors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_incident_actors_incident_id'))
        batch_op.drop_index(batch_op.f('ix_incident_actors_actor_id'))

    op.drop_table('incident_actors')
    with op.batch_alter_table('evidence_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evidence_links_evidence_id'))

    op.drop_table('evidence_links')
    with op.batch_alter_table('evidence_acquisitions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evidence_acquisitions_evidence_id'))

    op.drop_table('evidence_acquisitions')
    with op.batch_alter_table('citations', schema=None) as batch_op:
        batch_op.drop_index('ix_citations_subject')
        batch_op.drop_index(batch_op.f('ix_citations_source_id'))

    op.drop_table('citations')
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_posts_unit_id'))
        batch_op.drop_index(batch_op.f('ix_posts_person_id'))

    op.drop_table('posts')
    with op.batch_alter_table('persons', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_persons_province_code'))

    op.drop_table('persons')
    with op.batch_alter_table('parentages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_parentages_parent_id'))
        batch_op.drop_index(batch_op.f('ix_parentages_child_id'))

    op.drop_table('parentages')
    with op.batch_alter_table('incidents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_incidents_type'))
        batch_op.drop_index(batch_op.f('ix_incidents_start_date'))
        batch_op.drop_index(batch_op.f('ix_incidents_place_key'))

    op.drop_table('incidents')
    with op.batch_alter_table('imports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_imports_source_id'))

    op.drop_table('imports')
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evidence_phash'))

    op.drop_table('evidence')
    with op.batch_alter_table('deployments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deployments_unit_id'))
        batch_op.drop_index(batch_op.f('ix_deployments_place_key'))

    op.drop_table('deployments')
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claims_status'))
        batch_op.drop_index(batch_op.f('ix_claims_source_id'))
        batch_op.drop_index(batch_op.f('ix_claims_place_key'))
        batch_op.drop_index(batch_op.f('ix_claims_metric'))
        batch_op.drop_index(batch_op.f('ix_claims_as_of'))

    op.drop_table('claims')
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_tokens_user_id'))

    op.drop_table('api_tokens')
    op.drop_table('users')
    op.drop_table('sources')
    with op.batch_alter_table('places', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_places_province_code'))
        batch_op.drop_index(batch_op.f('ix_places_kind'))
        batch_op.drop_index(batch_op.f('ix_places_iso_code'))

    op.drop_table('places')
    op.drop_table('link_runs')
    op.drop_table('estimate_runs')
    with op.batch_alter_table('custody_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_custody_events_object_sha256'))

    op.drop_table('custody_events')
    op.drop_table('case_settings')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_at'))

    op.drop_table('audit_log')
    with op.batch_alter_table('actors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_actors_kind'))

    op.drop_table('actors')
