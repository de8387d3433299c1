"""A sentence with an amount or a year rewritten as a teacher's question, by rule, where its shape
is clear: the number with its counted noun as the subject ("About 9.2 million people live in the
region." → "About how many million people live in the region?"), a share opening the sentence
("36 percent of voters …" → "What percentage of voters …?"), or a year after "in" in a clause
whose verb can be put first ("A bridge was finished in 2010." → "In which year was a bridge
finished?"), and in German an amount after the verb of a main clause ("Die HDP erreichte 13
Prozent." → "Wie viel Prozent erreichte die HDP?"). Anything else stays a gap (numeric.py)."""

import re
from dataclasses import dataclass

from .article import Read
from .facts import NOT_NAMES, Fact
from .text import word_set


@dataclass(frozen=True)
class Words:
    """The words a language's questions are made of."""

    how_many: str  # "How many", before a counted noun
    about: str  # "About how many", where the sentence gives a round number
    at_least: str  # "At least how many", where it gives a lower bound
    share: str  # "What percentage of", before the whole a share is of
    of_whole: str  # "How many of", before "the 535 seats"
    which_year: str  # "In which year"
    round_words: re.Pattern[str]  # "About", "Rund": the number is round
    least_words: re.Pattern[str]  # "At least": the number is a lower bound
    bound_words: re.Pattern[str]  # "Over", "Mehr als": a bound a question does not repeat
    share_after: re.Pattern[str]  # what joins a percentage to its whole: "of", "der"
    of_after: re.Pattern[str]  # what joins a count to its whole: "of the", "der"
    year_before: re.Pattern[str]  # "in", "im Jahr": a year asked with "In which year"
    articles: frozenset[str]  # a subject's opening word written in lower case mid-question
    auxiliaries: frozenset[str]  # English verbs put before the subject in a question


WORDS = {
    "en": Words(
        "How many",
        "About how many",
        "At least how many",
        "What percentage of",
        "How many of",
        "In which year",
        re.compile(r"(?:about|around|roughly|approximately|some|an estimated)\s", re.I),
        re.compile(r"at least\s", re.I),
        re.compile(
            r"(?:over|more than|fewer than|less than|up to|almost|nearly|as many as)\s", re.I
        ),
        re.compile(r"\sof\s"),
        re.compile(r"\sof\s(?=the\s\d)"),
        re.compile(r"\b[Ii]n\s$"),
        word_set("The A An This These That Those Its Their His Her Our"),
        word_set("was were is are has have had will would could can"),
    ),
    "de": Words(
        "Wie viele",
        "Wie viele",
        "Mindestens wie viele",
        "Wie viel Prozent",
        "Wie viele",
        "In welchem Jahr",
        re.compile(r"(?:rund|etwa|circa|ca\.|ungefähr|schätzungsweise)\s", re.I),
        re.compile(r"mindestens\s", re.I),
        re.compile(r"(?:über|mehr als|weniger als|bis zu|knapp|fast)\s", re.I),
        re.compile(r"\s(?=(?:der|des|aller)\s)"),
        re.compile(r"\s(?=(?:der|von den)\s\d)"),
        re.compile(r"\b(?:[Ii]m Jahre?|[Ii]n)\s$"),
        word_set("Der Die Das Ein Eine Einen Dem Den Des"),
        frozenset(),
    ),
}
_CLAUSE_END = re.compile(
    r"(?:,\s(?:and|but|while|whereas|with|said|says|und|aber|während|doch|sondern|wobei|sagte|sagt"
    r"|sagten|erklärte|so)\b|;|\s[–—]\s"
    r"|\s(?:and|und)\s(?=(?:\w+\s){0,2}(?:say|says|said|sagen|sagt|sagte|sagten)\b)|[.!?]$)"
)
"""Where the clause a question is made of ends: before ", and", ", said", ";", a dash, "and
officials say", or at the full stop."""


def numeric_question(read: Read, fact: Fact, language: str) -> str | None:
    """The sentence as a question asking for the fact, where its shape allows; else None."""
    words = WORDS.get(language)
    if words is None or read.antecedent:
        return None
    if any(said.start <= fact.start < said.end for said in read.speech):
        return None  # a number in someone's words is asked as they said it
    if fact.kind == "year":
        return _year_question(read, fact, words, language)
    return (
        _count_question(read, fact, words)
        or _share_question(read, fact, words)
        or (_german_object_question(read, fact, words) if language == "de" else None)
    )


