"""Packs in the database: importing, drafts, publishing versions, and serving the newest version.

Every app server on the database sees the same packs at once: which version of each pack is the
newest is one small query per request, and a version, being immutable, is parsed once per process
and kept by its content digest.
"""

import datetime as dt
import hashlib
import json
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from flask import current_app, g, has_request_context
from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased

from .bank import Pack, pack_to_dict
from .bank.loader import needing_attention, read_pack_data, without_derived_answers
from .behaviours import BEHAVIOURS
from .caches import cache_value, cached_value
from .extensions import db
from .models import Assignment, Attempt, Instructor, Learner, PackVersion, StoredPack, utcnow
from .terminal import messages_in

# Cache: a version is immutable and named by its digest; reading its JSON into a Pack on every
# request would cost more than the whole baseline page (docs/architecture.md, "Caches").
_PARSED: "OrderedDict[str, Pack]" = OrderedDict()  # content digest -> pack, newest use last
_PARSED_LIMIT = 256
# Cache: one SELECT per request saved (bench --profile, 2026-12-01); versions never change.
_DIGESTS_LIMIT = 4096  # version ids whose digest an app keeps (see _version_digest)


class UnreadableVersion(ValueError):
    """A pack's data the app's own reader refuses: it is never stored as a version (it would be
    served to no one). `problems` are the reader's (field, message) pairs."""

    def __init__(self, slug: str, problems: list[tuple[str, str]]):
        self.slug = slug
        self.problems = problems
        # "questions.0.scale: unknown key 'scale' ...; ...": what `questions list` shows
        self.reasons = "; ".join(f"{name}: {text}" if name else text for name, text in problems)
        super().__init__(f"{slug}: {self.reasons}")


def readable_version(slug: str, data: dict[str, Any]) -> Pack:
    """The pack a version with `data` would serve, read as a stored version is read (from its
    JSON); raises UnreadableVersion with the reader's problems when it cannot be read."""
    try:
        stored = json.loads(json.dumps(data, allow_nan=False))
    except (TypeError, ValueError) as error:
        raise UnreadableVersion(slug, [("", str(error))]) from error
    pack, problems, _missing = read_pack_data(stored)
    if pack is None or problems:
        raise UnreadableVersion(slug, list(problems) or [("", "the pack cannot be read")])
    return pack


class DraftConflict(Exception):
    """The draft was saved by someone else since the page was opened; `stored` holds theirs."""

    def __init__(self, stored: StoredPack):
        super().__init__(stored.slug)
        self.stored = stored


def pack_data(pack: Pack) -> dict[str, Any]:
    """A pack as stored: the JSON export's shape, without the answers it derives."""
    return without_derived_answers(pack_to_dict(pack))


def content_digest(data: dict[str, Any]) -> str:
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _remember(digest: str, pack: Pack) -> Pack:
    return cache_value(_PARSED, digest, pack, _PARSED_LIMIT)


def parsed_version(version_id: int, digest: str) -> Pack | None:
    """The pack a published version holds, parsed once per process."""
    cached = cached_value(_PARSED, digest)
    if cached is not None:
        return cached
    content = db.session.scalar(select(PackVersion.content).where(PackVersion.id == version_id))
    if content is None:
        return None
    pack, problems, _missing = read_pack_data(content)
    return _remember(digest, pack) if pack is not None and not problems else None


def _newest_versions_query():
    other = aliased(PackVersion)
    newest = (
        select(func.max(other.number))
        .where(other.stored_pack_id == PackVersion.stored_pack_id)
        .correlate(PackVersion)
        .scalar_subquery()
    )
    return (
        select(StoredPack.slug, PackVersion.id, PackVersion.digest)
        .join(PackVersion, PackVersion.stored_pack_id == StoredPack.id)
        .where(PackVersion.number == newest)
        .order_by(StoredPack.slug)
    )


# Built once: making the alias and its subquery cost more than running the query (a third of the
# learner's start page).
_NEWEST_VERSIONS = _newest_versions_query()


def _newest_versions(*conditions) -> list[tuple[str, int, str]]:
    """(slug, version id, digest) of the newest version of each pack matching `conditions`."""
    return [tuple(row) for row in db.session.execute(_NEWEST_VERSIONS.where(*conditions))]


def _packs(rows: list[tuple[str, int, str]]) -> dict[str, Pack]:
    packs = {}
    for slug, version_id, digest in rows:
        pack = parsed_version(version_id, digest)
        if pack is not None:
            packs[slug] = pack
    return packs


LIBRARY = or_(StoredPack.owner_id.is_(None), StoredPack.in_library.is_(True))


def library_packs() -> dict[str, Pack]:
    """The published packs of the school's library (imported ones and those teachers shared)."""
    _import_start_folder()
    return _packs(_newest_versions(LIBRARY))


