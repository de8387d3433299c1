"""Single choice drafts: who said a quoted sentence (the other people the article names are the
distractors), or a cloze whose distractors are the article's other facts of the same kind: other
amounts of the same unit, other people, organisations, years or dates; never one of the same
value, none from the sentence itself, and none another sentence says the same of (both would be
true by the text as well)."""

import re

from ...engine.types.base import translate_later as _l
from ...engine.types.single_choice import SingleChoice
from .article import Article, Draft, cloze, fact_key, sentence_score
from .facts import Fact

MAX_DISTRACTORS = 3


def option_id(text: str, taken: set[str]) -> str:
    """An option id made from its text ("markus-ulbig"), unique in the question."""
    base = re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:30] or "option"
    chosen, number = base, 2
    while chosen in taken:
        chosen, number = f"{base}-{number}", number + 1
    taken.add(chosen)
    return chosen


def options(article: Article, right: str, wrong: list[str], quote: str) -> list[dict]:
    """The right option and the distractors, each distractor with feedback quoting the text."""
    taken: set[str] = set()
    feedback = article.say(_l("The article says: %(quote)s"), quote=article.quoted(quote))
    made = [{"id": option_id(right, taken), "text": {article.language: right}, "correct": True}]
    for text in wrong:
        made.append(
            {
                "id": option_id(text, taken),
                "text": {article.language: text},
                "correct": False,
                "feedback": {article.language: feedback},
            }
        )
    return made


def single_choice_drafts(article: Article) -> list[Draft]:
    drafts = [d for d in (_who_said(article, read) for read in article.reads) if d]
    for read in article.reads:
        for fact in read.blankable:
            distractors = article.others(fact, read)[:MAX_DISTRACTORS]
            if len(distractors) >= 2:
                drafts.append(_cloze_draft(article, read, fact, distractors))
    return drafts


def _cloze_draft(article: Article, read, fact: Fact, distractors: list[Fact]) -> Draft:
    return Draft(
        SingleChoice.name,
        article.say(_l("Which fits the gap? %(cloze)s"), cloze=cloze(read, fact)),
        {
            "options": options(
                article, fact.text, [d.text for d in distractors], read.sentence.reads
            )
        },
        [read.sentence],
        frozenset({fact_key(fact, read)}),
        (0.8 if fact.kind in ("person", "organisation", "acronym") else 0.75)
        * sentence_score(read),
        article.say(_l("The article says: %(quote)s"), quote=article.quoted(read.sentence.reads)),
    )


def _who_said(article: Article, read) -> Draft | None:
    """Who said the words this sentence quotes, among the people the article names."""
    if read.speaker is None or not read.speech:
        return None
    said = max(read.speech, key=lambda fact: len(fact.text))
    others = [p for p in article.others(read.speaker, read) if p.value != read.speaker.value]
    if len(others) < 2:
        return None
    return Draft(
        SingleChoice.name,
        article.say(_l("Who said this? %(speech)s"), speech=article.said(read)),
        {
            "options": options(
                article,
                read.speaker.text,
                [p.text for p in others[:MAX_DISTRACTORS]],
                read.sentence.reads,
            )
        },
        [read.sentence],
        frozenset(
            {("speaker", read.speaker.value), ("speech", said.value), fact_key(read.speaker, read)}
        ),
        0.95 * sentence_score(read),
        article.say(_l("The article says: %(quote)s"), quote=article.quoted(read.sentence.reads)),
    )
