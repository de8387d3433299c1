"""What teachers and learners do in the browser, as small steps the e2e tests combine.

The right answers come from the pack as the test process loads it (quizapp.bank.load_packs); the
browser only ever sees what the pages show.
"""

import re
from dataclasses import dataclass
from urllib.parse import urlencode

from babel.numbers import format_decimal
from factories import DEFAULT_PIN, SEED_PACK
from playwright.sync_api import Page, expect
from werkzeug.datastructures import MultiDict

from e2e.server import PROJECT_ROOT
from quizapp.bank import Pack, load_packs, rendered_quote_span
from quizapp.engine import Question, grade_response, question_type

LANGUAGE_BUTTONS = {"en": "English", "de": "Deutsch"}

_packs: dict[str, Pack] = {}


def seed_pack() -> Pack:
    if not _packs:
        _packs.update(load_packs(PROJECT_ROOT / "questions"))
    return _packs[SEED_PACK]


def choose_language(page: Page, language: str) -> None:
    """Press the language switcher's button (nothing to do if the page is in it already)."""
    if page.locator("html").get_attribute("lang") == language:
        return
    page.locator(".language-switcher").get_by_role(
        "button", name=LANGUAGE_BUTTONS[language], exact=True
    ).click()
    expect(page.locator("html")).to_have_attribute("lang", language)
    # The new page's <html lang> is there before its stylesheet is applied: measurements of the
    # layout (reflow, focus outlines) wait for the page to finish loading.
    page.wait_for_load_state("load")


def sign_in_instructor(page: Page, email: str, password: str, language: str = "en") -> None:
    """Sign in and have the pages in `language`: the teacher account is shared by the browser
    tests and remembers the language the last test left it in."""
    page.goto("/instructor/sign-in")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/instructor/")
    choose_language(page, language)


def create_classroom(page: Page, name: str) -> tuple[str, str]:
    """From the instructor's home page; returns the classroom's URL and its join code."""
    page.goto("/instructor/")
    page.locator("#name").fill(name)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/instructor/classrooms/\d+$"))
    return page.url, page.locator(".join-code").inner_text().strip()


def assign_seed_pack(page: Page, classroom_url: str, feedback_mode: str = "immediate") -> str:
    """Assign the seed pack from the classroom page; returns the assignment dashboard's URL."""
    page.goto(classroom_url)
    page.locator("main a.button[href$='/assignments/new']").click()
    page.locator("#pack_slug").select_option(SEED_PACK)
    page.locator(f"input[name=feedback_mode][value={feedback_mode}]").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/instructor/assignments/\d+$"))
    return page.url


def join_classroom(page: Page, code: str, name: str, language: str = "en") -> None:
    """Type the class code on /join, then name and PIN; ends on the learner's start page."""
    page.goto("/join")
    choose_language(page, language)
    page.locator("#code").fill(code)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/join/{code}")
    page.locator("#display_name").fill(name)
    page.locator("#pin").fill(DEFAULT_PIN)
    page.locator("#pin_confirm").fill(DEFAULT_PIN)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: url.rstrip("/").count("/") == 2)


def sign_in_learner(page: Page, code: str, name: str) -> None:
    page.goto("/sign-in")
    page.locator("#code").fill(code)
    page.locator("#display_name").fill(name)
    page.locator("#pin").fill(DEFAULT_PIN)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: url.rstrip("/").count("/") == 2)


def start_practice(page: Page, name: str, language: str = "en") -> None:
    """Practise the seed pack alone (no classroom), feedback after each question."""
    page.goto("/")
    choose_language(page, language)
    form = page.locator(f"form[action$='/packs/{SEED_PACK}/attempts']")
    form.locator("input[name=display_name]").fill(name)
    form.locator("input[name=feedback_mode][value=immediate]").check()
    form.locator("button[type=submit]").click()
    page.wait_for_url("**/questions/1")


def number_text(value: float, language: str) -> str:
    """A number written the way the language writes it (9,200,000 / 9.200.000)."""
    return format_decimal(value, locale=language)


