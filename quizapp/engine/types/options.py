"""What the two option types (single choice, multiple response) share: their options."""

import random
from collections import Counter
from collections.abc import Iterable
from typing import Any

from ..model import Option, Question
from .base import (
    AnswerCount,
    EditorField,
    PackReader,
    QuestionType,
    StoredAnswer,
    Texts,
    _l,
    local_dict,
)
from .interchange import (
    fraction_text,
    gift_comment,
    gift_entries,
    gift_restore,
    gift_text,
    gift_weight,
    read_combined_feedback,
    write_combined_feedback,
)


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
        feedback = reader.local_text(option, "feedback", label, required=not correct)
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
    editor_fields = (
        EditorField(
            "options",
            "entries",
            _l("Options"),
            entries=(
                EditorField("id", "string", _l("Option id")),
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

    @staticmethod
    def right_ids(question: Question) -> list[str]:
        return [o.id for o in question.options if o.correct]

    @staticmethod
    def wrong_ids(question: Question) -> list[str]:
        return [o.id for o in question.options if not o.correct]

    @staticmethod
    def pick(ids: list[str], rng: random.Random | None) -> str:
        return rng.choice(ids) if rng else ids[0]


# -- Moodle XML and GIFT: both option types are Moodle's multichoice -------------------------------


def options_to_moodle(question: Question, out, single: bool) -> None:
    """<single>, <shuffleanswers> and one <answer> per option: a right one earns 100 (single) or
    its share of 100, a wrong one nothing (single) or minus that share (quizapp's rule)."""
    right = max(1, sum(o.correct for o in question.options))
    share = 100.0 if single else 100.0 / right
    out.element(out.question, "single", "true" if single else "false")
    out.element(out.question, "shuffleanswers", "true")
    out.element(out.question, "answernumbering", "abc")
    write_combined_feedback(out, question)
    for option in question.options:
        fraction = share if option.correct else (0.0 if single else -share)
        out.answer(fraction, out.text(option.text), out.text(option.feedback))


def options_to_gift(question: Question, out, single: bool) -> str:
    right = max(1, sum(o.correct for o in question.options))
    lines = []
    for option in question.options:
        if single:
            marker = "=" if option.correct else "~"
        else:
            share = 100.0 / right if option.correct else -100.0 / right
            marker = f"~%{fraction_text(share)}%"
        feedback = out.text(option.feedback)
        lines.append(
            f"\t{marker}{gift_text(out.text(option.text))}"
            + (f"#{gift_text(feedback)}" if feedback else "")
        )
    return "\n" + "\n".join(lines) + "\n"


def _built_options(found, into, single: bool) -> dict | None:
    """Options from (fraction, text, feedback, line) rows: right where the fraction is > 0."""
    if len(found) < 2:
        into.error(None, into._("a choice question needs at least two answers"))
        return None
    best = max(fraction for fraction, *_rest in found)
    options = []
    for number, (fraction, text, feedback, _line) in enumerate(found, start=1):
        correct = fraction >= best if single else fraction > 0
        option: dict[str, Any] = {
            "id": f"o{number}",
            "text": into.local(text),
            "correct": bool(correct and fraction > 0),
        }
        if feedback:
            option["feedback"] = into.local(feedback)
        options.append(option)
    return {"options": options}


def options_from_moodle(node, into, single: bool) -> dict | None:
    built = _built_options(into.answers(node), into, single)
    return None if built is None else {**built, **read_combined_feedback(node, into)}


def moodle_single(node) -> bool:
    return (node.findtext("single") or "true").strip().lower() in ("true", "1")


def options_from_gift(body: str, into, single: bool) -> dict | None:
    found = []
    for marker, text in gift_entries(body, "~="):
        default = 100.0 if marker == "=" else 0.0
        fraction, rest = gift_weight(text, default)
        value, feedback = gift_comment(rest)
        found.append((fraction, gift_restore(value), gift_restore(feedback), into.line))
    return _built_options(found, into, single)
