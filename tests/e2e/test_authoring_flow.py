"""A teacher makes a quiz in Chromium: pastes an article, accepts a suggestion, writes a question of
each type, previews it in German, assigns it; a learner takes it. axe checks the new pages in both
languages."""

import re

from playwright.sync_api import Page, expect
from test_authoring import ARTICLE, QUESTION_FORMS, common

from e2e.checks import AxeAudit
from e2e.steps import choose_language, create_classroom, join_classroom, sign_in_instructor


def fill_form(page: Page, fields: dict) -> None:
    """Type each value into the input of that name (a checkbox is ticked, a menu chosen), adding
    rows as a teacher does. Row ids are the app's: a typed one only names the choice a matching
    item picks, by its text."""
    row_ids = {k: v for k, v in fields.items() if re.fullmatch(r"\w+\.\d+\.id", k)}
    texts = {value: fields.get(name[: -len("id")] + "text.en") for name, value in row_ids.items()}
    later = {k: v for k, v in fields.items() if k.endswith(".match")}
    first = [(k, v) for k, v in fields.items() if k not in later and k not in row_ids]
    for name, value in [*first, *later.items()]:
        control = page.locator(f"main form [name='{name}']")
        while not control.count():
            page.locator(f"main form [data-entries='{name.split('.')[0]}'] [data-add-row]").click()
        tag = control.evaluate("element => element.tagName + ':' + (element.type || '')")
        if tag == "INPUT:checkbox":
            control.set_checked(bool(value))
        elif name in later:
            control.select_option(label=texts[value])
        elif tag.startswith("SELECT"):
            control.select_option(value)
        else:
            control.fill(value)


def save(page: Page) -> None:
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/instructor/packs/\d+(#.*)?$"))
    expect(page.locator("main")).not_to_contain_text("The question is not saved")


def test_a_teacher_makes_a_quiz_from_an_article_and_a_learner_takes_it(new_context, server):
    audit = AxeAudit()
    teacher = new_context().new_page()
    sign_in_instructor(teacher, server.instructor_email, server.instructor_password)

    teacher.goto("/instructor/packs/new")
    audit.check(teacher, "new quiz (en)")
    teacher.locator("#title").fill("Lakes of the North")
    teacher.locator("#publisher").fill("Example Times")
    teacher.locator("#author").fill("Kim Lee")
    teacher.locator("#licence").fill("CC BY 4.0")
    teacher.locator("#text").fill(ARTICLE)
    # A quiz in both languages: the second is a choice (one language is the default).
    teacher.locator("main input[name=languages][value=de]").set_checked(True)
    teacher.locator("main form button[type=submit]").click()
    teacher.wait_for_url(re.compile(r"/instructor/packs/\d+$"))
    pack_url = teacher.url
    audit.check(teacher, "quiz page with suggestions (en)")

    # A suggestion: the region's population, already grounded in its sentence.
    suggestion = teacher.locator(
        "ol.suggestion-list li", has_text="About how many million people"
    ).first
    suggestion.get_by_role("link", name=re.compile("Accept")).click()
    expect(teacher.locator("[name='answer']")).to_have_value("9.2")
    audit.check(teacher, "question form from a suggestion (en)")
    fill_form(
        teacher,
        {
            "id": "population",
            "prompt.en": "How many people live in the region?",
            "prompt.de": "Wie viele Menschen leben in der Region?",
            "explanation.de": "Etwa 9,2 Millionen Menschen leben in der Region.",
            "unit.de": "Millionen Menschen",  # the draft writes the article's language only
        },
    )
    save(teacher)

    # With JavaScript, the quote is selected in the chosen paragraph instead of typed.
    teacher.goto(f"{pack_url}/questions/new?type=true_false")
    teacher.locator("main form [name='quotes.0.paragraph']").select_option("p2")
    picker = teacher.locator(".quote-picker").first
    expect(picker).to_contain_text("About 9.2 million people live in the region")
    picker.evaluate(
        """(node) => {
            const text = node.firstChild;
            const range = document.createRange();
            range.setStart(text, 0);
            range.setEnd(text, text.textContent.indexOf(", and most"));
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
            node.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
        }"""
    )
    expect(teacher.locator("main form [name='quotes.0.text']")).to_have_value(
        "About 9.2 million people live in the region"
    )

    for type_name, fields in QUESTION_FORMS.items():
        teacher.goto(f"{pack_url}/questions/new?type={type_name}")
        fill_form(teacher, {**common(type_name), **fields})
        save(teacher)
    expect(teacher.locator("ol.question-list > li")).to_have_count(1 + len(QUESTION_FORMS))
    teacher.get_by_role("button", name="Publish").click()
    expect(teacher.locator("main")).to_contain_text("Published as version 1.")

    # The preview in German: the quiz as a learner sees it, with immediate feedback.
    teacher.get_by_role("link", name="Deutsch").last.click()
    expect(teacher.locator("html")).to_have_attribute("lang", "de")
    expect(teacher.locator("main")).to_contain_text("Wie viele Menschen leben in der Region?")
    audit.check(teacher, "preview question (de)")
    teacher.locator("main form input[name=answer]").fill("9,2 Millionen")
    teacher.locator("main form button[type=submit]").click()
    expect(teacher.locator("#feedback")).to_contain_text("Richtig")
    audit.check(teacher, "preview feedback (de)")

    # The new pages in German.
    teacher.goto("/instructor/packs")
    choose_language(teacher, "de")
    audit.check(teacher, "my quizzes (de)")
    for url, label in (
        ("/instructor/packs/new", "new quiz"),
        (pack_url, "quiz page"),
        (f"{pack_url}/questions/1", "question form"),
        (f"{pack_url}/questions/new?type=matching", "new matching question"),
    ):
        teacher.goto(url)
        audit.check(teacher, f"{label} (de)")
    choose_language(teacher, "en")
    teacher.goto("/instructor/packs")
    audit.check(teacher, "my quizzes (en)")
    teacher.goto(f"{pack_url}/questions/new?type=matching")
    teacher.locator("main form button[type=submit]").last.click()
    expect(teacher.locator(".field-error").first).to_be_visible()
    audit.check(teacher, "question form with errors (en)")

    # Assigned to a class, and taken by a learner.
    classroom_url, code = create_classroom(teacher, "7a Geography")
    teacher.goto(classroom_url)
    teacher.locator("main a.button[href$='/assignments/new']").click()
    teacher.locator("#pack_slug").select_option(label="Lakes of the North")
    teacher.locator("input[name=feedback_mode][value=immediate]").check()
    teacher.locator("main form button[type=submit]").click()
    teacher.wait_for_url(re.compile(r"/instructor/assignments/\d+$"))

    learner = new_context().new_page()
    join_classroom(learner, code, "Ana Keller", "en")
    learner.locator("ul.assignments").get_by_role("button", name="Start the quiz").click()
    learner.wait_for_url("**/questions/1")
    expect(learner.locator("main")).to_contain_text("How many people live in the region?")
    learner.locator("main form input[name=answer]").fill("9.2 million")
    learner.locator("main form button[type=submit]").click()
    expect(learner.locator("#feedback")).to_contain_text("Right")
    expect(learner.locator("#feedback blockquote")).to_contain_text(
        "About 9.2 million people live in the region"
    )
    audit.assert_clean()
