"""Matching: each item is matched to one of the choices. Partial credit: the share of items right."""

import random
import re
from collections import Counter
from collections.abc import Mapping
from typing import Any

from ..errors import EmptyResponse, InvalidResponse
from ..interactions import Interaction, MatchInteraction, wrong_answer_feedback
from ..model import Choice, Grade, MatchItem, Question, text_in
from .base import AnswerCount, EditorField, QuestionType, Texts, local_dict, register, row_id
from .base import translate_later as _l
from .text_values import one_text

NAME = r"((?:[A-ZÄÖÜ][\w’'-]+)(?:\s+[A-ZÄÖÜ][\w’'-]+){0,2})"
FULL_NAME = r"((?:[A-ZÄÖÜ][\w’'-]+)(?:\s+[A-ZÄÖÜ][\w’'-]+){1,2})"
_ROLE = r"(?:the\s+|die\s+|der\s+)?(?:[a-zäöü][\w-]*\s+){0,3}"
SAYING = (
    re.compile(r"\b(?:says|said|sagt|sagte)\s+" + _ROLE + NAME),
    re.compile(FULL_NAME + r"\s+(?:says|said|sagt|sagte)\b"),
    re.compile(r"\b(?:[Aa]ccording to|[Ll]aut)\s+" + _ROLE + NAME),
)
NOT_PEOPLE = {"Russian", "Ukrainian", "Belarusian", "German", "American", "US", "It", "He", "She"}


