"""Hypothesis strategies for valid packs: a source article, its renderings and questions of every
built-in type, each with every optional field sometimes present.

Everything is built as the pack reader builds it (engine.Question, bank.Pack), so a generated pack
is the pack its own JSON data, YAML folder or stored version must read back to; a generated pack
the app's reader refuses is a finding about the reader or the writer, not about these strategies.
Texts are single-line words of letters (umlauts, accents), digits and the signs the formats
escape (GIFT's ~=#{}:, HTML's <>&, YAML's quotes and colons).
"""

import datetime as dt

from hypothesis import strategies as st

from quizapp.bank import Pack, Paragraph, Rendering, Source
from quizapp.engine import EVERY_LANGUAGE, Question, Quote
from quizapp.engine.model import Choice, MatchItem, Option
from quizapp.engine.numbers import unit_scale

LANGUAGES = ("en", "de")
# Units as teachers write them, one text per language with the same scale in both.
SCALED_UNITS = (
    {"en": "billion US dollars", "de": "Milliarden US-Dollar"},
    {"en": "million people", "de": "Millionen Menschen"},
    {"en": "thousand jobs", "de": "Tausend Arbeitsplätze"},
    {"en": "bn euros", "de": "Mrd. Euro"},
    {"en": "million", "de": "Mio."},
    {"en": "thousand tonnes", "de": "Tsd. Tonnen"},
)
PLAIN_UNITS = (
    {"en": "people", "de": "Menschen"},
    {"en": "%", "de": "%"},
    {"en": "percentage points", "de": "Prozentpunkte"},
    {"en": "km", "de": "km"},
)
LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZäöüÄÖÜßéèçñ"
SIGNS = ".,;:!?'\"()-–%$€£/&<>#=~{}[]*+@“”„"
QUESTION_TYPE_NAMES = (
    "single_choice",
    "multiple_response",
    "true_false",
    "numeric",
    "short_text",
    "matching",
    "ordering",
)

ids = st.from_regex(r"[a-z0-9][a-z0-9_-]{0,11}", fullmatch=True)
slugs = st.from_regex(r"[a-z][a-z0-9-]{2,20}", fullmatch=True)
words = st.text(alphabet=LETTERS + "0123456789", min_size=1, max_size=9) | st.builds(
    "".join, st.lists(st.sampled_from(LETTERS + "0123456789" + SIGNS), min_size=1, max_size=6)
)


def texts(min_words: int = 1, max_words: int = 8) -> st.SearchStrategy[str]:
    """A one-line text: words with single spaces between them, as the reader strips it."""
    return st.lists(words, min_size=min_words, max_size=max_words).map(" ".join)


def local_texts(languages: tuple[str, ...], text=None) -> st.SearchStrategy[dict[str, str]]:
    """One text per language of the pack."""
    return st.fixed_dictionaries({lang: text or texts() for lang in languages})


def distinct_local_texts(languages: tuple[str, ...], count: int) -> st.SearchStrategy[list]:
    """`count` local texts no two of which are alike in a language (matched or ordered by their
    text in a Moodle file)."""
    return st.lists(
        local_texts(languages),
        min_size=count,
        max_size=count,
        unique_by=tuple(lambda t, lang=lang: t[lang].casefold() for lang in languages),
    )


@st.composite
def sources(draw, language: str | None = None) -> Source:
    """An article: paragraphs (some headings and captions), a date and an address or not."""
    count = draw(st.integers(1, 4))
    paragraph_ids = draw(st.lists(ids, min_size=count, max_size=count, unique=True))
    kinds = st.sampled_from(("paragraph", "paragraph", "heading", "caption"))
    paragraphs = tuple(
        Paragraph(paragraph_id, draw(texts(3, 16)), draw(kinds)) for paragraph_id in paragraph_ids
    )
    return Source(
        title=draw(texts()),
        publisher=draw(texts(1, 3)),
        attribution=draw(texts()),
        language=language or draw(st.sampled_from(LANGUAGES)),
        paragraphs=paragraphs,
        date=draw(st.none() | st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31))),
        url=draw(
            st.none()
            | st.from_regex(r"https?://[a-z]{1,10}\.example/[a-z0-9/]{0,12}", fullmatch=True)
        ),
    )


