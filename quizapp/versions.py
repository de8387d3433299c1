"""Moving an assignment to a newer version of its pack, and regrading its attempts with it.

The teacher's page and `flask assignments regrade` share the two steps: preview_move says which
attempts' scores would change, move_assignment does it. Both regrade the stored answers with the
new version's questions; an answer to a question the new version no longer has is kept but counts
no points, and a question the new version adds counts as unanswered (the maximum is the new
version's).
"""

from dataclasses import dataclass, field
from typing import NamedTuple

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .accounts import N_
from .attempts import finish_if_over
from .bank import Pack
from .behaviours import evidence_points, max_score
from .engine import Grade, grade_answer
from .extensions import db
from .models import Assignment, Attempt, PackVersion, Response, StoredPack, utcnow
from .packs import version_pack
from .signals import score_changed

ALREADY_NEWEST = N_(
    "This assignment already uses the newest version of its quiz (version %(number)s)."
)
NOT_NEWER = N_(
    "Version %(number)s is not newer than the version this assignment uses (version %(current)s)."
)
NO_SUCH_VERSION = N_("The quiz has no version %(number)s; its newest is version %(newest)s.")
MOVED_ALREADY = N_("This assignment was moved already: it now uses version %(number)s.")
NEWER_PUBLISHED = N_(
    "Version %(number)s of the quiz was published in the meantime. Check what moving to it changes."
)
PACK_GONE = N_("The quiz of this assignment is no longer available.")
OUT_OF_LIBRARY = N_(
    "Its owner took this quiz out of the school's library, so its later versions are not "
    "offered: this assignment keeps version %(number)s."
)


@dataclass
class MoveRefused(Exception):
    """A move that cannot be made (now): `message` is a catalog msgid with %(name)s placeholders."""

    message: str
    values: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__init__(self.message)

    def text(self, translate) -> str:
        """The message in a language: `translate` is flask_babel.gettext or terminal._."""
        return translate(self.message, **self.values)


class Version(NamedTuple):
    id: int
    number: int


@dataclass(frozen=True)
class ScoreChange:
    """One attempt whose score the move changes; an unfinished attempt's score is its points so far."""

    attempt_id: int
    learner: str
    finished: bool
    old_score: float
    old_max: float
    new_score: float
    new_max: float


@dataclass(frozen=True)
class MovePreview:
    """What moving an assignment from `current` to `target` does to its attempts."""

    assignment_id: int
    current: Version
    target: Version
    attempts: int  # how many attempts move with the assignment
    changes: list[ScoreChange]
    dropped_answers: int  # answers to questions the target no longer has: kept, counting 0
    added_questions: int  # questions the target has and the current version has not

    def moved_text(self, ngettext) -> str:
        """What was done, once moved: `ngettext` is flask_babel's or the terminal's."""
        return ngettext(
            "The quiz now uses version %(number)s; %(num)s attempt was regraded.",
            "The quiz now uses version %(number)s; %(num)s attempts were regraded.",
            self.attempts,
            number=self.target.number,
        )


class _Regrade(NamedTuple):
    attempt: Attempt
    grades: list[tuple[Response, Grade | None]]  # None: the question is gone
    order: list[str]
    old_score: float
    new_score: float
    new_max: float


def pack_versions(assignment: Assignment) -> list[Version]:
    """The published versions of the assignment's pack, oldest first (ids and numbers only)."""
    rows = db.session.execute(
        select(PackVersion.id, PackVersion.number)
        .join(StoredPack, StoredPack.id == PackVersion.stored_pack_id)
        .where(StoredPack.slug == assignment.pack_slug)
        .order_by(PackVersion.number)
    )
    return [Version(*row) for row in rows]


def offers_new_versions(assignment: Assignment) -> bool:
    """Whether the assignment's teacher is offered the pack's later versions: always for their
    own pack and a library pack; never for another teacher's pack out of the library (its owner
    made it private, and what they publish since is theirs alone)."""
    stored = db.session.scalar(select(StoredPack).filter_by(slug=assignment.pack_slug))
    return (
        stored is None
        or stored.owner_id is None
        or stored.in_library
        or stored.owner_id == assignment.classroom.instructor_id
    )


def current_and_newest(assignment: Assignment) -> tuple[Version | None, Version | None]:
    """The version the assignment uses and the newest its teacher is offered (an unpinned row
    reads the newest; a pack out of the library offers none after the assignment's)."""
    current, newest = _current_and_newest(assignment, pack_versions(assignment))
    return current, newest if offers_new_versions(assignment) else current


def _current_and_newest(assignment: Assignment, versions: list[Version]):
    newest = versions[-1] if versions else None
    return next((v for v in versions if v.id == assignment.pack_version_id), newest), newest


def preview_move(assignment: Assignment, to_number: int | None = None) -> MovePreview:
    """What moving the assignment to version `to_number` (default: the newest) would change.

    Raises MoveRefused when that version is not newer than the assignment's, or does not exist."""
    current, _newest, target = _versions(assignment, to_number)
    return _plan(assignment, current, target, to_number)[0]


