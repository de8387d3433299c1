"""An article read for drafting: its body sentences with the facts each states, and what every
draft shares (its type, prompt, answer fields, quotes, the facts it blanks and its score)."""

import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from ...terminal import catalog_translations
from . import facts as found
from .facts import Fact
from .text import Sentence, sentences_of, word_set

QUOTATION_MARKS = {"de": ("„", "“")}
SAID_WORDS = 20  # a longer quotation is cut in a "who said this" prompt
DRAFTS_PER_SENTENCE = 2  # drafts one sentence grounds at most (drafts_for)


@dataclass
class Read:
    """One sentence with its facts, by kind."""

    sentence: Sentence
    amounts: list[Fact]
    years: list[Fact]
    dates: list[Fact]
    people: list[Fact]
    organisations: list[Fact]
    speech: list[Fact]
    lists: list[Fact]
    places: list[Fact] = field(default_factory=list)
    titles: list[Fact] = field(default_factory=list)  # of works: "the film Brokeback Mountain"
    speaker: Fact | None = None
    predicate: "Predicate | None" = None  # what it says of its facts
    dateline: int = 0  # where a dateline ("Bremen (Deutschland), 11.10.2014 – ") ends
    antecedent: str = ""  # who an opening pronoun means: "Sie" -> "Eva-Maria Stange"

    @property
    def shown(self) -> str:
        """The sentence as drafts show it: as it reads, without its dateline."""
        return self.shown_until(len(self.sentence.reads))

    def shown_until(self, end: int) -> str:
        """The sentence as drafts show it, up to offset `end` of the sentence as it reads: no
        dateline, and who an opening pronoun means in brackets ("Sie (Eva-Maria Stange) …")."""
        text = self.sentence.reads
        if not self.antecedent:
            return text[self.dateline : end]
        pronoun = len(text.split()[0])
        return f"{text[:pronoun]} ({self.antecedent}){text[pronoun:end]}"

    @property
    def blankable(self) -> list[Fact]:
        """The facts a cloze or a swap may take, in the sentence's order."""
        return sorted(
            [*self.amounts, *self.years, *self.dates, *self.people, *self.organisations],
            key=lambda fact: fact.start,
        )

    @property
    def swappable(self) -> list[Fact]:
        """The facts a swap may take: not an amount its conversion follows in brackets ("10
        kilometres (6.2 miles)"), which would give the swap away."""
        text = self.sentence.reads
        return [
            fact
            for fact in self.blankable
            if not (fact.kind.startswith("amount") and CONVERSION.match(text, fact.end))
        ]


CONVERSION = re.compile(r"(?:\s[^\W\d]+)?\s\(\s*[\d.,]+\s")


@dataclass
class Article:
    """The body of a pack's source, read sentence by sentence in its language."""

    language: str
    reads: list[Read]
    by_kind: dict[str, list[tuple[Read, Fact]]] = field(default_factory=dict)

    def say(self, message: str, **values: Any) -> str:
        """A drafting message in the article's language (the app's catalogs)."""
        translated = catalog_translations(self.language).gettext(message)
        return translated % values if values else translated

    def quoted(self, text: str) -> str:
        """`text` in the article language's quotation marks."""
        opening, closing = QUOTATION_MARKS.get(self.language, ("“", "”"))
        return f"{opening}{text}{closing}"

    def said(self, read: "Read") -> str:
        """The longest words a sentence quotes, in quotation marks, cut after about 20 words."""
        words = max(read.speech, key=lambda fact: len(fact.text)).text.strip(" ,").split()
        shown = " ".join(words[:SAID_WORDS]) + (" …" if len(words) > SAID_WORDS else "")
        return self.quoted(shown)

    def others(self, fact: Fact, read: Read) -> list[Fact]:
        """Facts of the same kind elsewhere in the article, none of the same value, none from the
        fact's own sentence and none another sentence says the same of (which would be true by
        the text too), one per value."""
        seen = {fact.value}
        own = {f.value for f in read.blankable}
        others = []
        for other_read, other in self.by_kind.get(fact.kind, []):
            if other_read is read or other.value in seen or other.value in own:
                continue
            if any(same_entity(other.text, mine.text) for mine in read.blankable):
                continue
            seen.add(other.value)
            if self.true_elsewhere(other, read) or within_bound(fact, other, read):
                continue
            if other.kind == "person" and other.text.split()[-1] in read.sentence.reads:
                continue  # "Peres met with Shimon Peres"
            others.append(other)
        return others

    def true_elsewhere(self, fact: Fact, read: Read) -> bool:
        """Whether another sentence pairs the fact (or its text) with the predicate of `read`:
        "Wikinews has interviewed Sam Brownback" makes "Shimon Peres" no wrong answer for
        "Wikinews published an interview with ___", as it published one with him too."""
        for other_read in self.reads:
            if other_read is read or not (
                fact.text in other_read.sentence.reads
                or any(f.value == fact.value for f in other_read.blankable)
            ):
                continue
            if (
                read.predicate
                and other_read.predicate
                and read.predicate.same_as(other_read.predicate)
            ):
                return True
        return False


