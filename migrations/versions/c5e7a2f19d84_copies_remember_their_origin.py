"""copies remember the pack they were copied from

Revision ID: c5e7a2f19d84
Revises: b3d8e1f05a62
Create Date: 2026-12-07 15:40:00

A copy holds its origin's answers, so it is withheld while its origin is (issue 25). Copies made
before this revision are not known as copies: their column stays empty.
"""

from alembic import op
import sqlalchemy as sa


revision = "c5e7a2f19d84"
down_revision = "b3d8e1f05a62"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("pack", schema=None) as batch_op:
        batch_op.add_column(sa.Column("copied_from_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_pack_copied_from_id"), ["copied_from_id"], unique=False)
        batch_op.create_foreign_key(
            "fk_pack_copied_from_id_pack", "pack", ["copied_from_id"], ["id"], ondelete="SET NULL"
        )


def downgrade():
    with op.batch_alter_table("pack", schema=None) as batch_op:
        batch_op.drop_constraint("fk_pack_copied_from_id_pack", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_pack_copied_from_id"))
        batch_op.drop_column("copied_from_id")
