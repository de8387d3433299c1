"""What every question type provides, and the one table the app looks types up in.

A question type is one class in one module (docs/question-types.md): how its fields are read from a
pack, how a learner's form is read and graded, how an answer is described to people and counted in
the statistics, and which template partial draws it. Nothing else in the app branches on a type.
"""

import hashlib
import json
import random
import secrets
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, NamedTuple, Protocol

from ..errors import AnswerTooLong, EmptyResponse, InvalidResponse, ResponseError
from ..interactions import Interaction, InteractionReader
from ..model import Grade, LocalText, Question
from ..registry import Registry


class Texts(Protocol):
    """How a type speaks to people: messages, pack texts and numbers in the reader's language."""

    language: str

    def gettext(self, message: str, **values: Any) -> str: ...

    def text(self, value: LocalText | None) -> str: ...

    def number(self, value: float) -> str: ...


class PackReader(Protocol):
    """The pack loader's helpers a type reads its fields with; each reports `path:line: message`.

    Every helper records its own problem and returns None (or the default) when a value is unusable,
    so a type reports each problem once and carries on reading.
    """

    languages: list[str]

    def _(self, message: str, **values: Any) -> str: ...

    def error(self, line: int, message: str) -> None: ...

    def missing(self, line: int, language: str, message: str) -> None: ...

    def local_text(self, node: Any, key: str, what: str, required: bool = True) -> Any: ...

    def string(self, node: Any, key: str, what: str, required: bool = True) -> str | None: ...

    def identifier(self, node: Any, what: str, seen: dict[str, int]) -> str | None: ...

    def number(
        self, node: Any, key: str, what: str, default: Any = None, positive: bool = False
    ): ...

    def entries(
        self,
        node: Any,
        key: str,
        what: str,
        keys: tuple[str, ...],
        *,
        minimum: int = 2,
        maximum: int | None = None,
        optional: tuple[str, ...] = (),
    ) -> list | None: ...


class StoredAnswer(Protocol):
    """A stored answer as the statistics count it: `count` learners gave it (1 for a response)."""

    answer: Any
    given: str
    fraction: float
    count: int


class AnswerCount(NamedTuple):
    """One row of a question's answer counts: what was answered, how often, and whether it is right."""

    label: str
    count: int
    right: bool


def translate_later(message: str) -> str:
    """Marks a text for translation where it is shown (an editor label, a suggested prompt): the
    message itself, found by the extractor under the name `_l` it is imported as."""
    return message


def row_id(prefix: str, text: Any, taken: set[str]) -> str:
    """An id for a row of a question (an option, an item, a choice) made from its text: the same
    text gets the same id, so drafts and imports stay stable, and the ids say nothing of the rows'
    order, which the learner's page would otherwise give away (an ordering question's items come
    in the right order, a right option often first, item n matching choice n). Unique in `taken`,
    which it joins."""
    digest = hashlib.sha256(json.dumps(text, sort_keys=True, default=str).encode()).hexdigest()
    made = f"{prefix}{digest[:6]}"
    while made in taken:  # the same text again: numbered by how many ids there are, so a file
        made = f"{prefix}{digest[:6]}-{len(taken) + 1}"  # of 10,000 equal options stays linear
        if made in taken:
            made = f"{prefix}{digest[:6]}-{len(taken) + 1}-{secrets.token_hex(2)}"
    taken.add(made)
    return made


@dataclass(frozen=True)
class EditorField:
    """One field of the question editor, described by the type that reads it.

    `kind` says what the field holds, not which type it belongs to: "text" (one per language),
    "lines" (per language, one value a line), "number", "flag" (true or false), "string",
    "paragraph" (a paragraph id of the source), "entries" (a list of rows of `entries`),
    "row id" (a row's id, made by the app and never typed) or "row" (the id of a row of the
    entries field `refers_to`, picked by its text).
    The editor's form names each input by its path in the pack's data (options.0.text.de), so a
    problem the pack reader reports there is shown beside that input.
    """

    key: str
    kind: str
    label: str
    optional: bool = False
    entries: tuple["EditorField", ...] = ()
    hint: str = ""
    refers_to: str = ""


