"""A learner takes the seed quiz from start to results, with feedback, resume and the reading view."""

import html
import re

import pytest
from answers import right_form, wrong_form
from pages import page_text

from quizapp.extensions import db
from quizapp.models import Attempt, Response


def answer_all(browser, attempt_id, pack, wrong_ids=()):
    for position, question in enumerate(pack.questions, start=1):
        form = wrong_form(question) if question.id in wrong_ids else right_form(question)
        result = browser.answer(attempt_id, position, question.id, **form)
        assert result.status_code == 303, (question.id, result.get_data(as_text=True)[:2000])


def test_start_page_offers_the_seed_quiz(browser, seed_pack):
    page = browser.get("/")
    assert page.status_code == 200
    assert seed_pack.title["en"] in page_text(page)
    assert 'action="/packs/belarus-ukraine-war/attempts"' in page.get_data(as_text=True)


def test_a_name_is_required_to_start(browser, in_app):
    response = browser.post(
        "/packs/belarus-ukraine-war/attempts", {"display_name": "  ", "feedback_mode": "immediate"}
    )
    assert response.status_code == 422
    assert "Please enter your name." in page_text(response)
    with in_app():
        assert db.session.query(Attempt).count() == 0


def test_one_question_per_page_with_progress(browser, seed_pack):
    attempt_id = browser.start()
    page = browser.get(f"/attempts/{attempt_id}/questions/1")
    total = len(seed_pack.questions)
    assert f"Question 1 of {total}" in page_text(page)
    assert f'<progress max="{total}" value="1"' in page.get_data(as_text=True)
    assert seed_pack.questions[0].prompt["en"] in page_text(page)
    assert seed_pack.questions[1].prompt["en"] not in page_text(page)


def test_whole_quiz_immediate_feedback_and_results(browser, seed_pack, in_app):
    attempt_id = browser.start(feedback_mode="immediate")
    wrong = {seed_pack.questions[0].id, seed_pack.questions[3].id}
    for position, question in enumerate(seed_pack.questions, start=1):
        form = wrong_form(question) if question.id in wrong else right_form(question)
        result = browser.answer(attempt_id, position, question.id, **form)
        assert result.status_code == 303
        assert result.headers["Location"].endswith(f"/questions/{position}#feedback")
        page = browser.get(result.headers["Location"])
        body = page.get_data(as_text=True)
        assert ("Not right" in body) is (question.id in wrong), question.id
        assert question.explanation["en"] in html.unescape(body)
        assert "<mark>" in body, question.id
        quote = question.quotes[0]
        assert (
            f'href="/packs/belarus-ukraine-war/source?attempt={attempt_id}#{quote.paragraph}"'
            in body
        )
    points = sum(q.points for q in seed_pack.questions if q.id not in wrong)
    with in_app():
        attempt = db.session.get(Attempt, attempt_id)
        assert attempt.finished
        assert attempt.score == pytest.approx(points)
    results = browser.get(f"/attempts/{attempt_id}/results")
    assert results.status_code == 200
    total = sum(q.points for q in seed_pack.questions)
    assert f"You scored {points:g} of {total:g} points" in page_text(results)


def test_a_wrong_choice_shows_its_own_feedback(browser, seed_pack):
    attempt_id = browser.start()
    position, question = next(
        (i, q)
        for i, q in enumerate(seed_pack.questions, 1)
        if q.type == "single_choice" and i == 1 or q.type == "single_choice"
    )
    for earlier in range(1, position):
        q = seed_pack.questions[earlier - 1]
        browser.answer(attempt_id, earlier, q.id, **right_form(q))
    distractor = next(o for o in question.options if not o.correct)
    browser.answer(attempt_id, position, question.id, answer=distractor.id)
    page = browser.get(f"/attempts/{attempt_id}/questions/{position}")
    assert distractor.feedback["en"] in html.unescape(page.get_data(as_text=True))


