"""A quiz from drafts in a few clicks (issue 24, points 2 and 7), in Chromium: a teacher with one
class pastes an article of their own, adds the ten ticked drafts in one submit, writes one question
by hand, previews, publishes and assigns the quiz. Every interaction after the paste is counted
(the product's promise: at most 15); axe checks the changed pages in English and German."""

import re
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from e2e.checks import AxeAudit
from e2e.steps import choose_language, create_classroom, sign_in_instructor

ARTICLE = Path(__file__).resolve().parents[1] / "articles" / "en-italy-earthquake.txt"
PROMISE = 15  # interactions from the pasted article to the assignment made
PACK_URL = re.compile(r"/instructor/packs/\d+(#.*)?$")


class Interactions:
    """The teacher's clicks, typed fields and choices, each counted once."""

    def __init__(self) -> None:
        self.count = 0

    def click(self, control: Locator) -> None:
        self.count += 1
        control.click()

    def type(self, field: Locator, text: str) -> None:
        self.count += 1
        field.fill(text)

    def choose(self, field: Locator, value: str) -> None:
        self.count += 1
        field.select_option(value)


def article_body() -> str:
    """The article's text below its metadata header, as a teacher would paste it."""
    return ARTICLE.read_text().split("\n---\n", 1)[1].strip()


def paste_article(page: Page, title: str) -> None:
    """The new quiz's form filled in: its title and publisher, English only, the article pasted."""
    page.goto("/instructor/packs/new")
    page.locator("#title").fill(title)
    page.locator("#publisher").fill("Wikinews")
    page.locator("#language").select_option("en")  # the article's (the page's may be German)
    page.locator("main input[name=languages][value=en]").set_checked(True)
    page.locator("main input[name=languages][value=de]").set_checked(False)
    page.locator("#text").fill(article_body())


def check_fix_in_place(page: Page, pack_url: str, audit: AxeAudit, language: str) -> None:
    """A draft's prompt emptied in place comes back with the message beside it (422), kept."""
    page.goto(pack_url)
    draft = page.locator("ol.suggestion-list > li").first
    draft.locator("summary").click()
    draft.locator("textarea[name=prompt]").fill("")
    draft.locator("details button[type=submit]").click()
    expect(page.locator("ol.suggestion-list details[open] .error").first).to_be_visible()
    audit.check(page, f"quiz page, a draft fixed in place with a problem ({language})")


def test_a_quiz_from_drafts_in_at_most_fifteen_interactions(new_context, server):
    audit = AxeAudit()
    teacher = new_context().new_page()
    sign_in_instructor(teacher, server.instructor_email, server.instructor_password)
    create_classroom(teacher, "8c Civics")
    paste_article(teacher, "Earthquake in central Italy")
    done = Interactions()

    done.click(teacher.locator("main form button[type=submit]"))
    teacher.wait_for_url(PACK_URL)
    pack_url = teacher.url.split("#")[0]
    ticked = teacher.locator("ol.suggestion-list input[type=checkbox]:checked")
    expect(ticked).to_have_count(10)
    audit.check(teacher, "quiz page with ticked drafts (en)")
    done.click(teacher.get_by_role("button", name="Add the ticked questions"))
    expect(teacher.locator("ol.question-list > li")).to_have_count(10)

    first_paragraph = teacher.locator("#p1 p").inner_text().split(": ", 1)[1]
    quote = re.match(r".+?\.(?= |$)", first_paragraph).group(0)
    done.choose(teacher.locator("#new-type"), "short_text")
    done.click(teacher.get_by_role("button", name="Add a question"))
    done.type(teacher.locator("main form [name='prompt.en']"), "Which country did it strike?")
    done.type(teacher.locator("main form [name='accepted.en']"), "Italy")
    done.type(teacher.locator("main form [name='explanation.en']"), "It struck Central Italy.")
    done.choose(teacher.locator("main form [name='quotes.0.paragraph']"), "p1")
    done.type(teacher.locator("main form [name='quotes.0.text']"), quote)
    done.click(teacher.locator("main form button[type=submit]").last)
    teacher.wait_for_url(PACK_URL)
    expect(teacher.locator("ol.question-list > li")).to_have_count(11)

    done.click(teacher.locator("main a[href*='/preview/1?language=en']"))
    expect(teacher.locator("main")).to_contain_text("Preview")
    done.click(teacher.get_by_role("link", name="Back to the quiz"))
    done.click(teacher.get_by_role("button", name="Publish"))
    expect(teacher.locator("main")).to_contain_text("Published as version 1.")
    audit.check(teacher, "published quiz page offering its assignment (en)")
    done.click(teacher.get_by_role("link", name="Assign to a class: 8c Civics"))
    expect(teacher.locator("#pack_slug option:checked")).to_have_text("Earthquake in central Italy")
    audit.check(teacher, "assignment form with the quiz chosen (en)")
    done.click(teacher.locator("main form button[type=submit]"))
    teacher.wait_for_url(re.compile(r"/instructor/assignments/\d+$"))
    expect(teacher.locator("main")).to_contain_text("The quiz is assigned to 8c Civics.")

    print(f"\nA quiz of 11 questions from drafts, assigned: {done.count} interactions")
    assert done.count <= PROMISE

    check_fix_in_place(teacher, pack_url, audit, "en")
    choose_language(teacher, "de")
    teacher.goto(pack_url)
    audit.check(teacher, "published quiz page with drafts (de)")
    check_fix_in_place(teacher, pack_url, audit, "de")
    paste_article(teacher, "Erdbeben in Italien")
    teacher.locator("main form button[type=submit]").click()
    teacher.wait_for_url(PACK_URL)
    audit.check(teacher, "quiz page with ticked drafts (de)")
    audit.assert_clean()
