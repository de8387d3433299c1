"""Reading numbers as learners type them, in their own language's conventions.

Decimal and group symbols and the words for thousand, million and billion come from the Unicode CLDR
data that Babel ships, so a new language needs no code here.
"""

import re
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.numbers import format_compact_decimal, get_decimal_symbol

from .errors import AmbiguousNumber, EmptyResponse, UnreadableNumber

_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "−": "-", "’": "'"})
_SHAPE = re.compile(r"([+-]?)\s*(\d[\d.,' ]*)\s*([^\d\s.,'][^\d]*)?")
_MAGNITUDES = (1_000, 1_000_000, 1_000_000_000)


def _safe_locale(locale: str) -> str:
    try:
        Locale.parse(locale)
    except (UnknownLocaleError, ValueError, TypeError):
        return "en"
    return locale


@cache
def scale_words(locale: str) -> dict[str, int]:
    """Words and abbreviations for 10³, 10⁶ and 10⁹ in `locale` (and in English), case-folded."""
    words: dict[str, int] = {}
    for lang in dict.fromkeys(("en", _safe_locale(locale))):
        for magnitude in _MAGNITUDES:
            for count in (1, 2):
                for form in ("short", "long"):
                    text = format_compact_decimal(count * magnitude, format_type=form, locale=lang)
                    word = re.sub(r"[\d\s.,]+", " ", text.translate(_SPACES)).strip()
                    if word:
                        words[_fold_word(word)] = magnitude
    words.update({"mn": 1_000_000, "bn": 1_000_000_000, "millions": 1_000_000})
    return words


def _fold_word(word: str) -> str:
    return word.casefold().strip().rstrip(".")


def _read_groups(integer: str, group: str) -> str:
    parts = integer.split(group)
    if not parts[0] or len(parts[0]) > 3 or any(len(p) != 3 for p in parts[1:]):
        raise UnreadableNumber(integer)
    return "".join(parts)


def parse_number(text: str, locale: str = "en") -> float:
    """The number a learner means by `text`, read in `locale`'s conventions.

    English: "9.2 million", "9,200,000", "9.2m". German: "9,2", "9.200.000", "9,2 Mio.", "9 Millionen".
    A lone group symbol followed by other than three digits ("9,2" in English) is ambiguous.
    """
    cleaned = text.translate(_SPACES).strip()
    if not cleaned:
        raise EmptyResponse(text)
    match = _SHAPE.fullmatch(cleaned)
    if not match:
        raise UnreadableNumber(text)
    sign, digits, word = match.groups()
    multiplier = 1
    if word:
        multiplier = scale_words(locale).get(_fold_word(word), 0)
        if not multiplier:
            raise UnreadableNumber(text)
    digits = re.sub(r"(?<=\d)[ '](?=\d{3}\b)", "_", digits.strip())
    if " " in digits or "'" in digits:
        raise UnreadableNumber(text)
    decimal = get_decimal_symbol(_safe_locale(locale))
    decimal = decimal if decimal in ".," else "."
    value = _read_digits(digits.replace("_", ""), decimal, text)
    return (-value if sign == "-" else value) * multiplier


def _read_digits(digits: str, decimal: str, text: str) -> float:
    group = "," if decimal == "." else "."
    seen = [c for c in digits if c in ".,"]
    if not seen:
        return float(digits)
    if digits[-1] in ".,":
        raise UnreadableNumber(text)
    if "." in seen and "," in seen:
        # Both symbols: the last one written is the decimal mark, whatever the language.
        decimal_mark = seen[-1]
        if seen.count(decimal_mark) > 1:
            raise UnreadableNumber(text)
        other = "," if decimal_mark == "." else "."
        integer, fraction = digits.split(decimal_mark)
        return float(f"{_read_groups(integer, other)}.{fraction}")
    symbol = seen[0]
    if len(seen) > 1:
        return float(_read_groups(digits, symbol))
    integer, fraction = digits.split(symbol)
    if symbol == decimal:
        return float(f"{integer}.{fraction}")
    if len(fraction) == 3:
        return float(_read_groups(digits, group))
    raise AmbiguousNumber(text)


NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "ein": 1, "eine": 1, "zwei": 2, "drei": 3,
    "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11,
    "zwölf": 12,
}  # fmt: skip
_SCALES = r"million|millions|billion|bn|thousand|Millionen|Million|Milliarden|Mio\.?|Mrd\.?|Tausend"
_UNIT = r"(?:\s?(?:%|percent|Prozent))?"
WRITTEN_NUMBER = re.compile(
    r"(?<![\w.,])(?:[$€£]\s?)?(?:\d[\d.,]*\d|\d)(?:\s?(?:" + _SCALES + r"))?" + _UNIT
    + r"|\b(?:" + "|".join(NUMBER_WORDS) + r")\s+(?:" + _SCALES + r")\b",
    re.IGNORECASE,
)  # fmt: skip


def read_written_number(text: str, locale: str = "en") -> float | None:
    """The value of a number as an article writes it ("nine million", "1,000", "76%", "$1.13bn"),
    read in `locale`'s conventions; None when it is no number."""
    core = re.sub(r"[$€£%]|percent|Prozent", "", text, flags=re.IGNORECASE).strip()
    words = core.split()
    if words and words[0].casefold() in NUMBER_WORDS:
        core = " ".join([str(NUMBER_WORDS[words[0].casefold()]), *words[1:]])
    try:
        return parse_number(core, locale)
    except (UnreadableNumber, AmbiguousNumber, EmptyResponse, ValueError):
        return None
