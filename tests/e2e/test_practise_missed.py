"""Practise what you missed, in the browser without JavaScript: the results page's button starts a
practice of just the missed question, in English and German, with no WCAG 2.1 A/AA violation."""

from playwright.sync_api import expect

from e2e.checks import AxeAudit
from e2e.steps import (
    answer_by_request,
    answer_fields,
    attempt_path,
    choose_language,
    fill_answer,
    seed_pack,
    start_practice,
)

BUTTON = {"en": "Practise the questions I missed", "de": "Meine verpassten Fragen üben"}


def test_the_missed_question_is_practised_without_javascript(new_context):
    page = new_context(java_script_enabled=False).new_page()
    start_practice(page, "Mia")
    path = attempt_path(page)
    questions = seed_pack().questions
    plan = lambda position: "wrong" if position == 1 else "right"  # noqa: E731
    answer_by_request(page.context, path, range(1, len(questions) + 1), "en", plan)

    page.goto(f"{path}/results")
    expect(page.get_by_text("You missed 1 question.")).to_be_visible()
    page.get_by_role("button", name=BUTTON["en"]).click()
    page.wait_for_url("**/questions/1")
    expect(page.locator("h1")).to_have_text("Question 1 of 1")
    fill_answer(page, questions[0], answer_fields(questions[0], "en", "right"))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/questions/1#feedback")
    practice_path = attempt_path(page)
    page.goto(f"{practice_path}/results")
    expect(page.get_by_text("You scored 1 of 1 points")).to_be_visible()
    expect(page.get_by_role("button", name=BUTTON["en"])).to_have_count(0)

    # axe needs the page's JavaScript: the same learner's pages, checked with it on.
    checked = new_context(storage_state=page.context.storage_state()).new_page()
    audit = AxeAudit()
    checked.goto(f"{path}/results")
    audit.check(checked, "results with the practice offered")
    choose_language(checked, "de")
    expect(checked.get_by_role("button", name=BUTTON["de"])).to_be_visible()
    audit.check(checked, "results in German")
    checked.goto(f"{practice_path}/results")
    audit.check(checked, "the practice's results")
    audit.assert_clean()
