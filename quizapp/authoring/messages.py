"""The pack checker's problems in the teacher's words, for the authoring pages.

The checker (bank.loader) speaks to people writing pack files: "'feedback' is missing",
"questions must be a non-empty list". The pack page and the question editor show the same
problems as what to do, named by the editor's labels: each problem is told by its field (the path
the checker names it by, `questions.2.prompt.de`) and the kind of problem, which is read from the
checker's English message. `flask questions check` and file imports keep the file's words.
"""

import ast
import re
from collections import defaultdict
from typing import Any

from flask_babel import gettext as _

from ..bank.loader import read_pack_data
from ..engine import QUESTION_TYPES
from ..engine.types.base import EditorField
from ..i18n import active_language, language_name
from ..terminal import messages_in
from . import editor

CLOSEST = re.compile(r"closest passage \((?P<id>[^)]*)\): (?P<passage>.*)$", re.S)
NO_PARAGRAPH = re.compile(r"no paragraph (?P<id>'[^']*')")
ELSEWHERE = re.compile(r"quote is in paragraph (?P<found>'[^']*'), not")
# The kinds of problem, each found by words of the checker's English message, first match wins.
KINDS = (
    ("attention", "needs attention: "),
    ("closest", "closest passage ("),
    ("elsewhere", "quote is in paragraph"),
    ("no_paragraph", "no paragraph "),
    ("no_quote", "needs at least one quote"),
    ("duplicate", "duplicate "),
    ("id_characters", "may hold only"),
    ("one_correct", "exactly one option with 'correct: true'"),
    ("some_correct", "at least one option with 'correct: true'"),
    ("full_answer", "answer worth 100%"),
    ("statement", "'answer: true' or 'answer: false'"),
    ("match", "needs its match"),
    ("match", "which is not a choice"),
    ("number", "must be a number"),
    ("number", "needs a number"),
    ("number", "is not a number"),
    ("positive", "must be greater than 0"),
    ("not_negative", "must be 0 or more"),
    ("rows", "needs a list of"),
    ("rows", "needs at least two"),
    ("rows", "needs %(min)s"),
    ("rows", "ordering question needs"),
    ("type", "unknown question type"),
    ("missing", " has no "),
    ("missing", " is empty"),
)


def problem_kind(message: str) -> str:
    """The kind of a checker problem, from its English message ("other" when none fits)."""
    return next((kind for kind, words in KINDS if words in message), "other")


def pack_problems(draft: dict[str, Any]) -> list[tuple[str, str]]:
    """Every problem that keeps the draft from being published, by field, in the teacher's
    words and language: what editor.pack_problems finds, each said as what to do."""
    found = editor.pack_problems(draft, "en")
    return [(field, teacher_message(draft, field, message, True)) for field, message in found]


def question_problems(
    draft: dict[str, Any], index: int, locale: str
) -> tuple[dict[str, list[str]], list[str]]:
    """The problems of question `index` as the editor shows them (by input name, and those of the
    question as a whole), in the teacher's words; `locale` is the page's language."""
    at: dict[str, list[str]] = defaultdict(list)
    general: list[str] = []
    prefix = f"questions.{index}"
    for field, message in _checked(draft):
        if field != prefix and not field.startswith(prefix + "."):
            continue
        told = teacher_message(draft, field, message, False)
        if field == prefix:
            general.append(told)
        else:
            at[field[len(prefix) + 1 :]].append(told)
    return dict(at), general


def _checked(draft: dict[str, Any]) -> list[tuple[str, str]]:
    """The checker's problems of the draft in English, the words problem_kind reads (the notes
    that a question needs attention are the editor's own box, not among them)."""
    with messages_in("en"):
        _pack, problems, missing = read_pack_data(draft)
    return [*problems, *missing]


def teacher_message(draft: dict[str, Any], field: str, message: str, numbered: bool) -> str:
    """The problem at `field` (the checker's English `message`) as what the teacher does about it;
    `numbered` puts the question's number first, for the pack page."""
    parts = field.split(".")
    if parts[0] == "questions" and len(parts) > 1 and parts[1].isdecimal():
        told = question_message(draft, int(parts[1]), parts[2:], message)
        if numbered:
            return _("Question %(number)s: %(problem)s", number=int(parts[1]) + 1, problem=told)
        return told
    return pack_message(parts, message)


