"""the language each answer was seen in

Revision ID: e5a1c7f3b9d2
Revises: c5e7a2f19d84
Create Date: 2026-12-07 15:30:00

A response keeps the language of the page it was answered on, so the teacher's exports describe
it as the learner saw it. Rows from before stay empty: exports take their learner's language.
"""

from alembic import op
import sqlalchemy as sa


revision = "e5a1c7f3b9d2"
down_revision = "c5e7a2f19d84"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("response", schema=None) as batch_op:
        batch_op.add_column(sa.Column("locale", sa.String(length=16), nullable=True))


def downgrade():
    with op.batch_alter_table("response", schema=None) as batch_op:
        batch_op.drop_column("locale")
