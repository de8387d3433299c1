"""True/false drafts: a sentence with one amount, year, date or name swapped for another of the
article's of the same kind (false), or a sentence as it stands (true); the explanation and the
feedback quote the original sentence."""

from ...engine.types.base import translate_later as _l
from ...engine.types.true_false import TrueFalse
from .article import Article, Draft, fact_key, sentence_score

SWAP_ORDER = {"year": 1, "date": 1, "month": 1, "acronym": 2, "organisation": 2, "person": 3}
"""Amounts are swapped first and names last: another person may well have done the same."""


def true_false_drafts(article: Article) -> list[Draft]:
    drafts = []
    for read in article.reads:
        if read.sentence.words > 40 or read.speech:
            continue
        swappable = sorted(read.swappable, key=lambda fact: SWAP_ORDER.get(fact.kind, 0))
        swapped = next(
            ((fact, others[0]) for fact in swappable if (others := article.others(fact, read))),
            None,
        )
        original = article.quoted(read.sentence.reads)
        said = article.say(_l("The article says: %(quote)s"), quote=original)
        if swapped is not None:
            fact, other = swapped
            statement = read.shown_until(fact.start) + other.text + read.sentence.reads[fact.end :]
            keys = frozenset({fact_key(fact, read)})
            answer, score = False, 0.7
        elif read.blankable:
            statement, answer, score = read.shown, True, 0.45
            keys = frozenset({("statement", read.sentence.index)})
        else:
            continue
        drafts.append(
            Draft(
                TrueFalse.name,
                article.say(_l("True or false? %(statement)s"), statement=statement),
                {"answer": answer},
                [read.sentence],
                keys,
                score * sentence_score(read),
                said,
                feedback=said,
                alone=answer,  # a true statement adds nothing beside a gap in the sentence
            )
        )
    return drafts