def packs_for(instructor_id: int) -> dict[str, Pack]:
    """The published packs a teacher may assign: the library's and their own."""
    _import_start_folder()
    return _packs(_newest_versions(or_(LIBRARY, StoredPack.owner_id == instructor_id)))


def published_pack(slug: str) -> Pack | None:
    """The newest published version of a pack, whoever owns it (assignments name it).

    Within one request the answer is kept: a page that lists attempts asks once per pack."""
    memo = g.setdefault("quizapp_published", {}) if has_request_context() else {}
    if slug not in memo:
        memo[slug] = _published_pack(slug)
    return memo[slug]


def _published_pack(slug: str) -> Pack | None:
    _import_start_folder()
    found = _packs(_newest_versions(StoredPack.slug == slug))
    if slug not in found and slug in _start_folder():
        _import_start_folder(force=True)
        found = _packs(_newest_versions(StoredPack.slug == slug))
    return found.get(slug)


def newest_version_id(slug: str) -> int | None:
    """The id of the newest published version of a pack (what a new assignment is pinned to)."""
    _import_start_folder()
    rows = _newest_versions(StoredPack.slug == slug)
    return rows[0][1] if rows else None


def version_pack(version_id: int) -> Pack | None:
    """The pack one published version holds; kept for the request, as published_pack does."""
    memo = g.setdefault("quizapp_versions", {}) if has_request_context() else {}
    if version_id not in memo:
        digest = _version_digest(version_id)
        memo[version_id] = parsed_version(version_id, digest) if digest is not None else None
    return memo[version_id]


def _version_digest(version_id: int) -> str | None:
    """The content digest of a version, asked of the app's database once per process: a version
    never changes and its id is never given to another (a deleted pack's rows point to none)."""
    known = current_app.extensions.setdefault("quizapp.version_digests", OrderedDict())
    digest = cached_value(known, version_id)
    if digest is None:
        digest = db.session.scalar(select(PackVersion.digest).where(PackVersion.id == version_id))
        if digest is not None:
            cache_value(known, version_id, digest, _DIGESTS_LIMIT)
    return digest


def pinned_pack(pinned: Assignment | Attempt) -> Pack | None:
    """The pack an assignment was given or an attempt started on: its pinned version, never a
    newer one, so that publishing an edit changes no running quiz and no finished result.

    A row from before versions whose pack was not in the database yet has no version; it reads
    the newest (and is pinned to the first version when its pack comes in, see import_pack)."""
    if pinned.pack_version_id is not None:
        return version_pack(pinned.pack_version_id)
    return published_pack(pinned.pack_slug)


def learners_pinned_pack(learner: Learner, slug: str) -> Pack | None:
    """Pack `slug` as the learner meets it: the version of their latest attempt at it, else of
    their class's latest assignment of it; None when they have neither. Never a newer one, so
    the article a learner reads is the one their questions quote."""
    attempts = [a for a in learner.attempts if a.pack_slug == slug]
    assigned = learner.classroom.assignments if learner.classroom is not None else []
    assignments = [a for a in assigned if a.pack_slug == slug]
    pinned = max(attempts or assignments, key=lambda row: row.id, default=None)
    return pinned_pack(pinned) if pinned is not None else None


def library_pack(slug: str) -> Pack | None:
    """A published pack anyone may read and practise, or None."""
    _import_start_folder()
    return _packs(_newest_versions(StoredPack.slug == slug, LIBRARY)).get(slug)


# -- withheld answers --------------------------------------------------------------------------


def pack_family(slug: str) -> set[str]:
    """The slugs of every pack holding the same answers as pack `slug`: its origin (followed up
    through copies of copies), that origin's copies and theirs, and the pack itself."""
    stored = db.session.scalar(select(StoredPack).filter_by(slug=slug))
    if stored is None:
        return {slug}
    root, seen = stored, {stored.id}
    while root.copied_from_id is not None and root.copied_from_id not in seen:
        seen.add(root.copied_from_id)
        root = db.session.get(StoredPack, root.copied_from_id)
    family, reached = {root.id: root.slug}, [root.id]
    while reached:
        copies = db.session.execute(
            select(StoredPack.id, StoredPack.slug).where(StoredPack.copied_from_id.in_(reached))
        ).all()
        reached = [pack_id for pack_id, _slug in copies if pack_id not in family]
        family.update((pack_id, copy_slug) for pack_id, copy_slug in copies)
    return set(family.values()) | {slug}


