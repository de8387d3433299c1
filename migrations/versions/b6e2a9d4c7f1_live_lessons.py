"""live lessons: the lesson's state, the learners in it and their votes

Revision ID: b6e2a9d4c7f1
Revises: d8b3f1a6c2e7
Create Date: 2026-12-07 20:45:00

A live lesson is a teacher-paced run of an assignment (live_lesson: phase, current question,
round, revision); each learner in it has a seat with their ordinary attempt (live_seat), and each
answer per question and round is a vote (live_vote), so the first vote is kept beside the final.
"""

from alembic import op
import sqlalchemy as sa


revision = "b6e2a9d4c7f1"
down_revision = "d8b3f1a6c2e7"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "live_lesson",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.Column("instructor_id", sa.Integer(), nullable=False),
        sa.Column("phase", sa.String(length=20), nullable=False),
        sa.Column("question_order", sa.JSON(), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(length=100), nullable=True),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("speed_bonus", sa.Boolean(), nullable=False),
        sa.Column("leaderboard", sa.Boolean(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=True),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["assignment_id"], ["assignment.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["instructor_id"], ["instructor.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("live_lesson", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_live_lesson_assignment_id"), ["assignment_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_live_lesson_instructor_id"), ["instructor_id"], unique=False
        )
        batch_op.create_index(
            "uq_live_lesson_running",
            ["assignment_id"],
            unique=True,
            sqlite_where=sa.text("ended_at IS NULL"),
            postgresql_where=sa.text("ended_at IS NULL"),
        )
    op.create_table(
        "live_seat",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lesson_id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("attempt_id", sa.Integer(), nullable=False),
        sa.Column("joined_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["attempt_id"], ["attempt.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["learner_id"], ["learner.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["lesson_id"], ["live_lesson.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("attempt_id"),
        sa.UniqueConstraint("lesson_id", "learner_id", name="uq_live_seat_learner"),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("live_seat", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_live_seat_learner_id"), ["learner_id"], unique=False)
    op.create_table(
        "live_vote",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lesson_id", sa.Integer(), nullable=False),
        sa.Column("attempt_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(length=100), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("answer", sa.JSON(), nullable=False),
        sa.Column("given", sa.Text(), nullable=False),
        sa.Column("fraction", sa.Double(), nullable=False),
        sa.Column("points", sa.Double(), nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=False),
        sa.Column("seconds", sa.Double(), nullable=False),
        sa.ForeignKeyConstraint(["attempt_id"], ["attempt.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["lesson_id"], ["live_lesson.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("lesson_id", "attempt_id", "question_id", "round", name="uq_live_vote"),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("live_vote", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_live_vote_attempt_id"), ["attempt_id"], unique=False)


def downgrade():
    with op.batch_alter_table("live_vote", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_live_vote_attempt_id"))
    op.drop_table("live_vote")
    with op.batch_alter_table("live_seat", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_live_seat_learner_id"))
    op.drop_table("live_seat")
    with op.batch_alter_table("live_lesson", schema=None) as batch_op:
        batch_op.drop_index("uq_live_lesson_running")
        batch_op.drop_index(batch_op.f("ix_live_lesson_instructor_id"))
        batch_op.drop_index(batch_op.f("ix_live_lesson_assignment_id"))
    op.drop_table("live_lesson")
