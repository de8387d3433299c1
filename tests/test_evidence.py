"""Find the evidence (issue 28): after answering, the learner marks the sentence of the article
that proves the answer; graded against the question's quotes, scored as the assignment's share,
shown in the feedback, and counted in the dashboard, statistics, exports and the reading view."""

import csv
import io
import re

import factories
import pytest
from answers import right_form
from markupsafe import escape
from pages import class_member, page_html

from quizapp.constants import FeedbackMode
from quizapp.evidence import evidence_text
from quizapp.extensions import db
from quizapp.models import Assignment, Attempt

SENTENCE_RADIO = re.compile(r'<input type="radio" name="sentence" value="([^"]+)"')


@pytest.fixture
def klass(app, teacher, teacher_id):
    """A classroom with one learner, Ana, signed in: (classroom id, Ana's browser)."""
    classroom_id = factories.make_classroom(app, teacher_id)
    return classroom_id, class_member(app, classroom_id, "Ana")


def sentences(pack, question, language="en"):
    """(a sentence proving the answer, one that does not) in the text shown in `language`."""
    text = evidence_text(pack, question, language)
    proving = {s.id for s in text.proving}
    other = next(s.id for _p, found in text.paragraphs for s in found if s.id not in proving)
    return text.proving[0].id, other


def start(app, klass, seed_pack, mode=FeedbackMode.IMMEDIATE, share=0.5):
    classroom_id, ana = klass
    assignment_id = factories.make_assignment(
        app, classroom_id, feedback_mode=mode, evidence_share=share
    )
    attempt_id = ana.start_assignment(assignment_id)
    order = factories.attempt_order(app, attempt_id)
    return assignment_id, attempt_id, [seed_pack.question(q) for q in order]


def mark(ana, attempt_id, position, sentence, **extra):
    url = f"/attempts/{attempt_id}/questions/{position}/evidence"
    return ana.post(url, {"sentence": sentence, **extra})


def test_after_an_answer_the_learner_marks_the_evidence_without_javascript(
    app, klass, seed_pack, in_app
):
    _assignment, attempt_id, questions = start(app, klass, seed_pack)
    ana = klass[1]
    reply = ana.answer(attempt_id, 1, **right_form(questions[0]))
    evidence_url = f"/attempts/{attempt_id}/questions/1/evidence"
    assert reply.headers["Location"].endswith(evidence_url)
    page = page_html(ana.get(evidence_url))
    assert "<fieldset" in page and "<legend>" in page
    assert SENTENCE_RADIO.search(page)
    # The feedback (the quote) waits for the evidence: the question page sends the learner back.
    assert ana.get(f"/attempts/{attempt_id}/questions/1").headers["Location"].endswith(evidence_url)
    proving, _other = sentences(seed_pack, questions[0])
    reply = mark(ana, attempt_id, 1, proving)
    assert reply.status_code == 303 and reply.headers["Location"].endswith("#feedback")
    feedback = page_html(ana.get(f"/attempts/{attempt_id}/questions/1"))
    assert "You found the evidence" in feedback
    with in_app():
        response = db.session.get(Attempt, attempt_id).responses[0]
        assert response.evidence_sentence == proving and response.evidence_correct is True
    # Marked once with immediate feedback, it stands.
    assert mark(ana, attempt_id, 1, _other).status_code == 303
    with in_app():
        assert db.session.get(Attempt, attempt_id).responses[0].evidence_sentence == proving


def test_a_neighbouring_sentence_is_not_the_evidence_and_the_right_one_is_shown(
    app, klass, seed_pack, in_app
):
    _assignment, attempt_id, questions = start(app, klass, seed_pack)
    ana = klass[1]
    ana.answer(attempt_id, 1, **right_form(questions[0]))
    text = evidence_text(seed_pack, questions[0], "en")
    proving = text.proving[0]
    paragraph = next(found for p, found in text.paragraphs if p.id == proving.paragraph)
    neighbours = [
        s for s in paragraph if abs(s.index - proving.index) == 1 and s not in text.proving
    ]
    wrong = neighbours[0].id if neighbours else sentences(seed_pack, questions[0])[1]
    mark(ana, attempt_id, 1, wrong)
    feedback = page_html(ana.get(f"/attempts/{attempt_id}/questions/1"))
    assert "The sentence you marked does not prove the answer" in feedback
    assert f'<mark lang="en">{escape(proving.reads)}</mark>' in feedback
    with in_app():
        assert db.session.get(Attempt, attempt_id).responses[0].evidence_correct is False


def test_no_sentence_chosen_asks_again(app, klass, seed_pack):
    _assignment, attempt_id, questions = start(app, klass, seed_pack)
    ana = klass[1]
    ana.answer(attempt_id, 1, **right_form(questions[0]))
    for sentence in ("", "p999:0", "nonsense"):
        reply = mark(ana, attempt_id, 1, sentence)
        assert reply.status_code == 422
        assert "Please mark the sentence that proves your answer." in page_html(reply)