def withholding_assignments(slug: str, now: dt.datetime | None = None) -> list[Assignment]:
    """The running assignments that withhold pack `slug`'s answers: those of it or of any pack of
    its family (a copy holds the same key) whose feedback waits for a closing time to come."""
    waiting = [name for name, rules in BEHAVIOURS.items() if rules.feedback_waits_for_close]
    return list(
        db.session.scalars(
            select(Assignment).where(
                Assignment.pack_slug.in_(pack_family(slug)),
                Assignment.feedback_mode.in_(waiting),
                Assignment.closes_at > (now or utcnow()),
            )
        )
    )


def withheld_until(slug: str, now: dt.datetime | None = None) -> dt.datetime | None:
    """Until when pack `slug`'s answers are withheld from everyone but the assigning teachers
    (the latest close of the assignments withholding them), or None when they are not."""
    return max((a.closes_at for a in withholding_assignments(slug, now)), default=None)


def may_see_withheld(viewer: Instructor, stored: StoredPack) -> bool:
    """Whether `viewer` sees the answers of `stored` while running assignments withhold them
    (withholding_assignments): the teacher who gave every one of those assignments, and
    the author of the original (the draft is theirs), and the school's administrators."""
    if viewer.is_administrator:
        return True
    if stored.owner_id == viewer.id and stored.copied_from_id is None:
        return True
    return all(a.classroom.instructor_id == viewer.id for a in withholding_assignments(stored.slug))


def withheld_from(viewer: Instructor, stored: StoredPack) -> dt.datetime | None:
    """Until when the answers of `stored` are withheld from `viewer`, or None when they may see
    them: a preview that grades, a copy and a download would each give them away. Whoever may
    see them is asked first, so an author's own editor costs no query."""
    if may_see_withheld(viewer, stored):
        return None
    return withheld_until(stored.slug)


def own_pack(slug: str) -> Pack | None:
    """The signed-in teacher's own pack as its draft reads (their preview links to its article)."""
    from flask_login import current_user

    owner_id = getattr(current_user, "id", None)
    if not isinstance(current_user._get_current_object(), Instructor) or owner_id is None:
        return None
    stored = db.session.scalar(select(StoredPack).filter_by(slug=slug, owner_id=owner_id))
    if stored is None:
        return None
    pack, _problems, _missing = read_pack_data(stored.draft)
    return pack or published_pack(slug)


# -- importing -------------------------------------------------------------------------------


def import_pack(pack: Pack, owner_id: int | None = None) -> tuple[StoredPack, bool]:
    """Store a pack read from a folder, as a library pack unless an owner is given; returns the
    stored pack and whether a new version was made. Content that is already one of the pack's
    versions adds nothing, so importing the same folder again (from any server) changes nothing.
    Raises UnreadableVersion, storing nothing, when the stored data would not read back.
    """
    data = pack_data(pack)
    served = readable_version(pack.id, data)
    stored = db.session.scalar(select(StoredPack).filter_by(slug=pack.id))
    if stored is None:
        stored = StoredPack(slug=pack.id, owner_id=owner_id, draft=data)
        db.session.add(stored)
        db.session.flush()
    digest = content_digest(data)
    known = db.session.scalar(
        select(PackVersion.id).filter_by(stored_pack_id=stored.id, digest=digest).limit(1)
    )
    if known is not None:
        return stored, False
    stored.draft = data
    stored.revision += 1
    stored.updated_at = utcnow()
    version = _add_version(stored, data, digest)
    if version.number == 1:
        _pin_unpinned(stored.slug, version.id)
    _remember(digest, served)
    return stored, True


def _pin_unpinned(slug: str, version_id: int) -> None:
    """Pin the assignments and attempts of a pack that were made before it was in the database
    (from its folder, before versions) to the version its folder just became."""
    for model in (Assignment, Attempt):
        db.session.execute(
            update(model)
            .where(model.pack_slug == slug, model.pack_version_id.is_(None))
            .values(pack_version_id=version_id)
        )


def _add_version(stored: StoredPack, data: dict[str, Any], digest: str) -> PackVersion:
    """The pack's next version holding `data`, which the caller read back with
    readable_version: no version the app cannot read is ever stored."""
    number = (
        db.session.scalar(
            select(func.max(PackVersion.number)).where(PackVersion.stored_pack_id == stored.id)
        )
        or 0
    ) + 1
    version = PackVersion(stored_pack_id=stored.id, number=number, content=data, digest=digest)
    db.session.add(version)
    db.session.flush()
    return version


def _start_folder() -> dict[str, Pack]:
    """The packs of QUESTIONS_DIR, read (and refused if invalid) when the app was made."""
    return current_app.extensions.get("quizapp.packs", {})


