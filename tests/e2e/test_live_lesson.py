"""A live lesson in Chromium: a teacher on the projector and three phones (one at phone size, one
in German, one that loses the network mid-question), the questions reaching every phone without a
reload (static/live.js), a second vote, the reveal with both votes, the end, and the dashboard."""

import re

from playwright.sync_api import Page, expect

from e2e.checks import AxeAudit
from e2e.steps import (
    answer_fields,
    assign_seed_pack,
    create_classroom,
    fill_answer,
    join_classroom,
    seed_pack,
    sign_in_instructor,
)
from e2e.test_screenshots import DEVICES, SCREENSHOTS_DIR, save

MARK = "() => { window.liveNoReload = true; }"
NOT_RELOADED = "() => window.liveNoReload === true"
HEADINGS = {"en": "Question {n} of {total}", "de": "Frage {n} von {total}"}


def step(teacher: Page, action: str) -> None:
    """Press one of the teacher's controls; the teacher's page comes back with the new state."""
    teacher.locator(f"#live-main button[name=action][value={action}]").click()
    teacher.wait_for_url(re.compile(r"/live/\d+/teach$"))


def open_question(teacher: Page, phones: dict[str, Page], number: int) -> int:
    """The teacher opens the next question; returns on how many phones it appeared without a
    reload (each phone's page is marked first: a reload would drop the mark)."""
    for phone in phones.values():
        phone.evaluate(MARK)
    step(teacher, "next")
    total = len(seed_pack().questions)
    shown = 0
    for language, phone in phones.items():
        heading = HEADINGS["de" if language == "de" else "en"].format(n=number, total=total)
        expect(phone.locator("#live-main h1")).to_have_text(heading, timeout=10_000)
        expect(phone.locator("#live-main input[name=position]")).to_have_value(str(number))
        shown += phone.evaluate(NOT_RELOADED)
        expect(phone.locator("#live-announcer")).to_have_text(heading)
    return shown


def answer(phone: Page, number: int, how: str, language: str = "en") -> None:
    question = seed_pack().questions[number - 1]
    fill_answer(phone, question, answer_fields(question, language, how))
    phone.locator("#live-main form button[type=submit]").click()
    expect(phone.locator("#live-main .saved-answer")).to_be_visible()


