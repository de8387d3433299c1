"""The facts a sentence states, found by rule: amounts with their unit and scale, years where the
sentence is about a time, dates, people, organisations, what people said, and lists.

A fact is what a draft blanks or swaps: its `kind` (what may stand in for it: an amount of the same
unit, another person), its `span` in the sentence as it reads, and its `value`, compared to tell
facts apart (9.2 million people and 9,200,000 people are one fact).
"""

import re
from dataclasses import dataclass
from functools import cache

from babel.dates import get_month_names

from ...engine.errors import NumberError
from ...engine.numbers import NUMBER_WORDS, parse_number, read_written_number
from .text import SENTENCE_OPENERS, Sentence, word_set

SCALE_WORDS = (
    r"million|millions|billion|billions|trillion|thousand|Millionen|Million|Milliarden|Milliarde"
    r"|Mio\.|Mrd\.|Tausend|Billionen"
)
SUFFIX_SCALES = {"bn": "billion", "m": "million", "k": "thousand"}
CURRENCY = {
    "en": {"$": "dollars", "€": "euros", "£": "pounds"},
    "de": {"$": "US-Dollar", "€": "Euro", "£": "Pfund"},
}
_AMOUNT = re.compile(
    r"(?<![\w.,/:-])(?P<currency>[$€£]\s?)?"
    r"(?P<digits>\d{1,3}(?:[.,\u202f\u00a0 ]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)"
    r"(?P<suffix>bn|m|k)?(?![\w-]|[.,:]\d)"
    rf"(?:\s(?P<scale>{SCALE_WORDS}))?"
    r"(?:\s?(?P<percent>%|percent\b|per cent\b|Prozentpunkte\b|Prozent\b))?"
)
_TITLES = (
    "Mr|Mrs|Ms|Dr|Prof|Reverend|Rev|Sir|Dame|President|Minister|Governor|Mayor|Senator|Chancellor|Judge|Professor"
    "|Präsident|Präsidentin|Minister|Ministerin|Kanzler|Kanzlerin|Bürgermeister|Bürgermeisterin"
    "|Professor|Professorin|Chefarzt|Superintendentin|Abgeordnete|Kommissarin|Kommissar"
    "|[A-ZÄÖÜ][a-zäöüß]+(?:minister|ministerin)"  # German compounds: "Finanzminister"
)
_ROLES = (
    "governor|president|minister|spokesman|spokeswoman|spokesperson|reporter|candidates?|"
    "co-inventor|inventor|MP|mayor|director|chief|leader|secretary|professor|guide|coach|chairman"
    "|chairwoman|ceo|founder|expert|economist|analyst|author|official|head|manager|judge|officer"
    "|Kandidat|Kandidatin|Vorsitzender|Vorstandsvorsitzender|Chef|Chefin|Sprecher|Sprecherin"
    "|Ministerpräsident|Ministerpräsidentin|Expertin|Experte|Ökonom|Ökonomin|Leiter|Leiterin"
)
_SAYING = (
    r"says|said|saying|told|added|explained|warned|stated|according to|sagt|sagte|sagten|erklärte"
    r"|erklärt|betonte|betont|warnte|warnt|meinte|kritisiert|kritisierte|fordert|forderte|laut"
    r"|quoted|zitiert|zitierte"
)
# between a name and its verb of saying: an age (", 25,") or a clause on who they are
# (", who met his partner there,", ", die seit 2010 dort lebt,")
_AGE_OR_CLAUSE = r",\s(?:\d{1,3}|(?:who|der|die)\s[^,;:.!?\"“„]{3,90}),"
# reported speech: a sentence of its own words, then a verb of saying and a name at its end
# ("Seit 24 Monaten kämpfe seine Regierung …, sagte Papandreou.", "…, Berg said.")
_REPORTED = re.compile(
    r"^([A-ZÄÖÜ][^„“”\"»«]{30,}?),\s(?:(?:sagte|sagt|erklärte|betonte|warnte|said|says|added|warned)"
    r"\s[A-ZÄÖÜ][\w-]+(?:\s[A-ZÄÖÜ][\w-]+){0,2}|[A-ZÄÖÜ][\w-]+(?:\s[A-ZÄÖÜ][\w-]+){0,2}"
    r"\s(?:said|says|added|warned))\.$"
)
_NAME_WORD = r"[A-ZÄÖÜ][a-zäöüßéèáàóòíìúùçñ’']+(?:-[A-ZÄÖÜ]?[a-zäöüßéèáàóòíìúùçñ’']+)*"
_NAME = re.compile(rf"\b{_NAME_WORD}(?:\s+(?:von\s+|van\s+|de\s+)?{_NAME_WORD}){{1,3}}\b")
_ACRONYM = re.compile(r"\b[A-ZÄÖÜ]{2,6}\b")
_ORGANISATION_WORDS = re.compile(
    r"\b(?:Party|Partei|Institute|Institut|University|Universität|Agency|Commission|Kommission"
    r"|Foundation|Stiftung|Service|Council|Bank|Association|Verband|Gesellschaft|Union|Survey"
    r"|Organisation|Organization|Ministry|Ministerium|AG|GmbH|Inc|Ltd|Group|Center|Centre)\b"
)
_QUOTED = re.compile(
    r"„([^“”]{3,300})[“”]|»([^«]{3,300})«|“([^”\"]{3,300})[”\"]|\"([^\"]{3,300})\""
)
_LIST = re.compile(
    r"((?:(?:die |der |den |the )?[A-ZÄÖÜ][\w’'-]+(?: [A-ZÄÖÜ][\w’'-]+)*, ){1,8}"
    r"(?:die |der |den |the )?[A-ZÄÖÜ][\w’'-]+(?: [A-ZÄÖÜ][\w’'-]+)*,? (?:and|und|or|oder) "
    r"(?:die |der |den |the )?[A-ZÄÖÜ][\w’'-]+(?: [A-ZÄÖÜ][\w’'-]+)*)"
)
_TIME_WORDS = re.compile(
    r"\b(?:in|since|until|by|from|before|after|during|early|late|mid|of|im|seit|bis|ab|vor|nach"
    r"|Jahr|Jahre|Jahren|Jahres|year|Anfang|Ende|Mitte|zuletzt|bereits)\s+(?:dem\s+|the\s+)?$",
    re.IGNORECASE,
)
NOT_NAMES = word_set(
    "The This That These Those There Then When While After Before In On At For From But And"
    " Der Die Das Den Dem Des Ein Eine Im Am Zum Zur Bei Nach Vor Seit Auch Als Wie Wenn Mit"
    " Dieses Diese Dieser Damit Dabei Doch Zudem Außerdem Deshalb Jetzt Heute It He She They We"
    " Sie Er Es Wir Ihr Ich His Her Their Nach Laut According However Monday Tuesday Wednesday"
    " Thursday Friday Saturday Sunday Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag"
    " Image Bild Prime First"
)
_ROLE_ENDINGS = ("in", "er", "te", "ent", "or", "ar")
_ADJECTIVE_ENDINGS = ("ische", "ischen", "ischer", "isches", "ian", "ese", "ish")


