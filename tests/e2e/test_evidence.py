"""Find the evidence in Chromium: a teacher asks for it, a learner on a desktop marks a sentence
by keyboard and by a click, a German learner on a phone taps one; the evidence page and the
feedback are clean for axe, and the phone page does not scroll sideways."""

import re

from factories import SEED_PACK
from playwright.sync_api import Page, expect

from e2e.checks import AxeAudit, horizontal_overflow
from e2e.steps import (
    answer_fields,
    create_classroom,
    fill_answer,
    join_classroom,
    seed_pack,
    sign_in_instructor,
)
from quizapp.evidence import evidence_text

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}
START = {"en": "Start the quiz", "de": "Quiz starten"}
FOUND = {"en": "You found the evidence", "de": "Du hast den Beleg gefunden"}
NOT_FOUND = {
    "en": "The sentence you marked does not prove the answer",
    "de": "Der Satz, den du markiert hast, belegt die Antwort nicht",
}


def assign_with_evidence(page: Page, classroom_url: str) -> None:
    """Assign the seed pack with immediate feedback and the evidence worth half the points."""
    page.goto(classroom_url)
    page.locator("main a.button[href$='/assignments/new']").click()
    page.locator("#pack_slug").select_option(SEED_PACK)
    page.locator("input[name=feedback_mode][value=immediate]").check()
    page.locator("input[name=evidence_share][value='0.5']").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/instructor/assignments/\d+$"))


def answer_first_question(page: Page, language: str) -> None:
    """Start the quiz and answer question 1 right; ends on the evidence page."""
    page.locator("ul.assignments").get_by_role("button", name=START[language]).click()
    page.wait_for_url("**/questions/1")
    question = seed_pack().questions[0]
    fill_answer(page, question, answer_fields(question, language, "right"))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/questions/1/evidence")


def sentence_label(page: Page, sentence_id: str):
    return page.locator(f"label.sentence:has(input[value='{sentence_id}'])")


def test_marking_the_evidence_on_a_desktop_and_on_a_phone(new_context, server):
    audit = AxeAudit()
    teacher = new_context().new_page()
    sign_in_instructor(teacher, server.instructor_email, server.instructor_password)
    classroom_url, code = create_classroom(teacher, "Evidence class")
    assign_with_evidence(teacher, classroom_url)
    question = seed_pack().questions[0]

    # Desktop, English: the radios are one group, reached and changed by keyboard; a click on a
    # sentence's words selects it.
    ana = new_context().new_page()
    join_classroom(ana, code, "Ana Evidence", "en")
    answer_first_question(ana, "en")
    audit.check(ana, "evidence page, desktop")
    group = ana.get_by_role("group", name="The sentence that proves your answer")
    expect(group).to_be_visible()
    radios = group.get_by_role("radio")
    radios.first.focus()
    ana.keyboard.press("ArrowDown")
    expect(radios.nth(1)).to_be_checked()
    text = evidence_text(seed_pack(), question, "en")
    proving = text.proving[0]
    sentence_label(ana, proving.id).click(position={"x": 40, "y": 5})
    expect(ana.locator(f"input[value='{proving.id}']")).to_be_checked()
    ana.locator("main form button[type=submit]").click()
    ana.wait_for_url("**/questions/1#feedback")
    expect(ana.locator("#feedback .evidence-feedback")).to_contain_text(FOUND["en"])
    audit.check(ana, "feedback with the evidence, desktop")

    # Phone, German: the learner reads the rendering, taps a sentence that does not prove it.
    joerg = new_context(**PHONE).new_page()
    join_classroom(joerg, code, "Jörg Beleg", "de")
    answer_first_question(joerg, "de")
    assert horizontal_overflow(joerg) == 0
    audit.check(joerg, "evidence page, phone, German")
    german = evidence_text(seed_pack(), question, "de")
    assert joerg.locator("fieldset.evidence p").first.get_attribute("lang") == german.language
    wrong = next(s for _p, found in german.paragraphs for s in found if s not in german.proving)
    sentence_label(joerg, wrong.id).tap()
    expect(joerg.locator(f"input[value='{wrong.id}']")).to_be_checked()
    joerg.locator("main form button[type=submit]").click()
    joerg.wait_for_url("**/questions/1#feedback")
    feedback = joerg.locator("#feedback .evidence-feedback")
    expect(feedback).to_contain_text(NOT_FOUND["de"])
    expect(feedback.locator("mark")).to_have_text(german.proving[0].reads)
    assert horizontal_overflow(joerg) == 0
    audit.check(joerg, "feedback with the evidence, phone, German")
    audit.assert_clean()
