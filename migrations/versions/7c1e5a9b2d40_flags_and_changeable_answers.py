"""flags and changeable answers in the deferred feedback modes; archived classes and assignments

Revision ID: 7c1e5a9b2d40
Revises: a10f0c3e5b21
Create Date: 2026-12-01 09:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7c1e5a9b2d40'
down_revision = 'a10f0c3e5b21'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('archived_at', sa.DateTime(), nullable=True))
    with op.batch_alter_table('classroom', schema=None) as batch_op:
        batch_op.add_column(sa.Column('archived_at', sa.DateTime(), nullable=True))
    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.add_column(sa.Column('flagged', sa.JSON(), nullable=True))
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.add_column(sa.Column('form', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('changed_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.drop_column('changed_at')
        batch_op.drop_column('form')
    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.drop_column('flagged')
    with op.batch_alter_table('classroom', schema=None) as batch_op:
        batch_op.drop_column('archived_at')
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.drop_column('archived_at')