def test_the_evidence_adds_its_share_to_the_score(app, klass, seed_pack, in_app):
    _assignment, attempt_id, questions = start(app, klass, seed_pack, share=0.5)
    ana = klass[1]
    for position, question in enumerate(questions, start=1):
        ana.answer(attempt_id, position, **right_form(question))
        proving, other = sentences(seed_pack, question)
        mark(ana, attempt_id, position, proving if position == 1 else other)
    with in_app():
        attempt = db.session.get(Attempt, attempt_id)
        assert attempt.finished
        assert attempt.max_score == pytest.approx(seed_pack.max_points * 1.5)
        assert attempt.score == pytest.approx(seed_pack.max_points + 0.5 * questions[0].points)


def test_in_a_deferred_mode_the_evidence_shows_in_the_results(app, klass, seed_pack, in_app):
    _assignment, attempt_id, questions = start(
        app, klass, seed_pack, mode=FeedbackMode.AFTER_ATTEMPT, share=1.0
    )
    ana = klass[1]
    reply = ana.answer(attempt_id, 1, **right_form(questions[0]))
    assert reply.headers["Location"].endswith(f"/attempts/{attempt_id}/questions/1/evidence")
    proving, other = sentences(seed_pack, questions[0])
    reply = mark(ana, attempt_id, 1, other)
    assert reply.headers["Location"].endswith(f"/attempts/{attempt_id}/questions/2")
    # Answers may change until submitted, and so may the evidence: the question page links to it.
    evidence_url = f"/attempts/{attempt_id}/questions/1/evidence"
    assert f'href="{evidence_url}"' in page_html(ana.get(f"/attempts/{attempt_id}/questions/1"))
    assert f'value="{other}" checked' in page_html(ana.get(evidence_url))
    assert mark(ana, attempt_id, 1, proving).status_code == 303
    factories.answer_questions(app, attempt_id, range(2, len(questions) + 1))
    assert ana.post(f"/attempts/{attempt_id}/submit").status_code == 303
    results = page_html(ana.get(f"/attempts/{attempt_id}/results"))
    assert results.count("You found the evidence") == 1
    assert "You did not mark the evidence." in results
    with in_app():
        attempt = db.session.get(Attempt, attempt_id)
        assert attempt.score == pytest.approx(seed_pack.max_points + questions[0].points)


def test_without_the_setting_nothing_changes(app, klass, seed_pack):
    _assignment, attempt_id, questions = start(app, klass, seed_pack, share=0.0)
    ana = klass[1]
    reply = ana.answer(attempt_id, 1, **right_form(questions[0]))
    assert reply.headers["Location"].endswith("#feedback")
    assert ana.get(f"/attempts/{attempt_id}/questions/1/evidence").status_code == 302
    assert "evidence" not in page_html(ana.get(f"/attempts/{attempt_id}/questions/1"))


def test_the_teacher_sets_the_share_in_the_assignment_form(app, teacher, klass, in_app):
    classroom_id, _ana = klass
    assignment_id = teacher.assign(classroom_id, evidence_share="0.25")
    with in_app():
        assert db.session.get(Assignment, assignment_id).evidence_share == 0.25
    form = page_html(teacher.get(f"/instructor/assignments/{assignment_id}/edit"))
    checked = re.findall(r'<input[^>]*name="evidence_share"[^>]*>', form)
    assert [tag for tag in checked if "checked" in tag and 'value="0.25"' in tag]


def test_a_german_learner_marks_the_evidence_in_german(app, klass, seed_pack, in_app):
    _assignment, attempt_id, questions = start(app, klass, seed_pack)
    ana = klass[1]
    ana.post("/language", {"language": "de", "next": "/"})
    ana.answer(attempt_id, 1, **right_form(questions[0]))
    page = page_html(ana.get(f"/attempts/{attempt_id}/questions/1/evidence"))
    assert "Finde den Beleg" in page
    text = evidence_text(seed_pack, questions[0], "de")
    reply = mark(ana, attempt_id, 1, text.proving[0].id)
    assert reply.status_code == 303
    with in_app():
        response = db.session.get(Attempt, attempt_id).responses[0]
        assert response.evidence_correct is True
        assert response.evidence_language == text.language


def evidence_class(app, teacher_id, seed_pack, marks):
    """An assignment asking for half the points as evidence, taken by one learner per entry of
    `marks`: whether they mark a proving sentence (True), a wrong one (False) or none (None) for
    every question, all answered right. Returns the assignment id."""
    classroom_id = factories.make_classroom(app, teacher_id)
    assignment_id = factories.make_assignment(
        app, classroom_id, feedback_mode=FeedbackMode.AFTER_ATTEMPT, evidence_share=0.5
    )
    for number, right in enumerate(marks):
        learner_id = factories.make_learner(app, classroom_id, f"Learner {number}")
        attempt_id = factories.make_attempt(app, learner_id, assignment_id)
        with app.app_context():
            attempt = db.session.get(Attempt, attempt_id)
            for response in attempt.responses:
                if right is None:
                    continue
                proving, other = sentences(seed_pack, seed_pack.question(response.question_id))
                response.evidence_sentence = proving if right else other
                response.evidence_language = "en"
                response.evidence_correct = right
            db.session.commit()
    return assignment_id