@dataclass(frozen=True)
class Fact:
    """One thing a sentence states that a draft may blank or swap."""

    kind: str  # "amount:<unit>", "year", "date", "person", "organisation", "acronym", "list", "speech"
    text: str  # as it stands in the sentence (as it reads)
    start: int
    value: object  # what tells facts apart: a number, a name, a date's text
    unit: str = ""  # scale word and unit, for a numeric draft: "million people", "Prozent"
    number: float = 0.0  # the number in the unit's scale: 9.2 for "9.2 million"

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@cache
def month_pattern() -> re.Pattern[str]:
    """Month names in English and German (Babel's CLDR data), wide and abbreviated."""
    names = set()
    for language in ("en", "de"):
        for width in ("wide", "abbreviated"):
            names.update(n.rstrip(".") for n in get_month_names(width, locale=language).values())
    names.discard("Mai.")
    alternatives = "|".join(
        sorted((re.escape(n) for n in names if len(n) > 2), key=len, reverse=True)
    )
    return re.compile(rf"\b(?:{alternatives})\.?(?!\w)")


@cache
def date_pattern() -> re.Pattern[str]:
    month = month_pattern().pattern.replace(r"\b", "").replace(r"(?!\w)", "")
    return re.compile(
        rf"\b(?:\d{{1,2}}\.\s?{month}(?:\s\d{{4}})?|{month}\s\d{{1,2}}(?:,\s\d{{4}})?"
        rf"|\d{{1,2}}\s{month}(?:\s\d{{4}})?|{month}\s\d{{4}}|\d{{1,2}}\.\d{{1,2}}\.\d{{4}})(?!\w)"
    )


