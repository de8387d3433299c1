"""Draft questions of every type from an article, rule-based and offline (docs/drafting.md).

The article's body is read into sentences and the facts each states (text.py, facts.py,
article.py); one module per type drafts from them (numeric.py, which asks questions.py for a
question built from the sentence, single_choice.py, true_false.py, matching.py, ordering.py,
multiple_response.py, short_text.py), and `drafts_for` ranks them best
first: no two drafts blank the same fact, a sentence grounds at most two drafts, and the types
take turns near the top. Every draft is written in the article's language.
"""

from collections import Counter, defaultdict

from ...engine.types.matching import Matching
from ...engine.types.multiple_response import MultipleResponse
from ...engine.types.numeric import Numeric
from ...engine.types.ordering import Ordering
from ...engine.types.short_text import ShortText
from ...engine.types.single_choice import SingleChoice
from ...engine.types.true_false import TrueFalse
from .article import DRAFTS_PER_SENTENCE, Article, Draft, read_article
from .matching import matching_drafts
from .multiple_response import multiple_response_drafts
from .numeric import numeric_drafts
from .ordering import ordering_drafts
from .short_text import short_text_drafts
from .single_choice import single_choice_drafts
from .text import Sentence, quote_holds, sentences_of
from .true_false import true_false_drafts

__all__ = [
    "DRAFTED_TYPES",
    "Article",
    "Draft",
    "Sentence",
    "drafts_for",
    "quote_holds",
    "sentences_of",
]

DRAFTERS = (
    numeric_drafts,
    single_choice_drafts,
    true_false_drafts,
    matching_drafts,
    ordering_drafts,
    multiple_response_drafts,
    short_text_drafts,
)
DRAFTED_TYPES = frozenset(
    qtype.name
    for qtype in (Numeric, SingleChoice, TrueFalse, Matching, Ordering, MultipleResponse, ShortText)
)
"""The question types these rules draft (a plugin type may still draft through `suggest`)."""
MAX_DRAFTS = 40
SAME_TYPE_FACTOR = 0.85  # each draft of a type already chosen lowers the next one's rank


def drafts_for(source: dict) -> list[Draft]:
    """The drafts for a pack's source, best first, every quote verified in its paragraph."""
    article = read_article(source)
    paragraphs = {p.get("id"): p.get("text", "") for p in source.get("paragraphs", [])}
    offered = [
        draft
        for drafter in DRAFTERS
        for draft in drafter(article)
        if all(quote_holds(paragraphs.get(q.paragraph, ""), q.text) for q in draft.quotes)
    ]
    return ranked(offered)


def ranked(offered: list[Draft]) -> list[Draft]:
    """The drafts best first: each fact blanked once, at most two drafts a sentence (none beside
    a sentence a draft shows whole), and a draft ranked lower the more of its type are already
    above it, so the types take turns near the top. A draft made of several facts of the
    article (figures to what they count, which statements) is rebuilt, when its turn comes, from
    the facts and sentences the drafts above it left."""
    chosen: list[Draft] = []
    covered: set = set()
    per_sentence: Counter = Counter()
    per_type: Counter = Counter()
    numbered: defaultdict[int, list[Draft]] = defaultdict(list)  # numeric drafts by sentence
    clauses: defaultdict[int, list[str]] = defaultdict(list)  # clauses a matching shows
    left = sorted(offered, key=lambda d: -d.score)
    while left and len(chosen) < MAX_DRAFTS:
        best = max(left, key=lambda d: d.score * SAME_TYPE_FACTOR ** per_type[d.type])
        left.remove(best)
        if best.refit is not None:
            best = best.refit(covered, per_sentence)
            if best is None:
                continue
        single = len(best.quotes) == 1
        if (
            best.facts & covered
            or (single and per_sentence[best.quotes[0].index] >= DRAFTS_PER_SENTENCE)
            or (single and shows_each_other(best, numbered.get(best.quotes[0].index, [])))
            or (single and asks_a_name_shown(best, clauses.get(best.quotes[0].index, [])))
        ):
            continue
        chosen.append(best)
        covered |= best.facts
        per_type[best.type] += 1
        for quote in best.quotes:
            per_sentence[quote.index] += 1
        if best.figure:
            numbered[best.quotes[0].index].append(best)
        for index, clause in best.clauses:
            clauses[index].append(clause)
        for index in best.shown_whole:
            per_sentence[index] = max(per_sentence[index], DRAFTS_PER_SENTENCE)
    return [d for d in chosen if not (d.alone and per_sentence[d.quotes[0].index] > 1)]


def shows_each_other(draft: Draft, asked: list[Draft]) -> bool:
    """Whether a numeric draft and one already chosen from its sentence each show the other's
    figure ("cheering the ___ participants and 120 floats" beside "the 6,000 participants and
    ___ floats"): one of the two is enough, and the second figure is left to other types."""
    return bool(draft.figure) and any(
        other.figure in draft.prompt and draft.figure in other.prompt for other in asked
    )


def asks_a_name_shown(draft: Draft, clauses: list[str]) -> bool:
    """Whether a draft asks a name of its sentence that a matching above it shows in that
    sentence's clause ("… reports from the USGS had said the quake was a ___" beside "Earlier
    reports from the ___ had said …"): the matching would give its answer away."""
    names = [key[1] for key in draft.facts if len(key) == 3 and isinstance(key[1], str)]
    return any(name in clause for name in names for clause in clauses)
