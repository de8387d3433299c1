"""copies made before copies remembered their origin are found and remember it

Revision ID: d4c9e2a7b1f3
Revises: a7c3e9d1f5b4
Create Date: 2026-12-07 18:10:00

A data migration (issue 25): packs copied before c5e7a2f19d84 have no copied_from_id, so they
escaped the withholding of their origin's answers. Each one whose article and questions are
exactly those of an older pack gets that pack as its origin (quizapp.copies.find_copies, which
`flask questions find-copies` runs too). The downgrade keeps the origins found: the column is
c5e7a2f19d84's, and a found origin is as true after a downgrade as before.
"""

from alembic import op

from quizapp.copies import find_copies


revision = "d4c9e2a7b1f3"
down_revision = "a7c3e9d1f5b4"
branch_labels = None
depends_on = None


def upgrade():
    find_copies(op.get_bind(), fill=True)


def downgrade():
    pass
