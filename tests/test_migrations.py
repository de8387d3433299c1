"""The migrations create the schema the models describe, from an empty database."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from quizapp.extensions import db


def drop_alembic_version() -> None:
    """Forget any earlier upgrade: db.drop_all() keeps Alembic's table, and PostgreSQL keeps the
    test database from one run to the next."""
    db.session.execute(text("DROP TABLE IF EXISTS alembic_version"))
    db.session.commit()


def test_upgrade_builds_the_models_schema_and_downgrade_removes_it(app):
    with app.app_context():
        db.drop_all()
        drop_alembic_version()
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, db.metadata) == []
        downgrade(revision="base")
        assert set(db.inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()
        assert {"learner", "attempt", "response"} <= set(db.inspect(db.engine).get_table_names())