def test_a_live_lesson_with_three_phones_a_second_vote_the_reveal_and_the_dashboard(
    new_context, server
):
    audit = AxeAudit()
    teacher = new_context(viewport={"width": 1280, "height": 800}).new_page()
    sign_in_instructor(teacher, server.instructor_email, server.instructor_password)
    classroom_url, code = create_classroom(teacher, "8c Live")
    dashboard = assign_seed_pack(teacher, classroom_url)
    teacher.get_by_role("button", name="Start a live lesson").click()
    teacher.wait_for_url(re.compile(r"/live/\d+/teach$"))
    lesson_path = re.sub(r"^https?://[^/]+", "", teacher.url).removesuffix("/teach")
    expect(teacher.locator(".projector-code")).to_contain_text(code)
    expect(teacher.locator(".qr svg")).to_be_visible()
    teacher.evaluate(MARK)

    phone_context = new_context(**DEVICES["phone"])
    german_context = new_context(locale="de-DE")
    roaming_context = new_context()
    phones = {"phone": phone_context.new_page(), "de": german_context.new_page()}
    phones["roaming"] = roaming_context.new_page()
    names = {"phone": "Pia Handy", "de": "Greta Vogel", "roaming": "Rafi Unterwegs"}
    for who, phone in phones.items():
        join_classroom(phone, code, names[who], language="de" if who == "de" else "en")
        phone.goto(lesson_path)
        expect(phone.locator("#live-main h1")).to_be_visible()
    expect(teacher.locator(".live-names li")).to_have_count(3, timeout=10_000)
    assert teacher.evaluate(NOT_RELOADED), "the names reached the projector by polling"
    audit.check(teacher, "teacher's page, lobby")
    audit.check(phones["de"], "learner's page in German, waiting")

    # Question 1 (a number): the roaming phone types its answer, loses the network, tries to
    # send, comes back and sends it; a reload brings the sent answer back.
    assert open_question(teacher, phones, 1) == 3
    audit.check(phones["phone"], "learner's phone, open question")
    teacher.locator("#live-main button[value=close]").focus()  # kept through the swaps below
    teacher.evaluate(MARK)
    answer(phones["phone"], 1, "right")
    answer(phones["de"], 1, "wrong", "de")
    roaming = phones["roaming"]
    question = seed_pack().questions[0]
    fields = answer_fields(question, "en", "right")
    fill_answer(roaming, question, fields)
    roaming_context.set_offline(True)
    roaming.wait_for_timeout(2500)  # a few polls fail and live.js backs off
    roaming.locator("#live-main form button[type=submit]").click()
    expect(roaming.locator("#live-notice")).to_contain_text("No connection")
    roaming_context.set_offline(False)
    expect(roaming.locator("#live-notice")).to_have_count(0, timeout=10_000)
    expect(roaming.locator("#answer")).to_have_value(fields["answer"])
    roaming.locator("#live-main form button[type=submit]").click()
    expect(roaming.locator("#live-main .saved-answer")).to_be_visible()
    roaming.reload()
    expect(roaming.locator("#answer")).to_have_value(fields["answer"])
    expect(teacher.locator("#live-main .joined-count")).to_contain_text("3", timeout=10_000)
    assert teacher.evaluate("() => document.activeElement.value") == "close"
    assert teacher.evaluate(NOT_RELOADED), "the answered count reached the projector by polling"

    # A second vote after discussion: the German phone changes its mind.
    step(teacher, "close")
    expect(phones["phone"].locator("#live-main")).to_contain_text("Answers are closed")
    step(teacher, "again")
    for phone in phones.values():
        expect(phone.locator("#live-main input[name=round]")).to_have_value("2", timeout=10_000)
    answer(phones["de"], 1, "right", "de")
    answer(phones["phone"], 1, "right")
    step(teacher, "close")
    step(teacher, "reveal")
    expect(teacher.locator("#live-main thead")).to_contain_text("First vote")
    expect(teacher.locator("#live-main thead")).to_contain_text("Second vote")
    expect(teacher.locator("#live-main .answer-line")).to_contain_text("The right answer")
    expect(teacher.locator("#live-main figure.quote mark").first).to_be_visible()
    for phone in phones.values():
        expect(phone.locator("#live-main .answer-line").last).to_be_visible(timeout=10_000)
    expect(phones["de"].locator("#live-main .hint")).to_be_visible()  # both votes
    audit.check(teacher, "teacher's page, revealed")
    audit.check(phones["de"], "learner's page in German, revealed")
    SCREENSHOTS_DIR.mkdir(parents=True, exist_ok=True)
    save(teacher, "live-projector-revealed", "en", "desktop")
    teacher.screenshot(
        path=SCREENSHOTS_DIR / "live-projector-revealed-whole-en-desktop.png",
        full_page=True,
        animations="disabled",
        caret="hide",
    )
    save(phones["phone"], "live-phone-revealed", "en", "phone")

    # Question 2 (one choice) reaches every phone without a reload too; then the end.
    assert open_question(teacher, phones, 2) == 3
    save(teacher, "live-projector-question", "en", "desktop")
    save(phones["phone"], "live-phone-question", "en", "phone")
    answer(phones["phone"], 2, "right")
    # The German phone chooses but does not send: closing the answers does not wipe its choice,
    # the page says the answer was not sent, and shows the closed question when asked.
    german = phones["de"]
    second = seed_pack().questions[1]
    fill_answer(german, second, answer_fields(second, "de", "right"))
    step(teacher, "close")
    expect(german.locator("#live-notice")).to_contain_text("nicht gesendet", timeout=10_000)
    expect(german.locator("#live-main input[name=answer]:checked")).to_have_count(1)
    german.locator("#live-notice button").click()
    expect(german.locator("#live-main form")).to_have_count(0)
    expect(german.locator("#live-notice")).to_have_count(0)
    step(teacher, "end")
    for phone in phones.values():
        expect(phone.locator("#live-main a.button[href*='/results']")).to_be_visible(timeout=10_000)
    expect(phones["phone"].locator("#live-main")).to_contain_text("The lesson has ended")

    teacher.goto(dashboard)
    for name in names.values():
        expect(teacher.locator("main")).to_contain_text(name)
    audit.assert_clean()


HIDE = """(hidden) => {
    Object.defineProperty(document, 'hidden', {value: hidden, configurable: true});
    document.dispatchEvent(new Event('visibilitychange'));
}"""


def test_live_js_asks_less_in_a_hidden_tab_and_stops_once_signed_out(new_context, server):
    teacher = new_context().new_page()
    sign_in_instructor(teacher, server.instructor_email, server.instructor_password)
    classroom_url, code = create_classroom(teacher, "8d Live")
    assign_seed_pack(teacher, classroom_url)
    teacher.get_by_role("button", name="Start a live lesson").click()
    teacher.wait_for_url(re.compile(r"/live/\d+/teach$"))
    learner_context = new_context()
    learner = learner_context.new_page()
    join_classroom(learner, code, "Tom Tab")
    polls: list[str] = []
    learner.on(
        "request", lambda request: polls.append(request.url) if "part=main" in request.url else None
    )
    learner.goto(teacher.url.removesuffix("/teach"))

    learner.wait_for_timeout(3500)
    visible = len(polls)
    learner.evaluate(HIDE, True)
    learner.wait_for_timeout(4000)
    hidden = len(polls) - visible
    learner.evaluate(HIDE, False)
    learner.wait_for_timeout(500)
    assert visible >= 2 and hidden <= 2 and len(polls) > visible + hidden, (visible, hidden, polls)

    elsewhere = learner_context.new_page()
    elsewhere.goto("/")
    elsewhere.get_by_role("button", name="Sign out", exact=True).click()
    elsewhere.wait_for_load_state()
    learner.wait_for_timeout(1500)  # the next poll is sent to sign in: live.js stops there
    stopped_at = len(polls)
    learner.wait_for_timeout(3000)
    assert len(polls) == stopped_at
    expect(learner.locator("#live-main h1")).to_be_visible()  # the page as it was
