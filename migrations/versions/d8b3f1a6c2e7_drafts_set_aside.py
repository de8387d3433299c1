"""the suggested drafts a pack's teacher added or dismissed

Revision ID: d8b3f1a6c2e7
Revises: f2b7d9e4a6c1
Create Date: 2026-12-07 18:15:00

A pack remembers which suggested drafts its teacher added to the quiz or dismissed (by a key
digested from each draft's type, quotes and answer), so they leave the list for good.
"""

from alembic import op
import sqlalchemy as sa


revision = "d8b3f1a6c2e7"
down_revision = "f2b7d9e4a6c1"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("pack", schema=None) as batch_op:
        batch_op.add_column(sa.Column("drafts_set_aside", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("pack", schema=None) as batch_op:
        batch_op.drop_column("drafts_set_aside")