def test_quote_is_highlighted_inside_its_paragraph(browser, seed_pack):
    attempt_id = browser.start()
    question = seed_pack.questions[0]
    browser.answer(attempt_id, 1, question.id, **right_form(question))
    body = browser.get(f"/attempts/{attempt_id}/questions/1").get_data(as_text=True)
    paragraph = seed_pack.source.paragraph(question.quotes[0].paragraph)
    shown = re.search(r"<blockquote[^>]*>\s*<p>(.*?)</p>", body, re.S).group(1)
    assert html.unescape(re.sub(r"</?mark>", "", shown)) == paragraph.text
    marked = html.unescape(re.search(r"<mark>(.*?)</mark>", shown).group(1))
    assert " ".join(marked.split()) == " ".join(question.quotes[0].text.split())


def test_deferred_feedback_waits_for_the_results_page(browser, seed_pack):
    attempt_id = browser.start(feedback_mode="after_attempt")
    first = seed_pack.questions[0]
    result = browser.answer(attempt_id, 1, first.id, **wrong_form(first))
    assert result.headers["Location"].endswith(f"/attempts/{attempt_id}/questions/2")
    page = browser.get(f"/attempts/{attempt_id}/questions/1").get_data(as_text=True)
    assert "Not right" not in page and "<mark>" not in page
    assert first.explanation["en"] not in html.unescape(page)
    assert browser.get(f"/attempts/{attempt_id}/results").status_code == 302  # not finished yet
    for position, question in list(enumerate(seed_pack.questions, 1))[1:]:
        last = browser.answer(attempt_id, position, question.id, **right_form(question))
    assert last.headers["Location"].endswith(f"/attempts/{attempt_id}/summary")
    assert browser.get(f"/attempts/{attempt_id}/results").status_code == 302  # not submitted yet
    submitted = browser.post(f"/attempts/{attempt_id}/submit")
    assert submitted.headers["Location"].endswith(f"/attempts/{attempt_id}/results")
    results = browser.get(f"/attempts/{attempt_id}/results").get_data(as_text=True)
    assert "Not right" in results
    assert first.explanation["en"] in html.unescape(results)
    assert results.count("<mark>") >= len(seed_pack.questions)


def test_closing_the_browser_and_coming_back_resumes(app, browser, seed_pack):
    attempt_id = browser.start()
    for position in (1, 2, 3):
        question = seed_pack.questions[position - 1]
        browser.answer(attempt_id, position, question.id, **right_form(question))
    # A closed browser forgets its session cookie but keeps the long-lived remember cookie.
    remember = browser.client.get_cookie("remember_token")
    assert remember is not None and remember.expires is not None
    fresh = app.test_client()
    fresh.set_cookie("remember_token", remember.value)
    start = fresh.get("/")
    assert f"/attempts/{attempt_id}" in start.get_data(as_text=True)
    resumed = fresh.get(f"/attempts/{attempt_id}")
    assert resumed.headers["Location"].endswith(f"/attempts/{attempt_id}/questions/4")


def test_skipping_ahead_leads_back_to_the_resume_point(browser, seed_pack):
    attempt_id = browser.start()
    response = browser.get(f"/attempts/{attempt_id}/questions/5")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/attempts/{attempt_id}/questions/1")


def test_a_double_submit_stores_one_response(browser, seed_pack, in_app):
    attempt_id = browser.start()
    question = seed_pack.questions[0]
    first = browser.answer(attempt_id, 1, question.id, **right_form(question))
    again = browser.answer(attempt_id, 1, question.id, **right_form(question))
    assert first.status_code == again.status_code == 303
    with in_app():
        assert db.session.query(Response).count() == 1


def test_numeric_answers_are_read_in_the_learners_language(browser, seed_pack, in_app):
    position, question = next(
        (i, q)
        for i, q in enumerate(seed_pack.questions, 1)
        if q.type == "numeric" and q.answer > 1_000_000
    )
    attempt_id = browser.start()
    for earlier in range(1, position):
        q = seed_pack.questions[earlier - 1]
        browser.answer(attempt_id, earlier, q.id, **right_form(q))
    unclear = browser.answer(attempt_id, position, question.id, answer="9,2")
    assert unclear.status_code == 422
    assert "We could not tell which number you mean" in page_text(unclear)
    with in_app():
        assert db.session.query(Response).filter_by(question_id=question.id).count() == 0
    written = f"{question.answer / 1e6:.1f} million"
    assert browser.answer(attempt_id, position, question.id, answer=written).status_code == 303
    with in_app():
        stored = db.session.query(Response).filter_by(question_id=question.id).one()
        assert stored.correct and stored.given == written


