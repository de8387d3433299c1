"""Short text: a word or name, right if it is one of the accepted spellings (folded, see text.py)."""

import re
from typing import Any

from ..errors import EmptyResponse
from ..model import Grade, Question
from ..text import fold_answer
from .base import EditorField, QuestionType, Texts, _l, register
from .text_values import one_text

QUOTED = re.compile(r"“([^”]{2,80})”|„([^“]{2,80})“|\"([^\"]{2,80})\"")
WRONG_SAMPLES = ("Minsk", "Moscow", "certainly not this")


@register
class ShortText(QuestionType):
    name = "short_text"
    label = _l("Short text")
    keys = frozenset({"accepted"})
    editor_fields = (
        EditorField(
            "accepted", "lines", _l("Accepted answers"), hint=_l("One accepted spelling a line.")
        ),
    )

    def read_fields(self, reader, node, what):
        _ = reader._
        accepted = node.get("accepted")
        example = "{en: [Belarus], de: [Belarus, Weißrussland]}"
        if isinstance(accepted, list):
            reader.error(
                node.line_of("accepted"),
                _(
                    "%(what)s: accepted must give the answers per language, not one list; write "
                    "e.g. %(example)s",
                    what=what,
                    example=example,
                ),
            )
            return None
        if not hasattr(accepted, "line_of") or not accepted:
            if "accepted" in node or not reader.reported_missing_key(node, "accepted"):
                reader.error(
                    node.line_of("accepted"),
                    _(
                        "%(what)s needs 'accepted', a list of answers per language, e.g. "
                        "%(example)s",
                        what=what,
                        example=example,
                    ),
                )
            return None
        variants = {}
        for lang, answers in accepted.items():
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
        for lang in reader.languages:
            if not variants.get(lang):
                message = _(
                    "accepted of %(what)s has no %(lang)s answers", what=what, lang=repr(lang)
                )
                reader.missing(accepted.line, lang, message)
        return {"accepted": variants}

    def to_dict(self, question: Question) -> dict[str, Any]:
        return {
            "accepted": {lang: list(v) for lang, v in question.accepted.items()},
            "answer": self.correct_answer(question),
        }

    def suggest(self, sentences, language, languages):
        """Each short phrase the article puts in quotation marks, once."""
        drafts, seen = [], set()
        for paragraph_id, sentence in sentences:
            for match in QUOTED.finditer(sentence):
                phrase = next(group for group in match.groups() if group).strip(" ,.")
                if not 1 <= len(phrase.split()) <= 8 or phrase.casefold() in seen:
                    continue
                seen.add(phrase.casefold())
                drafts.append(
                    {
                        "prompt": (
                            _l(
                                "Which words does the article put in quotation marks here? "
                                "%(sentence)s"
                            ),
                            {"sentence": sentence.replace(phrase, "___", 1)},
                        ),
                        "accepted": {lang: [phrase] for lang in languages},
                        "grounds": [(paragraph_id, sentence)],
                    }
                )
        return drafts

    def read(self, question: Question, raw: Any, locale: str) -> str:
        text = " ".join(one_text(raw).split())
        if not text:
            raise EmptyResponse
        return text

    def grade(self, question: Question, answer: str) -> Grade:
        folded = fold_answer(answer)
        accepted = {fold_answer(a) for variants in question.accepted.values() for a in variants}
        return Grade(1.0, question.points) if folded in accepted else Grade(0.0, 0.0)

    def correct_answer(self, question: Question, language: str | None = None) -> str:
        variants = question.accepted.get(language) if language else None
        return (variants or next(iter(question.accepted.values())))[0]

    def given_text(self, question: Question, raw: Any, answer: Any) -> str:
        return raw if isinstance(raw, str) else answer

    def describe(self, question: Question, answer: str, t: Texts) -> str:
        return answer

    def describe_correct(self, question: Question, t: Texts) -> str:
        return self.correct_answer(question, t.language)

    def sample_form(self, question, right, rng=None):
        if right:
            accepted = next(iter(question.accepted.values()))
            return {"answer": rng.choice(accepted) if rng else accepted[0]}
        return {"answer": rng.choice(WRONG_SAMPLES) if rng else WRONG_SAMPLES[-1]}
