"""What every interchange format shares: which of a pack's questions it holds (as neutral
interactions), the general feedback with the explanation and the quotes, and reading a file's
questions into the pack's JSON shape with each problem as `file:line: message`.

Imported questions have no quotes (Moodle has none): they arrive ungrounded, and the draft cannot
be published until each has a verified quote. Which question type a read interaction becomes is
the types' own choice (QuestionType.accepts); no format names a question type.
"""

import html
import re
from dataclasses import dataclass, field
from typing import Any

from ..bank.pack import Pack
from ..engine import QUESTION_TYPES, Question, QuestionType, question_type
from ..engine.interactions import Interaction
from ..terminal import gettext as _

MAX_IMPORT_BYTES = 5 * 1024 * 1024


def to_html(text: str) -> str:
    """A plain pack text as HTML text: escaped, line breaks kept."""
    return html.escape(text, quote=False).replace("\n", "<br>")


def to_plain(text: str | None) -> str:
    """An HTML (or plain) text as one plain text: tags dropped, entities read, spaces folded."""
    if not text:
        return ""
    text = re.sub(r"<br\s*/?>|</p>\s*<p[^>]*>", "\n", text)
    text = re.sub(r"<[^>]+>", "", text)
    return "\n".join(" ".join(line.split()) for line in html.unescape(text).split("\n")).strip()


# -- out -------------------------------------------------------------------------------------------


def general_feedback(pack: Pack, question: Question, language: str) -> str:
    """The explanation, then each quote from the article with the article's title, as HTML."""
    parts = [f"<p>{to_html(question.explanation.get(language, ''))}</p>"]
    for quote in question.quotes:
        translation = quote.translation.get(language)
        shown = to_html(quote.text)
        if translation and language != pack.source.language:
            shown += f" ({to_html(translation)})"
        parts.append(f"<blockquote>{shown}</blockquote>")
    if question.quotes:
        parts.append(f"<p>— {to_html(pack.source.title)}</p>")
    return "".join(parts)


def held_questions(
    pack: Pack, language: str, holds: tuple[type[Interaction], ...]
) -> tuple[list[tuple[Question, Interaction]], list[Question]]:
    """(each question a format can hold with its interaction in `language`, the questions it
    cannot: their type describes no interaction, or one the format does not carry)."""
    kept, left = [], []
    for question in pack.questions:
        interaction = question_type(question.type).to_interaction(question, language)
        if interaction is not None and isinstance(interaction, holds):
            kept.append((question, interaction))
        else:
            left.append(question)
    return kept, left


def category_name(pack: Pack, language: str) -> str:
    """What a file's questions are filed under: the pack's title in `language`, else its id."""
    return pack.title.get(language) or pack.id


# -- in --------------------------------------------------------------------------------------------


@dataclass
class Imported:
    """What a file held: its questions in the pack's JSON shape, the questions of types quizapp
    does not know (skipped), and the problems that keep the file from being imported."""

    questions: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@dataclass
class QuestionReader:
    """How one question of a file is read (an InteractionReader for the types): every problem as
    `file:line: message` at the question's line unless a finer one is known, texts as the file's
    language."""

    language: str
    question_file: "QuestionFile"
    line: int = 1
    problems: int = 0

    def _(self, message: str, **values: Any) -> str:
        return _(message, **values)

    def error(self, message: str, line: int | None = None) -> None:
        self.problems += 1
        self.question_file.report(line or self.line, message)

    def local(self, text: str) -> dict[str, str]:
        return {self.language: text} if text else {}


@dataclass
class ReadQuestion:
    """What a format found of one question besides its interaction: the name (its id), the
    prompt, the general feedback (HTML) and the points (None: not written)."""

    name: str
    prompt: str
    feedback: str = ""
    points: float | None = None


class QuestionFile:
    """The questions of one file as they are read: ids made unique, problems and skipped
    questions listed with the file's name and line."""

    def __init__(self, filename: str, language: str):
        self.filename = filename
        self.language = language
        self.result = Imported()
        self.ids: set[str] = set()

    def reader(self, line: int) -> QuestionReader:
        return QuestionReader(self.language, self, line=line)

    def report(self, line: int, message: str) -> None:
        self.result.problems.append(f"{self.filename}:{line}: {message}")

    def skip(self, line: int, kind: str, name: str) -> None:
        self.result.skipped.append(
            f"{self.filename}:{line}: "
            + _(
                "question %(name)s: Moodle's question type %(type)s is not one of quizapp's; "
                "skipped",
                name=repr(name),
                type=repr(kind),
            )
        )

    def question_id(self, name: str) -> str:
        base = re.sub(r"[^a-z0-9_-]+", "-", name.casefold()).strip("-_")[:40].strip("-_") or "q"
        candidate, number = base, 2
        while candidate in self.ids:
            candidate, number = f"{base}-{number}", number + 1
        self.ids.add(candidate)
        return candidate

    def add(
        self,
        reader: QuestionReader,
        kind: str,
        found: ReadQuestion,
        interaction: Interaction | None,
    ) -> None:
        """A question read as `interaction` (None: its problems are reported), given to the
        first question type that accepts it; one no type accepts is skipped as `kind`."""
        qtype = type_for(interaction) if interaction is not None else None
        if interaction is not None and qtype is None:
            self.skip(reader.line, kind, found.name)
            return
        own = qtype.from_interaction(interaction, reader) if qtype is not None else None
        before = reader.problems
        if not found.prompt:
            reader.error(_("question %(name)s has no question text", name=repr(found.name)))
        if own is None or reader.problems > before:
            return
        question: dict[str, Any] = {
            "id": self.question_id(found.name or found.prompt[:30]),
            "type": qtype.name,
        }
        points = found.points
        if points is not None and points > 0 and points != 1:
            question["points"] = int(points) if float(points).is_integer() else points
        question["prompt"] = reader.local(found.prompt)
        explanation = explanation_of(found.feedback)
        if explanation:
            question["explanation"] = reader.local(explanation)
        question.update(own)
        self.result.questions.append(question)

    def finish(self) -> Imported:
        """The file's questions; a file with neither a question nor a problem is one problem."""
        if not self.result.questions and not self.result.problems:
            self.report(1, _("the file holds no question quizapp can read"))
        return self.result


def type_for(interaction: Interaction) -> QuestionType | None:
    """The first question type in the table that accepts the interaction."""
    return next((qtype for qtype in QUESTION_TYPES.values() if qtype.accepts(interaction)), None)


def explanation_of(feedback: str) -> str:
    """The explanation part of a general feedback: what stands before the first quote."""
    return to_plain(re.split(r"<blockquote", feedback or "", maxsplit=1)[0])
