"""A question page without an answer in it is drawn once per question and what it shows, and kept
(views.question_page, issue 29): every learner still gets the page as it would be drawn for them
alone, with their own attempt, positions, name, CSRF token, timer and order of options, in their
language. The main test draws many learners' pages once with keeping switched off and once through
the kept pages, in an order where any page missing from the key would be served another's."""

import copy
import re
import string

import factories
from hypothesis import given
from hypothesis import strategies as st
from pages import page_html

from quizapp import views
from quizapp.extensions import db
from quizapp.models import Assignment, Attempt, Learner, StoredPack

TOKEN = re.compile(r'name="csrf_token" value="([^"]*)"')
STAND_IN = re.compile(r"quizapp-[a-z]+-[0-9a-f]{16}|\d{18}")


def _forget_kept_pages(app) -> None:
    """Every kept page, header part and set of controls goes, as in a new worker."""
    app.extensions.pop("quizapp.cached_parts", None)
    app.extensions.pop("quizapp.kept_layout", None)


def _learner_attempt(app, assignment_id, name, *, order=None, flagged=(), locale="en"):
    """A learner of the assignment's class with an attempt and no answer; `order` rearranges
    the pack's questions (a function of their list), `flagged` flags questions by position."""
    with app.app_context():
        classroom_id = db.session.get(Assignment, assignment_id).classroom_id
    learner_id = factories.make_learner(app, classroom_id, name)
    attempt_id = factories.make_attempt(app, learner_id, assignment_id, answers=[])
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        if order is not None:
            attempt.question_order = order(list(attempt.question_order))
        attempt.flagged = [attempt.question_order[position - 1] for position in flagged]
        db.session.get(Learner, learner_id).locale = locale
        db.session.commit()
        return classroom_id, attempt_id, len(attempt.question_order)


def _browsers(app, new_learner_browser, teacher_id):
    """(label, browser, attempt id, question count) for learners whose pages differ in one thing
    each that a kept page depends on."""
    plain = factories.make_assignment(app, factories.make_classroom(app, teacher_id, code="KEPT01"))
    immediate = factories.make_assignment(
        app, factories.make_classroom(app, teacher_id, code="KEPT02"), feedback_mode="immediate"
    )
    timed = factories.make_assignment(
        app, factories.make_classroom(app, teacher_id, code="KEPT03"), time_limit_minutes=30
    )
    german_quiz = factories.make_assignment(
        app, factories.make_classroom(app, teacher_id, code="KEPT04"), languages=["de"]
    )
    shuffled = factories.make_assignment(
        app, factories.make_classroom(app, teacher_id, code="KEPT05"), shuffle_options=True
    )
    learners = [
        ("Ana", plain, {}),
        ('Ben <b>"&', plain, {"order": lambda questions: questions[::-1]}),
        ("Lou", plain, {"order": lambda questions: questions[1:] + questions[:1]}),
        ("Max", plain, {"order": lambda questions: questions[-1:] + questions[:-1]}),
        ("Kai", plain, {"order": lambda questions: questions[:5]}),  # as a practice of five
        ("Cem", plain, {"flagged": (2,)}),
        ("Fay", plain, {"locale": "de"}),
        ("Dora", immediate, {}),
        ("Emil", timed, {}),
        ("Gus", german_quiz, {}),
        ("Nina", german_quiz, {"locale": "de"}),
        ("Hal", shuffled, {}),
        ("Ida", shuffled, {}),
    ]
    found = []
    for name, assignment_id, options in learners:
        _classroom, attempt_id, total = _learner_attempt(app, assignment_id, name, **options)
        browser = new_learner_browser()
        with app.app_context():
            code = db.session.get(Attempt, attempt_id).assignment.classroom.join_code
        browser.sign_in(code, name)
        found.append((name, browser, attempt_id, total))
    return found


def test_every_kept_question_page_is_the_page_drawn_for_its_learner_alone(
    app, new_learner_browser, teacher_id, monkeypatch
):
    pages = [
        (name, browser, f"/attempts/{attempt_id}/questions/{position}", root)
        for name, browser, attempt_id, total in _browsers(app, new_learner_browser, teacher_id)
        for position in ((1,) if name == "Dora" else (1, 2, total - 1, total))  # Dora: one by one
        for root in (("", "/school") if name == "Ana" else ("",))  # the app under a path too
    ]
    with monkeypatch.context() as keeping_off:
        keeping_off.setattr(views, "_question_page_key", lambda _page: None)
        alone = {}
        for name, browser, url, root in pages:
            response = browser.get(url, environ_overrides={"SCRIPT_NAME": root})
            assert response.status_code == 200, (name, url)
            alone[name, url, root] = response.get_data(as_text=True)
    assert "/school/attempts/" in alone[pages[1][0], pages[1][2], "/school"]
    _forget_kept_pages(app)
    for name, browser, url, root in pages:
        response = browser.get(url, environ_overrides={"SCRIPT_NAME": root})
        assert response.status_code == 200
        assert response.get_data(as_text=True) == alone[name, url, root], (name, url, root)
    assert app.extensions["quizapp.cached_parts"], "the pages were kept"