def _unit_after(rest: str, language: str) -> str:
    """The noun a number counts ("people", "Menschen", "lakes"), if the next word is one."""
    match = re.match(r"\s([^\W\d_][\w-]*)", rest)
    if not match:
        return ""
    word = match.group(1)
    if language == "de":
        return word if word[0].isupper() and word not in NOT_NAMES else ""
    stop = {"of", "and", "or", "to", "in", "on", "at", "for", "from", "by", "per", "is", "are",
            "was", "were", "has", "have", "had", "the", "a", "an", "that", "which", "who", "with",
            "as", "than", "more", "less", "after", "before", "when", "while", "it", "its"}  # fmt: skip
    if not word.islower() or word in stop or word.endswith(("ing", "ed")):
        return ""
    # a noun before a plural noun counts with it: "4000 job losses" (not "visitors this")
    compound = re.match(r"\s[^\W\d_][\w-]*\s([a-z][a-z-]{3,}s)\b", rest)
    if compound and not word.endswith("s") and compound.group(1) not in NOT_PLURALS:
        return f"{word} {compound.group(1)}"
    return word


_DATELINE = re.compile(r"^[A-ZÄÖÜ][^–—()]{0,40}(?:\([^)]*\))?,\s[^–—]{4,30}\s[–—-]\s")
NOT_PLURALS = word_set("this thus always across perhaps unless whereas besides")
LEGAL_FORMS = word_set("AG GmbH SE KG Co Inc Ltd PLC LLC WIND MP CEO TV UK US USA PR OB")


def dateline_end(sentence: Sentence) -> int:
    """Where a dateline ("Bremen (Deutschland), 11.10.2014 – ") ends: no fact stands in it."""
    match = _DATELINE.match(sentence.reads)
    return match.end() if match else 0


def amounts(sentence: Sentence, language: str) -> list[Fact]:
    """The amounts of a sentence with their unit: "9.2 million people", "10.000 Euro", "1,8"."""
    found = []
    text = sentence.reads
    dates = [m.span() for m in date_pattern().finditer(text)]
    for match in _AMOUNT.finditer(text):
        if any(a <= match.start() < b for a, b in dates) or _is_ordinal_or_name(match, text):
            continue
        fact = _amount(match, text, language)
        if fact is not None:
            found.append(fact)
    return sorted(found + _counted_in_words(text, language), key=lambda fact: fact.start)


SMALL_NUMBERS = {
    "en": ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"),
    "de": ("zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn", "elf", "zwölf"),
}  # fmt: skip
"""Number words read as amounts: two to twelve ("one" and "ein" are mostly articles)."""
_NUMBER_WORD = {
    language: re.compile(rf"(?<![\w-])(?:{'|'.join(words)})(?![\w-])", re.IGNORECASE)
    for language, words in SMALL_NUMBERS.items()
}


def _counted_in_words(text: str, language: str) -> list[Fact]:
    """Small numbers written as words where the noun they count (or a scale word) follows:
    "zwei Abgeordnete blieben fern", "nine aftershocks", "zehn Prozent", "nine million"; in lower case (or opening the sentence),
    so never a word of a name ("Channel Four"), read by the engine's number-word reading."""
    found = []
    pattern = _NUMBER_WORD.get(language)
    for match in pattern.finditer(text) if pattern else ():
        word = match.group(0)
        if not word.islower() and text[: match.start()].strip(" „“\"'»«("):
            continue
        rest = text[match.end() :]
        scale = re.match(rf"\s(?:{SCALE_WORDS})(?!\w)", rest)  # "nine million people"
        said = match.end() + (scale.end() if scale else 0)
        percent = re.match(r"\s(?:%|percent\b|per cent\b|Prozent\b)", text[said:])
        noun = percent.group(0).strip() if percent else _unit_after(text[said:], language)
        number = read_written_number(word.casefold(), language)
        if not (noun or scale) or number is None or word.casefold() not in NUMBER_WORDS:
            continue
        span = text[match.start() : said + (percent.end() if percent else 0)]
        unit = " ".join(part for part in (scale and scale.group(0).strip(), noun) if part)
        value = round(number, 6)
        found.append(
            Fact(f"amount:{_unit_kind(noun)}", span, match.start(), (value, unit), unit, value)
        )
    return found


