"""WCAG 2.1 AA in Chromium: axe-core on every kind of page in both languages, for learners and
teachers, a quiz taken with the keyboard alone, feedback announced, and reflow at 320 px and 200 %."""

import re

import pytest
from playwright.sync_api import Page, expect

from e2e.checks import AxeAudit, assert_focus_visible, elements_past_the_window, horizontal_overflow
from e2e.steps import (
    SEED_PACK,
    VERDICTS,
    answer_by_request,
    answer_current_question,
    answer_fields,
    assign_seed_pack,
    attempt_path,
    choose_language,
    create_classroom,
    current_position,
    join_classroom,
    seed_pack,
    start_practice,
)

LANGUAGES = ["en", "de"]
SOURCE_URL = f"/packs/{SEED_PACK}/source"


def submit(page: Page) -> None:
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()


def audited_positions() -> dict[int, str]:
    """The questions the axe walk answers in the browser, and how: the first of each type wrongly
    (a multiple response one partly), the second single choice rightly."""
    plan: dict[int, str] = {}
    for position, question in enumerate(seed_pack().questions, start=1):
        if question.type not in {seed_pack().questions[p - 1].type for p in plan}:
            plan[position] = "partly" if question.type == "multiple_response" else "wrong"
    second_choice = [
        p for p, q in enumerate(seed_pack().questions, start=1) if q.type == "single_choice"
    ][1]
    plan[second_choice] = "right"
    return dict(sorted(plan.items()))


def audit_practice_attempt(page: Page, audit: AxeAudit, language: str) -> None:
    """Take the whole quiz: check each question type before and after answering (every verdict),
    an empty answer's error and the results page. Questions in between are answered over HTTP."""
    path = attempt_path(page)
    total = len(seed_pack().questions)
    plan = audited_positions()
    verdicts = set()
    position = 1
    for audited, how in plan.items():
        if position < audited:
            answer_by_request(
                page.context, path, range(position, audited), language, lambda n: "right"
            )
        if audited > 1:
            page.goto(f"{path}/questions/{audited}")
        kind = seed_pack().questions[audited - 1].type
        audit.check(page, f"question {audited} ({kind})")
        if audited == 1:
            submit(page)
            expect(page.locator("#answer-error")).to_be_visible()
            audit.check(page, "question with an empty answer (422)")
        answered = answer_current_question(page, language, how)
        assert answered.verdict == how
        verdicts.add(how)
        audit.check(page, f"feedback on question {audited} ({kind}, {how})")
        position = audited + 1
    assert verdicts == {"right", "wrong", "partly"}
    assert {seed_pack().questions[p - 1].type for p in plan} == {
        q.type for q in seed_pack().questions
    }
    answer_by_request(page.context, path, range(position, total + 1), language, lambda n: "right")
    page.goto(f"{path}/results")
    audit.check(page, "results")


@pytest.mark.parametrize("language", LANGUAGES)
def test_learner_pages_have_no_axe_violations(new_context, classroom, language):
    audit = AxeAudit()
    page = new_context().new_page()
    page.goto("/")
    choose_language(page, language)
    audit.check(page, "start page")
    page.locator(f"form[action$='/packs/{SEED_PACK}/attempts'] button[type=submit]").click()
    expect(page.locator("[role=alert]")).to_be_visible()
    audit.check(page, "start page with a form error (422)")
    for path, label in (
        ("/join", "join with a class code"),
        (f"/join/{classroom.code}", "join a class"),
        ("/sign-in", "learner sign-in"),
        ("/instructor/sign-in", "teacher sign-in"),
        ("/instructor/sign-up", "teacher sign-up"),
    ):
        page.goto(path)
        audit.check(page, label)
        submit(page)
        expect(page.locator("[role=alert]").first).to_be_visible()
        audit.check(page, f"{label} with form errors (422)")
    page.goto("/join/NOSUCH")
    audit.check(page, "join with an unknown class code (404)")
    page.goto(SOURCE_URL + "#p3")
    audit.check(page, "reading view")
    response = page.goto("/no/such/page")
    assert response.status == 404
    audit.check(page, "page not found (404)")

    start_practice(page, "Axe Tester", language)
    audit_practice_attempt(page, audit, language)
    page.goto("/")
    audit.check(page, "start page with a finished practice attempt")

    halfway = new_context(storage_state=classroom.halfway_learner).new_page()
    halfway.goto("/")
    choose_language(halfway, language)
    audit.check(halfway, "start page of a learner in a class, quiz in progress")
    halfway.goto(classroom.answered_url)
    audit.check(halfway, "answered question of an assignment")
    halfway.goto(classroom.unanswered_url)
    audit.check(halfway, "open question of an assignment")
    finished = new_context(storage_state=classroom.finished_learner).new_page()
    finished.goto(classroom.results_url)
    choose_language(finished, language)
    audit.check(finished, "results of an assignment")
    finished.goto("/")
    audit.check(finished, "start page of a learner who finished")
    response = finished.goto("/attempts/999999/results")
    assert response.status == 404
    audit.check(finished, "someone else's attempt (404)")
    audit.assert_clean()


