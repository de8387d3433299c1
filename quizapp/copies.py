"""Finding the copies made before copies remembered their origin (issue 25): a copy holds its
origin's answers, so a pack without `copied_from_id` whose article and questions are exactly those
of an older pack (of the library or a teacher) gets that pack as its origin and is withheld with
it. The upgrade (migration d4c9e2a7b1f3) and `flask questions find-copies` both run find_copies;
it reads the two tables with SQLAlchemy Core, so the migration does not lean on today's models.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from .packs import content_digest

PACK = sa.table(
    "pack",
    sa.column("id", sa.Integer),
    sa.column("slug", sa.String),
    sa.column("owner_id", sa.Integer),
    sa.column("copied_from_id", sa.Integer),
    sa.column("draft", sa.JSON),
    sa.column("created_at", sa.DateTime),
    sa.column("updated_at", sa.DateTime),
)
PACK_VERSION = sa.table(
    "pack_version",
    sa.column("pack_id", sa.Integer),
    sa.column("content", sa.JSON),
    sa.column("published_at", sa.DateTime),
)


def fingerprint(content: dict[str, Any]) -> str | None:
    """What a copy keeps of its origin's content, as one digest: the article (metadata and
    paragraphs) and every question with its id, text and answers, in any order. The pack id and
    its title are left out (a copy gets a new id, and its teacher may rename it). None for a
    pack without an article or without questions: it holds no answers to withhold."""
    source, questions = content.get("source"), content.get("questions")
    if not source or not questions:
        return None
    return content_digest(
        {"source": source, "questions": sorted(content_digest(q) for q in questions)}
    )


@dataclass
class StoredContent:
    """A pack as the matching sees it: who owns it, when it was made, whether its origin is
    known, and the fingerprints of its states (its draft and each version) with the time each
    state existed from."""

    id: int
    slug: str
    owner_id: int | None
    created_at: dt.datetime
    copied_from_id: int | None
    states: list[tuple[str, dt.datetime]]


@dataclass(frozen=True)
class FoundCopy:
    """A pack found to be a copy of `origin_slug` (ids and slugs, for the report)."""

    copy_id: int
    copy_slug: str
    origin_id: int
    origin_slug: str


def direct_origins(packs: list[StoredContent]) -> list[FoundCopy]:
    """Each teacher's pack without a known origin that holds, in any of its states, exactly the
    content an older pack (the library's, or a teacher's) held when the copy was made (a version published
    before, or its draft as last saved before): the newest such pack is its direct origin, so a
    copy of a copy points to the copy it was made from. A pack never matches itself or a pack
    made after it, so no chain of origins loops."""
    holders: dict[str, list[tuple[dt.datetime, StoredContent]]] = defaultdict(list)
    for pack in packs:
        for digest, since in pack.states:
            holders[digest].append((since, pack))
    found = []
    for pack in packs:
        if pack.owner_id is None or pack.copied_from_id is not None:
            continue
        origins = {
            other.id: other
            for digest, _since in pack.states
            for since, other in holders[digest]
            if other.id != pack.id
            and other.created_at < pack.created_at
            and since <= pack.created_at
        }
        if origins:
            origin = max(origins.values(), key=lambda other: (other.created_at, other.id))
            found.append(FoundCopy(pack.id, pack.slug, origin.id, origin.slug))
    return found


def _stored_contents(connection: Connection) -> list[StoredContent]:
    packs = {}
    for row in connection.execute(sa.select(PACK)):
        digest = fingerprint(row.draft or {})
        states = [] if digest is None else [(digest, row.updated_at)]
        packs[row.id] = StoredContent(
            row.id, row.slug, row.owner_id, row.created_at, row.copied_from_id, states
        )
    for row in connection.execute(sa.select(PACK_VERSION)):
        digest = fingerprint(row.content or {})
        if digest is not None and row.pack_id in packs:
            packs[row.pack_id].states.append((digest, row.published_at))
    return list(packs.values())


def find_copies(connection: Connection, fill: bool = True) -> list[FoundCopy]:
    """The copies whose origin the database does not know yet (direct_origins), their origin
    filled in unless `fill` is False. The caller commits."""
    found = direct_origins(_stored_contents(connection))
    if fill:
        for copy in found:
            connection.execute(
                sa.update(PACK)
                .where(PACK.c.id == copy.copy_id, PACK.c.copied_from_id.is_(None))
                .values(copied_from_id=copy.origin_id)
            )
    return found
