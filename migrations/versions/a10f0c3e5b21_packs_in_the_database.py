"""packs in the database: drafts and immutable published versions

Revision ID: a10f0c3e5b21
Revises: 9c2f61d4a7e3
Create Date: 2026-12-01 10:00:00

Existing attempts and assignments keep their pack_id (the pack's slug); the packs folder is
imported into these tables by `flask questions import questions/` (which `make run` does).
"""
from alembic import op
import sqlalchemy as sa


revision = 'a10f0c3e5b21'
down_revision = '9c2f61d4a7e3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'pack',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('slug', sa.String(length=100), nullable=False),
        sa.Column('owner_id', sa.Integer(), nullable=True),
        sa.Column('in_library', sa.Boolean(), nullable=False),
        sa.Column('draft', sa.JSON(), nullable=False),
        sa.Column('revision', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['owner_id'], ['instructor.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('slug'),
    )
    with op.batch_alter_table('pack', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pack_owner_id'), ['owner_id'], unique=False)

    op.create_table(
        'pack_version',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('pack_id', sa.Integer(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('content', sa.JSON(), nullable=False),
        sa.Column('digest', sa.String(length=64), nullable=False),
        sa.Column('published_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['pack_id'], ['pack.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('pack_id', 'number', name='uq_pack_version_number'),
    )
    with op.batch_alter_table('pack_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pack_version_pack_id'), ['pack_id'], unique=False)


def downgrade():
    with op.batch_alter_table('pack_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pack_version_pack_id'))
    op.drop_table('pack_version')
    with op.batch_alter_table('pack', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pack_owner_id'))
    op.drop_table('pack')
