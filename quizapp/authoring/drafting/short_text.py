"""Short text drafts: the name of the person who said the words a sentence quotes, when the
article quotes only that person (with two or more people, single choice and matching ask it)."""

from ...engine.types.base import translate_later as _l
from ...engine.types.short_text import ShortText
from .article import Article, Draft, fact_key, sentence_score


def short_text_drafts(article: Article) -> list[Draft]:
    drafts = []
    for read in article.reads:
        if read.speaker is None or not read.speech:
            continue
        said = max(read.speech, key=lambda fact: len(fact.text))
        name = read.speaker.text
        accepted = list(dict.fromkeys([name, name.split()[-1]]))
        drafts.append(
            Draft(
                ShortText.name,
                article.say(
                    _l("Who said this? %(speech)s"), speech=article.quoted(said.text.strip(" ,"))
                ),
                {"accepted": {"any": accepted}},
                [read.sentence],
                frozenset({fact_key(read.speaker, read), ("speech", said.value)}),
                0.6 * sentence_score(read),
                article.say(
                    _l("The article says: %(quote)s"), quote=article.quoted(read.sentence.reads)
                ),
            )
        )
    return drafts