def test_an_empty_answer_asks_again(browser, seed_pack, in_app):
    attempt_id = browser.start()
    question = seed_pack.questions[0]
    response = browser.answer(attempt_id, 1, question.id)
    assert response.status_code == 422
    assert 'role="alert"' in response.get_data(as_text=True)
    with in_app():
        assert db.session.query(Response).count() == 0


def test_correct_answers_never_reach_the_browser_before_answering(browser, seed_pack):
    attempt_id = browser.start()
    for position, question in enumerate(seed_pack.questions, start=1):
        body = browser.get(f"/attempts/{attempt_id}/questions/{position}").get_data(as_text=True)
        visible = html.unescape(body)
        assert question.explanation["en"] not in visible, question.id
        for option in question.options:
            if option.feedback:
                assert option.feedback["en"] not in visible, question.id
        if question.feedback:
            assert question.feedback["en"] not in visible, question.id
        assert "correct" not in body.lower(), question.id
        assert "<mark>" not in body
        inputs = re.findall(r"<input[^>]*name=\"answer\"[^>]*>", body)
        shapes = {re.sub(r'value="[^"]*"', "", tag) for tag in inputs}
        assert len(shapes) <= 1, question.id  # every option looks the same but for its value
        if question.type == "short_text":
            for variants in question.accepted.values():
                for accepted in variants:
                    assert accepted.lower() not in visible.lower(), (question.id, accepted)
        if question.type == "numeric":
            assert f"{question.answer:g}" not in visible, question.id
        if question.type == "matching":
            selects = re.findall(r"<select[^>]*>(.*?)</select>", body, re.S)
            assert len(set(selects)) == 1, question.id  # the same choices in the same order
        browser.answer(attempt_id, position, question.id, **right_form(question))


def test_reading_view_has_paragraph_anchors_and_captions_apart(browser, seed_pack):
    page = browser.get("/packs/belarus-ukraine-war/source")
    body = page.get_data(as_text=True)
    assert page.status_code == 200
    for paragraph in seed_pack.source.paragraphs:
        assert f'id="{paragraph.id}"' in body
    assert body.count('class="caption"') == sum(
        p.kind == "caption" for p in seed_pack.source.paragraphs
    )
    assert seed_pack.source.attribution in html.unescape(body)


def test_unknown_pack_is_a_404(browser):
    assert browser.get("/packs/nope/source").status_code == 404
    assert browser.post("/packs/nope/attempts", {"display_name": "A"}).status_code == 404


def test_each_results_page_links_its_own_attempt_in_its_own_language(
    app, new_learner_browser, seed_pack
):
    """The right answers, explanations and quotes are drawn once per pack and language and kept
    (views.cached_part): each learner still gets the links to their own attempt's article, and a
    language switch gets the parts in the new language."""
    import factories

    classroom_id = factories.make_classroom(app, factories.make_instructor(app), code="KEPT42")
    assignment_id = factories.make_assignment(app, classroom_id, feedback_mode="immediate")
    wrong = {q.id for q in seed_pack.questions[::3]}
    pages = {}
    for name in ("Ana", "Ben"):
        learner_id = factories.make_learner(app, classroom_id, name)
        attempt_id = factories.make_attempt(
            app, learner_id, assignment_id, [q.id not in wrong for q in seed_pack.questions]
        )
        browser = new_learner_browser()
        browser.sign_in("KEPT42", name)
        english = browser.get(f"/attempts/{attempt_id}/results").get_data(as_text=True)
        question = browser.get(f"/attempts/{attempt_id}/questions/1").get_data(as_text=True)
        browser.post("/language", {"language": "de", "next": "/"})
        german = browser.get(f"/attempts/{attempt_id}/results").get_data(as_text=True)
        pages[attempt_id] = (english, german, question)
    # One link per quoted paragraph: quotes from one paragraph are shown together.
    quotes = sum(len({quote.paragraph for quote in q.quotes}) for q in seed_pack.questions)
    first_wrong = seed_pack.questions[0]
    for attempt_id, (english, german, question) in pages.items():
        for page in (english, german):
            linked = re.findall(r'href="[^"]*/source\?attempt=(\d+)#', page)
            assert linked == [str(attempt_id)] * quotes, set(linked)
        linked = re.findall(r'href="[^"]*/source\?attempt=(\d+)#', question)
        paragraphs = {quote.paragraph for quote in first_wrong.quotes}
        assert linked == [str(attempt_id)] * len(paragraphs), set(linked)
        assert not any("quizapp-attempt-" in page for page in (english, german, question))
        assert html.unescape(first_wrong.explanation["en"]) in html.unescape(english)
        assert "Why:" in english and "Warum:" not in english
        assert first_wrong.explanation["de"] in html.unescape(german)
        assert "Warum:" in german and "Why:" not in german
        assert german.count("Die richtige Antwort") == len(wrong)


