"""Ordering drafts: events the article dates (a full date or a year in a sentence about a time),
the date taken out of each, to be put in the order they happened."""

import re

from babel.dates import get_month_names

from ...engine.types.base import row_id
from ...engine.types.base import translate_later as _l
from ...engine.types.ordering import Ordering
from .article import Article, Draft, Read, fact_key, sentence_score
from .facts import Fact

MAX_EVENTS = 5
MAX_EVENT_WORDS = 25
_LEAD = re.compile(
    r"(?:\b(?:in|im|am|seit|since|on|by|bis|ab|Jahre?|the year|dem Jahr)\s+)+$", re.I
)


def ordering_drafts(article: Article) -> list[Draft]:
    events: dict[tuple, tuple[Read, Fact]] = {}
    for read in article.reads:
        if read.sentence.words > 60 or read.speech:
            continue
        dated = [*read.dates, *read.years]
        when = [(_when(fact, article.language), fact) for fact in dated]
        when = [(w, f) for w, f in when if w is not None]
        if len(when) == 1 and when[0][0] not in events:
            events[when[0][0]] = (read, when[0][1])
    if len(events) < 3:
        return []
    chosen = sorted(events.items())[:MAX_EVENTS]
    taken: set[str] = set()
    texts = [_undated(read, fact, article.language) for _when_, (read, fact) in chosen]
    items = [{"id": row_id("e", text, taken), "text": {article.language: text}} for text in texts]
    quotes = [read.sentence for _w, (read, _f) in chosen]
    explanation = " ".join(article.quoted(q.reads) for q in quotes)
    return [
        Draft(
            Ordering.name,
            article.say(_l("Put these events in the order they happened, the earliest first.")),
            {"items": items},
            quotes,
            frozenset(fact_key(fact, read) for _w, (read, fact) in chosen),
            0.95 * max(sentence_score(read) for _w, (read, _f) in chosen),
            article.say(_l("The article says: %(quote)s"), quote=explanation),
        )
    ]


def _when(fact: Fact, language: str) -> tuple[int, int, int] | None:
    """(year, month, day) of a date or year; None when it gives no year."""
    year = re.search(r"\b(1[89]\d\d|20\d\d)\b", fact.text)
    if not year:
        return None
    month = 0
    for lang in (language, "en", "de"):
        for width in ("wide", "abbreviated"):
            for number, name in get_month_names(width, locale=lang).items():
                if name.rstrip(".") in fact.text and len(name) > 2:
                    month = month or number
    numeric = re.match(r"(\d{1,2})\.(\d{1,2})\.\d{4}", fact.text)
    if numeric:
        return int(year.group(1)), int(numeric.group(2)), int(numeric.group(1))
    day = re.match(r"(\d{1,2})\b", fact.text) or re.search(r"\b(\d{1,2}),", fact.text)
    return int(year.group(1)), month, int(day.group(1)) if day and month else 0


def _undated(read: Read, fact: Fact, language: str) -> str:
    """The sentence as it reads without its date and the preposition before it; a German
    sentence that opened with the date opens with "Damals", so its verb stays second."""
    text = read.sentence.reads
    before = _LEAD.sub("", text[read.dateline : fact.start]).rstrip()
    after = text[fact.end :].lstrip(" ,")
    if before:
        joined = f"{before} {after}".strip()
    elif language == "de":
        joined = f"Damals {after}"
    else:
        joined = after[:1].upper() + after[1:]
    joined = re.sub(r"\s+([,.;:])", r"\1", joined)
    words = joined.split()
    if len(words) > MAX_EVENT_WORDS:  # the clause that holds the event: up to a comma
        cut = next((n for n in range(12, len(words)) if words[n - 1].endswith(",")), None)
        joined = " ".join(words[:cut]).rstrip(",") + " …" if cut else joined
    return joined