def answer_fields(question: Question, language: str, how: str) -> dict[str, str | list[str]]:
    """What a learner enters, by field name: the right answer, a wrong one, or a partly right one."""
    right = how == "right"
    kind = question.type
    if kind in ("single_choice", "multiple_response"):
        correct = [o.id for o in question.options if o.correct]
        wrong = [o.id for o in question.options if not o.correct]
        if kind == "single_choice":
            return {"answer": correct[0] if right else wrong[0]}
        if how == "partly" and len(correct) > 1:
            return {"answer": correct[:1]}
        return {"answer": correct if right else wrong[:1]}
    if kind == "true_false":
        return {"answer": "true" if question.answer == right else "false"}
    if kind == "numeric":
        value = question.answer if right else question.answer * 3 + question.tolerance + 7
        return {"answer": number_text(value, language)}
    if kind == "short_text":
        accepted = question.accepted.get(language) or next(iter(question.accepted.values()))
        return {"answer": accepted[0] if right else "Atlantis"}
    if kind == "ordering":
        order = [item.id for item in question.sequence]
        if how == "partly":
            order[0], order[1] = order[1], order[0]
        elif not right:
            order.reverse()
        return {f"position-{item_id}": str(order.index(item_id) + 1) for item_id in order}
    fields = {}
    for item in question.items:
        other = next(c.id for c in question.choices if c.id != item.match)
        fields[f"match-{item.id}"] = item.match if right else other
    if how == "partly":
        first = question.items[0]
        fields[f"match-{first.id}"] = first.match
    return fields


def expected_points(question: Question, fields: dict, language: str) -> float:
    """The points the fields earn, graded by the engine the way the server does."""
    raw = question_type(question.type).form_response(question, MultiDict(fields))
    return grade_response(question, raw, language).points


def fill_answer(page: Page, question: Question, fields: dict) -> None:
    """Enter the fields into the question form the way a mouse user does (no submit)."""
    if question.type == "ordering":  # in position order: the script moves each item as it is set
        for name, value in sorted(fields.items(), key=lambda field: int(field[1])):
            page.locator(f"select[name='{name}']").select_option(value)
        return
    for name, value in fields.items():
        if question.type == "matching":
            page.locator(f"select[name='{name}']").select_option(value)
        elif question.type in ("numeric", "short_text"):
            page.locator("#answer").fill(value)
        else:
            for option_id in [value] if isinstance(value, str) else value:
                page.locator(f"input[name=answer][value='{option_id}']").check()


@dataclass
class Answered:
    position: int
    question: Question
    points: float
    verdict: str


VERDICTS = {
    "en": {"right": "Right", "wrong": "Not right", "partly": "Partly right"},
    "de": {"right": "Richtig", "wrong": "Nicht richtig", "partly": "Teilweise richtig"},
}
QUESTION_HEADING = {"en": "Question {n} of {total}", "de": "Frage {n} von {total}"}


def attempt_path(page: Page) -> str:
    """The path of the attempt whose question is on the page, e.g. /attempts/7."""
    return re.sub(r"^https?://[^/]+", "", page.url).rsplit("/questions/", 1)[0]


def current_position(page: Page) -> int:
    return int(re.search(r"/questions/(\d+)", page.url).group(1))


def answer_current_question(page: Page, language: str, how: str) -> Answered:
    """Answer the question on the page and check the feedback shown after it.

    The question is the pack's question at the page's position (the assignment does not shuffle);
    its prompt on the page must be the pack's prompt in the page's language.
    """
    pack = seed_pack()
    position = current_position(page)
    question = pack.questions[position - 1]
    total = len(pack.questions)
    heading, prompt = page.evaluate(
        "() => [document.querySelector('h1').textContent,"
        " document.querySelector('form .question-prompt').textContent]"
    )
    assert heading.strip() == QUESTION_HEADING[language].format(n=position, total=total)
    assert question.prompt[language] in " ".join(prompt.split()), (position, prompt)
    fields = answer_fields(question, language, how)
    fill_answer(page, question, fields)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/questions/{position}#feedback")
    points = expected_points(question, fields, language)
    verdict = "right" if points >= question.points else ("partly" if points > 0 else "wrong")
    check_feedback(page, question, verdict, language)
    return Answered(position, question, points, verdict)