def span_of(draw, text: str) -> str:
    """A run of whole words of `text`: a quote that stands in it verbatim."""
    parts = text.split(" ")
    start = draw(st.integers(0, len(parts) - 1))
    end = draw(st.integers(start + 1, len(parts)))
    return " ".join(parts[start:end])


@st.composite
def renderings(draw, source: Source, languages: tuple[str, ...]) -> dict[str, Rendering]:
    """A translation of every paragraph into some of the pack's languages besides the source's."""
    found = {}
    for language in languages:
        if language != source.language and draw(st.booleans()):
            found[language] = Rendering(
                language=language,
                title=draw(texts()),
                paragraphs={p.id: draw(texts(3, 16)) for p in source.paragraphs},
                note=draw(st.just("") | texts()),
            )
    return found


@st.composite
def quotes(draw, source: Source, rendered: dict[str, Rendering]) -> tuple[Quote, ...]:
    """One to three quotes from the source, each with a translation into some of the languages
    it is rendered in, taken from that rendering's paragraph."""
    found = []
    for _ in range(draw(st.integers(1, 3))):
        paragraph = draw(st.sampled_from(source.paragraphs))
        translation = {
            language: span_of(draw, rendering.paragraphs[paragraph.id])
            for language, rendering in rendered.items()
            if draw(st.booleans())
        }
        found.append(Quote(paragraph.id, span_of(draw, paragraph.text), translation))
    return tuple(found)


def numbers() -> st.SearchStrategy[float]:
    """A number as a teacher writes one: whole, or with one to three decimals, maybe negative."""
    whole = st.integers(-1_000_000, 3_000_000_000).map(float)
    decimal = st.builds(
        lambda value, places: round(value, places),
        st.floats(-100_000, 100_000, allow_nan=False),
        st.integers(1, 3),
    )
    return whole | decimal


def tolerances() -> st.SearchStrategy[float]:
    return st.just(0.0) | st.integers(1, 1000).map(float) | st.sampled_from((0.05, 0.5, 2.5))


@st.composite
def units(draw, languages: tuple[str, ...]) -> dict[str, str] | None:
    """None, a unit with a scale word, or a plain one: the same scale in every language."""
    unit = draw(st.none() | st.sampled_from(SCALED_UNITS + PLAIN_UNITS))
    return {lang: unit[lang] for lang in languages} if unit else None


def type_fields(draw, type_name: str, languages: tuple[str, ...]) -> dict:
    """The Question fields of one type, every optional one sometimes present."""
    return TYPE_FIELDS[type_name](draw, languages)


def _options(draw, languages: tuple[str, ...], single: bool) -> dict:
    count = draw(st.integers(2, 5))
    option_ids = draw(st.lists(ids, min_size=count, max_size=count, unique=True))
    right = (
        {draw(st.sampled_from(option_ids))}
        if single
        else set(draw(st.lists(st.sampled_from(option_ids), min_size=1, unique=True)))
    )
    options = []
    for option_id, text in zip(
        option_ids, draw(distinct_local_texts(languages, count)), strict=True
    ):
        correct = option_id in right
        feedback = draw(
            local_texts(languages) if not correct else st.none() | local_texts(languages)
        )
        options.append(Option(option_id, text, correct, feedback))
    return {"options": tuple(options)}


def _true_false(draw, languages: tuple[str, ...]) -> dict:
    return {"answer": draw(st.booleans()), "feedback": draw(local_texts(languages))}


def _numeric(draw, languages: tuple[str, ...]) -> dict:
    unit = draw(units(languages))
    scale = unit_scale(unit[languages[0]], languages[0])[0] if unit else 1
    alternatives = draw(st.lists(st.tuples(numbers(), tolerances()), max_size=2))
    return {
        "answer": draw(numbers()),
        "tolerance": draw(tolerances()),
        "unit": unit,
        "scale": scale,
        "alternatives": tuple(alternatives),
    }


