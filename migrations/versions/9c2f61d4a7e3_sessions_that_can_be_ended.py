"""sessions that can be ended, ids never reused

Every account gets a session token (its cookies carry it; replacing it ends them all), each
signed-in browser a sign_in row, and on SQLite every table becomes AUTOINCREMENT so that a
deleted row's id is never given to a new one (PostgreSQL's sequences never go back anyway).

Revision ID: 9c2f61d4a7e3
Revises: 33da463ab557
Create Date: 2026-12-01 09:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9c2f61d4a7e3'
down_revision = '33da463ab557'
branch_labels = None
depends_on = None

TABLES = ('instructor', 'sign_in_failure', 'classroom', 'learner', 'assignment', 'attempt', 'response')


def _random_token():
    if op.get_bind().dialect.name == 'postgresql':
        return "md5(random()::text || clock_timestamp()::text || id::text)"
    return "lower(hex(randomblob(24)))"


def upgrade():
    for table in ('instructor', 'learner'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('session_token', sa.String(length=64), nullable=True))
        # Each existing account its own secret: the cookies issued before this release name
        # no token, so they sign nobody in any more.
        op.execute(f"UPDATE {table} SET session_token = {_random_token()}")
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column('session_token', existing_type=sa.String(length=64), nullable=False)

    op.create_table('sign_in',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('instructor_id', sa.Integer(), nullable=True),
    sa.Column('learner_id', sa.Integer(), nullable=True),
    sa.Column('secret_hash', sa.String(length=64), nullable=False),
    sa.Column('origin', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['instructor_id'], ['instructor.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['learner_id'], ['learner.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sqlite_autoincrement=True,
    )
    with op.batch_alter_table('sign_in', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sign_in_instructor_id'), ['instructor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sign_in_learner_id'), ['learner_id'], unique=False)

    if op.get_bind().dialect.name == 'sqlite':
        for table in TABLES:
            with op.batch_alter_table(
                table, recreate='always', table_kwargs={'sqlite_autoincrement': True}
            ):
                pass


def downgrade():
    with op.batch_alter_table('sign_in', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sign_in_learner_id'))
        batch_op.drop_index(batch_op.f('ix_sign_in_instructor_id'))
    op.drop_table('sign_in')
    for table in ('learner', 'instructor'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('session_token')
