"""What the database holds after a load run, checked against what the learners were told."""

from dataclasses import dataclass

import pytest
from answers import right_form, wrong_form
from sqlalchemy import func, select

from load.swarm import Outcome, prompt_text
from quizapp.attempts import regrade
from quizapp.constants import FinishReason
from quizapp.engine import grade_answer
from quizapp.extensions import db
from quizapp.models import Attempt, Learner, Response


def answer_book(pack) -> dict[str, tuple[dict, dict]]:
    """For each question's English prompt, the form of a right and of a wrong answer."""
    book = {
        prompt_text(question.prompt["en"]): (right_form(question), wrong_form(question))
        for question in pack.questions
    }
    assert len(book) == len(pack.questions), "two questions share a prompt"
    return book


@dataclass
class Ledger:
    acknowledged: int  # answers the learners were told were saved
    stored: int  # responses in the database
    finished: int  # finished attempts
    attempts: dict[str, Attempt]  # by learner name, detached after the check


def check_stored(app, outcomes: list[Outcome], pack) -> Ledger:
    """Assert every acknowledged answer is stored exactly once, as it was given, and every score is
    the sum of its responses' points, each point the engine's grade of the stored answer."""
    with app.app_context():
        duplicates = db.session.execute(
            select(Response.attempt_id, Response.question_id, func.count())
            .group_by(Response.attempt_id, Response.question_id)
            .having(func.count() > 1)
        ).all()
        assert duplicates == [], f"responses stored more than once: {duplicates[:10]}"
        attempts = {}
        for learner in db.session.scalars(
            select(Learner).filter(Learner.classroom_id.is_not(None))
        ):
            assert len(learner.attempts) <= 1, f"{learner.display_name} has several attempts"
            if learner.attempts:
                attempts[learner.display_name] = learner.attempts[0]

        acknowledged = 0
        for outcome in outcomes:
            attempt = attempts.get(outcome.name)
            assert attempt is not None and attempt.id == outcome.attempt_id, outcome.name
            stored = {r.question_id: r for r in attempt.responses}
            for position, right in outcome.acknowledged:
                question_id = attempt.question_order[position - 1]
                response = stored.get(question_id)
                assert response is not None, f"{outcome.name}: acknowledged {position} is lost"
                assert response.correct == right, f"{outcome.name}: {position} stored differently"
                acknowledged += 1

        for name, attempt in attempts.items():
            points = 0.0
            for response in attempt.responses:
                grade = grade_answer(pack.question(response.question_id), response.answer)
                assert response.points == pytest.approx(grade.points), (name, response.question_id)
                assert response.fraction == pytest.approx(grade.fraction), (name, response.id)
                points += response.points
            assert regrade(attempt, pack) == pytest.approx(points), name
            assert attempt.finished == (attempt.resume_point is None), name
            if attempt.finished:
                assert attempt.finish_reason == FinishReason.SUBMITTED, name
                assert attempt.score == pytest.approx(points), f"{name}: score is not the sum"
        stored_total = db.session.scalar(select(func.count()).select_from(Response))
        finished = sum(attempt.finished for attempt in attempts.values())
        db.session.expunge_all()
        return Ledger(acknowledged, stored_total, finished, attempts)
