"""Numbers read as learners type them in English and German."""

import pytest

from quizapp.engine import AmbiguousNumber, EmptyResponse, UnreadableNumber, parse_number


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
