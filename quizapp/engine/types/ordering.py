"""Ordering: the learner puts 3 to 8 items in order (a chronology, a ranking).

Partial credit is the share of pairs of items in the right relative order (Moodle's ordering type
calls it "relative to all the previous and next items"): each two items ask "which comes first?",
so one slip costs one pair, a reversed order earns nothing, and no position counts twice.
"""

import random
from collections import Counter
from collections.abc import Mapping, Sequence
from itertools import combinations
from typing import Any

from ..errors import EmptyResponse, IncompleteOrder, InvalidResponse, RepeatedPosition
from ..interactions import Interaction, OrderInteraction, wrong_answer_feedback
from ..model import Choice, Grade, Question, text_in
from .base import AnswerCount, EditorField, QuestionType, Texts, local_dict, register, row_id
from .base import translate_later as _l

MIN_ITEMS = 3
MAX_ITEMS = 8


@register
class Ordering(QuestionType):
    name = "ordering"
    label = _l("Ordering")
    keys = frozenset({"items"})
    editor_fields = (
        EditorField(
            "items",
            "entries",
            _l("Items, in the right order"),
            entries=(
                EditorField("id", "row id", _l("Item id")),
                EditorField("text", "text", _l("Item text")),
            ),
        ),
    )

    def read_fields(self, reader, node, what):
        _ = reader._
        entries = reader.entries(
            node, "items", what, ("id", "text"), minimum=MIN_ITEMS, maximum=MAX_ITEMS
        )
        if entries is None:
            return None
        seen: dict[str, int] = {}
        items = []
        for entry in entries:
            item_id = reader.identifier(entry, _("item"), seen)
            text = reader.local_text(entry, "text", _("item %(id)s", id=repr(item_id)))
            if item_id is None or text is None:
                return None
            items.append(Choice(item_id, text))
        return {"sequence": tuple(items)}

    def to_dict(self, question: Question) -> dict[str, Any]:
        return {
            "items": [{"id": i.id, "text": local_dict(i.text)} for i in question.sequence],
            "answer": self.correct_answer(question),
        }

    def to_interaction(self, question: Question, language: str) -> OrderInteraction:
        items = tuple(text_in(item.text, language) for item in question.sequence)
        return OrderInteraction(items, feedback=text_in(question.feedback, language))

    def accepts(self, interaction: Interaction) -> bool:
        return isinstance(interaction, OrderInteraction)

    def from_interaction(self, interaction, reader):
        texts = [text for text in interaction.items if text]
        if not MIN_ITEMS <= len(texts) <= MAX_ITEMS:
            reader.error(
                reader._(
                    "an ordering question needs %(min)s to %(max)s items (it has %(count)s)",
                    min=MIN_ITEMS,
                    max=MAX_ITEMS,
                    count=len(texts),
                ),
            )
            return None
        taken: set[str] = set()
        items = [{"id": row_id("s", text, taken), "text": reader.local(text)} for text in texts]
        return {"items": items, **wrong_answer_feedback(interaction, reader)}

    def form_response(self, question: Question, form: Any) -> dict[str, str]:
        return {item.id: form.get(f"position-{item.id}", "") for item in question.sequence}

    def read(self, question: Question, raw: Any, locale: str) -> list[str]:
        """The item ids in the learner's order, from {item id: position} or a list of ids."""
        ids = [item.id for item in question.sequence]
        if isinstance(raw, list | tuple):
            if sorted(map(str, raw)) != sorted(ids):
                raise InvalidResponse("every item once expected")
            return [str(item_id) for item_id in raw]
        if not isinstance(raw, Mapping):
            raise InvalidResponse("a mapping of item ids to positions expected")
        if set(raw) - set(ids):
            raise InvalidResponse(f"unknown items {sorted(set(raw) - set(ids))}")
        positions: dict[str, int] = {}
        for item_id in ids:
            value = raw.get(item_id, "")
            value = value.strip() if isinstance(value, str) else value
            if value in ("", None):
                continue
            try:
                position = int(value)
            except (TypeError, ValueError):
                raise InvalidResponse(f"a position expected, got {value!r}") from None
            if not 1 <= position <= len(ids):
                raise InvalidResponse(f"no position {position}")
            positions[item_id] = position
        if not positions:
            raise EmptyResponse
        if len(positions) < len(ids):
            raise IncompleteOrder
        if len(set(positions.values())) < len(ids):
            raise RepeatedPosition
        return sorted(ids, key=positions.__getitem__)

    def grade(self, question: Question, answer: Sequence[str]) -> Grade:
        rank = {item_id: index for index, item_id in enumerate(answer)}
        right_order = [item.id for item in question.sequence]
        pairs = list(combinations(right_order, 2))
        in_order = sum(rank[first] < rank[second] for first, second in pairs)
        fraction = in_order / len(pairs)
        placed = {item_id: rank[item_id] == index for index, item_id in enumerate(right_order)}
        return Grade(fraction, fraction * question.points, item_results=placed)

    def correct_answer(self, question: Question) -> list[str]:
        return [item.id for item in question.sequence]

    def empty_message(self, t: Texts) -> str:
        return t.gettext("Please give every item a position.")

    def problem_message(self, question, error, t: Texts) -> str:
        if isinstance(error, IncompleteOrder):
            return t.gettext("Please give every item a position: some have none yet.")
        if isinstance(error, RepeatedPosition):
            return t.gettext(
                "Each position can be used only once. Please give every item its own position."
            )
        return super().problem_message(question, error, t)

    def texts_in_order(self, question: Question, answer: Sequence[str], t: Texts) -> list[str]:
        by_id = {item.id: t.text(item.text) for item in question.sequence}
        return [by_id.get(item_id, item_id) for item_id in answer]

    def describe(self, question: Question, answer: Sequence[str], t: Texts) -> str:
        return "; ".join(
            f"{position}. {text}"
            for position, text in enumerate(self.texts_in_order(question, answer, t), start=1)
        )

    def classify(self, question, answers, t):
        """How often each item was put at each position, right positions first."""
        counts: Counter = Counter()
        for a in answers:
            if isinstance(a.answer, list):
                for position, item_id in enumerate(a.answer, start=1):
                    counts[item_id, position] += a.count
        rows = []
        for right_position, item in enumerate(question.sequence, start=1):
            for position in range(1, len(question.sequence) + 1):
                if counts[item.id, position]:
                    label = t.gettext(
                        "%(item)s at position %(position)s",
                        item=t.text(item.text),
                        position=position,
                    )
                    rows.append(
                        AnswerCount(label, counts[item.id, position], position == right_position)
                    )
        return rows

    def sample_form(self, question, right, rng: random.Random | None = None):
        order = self.correct_answer(question)
        if not right:
            order = order[::-1]
            if rng is not None and rng.random() < 0.5:
                order[0], order[1] = order[1], order[0]
        return {f"position-{item_id}": str(order.index(item_id) + 1) for item_id in order}
