"""Short text: a word or name, right if it is one of the accepted spellings (folded, see text.py).

Accepted answers count in their own language; those under `any` count in every language (names).
One slip (a letter missing, extra, changed, or two swapped) is forgiven unless the question says
`slips: 0`; the learner is then shown the right spelling.

The stored answer is {"text": ..., "language": ...}: the language decides which answers count.
A plain string (stored before answers had a language) is graded against every language.
"""

from collections.abc import Mapping
from typing import Any

from ..errors import AnswerTooLong, EmptyResponse
from ..interactions import (
    Answer,
    Interaction,
    TextEntryInteraction,
    note_dropped_answers,
    wrong_answer_feedback,
)
from ..model import EVERY_LANGUAGE, Grade, Question, text_in
from ..text import match_answer
from .base import EditorField, PackReader, QuestionType, Texts, register
from .base import translate_later as _l
from .text_values import one_text

MAX_LENGTH = 200
"""Longer typed answers are refused unread: no name or word needs more."""


WRONG_SAMPLES = ("Minsk", "Moscow", "certainly not this")


@register
class ShortText(QuestionType):
    name = "short_text"
    label = _l("Short text")
    keys = frozenset({"accepted", "slips"})
    editor_fields = (
        EditorField(
            "accepted", "lines", _l("Accepted answers"), hint=_l("One accepted spelling a line.")
        ),
    )

    def read_fields(self, reader, node, what):
        accepted = _accepted_node(reader, node, what)
        variants = None if accepted is None else _accepted_variants(reader, accepted, what)
        if variants is None:
            return None
        for lang in reader.languages:
            if not variants.get(lang) and not variants.get(EVERY_LANGUAGE):
                message = reader._(
                    "accepted of %(what)s has no %(lang)s answers", what=what, lang=repr(lang)
                )
                reader.missing(accepted.line, lang, message)
        slips = _slips(reader, node, what)
        return None if slips is None else {"accepted": variants, "slips": slips}

    def to_dict(self, question: Question) -> dict[str, Any]:
        data = {
            "accepted": {lang: list(v) for lang, v in question.accepted.items()},
            "answer": self.correct_answer(question)["text"],
        }
        if question.slips != 1:
            data["slips"] = question.slips
        return data

    # Each accepted spelling is worth all the points, case ignored; slips are quizapp's own.
    def to_interaction(self, question: Question, language: str) -> TextEntryInteraction:
        accepted = dict.fromkeys(self.accepted_in(question, language))
        return TextEntryInteraction(
            tuple(Answer(text, 1.0) for text in accepted),
            feedback=text_in(question.feedback, language),
        )

    def accepts(self, interaction: Interaction) -> bool:
        return isinstance(interaction, TextEntryInteraction)

    def from_interaction(self, interaction, reader):
        """The answers worth all the points, per language (multilang split), matched exactly as
        Moodle does (slips 0). A question Moodle grades case-sensitively or with `*` wildcards
        is refused: quizapp ignores case and reads a star as a star."""
        right = [answer for answer in interaction.answers if answer.fraction >= 1]
        if not right:
            reader.error(reader._("a short answer question needs an answer worth 100%"))
            return None
        wildcards = [answer.text for answer in right if answer.wildcard]
        if wildcards:
            reader.refuse(
                reader._(
                    "Moodle reads * in %(answers)s as any characters; quizapp has no wildcards",
                    answers=", ".join(wildcards),
                )
            )
            return None
        if interaction.case_sensitive and any(a.text != a.text.swapcase() for a in right):
            reader.refuse(
                reader._(
                    "Moodle tells upper and lower case apart in its answers (usecase 1); "
                    "quizapp ignores case"
                )
            )
            return None
        note_dropped_answers(
            interaction.answers, reader, [answer.text for answer in interaction.answers]
        )
        accepted: dict[str, list[str]] = {}
        for answer in right:
            for language, text in reader.local(answer.text).items():
                accepted.setdefault(language, []).append(text)
        return {"accepted": accepted, "slips": 0, **wrong_answer_feedback(interaction, reader)}

    def read(self, question: Question, raw: Any, locale: str) -> dict[str, str]:
        if isinstance(raw, Mapping) and set(raw) == {"text", "language"}:  # a stored answer
            raw, locale = raw["text"], str(raw["language"])
        text = one_text(raw)
        if len(text) > MAX_LENGTH:
            raise AnswerTooLong(len(text), MAX_LENGTH)
        text = " ".join(text.split())
        if not text:
            raise EmptyResponse
        return {"text": text, "language": locale}

    def accepted_in(self, question: Question, language: str | None) -> list[str]:
        """The answers that count in `language` (all of them for None): its own and `any`'s."""
        if language is None:
            return [a for variants in question.accepted.values() for a in variants]
        own = question.accepted.get(language, ())
        return [*own, *question.accepted.get(EVERY_LANGUAGE, ())]

    def grade(self, question: Question, answer: Any) -> Grade:
        text, language = _text_and_language(answer)
        result = match_answer(text, self.accepted_in(question, language), slips=question.slips)
        if not result.counted:
            return Grade(0.0, 0.0)
        return Grade(1.0, question.points, spelling=None if result.exact else result.matched)

    def correct_answer(self, question: Question, language: str | None = None) -> dict[str, str]:
        accepted = self.accepted_in(question, language) if language else []
        text = (accepted or next(iter(question.accepted.values())))[0]
        language = language or next(
            (lang for lang, v in question.accepted.items() if text in v), EVERY_LANGUAGE
        )
        return {"text": text, "language": language}

    def given_text(self, question: Question, raw: Any, answer: Any) -> str:
        return raw if isinstance(raw, str) else _text_and_language(answer)[0]

    def describe(self, question: Question, answer: Any, t: Texts) -> str:
        return _text_and_language(answer)[0]

    def describe_correct(self, question: Question, t: Texts) -> str:
        return self.correct_answer(question, t.language)["text"]

    def grade_note(self, question: Question, grade: Grade | None, t: Texts) -> str:
        """An answer that counted with a slip: the learner is told so and shown the spelling."""
        if grade is None or not grade.spelling:
            return ""
        return t.gettext(
            "Your answer counted; the right spelling is %(spelling)s.", spelling=grade.spelling
        )

    def sample_form(self, question, right, rng=None):
        if right:
            accepted = question.accepted.get(EVERY_LANGUAGE) or next(
                iter(question.accepted.values())
            )
            return {"answer": rng.choice(accepted) if rng else accepted[0]}
        return {"answer": rng.choice(WRONG_SAMPLES) if rng else WRONG_SAMPLES[-1]}


