"""What every interchange format shares: which of a pack's questions it holds (as neutral
interactions), the general feedback with the explanation and the quotes, and reading a file's
questions into the pack's JSON shape with each problem as `file:line: message`.

Imported questions have no quotes (Moodle has none): they arrive ungrounded, and the draft cannot
be published until each has a verified quote. Which question type a read interaction becomes is
the types' own choice (QuestionType.accepts); no format names a question type.
"""

import html
import re
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from ..bank.loader import ATTENTION, ID_PATTERN
from ..bank.pack import Pack
from ..engine import QUESTION_TYPES, Question, QuestionType, question_type
from ..engine.interactions import Interaction
from ..terminal import gettext as _
from .texts import Media, file_languages, read_text, split_languages

MAX_IMPORT_BYTES = 5 * 1024 * 1024
# The languages a file's multilang texts may be split into (the app's), set by whoever reads the
# file (read_question_file); none set: only the language the file is read as.
PACK_LANGUAGES: ContextVar[tuple[str, ...]] = ContextVar("pack_languages", default=())


def to_html(text: str) -> str:
    """A plain pack text as HTML text: escaped, line breaks kept."""
    return html.escape(text, quote=False).replace("\n", "<br>")


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


def category_path(pack: Pack, language: str) -> str:
    """The category name as one step of Moodle's category path: a `/` doubled (Moodle splits
    the path at single ones), one line."""
    return " ".join(category_name(pack, language).split()).replace("/", "//")


# -- in --------------------------------------------------------------------------------------------


@dataclass
class Imported:
    """What a file held: its questions in the pack's JSON shape, the questions of types quizapp
    does not know or cannot grade as Moodle does (skipped), the problems that keep the file from
    being imported, the notes (one line per question whose grading changed, that lost something
    or that refers to media quizapp does not import) and the languages its texts are in."""

    questions: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)


@dataclass
class QuestionReader:
    """How one question of a file is read (an InteractionReader for the types): every problem as
    `file:line: message` at the question's line unless a finer one is known, texts split into
    the file's languages, the media its texts refer to, and what changes at import (notes) or
    keeps it out (a refusal)."""

    language: str
    question_file: "QuestionFile"
    line: int = 1
    problems: int = 0
    languages: list[str] = field(default_factory=list)
    media: list[Media] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    refusal: str = ""
    text_format: str = "html"  # the question text's Moodle format, the default of its parts

    def _(self, message: str, **values: Any) -> str:
        return _(message, **values)

    def error(self, message: str, line: int | None = None) -> None:
        self.problems += 1
        self.question_file.report(line or self.line, message)

    def note(self, message: str) -> None:
        """Something of the question that changes or is lost at import (said once per kind)."""
        if message not in self.changes:
            self.changes.append(message)

    def refuse(self, message: str) -> None:
        """The question is left out of the import, for the reason `message` says."""
        self.refusal = self.refusal or message

    def local(self, text: str) -> dict[str, str]:
        return split_languages(text, self.languages or [self.language]) if text else {}

    def text(self, text: str | None, text_format: str | None = None) -> str:
        """A text of the file in its Moodle format (by default the question text's) as plain
        text; the media it names noted."""
        plain, media = read_text(text, text_format or self.text_format)
        self.media.extend(media)
        return plain


@dataclass
class ReadQuestion:
    """What a format found of one question besides its interaction: the name (its id), the
    prompt, the general feedback (HTML, or plain in `feedback_format`) and the points (None:
    not written)."""

    name: str
    prompt: str
    feedback: str = ""
    points: float | None = None
    feedback_format: str = "html"


