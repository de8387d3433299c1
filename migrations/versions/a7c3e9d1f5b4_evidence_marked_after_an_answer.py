"""evidence marked after an answer

Revision ID: a7c3e9d1f5b4
Revises: f2b7d4e9a1c6
Create Date: 2026-12-07 17:45:00

An assignment may ask learners to mark the sentence of the article that proves each answer,
worth a share of the question's points; a response keeps the sentence marked, the language of
the text it was marked in, and whether it proves the answer.
"""

from alembic import op
import sqlalchemy as sa


revision = "a7c3e9d1f5b4"
down_revision = "f2b7d4e9a1c6"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("evidence_share", sa.Double(), nullable=False, server_default="0")
        )
    with op.batch_alter_table("response", schema=None) as batch_op:
        batch_op.add_column(sa.Column("evidence_sentence", sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column("evidence_language", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("evidence_correct", sa.Boolean(), nullable=True))


def downgrade():
    with op.batch_alter_table("response", schema=None) as batch_op:
        batch_op.drop_column("evidence_correct")
        batch_op.drop_column("evidence_language")
        batch_op.drop_column("evidence_sentence")
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.drop_column("evidence_share")
