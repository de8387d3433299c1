"""Issue 24's pages in Chromium, in English and German: axe over every page the quick quiz changed
(the new-pack form and its size check before sending, the pack page with its draft list and the
article tidy, the paragraphs' delete question, a draft fixed in place, the editor of each question
type, the question before the second language is removed, the publish result offering "assign to
a class", the question file form) and a learner's question page of a one-language quiz in the
other language ("This quiz is in German."). Each is pictured into the screenshots folder
(test_screenshots.py) as quick-<page>-<language>-desktop.png."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from e2e import test_screenshots as screenshots
from e2e.checks import AxeAudit
from e2e.steps import create_classroom, join_classroom, sign_in_instructor

ARTICLES = Path(__file__).resolve().parents[1] / "articles"
# The teacher's pages in one language, the article (and so the quiz) in the other.
ARTICLE_OF = {"en": "de-tuerkei-wahl.txt", "de": "en-wikinews-peres-interview.txt"}
OTHER = {"en": "de", "de": "en"}
TYPES = (
    "single_choice",
    "multiple_response",
    "true_false",
    "numeric",
    "short_text",
    "matching",
    "ordering",
)
PACK_URL = re.compile(r"/instructor/packs/\d+(#.*)?$")
ARTICLE_LIMIT = 2 * 1024 * 1024
QUESTION_LIMIT = 5 * 1024 * 1024


class Pictures:
    """Axe and a screenshot of each page, under one label."""

    def __init__(self, audit: AxeAudit, language: str) -> None:
        self.audit, self.language = audit, language
        screenshots.SCREENSHOTS_DIR.mkdir(parents=True, exist_ok=True)

    def check(self, page: Page, name: str) -> None:
        self.audit.check(page, f"{name} ({self.language})")
        screenshots.save(page, f"quick-{name}", self.language, "desktop")


def check_size_before_sending(page: Page, shown: Pictures) -> None:
    """A file over the form's limit is named beside its field and the form is not sent; a file
    within it clears the message; without the check, the server refuses it beside the field,
    the typed fields kept."""
    page.locator("#title").fill("Typed before the file")
    field = page.locator("#upload")
    expect(field).to_have_attribute("data-max-bytes", str(ARTICLE_LIMIT))
    big = {"name": "scan.pdf", "mimeType": "application/pdf", "buffer": b"x" * (ARTICLE_LIMIT + 1)}
    field.set_input_files(big)
    expect(page.locator("#upload-size-error")).to_contain_text("2 MB")
    page.locator("main form button[type=submit]").click()
    expect(field).to_be_focused()
    assert page.url.endswith("/instructor/packs/new")
    expect(page.locator("#title")).to_have_value("Typed before the file")
    expect(field).to_have_attribute("aria-invalid", "true")
    shown.check(page, "new-pack-file-too-large")
    field.set_input_files({"name": "a.txt", "mimeType": "text/plain", "buffer": b"Short."})
    expect(page.locator("#upload-size-error")).to_have_text("")
    # The server's refusal, as a browser without the script gets it: the form with what was typed.
    field.evaluate("input => input.removeAttribute('data-max-bytes')")
    field.set_input_files(big)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page.locator("#upload-error")).to_contain_text("2 MB")
    expect(page.locator("#title")).to_have_value("Typed before the file")
    shown.check(page, "new-pack-refused-by-the-server")


def paste_article(page: Page, language: str) -> str:
    """The new quiz from an article in the other language, in that language alone."""
    header, body = (ARTICLES / ARTICLE_OF[language]).read_text().split("\n---\n", 1)
    title = re.search(r"^title: (.+)$", header, re.M).group(1)
    article_language = OTHER[language]
    page.locator("#title").fill(title)
    page.locator("#publisher").fill("Wikinews")
    page.locator("#language").select_option(article_language)
    page.locator(f"main input[name=languages][value={article_language}]").set_checked(True)
    page.locator(f"main input[name=languages][value={language}]").set_checked(False)
    page.locator("#text").fill(body.strip())
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(PACK_URL)
    return page.url.split("#")[0]


def check_draft_list(page: Page, pack_url: str, shown: Pictures) -> None:
    """The draft list, and a matching or ordering draft fixed in place with its prompt emptied."""
    page.goto(pack_url)
    shown.check(page, "pack-page-with-drafts")
    drafts = page.locator("ol.suggestion-list > li")
    matching = drafts.filter(has=page.locator("select[name$='.match']"))
    ordering = drafts.filter(has=page.locator("input[name='items.0']"))
    draft = next((found.first for found in (matching, ordering) if found.count()), drafts.first)
    draft.locator("summary").click()
    shown.check(page, "draft-fix-open")
    draft.locator("textarea[name=prompt]").fill("")
    draft.locator("details button[type=submit]").click()
    expect(page.locator("ol.suggestion-list details[open] .error").first).to_be_visible()
    shown.check(page, "draft-fixed-with-a-problem")


def check_article_tidy(page: Page, pack_url: str, shown: Pictures) -> None:
    """Two paragraphs ticked for deletion: the question before they go."""
    page.goto(pack_url)
    page.locator("#tick-p2").check()
    page.locator("#tick-p3").check()
    page.locator("#article-tidy button[value=delete]").click()
    expect(page.locator("main form button[value=delete]")).to_be_visible()
    shown.check(page, "delete-paragraphs")


def check_second_language(page: Page, pack_url: str, language: str, shown: Pictures) -> None:
    """A second language added, then removed after the page that lists what goes."""
    page.goto(pack_url)
    page.locator(f"form input[name=language][value={language}] ~ button[value=add]").click()
    page.wait_for_url(PACK_URL)
    page.locator(f"form input[name=language][value={language}] ~ button[value=remove]").click()
    expect(page.locator("input[name=confirmed]")).to_have_count(1)
    shown.check(page, "remove-language")
    page.locator("main form button[value=remove]").click()
    page.wait_for_url(PACK_URL)


def publish_and_assign(page: Page, pack_url: str, class_name: str, shown: Pictures) -> None:
    page.goto(pack_url)
    page.locator("#drafts-form button[value=add]").click()
    page.wait_for_url(PACK_URL)
    page.locator("form[action$='/publish'] button[type=submit]").click()
    page.wait_for_url(PACK_URL)
    assign = page.locator("#assign a.button", has_text=class_name)
    expect(assign).to_be_visible()
    shown.check(page, "published-assign")
    assign.click()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/instructor/assignments/\d+$"))


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_quick_quiz_pages_pass_axe_in_both_languages(new_context, server, language):
    audit = AxeAudit()
    shown = Pictures(audit, language)
    teacher = new_context().new_page()
    sign_in_instructor(teacher, server.instructor_email, server.instructor_password, language)
    class_name = f"Quick quiz {language}"
    classroom_url, code = create_classroom(teacher, class_name)

    teacher.goto("/instructor/packs/new")
    shown.check(teacher, "new-pack")
    check_size_before_sending(teacher, shown)
    pack_url = paste_article(teacher, language)
    check_draft_list(teacher, pack_url, shown)
    check_article_tidy(teacher, pack_url, shown)
    for type_name in TYPES:
        teacher.goto(f"{pack_url}/questions/new?type={type_name}")
        shown.check(teacher, f"editor-{type_name}")
    check_second_language(teacher, pack_url, language, shown)
    publish_and_assign(teacher, pack_url, class_name, shown)
    teacher.goto("/instructor/packs/import")
    shown.check(teacher, "import-questions")
    big = {"name": "big.gift", "mimeType": "text/plain", "buffer": b"x" * (QUESTION_LIMIT + 1)}
    teacher.locator("#upload").set_input_files(big)
    expect(teacher.locator("#upload-size-error")).to_contain_text("5 MB")

    learner = new_context().new_page()
    join_classroom(learner, code, f"Lea {language}", language)
    learner.locator("ul.assignments form button[type=submit]").first.click()
    learner.wait_for_url("**/questions/1")
    expect(learner.locator(".quiz-language")).to_be_visible()
    expect(learner.locator("html")).to_have_attribute("lang", OTHER[language])
    shown.check(learner, "learner-question-other-language")
    audit.assert_clean()


@pytest.mark.parametrize("language", ["en", "de"])
def test_without_javascript_a_file_over_the_limit_comes_back_with_what_was_typed(
    new_context, server, language
):
    teacher = new_context(java_script_enabled=False).new_page()
    sign_in_instructor(teacher, server.instructor_email, server.instructor_password, language)
    teacher.goto("/instructor/packs/new")
    teacher.locator("#title").fill("Typed before the file")
    teacher.locator("#text").fill("Pasted words stay here.")
    big = {"name": "scan.pdf", "mimeType": "application/pdf", "buffer": b"x" * (3 * ARTICLE_LIMIT)}
    teacher.locator("#upload").set_input_files(big)
    with teacher.expect_navigation():
        teacher.locator("main form button[type=submit]").click()
    expect(teacher.locator("#upload-error")).to_contain_text("2 MB")
    expect(teacher.locator("#title")).to_have_value("Typed before the file")
    expect(teacher.locator("#text")).to_have_value("Pasted words stay here.")
    # axe runs in the page's JavaScript: this page is pictured only (the same page, refused by
    # the server, is checked with JavaScript on in check_size_before_sending).
    screenshots.save(teacher, "quick-new-pack-refused-without-javascript", language, "desktop")
