"""The classroom the browser tests look at: a teacher's class in mid-term, made with the factories
on the served app's database (what the pages do to get there is what the scenario tests prove)."""

from dataclasses import dataclass

from factories import make_assignment, make_attempt, make_classroom, make_instructor, make_learner

from e2e.server import INSTRUCTOR_PASSWORD, SECRET_KEY, Server
from quizapp.constants import FeedbackMode

TEACHER_EMAIL = "klassenlehrer@example.org"
CODE = "KL7A2B"
SCENE_LEARNERS = (
    ("Ana B.", lambda n: "wrong" if n % 7 == 3 else "right"),
    ("Ben K.", lambda n: "wrong" if n % 3 == 1 else ("partly" if n in (17, 34) else "right")),
    ("Chiara M.", lambda n: "wrong" if n % 2 else "right"),
)
HALFWAY_LEARNER = "Emil S."
HALFWAY_ANSWERS = 4  # the halfway learner answers this many questions (the 2nd of them wrongly)


@dataclass(frozen=True)
class ClassroomScene:
    """A classroom in mid-term: learners who finished the seed pack, one halfway through it.

    Storage states let a test open a fresh context as the teacher or as a learner without signing in.
    """

    classroom_url: str
    code: str
    dashboard_url: str
    attempt_url: str  # the teacher's view of a finished attempt
    results_url: str  # the finished learner's results
    answered_url: str  # a question the halfway learner answered (wrongly): it shows feedback
    unanswered_url: str  # the question the halfway learner has to answer next: never answered
    teacher: dict
    finished_learner: dict
    halfway_learner: dict


@dataclass(frozen=True)
class ClassroomRows:
    """The ids of the scene's rows: the class, its assignment, the finished learners' attempts
    (in SCENE_LEARNERS' order) and the halfway learner's."""

    classroom_id: int
    assignment_id: int
    finished: list[int]
    halfway: int


def scene_app(server: Server):
    """The app in this process on the server's database, for building the scene with the factories."""
    from quizapp import create_app

    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{server.folder / 'e2e.db'}",
            "SECRET_KEY": SECRET_KEY,
            "PASSWORD_HASH": "scrypt:1024:8:1",
        }
    )


def fill_classroom(server: Server) -> ClassroomRows:
    """A teacher with a classroom, the seed pack assigned with immediate feedback, three learners
    who finished it and one halfway through."""
    from e2e.steps import answer_fields  # Playwright: only once the browser tests run

    app = scene_app(server)
    teacher_id = make_instructor(app, TEACHER_EMAIL, INSTRUCTOR_PASSWORD)
    classroom_id = make_classroom(app, teacher_id, "7a Gesellschaftskunde", CODE)
    assignment_id = make_assignment(app, classroom_id, feedback_mode=FeedbackMode.IMMEDIATE)

    def answers(plan):
        return lambda n, question: plan(n) and answer_fields(question, "en", plan(n))

    finished = [
        make_attempt(app, make_learner(app, classroom_id, name), assignment_id, answers(plan))
        for name, plan in SCENE_LEARNERS
    ]
    halfway = make_attempt(
        app,
        make_learner(app, classroom_id, HALFWAY_LEARNER),
        assignment_id,
        answers(lambda n: None if n > HALFWAY_ANSWERS else ("wrong" if n == 2 else "right")),
    )
    return ClassroomRows(classroom_id, assignment_id, finished, halfway)