LOWER_BOUND = re.compile(r"(?:over|more than|at least|über|mehr als|mindestens)\s+$", re.I)
UPPER_BOUND = re.compile(
    r"(?:under|less than|fewer than|at most|up to|unter|weniger als|höchstens|bis zu)\s+$", re.I
)


def within_bound(fact: Fact, other: Fact, read: Read) -> bool:
    """Whether another amount would make the sentence true too: "over 800 staff" holds of 181
    staff as well, "less than 10" of 5."""
    if not fact.kind.startswith("amount") or not other.kind.startswith("amount"):
        return False
    before = read.sentence.reads[: fact.start]
    if LOWER_BOUND.search(before):
        return other.number <= fact.number
    if UPPER_BOUND.search(before):
        return other.number >= fact.number
    return False


def read_article(source: dict) -> Article:
    """The source's body paragraphs (no headings or captions) read into sentences and facts."""
    language = source.get("language") or "en"
    reads = []
    for paragraph in source.get("paragraphs", []):
        if paragraph.get("kind") in ("heading", "caption") or not paragraph.get("id"):
            continue
        start = len(reads)
        for sentence in sentences_of(paragraph["id"], paragraph.get("text", ""), language, start):
            reads.append(_read(sentence, language))
    for number, read in enumerate(reads):
        before = [r for r in reads[max(0, number - 3) : number] if _same_paragraph(r, read)]
        named = _antecedent(read, before[::-1])
        read.antecedent = named.text if named else ""
        if read.speech and read.speaker is None:
            read.speaker = _speaker_before(read, before[-1:], named)
        if read.speech and read.speaker is None:
            named_before = [p for earlier in reads[:number] for p in earlier.people]
            read.speaker = found.speaker_by_surname(read.sentence, named_before)
    if language == "de":
        _one_kind_per_counted_noun(reads)
    article = Article(language, reads)
    kinds: dict[str, list[tuple[Read, Fact]]] = defaultdict(list)
    for read in reads:
        for fact in [*read.blankable, *read.places]:
            kinds[fact.kind].append((read, fact))
    article.by_kind = dict(kinds)
    return article


def _one_kind_per_counted_noun(reads: list[Read]) -> None:
    """German amounts of one counted noun under one kind, whatever its case ending or the
    compound it heads: "153 Parlamentsabgeordneten", "145 Abgeordnete" and "zwei Abgeordnete"
    are all members of parliament, so each is a distractor for the others, and "zwei Schläge"
    and "zwei Schlägen" one fact."""
    nouns = {a.kind.removeprefix("amount:").removesuffix("n") for r in reads for a in r.amounts}
    heads = sorted((n for n in nouns if len(n) >= COUNTED_NOUN), key=len)
    for read in reads:
        amounts = []
        for amount in read.amounts:
            noun = amount.kind.removeprefix("amount:").removesuffix("n")
            head = next((h for h in heads if noun.endswith(h)), None)
            if noun.startswith(OTHER_MEASURES):  # "Quadratkilometer" is no "Kilometer"
                head = None
            kind = f"amount:{head}"
            amounts.append(
                replace(amount, kind=kind, value=(amount.number, kind)) if head else amount
            )
        read.amounts = amounts


COUNTED_NOUN = 5  # letters a counted noun needs to head a German compound ("Abgeordnete")
OTHER_MEASURES = ("quadrat", "kubik")  # compounds that measure something else than their head


def _same_paragraph(one: Read, other: Read) -> bool:
    return one.sentence.paragraph == other.sentence.paragraph


def _antecedent(read: Read, before: list[Read]) -> Fact | None:
    """Whom an opening personal pronoun means: the person (for "Sie" and "They" else the
    organisation) last named in the paragraph's three sentences before, the nearest first."""
    opening = read.sentence.reads.split()[0] if read.sentence.words else ""
    if opening not in PERSONAL_PRONOUNS or read.dateline:
        return None
    for earlier in before:
        named = (
            earlier.people
            if opening in SINGULAR_PRONOUNS
            else earlier.people or (earlier.organisations)
        )
        if named:
            return named[0]
    return None


