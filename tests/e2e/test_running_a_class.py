"""Running a class in Chromium: editing and deleting with confirmation, the live and projector views,
the timer, going back and submitting in a deferred mode, printing, and axe on the new pages."""

import re

from playwright.sync_api import Page, expect

from e2e.checks import AxeAudit
from e2e.steps import (
    answer_by_request,
    assign_seed_pack,
    attempt_path,
    choose_language,
    create_classroom,
    join_classroom,
    seed_pack,
    sign_in_instructor,
)


def _assign_timed(teacher: Page, classroom_url: str) -> str:
    dashboard = assign_seed_pack(teacher, classroom_url, feedback_mode="after_attempt")
    teacher.locator("main a", has_text="Change the settings").first.click()
    expect(teacher.locator("main .notice")).to_contain_text("follow the new closing time")
    teacher.locator("#time_limit_minutes").fill("20")
    teacher.locator("main form button[type=submit]").click()
    teacher.wait_for_url(dashboard)
    expect(teacher.locator(".flashes")).to_contain_text("The settings are saved")
    expect(teacher.locator("main .hint").first).to_contain_text("Time limit: 20 minutes")
    return dashboard


def test_a_teacher_runs_a_timed_deferred_quiz_and_a_learner_goes_back_and_submits(
    new_context, server
):
    audit = AxeAudit()
    teacher = new_context().new_page()
    sign_in_instructor(teacher, server.instructor_email, server.instructor_password)
    classroom_url, code = create_classroom(teacher, "9a Geschichte")
    dashboard = _assign_timed(teacher, classroom_url)
    audit.check(teacher, "dashboard with the new links")

    teacher.goto(classroom_url.rstrip("/") + "/projector")
    expect(teacher.locator(".projector-code")).to_contain_text(code)
    expect(teacher.locator(".qr svg")).to_be_visible()
    expect(teacher.locator(".joined-count")).to_contain_text("0 learners have joined")
    audit.check(teacher, "projector view")

    ana = new_context().new_page()
    join_classroom(ana, code, "Ana Keller")
    expect(teacher.locator(".joined-count")).to_contain_text("1 learner has joined", timeout=15_000)

    ana.locator("ul.assignments button").click()
    ana.wait_for_url("**/questions/1")
    expect(ana.locator(".timer")).to_contain_text("Time left:")
    first = ana.locator(".timer-left").inner_text()
    expect(ana.locator(".timer-left")).not_to_have_text(first, timeout=5_000)  # counting down
    assert re.fullmatch(r"1\d min \d+ s", ana.locator(".timer-left").inner_text())
    audit.check(ana, "timed question in a deferred mode")

    path = attempt_path(ana)
    total = len(seed_pack().questions)
    answer_by_request(ana.context, path, range(1, 4), "en", lambda n: "wrong")
    teacher.goto(dashboard.rstrip("/") + "/live")
    expect(teacher.locator("table.live")).to_contain_text("Ana Keller")
    expect(teacher.locator("table.live")).to_contain_text(f"3 of {total}")
    audit.check(teacher, "live view")
    answer_by_request(ana.context, path, range(4, 5), "en", lambda n: "right")
    expect(teacher.locator("table.live")).to_contain_text(f"4 of {total}", timeout=15_000)

    ana.goto(f"{path}/questions/2")
    expect(ana.locator(".saved-answer")).to_be_visible()
    ana.locator(".attempt-nav button").click()  # flag it
    expect(ana.locator("h1")).to_contain_text("flagged")
    ana.locator(".attempt-nav a", has_text="Previous question").click()
    ana.wait_for_url("**/questions/1")
    ana.locator(".attempt-nav a", has_text="Overview and submit").click()
    expect(ana.locator("main")).to_contain_text(f"4 of {total} questions answered.")
    expect(ana.locator("main")).to_contain_text("You flagged 1 question.")
    audit.check(ana, "summary before Submit all")
    ana.get_by_role("button", name="Submit all and finish").click()
    ana.wait_for_url("**/results")
    expect(ana.locator(".overview-list a")).to_have_count(total)
    audit.check(ana, "results with the overview")

    ana.emulate_media(media="print")
    expect(ana.locator(".site-header")).to_be_hidden()
    expect(ana.locator("main .button").first).to_be_hidden()
    ana.emulate_media(media="screen")

    choose_language(ana, "de")
    expect(ana.locator("#overview-heading")).to_have_text("Überblick")
    audit.check(ana, "results in German")

    teacher.goto(dashboard.rstrip("/") + "/reading")
    expect(teacher.locator(".legend")).to_be_visible()
    audit.check(teacher, "reading view shaded by facility")

    teacher.goto(dashboard)
    teacher.locator("main a", has_text="Delete").first.click()
    expect(teacher.locator("main")).to_contain_text("1 attempt with its answers and score")
    audit.check(teacher, "confirmation before deleting an assignment")
    choose_language(teacher, "de")
    audit.check(teacher, "confirmation in German")
    teacher.get_by_role("button", name="Zugewiesenes Quiz löschen").click()
    teacher.wait_for_url(classroom_url)
    expect(teacher.locator(".flashes")).to_contain_text("gelöscht")
    audit.assert_clean()
