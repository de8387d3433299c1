"""Matching drafts: the people the article quotes to what they said; where a sentence or a
paragraph gives several names each with a figure of one unit, the names to their figures; and
where the article gives three or more figures that count different things, each figure to what
it counts (its clause with the figure gapped)."""

from collections import defaultdict
from functools import partial

from ...engine.types.base import row_id
from ...engine.types.base import translate_later as _l
from ...engine.types.matching import Matching
from .article import Article, Draft, Read, clause_around, fact_key, sentence_score
from .facts import Fact
from .questions import numeric_question

MAX_PAIRS = 5
MIN_FIGURES = 3
MIN_CLAUSE_WORDS = 3  # "___ children" says too little of what a figure counts
FIGURES_WEIGHT = 0.7


def matching_drafts(article: Article) -> list[Draft]:
    drafts = [_who_said_what(article)]
    drafts += [_figures(article, pairs) for pairs in _named_figures(article).values()]
    drafts.append(figures_to_what_they_count(article))
    return [d for d in drafts if d is not None]


def _pairs_draft(
    article: Article, prompt: str, pairs: list[tuple[Read, str, str]], keys: set, weight: float
) -> Draft:
    language = article.language
    items, choices, taken = [], [], set()
    for _read, item, choice in pairs:
        choice_id = row_id("c", choice, taken)
        items.append({"id": row_id("i", item, taken), "text": {language: item}, "match": choice_id})
        choices.append({"id": choice_id, "text": {language: choice}})
    quotes = list(dict.fromkeys(read.sentence for read, _item, _choice in pairs))
    explanation = " ".join(article.quoted(q.reads) for q in quotes)
    return Draft(
        Matching.name,
        prompt,
        {"items": items, "choices": sorted(choices, key=lambda c: c["text"][language])},
        quotes,
        frozenset(keys),
        weight * max(sentence_score(read) for read, _i, _c in pairs),
        article.say(_l("The article says: %(quote)s"), quote=explanation),
    )


def _who_said_what(article: Article) -> Draft | None:
    """Each quoted person (once) matched to the first thing the article quotes them saying."""
    said: dict[str, tuple[Read, Fact]] = {}
    for read in article.reads:
        if read.speaker and read.speech and read.speaker.value not in said:
            said[read.speaker.value] = (read, max(read.speech, key=lambda fact: len(fact.text)))
    if len(said) < 2:
        return None
    chosen = list(said.items())[:MAX_PAIRS]
    pairs = [(read, article.said(read), person) for person, (read, _words) in chosen]
    keys = {("speaker", person) for person, _said in chosen}
    keys |= {("speech", words.value) for _p, (_r, words) in chosen}
    keys |= {fact_key(read.speaker, read) for _p, (read, _w) in chosen if read.speaker}
    prompt = article.say(_l("Who said what? Match each statement to the person who made it."))
    return _pairs_draft(article, prompt, pairs, keys, 1.0)


def _named_figures(article: Article) -> dict[tuple, list[tuple[Read, Fact, Fact]]]:
    """(paragraph, unit) -> names each followed within a few words by a figure of that unit."""
    found: dict[tuple, list[tuple[Read, Fact, Fact]]] = defaultdict(list)
    previous: Read | None = None
    for read in article.reads:
        names = [*read.people, *read.organisations]
        # a figure of another year ("2011 hatte die AKP … 49,8 Prozent") is not matched with
        # this year's figures
        for amount in [] if read.years else read.amounts:
            before = [n for n in names if n.end <= amount.start and amount.start - n.end < 100]
            if not before:  # "Sie erhielt 36 Prozent.": the one the sentence before named
                before = _named_before(read, previous)
            people = [n for n in before if n.kind == "person"]
            if before:  # the nearest person before the figure, else the nearest organisation
                named = max(people or before, key=lambda n: n.start)
                found[(read.sentence.paragraph, amount.kind)].append((read, named, amount))
        previous = read
    return {
        key: pairs
        for key, pairs in found.items()
        if len({name.value for _r, name, _a in pairs}) == len(pairs) >= 3
        and len({amount.value for _r, _n, amount in pairs}) == len(pairs)
    }