@pytest.mark.parametrize("language", LANGUAGES)
def test_teacher_pages_have_no_axe_violations(new_context, classroom, language):
    audit = AxeAudit()
    page = new_context(storage_state=classroom.teacher).new_page()
    page.goto("/instructor/")
    choose_language(page, language)
    audit.check(page, "teacher's classes")
    submit(page)
    expect(page.locator("[role=alert]")).to_be_visible()
    audit.check(page, "new class with a form error (422)")
    page.goto(classroom.classroom_url)
    audit.check(page, "classroom")
    page.goto(classroom.classroom_url + "/assignments/new")
    audit.check(page, "assignment form")
    page.locator("#attempts_allowed").fill("")
    page.locator("input[name=feedback_mode][value=after_close]").check()
    submit(page)
    expect(page.locator("[role=alert]")).to_be_visible()
    audit.check(page, "assignment form with errors (422)")
    page.goto(classroom.dashboard_url)
    audit.check(page, "dashboard with statistics")
    page.goto(classroom.attempt_url)
    audit.check(page, "attempt drill-down")
    response = page.goto("/instructor/classrooms/999999")
    assert response.status == 404
    audit.check(page, "someone else's classroom (404)")
    audit.assert_clean()


def press_tab_until(page: Page, selector: str, limit: int = 25) -> None:
    """Press Tab until the focus is on an element matching `selector`; focus visible at each stop."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        assert_focus_visible(page)
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"{selector} not reached with {limit} presses of Tab")


def focused_value(page: Page) -> str:
    return page.evaluate("() => document.activeElement.value")


def answer_with_keyboard(page: Page, language: str) -> str:
    """Answer the question on the page rightly with Tab, arrows, Space, typing and Enter."""
    question = seed_pack().questions[current_position(page) - 1]
    fields = answer_fields(question, language, "right")
    page.keyboard.press("Tab")  # the skip link comes first
    assert_focus_visible(page)
    expect(page.locator(".skip-link")).to_be_focused()
    page.keyboard.press("Enter")  # to the main content
    if question.type in ("numeric", "short_text"):
        press_tab_until(page, "#answer")
        page.keyboard.type(fields["answer"])
        page.keyboard.press("Enter")
    elif question.type in ("single_choice", "true_false"):
        press_tab_until(page, "input[name=answer]")
        options = page.locator("input[name=answer]").count()
        page.keyboard.press("Space")
        for _ in range(options):
            if focused_value(page) == fields["answer"]:
                break
            page.keyboard.press("ArrowDown")
        assert page.locator("input[name=answer]:checked").get_attribute("value") == fields["answer"]
        press_tab_until(page, "button[type=submit]")
        page.keyboard.press("Enter")
    elif question.type == "multiple_response":
        wanted = set(fields["answer"])
        press_tab_until(page, "input[name=answer]")
        for _ in range(page.locator("input[name=answer]").count()):
            if focused_value(page) in wanted:
                page.keyboard.press("Space")
            page.keyboard.press("Tab")
            assert_focus_visible(page)
        checked = page.locator("input[name=answer]:checked")
        assert {checked.nth(i).get_attribute("value") for i in range(checked.count())} == wanted
        expect(page.locator("main form button[type=submit]")).to_be_focused()
        page.keyboard.press("Space")
    elif question.type == "ordering":
        order_with_move_buttons(page, question)
        press_tab_until(page, "button[type=submit]")
        page.keyboard.press("Enter")
    else:
        for name, value in fields.items():
            press_tab_until(page, f"select[name='{name}']")
            for _ in range(len(question.choices) + 1):
                if focused_value(page) == value:
                    break
                page.keyboard.press("ArrowDown")
            assert focused_value(page) == value
        press_tab_until(page, "button[type=submit]")
        page.keyboard.press("Enter")
    page.wait_for_url("**#feedback")
    return question.type


def order_with_move_buttons(page: Page, question) -> None:
    """Put the items in the right order with the move-up buttons alone, by keyboard."""
    status = page.locator("[data-ordering-status]")
    for target, item in enumerate(question.sequence):
        rows = page.locator(".ordering-item .item-text")
        texts = [rows.nth(i).inner_text() for i in range(rows.count())]
        wanted = item.text["en"]
        for _ in range(texts.index(wanted) - target):
            button = f".ordering-item button[aria-label='Move up: {wanted}']"
            if page.evaluate("document.activeElement.getAttribute('aria-label')") != (
                f"Move up: {wanted}"
            ):
                press_tab_until(page, button)
            page.keyboard.press("Enter")
        if texts.index(wanted) != target:
            expect(status).to_contain_text(f"{wanted} is now at position {target + 1}")
    selects = page.locator(".ordering-item select")
    assert [selects.nth(i).input_value() for i in range(selects.count())] == [
        str(n) for n in range(1, selects.count() + 1)
    ]


def check_feedback_announced(page: Page, language: str, verdict: str) -> None:
    """The feedback is a status message, takes the focus, and the title starts with the verdict."""
    feedback = page.locator("#feedback")
    expect(feedback).to_be_focused()
    assert_focus_visible(page)
    assert page.locator("[role=status] #feedback, [aria-live] #feedback").count() == 1
    labelled_by = feedback.get_attribute("aria-labelledby")
    expect(page.locator(f"#{labelled_by}")).to_contain_text(VERDICTS[language][verdict])
    assert page.title().startswith(VERDICTS[language][verdict])


def test_a_quiz_can_be_taken_with_the_keyboard_alone(new_context):
    """Every question type by keyboard (the questions in between answered over HTTP, for time)."""
    context = new_context()
    page = context.new_page()
    start_practice(page, "Keyboard User", "en")
    path = attempt_path(page)
    total = len(seed_pack().questions)
    by_keyboard = [*range(1, 7), 17, 34, 35, 36, 37, 38]
    types = set()
    position = 1
    while position <= total:
        if position not in by_keyboard:
            following = next(p for p in by_keyboard if p > position)
            answer_by_request(context, path, range(position, following), "en", lambda n: "right")
            position = following
            page.goto(f"{path}/questions/{position}")
        types.add(answer_with_keyboard(page, "en"))
        check_feedback_announced(page, "en", "right")
        press_tab_until(page, "p.next a")
        page.keyboard.press("Enter")
        position += 1
        page.wait_for_url(f"**/questions/{position}" if position <= total else "**/results")
    assert types == {q.type for q in seed_pack().questions}
    expect(page.locator(".score")).to_contain_text(f"{total} of {total} points")


def test_right_and_wrong_are_told_in_words_not_colour_alone(new_context, classroom):
    page = new_context(storage_state=classroom.finished_learner).new_page()
    page.goto(classroom.results_url)
    choose_language(page, "en")
    verdicts = page.locator("ol.review .verdict")
    assert verdicts.count() == len(seed_pack().questions)
    words = {text.strip("✓✗◐ \n") for text in verdicts.all_inner_texts()}
    assert words <= {"Right", "Not right"} and len(words) == 2
    teacher = new_context(storage_state=classroom.teacher).new_page()
    teacher.goto(classroom.dashboard_url)
    choose_language(teacher, "en")
    expect(teacher.locator(".answer-counts .right-mark").first).to_have_text("(right)")


VIEWPORTS = {
    "320 px": {"viewport": {"width": 320, "height": 640}},
    "200 % zoom": {"viewport": {"width": 640, "height": 400}, "device_scale_factor": 2},
}


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_pages_reflow_without_horizontal_scrolling(new_context, classroom, language, viewport):
    overflowing = {}

    def visit(page: Page, url: str) -> None:
        page.goto(url)
        choose_language(page, language)
        overflow = horizontal_overflow(page)
        if overflow > 0:
            overflowing[url] = (overflow, elements_past_the_window(page))

    learner = new_context(storage_state=classroom.halfway_learner, **VIEWPORTS[viewport]).new_page()
    for url in ("/", classroom.unanswered_url, classroom.answered_url, SOURCE_URL, "/join"):
        visit(learner, url)
    finished = new_context(storage_state=classroom.finished_learner, **VIEWPORTS[viewport])
    visit(finished.new_page(), classroom.results_url)
    teacher = new_context(storage_state=classroom.teacher, **VIEWPORTS[viewport]).new_page()
    for url in (
        "/instructor/",
        classroom.classroom_url,
        classroom.classroom_url + "/assignments/new",
        classroom.dashboard_url,
        classroom.dashboard_url + "/reading",
        classroom.dashboard_url + "/live",
        classroom.attempt_url,
        classroom.classroom_url + "/projector",
    ):
        visit(teacher, url)
    assert not overflowing, (
        f"pages wider than the window (px too wide, what reaches past): {overflowing}"
    )
    if viewport == "320 px":  # the question statistics are wider than a phone: they scroll inside
        teacher.goto(classroom.dashboard_url)
        scroller = teacher.locator(".table-scroll").last
        assert scroller.evaluate("(e) => e.scrollWidth > e.clientWidth")


STATISTICS_PAGES = ("", "/reading", "/live")  # after the dashboard's URL; and the attempt page


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_table_fits_its_page_at_1280_px(new_context, classroom, language):
    """At a desktop window no table needs its scroll bar: the statistics are read at a glance."""
    teacher = new_context(storage_state=classroom.teacher).new_page()
    too_wide = {}
    urls = [classroom.dashboard_url + page for page in STATISTICS_PAGES]
    for url in [*urls, classroom.attempt_url, classroom.classroom_url]:
        teacher.goto(url)
        choose_language(teacher, language)
        widths = teacher.evaluate(
            """() => [...document.querySelectorAll('main table')].map((table) => {
                const box = table.closest('.table-scroll') || document.querySelector('main');
                return [table.caption ? table.caption.textContent.trim() : '',
                        Math.ceil(table.getBoundingClientRect().width), box.clientWidth];
            }).filter(([, table, box]) => table > box)"""
        )
        if widths:
            too_wide[url] = widths
    assert not too_wide, f"tables wider than their page (caption, px, px available): {too_wide}"


PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
LIVE_STATES = ("next", "close", "reveal", "end")  # the teacher's steps, one state after another


def test_live_lesson_pages_have_no_axe_violations_and_the_projector_reads_from_the_back(
    new_context, classroom
):
    """The teacher's projector page and a learner's phone page in both languages, in every state
    of a live lesson (lobby, open, closed, revealed, ended); large type on the projector."""
    audit = AxeAudit()
    teacher = new_context(storage_state=classroom.teacher).new_page()
    classroom_url, code = create_classroom(teacher, "Live axe")
    assign_seed_pack(teacher, classroom_url)
    teacher.locator("form.live-start button[type=submit]").click()  # in the account's language
    teacher.wait_for_url(re.compile(r"/live/\d+/teach$"))
    teach_url = teacher.url
    learner = new_context(**PHONE).new_page()
    join_classroom(learner, code, "Lia Axe")
    learner.goto(teach_url.removesuffix("/teach"))

    def check(state: str) -> None:
        for language in LANGUAGES:
            for who, page in (("teacher", teacher), ("learner", learner)):
                choose_language(page, language)
                audit.check(page, f"live lesson, {state}, {who}'s page ({language})")
            assert horizontal_overflow(learner) <= 0, (state, language)

    check("lobby")
    for action in LIVE_STATES:
        teacher.locator(f"#live-main button[name=action][value={action}]").click()
        teacher.wait_for_url(teach_url)
        learner.reload()
        if action == "next":
            sizes = teacher.evaluate(
                """() => ['h1', '.question-prompt'].map((selector) => parseFloat(
                    getComputedStyle(document.querySelector('#live-main ' + selector)).fontSize))"""
            )
            assert sizes[0] >= 40 and sizes[1] >= 28, sizes  # CSS px on a 1280 px wide page
        check(action)
    audit.assert_clean()
