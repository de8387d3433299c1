"""An assignment of a pack to a class, as the teacher's pages and a live lesson both make one:
its settings, making it (a double click gives the first one), changing its settings, and the rule
that no assignment shows a pack's answers while another class's running quiz withholds them."""

import datetime as dt
from dataclasses import asdict, dataclass, fields

from sqlalchemy import Select, select

from .accounts import DOUBLE_SUBMIT_WINDOW
from .behaviours import behaviour, behaviour_of, max_score
from .constants import FeedbackMode
from .extensions import db
from .models import Assignment, Classroom, Instructor, utcnow
from .packs import newest_version_id, pinned_pack, published_pack, stored_pack, withheld_from


@dataclass(frozen=True)
class AssignmentSettings:
    """An assignment's settings as a teacher sets them: times in UTC, languages as ticked (none
    ticked: every language of the pack). The one shape the form, a new assignment and a change
    of settings share."""

    opens_at: dt.datetime | None = None
    closes_at: dt.datetime | None = None
    time_limit_minutes: int | None = None
    attempts_allowed: int = 1
    shuffle_questions: bool = False
    shuffle_options: bool = False
    feedback_mode: str = FeedbackMode.AFTER_ATTEMPT
    evidence_share: float = 0.0  # the evidence's share of a question's points; 0: not asked
    languages: tuple[str, ...] = ()

    @classmethod
    def of(cls, assignment: Assignment) -> "AssignmentSettings":
        """The settings an assignment has now."""
        values = {field.name: getattr(assignment, field.name) for field in fields(cls)}
        return cls(**{**values, "languages": tuple(assignment.languages or ())})

    def columns(self, pack_languages) -> dict:
        """The settings as an assignment's columns, keeping only the languages the pack has."""
        languages = [language for language in self.languages if language in pack_languages]
        return {**asdict(self), "languages": languages}


def just_created(query: Select):
    """The newest row the query finds made within the double-submit window, or None: a form
    sent twice (a double click) answers with what the first made."""
    since = utcnow() - DOUBLE_SUBMIT_WINDOW
    model = query.column_descriptions[0]["entity"]
    return db.session.scalar(
        query.filter(model.created_at >= since).order_by(model.id.desc()).limit(1)
    )


def assign_pack(
    classroom: Classroom, pack_slug: str, settings: AssignmentSettings
) -> tuple[Assignment, bool]:
    """A new assignment of the pack's newest version to `classroom`, and True; the same form
    sent twice within the double-submit window gives the first one's assignment, and False.
    PackWithheld if the settings would show a withheld pack's answers early."""
    check_not_withheld(classroom.instructor, pack_slug, settings)
    pack = published_pack(pack_slug)
    columns = {"pack_slug": pack.id, **settings.columns(pack.languages)}
    languages = columns.pop("languages")  # a JSON column: compared apart from the query
    twin = just_created(select(Assignment).filter_by(classroom_id=classroom.id, **columns))
    if twin is not None and twin.languages == languages:
        return twin, False
    assignment = Assignment(
        classroom=classroom,
        languages=languages,
        pack_version_id=newest_version_id(pack.id),
        **columns,
    )
    db.session.add(assignment)
    db.session.commit()
    return assignment, True


class PackWithheld(Exception):
    """Another class's running quiz withholds the pack's answers until `until`, and the settings
    would show them to this teacher's learners sooner."""

    def __init__(self, until: dt.datetime):
        super().__init__(until)
        self.until = until


def answers_shown_from(settings: AssignmentSettings) -> dt.datetime:
    """When learners given these settings first see right answers: at the close (to the minute,
    as the form shows it), for feedback that waits for one; at once (the earliest time there
    is) otherwise."""
    if behaviour(settings.feedback_mode).feedback_waits_for_close and settings.closes_at:
        return settings.closes_at.replace(second=0, microsecond=0)
    return dt.datetime.min


def check_not_withheld(
    instructor: Instructor,
    pack_slug: str,
    settings: AssignmentSettings,
    current: AssignmentSettings | None = None,
) -> None:
    """Raise PackWithheld if the settings would show a withheld pack's answers (or a copy's) to
    the teacher's learners before the withholding quiz closes and sooner than the `current`
    settings of a changed assignment already do: feedback that waits for a close no earlier than
    that one is fine, as is any change that shows them no sooner, and a teacher who may see the
    answers anyway."""
    stored = stored_pack(pack_slug)
    until = withheld_from(instructor, stored) if stored is not None else None
    if until is None:
        return
    shown = answers_shown_from(settings)
    if shown >= until.replace(second=0, microsecond=0) or (
        current is not None and shown >= answers_shown_from(current)
    ):
        return
    raise PackWithheld(until)


def change_assignment(assignment: Assignment, settings: AssignmentSettings) -> int:
    """Give an assignment new settings (languages only those of its pinned pack): see
    update_assignment. How many running attempts were adjusted. PackWithheld if the new
    settings would show a withheld pack's answers sooner than they do now."""
    current = AssignmentSettings.of(assignment)
    check_not_withheld(assignment.classroom.instructor, assignment.pack_slug, settings, current)
    pack = pinned_pack(assignment)
    return update_assignment(assignment, **settings.columns(pack.languages if pack else []))


def update_assignment(assignment: Assignment, **settings) -> int:
    """Change an assignment's settings. Running attempts follow the new closing time and time limit
    (counted from when each started) and the evidence asked for (their maximum with it); finished
    attempts keep their scores. How many were adjusted."""
    for name, value in settings.items():
        setattr(assignment, name, value)
    running = [a for a in assignment.attempts if not a.finished]
    pack = pinned_pack(assignment) if running and "evidence_share" in settings else None
    for attempt in running:
        attempt.deadline = behaviour_of(attempt).deadline(assignment, attempt.started_at)
        if pack is not None:
            attempt.max_score = max_score(pack, assignment, attempt.feedback_mode)
    db.session.commit()
    return len(running)