def _is_ordinal_or_name(match: re.Match, text: str) -> bool:
    """ "das 18. Lebensjahr", "1st", "Bündnis 90", "Category 4", a conversion in brackets
    after another amount ("95 kilometres (60 miles)") and a time of day ("at 07.49 local time"):
    not amounts of their own."""
    if re.fullmatch(r"0\d[.:]\d\d", match.group("digits")):
        return True
    if re.search(r"\d[^()\d]{0,20}\(\s*$", text[: match.start()]):
        return True
    after = text[match.end() : match.end() + 20]
    if (
        re.match(r"\.\s+(\S+)", after)
        and after.split()[1:2]
        and after.split()[1] not in (*SENTENCE_OPENERS, "")
    ):
        return True
    if re.match(r"(?:st|nd|rd|th)\b", after):
        return True
    before = text[: match.start()].rstrip()
    previous = before.split()[-1] if before.split() else ""
    return bool(
        not match.group("percent")
        and not match.group("currency")
        and not re.fullmatch(r"1[89]\d\d|20\d\d", match.group("digits"))
        and previous[:1].isupper()
        and len(before.split()) > 1
        and previous not in SENTENCE_OPENERS
        and not re.match(r"\s(?:Prozent|Euro|Millionen|Milliarden)", after)
    )


def _amount(match: re.Match, text: str, language: str) -> Fact | None:
    digits, scale = match.group("digits"), match.group("scale") or ""
    suffix, percent = match.group("suffix"), match.group("percent") or ""
    try:
        number = parse_number(digits + (" million" if scale or suffix else ""), language)
    except NumberError:
        return None
    if scale or suffix:
        number /= 1_000_000
    before = text[: match.start()]
    if re.search(r"(?:No\.|Nr\.|Nummer|number|Artikel|Article|Paragraf)\s*$", before):
        return None
    is_year = not (scale or suffix or percent or match.group("currency")) and re.fullmatch(
        r"1[89]\d\d|20\d\d", digits
    )
    if is_year:
        return _year(match, before)
    scale_word = scale or SUFFIX_SCALES.get(suffix or "", "")
    currency = CURRENCY.get(language, CURRENCY["en"]).get((match.group("currency") or "").strip())
    rest = text[match.end() :]
    noun = percent.strip() or currency or _unit_after(rest, language)
    if not noun and re.match(r"\s?-\w", rest):
        return None
    unit = " ".join(part for part in (scale_word, noun) if part)
    span = match.group(0).rstrip()
    value = round(number, 6)
    return Fact(f"amount:{_unit_kind(noun)}", span, match.start(), (value, unit), unit, value)


def _unit_kind(noun: str) -> str:
    return noun.casefold().replace("per cent", "%").replace("percent", "%").replace("prozent", "%")


def _year(match: re.Match, before: str) -> Fact | None:
    """A year counts where the sentence is about a time: "in 2019", "seit 2010", "im Jahr 2012"."""
    opens = not before.strip(" „“\"'»«(")  # "2011 hatte die AKP …": a year opening a sentence
    if not (opens or _TIME_WORDS.search(before) or month_pattern().search(before[-12:])):
        return None
    year = int(match.group("digits"))
    return Fact("year", match.group("digits"), match.start(), year, "", float(year))


def dates(sentence: Sentence) -> list[Fact]:
    """Dates with a day ("7. Juni 2015", "April 6, 2009": kind "date") or a month and year
    ("September 2009": kind "month"), so a date only ever stands in for one of its shape."""
    return [
        Fact(
            "date"
            if re.search(r"\d{1,2}\.\s?\D|\D\s\d{1,2}\b|^\d{1,2}[\s.]", m.group(0))
            else "month",
            m.group(0),
            m.start(),
            m.group(0).casefold(),
        )
        for m in date_pattern().finditer(sentence.reads)
    ]


def names(sentence: Sentence, language: str) -> list[Fact]:
    """People and organisations: names of two or three capitalised words (not opening the
    sentence unless a title or a verb of saying marks them), acronyms, and names with an
    organisation's word ("Party", "Institut")."""
    text = sentence.reads
    found: list[Fact] = []
    for match in _NAME.finditer(text):
        words = match.group(0).split()
        while words and (
            words[0] in NOT_NAMES
            or words[0].islower()
            or words[0].endswith(_ADJECTIVE_ENDINGS)
            or re.fullmatch(_TITLES, words[0].rstrip("."))
            or re.fullmatch(_ROLES, words[0], re.IGNORECASE)
            or (language == "de" and len(words) == 3 and words[0].endswith(_ROLE_ENDINGS))
        ):
            words.pop(0)
        if len(words) < 2 or words[-1] in NOT_NAMES:
            continue
        dropped = len(match.group(0).split()) - len(words)
        start = match.start() + list(re.finditer(r"\S+", match.group(0)))[dropped].start()
        name = text[start : match.end()]  # as it stands, whatever spaces separate its words
        if _ORGANISATION_WORDS.search(name):
            kind = "organisation"
        elif _looks_like_person(text, start, name, language):
            kind = "person"
        else:
            continue  # a place, an event or a title: too many kinds to tell apart by rule
        found.append(Fact(kind, name, start, name))
    for match in _ACRONYM.finditer(text):
        if match.group(0) in LEGAL_FORMS:
            continue
        if not any(f.start <= match.start() < f.end for f in found):
            found.append(Fact("acronym", match.group(0), match.start(), match.group(0)))
    return sorted(found, key=lambda f: f.start)


