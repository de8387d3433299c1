"""Multiple response drafts: a sentence that lists several names ("Belize, die Fidschis, Panama,
Togo und Vanuatu"); the listed ones are right, and the distractors are names of the same kind
from elsewhere in the article (never from the sentence itself, nor one another sentence says
the same of)."""

from ...engine.types.base import translate_later as _l
from ...engine.types.multiple_response import MultipleResponse
from .article import Article, Draft, sentence_score
from .facts import Fact
from .single_choice import option_id

MAX_DISTRACTORS = 3


def multiple_response_drafts(article: Article) -> list[Draft]:
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
