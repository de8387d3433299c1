"""Bad input of every kind ends in a clear 4xx page, and no stored response is lost or changed."""

import pytest
from answers import right_form, wrong_form
from factories import answer_questions

from quizapp.attempts import finish_attempt
from quizapp.constants import FinishReason
from quizapp.extensions import db
from quizapp.models import Attempt, Response


@pytest.fixture
def stored(in_app):
    """A function returning every stored response, to compare before and after bad input."""

    def responses() -> list[tuple]:
        with in_app():
            return [
                (r.attempt_id, r.question_id, r.answer, r.points, r.created_at)
                for r in db.session.query(Response).order_by(Response.id)
            ]

    return responses


@pytest.fixture
def started(app, browser, stored):
    """A practice attempt (started through the page, so that the browser holds it) with its first
    question answered right: (attempt id, stored responses)."""
    attempt_id = browser.start()
    browser.question_key(attempt_id, 1)  # the question's page was open when it was answered
    answer_questions(app, attempt_id, [1])
    return attempt_id, stored()


def choice_position(pack, start=2):
    return next(
        i for i, q in enumerate(pack.questions, 1) if i >= start and q.type == "single_choice"
    )


def test_a_forged_option_id_is_refused(browser, seed_pack, started, stored):
    attempt_id, before = started
    position = 2
    question = seed_pack.questions[position - 1]
    form = (
        {"answer": "forged-option"}
        if question.type != "matching"
        else {f"match-{question.items[0].id}": "forged-choice"}
    )
    if question.type in ("numeric", "short_text"):
        pytest.skip("question 2 of the seed pack must be a choice question for this test")
    response = browser.answer(attempt_id, position, **form)
    assert response.status_code == 400
    assert "not one of the choices" in response.get_data(as_text=True)
    assert stored() == before


def test_every_choice_type_refuses_forged_values(app, browser, seed_pack, started, stored):
    attempt_id, before = started
    for position, question in enumerate(seed_pack.questions, 1):
        if position == 1:
            continue
        if question.type in ("single_choice", "multiple_response", "true_false"):
            forged = {"answer": "1; DROP TABLE response"}
        elif question.type == "matching":
            forged = {f"match-{question.items[0].id}": "nobody"}
        else:
            answer_questions(app, attempt_id, [position])
            before = stored()
            continue
        response = browser.answer(attempt_id, position, **forged)
        assert response.status_code == 400, question.id
        assert stored() == before
        answer_questions(app, attempt_id, [position])
        before = stored()


def test_a_question_from_another_place_is_refused(browser, seed_pack, started, stored):
    attempt_id, before = started
    second = seed_pack.questions[1]
    for foreign in (browser.question_key(attempt_id, 1), second.id, "friend", ""):
        response = browser.post(
            f"/attempts/{attempt_id}/questions/2", {"question": foreign, **right_form(second)}
        )
        assert response.status_code == 400, foreign
        assert "belongs to a different question" in response.get_data(as_text=True)
    assert stored() == before


def test_a_missing_field_is_refused(browser, seed_pack, started, stored):
    attempt_id, before = started
    response = browser.post(
        f"/attempts/{attempt_id}/questions/2", right_form(seed_pack.questions[1])
    )
    assert response.status_code == 400
    assert "The form was incomplete" in response.get_data(as_text=True)
    assert stored() == before


def test_a_post_without_csrf_token_is_refused(browser, seed_pack, started, stored):
    attempt_id, before = started
    second = seed_pack.questions[1]
    key = browser.question_key(attempt_id, 2)
    for token in (None, "forged-token"):
        data = {"question": key, **right_form(second)}
        if token:
            data["csrf_token"] = token
        response = browser.post(f"/attempts/{attempt_id}/questions/2", data, csrf=False)
        assert response.status_code == 400
        assert "The form has expired" in response.get_data(as_text=True)
    assert stored() == before


def test_an_oversized_body_is_refused(browser, seed_pack, started, stored):
    attempt_id, before = started
    response = browser.answer(attempt_id, 2, answer="x" * 200_000)
    assert response.status_code == 413
    assert "too large" in response.get_data(as_text=True)
    assert stored() == before


@pytest.mark.parametrize(
    "content_type",
    ["application/x-www-form-urlencoded", "application/octet-stream", "multipart/form-data"],
)
def test_a_binary_body_is_refused(browser, started, content_type, stored):
    attempt_id, before = started
    body = bytes(range(256)) * 8
    response = browser.client.post(
        f"/attempts/{attempt_id}/questions/2", data=body, content_type=content_type
    )
    assert 400 <= response.status_code < 500
    assert stored() == before


def test_binary_values_in_a_valid_form_are_refused(browser, seed_pack, started, stored):
    attempt_id, before = started
    key = browser.question_key(attempt_id, 2)
    body = f"csrf_token={browser.token()}&question={key}&answer=%FF%FE%00%81".encode()
    response = browser.client.post(
        f"/attempts/{attempt_id}/questions/2",
        data=body,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code in (400, 422)
    assert stored() == before


def test_a_different_answer_to_an_answered_question_is_refused(browser, seed_pack, started, stored):
    attempt_id, before = started
    first = seed_pack.questions[0]
    response = browser.answer(attempt_id, 1, **wrong_form(first))
    assert response.status_code == 409
    assert "your first answer is kept" in response.get_data(as_text=True)
    assert stored() == before


def test_an_answer_to_a_finished_attempt_is_refused(app, browser, seed_pack, stored, in_app):
    attempt_id = browser.start()
    last_position = len(seed_pack.questions)
    answer_questions(app, attempt_id, range(1, last_position))
    browser.question_key(attempt_id, last_position)  # the last question's page is opened
    # The last question's form is still open in another tab while the attempt is finished.
    with in_app():
        finish_attempt(db.session.get(Attempt, attempt_id), FinishReason.SUBMITTED)
        db.session.commit()
    before = stored()
    last = seed_pack.questions[-1]
    response = browser.answer(attempt_id, len(seed_pack.questions), **right_form(last))
    assert response.status_code == 409
    assert "This attempt is finished" in response.get_data(as_text=True)
    assert stored() == before


def test_another_learners_attempt_is_not_found(browser, other_browser, seed_pack, started, stored):
    attempt_id, before = started
    other_browser.start(name="Ben")
    urls = [
        f"/attempts/{attempt_id}",
        f"/attempts/{attempt_id}/questions/1",
        f"/attempts/{attempt_id}/questions/2",
        f"/attempts/{attempt_id}/results",
    ]
    for url in urls:
        assert other_browser.get(url).status_code == 404, url
    second = seed_pack.questions[1]
    response = other_browser.post(
        f"/attempts/{attempt_id}/questions/2",
        {"question": browser.question_key(attempt_id, 2), **right_form(second)},
    )
    assert response.status_code == 404
    assert stored() == before


def test_someone_not_signed_in_gets_404(app, started):
    attempt_id, _ = started
    assert app.test_client().get(f"/attempts/{attempt_id}/questions/1").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/attempts/1/questions/0",
        "/attempts/1/questions/999",
        "/attempts/abc",
        "/attempts/99999/results",
        "/nowhere",
    ],
)
def test_unknown_urls_are_not_found(browser, started, url):
    response = browser.get(url)
    assert response.status_code == 404
    assert "<html lang=" in response.get_data(as_text=True)


def test_the_wrong_method_is_refused(browser):
    response = browser.get("/language")
    assert response.status_code == 405
