"""Short text drafts: the name of the person who said the words a sentence quotes. Ranked below
the single choice and the matching that ask the same where the article names other people, so it
is what remains where it names no one else."""

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
                article.say(_l("Who said this? %(speech)s"), speech=article.said(read)),
                {"accepted": {"any": accepted}},
                [read.sentence],
                frozenset(
                    {
                        ("speaker", read.speaker.value),
                        ("speech", said.value),
                        fact_key(read.speaker, read),
                    }
                ),
                0.6 * sentence_score(read),
                article.say(
                    _l("The article says: %(quote)s"), quote=article.quoted(read.sentence.reads)
                ),
            )
        )
    return drafts
