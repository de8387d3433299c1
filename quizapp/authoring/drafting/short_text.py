"""Short text drafts: the name of the person who said the words a sentence quotes (ranked below
the single choice and the matching that ask the same, so it is what remains where the article
names no one else), and a gap for a name (a person, an organisation or a place) where a single
choice cannot be made, too few names of its kind standing elsewhere in the article."""

import re

from ...engine.types.base import translate_later as _l
from ...engine.types.short_text import ShortText
from .article import Article, Draft, Read, cloze, fact_key, same_entity, sentence_score
from .facts import Fact

MIN_DISTRACTORS = 2  # a single choice needs two; with fewer the name is typed
LISTED_PEOPLE = 3  # people a sentence names that make it a list
COMMON_NAME = 3  # sentences naming a name that make it what the article is about
CHOOSABLE = ("person", "organisation", "acronym")  # kinds a single choice may ask instead
_PLACE_BEFORE = re.compile(r"\b(?:in|nach|aus|from|near)\s+(?:the\s+)?$")


def short_text_drafts(article: Article) -> list[Draft]:
    drafts = [_who_said(article, read) for read in article.reads if read.speaker and read.speech]
    gapped: set = set()
    for read in article.reads:
        for fact in _gappable(article, read):
            if fact.value not in gapped:  # one gap a name: another would show it
                gapped.add(fact.value)
                drafts.append(_name_gap(article, read, fact))
    return drafts


def _who_said(article: Article, read: Read) -> Draft:
    said = max(read.speech, key=lambda fact: len(fact.text))
    name = read.speaker.text
    accepted = list(dict.fromkeys([name, name.split()[-1]]))
    return Draft(
        ShortText.name,
        article.say(_l("Who said this? %(speech)s"), speech=article.said(read)),
        {"accepted": {"any": accepted}},
        [read.sentence],
        frozenset(
            {("speaker", read.speaker.value), ("speech", said.value), fact_key(read.speaker, read)}
        ),
        0.6 * sentence_score(read),
        article.say(_l("The article says: %(quote)s"), quote=article.quoted(read.sentence.reads)),
    )


def _gappable(article: Article, read: Read) -> list[Fact]:
    """The names of a sentence a gap may take: not inside quoted words, not who speaks in it,
    nor the one person an article quotes (its short "who said this" asks for the name), not
    standing twice in it or beside another form of itself ("United States Geological Survey
    (USGS)"), not part of a compound ("EU-Kommission"), and too few of its kind elsewhere for a
    single choice, nor one of a list or of three people named together; no name the article is
    about (in three sentences or more), and places only after "in", "from" …."""
    text = read.sentence.reads
    if read.sentence.words > 40:
        return []
    names = [*read.people, *read.organisations, *_places(article, read), *read.titles]
    speakers = {r.speaker.value for r in article.reads if r.speaker and r.speech}
    if len(speakers) > 1:  # a "who said what" matching asks them; one is asked by name
        speakers = {read.speaker.value} if read.speaker and read.speech else set()
    found = []
    for fact in names:
        if (
            fact.start < read.dateline
            or _named_often(article, fact)
            or any(listed.start <= fact.start < listed.end for listed in read.lists)
            or re.search(r"['’]s\b", fact.text)
            or re.match(
                r"\s(?:(?:für|of|for|der|des)\s[A-ZÄÖÜ]|[A-ZÄÖÜ]{2,}\b|AG\b)", text[fact.end :]
            )
            or (fact.kind == "person" and len(read.people) >= LISTED_PEOPLE)
            or any(said.start <= fact.start < said.end for said in read.speech)
            or fact.value in speakers
            or text.count(fact.text) > 1
            or _abbreviates(read, fact)
            or (fact.kind == "acronym" and len(fact.text) < 3)  # "EU", "FU": guessed, not read
            or text[fact.end : fact.end + 1] in ("-", "’", "'")
            or text[fact.start - 1 : fact.start] == "-"
            or any(same_entity(fact.text, other.text) for other in names if other is not fact)
        ):
            continue
        if fact.kind in CHOOSABLE and len(article.others(fact, read)) >= MIN_DISTRACTORS:
            continue
        found.append(fact)
    return found


def _abbreviates(read: Read, fact: Fact) -> bool:
    """Whether an acronym stands in brackets after the name it abbreviates ("Windkraft Nord AG
    (WKN)"), which shows the answer; a party after a person ("Seehofer (CSU)") does not."""
    before = read.sentence.reads[: fact.start]
    if fact.kind != "acronym" or not re.search(r"[A-ZÄÖÜ][\w-]*\s\($", before):
        return False
    return not any(person.end == len(before) - 2 for person in read.people)


def _places(article: Article, read: Read) -> list[Fact]:
    """Places after "in", "nach", "aus", "from", "near" that read as names: no possessive, no
    adjective before a noun ("Miesbacher Tracht")."""
    text = read.sentence.reads
    return [
        place
        for place in read.places
        if _PLACE_BEFORE.search(text[: place.start])
        and not re.search(r"(?:s|er|ern)\s", place.text)
        and not place.text.endswith(("'s", "’s"))
    ]


def _named_often(article: Article, fact: Fact) -> bool:
    """Whether the article names a person, organisation or place (in any of its forms) in three
    sentences or more: what it is about, which a gap would only ask to be guessed."""
    forms = _short_forms(article, fact)
    forms = forms[-1:] if fact.kind == "person" else forms
    named = [read for read in article.reads if any(form in read.sentence.reads for form in forms)]
    return len(named) >= COMMON_NAME


def _short_forms(article: Article, fact: Fact) -> list[str]:
    """The name and its usual short forms: a person's surname (and last two names), the
    acronym or the full name of an organisation where the article gives both."""
    forms = [fact.text]
    if fact.kind == "person":
        words = fact.text.split()
        forms += [" ".join(words[-2:]), words[-1]]
    elif fact.kind in ("organisation", "acronym"):
        kinds = ("organisation", "acronym")
        forms += [
            other.text
            for kind in kinds
            for _read, other in article.by_kind.get(kind, [])
            if other.text != fact.text and same_entity(other.text, fact.text)
        ]
    return list(dict.fromkeys(forms))


def _name_gap(article: Article, read: Read, fact: Fact) -> Draft:
    quote = article.quoted(read.sentence.reads)
    return Draft(
        ShortText.name,
        article.say(_l("Which name belongs in the gap? %(cloze)s"), cloze=cloze(read, fact)),
        {"accepted": {"any": _short_forms(article, fact)}},
        [read.sentence],
        frozenset({fact_key(fact, read)}),
        (0.5 if fact.kind in CHOOSABLE else 0.45) * sentence_score(read),
        article.say(_l("The article says: %(quote)s"), quote=quote),
    )
