"""The upgrade finds the copies made before copies remembered their origin (issue 25): the
previous release's pack rows, written with plain SQL as it left them, get their origin.

Runs on SQLite, and on PostgreSQL in the suite's TEST_DATABASE_URL run."""

import copy
import datetime as dt

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import text
from test_migrations import drop_alembic_version
from test_migrations_upgrade import insert

from quizapp.extensions import db
from quizapp.packs import pack_data

BEFORE_FOUND_COPIES = "a7c3e9d1f5b4"
STARTED = dt.datetime(2026, 9, 1, 8, 0, 0)


def _teacher(email: str) -> int:
    return insert(
        "INSERT INTO instructor (email, password_hash, session_token, created_at)"
        " VALUES (:email, 'x', :email, :at) RETURNING id",
        email=email,
        at=STARTED,
    )


def _pack(slug: str, owner: int | None, content: dict, hours: int, published: bool) -> int:
    """A pack row made `hours` after the library's, without an origin, and its version."""
    at = STARTED + dt.timedelta(hours=hours)
    content = {**content, "id": slug}
    pack_id = insert(
        "INSERT INTO pack (slug, owner_id, in_library, draft, revision, created_at, updated_at)"
        " VALUES (:slug, :owner, :shared, :draft, 1, :at, :at) RETURNING id",
        json=("draft",),
        slug=slug,
        owner=owner,
        shared=published,
        draft=content,
        at=at,
    )
    if published:
        insert(
            "INSERT INTO pack_version (pack_id, number, content, digest, published_at)"
            " VALUES (:pack, 1, :content, :digest, :at) RETURNING id",
            json=("content",),
            pack=pack_id,
            content=content,
            digest=slug[:1] * 64,
            at=at + dt.timedelta(minutes=5),
        )
    return pack_id


def test_copies_of_the_previous_release_get_their_origin_on_upgrade(app, seed_pack):
    content = pack_data(seed_pack)
    own_questions = copy.deepcopy(content)
    own_questions["questions"][0]["explanation"] = {"en": "My own explanation."}
    with app.app_context():
        db.drop_all()
        drop_alembic_version()
        upgrade(revision=BEFORE_FOUND_COPIES)
        first, second = _teacher("t@example.org"), _teacher("u@example.org")
        library = _pack(seed_pack.id, None, content, 0, published=True)
        copied = _pack(f"{seed_pack.id}-copy", first, content, 1, published=True)
        copy_of_copy = _pack(f"{seed_pack.id}-copy-copy", second, content, 2, published=False)
        unrelated = _pack("same-headline", second, own_questions, 3, published=True)
        db.session.commit()

        upgrade()

        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, db.metadata) == []
        origins = dict(db.session.execute(text("SELECT id, copied_from_id FROM pack")).all())
        assert origins == {
            library: None,
            copied: library,
            copy_of_copy: copied,
            unrelated: None,
        }