def _speaker_before(read: Read, previous: list[Read], named: Fact | None) -> Fact | None:
    """Who says the words of a sentence that names no speaker: the person its opening pronoun
    means ("She further said: …"), or, for a sentence that is all quotation, the speaker of the
    sentence before (a quotation that runs on)."""
    if named is not None and named.kind == "person":
        return named
    opens_quoted = read.sentence.reads[:1] in ("„", "“", '"', "»")
    return previous[0].speaker if opens_quoted and previous else None


def _read(sentence: Sentence, language: str) -> Read:
    dateline = found.dateline_end(sentence)
    amounts = [f for f in found.amounts(sentence, language) if f.start >= dateline]
    names = [f for f in found.names(sentence, language) if f.start >= dateline]
    dates = [f for f in found.dates(sentence) if f.start >= dateline]
    taken = [(d.start, d.end) for d in dates]
    numbers = [a for a in amounts if not any(s <= a.start < e for s, e in taken)]
    people = [n for n in names if n.kind == "person"]
    read = Read(
        sentence,
        amounts=[a for a in numbers if a.kind != "year"],
        years=[a for a in numbers if a.kind == "year"],
        dates=dates,
        people=people,
        organisations=[n for n in names if n.kind in ("organisation", "acronym")],
        speech=found.speech(sentence),
        lists=found.lists(sentence),
        places=[
            p for p in found.places(sentence) if not any(n.start <= p.start < n.end for n in names)
        ],
    )
    read.titles = found.titles(sentence)
    read.speaker = found.speaker(sentence, people)
    read.dateline = dateline
    read.predicate = predicate(read)
    return read


STEM = 6  # letters two words share to count as one: "interview" and "interviewed"
SHARED_STEMS = 2  # stems two sentences share to state the same of their facts


@dataclass(frozen=True)
class Predicate:
    """What a sentence says of its facts: the stems of its content words, and of those the ones
    written in lower case (verbs, adjectives, and in English the common nouns)."""

    stems: frozenset[str] = frozenset()
    lower: frozenset[str] = frozenset()

    def same_as(self, other: "Predicate") -> bool:
        """Two content stems in common, one of them written in lower case: a shared name or
        place ("Dresden", "Kandidat") is what the article is about, not what it says of a fact."""
        shared = self.stems & other.stems
        return len(shared) >= SHARED_STEMS and bool(shared & (self.lower | other.lower))


def predicate(read: Read) -> Predicate:
    """The sentence's content words but its facts, their units, its dateline, asides in brackets,
    function words and verbs of saying, each cut to its first six letters (a lemma-free stem)."""
    text = read.sentence.reads
    facts = [*read.blankable, *read.places]
    units = {word.casefold() for fact in facts for word in fact.unit.split()}
    for fact in sorted(facts, key=lambda f: -f.start):
        text = text[: fact.start] + " " + text[fact.end :]
    words = [
        word
        for word in re.findall(r"[^\W\d_][\w-]*", re.sub(r"\([^)]*\)", " ", text[read.dateline :]))
        if len(word) > 3 and word.casefold() not in found.FUNCTION_WORDS | units
    ]
    return Predicate(
        frozenset(w.casefold()[:STEM] for w in words),
        frozenset(w[:STEM] for w in words if w.islower()),
    )


def same_entity(one: str, other: str) -> bool:
    """Whether one name is the other's acronym: "NHS" and "National Health Service"."""
    short, long = sorted((one, other), key=len)
    if not short.isupper() or " " in short:
        return False
    initials = "".join(w[0] for w in long.split() if w[:1].isupper())
    return initials.casefold() == short.casefold()


@dataclass
class Draft:
    """A drafted question: its type, prompt and answer fields in the article's language, the
    sentences it quotes (one for one fact), the facts it blanks, and a score to rank by."""

    type: str
    prompt: str
    fields: dict[str, Any]
    quotes: list[Sentence]
    facts: frozenset
    score: float
    explanation: str
    feedback: str = ""
    alone: bool = False  # offered only where no other draft comes from its sentence
    # rebuilt, when ranked, around the facts blanked and the drafts per sentence before it
    refit: "Callable[[set, Counter], Draft | None] | None" = None
    shown_whole: tuple[int, ...] = ()  # sentences it shows as they stand: no other draft's
    figure: str = ""  # the figure a numeric draft asks, as the article writes it
    clauses: tuple[tuple[int, str], ...] = ()  # clauses it shows of sentences: (index, text)

    def question(self, language: str) -> dict[str, Any]:
        """The draft in the pack's JSON shape, its texts in `language` (the article's)."""
        question: dict[str, Any] = {
            "type": self.type,
            "prompt": {language: self.prompt},
            **self.fields,
            "explanation": {language: self.explanation},
            "quotes": [{"paragraph": q.paragraph, "text": q.text} for q in self.quotes],
        }
        if self.feedback:
            question["feedback"] = {language: self.feedback}
        return question


