"""What a teacher does to classrooms and assignments, called without HTTP: quizapp/instructor/
operations.py on objects the factories build, inside an app context, and the one way an
assignment's settings go from its form and back (quizapp/instructor/forms.py)."""

import datetime as dt

import pytest
from factories import SEED_PACK, make_assignment, make_attempt, make_classroom, make_instructor
from factories import make_learner as new_learner
from flask_babel import get_timezone
from sqlalchemy import func, select

from quizapp.accounts import DOUBLE_SUBMIT_WINDOW
from quizapp.extensions import db
from quizapp.instructor import operations
from quizapp.instructor.forms import assignment_form
from quizapp.instructor.operations import AssignmentSettings, NoFreeJoinCode
from quizapp.models import Assignment, Attempt, Classroom, Instructor, Learner, utcnow
from quizapp.packs import newest_version_id, packs_for

OTHER_EMAIL = "other@example.org"


@pytest.fixture
def world(app):
    """A teacher with a class (two learners) and an assignment of the seed pack; ids."""
    teacher = make_instructor(app)
    classroom = make_classroom(app, teacher)
    assignment = make_assignment(app, classroom)
    ana = new_learner(app, classroom, "Ana")
    ben = new_learner(app, classroom, "Ben")
    return {
        "teacher": teacher,
        "classroom": classroom,
        "assignment": assignment,
        "ana": ana,
        "ben": ben,
    }


def get(model, row_id):
    return db.session.get(model, row_id)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def made_before_the_double_submit_window(row) -> None:
    row.created_at = utcnow() - DOUBLE_SUBMIT_WINDOW - dt.timedelta(seconds=1)
    db.session.commit()


# -- classrooms ------------------------------------------------------------------------------


def test_a_join_code_is_six_unambiguous_letters_and_digits_no_class_has(app, monkeypatch):
    teacher = make_instructor(app)
    make_classroom(app, teacher, code="AAAAAA")
    draws = iter("A" * 6 + "C" * 6)
    monkeypatch.setattr(operations.secrets, "choice", lambda _alphabet: next(draws))
    with app.app_context():
        assert operations.new_join_code() == "CCCCCC"  # AAAAAA was taken: drawn again
    monkeypatch.undo()
    with app.app_context():
        codes = {operations.new_join_code() for _ in range(50)}
    assert all(len(code) == 6 for code in codes)
    assert set("".join(codes)) <= set(operations.JOIN_CODE_ALPHABET)
    assert not set("".join(codes)) & set("0O1IL2Z5S8B")


def test_a_new_classroom_has_a_join_code_and_a_second_identical_one_is_the_first(app):
    teacher_id = make_instructor(app)
    with app.app_context():
        teacher = get(Instructor, teacher_id)
        classroom, created = operations.create_classroom(teacher, "  10a History ")
        assert created and classroom.name == "10a History" and classroom.joining_open
        assert len(classroom.join_code) == 6
        twin, created_again = operations.create_classroom(teacher, "10a History")
        assert (twin.id, created_again) == (classroom.id, False)
        other, created_other = operations.create_classroom(teacher, "10b History")
        assert created_other and other.join_code != classroom.join_code
        made_before_the_double_submit_window(classroom)  # then a class of its own
        later, created_later = operations.create_classroom(teacher, "10a History")
        assert created_later and later.id not in (classroom.id, other.id)
        assert count(Classroom) == 3


def test_another_teachers_class_of_the_same_name_is_no_twin(app):
    first = make_instructor(app)
    second = make_instructor(app, OTHER_EMAIL)
    with app.app_context():
        mine, _created = operations.create_classroom(get(Instructor, first), "7c")
        theirs, created = operations.create_classroom(get(Instructor, second), "7c")
        assert created and theirs.id != mine.id