def _clause(text: str) -> str:
    """The first clause of what follows a fact: up to ", and", ";" or the full stop."""
    end = _CLAUSE_END.search(text)
    return (text[: end.start()] if end else text).rstrip(" ,")


def _count_question(read: Read, fact: Fact, words: Words) -> str | None:
    """ "About 9.2 million people live in the region." → "About how many million people live in
    the region?": the number opens the sentence or a clause after a comma, its counted noun the
    subject ("According to the agencies, at least 1500 people have been injured.")."""
    text, before = read.sentence.reads, read.sentence.reads[read.dateline : fact.start]
    noun = fact.unit.split()[-1] if fact.unit else ""
    rest = text[fact.end :]
    if not noun or fact.kind.endswith("%") or not rest.startswith(f" {noun} ") or fact.number == 1:
        return None
    if any(symbol in fact.text for symbol in "$€£"):
        return None
    lead = re.search(r"(?:^|,\s)(?P<bound>(?:\w+\s){0,3})$", before)
    bound = lead.group("bound") if lead else ""
    askings = (
        (words.round_words, words.about),
        (words.least_words, words.at_least),
        (words.bound_words, words.how_many),
    )
    asking = next((ask for pattern, ask in askings if pattern.fullmatch(bound)), None)
    if lead is None or (bound and asking is None):
        return None
    asking = asking or words.how_many
    opening = before[: lead.start("bound")]
    if opening:
        asking = asking[0].lower() + asking[1:]
    return (
        f"{opening}{asking} {fact.unit}{_clause(_before_next_figure(read, fact)[len(noun) + 1 :])}?"
    )


def _before_next_figure(read: Read, fact: Fact) -> str:
    """What follows a fact, up to the comma before the sentence's next figure: "145 Abgeordnete
    stimmten mit Nein, zwei Abgeordnete blieben fern." asks "Wie viele Abgeordnete stimmten mit
    Nein?" (the clause after would show the other figure)."""
    rest = read.sentence.reads[fact.end :]
    later = [a.start - fact.end for a in read.amounts if a.start > fact.end]
    comma = rest.rfind(", ", 0, min(later)) if later else -1
    return rest[:comma] + "." if comma > 0 else rest


def _share_question(read: Read, fact: Fact, words: Words) -> str | None:
    """ "36 percent of voters backed her." → "What percentage of voters backed her?"; "312 of the
    535 seats went to …" → "How many of the 535 seats went to …?": a share opening the sentence."""
    text = read.sentence.reads
    if text[read.dateline : fact.start].strip():
        return None
    rest = text[fact.end :]
    if fact.kind.endswith("%"):
        joined = words.share_after.match(rest)
        asking = words.share
    else:
        joined = words.of_after.match(rest)
        asking = words.of_whole
    if not joined:
        return None
    return f"{asking} {_clause(rest[joined.end() :])}?"


def _year_question(read: Read, fact: Fact, words: Words, language: str) -> str | None:
    """ "A new bridge was finished in 2010." → "In which year was a new bridge finished?";
    "2011 hatte die AKP 49,8 Prozent." → "In welchem Jahr hatte die AKP 49,8 Prozent?"."""
    text = read.sentence.reads[read.dateline :]
    start, end = fact.start - read.dateline, fact.end - read.dateline
    lead = words.year_before.search(text[:start])
    if text[:start].strip() == "" or lead and lead.start() == 0:
        opening, head = True, ""
    elif lead and "," not in text[: lead.start()]:
        opening, head = False, text[: lead.start()].rstrip()
    else:
        return None
    tail = _clause(text[end:].lstrip(" ,"))
    names = {word for name in read.blankable for word in name.text.split()}
    if opening:
        first = tail.split(" ", 1)
        if language == "de" and first[0].islower():
            return f"{words.which_year} {tail}?"
        return _inverted(tail, words, names) if language == "en" else None
    return _inverted(f"{head} {tail}".strip(), words, names, german=language == "de")