def _short_text(draw, languages: tuple[str, ...]) -> dict:
    answers = st.lists(texts(1, 3), min_size=1, max_size=3, unique_by=str.casefold).map(tuple)
    keys = draw(
        st.lists(st.sampled_from((*languages, EVERY_LANGUAGE)), min_size=1, unique=True).filter(
            lambda chosen: EVERY_LANGUAGE in chosen or set(languages) <= set(chosen)
        )
    )
    return {"accepted": {key: draw(answers) for key in keys}, "slips": draw(st.integers(0, 2))}


def _matching(draw, languages: tuple[str, ...]) -> dict:
    choice_count = draw(st.integers(2, 4))
    choice_ids = draw(st.lists(ids, min_size=choice_count, max_size=choice_count, unique=True))
    choices = tuple(
        Choice(choice_id, text)
        for choice_id, text in zip(
            choice_ids, draw(distinct_local_texts(languages, choice_count)), strict=True
        )
    )
    item_count = draw(st.integers(2, 4))
    item_ids = draw(st.lists(ids, min_size=item_count, max_size=item_count, unique=True))
    items = tuple(
        MatchItem(item_id, text, draw(st.sampled_from(choice_ids)))
        for item_id, text in zip(
            item_ids, draw(distinct_local_texts(languages, item_count)), strict=True
        )
    )
    return {"items": items, "choices": choices}


def _ordering(draw, languages: tuple[str, ...]) -> dict:
    count = draw(st.integers(3, 8))
    item_ids = draw(st.lists(ids, min_size=count, max_size=count, unique=True))
    texts_ = draw(distinct_local_texts(languages, count))
    return {"sequence": tuple(Choice(i, t) for i, t in zip(item_ids, texts_, strict=True))}


TYPE_FIELDS = {
    "single_choice": lambda draw, languages: _options(draw, languages, single=True),
    "multiple_response": lambda draw, languages: _options(draw, languages, single=False),
    "true_false": _true_false,
    "numeric": _numeric,
    "short_text": _short_text,
    "matching": _matching,
    "ordering": _ordering,
}


@st.composite
def questions(
    draw,
    type_name: str,
    question_id: str,
    languages: tuple[str, ...],
    source: Source,
    rendered: dict[str, Rendering],
) -> Question:
    """One valid question of `type_name` grounded in `source`."""
    fields = {
        "feedback": draw(st.none() | local_texts(languages)),
        **type_fields(draw, type_name, languages),
    }
    return Question(
        id=question_id,
        type=type_name,
        prompt=draw(local_texts(languages)),
        explanation=draw(local_texts(languages)),
        quotes=draw(quotes(source, rendered)),
        points=draw(st.sampled_from((1.0, 2.0, 0.5)) | st.integers(1, 20).map(lambda n: n / 4)),
        **fields,
    )


pack_languages = st.sampled_from((("en", "de"), ("de", "en"), ("en",), ("de",)))


@st.composite
def packs(draw, types: tuple[str, ...] = QUESTION_TYPE_NAMES, languages=None) -> Pack:
    """A valid pack in one or both languages with one to four questions of `types`."""
    languages = draw(pack_languages) if languages is None else languages
    source = draw(sources())
    rendered = draw(renderings(source, languages))
    count = draw(st.integers(1, 4))
    question_ids = draw(st.lists(ids, min_size=count, max_size=count, unique=True))
    built = tuple(
        draw(questions(draw(st.sampled_from(types)), question_id, languages, source, rendered))
        for question_id in question_ids
    )
    return Pack(
        id=draw(slugs),
        path=None,
        title=draw(local_texts(languages)),
        languages=languages,
        declared_languages=languages,
        source=source,
        questions=built,
        renderings=rendered,
    )