def pack_message(parts: list[str], message: str) -> str:
    """A problem of the pack as a whole: its questions, its title, its article."""
    if parts[0] == "questions":
        return _("Add at least one question before publishing.")
    if parts[0] == "title":
        language = parts[1] if len(parts) > 1 else None
        if language:
            return _(
                "Write the quiz's title in %(language)s (under “Languages and title”).",
                language=_language(language),
            )
        return _("Write the quiz's title (under “Languages and title”).")
    if parts[0] == "languages":
        return _("Choose the language of the questions.")
    if parts[0] == "source":
        return _(
            "The article's details are incomplete or its paragraphs need a correction: "
            "check them in the article below."
        )
    return _("The quiz needs a correction before it can be published.")


def question_message(draft: dict[str, Any], index: int, path: list[str], message: str) -> str:
    """A problem of one question, at `path` inside it (e.g. ["options", "1", "text", "de"])."""
    kind = problem_kind(message)
    if kind == "attention":
        return _("Needs attention: %(note)s", note=message.split("needs attention: ", 1)[1])
    if kind in ("closest", "elsewhere", "no_paragraph", "no_quote"):
        return _quote_message(kind, message)
    label, language = field_label(draft, index, path)
    fixed = _FIXED.get(kind)
    if fixed is not None:
        return fixed()
    if kind == "number":
        return _("Write a number in “%(field)s”.", field=label)
    if kind == "positive":
        return _("“%(field)s” must be more than 0.", field=label)
    if kind == "not_negative":
        return _("“%(field)s” must be 0 or more.", field=label)
    if kind == "rows":
        return _("Add more rows to “%(field)s”: at least two are needed.", field=label)
    if kind == "missing" and language:
        return _("Write “%(field)s” in %(language)s.", field=label, language=_language(language))
    if kind == "missing":
        return _("Fill in “%(field)s”.", field=label)
    return _("Check “%(field)s”: it cannot be published like this.", field=label)


def _quote_message(kind: str, message: str) -> str:
    if kind == "closest":
        found = CLOSEST.search(message)
        passage = _literal(found.group("passage")) if found else ""
        return _(
            "The quote is not in the article word for word. Closest passage (%(paragraph)s): "
            "“%(passage)s”",
            paragraph=found.group("id") if found else "",
            passage=passage,
        )
    if kind == "elsewhere":
        found = ELSEWHERE.search(message)
        return _(
            "The quote stands in paragraph %(paragraph)s: choose that paragraph for it.",
            paragraph=_literal(found.group("found")) if found else "",
        )
    if kind == "no_paragraph":
        found = NO_PARAGRAPH.search(message)
        return _(
            "The article has no paragraph %(paragraph)s: choose one of its paragraphs for the "
            "quote.",
            paragraph=_literal(found.group("id")) if found else "",
        )
    return _("Add a quote from the article that proves the answer.")


def _literal(text: str) -> str:
    try:
        value = ast.literal_eval(text.strip())
    except (ValueError, SyntaxError):
        return text.strip().strip("'\"")
    return str(value)


_FIXED = {
    "duplicate": lambda: _("Another question or row has the same id: give this one its own."),
    "id_characters": lambda: _(
        "An id may hold only letters a-z, digits, - and _, starting with a letter or digit."
    ),
    "one_correct": lambda: _("Mark exactly one option as right."),
    "some_correct": lambda: _("Mark at least one option as right."),
    "full_answer": lambda: _("Give one answer that is fully right."),
    "statement": lambda: _("Say whether the statement is true or false."),
    "match": lambda: _("Give each item the id of one of the choices as its match."),
    "type": lambda: _("Choose a question type."),
}


def field_label(draft: dict[str, Any], index: int, path: list[str]) -> tuple[str, str | None]:
    """The editor's label of the input at `path` in question `index` (a row's with its number:
    "Option text 2"), and the language the path ends in, if any."""
    languages = set(draft.get("languages") or [])
    language = path[-1] if path and path[-1] in languages else None
    keys = path[:-1] if language else path
    questions = draft.get("questions") or []
    question = questions[index] if index < len(questions) else {}
    type_name = question.get("type") if isinstance(question, dict) else None
    fields = editor.editor_fields(type_name) if type_name in QUESTION_TYPES else editor.COMMON_HEAD
    return _label_in(fields, keys), language


def _label_in(fields: tuple[EditorField, ...], keys: list[str]) -> str:
    if not keys:
        return _("the question")
    field = next((f for f in fields if f.key == keys[0]), None)
    if field is None:
        return _("the question")
    if field.kind == "entries" and len(keys) > 1 and keys[1].isdecimal():
        row = int(keys[1]) + 1
        if len(keys) > 2 and any(entry.key == keys[2] for entry in field.entries):
            return f"{_label_in(field.entries, keys[2:])} {row}"
        return f"{field.label} {row}"
    return str(field.label)


def _language(code: str) -> str:
    return language_name(code, active_language())
