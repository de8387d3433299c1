"""Numbers read as learners type them in English and German."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.engine import (
    MAX_ANSWER_LENGTH,
    AmbiguousNumber,
    AnswerTooLong,
    EmptyResponse,
    ResponseError,
    UnreadableNumber,
    example_for,
    format_quantity,
    parse_number,
    read_quantity,
    unit_scale,
)

BILLION = 1_000_000_000
MILLION = 1_000_000


@pytest.mark.parametrize(
    "text,expected",
    [
        ("9.2 million", 9_200_000),
        ("9,200,000", 9_200_000),
        ("9.2m", 9_200_000),
        ("9.2 M", 9_200_000),
        ("9 million", 9_000_000),
        ("9.2", 9.2),
        ("1,000", 1000),
        ("2019", 2019),
        ("-3.5", -3.5),
        ("9 200 000", 9_200_000),
        ("9.200.000", 9_200_000),  # grouping with dots is unambiguous even in English
        ("1,234.5", 1234.5),
        ("3 thousand", 3000),
        ("2bn", 2_000_000_000),
    ],
)
def test_english(text, expected):
    assert parse_number(text, "en") == pytest.approx(expected)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("9,2", 9.2),
        ("9.200.000", 9_200_000),
        ("9,2 Mio.", 9_200_000),
        ("9,2 Mio", 9_200_000),
        ("9 Millionen", 9_000_000),
        ("1 Million", 1_000_000),
        ("9,2 Millionen", 9_200_000),
        ("1.000", 1000),
        ("1.234,5", 1234.5),
        ("2 Mrd.", 2_000_000_000),
        ("9\u00a0200\u00a0000", 9_200_000),
        ("−4,5", -4.5),
    ],
)
def test_german(text, expected):
    assert parse_number(text, "de") == pytest.approx(expected)


@pytest.mark.parametrize("text,locale", [("9,2", "en"), ("9.2", "de"), ("9,20", "en")])
def test_a_lone_group_mark_without_three_digits_is_ambiguous(text, locale):
    with pytest.raises(AmbiguousNumber):
        parse_number(text, locale)


@pytest.mark.parametrize(
    "text", ["nine", "9..2", "9,2,", "9.2.3,4,5", "9,2 apples", "1,00,000", "9 2", "--9", "9e5x"]
)
def test_unreadable(text):
    with pytest.raises(UnreadableNumber):
        parse_number(text, "en")


def test_empty():
    with pytest.raises(EmptyResponse):
        parse_number("  ", "de")


def test_an_unknown_locale_reads_like_english():
    assert parse_number("9.2 million", "xx") == pytest.approx(9_200_000)


def test_a_scale_word_after_a_lone_mark_with_fewer_than_three_digits_makes_it_a_decimal():
    assert parse_number("9.2 million", "de") == pytest.approx(9_200_000)
    assert parse_number("9,2 million", "en") == pytest.approx(9_200_000)
    assert parse_number("1.13bn", "de") == pytest.approx(1_130_000_000)


@pytest.mark.parametrize("reader", [parse_number, read_quantity])
@pytest.mark.parametrize("text", ["9" * 400, "9" * (MAX_ANSWER_LENGTH + 1), "about " * 20])
def test_absurdly_long_input_is_refused_unread(reader, text):
    with pytest.raises(AnswerTooLong) as error:
        reader(text, "en")
    assert error.value.limit == MAX_ANSWER_LENGTH


def test_the_longest_input_read_is_finite():
    assert read_quantity("9" * MAX_ANSWER_LENGTH, "de", scale=BILLION) == pytest.approx(1e51)


# --- The unit's scale ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "unit,locale,expected",
    [
        ("billion US dollars", "en", (BILLION, ("US", "dollars"))),
        ("Milliarden US-Dollar", "de", (BILLION, ("US-Dollar",))),
        ("million people", "en", (MILLION, ("people",))),
        ("Millionen Menschen", "de", (MILLION, ("Menschen",))),
        ("Mio. Einwohner", "de", (MILLION, ("Einwohner",))),
        ("thousand tonnes", "en", (1000, ("tonnes",))),
        ("%", "en", (1, ("%",))),
        ("Prozent", "de", (1, ("Prozent",))),
        ("m", "en", (1, ("m",))),  # metres, not millions
        ("", "de", (1, ())),
    ],
)
def test_unit_scale(unit, locale, expected):
    assert unit_scale(unit, locale) == expected


ANSWER_IN_BILLIONS = {
    "en": [
        "1.13",
        "1.13bn",
        "1.13 bn",
        "$1.13 billion",
        "$1.13bn",
        "1,130,000,000",
        "1,130 million",
        "USD 1.13 billion",
        "1.13 billion US dollars",
        "about $1.13 billion",
    ],
    "de": [
        "1,13",
        "1,13 Mrd.",
        "1,13 Milliarden",
        "1,13 Milliarden US-Dollar",
        "1,13 Mrd. $",
        "1.130.000.000",
        "1.130 Mio. US-Dollar",
        "1.13bn",
        "$1.13 billion",
        "rund 1,13 Milliarden Dollar",
    ],
}


@pytest.mark.parametrize(
    "locale,text",
    [(locale, text) for locale, texts in ANSWER_IN_BILLIONS.items() for text in texts],
)
def test_an_answer_in_the_units_scale(locale, text):
    unit = {"en": "billion US dollars", "de": "Milliarden US-Dollar"}[locale]
    scale, words = unit_scale(unit, locale)
    assert read_quantity(text, locale, unit_words=words, scale=scale) == 1.13


@pytest.mark.parametrize(
    "locale,text,expected",
    [
        ("en", "9.2", 9.2),
        ("en", "9,200,000", 9.2),
        ("en", "9.2 million", 9.2),
        ("en", "nine million", 9),
        ("en", "nine", 9),
        ("en", "500 thousand", 0.5),
        ("de", "9,2", 9.2),
        ("de", "9.200.000", 9.2),
        ("de", "9,2 Mio.", 9.2),
        ("de", "neun Millionen Menschen", 9),
        ("de", "neun", 9),
        ("de", "500 Tsd.", 0.5),
    ],
)
def test_a_bare_number_is_in_the_units_scale_and_a_written_scale_is_applied(locale, text, expected):
    assert read_quantity(text, locale, scale=MILLION) == pytest.approx(expected)


# --- Around the number ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "locale,text",
    [
        ("en", "76%"),
        ("en", "76 %"),
        ("en", "76 percent"),
        ("en", "76 per cent"),
        ("en", "about 76%"),
        ("en", "seventy-six percent"),
        ("de", "76 %"),
        ("de", "76%"),
        ("de", "76 Prozent"),
        ("de", "76 v. H."),
        ("de", "etwa 76 Prozent"),
        ("de", "sechsundsiebzig Prozent"),
    ],
)
def test_percent_signs_and_words(locale, text):
    assert read_quantity(text, locale, unit_words=["%"]) == 76


@pytest.mark.parametrize(
    "locale,text",
    [
        ("en", "$5"),
        ("en", "€5"),
        ("en", "£5"),
        ("en", "5 USD"),
        ("en", "EUR 5"),
        ("en", "5 dollars"),
        ("en", "5 US dollars"),
        ("en", "5 euros"),
        ("de", "5 €"),
        ("de", "5 Euro"),
        ("de", "5 US-Dollar"),
        ("de", "USD 5"),
        ("de", "5 $"),
        ("de", "5 Pfund"),
    ],
)
def test_currency_symbols_codes_and_words(locale, text):
    assert read_quantity(text, locale) == 5


APPROXIMATIONS = {
    "en": ["about", "around", "roughly", "approximately", "over", "more than", "nearly", "almost"],
    "de": ["ungefähr", "etwa", "rund", "circa", "ca.", "über", "mehr als", "knapp", "fast"],
}


@pytest.mark.parametrize(
    "locale,word", [(locale, word) for locale, words in APPROXIMATIONS.items() for word in words]
)
def test_approximations_before_the_number(locale, word):
    million = {"en": "million", "de": "Millionen"}[locale]
    assert read_quantity(f"{word} 9 {million}", locale) == 9_000_000
    assert read_quantity(f"{word.capitalize()} 76 %", locale) == 76


@pytest.mark.parametrize(
    "locale,text,unit_words",
    [
        ("en", "9200000 people", ["people"]),
        ("en", "9.2 million people", ["people"]),
        ("en", "9,200,000 people", ()),  # a word the reader does not know is let pass
        ("de", "9.200.000 Menschen", ["Menschen"]),
        ("de", "9,2 Millionen Einwohner", ["Einwohner"]),
        ("de", "9,2 Mio. Menschen", ()),
    ],
)
def test_the_questions_unit_words(locale, text, unit_words):
    assert read_quantity(text, locale, unit_words=unit_words) == pytest.approx(9_200_000)


def test_a_unit_word_that_looks_like_a_scale_word_is_the_unit():
    assert read_quantity("9.2 m", "en", unit_words=["m"]) == 9.2
    assert read_quantity("9.2m", "en") == 9_200_000


# --- Number words --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "locale,text,expected",
    [
        ("en", "nine", 9),
        ("en", "twenty", 20),
        ("en", "seventy-six", 76),
        ("en", "one hundred and twenty", 120),
        ("en", "a hundred", 100),
        ("en", "a thousand", 1000),
        ("en", "one million", 1_000_000),
        ("en", "a million", 1_000_000),
        ("en", "nine million", 9_000_000),
        ("en", "two billion", 2 * BILLION),
        ("en", "minus three", -3),
        ("en", "a little over nine million", 9_000_000),
        ("en", "half a million", 500_000),
        ("en", "two thousand nineteen", 2019),
        ("en", "about nine million people", 9_000_000),
        ("de", "neun", 9),
        ("de", "zwanzig", 20),
        ("de", "sechsundsiebzig", 76),
        ("de", "zweihundertfünfzig", 250),
        ("de", "hundertzwanzig", 120),
        ("de", "tausend", 1000),
        ("de", "eine Million", 1_000_000),
        ("de", "neun Millionen", 9_000_000),
        ("de", "zwei Milliarden", 2 * BILLION),
        ("de", "minus drei", -3),
        ("de", "gut neun Millionen", 9_000_000),
        ("de", "eine halbe Million", 500_000),
        ("de", "zweitausendneunzehn", 2019),
        ("de", "vierhundertvierundsechzigtausend", 464_000),
        ("de", "nine million", 9_000_000),  # the article's English, typed in the German quiz
    ],
)
def test_number_words(locale, text, expected):
    assert read_quantity(text, locale) == expected


# --- A number inside a short phrase --------------------------------------------------------------


@pytest.mark.parametrize(
    "locale,text,expected",
    [
        ("en", "November 2019", 2019),
        ("en", "in November 2019", 2019),
        ("en", "Nov. 2019", 2019),
        ("en", "2019.", 2019),
        ("en", "about 9 million", 9_000_000),
        ("en", "9200000 people", 9_200_000),
        ("en", "464k", 464_000),
        ("en", "~9 million", 9_000_000),
        ("en", "3 thousand", 3000),
        ("en", "-3.5", -3.5),
        ("en", "minus 3.5", -3.5),
        ("de", "im Februar 2022", 2022),
        ("de", "November 2019", 2019),
        ("de", "im März 2022", 2022),
        ("de", "464 Tsd.", 464_000),
        ("de", "~ 9,2 Mio.", 9_200_000),
        ("de", "3 Tausend", 3000),
        ("de", "9 200 000", 9_200_000),
        ("de", "9.2 million", 9_200_000),  # a lone '.' and one digit before a scale word: a decimal
        ("de", "9,2 million", 9_200_000),
        ("de", "9,2 Millionen", 9_200_000),
        ("de", "−3,5", -3.5),
    ],
)
def test_a_single_number_in_a_short_phrase(locale, text, expected):
    assert read_quantity(text, locale) == pytest.approx(expected)


@pytest.mark.parametrize(
    "locale,text,reason",
    [
        ("en", "2019 or 2020", "several_numbers"),
        ("en", "9 2", "several_numbers"),
        ("en", "nine or ten", "several_numbers"),
        ("en", "one and a half million", "several_numbers"),  # never silently 1 or 1,000,000
        ("en", "about half", "no_number"),
        ("en", "1 November 2019", "several_numbers"),
        ("en", "it was about nine million people who live there", "too_many_words"),
        ("en", "many", "no_number"),
        ("en", "not 9 million", "no_number"),
        ("en", "inf", "no_number"),
        ("en", "nan", "no_number"),
        ("de", "2019 oder 2020", "several_numbers"),
        ("de", "zwischen 9 und 10 Millionen", "several_numbers"),
        ("de", "ich glaube das waren sicher so neun Millionen Leute", "too_many_words"),
        ("de", "viele", "no_number"),
        ("de", "nicht 9 Millionen", "no_number"),
    ],
)
def test_what_stays_unreadable(locale, text, reason):
    with pytest.raises(UnreadableNumber) as error:
        read_quantity(text, locale)
    assert error.value.reason == reason
    assert error.value.text == text


@pytest.mark.parametrize(
    "locale,text,readings",
    [("en", "9,2", (9.2, 92)), ("de", "9.2", (9.2, 92)), ("de", "1.13", (1.13, 113))],
)
def test_ambiguous_numbers_carry_both_readings(locale, text, readings):
    with pytest.raises(AmbiguousNumber) as error:
        read_quantity(text, locale, scale=BILLION)
    assert error.value.readings == pytest.approx(readings)


@pytest.mark.parametrize("locale", ["en", "de"])
def test_empty_quantity(locale):
    with pytest.raises(EmptyResponse):
        read_quantity(" \u00a0 ", locale)


@pytest.mark.parametrize(
    "locale,unit,example",
    [("en", "billion US dollars", "2.46"), ("de", "Milliarden US-Dollar", "2,46")],
)
def test_a_number_error_carries_the_questions_unit_and_example(locale, unit, example):
    with pytest.raises(UnreadableNumber) as error:
        read_quantity("lots", locale, unit=unit, example=example_for(1.13, locale, unit=unit))
    assert (error.value.unit, error.value.example) == (unit, example)


@settings(max_examples=300, deadline=None, database=None)
@given(text=st.text(max_size=MAX_ANSWER_LENGTH + 5), locale=st.sampled_from(["en", "de"]))
def test_any_text_gives_a_finite_number_or_a_response_error(text, locale):
    try:
        value = read_quantity(text, locale, scale=BILLION)
    except ResponseError:
        return
    assert math.isfinite(value)


@settings(max_examples=200, deadline=None, database=None)
@given(
    digits=st.text("9,.", min_size=1, max_size=MAX_ANSWER_LENGTH),
    locale=st.sampled_from(["en", "de"]),
)
def test_long_runs_of_nines_never_overflow(digits, locale):
    for reader in (parse_number, read_quantity):
        try:
            value = reader(digits + " Mrd.", locale)
        except ResponseError:
            continue
        assert math.isfinite(value)


# --- Examples and the answer shown back ----------------------------------------------------------


@pytest.mark.parametrize(
    "answer,unit,locale,expected",
    [
        (1.13, "billion US dollars", "en", "2.46"),
        (1.13, "Milliarden US-Dollar", "de", "2,46"),
        (76, "%", "en", "24%"),
        (76, "%", "de", "24 %"),
        (76, "Prozent", "de", "24 %"),
        (2019, "", "en", "1990"),
        (2019, "", "de", "1990"),
        (1990, "", "de", "2005"),
        (9_200_000, "", "en", "2,400,000"),
        (9_200_000, "", "de", "2.400.000"),
        (2.5, "", "en", "7.5"),  # 2.4 would be too close to the answer
        (-3.5, "", "de", "-2,4"),
    ],
)
def test_example_for(answer, unit, locale, expected):
    assert example_for(answer, locale, unit=unit).replace("\u00a0", " ") == expected


@pytest.mark.parametrize("locale", ["en", "de"])
@pytest.mark.parametrize(
    "answer,unit,tolerance",
    [
        (1.13, "", 0.0),
        (76, "%", 5),
        (2019, "", 0),
        (2019, "", 20),
        (9_200_000, "", 300_000),
        (0, "", 0),
        (0.05, "", 0.01),
    ],
)
def test_an_example_reads_back_and_gives_nothing_away(locale, answer, unit, tolerance):
    example = example_for(answer, locale, unit=unit, tolerance=tolerance)
    assert abs(read_quantity(example, locale) - answer) > tolerance


@pytest.mark.parametrize(
    "value,unit,locale,expected",
    [
        (1.13, "billion US dollars", "en", "1.13 billion US dollars"),
        (1.13, "Milliarden US-Dollar", "de", "1,13 Milliarden US-Dollar"),
        (76, "%", "en", "76%"),
        (76.5, "%", "de", "76,5 %"),
        (2019, "", "en", "2019"),
        (2019, "", "de", "2019"),
        (9_200_000, "", "en", "9,200,000"),
        (9_200_000, "Menschen", "de", "9.200.000 Menschen"),
    ],
)
def test_format_quantity_shows_the_answer_in_the_units_scale(value, unit, locale, expected):
    assert format_quantity(value, locale, unit=unit).replace("\u00a0", " ") == expected


@pytest.mark.parametrize("locale,typed", [("en", "$1.13 billion"), ("de", "1,13 Mrd.")])
def test_read_then_shown_back(locale, typed):
    unit = {"en": "billion US dollars", "de": "Milliarden US-Dollar"}[locale]
    scale, words = unit_scale(unit, locale)
    value = read_quantity(typed, locale, unit_words=words, scale=scale)
    assert (
        format_quantity(value, locale, unit=unit)
        == {"en": "1.13 billion US dollars", "de": "1,13 Milliarden US-Dollar"}[locale]
    )