def _looks_like_person(text: str, start: int, name: str, language: str) -> bool:
    """A title or a role before the name, a role after a comma, a verb of saying around it (an
    age or a clause on who they are may stand between), or a party in brackets after it:
    "deputy governor Anya Williams", "Anna Berg, a guide", "Jay Lynch, who met …, said"."""
    before = text[max(0, start - 40) : start]
    after = text[start + len(name) : start + len(name) + 120]
    return bool(
        re.search(rf"\b(?:{_TITLES}|{_ROLES})\.?,?\s+$", before, re.IGNORECASE)
        # "said Tom Hale, a guide", not "said Mardi Gras had become": the name ends a clause
        or (
            re.search(rf"(?:{_SAYING})\s+(?:\w+\s+){{0,3}}$", before)
            and re.match(r"\s*(?:[,.:;!?(–-]|$)", after)
        )
        or re.match(rf"\s*(?:\([A-ZÄÖÜ][\w /-]*\)|,)?\s*(?:{_SAYING})\b", after)
        or re.match(rf"{_AGE_OR_CLAUSE}\s*(?:{_SAYING})\b", after)
        or re.match(r"\s\([A-ZÄÖÜ]{2,}[^)]*\)", after)
        or re.match(
            rf"\s(?:[\wäöü]+\s){{0,4}}(?:als|as)\s(?:[\w-]+\s){{0,2}}(?:{_ROLES})", after, re.I
        )
        or re.match(
            rf",\s(?!where|who|which|when|wo|der|die|das)(?:a |an |the |ein |eine )?"
            rf"(?:[\w-]+\s){{0,2}}(?:{_ROLES})\b",
            after,
            re.IGNORECASE,
        )
    )


def speech(sentence: Sentence) -> list[Fact]:
    """Words in quotation marks of at least four words: what someone said. A quotation over
    several sentences counts in each: one opening a sentence and not closed in it, or closing it
    and not opened in it."""
    text = sentence.reads
    found = []
    for match in _QUOTED.finditer(text):
        said = next(group for group in match.groups() if group)
        if len(said.split()) >= 4:
            found.append(Fact("speech", said, match.start() + match.group(0).index(said), said))
    if not found and len(text.split()) >= 4:
        opens = text[0] in '„“"»' and not re.search(r"[“”\"«]", text[1:])
        closes = re.search(r"[“”\"«][.!?]?$", text) and not re.search(r"[„“\"»]", text[:-2])
        if opens or closes:
            said = text.strip('„“”"»« ')
            found.append(Fact("speech", said, text.index(said), said))
    reported = _REPORTED.match(text)
    if not found and reported:
        said = reported.group(1)
        found.append(Fact("speech", said, 0, said))
    return found


def speaker(sentence: Sentence, people: list[Fact]) -> Fact | None:
    """The person a sentence names with a verb of saying, if one."""
    text = sentence.reads
    for person in people:
        after = text[person.end : person.end + 120]
        before = text[max(0, person.start - 60) : person.start]
        if re.match(
            rf"(?:[\s,]*(?:\([^)]*\)\s*)?|{_AGE_OR_CLAUSE}\s*)(?:{_SAYING})\b", after
        ) or re.search(rf"(?:{_SAYING})[\s:]+(?:[\w-]+\s+){{0,4}}$", before):
            return person
    for person in people:  # "Jackie Baillie, health spokeswoman for …, said"
        if re.search(rf"\b(?:{_SAYING})\b", text[person.end : person.end + 120]):
            return person
    return None


def speaker_by_surname(sentence: Sentence, named_before: list[Fact]) -> Fact | None:
    """The person named earlier in the article whose surname alone stands with a verb of saying
    here ("Bourget said", "sagte Papandreou"): the speaker, under the full name."""
    text = sentence.reads
    for person in reversed(named_before):
        surname = re.escape(person.text.split()[-1])
        said = re.search(
            rf"\b({surname})\b(?=[\s,]*(?:{_SAYING})\b)|\b(?:sagte|sagt|said|says) ({surname})\b",
            text,
        )
        if said:
            return Fact("person", person.text, said.start(1 if said.group(1) else 2), person.value)
    return None