class QuestionFile:
    """The questions of one file as they are read: ids made unique, problems, skipped questions
    and notes listed with the file's name and line; `languages` are the pack languages its
    multilang texts are split into (the file's own language first)."""

    def __init__(self, filename: str, language: str, languages: list[str] | None = None):
        self.filename = filename
        self.language = language
        self.languages = list(dict.fromkeys([language, *(languages or [])]))
        self.result = Imported(languages=self.languages)
        self.ids: set[str] = set()
        self.next_numbers: dict[str, int] = {}

    def find_languages(self, text: str) -> None:
        """The languages of the file's multilang texts that are pack languages become the
        import's; the others are left out, in one note."""
        allowed = PACK_LANGUAGES.get()
        found = file_languages(html.unescape(text))
        self.languages = list(dict.fromkeys([self.language, *(c for c in found if c in allowed)]))
        self.result.languages = self.languages
        left = [code for code in found if code not in self.languages]
        if left:
            self.result.notes.append(
                f"{self.filename}:1: "
                + _(
                    "texts in %(left)s left out: the draft's languages are %(languages)s",
                    left=", ".join(left),
                    languages=", ".join(self.languages),
                )
            )

    def reader(self, line: int) -> QuestionReader:
        return QuestionReader(self.language, self, line=line, languages=self.languages)

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

    def refuse(self, line: int, name: str, reason: str) -> None:
        self.result.skipped.append(
            f"{self.filename}:{line}: "
            + _("question %(name)s skipped: %(reason)s", name=repr(name), reason=reason)
        )

    def note(self, line: int, name: str, changes: list[str]) -> None:
        self.result.notes.append(
            f"{self.filename}:{line}: "
            + _("question %(name)s: %(changes)s", name=repr(name), changes="; ".join(changes))
        )

    def question_id(self, name: str) -> str:
        """The id a question named `name` gets, in lower case: the name itself when it is a valid
        id (a file quizapp wrote names each question by its id), else one made of it; unique."""
        base = re.sub(r"[^a-z0-9_-]+", "-", name.casefold()).strip("-_")[:40].strip("-_") or "q"
        if ID_PATTERN.match(name.casefold()) and len(name) <= 40:
            base = name.casefold()
        number = self.next_numbers.get(base, 1)
        candidate = base if number == 1 else f"{base}-{number}"
        while candidate in self.ids:
            number += 1
            candidate = f"{base}-{number}"
        # Where the next question of that name starts counting: 6,000 questions named q took
        # seconds when each tried q, q-2, q-3 ... from the start.
        self.next_numbers[base] = number + 1
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
        first question type that accepts it; one no type accepts is skipped as `kind`, one its
        type refuses is skipped with the reason, and what changes at import is noted."""
        qtype = type_for(interaction) if interaction is not None else None
        if interaction is not None and qtype is None:
            self.skip(reader.line, kind, found.name)
            return
        own = qtype.from_interaction(interaction, reader) if qtype is not None else None
        name = found.name or found.prompt[:30]
        if reader.refusal and not reader.problems:
            self.refuse(reader.line, name, reader.refusal)
            return
        before = reader.problems
        if not found.prompt:
            reader.error(_("question %(name)s has no question text", name=repr(found.name)))
        if own is None or reader.problems > before:
            return
        question: dict[str, Any] = {"id": self.question_id(name), "type": qtype.name}
        points = found.points
        if points is not None and points > 0 and points != 1:
            question["points"] = int(points) if float(points).is_integer() else points
        question["prompt"] = reader.local(found.prompt)
        explanation = explanation_of(found.feedback, reader, found.feedback_format)
        if explanation:
            question["explanation"] = reader.local(explanation)
        question.update(own)
        if reader.media:
            question[ATTENTION] = attention_for(reader.media)
        self.result.questions.append(question)
        self.note_changes(reader, name)

    def note_changes(self, reader: QuestionReader, name: str) -> None:
        """One line for the question: its media and what its import changed or lost."""
        changes = list(reader.changes)
        if reader.media:
            media = ", ".join(
                f"{media.kind} {media.name!r}" for media in dict.fromkeys(reader.media)
            )
            changes.insert(
                0,
                _(
                    "it refers to %(media)s, which quizapp does not import (its text says "
                    "[%(kind)s: ...] there): replace it or describe it in words before "
                    "publishing",
                    media=media,
                    kind=reader.media[0].kind,
                ),
            )
        if changes:
            self.note(reader.line, name, changes)

    def finish(self) -> Imported:
        """The file's questions; a file with neither a question nor a problem is one problem."""
        if not self.result.questions and not self.result.problems:
            self.report(1, _("the file holds no question quizapp can read"))
        return self.result


# What the draft question says it lacks until the teacher replaces it (one note per medium).
MEDIA_NOTES = {
    "image": lambda name: _("refers to an image (%(name)s) that was not imported", name=name),
    "sound": lambda name: _("refers to a sound (%(name)s) that was not imported", name=name),
    "video": lambda name: _("refers to a video (%(name)s) that was not imported", name=name),
    "embedded page": lambda name: _(
        "refers to an embedded page (%(name)s) that was not imported", name=name
    ),
    "file": lambda name: _("refers to a file (%(name)s) that was not imported", name=name),
}


def attention_for(media: list[Media]) -> list[str]:
    """The notes an imported question carries in the draft until the teacher has replaced or
    described each image, sound or file it refers to: publishing waits for them."""
    return [MEDIA_NOTES.get(m.kind, MEDIA_NOTES["file"])(m.name) for m in dict.fromkeys(media)]


def type_for(interaction: Interaction) -> QuestionType | None:
    """The first question type in the table that accepts the interaction."""
    return next((qtype for qtype in QUESTION_TYPES.values() if qtype.accepts(interaction)), None)


def explanation_of(feedback: str, reader: QuestionReader, text_format: str = "html") -> str:
    """The explanation part of a general feedback: what stands before the first quote."""
    if text_format in ("plain", "plain_text", "markdown"):
        return reader.text(feedback, text_format)
    return reader.text(re.split(r"<blockquote", feedback or "", maxsplit=1)[0])
