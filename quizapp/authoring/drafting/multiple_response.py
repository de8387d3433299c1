"""Multiple response drafts: a sentence that lists several names ("Belize, die Fidschis, Panama,
Togo und Vanuatu"); the listed ones are right, and the distractors are names of the same kind
from elsewhere in the article (never from the sentence itself, nor one another sentence says
the same of). And "which statements does the article make": sentences as they stand (right)
beside sentences with one fact swapped by the true/false drafter's rules (wrong)."""

from collections import Counter
from functools import partial

from ...engine.types.base import translate_later as _l
from ...engine.types.multiple_response import MultipleResponse
from .article import (
    MAIN_CLAUSE_CUTS,
    PRONOUNS,
    Article,
    Draft,
    Read,
    cut_at_clause,
    fact_key,
    sentence_score,
)
from .facts import Fact
from .single_choice import option_id

MAX_DISTRACTORS = 3
QUOTATION_MARKS = '"“”„»«'
SHORT_STATEMENT = 25  # words: a sentence shown whole; a longer one is taken last and cut
STATEMENTS_WEIGHT = 0.6  # below a list, a gap or a swap of one fact: it shows whole sentences


def multiple_response_drafts(article: Article) -> list[Draft]:
    return list_drafts(article) + statement_drafts(article)


def list_drafts(article: Article) -> list[Draft]:
    """Which names a sentence lists: the listed ones right, names of their kind wrong."""
    drafts = []
    for read in article.reads:
        for listed in read.lists:
            items = list(listed.value)
            own = read.sentence.reads
            wrong = [
                fact.text
                for fact in _same_kind(article, items)
                if fact.text not in own and not article.true_elsewhere(fact, read)
            ][:MAX_DISTRACTORS]
            if len(wrong) < 2:
                continue
            text = read.sentence.reads
            gap = read.shown_until(listed.start) + "___" + text[listed.end :]
            said = article.say(_l("The article says: %(quote)s"), quote=article.quoted(text))
            taken: set[str] = set()
            options = [
                {"id": option_id(item, taken), "text": {article.language: item}, "correct": True}
                for item in items
            ] + [
                {
                    "id": option_id(item, taken),
                    "text": {article.language: item},
                    "correct": False,
                    "feedback": {article.language: said},
                }
                for item in wrong
            ]
            drafts.append(
                Draft(
                    MultipleResponse.name,
                    article.say(
                        _l("Which belong in the gap? Tick every one. %(cloze)s"), cloze=gap
                    ),
                    {"options": options},
                    [read.sentence],
                    frozenset({("list", listed.value)}),
                    0.8 * sentence_score(read),
                    said,
                )
            )
    return drafts


def _same_kind(article: Article, items: list[str]) -> list[Fact]:
    """Names of the kind the list holds (people, organisations, else places), in article order,
    one per name."""
    for kind in ("person", "organisation", "acronym", "place"):
        facts = [fact for _read, fact in article.by_kind.get(kind, [])]
        if kind == "place" or any(item in [f.text for f in facts] for item in items):
            return list({fact.text: fact for fact in reversed(facts)}.values())[::-1]
    return []


def _states(read: Read) -> bool:
    """Whether a sentence makes a statement an option can show: no one's quoted words (nor a
    quotation left open), 6 to 40 words, and no opening pronoun the sentence before leaves
    unexplained."""
    words = read.sentence.reads.split()
    return (
        not read.speech
        and sum(read.sentence.reads.count(mark) for mark in QUOTATION_MARKS) % 2 == 0
        and 6 <= len(words) <= 40
        and not read.sentence.reads.endswith("?")
        and not (words[0] in PRONOUNS and not read.antecedent)
    )


STATEMENT_SWAPS = {"year": 0, "date": 0, "month": 0, "acronym": 2, "organisation": 2, "person": 3}
"""Dates are swapped first (no numeric draft asks them), names last: another person may well
have done the same; an amount (1) between."""


def _swap(article: Article, read: Read) -> tuple[Fact, Fact] | None:
    """The swap the true/false drafter's rules allow in a sentence, a date before an amount."""
    facts = sorted(read.swappable, key=lambda fact: STATEMENT_SWAPS.get(fact.kind, 1))
    return next(
        ((fact, others[0]) for fact in facts if (others := article.others(fact, read))), None
    )


def statement_drafts(article: Article) -> list[Draft]:
    """ "Which statements does the article make?": two or three sentences as they stand and one
    with an amount, a year, a date or a name swapped for another of the article's; each option
    cut after its clause, its feedback quoting the sentence. Rebuilt, when ranked, from the
    sentences and facts the drafts above it left."""
    draft = statements(article, set(), Counter())
    return [draft] if draft else []


def statements(article: Article, covered: set, per_sentence: Counter) -> Draft | None:
    """One "which statements" draft from sentences no chosen draft uses (its options show them,
    and so would give another draft's answer away), swapping no fact a chosen draft blanks.
    The sentences with the fewest facts other drafts could ask are taken first, and a long one
    last."""
    stating = [
        read
        for read in article.reads
        if _states(read)
        and not per_sentence[read.sentence.index]
        and ("statement", read.sentence.index) not in covered
    ]
    stating.sort(key=lambda read: (len(read.blankable), read.sentence.words > SHORT_STATEMENT))
    swaps = [
        (read, swap)
        for read in stating
        if (swap := _swap(article, read)) and fact_key(swap[0], read) not in covered
    ]
    if not swaps:
        return None
    false = swaps[0]
    true = [read for read in stating if read is not false[0]]
    true = true[: 3 if len(true) > 2 and not true[2].blankable else 2]
    if len(true) < 2:
        return None
    language = article.language
    rows = [(read, cut_at_clause(read.shown, cuts=MAIN_CLAUSE_CUTS), True) for read in true]
    read, (fact, other) = false
    shown = read.shown_until(fact.start) + other.text
    swapped = shown + read.sentence.reads[fact.end :]
    rows.append((read, cut_at_clause(swapped, len(shown)), False))
    rows.sort(key=lambda row: row[0].sentence.index)
    taken: set[str] = set()
    said = {
        read.sentence.index: article.say(
            _l("The article says: %(quote)s"), quote=article.quoted(read.sentence.reads)
        )
        for read, _text, _right in rows
    }
    options = [
        {
            "id": option_id(text, taken),
            "text": {language: text},
            "correct": right,
            "feedback": {language: said[read.sentence.index]},
        }
        for read, text, right in rows
    ]
    keys = {fact_key(fact, read)} | {("statement", r.sentence.index) for r in true}
    return Draft(
        MultipleResponse.name,
        article.say(_l("Which statements does the article make? Tick every one.")),
        {"options": options},
        [read.sentence for read, _text, _right in rows],
        frozenset(keys),
        STATEMENTS_WEIGHT * max(sentence_score(read) for read, _t, _r in rows),
        " ".join(said[read.sentence.index] for read, _t, _r in rows),
        refit=partial(statements, article),
        shown_whole=tuple(read.sentence.index for read, _text, _right in rows),
    )