def test_a_classroom_whose_join_codes_are_all_taken_meanwhile_is_refused(app, monkeypatch):
    teacher_id = make_instructor(app)
    make_classroom(app, teacher_id, code="TAKEN7")
    drawn = []
    monkeypatch.setattr(operations, "new_join_code", lambda: drawn.append(1) or "TAKEN7")
    with app.app_context():
        with pytest.raises(NoFreeJoinCode):
            operations.create_classroom(get(Instructor, teacher_id), "9a")
        assert len(drawn) == operations.JOIN_CODE_DRAWS
        assert count(Classroom) == 1  # nothing half made; the session works on
        assert get(Instructor, teacher_id).classrooms[0].join_code == "TAKEN7"


def test_joining_is_closed_and_opened_again(app, world):
    with app.app_context():
        classroom = get(Classroom, world["classroom"])
        operations.set_joining(classroom, False)
    with app.app_context():
        assert get(Classroom, world["classroom"]).joining_open is False
        operations.set_joining(get(Classroom, world["classroom"]), True)
    with app.app_context():
        assert get(Classroom, world["classroom"]).joining_open is True


# -- assignments -----------------------------------------------------------------------------


SETTINGS = AssignmentSettings(
    opens_at=dt.datetime(2026, 3, 2, 7, 0),
    closes_at=dt.datetime(2026, 3, 9, 16, 0),
    time_limit_minutes=20,
    attempts_allowed=2,
    shuffle_questions=True,
    shuffle_options=True,
    feedback_mode="after_close",
    languages=("de", "xx"),
)


def test_assigning_a_pack_pins_its_newest_version_with_the_settings(app, world):
    with app.app_context():
        classroom = get(Classroom, world["classroom"])
        assignment, created = operations.assign_pack(classroom, SEED_PACK, SETTINGS)
        assert created
        assert assignment.pack_slug == SEED_PACK
        assert assignment.pack_version_id == newest_version_id(SEED_PACK)
        assert assignment.languages == ["de"]  # only the pack's languages
        assert AssignmentSettings.of(assignment) == AssignmentSettings(
            **{**SETTINGS.__dict__, "languages": ("de",)}
        )


def test_an_assignment_sent_twice_is_made_once_and_other_settings_make_another(app, world):
    with app.app_context():
        classroom = get(Classroom, world["classroom"])
        first, _created = operations.assign_pack(classroom, SEED_PACK, SETTINGS)
        twin, created = operations.assign_pack(classroom, SEED_PACK, SETTINGS)
        assert (twin.id, created) == (first.id, False)
        english = AssignmentSettings(**{**SETTINGS.__dict__, "languages": ("en",)})
        other, created = operations.assign_pack(classroom, SEED_PACK, english)
        assert created and other.id != first.id
        made_before_the_double_submit_window(first)
        made_before_the_double_submit_window(other)
        again, created = operations.assign_pack(classroom, SEED_PACK, SETTINGS)
        assert created and again.id not in (first.id, other.id)


def test_new_settings_move_the_deadline_of_running_attempts_only(app, world):
    finished = make_attempt(app, world["ana"], world["assignment"])
    running = make_attempt(app, world["ben"], world["assignment"], answers=[True])
    closes = utcnow() + dt.timedelta(hours=2)
    with app.app_context():
        assignment = get(Assignment, world["assignment"])
        settings = AssignmentSettings(closes_at=closes, attempts_allowed=3, languages=("en", "xx"))
        assert operations.change_assignment(assignment, settings) == 1
    with app.app_context():
        assignment = get(Assignment, world["assignment"])
        assert (assignment.attempts_allowed, assignment.languages) == (3, ["en"])
        assert get(Attempt, running).deadline == closes
        assert get(Attempt, finished).deadline is None
        settings = AssignmentSettings(closes_at=closes, time_limit_minutes=5)
        operations.change_assignment(assignment, settings)
        started = get(Attempt, running).started_at
        assert get(Attempt, running).deadline == started + dt.timedelta(minutes=5)