class QuestionType:
    """One kind of question. Subclass it, set `name` and `keys`, and decorate it with @register."""

    name: ClassVar[str]
    label: ClassVar[str] = ""  # what teachers call it, for the editor (translate_later)
    keys: ClassVar[frozenset[str]] = frozenset()  # the pack keys it reads beside the common ones
    # Keys its JSON export adds that the pack derives (numeric's `scale`, from the unit): the
    # readers drop them, so that an exported or stored pack reads back (`answer` is one too where
    # `keys` lacks it).
    derived_keys: ClassVar[frozenset[str]] = frozenset()
    requires_feedback: ClassVar[bool] = False  # whether the question-wide `feedback` is required
    template_folder: ClassVar[str | None] = None  # where its partial is, for types outside quizapp
    # The editor's fields for the type's own keys (the common ones are the editor's own).
    editor_fields: ClassVar[tuple[EditorField, ...]] = ()

    @property
    def template(self) -> str:
        """The partial with the macros `controls`, `answer` and `right_answer`."""
        return f"questions/{self.name}.html"

    # -- the pack --------------------------------------------------------------------------

    def read_fields(self, reader: PackReader, node: Any, what: str) -> dict[str, Any] | None:
        """The Question fields this type's keys hold, or None after reporting what is wrong."""
        raise NotImplementedError

    def to_dict(self, question: Question) -> dict[str, Any]:
        """The type's own keys for the JSON export, `answer` (the right one) included."""
        raise NotImplementedError

    def suggest(self, sentences: list[tuple[str, str]], language: str, languages) -> list[dict]:
        """Draft questions of this type from an article's body sentences, (paragraph id, text)
        each, written in `language`; a draft holds the type's own keys, `prompt` as (message,
        values) to be written in each of `languages`, and `grounds`, the (paragraph id, sentence)
        pairs it quotes. None by default (authoring/suggestions.py collects them)."""
        return []

    # -- interchange formats (quizapp/interchange/, docs/moodle-formats.md) -----------------

    def to_interaction(self, question: Question, language: str) -> Interaction | None:
        """The question as a neutral interaction in `language` for every interchange format, or
        None (the default): the formats list it as one they could not hold."""
        return None

    def accepts(self, interaction: Interaction) -> bool:
        """Whether a question a file holds as `interaction` is one of this type's; the first type
        in the table that accepts it gets it."""
        return False

    def from_interaction(
        self, interaction: Interaction, reader: InteractionReader
    ) -> dict[str, Any] | None:
        """The type's keys (pack JSON shape) from an accepted interaction; None after
        `reader.error(...)`."""
        raise NotImplementedError

    # -- a learner's answer ----------------------------------------------------------------

    def form_response(self, question: Question, form: Any) -> Any:
        """The raw response a submitted form (a MultiDict) holds, in the shape `read` takes."""
        values = form.getlist("answer")
        if not values:
            raise EmptyResponse
        if len(values) > 1:
            raise InvalidResponse("one answer expected")
        return values[0]

    def read(self, question: Question, raw: Any, locale: str) -> Any:
        """The canonical, JSON-ready answer a raw response holds; raises a ResponseError if none."""
        raise NotImplementedError

    def grade(self, question: Question, answer: Any) -> Grade:
        """How much a canonical answer earns, with the detail its feedback needs."""
        raise NotImplementedError

    def correct_answer(self, question: Question) -> Any:
        """A canonical answer that earns full points."""
        raise NotImplementedError

    def given_text(self, question: Question, raw: Any, answer: Any) -> str:
        """The response as stored for display and counting: the typed text, or the ids chosen."""
        return plain_answer(answer)

    # -- people ----------------------------------------------------------------------------

    def empty_message(self, t: Texts) -> str:
        return t.gettext("Please type an answer.")

    def problem_message(self, question: Question, error: ResponseError, t: Texts) -> str:
        """What to tell a learner whose answer cannot be graded as it stands (asked again, 422)."""
        if isinstance(error, EmptyResponse):
            return self.empty_message(t)
        if isinstance(error, AnswerTooLong):
            return t.gettext(
                "This answer is too long: at most %(limit)s characters are read. Please type a "
                "shorter answer.",
                limit=error.limit,
            )
        return t.gettext("This answer could not be read.")

    def grade_note(self, question: Question, grade: Grade | None, t: Texts) -> str:
        """A sentence the feedback adds about how the answer was graded, or "" (the default)."""
        return ""

    def describe(self, question: Question, answer: Any, t: Texts) -> str:
        """A canonical answer as a person reads it, in `t`'s language."""
        raise NotImplementedError

    def describe_correct(self, question: Question, t: Texts) -> str:
        """The right answer as a person reads it."""
        return self.describe(question, self.correct_answer(question), t)

    def classify(
        self, question: Question, answers: Iterable[StoredAnswer], t: Texts
    ) -> list[AnswerCount]:
        """How often each answer was given, for the statistics. By default: the eight commonest."""
        counts: Counter = Counter()
        right: dict[str, bool] = {}
        for a in answers:
            counts[a.given] += a.count
            right[a.given] = right.get(a.given, False) or a.fraction >= 1.0
        return [AnswerCount(label, n, right[label]) for label, n in counts.most_common(8)]

    # -- made-up answers, for the demo and the tests ---------------------------------------

    def sample_form(
        self, question: Question, right: bool, rng: random.Random | None = None
    ) -> dict[str, Any]:
        """Form data a learner would send to answer rightly (or wrongly): values the form offers."""
        raise NotImplementedError


def plain_answer(answer: Any) -> str:
    """A canonical answer as plain text: the ids chosen, the number or the text."""
    if isinstance(answer, str):
        return answer
    if isinstance(answer, bool):
        return "true" if answer else "false"
    if isinstance(answer, float):
        return format(answer, "g") if abs(answer) < 1e15 else str(answer)
    if isinstance(answer, list):
        return ", ".join(map(str, answer))
    return json.dumps(answer, ensure_ascii=False, sort_keys=True)


def local_dict(text: Mapping[str, str] | None) -> dict[str, str]:
    return dict(text) if text else {}


QUESTION_TYPES: Registry[QuestionType] = Registry("question type")
register = QUESTION_TYPES.register


def question_type(name: str) -> QuestionType:
    """The type of that name; KeyError for one not registered."""
    return QUESTION_TYPES[name]