def _import_start_folder(force: bool = False) -> None:
    """Store the packs of the app's folder that the database does not hold yet, once per process.

    A pack the database holds already is left as it is: a server started with an older folder
    must not undo a newer import (`flask questions import` is how a changed folder comes in).
    """
    app = current_app._get_current_object()
    if app.extensions.get("quizapp.packs_imported") and not force:
        return
    folder = _start_folder()
    try:
        if folder:
            known = set(db.session.scalars(select(StoredPack.slug)))
            for pack in folder.values():
                if pack.id not in known:
                    _import_or_log(pack)
            db.session.commit()
    except IntegrityError:
        db.session.rollback()  # another server imported the same pack at the same moment
    app.extensions["quizapp.packs_imported"] = True


def _import_or_log(pack: Pack) -> None:
    """Import a pack of the app's folder; one whose stored data would not read back is left out
    with its reasons in the log (the folder passed the same reader when the app was made)."""
    try:
        import_pack(pack)
    except UnreadableVersion as refused:
        current_app.logger.error("pack %s not stored: it would not read back: %s", pack.id, refused)


# -- drafts and publishing -------------------------------------------------------------------


def save_draft(stored: StoredPack, data: dict[str, Any], revision: int) -> StoredPack:
    """Save a draft made from the page that showed `revision`; raise DraftConflict if another
    save came first (checked in the database, so two servers cannot both win)."""
    changed = db.session.execute(
        update(StoredPack)
        .where(StoredPack.id == stored.id, StoredPack.revision == revision)
        .values(draft=data, revision=revision + 1, updated_at=utcnow())
    )
    if changed.rowcount != 1:
        db.session.rollback()
        db.session.refresh(stored)
        raise DraftConflict(stored)
    db.session.commit()
    db.session.refresh(stored)
    return stored


def publish(stored: StoredPack) -> PackVersion | None:
    """Make the draft the pack's newest version; None when it is the newest already.

    The draft must read as a valid pack and no question may need attention (callers show
    read_pack_data's problems and needing_attention's notes first)."""
    served = readable_version(stored.slug, stored.draft)
    if needing_attention(stored.draft):
        raise ValueError("a draft whose questions need attention cannot be published")
    digest = content_digest(stored.draft)
    newest = db.session.scalar(
        select(PackVersion)
        .filter_by(stored_pack_id=stored.id)
        .order_by(PackVersion.number.desc())
        .limit(1)
    )
    if newest is not None and newest.digest == digest:
        return None
    version = _add_version(stored, stored.draft, digest)
    db.session.commit()
    _remember(digest, served)
    return version


# -- what the database holds -------------------------------------------------------------------


@dataclass(frozen=True)
class PackState:
    """One pack as the database holds it, for `questions list` and the teacher's pages: its
    newest version's number (None: a draft only), who owns it (None: the school's library) and,
    when its newest version cannot be read, why (it is then served to no one)."""

    slug: str
    title: str
    newest: int | None
    owner: str | None
    in_library: bool
    problem: str | None


def version_problem(version: PackVersion) -> str | None:
    """Why the app cannot read a stored version ("field: message; ..."), None when it can."""
    if parsed_version(version.id, version.digest) is not None:
        return None
    try:
        readable_version(version.pack.slug, version.content)
    except UnreadableVersion as refused:
        return refused.reasons
    return None


def pack_states(stored_packs: list[StoredPack] | None = None) -> list[PackState]:
    """Every stored pack (or those given) with its state, by slug; a pack whose newest version
    the reader refuses is listed with the reason, never left out."""
    if stored_packs is None:
        _import_start_folder()
        stored_packs = list(db.session.scalars(select(StoredPack).order_by(StoredPack.slug)))
    owner_ids = {stored.owner_id for stored in stored_packs} - {None}
    owners = dict(
        db.session.execute(
            select(Instructor.id, Instructor.email).where(Instructor.id.in_(owner_ids))
        ).all()
    )
    states = []
    for stored in stored_packs:
        newest = stored.versions[-1] if stored.versions else None
        data = newest.content if newest is not None else stored.draft
        title = data.get("title") if isinstance(data, dict) else None
        states.append(
            PackState(
                slug=stored.slug,
                title=next(iter(title.values()), "") if isinstance(title, dict) else "",
                newest=newest.number if newest is not None else None,
                owner=owners.get(stored.owner_id),
                in_library=stored.owner_id is None or stored.in_library,
                problem=version_problem(newest) if newest is not None else None,
            )
        )
    return states


def unreadable_packs(stored_packs: list[StoredPack], language: str) -> dict[str, str]:
    """Why each of these packs' newest version cannot be read, by slug, in `language`: the
    teacher's list of packs says so beside the pack instead of leaving it out of the offers."""
    with messages_in(language):
        return {state.slug: state.problem for state in pack_states(stored_packs) if state.problem}


def stored_pack(slug: str) -> StoredPack | None:
    return db.session.scalar(select(StoredPack).filter_by(slug=slug))