def _text_and_language(answer: Any) -> tuple[str, str | None]:
    """The typed text and the language it counts in (None: every language, for older answers)."""
    if isinstance(answer, Mapping):
        return str(answer.get("text", "")), answer.get("language")
    return str(answer), None


ACCEPTED_EXAMPLE = "{en: [Belarus], de: [Belarus, Weißrussland]}"


def _accepted_node(reader: PackReader, node: Any, what: str) -> Any:
    """The `accepted` mapping of languages to answers, or None after reporting its absence or
    its shape (one list for every language)."""
    accepted = node.get("accepted")
    if isinstance(accepted, list):
        reader.error(
            node.line_of("accepted"),
            reader._(
                "%(what)s: accepted must give the answers per language, not one list; write "
                "e.g. %(example)s",
                what=what,
                example=ACCEPTED_EXAMPLE,
            ),
        )
        return None
    if not hasattr(accepted, "line_of") or not accepted:
        if "accepted" in node or not reader.reported_missing_key(node, "accepted"):
            reader.error(
                node.line_of("accepted"),
                reader._(
                    "%(what)s needs 'accepted', a list of answers per language, e.g. %(example)s",
                    what=what,
                    example=ACCEPTED_EXAMPLE,
                ),
            )
        return None
    return accepted


def _accepted_variants(
    reader: PackReader, accepted: Any, what: str
) -> dict[str, tuple[str, ...]] | None:
    """Each language's accepted answers (or `any`'s), or None after reporting the first one that
    is not a pack language or not a list of texts."""
    _ = reader._
    variants = {}
    for lang, answers in accepted.items():
        if lang != EVERY_LANGUAGE and lang not in reader.languages:
            reader.error(
                accepted.line_of(lang),
                _(
                    "accepted of %(what)s: %(lang)s is not a language of the pack; use one "
                    "of %(languages)s, or %(any)s for answers right in every language",
                    what=what,
                    lang=repr(lang),
                    languages=", ".join(reader.languages),
                    any=repr(EVERY_LANGUAGE),
                )
                + reader.closest(lang, [*reader.languages, EVERY_LANGUAGE]),
            )
            return None
        if isinstance(answers, str):
            answers = [answers]
        if not isinstance(answers, list) or not all(
            isinstance(a, str | int | float) and str(a).strip() for a in answers
        ):
            reader.error(
                accepted.line_of(lang),
                _("accepted answers for %(lang)s must be a list of texts", lang=repr(lang)),
            )
            return None
        variants[lang] = tuple(reader.scalar_text(a).strip() for a in answers)
    return variants


def _slips(reader: PackReader, node: Any, what: str) -> int | None:
    """How many slips are forgiven (1 unless the question says), or None after reporting it."""
    slips = node.get("slips", 1)
    if isinstance(slips, bool) or not isinstance(slips, int) or not 0 <= slips <= 2:
        reader.error(
            node.line_of("slips"),
            reader._(
                "slips of %(what)s must be 0, 1 or 2 (how many slips are forgiven; 0 turns "
                "them off)",
                what=what,
            ),
        )
        return None
    return int(slips)  # not the YAML reader's WrittenInt, which a YAML export cannot write
