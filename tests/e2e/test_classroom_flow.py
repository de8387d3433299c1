"""The classroom flow end to end in Chromium: a teacher, two learners (English and German), the CSV."""

import csv
import io
import re
from pathlib import Path

from babel.numbers import format_decimal
from playwright.sync_api import Page, expect

from e2e.steps import (
    answer_by_request,
    answer_current_question,
    assign_seed_pack,
    attempt_path,
    create_classroom,
    current_position,
    join_classroom,
    next_question,
    seed_pack,
    sign_in_instructor,
    sign_in_learner,
)

EN_NAME = "Ana Keller"
DE_NAME = "Jörg Wagner"


def english_plan(position: int) -> str:
    """Ana gets every fifth question wrong and two partly right (a multiple response, a matching)."""
    if position in (17, 35):
        return "partly"
    return "wrong" if position % 5 == 2 else "right"


def german_plan(position: int) -> str:
    return "wrong" if position % 3 == 0 else "right"


def score_text(points: float, language: str) -> str:
    return format_decimal(points, format="#,##0.##", locale=language)


def take(page: Page, language: str, positions: range, plan, over_http=frozenset()) -> float:
    """Answer the questions at `positions` in order, checking each feedback; returns the points.

    Those in `over_http` are answered with the page's cookies as its form would, and the browser
    goes on at the next one it answers itself."""
    points = 0.0
    for position in positions:
        if position in over_http:
            points += answer_by_request(
                page.context, attempt_path(page), range(position, position + 1), language, plan
            )
            continue
        if current_position(page) != position:
            page.goto(f"{attempt_path(page)}/questions/{position}")
        answered = answer_current_question(page, language, plan(position))
        assert answered.verdict == plan(position), (position, answered)
        points += answered.points
        next_question(page)
    return points


def shortcut(positions: range, plan) -> frozenset[int]:
    """The questions of `positions` a learner answers over HTTP: all but the first, the last and
    the first of each question type and verdict there, which the browser answers."""
    pack = seed_pack()
    in_browser = {positions[0], positions[-1]}
    seen = set()
    for position in positions:
        kind = (pack.questions[position - 1].type, plan(position))
        if kind not in seen:
            seen.add(kind)
            in_browser.add(position)
    return frozenset(positions) - in_browser