def cloze(read: Read, fact: Fact, gap: str = "___") -> str:
    """The sentence as it reads with the fact's words replaced by a gap."""
    return read.shown_until(fact.start) + gap + read.sentence.reads[fact.end :]


def fact_key(fact: Fact, read: Read) -> tuple:
    """What makes two blanks the same fact: the same amount, year or date anywhere in the
    article, or the same name in the same sentence."""
    if fact.kind.startswith("amount") or fact.kind in ("year", "date", "month"):
        return (fact.kind, fact.value)
    return (fact.kind, fact.value, read.sentence.index)


def sentence_score(read: Read) -> float:
    """Sentences of 8 to 35 words early in the article make the best questions."""
    words = read.sentence.words
    fit = 1.0 if 8 <= words <= 35 else 0.7 if words <= 50 else 0.4
    first = read.sentence.reads.split()[0] if words else ""
    if first in PRONOUNS and not read.antecedent:  # who "Sie" is, is in another sentence
        fit *= 0.6
    return fit * (1.0 - min(read.sentence.index, 40) / 200)


PRONOUNS = word_set("Sie Er Es Ihr Ihre Sein Seine Dies Diese It He She They This These Its")
PERSONAL_PRONOUNS = word_set("Sie Er He She They")
SINGULAR_PRONOUNS = word_set("Er He She")  # a person; "Sie" may also be a party


_CLAUSE_WORDS = (
    r"and|but|after|while|which|who|that|when|because|und|aber|nachdem|während|weil|dass|wobei"
    r"|sondern|wie"
)
_CLAUSE_BEFORE = re.compile(rf"(?:[,;:](?=\s)|[–—()\"“”„»«]|\s[-–—]\s|\b(?:{_CLAUSE_WORDS})\s)")
_CLAUSE_AFTER = re.compile(
    rf"(?:[,;:](?=\s)|[–—()\"“”„»«]|\s[-–—]\s|[.!?]$|\s(?:{_CLAUSE_WORDS})\b)"
)
CLAUSE_WORDS = 10  # words kept on either side of a fact in the clause that describes it


def clause_around(read: Read, fact: Fact, gap: str = "___") -> str:
    """The clause that holds a fact, the fact replaced by a gap, at most ten words either side:
    "At least ___ people have been killed" from "At least 400 people have been killed and …";
    a clause opening the sentence shows whom its pronoun means ("Sie (AKP) war mit ___ …")."""
    text = read.sentence.reads
    start = read.dateline
    for match in _CLAUSE_BEFORE.finditer(text, start, fact.start):
        start = match.end()
    after = _CLAUSE_AFTER.search(text, fact.end)
    end = after.start() if after else len(text)
    opening = read.shown_until(fact.start) if start == read.dateline else text[start : fact.start]
    before_words = opening.split()
    after_words = text[fact.end : end].split()
    cut = len(after_words) > CLAUSE_WORDS
    before = ("… " if len(before_words) > CLAUSE_WORDS else "") + " ".join(
        before_words[-CLAUSE_WORDS:]
    )
    rest = " ".join(after_words[:CLAUSE_WORDS]) + (" …" if cut else "")
    tight = text[fact.end : fact.end + 1] not in (" ", "")  # "___%" keeps its sign close
    return f"{before} {gap}{'' if tight else ' '}{rest}".strip()


CLAUSE_CUTS = re.compile(r"[,;]\s|\s[–—-]\s|—|\s(?:and|und|but|aber)\s")
MAIN_CLAUSE_CUTS = re.compile(r";\s|\s[–—]\s|,\s(?:and|und|but|aber|while|während|doch)\s")


def cut_at_clause(text: str, keep: int = 0, words: int = 20, cuts: re.Pattern = CLAUSE_CUTS) -> str:
    """A long statement cut after the clause that holds offset `keep` (a comma, a semicolon, a
    dash or "and" after its eighth word), as ordering cuts long events; a short one as it stands.
    With `MAIN_CLAUSE_CUTS` only where a main clause ends, so a subject keeps its predicate."""
    if len(text.split()) <= words:
        return text
    for match in cuts.finditer(text):
        if match.start() >= keep and len(text[: match.start()].split()) >= 8:
            return text[: match.start()] + " …"
    return text