def lists(sentence: Sentence) -> list[Fact]:
    """Lists of three or more names: "Belize, die Fidschis, Panama, Togo und Vanuatu"."""
    found = []
    for match in _LIST.finditer(sentence.reads):
        items = [
            re.sub(r"^(?:die|der|den|the) ", "", item).strip()
            for item in re.split(r",\s|,?\s(?:and|und|or|oder)\s", match.group(1))
        ]
        items = [re.sub(r"^(?:and|und|or|oder) ", "", item) for item in items]
        items = [item for item in items if item and item not in NOT_NAMES]
        if len(items) >= 3 and len(set(items)) == len(items):
            found.append(Fact("list", match.group(1), match.start(), tuple(items)))
    return found


_NOUN_ENDINGS = ("ung", "heit", "keit", "schaft", "tion", "tät", "nis", "ismus", "ment", "ness")
NOT_PLACES = word_set(
    "Ursprung Zukunft Angaben Ansicht Hinsicht Folge Anfang Ende Mitte Vorfeld Sicht Gefahr Zeit"
    " Kraft Frage Grund Summe Höhe Form Weise Regel Verbindung Zusammenhang Rahmen Stand Zuge"
)
_PLACE = re.compile(
    r"\b(?:in|nach|aus|from|near|to|across)\s+(?:the\s+)?"
    r"([A-ZÄÖÜ][\w’'-]+(?:\s[A-ZÄÖÜ][\w’'-]+)?)"
)


def places(sentence: Sentence) -> list[Fact]:
    """Names after "in", "nach", "aus", "from", "near": "in Belgien", "in L'Aquila"."""
    found = []
    for match in _PLACE.finditer(sentence.reads):
        name = match.group(1)
        if name.split()[0] in NOT_NAMES or month_pattern().fullmatch(name):
            continue
        if name.split()[-1].endswith(_NOUN_ENDINGS) or name in NOT_PLACES:
            continue
        found.append(Fact("place", name, match.start(1), name))
    return found


_TITLE = re.compile(
    r"\b(?:the|der|dem|den|des|das|die|im)\s(?:film|movie|book|novel|song|album|musical|play"
    r"|series|show|magazine|newspaper|Films?|Buch|Buches|Roman|Romans|Lied|Liedes|Album|Serie"
    r"|Musical|Zeitung|Magazin)\s(?:[„“\"»](?P<quoted>[^„“”\"»«]{2,60})[“”\"«]"
    r"|(?P<name>[A-ZÄÖÜ][\w’'-]*(?:\s[A-ZÄÖÜ0-9][\w’'-]*){0,3}))"
)


def titles(sentence: Sentence) -> list[Fact]:
    """The name of a work after the word for what it is: "the film Brokeback Mountain", "der
    Roman „Der Process“": a name the article's words mark, as people are marked by a title."""
    found = []
    for match in _TITLE.finditer(sentence.reads):
        group = "quoted" if match.group("quoted") else "name"
        name = match.group(group)
        if group == "name" and name.split()[0] in NOT_NAMES:
            continue
        found.append(Fact("title", name, match.start(group), name))
    return found


FUNCTION_WORDS = word_set(
    "about also after against among around because been before being between both could"
    " does during each either even every from have having here however into just least like"
    " many more most much must near neither other others over said says since some"
    " such than that their them then there these they this those through told under until"
    " upon very were what when where which while will with within would year years"
    " told added explained warned stated according"
    " aber alle allem allen aller alles als also andere anderen auch dabei damit dann darum"
    " dass dein denn deren dessen diese diesem diesen dieser dieses doch dort durch einem"
    " einen einer eines etwa gegen habe haben hatte hatten hier ihre ihrem ihren ihrer immer"
    " jedoch jetzt kann kein keine können laut mehr nach nicht noch nur oder ohne rund schon"
    " sein seine seinem seinen seiner seit sich sind sollen soll sowie über unter viel viele"
    " vom von vor während wann war waren warum weil wenn werden wird wurde wurden zwischen"
    " sagte sagten sagt erklärte erklärt betonte warnte meinte jahr jahre jahren jahres"
    " prozent percent million millionen milliarden billion"
)
"""Words that say nothing of a sentence's facts: function words, verbs of saying, units."""