def test_the_dashboard_shows_the_evidence_facility_apart_from_the_answer(
    app, teacher, teacher_id, seed_pack
):
    assignment_id = evidence_class(app, teacher_id, seed_pack, [True, False, None, True])
    page = page_html(teacher.get(f"/instructor/assignments/{assignment_id}"))
    assert "Evidence found" in page
    items = page[page.index('id="items-caption"') :]
    first_row = items[items.index("<tbody>") : items.index("</tr>", items.index("<tbody>"))]
    assert re.findall(r"<td>([^<]*)</td>", first_row)[1:3] == ["100%", "50%"]


def test_the_reading_view_lists_the_sentences_marked_wrongly(app, teacher, teacher_id, seed_pack):
    assignment_id = evidence_class(app, teacher_id, seed_pack, [False, False, True])
    page = page_html(teacher.get(f"/instructor/assignments/{assignment_id}/reading"))
    assert "Sentences marked wrongly as the evidence" in page
    table = page[page.index('id="misreadings-caption"') :]
    question = seed_pack.questions[0]
    _proving, wrong = sentences(seed_pack, question)
    wrong_text = evidence_text(seed_pack, question, "en").sentence(wrong).reads
    assert str(escape(wrong_text)) in table
    assert "<td>2</td>" in table


def test_without_the_setting_the_dashboard_has_no_evidence_column(
    app, teacher, teacher_id, seed_pack
):
    classroom_id = factories.make_classroom(app, teacher_id)
    assignment_id = factories.make_assignment(app, classroom_id)
    learner_id = factories.make_learner(app, classroom_id, "Ana")
    factories.make_attempt(app, learner_id, assignment_id)
    assert "Evidence found" not in page_html(
        teacher.get(f"/instructor/assignments/{assignment_id}")
    )
    reading = page_html(teacher.get(f"/instructor/assignments/{assignment_id}/reading"))
    assert "marked wrongly" not in reading


def test_the_responses_export_has_the_evidence_and_the_gradebook_counts_it(
    app, teacher, klass, seed_pack
):
    classroom_id, ana = klass
    _assignment, attempt_id, questions = start(app, klass, seed_pack, share=0.5)
    for position, question in enumerate(questions, start=1):
        ana.answer(attempt_id, position, **right_form(question))
        proving, other = sentences(seed_pack, question)
        mark(ana, attempt_id, position, proving if position == 1 else other)
    url = f"/instructor/classrooms/{classroom_id}/export?what=responses&format=csv"
    header, *rows = csv.reader(io.StringIO(teacher.get(url).get_data(as_text=True)[1:]))
    assert header[-3:] == ["Evidence", "Evidence found", "Evidence points"]
    first = rows[0]
    proving_text = evidence_text(seed_pack, questions[0], "en").sentence(
        sentences(seed_pack, questions[0])[0]
    )
    assert first[-3:] == [proving_text.reads, "Found", f"{0.5 * questions[0].points:g}"]
    assert [row[-2] for row in rows[1:]] == ["Not found"] * (len(questions) - 1)
    url = f"/instructor/classrooms/{classroom_id}/export?what=scores&format=csv"
    header, row = list(csv.reader(io.StringIO(teacher.get(url).get_data(as_text=True)[1:])))
    total = seed_pack.max_points + 0.5 * questions[0].points
    assert float(row[header.index("Points")]) == pytest.approx(total)
    assert float(row[header.index("Maximum")]) == pytest.approx(seed_pack.max_points * 1.5)


def test_exports_without_the_setting_have_no_evidence_columns(app, teacher, klass, seed_pack):
    classroom_id, _ana = klass
    learner_id = factories.make_learner(app, classroom_id, "Ben")
    factories.make_attempt(app, learner_id, factories.make_assignment(app, classroom_id))
    url = f"/instructor/classrooms/{classroom_id}/export?what=responses&format=csv"
    header = next(csv.reader(io.StringIO(teacher.get(url).get_data(as_text=True)[1:])))
    assert "Evidence" not in header


def test_asking_for_the_evidence_during_the_quiz_raises_the_running_attempts_maximum(
    app, teacher, klass, seed_pack, in_app
):
    _assignment, attempt_id, _questions = start(app, klass, seed_pack, share=0.0)
    with in_app():
        assignment_id = db.session.get(Attempt, attempt_id).assignment_id
    reply = teacher.post(
        f"/instructor/assignments/{assignment_id}/edit",
        {"feedback_mode": "immediate", "attempts_allowed": "1", "evidence_share": "1.0"},
    )
    assert reply.status_code == 303, page_html(reply)[-2000:]
    with in_app():
        attempt = db.session.get(Attempt, attempt_id)
        assert attempt.max_score == pytest.approx(2 * seed_pack.max_points)