def move_assignment(
    assignment: Assignment,
    to_number: int | None = None,
    moved_from: int | None = None,
    newest_only: bool = False,
) -> MovePreview:
    """Move the assignment and its attempts to version `to_number` and regrade every response;
    score_changed is sent for each attempt regraded (its old and new points, which may be equal).

    A confirmation from a page passes `moved_from` (the version id the page showed) and
    `newest_only`: a move made since, or a newer version published since, refuses it."""
    current, newest, target = _versions(assignment, to_number)
    if moved_from is not None and current.id != moved_from:
        raise MoveRefused(MOVED_ALREADY, {"number": current.number})
    if newest_only and newest.number > target.number:
        raise MoveRefused(NEWER_PUBLISHED, {"number": newest.number})
    preview, pack, regrades = _plan(assignment, current, target, to_number)
    for regrade in regrades:
        attempt = regrade.attempt
        for response, grade in regrade.grades:
            response.fraction = grade.fraction if grade else 0.0
            response.points = grade.points if grade else 0.0
        attempt.question_order = regrade.order
        attempt.max_score = regrade.new_max
        attempt.pack_version_id = preview.target.id
        if attempt.finished:
            attempt.score = regrade.new_score
    assignment.pack_version_id = preview.target.id
    if assignment.languages:
        assignment.languages = [lang for lang in assignment.languages if lang in pack.languages]
    db.session.commit()
    app = current_app._get_current_object()
    for regrade in regrades:
        score_changed.send(
            app, attempt=regrade.attempt, old_score=regrade.old_score, new_score=regrade.new_score
        )
    return preview


def _versions(assignment: Assignment, to_number: int | None) -> tuple[Version, Version, Version]:
    """The assignment's version, the newest and version `to_number` (default: the newest)."""
    versions = pack_versions(assignment)
    current, newest = _current_and_newest(assignment, versions)
    if current is None or newest is None:
        raise MoveRefused(PACK_GONE)
    number = newest.number if to_number is None else to_number
    if number > current.number and not offers_new_versions(assignment):
        raise MoveRefused(OUT_OF_LIBRARY, {"number": current.number})  # nor says what exists
    target = next((v for v in versions if v.number == number), None)
    if target is None:
        raise MoveRefused(NO_SUCH_VERSION, {"number": number, "newest": newest.number})
    return current, newest, target


def _plan(
    assignment: Assignment, current: Version, target: Version, to_number: int | None
) -> tuple[MovePreview, Pack, list[_Regrade]]:
    if target.number <= current.number:
        if to_number is None:
            raise MoveRefused(ALREADY_NEWEST, {"number": current.number})
        raise MoveRefused(NOT_NEWER, {"number": target.number, "current": current.number})
    old_pack, pack = version_pack(current.id), version_pack(target.id)
    if pack is None:
        raise MoveRefused(PACK_GONE)
    old_types = {q.id: q.type for q in old_pack.questions} if old_pack else {}
    regrades = [_regrade(attempt, pack, old_types) for attempt in _attempts(assignment)]
    changes = [
        ScoreChange(
            r.attempt.id,
            r.attempt.learner.display_name,
            r.attempt.finished,
            r.old_score,
            r.attempt.max_score,
            r.new_score,
            r.new_max,
        )
        for r in regrades
        if abs(r.old_score - r.new_score) > 1e-9 or abs(r.attempt.max_score - r.new_max) > 1e-9
    ]
    preview = MovePreview(
        assignment.id,
        current,
        target,
        len(regrades),
        changes,
        dropped_answers=sum(1 for r in regrades for _response, grade in r.grades if grade is None),
        added_questions=sum(1 for q in pack.questions if q.id not in old_types),
    )
    return preview, pack, regrades


def _attempts(assignment: Assignment) -> list[Attempt]:
    """Every attempt at the assignment with its responses and learner, finishing overdue ones."""
    attempts = list(
        db.session.scalars(
            select(Attempt)
            .filter_by(assignment_id=assignment.id)
            .options(selectinload(Attempt.responses), selectinload(Attempt.learner))
            .order_by(Attempt.id)
        )
    )
    now = utcnow()
    for attempt in attempts:
        finish_if_over(attempt, now)
    return attempts


def _regrade(attempt: Attempt, pack: Pack, old_types: dict[str, str]) -> _Regrade:
    """The attempt's responses graded with `pack`'s questions, its new order, old and new score.

    A question whose type changed holds answers of another shape: they count as gone."""
    grades = []
    for response in attempt.responses:
        question = pack.question(response.question_id)
        same = question is not None and old_types.get(question.id, question.type) == question.type
        grades.append((response, grade_answer(question, response.answer) if same else None))
    known = {q.id for q in pack.questions}
    shown = set(attempt.question_order)
    order = [qid for qid in attempt.question_order if qid in known]
    order += [q.id for q in pack.questions if q.id not in shown]
    old = attempt.score if attempt.finished and attempt.score is not None else None
    if old is None:
        old = sum(r.points for r in attempt.responses)
    new = sum(grade.points for _response, grade in grades if grade is not None)
    new += evidence_points(attempt, pack)
    return _Regrade(
        attempt, grades, order, old, new, max_score(pack, attempt.assignment, attempt.feedback_mode)
    )