@register
class Matching(QuestionType):
    name = "matching"
    label = _l("Matching")
    keys = frozenset({"items", "choices"})
    editor_fields = (
        EditorField(
            "items",
            "entries",
            _l("Items to match"),
            entries=(
                EditorField("id", "row id", _l("Item id")),
                EditorField("text", "text", _l("Item text")),
                EditorField("match", "row", _l("Its matching choice"), refers_to="choices"),
            ),
        ),
        EditorField(
            "choices",
            "entries",
            _l("Choices"),
            entries=(
                EditorField("id", "row id", _l("Choice id")),
                EditorField("text", "text", _l("Choice text")),
            ),
        ),
    )

    def read_fields(self, reader, node, what):
        _ = reader._
        choices = reader.entries(node, "choices", what, ("id", "text"))
        items = reader.entries(node, "items", what, ("id", "text", "match"))
        if choices is None or items is None:
            return None
        valid = True
        choice_seen: dict[str, int] = {}
        built_choices = []
        for entry in choices:
            choice_id = reader.identifier(entry, _("choice"), choice_seen)
            text = reader.local_text(entry, "text", _("choice %(id)s", id=repr(choice_id)))
            if choice_id is None or text is None:
                valid = False
                continue
            built_choices.append(Choice(choice_id, text))
        item_seen: dict[str, int] = {}
        built_items = []
        for entry in items:
            item_id = reader.identifier(entry, _("item"), item_seen)
            text = reader.local_text(entry, "text", _("item %(id)s", id=repr(item_id)))
            match = reader.string(entry, "match", _("item"))
            if match is not None and choice_seen and match not in choice_seen:
                reader.error(
                    entry.line_of("match"),
                    _(
                        "item %(id)s matches %(match)s, which is not a choice",
                        id=repr(item_id),
                        match=repr(match),
                    )
                    + reader.closest(match, choice_seen),
                )
                valid = False
            if item_id is None or text is None or match is None:
                valid = False
                continue
            built_items.append(MatchItem(item_id, text, match))
        if not valid:
            return None
        return {"items": tuple(built_items), "choices": tuple(built_choices)}

    def to_dict(self, question: Question) -> dict[str, Any]:
        return {
            "items": [
                {"id": i.id, "text": local_dict(i.text), "match": i.match} for i in question.items
            ],
            "choices": [{"id": c.id, "text": local_dict(c.text)} for c in question.choices],
            "answer": self.correct_answer(question),
        }

    # A choice no item matches is a pair with no item: one more wrong choice to offer.
    def to_interaction(self, question: Question, language: str) -> MatchInteraction:
        choices = {c.id: text_in(c.text, language) for c in question.choices}
        pairs = [(text_in(i.text, language), choices[i.match]) for i in question.items]
        used = {i.match for i in question.items}
        pairs += [("", choices[c.id]) for c in question.choices if c.id not in used]
        wrong = text_in(question.feedback, language)
        return MatchInteraction(tuple(pairs), feedback=wrong)

    def accepts(self, interaction: Interaction) -> bool:
        return isinstance(interaction, MatchInteraction)

    def from_interaction(self, interaction, reader):
        choices: dict[str, str] = {}
        items, taken = [], set()
        for item, choice in interaction.pairs:
            if not choice:
                reader.error(reader._("each item of a matching question needs its match"))
                return None
            if choice not in choices:
                choices[choice] = row_id("c", choice, taken)
            choice_id = choices[choice]
            if item:
                items.append(
                    {"id": row_id("i", item, taken), "text": reader.local(item), "match": choice_id}
                )
        if len(items) < 2:
            reader.error(reader._("a matching question needs at least two items"))
            return None
        return {
            "items": items,
            "choices": [{"id": cid, "text": reader.local(text)} for text, cid in choices.items()],
            **wrong_answer_feedback(interaction, reader),
        }

    def form_response(self, question: Question, form: Any) -> dict[str, str]:
        return {item.id: form.get(f"match-{item.id}", "") for item in question.items}

    def read(self, question: Question, raw: Any, locale: str) -> dict[str, str]:
        if not isinstance(raw, Mapping):
            raise InvalidResponse("a mapping of item ids to choice ids expected")
        item_ids = {item.id for item in question.items}
        choice_ids = {choice.id for choice in question.choices}
        answer = {}
        for item_id, value in raw.items():
            if item_id not in item_ids:
                raise InvalidResponse(f"unknown item {item_id!r}")
            choice_id = one_text(value).strip()
            if choice_id and choice_id not in choice_ids:
                raise InvalidResponse(f"unknown choice {choice_id!r}")
            if choice_id:
                answer[item_id] = choice_id
        if not answer:
            raise EmptyResponse
        return answer

    def grade(self, question: Question, answer: Mapping[str, str]) -> Grade:
        results = {item.id: answer.get(item.id) == item.match for item in question.items}
        fraction = sum(results.values()) / len(results)
        return Grade(fraction, fraction * question.points, item_results=results)

    def correct_answer(self, question: Question) -> dict[str, str]:
        return {item.id: item.match for item in question.items}

    def empty_message(self, t: Texts) -> str:
        return t.gettext("Please match at least one item.")

    def pairs(
        self, question: Question, answer: Mapping[str, str], t: Texts
    ) -> list[tuple[str, str]]:
        """(item, chosen choice) texts in the question's item order; '–' where none was chosen."""
        choices = {c.id: t.text(c.text) for c in question.choices}
        return [(t.text(i.text), choices.get(answer.get(i.id), "–")) for i in question.items]

    def describe(self, question: Question, answer: Mapping[str, str], t: Texts) -> str:
        return "; ".join(f"{item} → {choice}" for item, choice in self.pairs(question, answer, t))

    def classify(self, question, answers, t):
        given = [(a.answer, a.count) for a in answers if isinstance(a.answer, Mapping)]
        rows = []
        for item in question.items:
            counts: Counter = Counter()
            for answer, count in given:
                counts[answer.get(item.id)] += count
            for choice in question.choices:
                if counts[choice.id]:
                    label = f"{t.text(item.text)} → {t.text(choice.text)}"
                    rows.append(AnswerCount(label, counts[choice.id], choice.id == item.match))
        return rows

    def sample_form(self, question, right, rng: random.Random | None = None):
        choices = [c.id for c in question.choices]
        form = {}
        for item in question.items:
            if right or (rng is not None and rng.random() < 0.5):
                form[f"match-{item.id}"] = item.match
            else:
                others = [c for c in choices if c != item.match]
                form[f"match-{item.id}"] = rng.choice(others) if rng else others[0]
        return form
