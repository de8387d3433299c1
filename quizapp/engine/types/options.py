"""What the two option types (single choice, multiple response) share: their options."""

import random
from collections import Counter
from collections.abc import Iterable
from typing import Any, ClassVar

from ..interactions import (
    Answer,
    ChoiceInteraction,
    Interaction,
    InteractionReader,
    wrong_answer_feedback,
)
from ..model import Option, Question, text_in
from .base import (
    AnswerCount,
    EditorField,
    PackReader,
    QuestionType,
    StoredAnswer,
    Texts,
    local_dict,
    row_id,
)
from .base import translate_later as _l


def read_options(reader: PackReader, node: Any, what: str, single: bool) -> dict | None:
    """`options`: at least two, each {id, text, correct, feedback}; one right (single) or some."""
    _ = reader._
    entries = reader.entries(
        node, "options", what, ("id", "text"), optional=("correct", "feedback")
    )
    if entries is None:
        return None
    seen: dict[str, int] = {}
    options = []
    valid = True
    for option in entries:
        option_id = reader.identifier(option, _("option"), seen)
        correct = option.get("correct", False)
        if not isinstance(correct, bool):
            reader.error(
                option.line_of("correct"),
                _("correct must be true or false, not %(value)s", value=repr(str(correct))),
            )
            valid = False
            correct = False
        label = _("option %(id)s", id=repr(option_id)) if option_id else _("an option")
        text = reader.local_text(option, "text", label)
        feedback = reader.local_text(option, "feedback", label, required=False)
        if option_id is None or text is None:
            valid = False
            continue
        options.append(Option(option_id, text, correct, feedback))
    if not valid:
        return None
    correct_count = sum(o.correct for o in options)
    if single and correct_count != 1:
        reader.error(
            node.line_of("options"),
            _(
                "%(what)s must have exactly one option with 'correct: true' (it has "
                "%(count)s); for several use type multiple_response",
                what=what,
                count=correct_count,
            ),
        )
        return None
    if not single and correct_count == 0:
        reader.error(
            node.line_of("options"),
            _("%(what)s needs at least one option with 'correct: true'", what=what),
        )
        return None
    return {"options": tuple(options)}


def options_to_dict(question: Question) -> list[dict]:
    return [
        {
            "id": o.id,
            "text": local_dict(o.text),
            "correct": o.correct,
            **({"feedback": local_dict(o.feedback)} if o.feedback else {}),
        }
        for o in question.options
    ]


class OptionType(QuestionType):
    """Shared by the types whose answer is one or more of the question's options."""

    keys = frozenset({"options"})
    single: ClassVar[bool]  # one right option, or several
    editor_fields = (
        EditorField(
            "options",
            "entries",
            _l("Options"),
            entries=(
                EditorField("id", "row id", _l("Option id")),
                EditorField("text", "text", _l("Option text")),
                EditorField("correct", "flag", _l("This option is right")),
                EditorField(
                    "feedback", "text", _l("Feedback when chosen (for a wrong option)"), True
                ),
            ),
        ),
    )

    def option_text(self, question: Question, option_id: str, t: Texts) -> str:
        option = question.option(option_id)
        return t.text(option.text) if option else option_id

    def classify(
        self, question: Question, answers: Iterable[StoredAnswer], t: Texts
    ) -> list[AnswerCount]:
        counts: Counter = Counter()
        for a in answers:
            for option_id in a.answer if isinstance(a.answer, list) else [a.answer]:
                counts[option_id] += a.count
        return [AnswerCount(t.text(o.text), counts[o.id], o.correct) for o in question.options]

    def to_interaction(self, question: Question, language: str) -> ChoiceInteraction:
        return options_to_interaction(question, language, self.single)

    def accepts(self, interaction: Interaction) -> bool:
        return isinstance(interaction, ChoiceInteraction) and interaction.single is self.single

    def from_interaction(self, interaction, reader):
        return options_from_interaction(interaction, reader)

    @staticmethod
    def right_ids(question: Question) -> list[str]:
        return [o.id for o in question.options if o.correct]

    @staticmethod
    def wrong_ids(question: Question) -> list[str]:
        return [o.id for o in question.options if not o.correct]

    @staticmethod
    def pick(ids: list[str], rng: random.Random | None) -> str:
        return rng.choice(ids) if rng else ids[0]


# -- interchange: both option types are a choice interaction ------------------------------------


def options_to_interaction(question: Question, language: str, single: bool) -> ChoiceInteraction:
    """Each option with its share of the points: a right one earns all (single) or its share of
    all, a wrong one nothing (single) or minus that share (quizapp's rule)."""
    right = max(1, sum(o.correct for o in question.options))
    share = 1.0 if single else 1.0 / right
    options = tuple(
        Answer(
            text=text_in(o.text, language),
            fraction=share if o.correct else (0.0 if single else -share),
            feedback=text_in(o.feedback, language),
        )
        for o in question.options
    )
    return ChoiceInteraction(options, single=single, feedback=text_in(question.feedback, language))


def options_from_interaction(
    interaction: ChoiceInteraction, reader: InteractionReader
) -> dict | None:
    """Options from a choice: right where the fraction is above nothing (multiple) or the
    highest (single)."""
    found = interaction.options
    if len(found) < 2:
        reader.error(reader._("a choice question needs at least two answers"))
        return None
    best = max(answer.fraction for answer in found)
    single = interaction.single
    options, taken = [], set()
    for answer in found:
        correct = answer.fraction >= best if single else answer.fraction > 0
        option: dict[str, Any] = {
            "id": row_id("o", answer.text, taken),
            "text": reader.local(answer.text),
            "correct": bool(correct and answer.fraction > 0),
        }
        if answer.feedback:
            option["feedback"] = reader.local(answer.feedback)
        options.append(option)
    note_choice_grading(interaction, reader)
    return {"options": options, **wrong_answer_feedback(interaction, reader)}


def note_choice_grading(interaction: ChoiceInteraction, reader: InteractionReader) -> None:
    """Notes where Moodle's fractions grade otherwise than quizapp's rule: a single choice with
    options worth part of the points, a multiple choice whose right (or wrong) options are not
    worth equal shares."""
    fractions = [answer.fraction for answer in interaction.options]
    if interaction.single:
        best = max(fractions)
        partial = [a.text for a in interaction.options if 0 < a.fraction < best]
        if partial:
            reader.note(
                reader._(
                    "options worth part of the points count as wrong (%(options)s)",
                    options=", ".join(partial),
                )
            )
        return
    right = [fraction for fraction in fractions if fraction > 0]
    wrong = [fraction for fraction in fractions if fraction <= 0]
    share = 1 / len(right) if right else 0
    if any(abs(f - share) > 0.01 for f in right) or any(abs(f + share) > 0.01 for f in wrong):
        reader.note(
            reader._(
                "Moodle's shares of the points per option are not kept: each right option "
                "earns an equal share, each wrong one takes a share away"
            )
        )