FEEDBACK_SHOWN = """() => {
    const feedback = document.getElementById('feedback');
    const verdict = feedback.querySelector('.verdict');
    return {
        verdict: [verdict.className, verdict.textContent],
        quotes: [...feedback.querySelectorAll('figure.quote')].map((figure) => ({
            shown: [...figure.querySelectorAll('blockquote')].map((quote) => ({
                lang: quote.getAttribute('lang'),
                paragraph: quote.querySelector('p').textContent,
                marked: [...quote.querySelectorAll('p mark')].map((m) => m.textContent),
            })),
            link: figure.querySelector('figcaption a').getAttribute('href'),
        })),
    };
}"""


def check_feedback(page: Page, question: Question, verdict: str, language: str) -> None:
    """The verdict in words and the quotes highlighted inside their whole paragraph, one figure
    per quoted paragraph (two quotes of one paragraph share it): in the learner's rendering first
    when the pack has one, and always in the original."""
    pack = seed_pack()
    shown = page.evaluate(FEEDBACK_SHOWN)
    css_class, words = shown["verdict"]
    assert verdict in css_class.split() and VERDICTS[language][verdict] in words, shown["verdict"]
    by_paragraph: dict[str, list] = {}
    for quote in question.quotes:
        by_paragraph.setdefault(quote.paragraph, []).append(quote)
    assert len(shown["quotes"]) == len(by_paragraph)
    for (paragraph_id, quotes), figure in zip(by_paragraph.items(), shown["quotes"], strict=True):
        expected = [(pack.source.language, pack.source.paragraph(paragraph_id).text)]
        rendered = rendered_quote_span(pack, quotes[0], language)
        if rendered:
            expected.insert(0, (language, rendered[1]))
        assert len(figure["shown"]) == len(expected), figure
        for (lang, text), blockquote in zip(expected, figure["shown"], strict=True):
            paragraph = " ".join(text.split())
            assert blockquote["lang"] == lang, blockquote
            assert " ".join(blockquote["paragraph"].split()) == paragraph
            assert 1 <= len(blockquote["marked"]) <= len(quotes), blockquote
            for mark in blockquote["marked"]:
                marked = " ".join(mark.split())
                assert marked and marked in paragraph, (marked, paragraph)
        original = " ".join(" ".join(m.split()) for m in figure["shown"][-1]["marked"])
        for quote in quotes:
            assert " ".join(quote.text.split()) in original, (quote.text, original)
        # the article as this attempt's version of the pack has it, at the quote's paragraph
        link = rf"/source\?attempt=\d+#{paragraph_id}$"
        assert re.search(link, figure["link"]), figure["link"]


def next_question(page: Page) -> None:
    """Follow the feedback page's link on (to the next question or to the results)."""
    before = page.url
    page.locator("main p.next a.button").click()
    page.wait_for_url(lambda url: url != before)


CSRF_FIELD = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')
QUESTION_FIELD = re.compile(r'name="question" value="([^"]+)"')


def answer_by_request(context, attempt_path: str, positions: range, language: str, plan) -> float:
    """Answer questions quickly over HTTP with the context's cookies, as the question form would.

    For setting the scene only: the tests that prove the pages work use the browser.
    """
    pack = seed_pack()
    points = 0.0
    for position in positions:
        url = f"{attempt_path}/questions/{position}"
        page = context.request.get(url)
        assert page.ok, (url, page.status)
        html = page.text()
        question = pack.questions[position - 1]
        fields = answer_fields(question, language, plan(position))
        pairs = [("csrf_token", CSRF_FIELD.search(html).group(1))]
        pairs.append(("question", QUESTION_FIELD.search(html).group(1)))
        for name, value in fields.items():
            pairs += [(name, v) for v in ([value] if isinstance(value, str) else value)]
        answered = context.request.post(
            url,
            data=urlencode(pairs),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            max_redirects=0,
        )
        assert answered.status == 303, (url, answered.status)
        points += expected_points(question, fields, language)
    return points