def test_each_learner_sees_their_own_answer_in_their_language(app, new_learner_browser, seed_pack):
    """Answer summaries are kept too (views.cached_answer), by answer and language: two learners
    who chose differently each see their own choice, and a switch to German shows it in German."""
    import factories

    position, question = next(
        (p, q) for p, q in enumerate(seed_pack.questions, 1) if q.type == "single_choice"
    )
    classroom_id = factories.make_classroom(app, factories.make_instructor(app), code="KEPT43")
    assignment_id = factories.make_assignment(app, classroom_id, feedback_mode="immediate")
    shown = {}
    for name, right in (("Ana", False), ("Ben", True), ("Cleo", False)):
        attempt_id = factories.make_attempt(
            app,
            factories.make_learner(app, classroom_id, name),
            assignment_id,
            [right if p == position else True for p in range(1, len(seed_pack.questions) + 1)],
        )
        browser = new_learner_browser()
        browser.sign_in("KEPT43", name)
        for language in ("en", "de"):
            browser.post("/language", {"language": language, "next": "/"})
            page = browser.get(f"/attempts/{attempt_id}/results").get_data(as_text=True)
            card = page.split(f'id="question-{position}"')[1].split('class="card"')[0]
            line = re.search(r"</strong>(.*?)</div>", card, re.S).group(1)
            shown[(name, language)] = html.unescape(" ".join(line.split()))
    chosen = {
        name: question.option((right_form if right else wrong_form)(question)["answer"])
        for name, right in (("Ana", False), ("Ben", True), ("Cleo", False))
    }
    for (name, language), line in shown.items():
        assert line == chosen[name].text[language], (name, language, line)
    assert shown[("Ana", "en")] != shown[("Ben", "en")]


def test_links_follow_the_root_the_app_is_served_under(app, new_learner_browser, seed_pack):
    """A school may serve quizapp under a path of its site (/quiz/…): every link on a page starts
    with the root the request came in under, the links every page has (kept once built) and the
    article's links in the kept feedback alike, and the same app still links plainly at /."""
    import factories

    classroom_id = factories.make_classroom(app, factories.make_instructor(app), code="ROOT42")
    assignment_id = factories.make_assignment(app, classroom_id, feedback_mode="immediate")
    learner_id = factories.make_learner(app, classroom_id, "Ana")
    attempt_id = factories.make_attempt(
        app, learner_id, assignment_id, [True] * len(seed_pack.questions)
    )
    browser = new_learner_browser()
    browser.sign_in("ROOT42", "Ana")
    pages = {}
    for root in ("", "/quiz", ""):
        response = browser.get(
            f"/attempts/{attempt_id}/results", base_url=f"http://localhost{root}/"
        )
        assert response.status_code == 200
        pages.setdefault(root, []).append(response.get_data(as_text=True))
    for root, bodies in pages.items():
        for body in bodies:
            links = re.findall(r'(?:href|action|cite)="(/[^"]*)"', body)
            assert len(links) > 40
            assert all(link.startswith(f"{root}/") for link in links), root
            if root:
                assert f'href="{root}/static/quizapp.css"' in body
                assert f'action="{root}/sign-out"' in body
            else:
                assert not any(link.startswith("/quiz/") for link in links)