def _inverted(clause: str, words: Words, names: set[str], german: bool = False) -> str | None:
    """A main clause with its finite verb put first: "a new bridge was finished" → "In which year
    was a new bridge finished?"; German "Die Kommission hat Sri Lanka verwarnt" → "In welchem Jahr
    hat die Kommission Sri Lanka verwarnt?". None where the verb is not clear, or the subject
    opens with neither an article nor (in German) a name the sentence states."""
    tokens = clause.split()
    for number, token in enumerate(tokens[:7]):
        is_verb = token.islower() and number > 0 if german else token in words.auxiliaries
        if is_verb:
            subject, rest = tokens[:number], tokens[number + 1 :]
            break
    else:
        return None
    if not subject or any(t.endswith(",") for t in subject):
        return None
    if german and any(t.islower() for t in subject):
        return None
    opening = subject[0][:1].upper() + subject[0][1:]
    if opening not in words.articles and (opening in NOT_NAMES or german and opening not in names):
        return None  # "Damals hat …", "It was …": no subject the question could name
    if subject[0] in words.articles:
        subject[0] = subject[0].lower()
    return f"{words.which_year} {' '.join([token, *subject, *rest])}?"


MEASURES = word_set("Prozent Prozentpunkte Euro US-Dollar Dollar Pfund Franken")
"""German units asked with "Wie viel" (an amount), not "Wie viele" (a count)."""
PREPOSITIONS = word_set("auf mit von um bei über unter")


def _german_object_question(read: Read, fact: Fact, words: Words) -> str | None:
    """A German main clause with the amount after its verb: "Die HDP erreichte jetzt 13 Prozent."
    → "Wie viel Prozent erreichte die HDP jetzt?"; "Der Eintritt kostet 10.000 Euro im Jahr." →
    "Wie viel Euro kostet der Eintritt im Jahr?"; "Ulbig kam nur auf 15,4 Prozent." → "Auf wie
    viel Prozent kam Ulbig nur?". German puts its verb second, so the question word takes the
    place of what opened the clause (an article's noun, a name, a year), which follows the verb.
    None where that, the verb or the unit is not clear."""
    text = read.sentence.reads
    tokens = text[read.dateline : fact.start].split()
    names = {word for name in read.blankable for word in name.text.split()}
    verb = next(
        (
            n
            for n, t in enumerate(tokens)
            if t.islower() and n > 0 and tokens[n - 1] not in words.articles  # "Ein zweites"
        ),
        None,
    )
    if verb is None or not fact.unit or any(t[-1:] in ",;:–" for t in tokens):
        return None
    fronted, between = tokens[:verb], tokens[verb + 1 :]
    if fronted[0] not in words.articles and fronted[0] not in names:
        return None
    if len(fronted) > 4 or any(
        t in ("dass", "weil", "wenn", "als", "und", "oder", "sowie") or re.search(r"\d", t)
        for t in between
    ):  # a subordinate clause, or the second of two figures ("die 6.000 Teilnehmer und 120 …")
        return None
    bounds = (words.round_words, words.bound_words)
    between = [t for t in between if not any(b.fullmatch(t + " ") for b in bounds)]
    if between and between[-1].capitalize() in words.articles:  # "bejubelte die 6.000 …"
        between.pop()
    preposition = between.pop() if between and between[-1] in PREPOSITIONS else ""
    unit_words = fact.unit.split()
    if not text[fact.end :].startswith(f" {unit_words[-1]}") and not fact.kind.endswith("%"):
        return None
    after_unit = text[fact.end :]
    if not fact.kind.endswith("%"):
        after_unit = after_unit[len(unit_words[-1]) + 1 :]
    if after_unit.lstrip().startswith("("):  # a conversion: "10 Kilometern (6,2 Meilen) Tiefe"
        return None
    rest = _clause(re.split(r"[,;:–](?!\d)|\s(?:und|oder|sowie)\s", after_unit)[0]).strip()
    genitive = re.match(r"(?:der|des)\s\w+", rest)
    attached, rest = (genitive.group(0), rest[genitive.end() :].strip()) if genitive else ("", rest)
    many = "Wie viel" if unit_words[-1] in MEASURES and len(unit_words) == 1 else "Wie viele"
    asking = f"{preposition.capitalize()} {many.lower()}" if preposition else many
    fronted[0] = fronted[0].lower() if fronted[0] in words.articles else fronted[0]
    parts = [asking, fact.unit, attached, tokens[verb], *fronted, *between, rest]
    return " ".join(part for part in parts if part) + "?"
