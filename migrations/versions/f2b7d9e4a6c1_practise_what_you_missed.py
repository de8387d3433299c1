"""practise what you missed: review attempts, review items, the class switch

Revision ID: f2b7d9e4a6c1
Revises: d4c9e2a7b1f3
Create Date: 2026-12-07 17:45:00

A practice attempt of missed questions names the graded attempt it reviews; each question a
learner missed in a graded attempt comes back for spaced review (review_item); a teacher may
switch both off per class (classroom.review_enabled, on for every class that exists).
"""

from alembic import op
import sqlalchemy as sa


revision = "f2b7d9e4a6c1"
down_revision = "d4c9e2a7b1f3"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("classroom", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("review_enabled", sa.Boolean(), nullable=False, server_default=sa.true())
        )
    with op.batch_alter_table("attempt", schema=None) as batch_op:
        batch_op.add_column(sa.Column("review_of_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_attempt_review_of_id"), ["review_of_id"], unique=False)
        batch_op.create_foreign_key(
            "fk_attempt_review_of_id_attempt", "attempt", ["review_of_id"], ["id"],
            ondelete="SET NULL",
        )
    op.create_table(
        "review_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("pack_version_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(length=100), nullable=False),
        sa.Column("missed_in_id", sa.Integer(), nullable=False),
        sa.Column("missed_at", sa.DateTime(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("reviews", sa.Integer(), nullable=False),
        sa.Column("right_count", sa.Integer(), nullable=False),
        sa.Column("last_right", sa.Boolean(), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["learner_id"], ["learner.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["missed_in_id"], ["attempt.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["pack_version_id"], ["pack_version.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("learner_id", "pack_version_id", "question_id", name="uq_review_item"),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("review_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_review_item_learner_id"), ["learner_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_review_item_missed_in_id"), ["missed_in_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_review_item_pack_version_id"), ["pack_version_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("review_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_item_pack_version_id"))
        batch_op.drop_index(batch_op.f("ix_review_item_missed_in_id"))
        batch_op.drop_index(batch_op.f("ix_review_item_learner_id"))
    op.drop_table("review_item")
    with op.batch_alter_table("attempt", schema=None) as batch_op:
        batch_op.drop_constraint("fk_attempt_review_of_id_attempt", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_attempt_review_of_id"))
        batch_op.drop_column("review_of_id")
    with op.batch_alter_table("classroom", schema=None) as batch_op:
        batch_op.drop_column("review_enabled")
