"""Two requests answering the same question at the same moment (a double click, a retried POST):
the second's INSERT fails on the unique response per question, and record_response takes the
stored answer (the same one: returned; a different one where answers may change: stored over
it). Its INSERT goes through the connection after an explicit flush (attempts._insert_response),
so this path must keep working on both databases."""

import pytest
from factories import make_assignment, make_attempt, make_classroom, make_learner
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from quizapp.attempts import record_response
from quizapp.constants import FeedbackMode
from quizapp.engine import question_type
from quizapp.extensions import db
from quizapp.models import Attempt, Response
from quizapp.packs import pinned_pack


def raw_answer(question, right: bool):
    qtype = question_type(question.type)
    return qtype.form_response(question, MultiDict(qtype.sample_form(question, right)))


@pytest.mark.parametrize("same", [True, False], ids=["the same answer", "another answer"])
def test_an_answer_stored_by_another_request_meanwhile(app, teacher_id, monkeypatch, same):
    classroom_id = make_classroom(app, teacher_id)
    assignment_id = make_assignment(app, classroom_id, feedback_mode=FeedbackMode.AFTER_ATTEMPT)
    attempt_id = make_attempt(
        app, make_learner(app, classroom_id, "Ana"), assignment_id, [True]
    )  # the first question answered right, as by the other request
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        question = pinned_pack(attempt).question(attempt.question_order[0])
        # This request looked before the other one stored its answer.
        monkeypatch.setattr(attempt, "response_for", lambda _question_id: None)
        stored = record_response(attempt, question, raw_answer(question, same), "en")
        assert stored.id is not None and stored.question_id == question.id
        assert (stored.fraction == 1.0) is same
    with app.app_context():
        rows = db.session.scalars(
            select(Response).filter_by(attempt_id=attempt_id, question_id=question.id)
        ).all()
        assert len(rows) == 1 and (rows[0].fraction == 1.0) is same
        count = select(func.count()).select_from(Response).filter_by(attempt_id=attempt_id)
        assert db.session.scalar(count) == 1
