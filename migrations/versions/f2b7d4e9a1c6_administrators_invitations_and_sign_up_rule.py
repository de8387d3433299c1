"""administrators, invitations and the school's sign-up rule

Revision ID: f2b7d4e9a1c6
Revises: e5a1c7f3b9d2
Create Date: 2026-12-07 17:30:00

Teacher accounts get an administrator flag and a status; teachers from before are active and
not administrators, so they sign in as before. The school's settings row holds how teachers get
an account (by invitation unless an administrator chooses otherwise); invitations keep only
their token's SHA-256.
"""

from alembic import op
import sqlalchemy as sa


revision = "f2b7d4e9a1c6"
down_revision = "e5a1c7f3b9d2"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("instructor", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("is_administrator", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(
            sa.Column("status", sa.String(length=20), server_default="active", nullable=False)
        )
    op.create_table(
        "school_setting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("teacher_sign_up", sa.String(length=20), nullable=False),
        sa.Column("sign_up_domains", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "invitation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("locale", sa.String(length=16), nullable=True),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("invited_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["invited_by_id"], ["instructor.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("invitation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_invitation_invited_by_id"), ["invited_by_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("invitation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_invitation_invited_by_id"))
    op.drop_table("invitation")
    op.drop_table("school_setting")
    with op.batch_alter_table("instructor", schema=None) as batch_op:
        batch_op.drop_column("status")
        batch_op.drop_column("is_administrator")