def test_a_teacher_reviews_only_attempts_at_their_own_assignments(app, world):
    attempt_id = make_attempt(app, world["ana"], world["assignment"])
    practice = make_attempt(app, new_learner(app, None, "Cleo"))
    other_id = make_instructor(app, OTHER_EMAIL)
    with app.app_context():
        teacher, other = get(Instructor, world["teacher"]), get(Instructor, other_id)
        assert operations.attempt_to_review(teacher, attempt_id).id == attempt_id
        assert operations.attempt_to_review(other, attempt_id) is None
        assert operations.attempt_to_review(teacher, practice) is None
        assert operations.attempt_to_review(teacher, attempt_id + 100) is None


# -- what a deletion costs, deleting, archiving ----------------------------------------------


def test_each_loss_counts_what_would_go(app, world):
    make_attempt(app, world["ana"], world["assignment"])
    make_attempt(app, world["ben"], world["assignment"], answers=[True])
    with app.app_context():
        classroom = get(Classroom, world["classroom"])
        assert operations.classroom_loss(classroom) == operations.Loss(2, 1, 2, 1)
        assert operations.assignment_loss(get(Assignment, world["assignment"])) == (
            operations.Loss(learners=2, assignments=1, attempts=2, running=1)
        )
        assert operations.learner_loss(get(Learner, world["ben"])) == (
            operations.Loss(learners=1, attempts=1, running=1)
        )


def test_archiving_a_class_closes_joining_and_every_assignment_and_restoring_lists_it(app, world):
    make_attempt(app, world["ben"], world["assignment"], answers=[True])
    with app.app_context():
        assert operations.archive_classroom(get(Classroom, world["classroom"])) == 1
    with app.app_context():
        classroom = get(Classroom, world["classroom"])
        assignment = get(Assignment, world["assignment"])
        assert classroom.archived_at and not classroom.joining_open
        assert assignment.archived_at and assignment.closes_at <= utcnow()
        operations.restore_classroom(classroom)
        operations.restore_assignment(assignment)
    with app.app_context():
        assert get(Classroom, world["classroom"]).archived_at is None
        assignment = get(Assignment, world["assignment"])
        assert assignment.archived_at is None and assignment.closes_at <= utcnow()


def test_deleting_takes_the_attempts_and_keeps_what_is_not_asked_for(app, world):
    make_attempt(app, world["ana"], world["assignment"])
    other_classroom = make_classroom(app, world["teacher"], "10a", code="OTHER4")
    kept = make_attempt(
        app, new_learner(app, other_classroom, "Dan"), make_assignment(app, other_classroom)
    )
    with app.app_context():
        operations.delete_assignment(get(Assignment, world["assignment"]))
    with app.app_context():
        assert count(Attempt) == 1 and count(Learner) == 3
        operations.delete_classroom(get(Classroom, world["classroom"]))
    with app.app_context():
        assert count(Classroom) == 1 and count(Learner) == 1
        assert get(Attempt, kept) is not None


# -- from the form to the settings and back --------------------------------------------------


def local(utc: dt.datetime) -> dt.datetime:
    return utc.replace(tzinfo=dt.UTC).astimezone(get_timezone()).replace(tzinfo=None)


def test_the_form_shows_settings_in_the_teachers_time_zone_and_gives_them_back_in_utc(app, world):
    with app.test_request_context():
        assert str(get_timezone()) != "UTC"  # QUIZAPP_TIMEZONE: Europe/Berlin unless set
        packs = packs_for(world["teacher"]).values()
        form = assignment_form(packs, SETTINGS, choose_pack=False)
        assert "pack_slug" not in form
        assert form.opens_at.data == local(SETTINGS.opens_at) != SETTINGS.opens_at
        assert form.closes_at.data == local(SETTINGS.closes_at)
        assert form.languages.data == ["de", "xx"]
        assert {choice.value for choice in form.languages.choices} >= {"en", "de"}
        assert form.settings() == SETTINGS
    with app.test_request_context():
        form = assignment_form(packs_for(world["teacher"]).values())
        assert SEED_PACK in {choice.value for choice in form.pack_slug.choices}
        assert form.settings().opens_at is None