def test_a_kept_page_carries_its_learners_own_values_and_its_form_answers(
    app, new_learner_browser, teacher_id
):
    learners = _browsers(app, new_learner_browser, teacher_id)[:2]
    seen_tokens = set()
    for name, browser, attempt_id, total in learners:
        for _ in range(2):  # drawn, then kept
            page = page_html(browser.get(f"/attempts/{attempt_id}/questions/2"))
            assert not STAND_IN.search(page)
            assert f"Question 2 of {total}" in page
            assert f"/attempts/{attempt_id}/questions/1" in page
            assert f"/attempts/{attempt_id}/questions/3" in page
            assert set(re.findall(r"/attempts/(\d+)/", page)) == {str(attempt_id)}
            assert f'<span class="who">{name}</span>' in page
        tokens = set(TOKEN.findall(page))
        assert len(tokens) == 1 and not tokens & seen_tokens
        seen_tokens |= tokens
    name, browser, attempt_id, _total = learners[1]
    page = browser.get(f"/attempts/{attempt_id}/questions/2").get_data(as_text=True)
    assert "Ben &lt;b&gt;&#34;&amp;" in page
    key = re.search(r'name="question" value="([^"]*)"', page).group(1)
    answered = browser.post(
        f"/attempts/{attempt_id}/questions/2",
        {"csrf_token": TOKEN.search(page).group(1), "question": key, "answer": ""},
    )
    assert answered.status_code in (303, 422), answered.status_code


NAMES = ("name", "token", "path", "key", "controls")
NUMBERS = ("attempt", "position")


@given(
    texts=st.lists(st.text(alphabet=string.printable + "{}äß€", max_size=12), min_size=1),
    names=st.lists(st.sampled_from(NAMES + NUMBERS), max_size=8),
    values=st.fixed_dictionaries({name: st.text(max_size=8) for name in NAMES + NUMBERS}),
)
def test_a_drawing_cut_at_its_stand_ins_is_filled_back_exactly(texts, names, values):
    """Whatever text stands around the stand-ins (braces, % signs, digits), filling a cut
    drawing gives the drawing with each value in its stand-in's place."""
    slots = views.Slots(*NAMES, numbers=NUMBERS)
    names = names[: len(texts) - 1]
    texts = texts[: len(names) + 1]
    drawing = "".join(
        text + str(slots.stand_ins[name]) for text, name in zip(texts, names, strict=False)
    )
    wanted = "".join(text + values[name] for text, name in zip(texts, names, strict=False))
    cut = slots.cut(drawing + texts[-1])
    assert cut[1] == frozenset(names)
    assert slots.fill(cut, values.__getitem__) == wanted + texts[-1]


def test_learners_pinned_to_two_versions_of_a_pack_each_get_their_versions_kept_page(
    app, new_learner_browser, teacher_id
):
    """A teacher publishes a pack, gives it to one class, edits its title and first question and
    publishes again for another: each class's kept pages show the version it was given."""
    stored_id = factories.make_pack(app, teacher_id, slug="kept-versions")
    first = factories.make_pack_version(app, stored_id)
    with app.app_context():
        stored = db.session.get(StoredPack, stored_id)
        draft = copy.deepcopy(stored.draft)
        draft["title"] = {language: f"{text} (2)" for language, text in draft["title"].items()}
        prompt = draft["questions"][0]["prompt"]
        draft["questions"][0]["prompt"] = {
            language: f"{text} (2)" for language, text in prompt.items()
        }
        stored.draft = draft
        db.session.commit()
    second = factories.make_pack_version(app, stored_id)
    assert first != second
    seen = {}
    for code, version in (("VERS01", first), ("VERS02", second), ("VERS03", first)):
        classroom_id = factories.make_classroom(app, teacher_id, code=code)
        assignment_id = factories.make_assignment(
            app, classroom_id, pack_slug="kept-versions", pack_version_id=version
        )
        _classroom, attempt_id, _total = _learner_attempt(app, assignment_id, f"Learner {code}")
        browser = new_learner_browser()
        browser.sign_in(code, f"Learner {code}")
        pages = [page_html(browser.get(f"/attempts/{attempt_id}/questions/1")) for _ in range(2)]
        assert pages[0] == pages[1]
        seen[code] = pages[0]
    assert "(2)" not in seen["VERS01"] and "(2)" not in seen["VERS03"]
    assert seen["VERS02"].count("(2)") >= 2  # the title and the first question's prompt
