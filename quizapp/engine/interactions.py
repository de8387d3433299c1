"""What a learner does with a question, in neutral terms every interchange format reads and writes.

A question type describes its questions once as one of these interactions (QuestionType.
to_interaction) and builds its pack fields back from one (from_interaction); the formats in
quizapp/interchange/ (Moodle XML, GIFT, QTI later) know only these, never a question type. The
names follow QTI's (choiceInteraction, textEntryInteraction, matchInteraction, orderInteraction).
Texts are plain text in one language; a fraction is the share of the points earned, -1 to 1.
"""

from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass(frozen=True)
class Answer:
    """One answer a format lists: an option of a choice or an accepted text, with the share of the
    points it earns and the feedback shown when it is given."""

    text: str
    fraction: float = 0.0
    feedback: str = ""
    wildcard: bool = False  # a typed text's answer whose `*` matches any characters (Moodle's)


@dataclass(frozen=True)
class NumericAnswer:
    """A number accepted within `tolerance`; `value` as the file writes it (see plain_number), so
    a reader can say which text is not a number."""

    value: str
    tolerance: float = 0.0
    fraction: float = 1.0
    feedback: str = ""


@dataclass(frozen=True)
class Interaction:
    """What every interaction carries: the feedback shown after a wrong answer ("" for none)."""

    feedback: str = field(default="", kw_only=True)


@dataclass(frozen=True)
class ChoiceInteraction(Interaction):
    """Choose one option (`single`) or several; each option earns its fraction."""

    options: tuple[Answer, ...]
    single: bool


@dataclass(frozen=True)
class TrueFalseInteraction(Interaction):
    """Say whether a statement is true."""

    answer: bool


@dataclass(frozen=True)
class TextEntryInteraction(Interaction):
    """Type a text; each of `answers` earns its fraction, case ignored unless `case_sensitive`
    (Moodle's usecase)."""

    answers: tuple[Answer, ...]
    case_sensitive: bool = False


@dataclass(frozen=True)
class NumericInteraction(Interaction):
    """Type a number (in `unit`, "" for none); each of `answers` earns its fraction."""

    answers: tuple[NumericAnswer, ...]
    unit: str = ""


@dataclass(frozen=True)
class MatchInteraction(Interaction):
    """Match each item to a choice: (item, its choice) pairs in order; a pair with no item ("")
    offers a choice that matches nothing."""

    pairs: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class OrderInteraction(Interaction):
    """Put the items in order (given in the right one); partial credit for each pair of items in
    the right relative order (Moodle's "relative to all the previous and next items")."""

    items: tuple[str, ...]


INTERACTIONS: tuple[type[Interaction], ...] = (
    ChoiceInteraction,
    TrueFalseInteraction,
    TextEntryInteraction,
    NumericInteraction,
    MatchInteraction,
    OrderInteraction,
)


class InteractionReader(Protocol):
    """How a type builds its pack fields from an interaction read from a file: texts into the
    file's language, and each problem reported as `file:line: message` at the question."""

    language: str

    def _(self, message: str, **values: Any) -> str: ...

    def error(self, message: str) -> None: ...

    def note(self, message: str) -> None:
        """Something the question loses or grades differently once imported (one import note)."""

    def refuse(self, message: str) -> None:
        """The question cannot be graded as the file says: it is skipped, for that reason."""

    def local(self, text: str) -> dict[str, str]: ...


def plain_number(value: float) -> str:
    """A number as the formats write it: digits and a decimal point, no exponent for 9200000."""
    value = float(value)
    return str(int(value)) if value.is_integer() else repr(value)


def wrong_answer_feedback(interaction: Interaction, reader: InteractionReader) -> dict[str, Any]:
    """The question-wide `feedback` key an interaction's wrong-answer feedback becomes, if any."""
    return {"feedback": reader.local(interaction.feedback)} if interaction.feedback else {}


def note_dropped_answers(
    answers: "tuple[Answer | NumericAnswer, ...]", reader: InteractionReader, texts: list[str]
) -> None:
    """Notes what a file's answers carry that quizapp does not import: answers worth part of
    the points, and feedback for one answer of several."""
    partial = [text for answer, text in zip(answers, texts, strict=True) if 0 < answer.fraction < 1]
    if partial:
        reader.note(
            reader._(
                "answers worth part of the points are not imported (%(answers)s): quizapp "
                "counts an answer right or wrong",
                answers=", ".join(partial),
            )
        )
    if any(answer.feedback for answer in answers):
        reader.note(reader._("the feedback for each single answer is not imported"))
