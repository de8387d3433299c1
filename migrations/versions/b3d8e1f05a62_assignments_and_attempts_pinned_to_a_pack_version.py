"""assignments and attempts pinned to the pack version they were given or started on

Revision ID: b3d8e1f05a62
Revises: 7c1e5a9b2d40
Create Date: 2026-12-01 12:40:00

Existing rows are pinned to the newest version of their pack, the one they were reading. A row
whose pack is not in the database yet stays unpinned until the pack is imported; its first
version then pins it (packs.import_pack).
"""

from alembic import op
import sqlalchemy as sa


revision = "b3d8e1f05a62"
down_revision = "7c1e5a9b2d40"
branch_labels = None
depends_on = None

TABLES = ("assignment", "attempt")

# The newest version of the row's pack: works alike on SQLite and PostgreSQL.
BACKFILL = """
UPDATE {table} SET pack_version_id = (
    SELECT pack_version.id FROM pack_version JOIN pack ON pack.id = pack_version.pack_id
    WHERE pack.slug = {table}.pack_id
    ORDER BY pack_version.number DESC LIMIT 1
)
WHERE pack_version_id IS NULL
"""


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("pack_version_id", sa.Integer(), nullable=True))
            batch_op.create_index(
                batch_op.f(f"ix_{table}_pack_version_id"), ["pack_version_id"], unique=False
            )
            batch_op.create_foreign_key(
                f"fk_{table}_pack_version_id_pack_version",
                "pack_version",
                ["pack_version_id"],
                ["id"],
                ondelete="SET NULL",
            )
        op.execute(BACKFILL.format(table=table))


def downgrade():
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(f"fk_{table}_pack_version_id_pack_version", type_="foreignkey")
            batch_op.drop_index(batch_op.f(f"ix_{table}_pack_version_id"))
            batch_op.drop_column("pack_version_id")
