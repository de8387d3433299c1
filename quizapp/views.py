"""Helpers every template uses: the active language, localised pack texts, numbers and dates."""

import datetime as dt
import functools
import json
import re
import secrets
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import quote

from babel.numbers import format_compact_decimal
from babel.numbers import format_decimal as babel_format_decimal
from flask import (
    Flask,
    current_app,
    g,
    has_request_context,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import (
    format_date,
    format_percent,
    format_time,
    get_translations,
    gettext,
    pgettext,
    to_user_timezone,
)
from flask_wtf.csrf import generate_csrf
from jinja2 import pass_context
from markupsafe import Markup, escape
from werkzeug.routing import BuildError

from .attempts import ReviewRow, score_visible
from .bank import Pack, quote_span, rendered_quote_span
from .behaviours import asks_evidence
from .constants import AttemptStatus, FeedbackMode, FinishReason
from .engine import Question, Quote, question_type
from .engine.text import repeats_headline
from .engine.types import plain_answer
from .evidence import evidence_feedback
from .extensions import csrf, request_user
from .i18n import (
    active_language,
    active_locale,
    language_name,
    quiz_language_note,
    template_gettext,
)
from .models import utcnow
from .packs import pinned_pack

# The characters url_for leaves as they are in a URL's #fragment.
ANCHOR_SAFE = "%!#$&'()*+,/:;=?@"


def localised(text: Mapping[str, str] | None, fallback: str = "en", *, language: str = "") -> str:
    """A pack text in the active language (or `language`), else in the fallback, else in any
    language it has."""
    if not text:
        return ""
    language = language or active_language()
    return text.get(language) or text.get(fallback) or next(iter(text.values()), "")


def quotes_by_paragraph(quotes: Sequence[Quote]) -> list[list[Quote]]:
    """A question's quotes grouped by the paragraph they stand in, in the order they come: the
    feedback shows each paragraph once, every quote of it highlighted."""
    groups: dict[str, list[Quote]] = {}
    for one in quotes:
        groups.setdefault(one.paragraph, []).append(one)
    return list(groups.values())


def highlighted_paragraph(pack: Pack, quotes: Sequence[Quote]) -> Markup:
    """The paragraph of `quotes` (all from one paragraph), escaped, each quote wrapped in <mark>."""
    found = [span for span in (quote_span(pack, one) for one in quotes) if span]
    if not found:
        return escape(" … ".join(one.text for one in quotes))
    return _marked(found[0][0].text, [(start, end) for _paragraph, start, end in found])


def highlighted_rendering(pack: Pack, quotes: Sequence[Quote]) -> Markup | None:
    """The paragraph of `quotes` in the reader's language (the pack's rendering), each quote's
    translation wrapped in <mark>; None when there is no rendering of it to show."""
    language = active_language()
    found = [span for span in (rendered_quote_span(pack, q, language) for q in quotes) if span]
    if not found:
        return None
    return _marked(found[0][1], [(start, end) for _rendering, _text, start, end in found])


def _marked(text: str, spans: Iterable[tuple[int, int]]) -> Markup:
    """`text`, escaped, with each span wrapped in <mark>; spans that overlap or touch are one."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    parts, at = [], 0
    for start, end in merged:
        parts.append(f"{escape(text[at:start])}<mark>{escape(text[start:end])}</mark>")
        at = end
    return Markup("".join(parts)) + escape(text[at:])


def quiz_title(pinned) -> str:
    """The localised title of an attempt's or an assignment's pack (the version it is pinned
    to), or the pack's id if the pack is gone."""
    pack = pinned_pack(pinned)
    return localised(pack.title) if pack else pinned.pack_slug


def number(value: float) -> str:
    """A number written the active locale's way (9,2 / 9.2; 9.200.000 / 9,200,000).

    From a million on, the short word form follows: 9.200.000 (9,2 Mio.) / 9,200,000 (9.2M).
    """
    return _number_in(value, str(active_locale() or "en"))


@functools.lru_cache(maxsize=4096)  # a dashboard writes the same few scores for 2,000 learners
def _number_in(value: float, locale: str) -> str:
    written = babel_format_decimal(value, format="#,##0.##", locale=locale)
    if abs(value) >= 1_000_000:
        short = format_compact_decimal(value, format_type="short", fraction_digits=1, locale=locale)
        return f"{written} ({short})"
    return written


def duration(value: dt.timedelta | int | None) -> str:
    """A time span with its units: "1 h 5 min", "36 min 39 s", "45 s" (a number is seconds)."""
    if value is None:
        return "–"
    seconds = int(value.total_seconds()) if isinstance(value, dt.timedelta) else int(value)
    hours, rest = divmod(max(0, seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return gettext("%(hours)s h %(minutes)s min", hours=hours, minutes=minutes)
    if minutes:
        return gettext("%(minutes)s min %(seconds)s s", minutes=minutes, seconds=seconds)
    return gettext("%(seconds)s s", seconds=seconds)


def clock_time(value: dt.datetime | None) -> str:
    """A time of day without seconds, the locale's way ("10:45 AM", "10:45 Uhr")."""
    if value is None:
        return ""
    return pgettext("time of day", "%(time)s", time=format_time(value, "short"))


def date_time(value: dt.datetime | None) -> str:
    """A date and time without seconds, the locale's way ("Dec 1, 2026, 10:45 AM", "… 10:45 Uhr")."""
    if value is None:
        return ""
    return gettext(
        "%(date)s, %(time)s", date=format_date(value, "medium"), time=format_time(value, "short")
    )


class PageTexts:
    """The engine's Texts for the page being served: its language, its catalog, its numbers."""

    @property
    def language(self) -> str:
        return active_language()

    def gettext(self, message: str, **values) -> str:
        return gettext(message, **values)

    def text(self, value: Mapping[str, str] | None) -> str:
        return localised(value)

    def number(self, value: float) -> str:
        return number(value)


page_texts = PageTexts()


def describe_answer(question: Question, answer) -> str:
    """A learner's stored answer as the page's reader reads it (the question type describes it)."""
    return question_type(question.type).describe(question, answer, page_texts)


def answer_ids(answer: Any) -> str:
    """A stored answer as a spreadsheet user reads it in the export's "Answer ID" column, never
    as JSON: the ids chosen ("b, d"), the number, the typed text, or each item's match
    ("i1 → c2; i2 → c1")."""
    if answer is None:
        return ""
    if isinstance(answer, Mapping):
        if set(answer) == {"text", "language"}:
            return str(answer["text"])
        return "; ".join(f"{key} → {answer_ids(value)}" for key, value in answer.items())
    return plain_answer(answer)


def describe_correct(question: Question) -> str:
    """The right answer as the page's reader reads it."""
    return question_type(question.type).describe_correct(question, page_texts)


def grade_note(question: Question, grade) -> str:
    """What the question type adds to the feedback about a grade ("counted; the spelling is …")."""
    return question_type(question.type).grade_note(question, grade, page_texts)


def correct_answer(question: Question):
    """A canonical answer that earns full points, for partials that draw the right answer."""
    return question_type(question.type).correct_answer(question)


def question_partial(question: Question):
    """The template partial that draws a question of this type, imported as `{% import %}`
    without the page's context would, and kept imported: its macros use their arguments and
    the template globals only (docs/question-types.md)."""
    return current_app.jinja_env.get_template(question_type(question.type).template).module


def article_url(
    pack: Pack, attempt_id: int | None, paragraph: str | None, original: bool = False
) -> str:
    """The link to a paragraph of the pack's article (as the attempt's version has it; the
    original, not its translation, if `original`): one url_for per page and kind, not per quote."""
    urls = g.setdefault("quizapp_article_urls", {})
    key = (pack.id, attempt_id, original)
    if key not in urls:
        urls[key] = url_for(
            "learner.source",
            pack_slug=pack.id,
            attempt=attempt_id,
            original=1 if original else None,
        )
    if paragraph is None:
        return urls[key]
    return f"{urls[key]}#{quote(paragraph, safe=ANCHOR_SAFE)}"


# Cache: about eleven url_for per page, half of them the header's (bench --profile, 2026-12-01).
_URLS_CACHED = 1024  # fixed links an app keeps (see page_url_for): its templates name a few dozen


class PageLinks:
    """Flask's url_for for the pages of one request, as templates call it (the page context
    binds one per render, so the request's root URL and blueprint are read once, not per link).

    The links every page has (an endpoint without values, or a static file) are built once per
    app, root URL and blueprint and then kept: in a request they depend on nothing else, and a
    page has half a dozen of them. A link whose values are all whole numbers (an attempt's
    questions) is filled into its endpoint's kept pattern (url_pattern)."""

    __slots__ = ("root", "blueprint", "fixed", "patterns")

    def __init__(self) -> None:
        this, extensions = request._get_current_object(), current_app.extensions
        self.root, self.blueprint = this.script_root, this.blueprint
        self.fixed = extensions.setdefault("quizapp.cached_urls", {})
        self.patterns = extensions.setdefault("quizapp.url_patterns", {})

    def __call__(self, endpoint: str, **values) -> str:
        blueprint = self.blueprint if endpoint[:1] == "." else None
        if values and values.keys() != {"filename"}:
            if all(type(value) is int for value in values.values()):
                key = (endpoint, tuple(sorted(values)), self.root, blueprint)
                pattern = self.patterns.get(key, False)
                if pattern is False:
                    pattern = url_pattern(endpoint, values)
                    if len(self.patterns) < _URLS_CACHED:
                        self.patterns[key] = pattern
                if pattern is not None:
                    return pattern.format_map(values)
            return url_for(endpoint, **values)
        key = (endpoint, values.get("filename"), self.root, blueprint)
        url = self.fixed.get(key)
        if url is None:
            url = url_for(endpoint, **values)
            if len(self.fixed) < _URLS_CACHED:
                self.fixed[key] = url
        return url


def page_url_for(endpoint: str, **values) -> str:
    """Flask's url_for as templates rendered outside a page's context call it: PageLinks in a
    request, else url_for itself."""
    if not has_request_context():
        return url_for(endpoint, **values)
    return PageLinks()(endpoint, **values)


# Stand for the values of a link in its kept pattern (url_pattern): random per process, so no
# root URL or rule can hold them.
_URL_SLOT = 10**17 + secrets.randbelow(8 * 10**17)


def url_pattern(endpoint: str, values: Mapping[str, int]) -> str | None:
    """The link of `endpoint` in this request as a str.format pattern of the names in `values`,
    built by url_for with stand-in numbers (PageLinks keeps it per app, root URL and blueprint);
    None when a link of it cannot be written so (a rule that pads its numbers, an absolute
    link, a URL default function), in which case url_for builds each one. The pattern is
    checked against url_for with `values`."""
    names = sorted(values)
    if any(name.startswith("_") for name in names) or any(
        current_app.url_default_functions.values()
    ):
        return None
    slots = {name: str(_URL_SLOT + at) for at, name in enumerate(names)}
    try:
        built = url_for(endpoint, **{name: int(slot) for name, slot in slots.items()})
    except (BuildError, ValueError):  # a converter refuses the stand-ins: url_for builds each
        return None
    if not built.startswith("/") or any(built.count(slot) != 1 for slot in slots.values()):
        return None
    pattern = built.replace("{", "{{").replace("}", "}}")
    for name, slot in slots.items():
        pattern = pattern.replace(slot, "{" + name + "}")
    return pattern if pattern.format_map(values) == url_for(endpoint, **values) else None


# Stands for the attempt's id in a cached part (see cached_part): random per process, so no pack text
# can hold it.
_ATTEMPT_SLOT = f"quizapp-attempt-{secrets.token_hex(8)}"
# Cache (cached_part, cached_answer): the same feedback for every learner was a third of the results
# page, 17.4 -> 11.4 ms, and the answers' 11.1-12.4 -> 8.8-8.9 ms (bench --profile, 2026-12-01).
# Learners' answers a pack keeps the feedback of, per app (see cached_answer): an outcome is about
# 750 characters, so at most some 6 MB per pack and worker.
_ANSWERS_CACHED = 4096


class _CachedParts:
    """A pack's cached parts in one app: the parts the same for every learner, by macro, question,
    locale and script root; and what the feedback says of learners' answers, at most
    _ANSWERS_CACHED; the results page's rows (kept_review_item); and the question pages without an
    answer, cut at their stand-ins (question_page)."""

    def __init__(self) -> None:
        self.fixed: dict[tuple, Markup] = {}
        self.answers: dict[tuple, Markup] = {}
        self.feedback: dict[tuple, Markup] = {}
        self.review_items: dict[tuple, Markup] = {}
        self.controls: dict[tuple, Markup] = {}
        self.question_pages: dict[tuple, tuple[str, frozenset[str]]] = {}


def _cached_parts_of(pack: Pack) -> _CachedParts:
    """The cached parts of `pack` in this app. They go when the pack object does, so its id can
    never find another pack's."""
    cached = current_app.extensions.setdefault("quizapp.cached_parts", {})  # id(pack) -> parts
    parts = cached.get(id(pack))
    if parts is None:
        weakref.finalize(pack, cached.pop, id(pack), None)
        parts = cached[id(pack)] = _CachedParts()
    return parts


def _with_attempt(html: Markup, attempt_id: int) -> Markup:
    """A kept part with the attempt's id put into its slot: a number, so nothing to escape (str's
    own replace: Markup's would escape both arguments first)."""
    return Markup(str.replace(html, _ATTEMPT_SLOT, str(int(attempt_id))))


def _answer_key(answer: Any) -> tuple[str, str] | str:
    """A stored answer as a key of the kept feedback: a chosen option's id as it is (most answers),
    any other answer as its JSON; the two never equal each other."""
    if type(answer) is str:
        return ("", answer)
    return json.dumps(answer, sort_keys=True, ensure_ascii=False, default=repr)


def _holds_a_slot(given: tuple[str, str] | str) -> bool:
    """Whether a learner's answer (as _answer_key gives it) holds a stand-in's text, which only
    someone who learned this process's random stand-ins could type: such an answer is drawn with
    its own values each time and never kept, so nothing is put into what the learner typed."""
    text = given[1] if type(given) is tuple else given
    return _ATTEMPT_SLOT in text or _POSITION_SLOT in text


@pass_context
def cached_part(
    context, macro, pack: Pack, question: Question, attempt_id: int | None = None
) -> Markup:
    """What `macro(pack, question, attempt_id)` draws, drawn once per app, pack, question,
    locale and macro: the right answer, the explanation and the quotes are the same for every
    learner of a pack (a Pack never changes), but for the attempt's id in the article's links,
    which is put in each time."""
    fixed = _cached_parts_of(pack).fixed
    key = (macro.name, question.id, *context["drawn_for"], attempt_id is None)
    html = fixed.get(key)
    if html is None:
        slot = None if attempt_id is None else _ATTEMPT_SLOT
        html = fixed[key] = Markup(macro(pack, question, slot))
    if attempt_id is None or attempt_id == _ATTEMPT_SLOT:  # the slot: drawn for cached_feedback
        return html
    return _with_attempt(html, attempt_id)


@pass_context
def cached_answer(context, macro, pack: Pack, question: Question, answer, grade, *args) -> Markup:
    """What `macro(pack, question, answer, grade, *args)` draws for a learner's answer, kept like
    cached_part: the answer decides its grade, and a class gives the same few answers to most
    questions. Typed answers can be many: past _ANSWERS_CACHED a pack's new ones are drawn each time."""
    answers = _cached_parts_of(pack).answers
    given = _answer_key(answer)
    key = (macro.name, question.id, given, args, *context["drawn_for"])
    html = answers.get(key)
    if html is None:
        html = Markup(macro(pack, question, answer, grade, *args))
        if len(answers) < _ANSWERS_CACHED:
            answers[key] = html
    return html


@pass_context
def cached_feedback(
    context, macro, pack: Pack, question: Question, response, grade, evidence, *args
) -> Markup:
    """What the feedback macro `macro(pack, question, response, grade, *args, read_in)` draws,
    kept like cached_answer per answer and also per `evidence` (the evidence columns shown, or
    None): the verdict, the answer, the evidence and the quotes are decided by these, the locale
    and the root URL; the attempt's id (`read_in`, the last of `args`) is put in each time."""
    *drawn_with, read_in = args
    kept = _cached_parts_of(pack).feedback
    given = _answer_key(response.answer)
    if _holds_a_slot(given):
        return Markup(macro(pack, question, response, grade, *drawn_with, read_in))
    key = (question.id, given, evidence, *drawn_with, read_in is None, *context["drawn_for"])
    html = kept.get(key)
    if html is None:
        slot = None if read_in is None else _ATTEMPT_SLOT
        html = Markup(macro(pack, question, response, grade, *drawn_with, slot))
        if len(kept) < _ANSWERS_CACHED:
            kept[key] = html
    if read_in is None:
        return html
    return _with_attempt(html, read_in)


# Stands for a results page row's position in its kept drawing (kept_review_item): random per
# process, so no pack text can hold it.
_POSITION_SLOT = f"quizapp-position-{secrets.token_hex(8)}"


@pass_context
def kept_review_item(
    context, macro, pack: Pack, row: ReviewRow, evidence_asked: bool, read_in: int
) -> Markup:
    """What `macro(pack, question, response, grade, position, read_in)` draws for one row of a
    results page, kept like cached_feedback per question, answer, evidence (when the class asks
    for it: `evidence_asked`), locale and root URL; the row's position (a learner's questions come
    in an order of their own) and the attempt's id `read_in` are put in each time."""
    position, question, response, grade = row
    evidence = None
    if response is not None and evidence_asked:
        evidence = (
            response.evidence_sentence,
            response.evidence_language,
            response.evidence_correct,
        )
    given = None if response is None else _answer_key(response.answer)
    if given is not None and _holds_a_slot(given):
        return Markup(macro(pack, question, response, grade, position, read_in))
    key = (question.id, given, evidence, *context["drawn_for"])
    kept = _cached_parts_of(pack).review_items
    html = kept.get(key)
    if html is None:
        html = Markup(macro(pack, question, response, grade, _POSITION_SLOT, _ATTEMPT_SLOT))
        if len(kept) < _ANSWERS_CACHED:
            kept[key] = html
    return _with_attempt(str.replace(html, _POSITION_SLOT, str(int(position))), read_in)


class Slots:
    """Stand-ins for a page's own values in a kept drawing, and how they are put back: each a
    random text per process, so no pack, layout or learner's text can hold one; a name listed in
    `numbers` stands as a random 18-digit number, for a value that goes into a link's path (an
    attempt's id, which url_for builds only as a whole number)."""

    def __init__(self, *names: str, numbers: tuple[str, ...] = ()) -> None:
        self.stand_ins: dict[str, Any] = {
            name: f"quizapp-{name}-{secrets.token_hex(8)}" for name in names
        }
        for name in numbers:
            self.stand_ins[name] = 10**17 + secrets.randbelow(8 * 10**17)
        self.names = {str(stand_in): name for name, stand_in in self.stand_ins.items()}
        self._split = re.compile("(" + "|".join(map(re.escape, self.names)) + ")")

    def cut(self, drawn: str) -> tuple[str, frozenset[str]]:
        """A drawing as a str.format pattern with each stand-in's name in its place (the
        drawing's own braces doubled), and the names it holds."""
        pieces = self._split.split(str(drawn))
        texts = [text.replace("{", "{{").replace("}", "}}") for text in pieces[::2]]
        names = [self.names[stand_in] for stand_in in pieces[1::2]]
        pattern = "".join(
            text + "{" + name + "}" for text, name in zip(texts[:-1], names, strict=True)
        )
        return pattern + texts[-1], frozenset(names)

    @staticmethod
    def fill(cut: tuple[str, frozenset[str]], value_of: Callable[[str], str]) -> Markup:
        """A drawing cut by `cut` with `value_of(name)` (markup, already escaped) in each
        stand-in's place, each asked for once."""
        pattern, names = cut
        return Markup(pattern.format_map({name: str(value_of(name)) for name in names}))


# Stand for a page's own values in its kept drawings (kept_layout, question_page): the account's
# name, the CSRF token, the path, and on a question page the question's key in the attempt, the
# timer, the question's controls, the attempt's id and the question's position and its
# neighbours'.
_PAGE_SLOTS = Slots(
    "name",
    "token",
    "path",
    "key",
    "timer",
    "controls",
    numbers=("attempt", "position", "previous", "next"),
)
# Cache (kept_layout): the header was a sixth of a question page's render (bench --profile,
# 2026-12-07). Its parts number kinds of account x languages x root URLs: a few dozen.
_LAYOUTS_KEPT = 256


def account_name(user) -> str:
    """The name the header shows for the signed-in account: a teacher's e-mail address, a
    learner's display name."""
    return user.email if hasattr(user, "email") else user.display_name


@pass_context
def kept_layout(context, part: str, *depends_on) -> Markup:
    """What the header part `part` (a macro of templates/_header.html) draws with
    `(slots, *depends_on)`, kept per app, part, `depends_on` (all the part reads of the page
    besides its slots: the kind of account, the languages), locale and root URL; the page's own
    values, escaped, are put into the slots: the account's name, the CSRF token and the path.
    The macro comes from the template's kept module: an {% import %} in the layout would cost
    Jinja a check of every global on each page."""
    kept = current_app.extensions.setdefault("quizapp.kept_layout", {})
    key = (part, depends_on, *context["drawn_for"])
    drawing = kept.get(key)
    if drawing is None:
        macro = getattr(current_app.jinja_env.get_template("_header.html").module, part)
        drawing = _PAGE_SLOTS.cut(macro(_PAGE_SLOTS.stand_ins, *depends_on))
        if len(kept) < _LAYOUTS_KEPT:
            kept[key] = drawing
    return _PAGE_SLOTS.fill(drawing, lambda name: escape(_layout_value(context, name)))


def _layout_value(context, name: str) -> str:
    """A page's own value for the header's slot `name`; its stand-in while the page is drawn to
    be kept whole (question_page), which puts the value in."""
    if context.get("keeping"):
        return _PAGE_SLOTS.stand_ins[name]
    if name == "name":
        return account_name(context["signed_in"])
    if name == "token":
        return context["csrf_token"]()
    return context["current_path"]


def _timer(attempt, seconds_left: int | None) -> Markup:
    """A timed attempt's timer, drawn for this request (the time left changes), else nothing."""
    if seconds_left is None:
        return Markup("")
    module = current_app.jinja_env.get_template("learner/_timer.html").module
    return Markup(module.timer(attempt, seconds_left))


def _own_numbers(attempt, position: int) -> dict[str, int]:
    """The numbers a question page stands in for: the attempt's id, the question's position and
    its neighbours'."""
    position = int(position)
    return {
        "attempt": int(attempt.id),
        "position": position,
        "previous": position - 1,
        "next": position + 1,
    }


def _drawn_controls(question: Question, view) -> Markup:
    """A question's controls as its type's partial draws them for `view`."""
    return Markup(question_partial(question).controls(question, view))


def _controls(pack: Pack, question: Question, view) -> Markup:
    """A question's controls without an answer in them, as its type's partial draws them in the
    order `view` gives its options, choices and items: kept per pack, question, that order,
    locale and root URL (at most _ANSWERS_CACHED a pack; the order is the attempt's own)."""
    kept = _cached_parts_of(pack).controls
    order = tuple(
        tuple(thing.id for thing in things) for things in (view.options, view.choices, view.items)
    )
    key = (question.id, order, *_drawn_for())
    html = kept.get(key)
    if html is None:
        html = _drawn_controls(question, view)
        if len(kept) < _ANSWERS_CACHED:
            kept[key] = html
    return html


def _question_page_key(page: Mapping[str, Any]) -> tuple | None:
    """What a question page shows besides its slots, as the key it is kept under; None for a
    page that is drawn each time: one with a learner's answer or an error in its form, or with
    messages to show (which showing removes)."""
    view = page["view"]
    if page["response"] is not None or page["error"] or view.form or view.error:
        return None
    if "_flashes" in session:
        return None
    return (
        page["first"],
        page["last"],
        page["total"],
        page["flagged"],
        page["changeable"],
        page["seconds_left"] is None,
        quiz_language_note(),
        *_drawn_for(),
        _switcher_languages(),
        account_kind(signed_in_user()),
    )


# Cache (question_page): a question page's template and its context were half of its Python
# calls, 4,184 of which 1,900 the templates (bench.differential --groups, 2026-12-08). A pack keeps
# at most _ANSWERS_CACHED pages, about 7 KB each.
def question_page(page: dict[str, Any], question_key: str) -> str:
    """A learner's question page (templates/learner/question.html with `page` as its context).

    A page without an answer, an error or a message in it is drawn once per pack and
    everything it shows besides its slots (_question_page_key: whether the question is the
    first or the last, the number of questions, the flag, whether answers may change, whether
    the attempt is timed, the note on the quiz's language, the locale, the root URL, the
    languages offered, the kind of account) and kept, with stand-ins for the page's own values,
    which are put in each time: the attempt's id, the positions, the question's key, the CSRF
    token, the account's name, the path, the timer and the question's controls (_controls,
    kept per question and order). Any other page is drawn with its own values."""
    attempt, position, seconds_left = page["attempt"], page["position"], page["seconds_left"]
    numbers = _own_numbers(attempt, position)
    page["first"], page["last"] = position <= 1, position >= page["total"]
    key = _question_page_key(page)
    if key is None:
        own = {**numbers, "token": page_csrf_token(), "key": question_key}
        own["timer"] = _timer(attempt, seconds_left)
        own["controls"] = _drawn_controls(page["question"], page["view"])
        return render_template("learner/question.html", slots=own, **page)
    kept = _cached_parts_of(page["pack"]).question_pages
    drawing = kept.get(key)
    if drawing is None:
        stand_ins = dict(_PAGE_SLOTS.stand_ins)
        if seconds_left is None:
            stand_ins["timer"] = ""
        html = render_template("learner/question.html", slots=stand_ins, keeping=True, **page)
        drawing = _PAGE_SLOTS.cut(html)
        if len(kept) < _ANSWERS_CACHED:
            kept[key] = drawing

    def value_of(name: str) -> str:
        if name in numbers:
            return str(numbers[name])
        if name == "timer":
            return _timer(attempt, seconds_left)
        if name == "controls":
            return _controls(page["pack"], page["question"], page["view"])
        if name == "key":
            return escape(question_key)
        if name == "path":
            return escape(request.full_path.rstrip("?"))
        return escape(page_csrf_token() if name == "token" else account_name(signed_in_user()))

    return _PAGE_SLOTS.fill(drawing, value_of)


def _switcher_languages() -> tuple[str, ...]:
    """The languages the page's switcher offers: the class's, else the app's."""
    return tuple(g.get("allowed_languages") or current_app.config["LANGUAGES"])


def _drawn_for(locale=None) -> tuple[str, str]:
    """What a kept part depends on besides its pack and question: the locale (the active one
    unless given) and the root URL."""
    return str(locale or active_locale()), request.script_root


def account_kind(user) -> tuple[bool, bool, bool]:
    """What the header's account links depend on: a visitor, a teacher, an administrator."""
    if user is None:
        return True, False, False
    return False, hasattr(user, "email"), getattr(user, "is_administrator", None) is True


def page_csrf_token() -> str:
    """The CSRF token, as templates call csrf_token(): signed once per request, and the page's
    forms (the header's three, a question's two) take that one token from here without its
    settings being read again for each."""
    token = g.get("quizapp_csrf_token")
    if token is None:
        token = g.quizapp_csrf_token = signed_csrf_token()
    return token


def signed_csrf_token() -> str:
    """Flask-WTF's signed CSRF token for this session, signed once per session token and worker
    and kept (extensions.KeptTokenCSRFProtect, which also accepts it by a plain compare).

    A new session token (a new sign-in) or secret key is a new key. With a time limit every page
    gets Flask-WTF's freshly signed token."""
    field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    if field in g:
        return generate_csrf()
    key = csrf.token_key()
    token = csrf.kept_tokens().get(key) if key is not None else None
    if token is None:
        token = generate_csrf()
        key = csrf.token_key()  # a session's first token makes its raw token
        if key is None:
            return token
        csrf.keep_token(key, token)
    setattr(g, field, token)  # what generate_csrf returns for the rest of the request
    return token


def form_page(template: str, **context) -> tuple[str, int]:
    """A form's page: 200 when first shown, 422 when a sent form comes back with its errors."""
    return render_template(template, **context), 422 if request.method == "POST" else 200


def type_name(name: str) -> str:
    """What teachers call a question type, in the page's language."""
    return gettext(question_type(name).label or name)


def signed_in_user():
    """The signed-in instructor or learner, or None (Flask-Login asked once, not per use of
    its proxy)."""
    user = request_user()
    return user if user is not None and user.is_authenticated else None


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.globals.update(
        url_for=page_url_for,
        localised=localised,
        highlighted_paragraph=highlighted_paragraph,
        highlighted_rendering=highlighted_rendering,
        quotes_by_paragraph=quotes_by_paragraph,
        asks_evidence=asks_evidence,
        evidence_feedback=evidence_feedback,
        number=number,
        quiz_title=quiz_title,
        percent=format_percent,
        date=format_date,
        datetime=date_time,
        clock_time=clock_time,
        iso_time=lambda value: to_user_timezone(value).isoformat() if value else "",
        duration=duration,
        FeedbackMode=FeedbackMode,
        FinishReason=FinishReason,
        AttemptStatus=AttemptStatus,
        now=utcnow,
        language_name=language_name,
        quiz_language_note=quiz_language_note,
        describe_answer=describe_answer,
        describe_correct=describe_correct,
        grade_note=grade_note,
        question_partial=question_partial,
        article_url=article_url,
        cached_part=cached_part,
        cached_answer=cached_answer,
        cached_feedback=cached_feedback,
        kept_review_item=kept_review_item,
        kept_layout=kept_layout,
        question_answer=correct_answer,
        score_visible=score_visible,
        type_name=type_name,
        repeats_headline=repeats_headline,
    )

    @app.context_processor
    def page_context():
        locale = active_locale()  # looked up once per render, as is what kept parts depend on
        language = locale.language if locale else "en"
        this = request._get_current_object()
        user = signed_in_user()
        return {
            **template_gettext(get_translations()),
            "active_language": language,
            "localised": functools.partial(localised, language=language),
            "drawn_for": _drawn_for(locale),
            "switcher_languages": _switcher_languages(),
            "signed_in": user,
            "account_kind": account_kind(user),
            "url_for": PageLinks(),
            "current_path": this.full_path.rstrip("?"),
            "csrf_token": page_csrf_token,  # in place of Flask-WTF's, whose processor ran first
        }