def test_a_class_takes_a_quiz_in_two_languages_and_the_teacher_exports_it(new_context, server):
    pack = seed_pack()
    total = len(pack.questions)
    maximum = pack.max_points

    teacher = new_context().new_page()
    sign_in_instructor(teacher, server.instructor_email, server.instructor_password)
    classroom_url, code = create_classroom(teacher, "8c Politik")
    dashboard_url = assign_seed_pack(teacher, classroom_url, feedback_mode="immediate")
    expect(teacher.locator("h1")).to_have_text(pack.title["en"])

    # Ana, in English, answers every question (in the browser the first of each type and verdict,
    # the others over HTTP); after the first she reads the quote in the article.
    ana = new_context(locale="en-GB").new_page()
    join_classroom(ana, code, EN_NAME, "en")
    expect(ana.locator("main")).to_contain_text("Quizzes from your teacher")
    ana.locator("ul.assignments").get_by_role("button", name="Start the quiz").click()
    ana.wait_for_url("**/questions/1")
    ana_points = answer_current_question(ana, "en", english_plan(1)).points
    quote = pack.questions[0].quotes[0]
    ana.locator("#feedback figcaption a").first.click()
    ana.wait_for_url(re.compile(rf"/packs/{pack.id}/source\?attempt=\d+#{quote.paragraph}$"))
    assert ana.evaluate(f"() => document.getElementById('{quote.paragraph}').matches(':target')")
    expect(ana.locator(f"#{quote.paragraph}")).to_contain_text(quote.text)
    ana.go_back()
    ana.wait_for_url("**/questions/1#feedback")
    next_question(ana)
    rest = range(2, total + 1)
    ana_points += take(ana, "en", rest, english_plan, shortcut(rest, english_plan))
    ana.wait_for_url("**/results")
    expect(ana.locator("h1")).to_have_text("Your results")
    expect(ana.locator(".score")).to_contain_text(
        f"You scored {score_text(ana_points, 'en')} of {score_text(maximum, 'en')} points"
    )
    expect(ana.locator("ol.review > li")).to_have_count(total)
    expect(ana.locator("ol.review mark")).to_have_count(sum(len(q.quotes) for q in pack.questions))

    # Jörg switches to German on the join page, stops in the middle and closes the browser. In
    # each half the browser answers the first question of every type and verdict, the others go
    # over HTTP.
    first_context = new_context(locale="en-GB")
    joerg = first_context.new_page()
    join_classroom(joerg, code, DE_NAME, "de")
    expect(joerg.locator("main")).to_contain_text("Quiz von deiner Lehrkraft")
    joerg.locator("ul.assignments").get_by_role("button", name="Quiz starten").click()
    joerg.wait_for_url("**/questions/1")
    half = total // 2
    first_half = range(1, half + 1)
    joerg_points = take(joerg, "de", first_half, german_plan, shortcut(first_half, german_plan))
    expect(joerg.locator("h1")).to_have_text(f"Frage {half + 1} von {total}")
    first_context.close()

    # On a fresh browser (no cookies, an English browser) he signs in with his PIN and goes on in
    # German, the language his account remembers.
    joerg = new_context(locale="en-GB").new_page()
    sign_in_learner(joerg, code, DE_NAME)
    expect(joerg.locator("html")).to_have_attribute("lang", "de")
    joerg.locator("ul.assignments").get_by_role("button", name="Dieses Quiz fortsetzen").click()
    joerg.wait_for_url(f"**/questions/{half + 1}")
    second_half = range(half + 1, total + 1)
    joerg_points += take(joerg, "de", second_half, german_plan, shortcut(second_half, german_plan))
    joerg.wait_for_url("**/results")
    expect(joerg.locator("h1")).to_have_text("Deine Ergebnisse")
    expect(joerg.locator(".score")).to_contain_text(
        f"Du hast {score_text(joerg_points, 'de')} von {score_text(maximum, 'de')} Punkten"
    )

    # The teacher sees both results on the dashboard and every response of an attempt.
    teacher.goto(dashboard_url)
    for name, points in ((EN_NAME, ana_points), (DE_NAME, joerg_points)):
        row = teacher.locator("tr", has=teacher.locator("th", has_text=name))
        expect(row.locator("td").nth(0)).to_have_text("Finished")
        expect(row.locator("td").nth(1)).to_have_text(
            f"{score_text(points, 'en')} / {score_text(maximum, 'en')}"
        )
    joerg_row = teacher.locator("tr", has=teacher.locator("th", has_text=DE_NAME))
    joerg_row.get_by_role("link", name="Attempt 1").click()
    teacher.wait_for_url(re.compile(r"/instructor/attempts/\d+$"))
    expect(teacher.locator("h1")).to_contain_text(DE_NAME)
    rows = teacher.locator("table tbody tr")
    expect(rows).to_have_count(total)
    expect(rows.nth(2).locator(".verdict")).to_have_text(re.compile("Not right"))
    expect(rows.nth(0).locator(".verdict")).to_have_text(re.compile("Right"))

    # The scores export: a UTF-8 CSV with a byte order mark, one row per learner.
    teacher.goto(classroom_url)
    with teacher.expect_download() as download_info:
        teacher.get_by_role("link", name="scores as CSV", exact=True).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    header, *learners = table
    assert header[:2] == ["Name", "Class"]
    assert [row[0] for row in learners] == [EN_NAME, DE_NAME]
    points_column, maximum_column, percent_column = (
        header.index(name) for name in ("Points", "Maximum", "Percent")
    )
    for row, points in zip(learners, (ana_points, joerg_points), strict=True):
        assert row[1] == "8c Politik"
        assert float(row[points_column]) == round(points, 2)
        assert float(row[maximum_column]) == maximum
        assert float(row[percent_column]) == round(100 * points / maximum, 1)