def _named_before(read: Read, previous: Read | None) -> list[Fact]:
    """The first person (else organisation) the sentence before names, when this one opens with
    a pronoun ("Sie", "He") in the same paragraph."""
    opening = read.sentence.reads.split()[0] if read.sentence.words else ""
    if previous is None or previous.sentence.paragraph != read.sentence.paragraph:
        return []
    if opening not in ("Sie", "Er", "She", "He", "It", "They"):
        return []
    named = previous.people or previous.organisations
    return named[:1]


def _figures(article: Article, pairs: list[tuple[Read, Fact, Fact]]) -> Draft:
    chosen = pairs[:MAX_PAIRS]
    keys = {fact_key(amount, read) for read, _name, amount in chosen}
    prompt = article.say(_l("Match each to its figure in the article."))
    return _pairs_draft(
        article,
        prompt,
        [(read, name.text, amount.text) for read, name, amount in chosen],
        keys,
        0.9,
    )


def figures_to_what_they_count(
    article: Article, covered: frozenset | set = frozenset(), _per_sentence: object = None
) -> Draft | None:
    """Each figure matched to what it counts, described by its own clause with the figure gapped
    ("At least ___ people have been killed" to "400"): three to five figures of different units
    and values that no draft chosen before blanks (`covered`), none whose clause shows a name
    such a draft asks, shown in article order. The
    figures a numeric draft asks worst are taken (a sentence's second figure, whose gap would
    show the first), and others only to make up three, those no question is made of first;
    one figure at least is left to the numeric drafts."""
    candidates = sorted(
        (_figure_rank(article, read, amount), number, amount.start, read, amount)
        for number, read in enumerate(article.reads)
        for amount in read.amounts
        if fact_key(amount, read) not in covered
    )
    chosen: list[tuple[int, Read, Fact, str]] = []
    for rank, number, _start, read, amount in candidates:
        if rank and len(chosen) >= MIN_FIGURES:
            break  # a figure a numeric draft asks well only to make up three
        described = clause_around(read, amount)
        if shows_an_answer(read, described, covered):
            continue
        if len(described.split()) < MIN_CLAUSE_WORDS or any(
            amount.kind == other.kind
            or amount.number == other.number
            or amount.text in other_described
            or other.text in described
            for _n, _r, other, other_described in chosen
        ):
            continue
        chosen.append((number, read, amount, described))
    left = {amount.value for *_rest, amount in candidates} - {c[2].value for c in chosen}
    chosen = chosen[: min(MAX_PAIRS, len(chosen) - (not left))]
    if len(chosen) < MIN_FIGURES:
        return None
    chosen.sort(key=lambda c: (c[0], c[2].start))
    prompt = article.say(_l("Match each gap to the figure the article gives there."))
    draft = _pairs_draft(
        article,
        prompt,
        [(read, described, amount.text) for _n, read, amount, described in chosen],
        {fact_key(amount, read) for _n, read, amount, _d in chosen},
        FIGURES_WEIGHT,
    )
    draft.refit = partial(figures_to_what_they_count, article)
    draft.clauses = tuple((read.sentence.index, described) for _n, read, _a, described in chosen)
    return draft


def shows_an_answer(read: Read, described: str, covered: frozenset | set) -> bool:
    """Whether a figure's clause shows a name of its sentence that a draft chosen before asks
    ("where President Luis Abinader declared ___ eastern provinces" beside "where President
    ___ declared three eastern provinces")."""
    names = [*read.people, *read.organisations]
    return any(name.text in described and fact_key(name, read) in covered for name in names)


def _figure_rank(article: Article, read: Read, amount: Fact) -> int:
    """How well a numeric draft asks the figure: 0 a sentence's second figure (its gap would
    show the first), 1 a figure asked by a gap, 2 one a question is made of."""
    if read.amounts[0] is not amount:
        return 0
    return 1 if numeric_question(read, amount, article.language) is None else 2
