"""Numeric drafts from a sentence with an amount, the answer in the amount's own scale and unit
("9.2" with "million people", "10000" with "Euro", "1.8"), or a year where the sentence is about a
time: a question rewritten from the sentence where its shape is clear (questions.py), else a gap
in it."""

import re

from ...engine.types.base import translate_later as _l
from ...engine.types.numeric import Numeric
from .article import Article, Draft, Read, cloze, fact_key, sentence_score
from .facts import Fact
from .questions import numeric_question


def numeric_drafts(article: Article) -> list[Draft]:
    drafts = []
    for read in article.reads:
        for fact in [*read.amounts, *read.years]:
            drafts.append(_draft(article, read, fact))
    return drafts


def _draft(article: Article, read: Read, fact: Fact) -> Draft:
    question = numeric_question(read, fact, article.language)
    if question:
        prompt = question
    elif fact.kind == "year":
        gap = cloze(read, fact)
        prompt = article.say(_l("Which year belongs in the gap? %(cloze)s"), cloze=gap)
    else:
        digits = re.sub(r"\d[\d.,\u202f\u00a0 ]*\d|\d", "___", fact.text, count=1)
        gap = cloze(
            read,
            fact,
            digits if "___" in digits else "___" + fact.text[len(fact.text.split()[0]) :],
        )
        gap = _before_quotation(read, fact, gap)
        prompt = article.say(_l("Fill in the number from the article: %(cloze)s"), cloze=gap)
    answer = int(fact.number) if float(fact.number).is_integer() else fact.number
    fields = {"answer": answer, "tolerance": 0}
    if fact.unit:
        fields["unit"] = {article.language: fact.unit}
    weight = 0.55 if fact.kind == "year" else 0.87 if question else 0.85 if fact.unit else 0.6
    return Draft(
        Numeric.name,
        prompt,
        fields,
        [read.sentence],
        frozenset({fact_key(fact, read)}),
        weight * sentence_score(read),
        article.say(_l("The article says: %(quote)s"), quote=article.quoted(read.sentence.reads)),
        figure=fact.text,
    )


def _before_quotation(read: Read, fact: Fact, gap: str) -> str:
    """A gap before someone's quoted words without them: "Jay Lynch, who met his partner at the
    event ___ years ago, said: …" (what they said is no part of the figure)."""
    after = [said.start for said in read.speech if said.start > fact.end]
    if not after or read.speaker is None:
        return gap
    dropped = len(read.sentence.reads) - (min(after) - 1)
    return gap[: len(gap) - dropped].rstrip() + " …"
