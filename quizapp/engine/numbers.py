"""Reading numbers as learners type them, in their own language's conventions.

Two readers. `parse_number` reads a number alone ("9,2 Mio.", "9,200,000"). `read_quantity` reads
the answer to a numeric question as learners write it: a single number inside a short phrase, with
percent, currency and the question's unit words around it, approximations before it ("about",
"rund"), number words ("nine million", "zweihundertfünfzig") and the question's scale (the unit
"billion US dollars" gives the answer 1.13 for 1.13 × 10⁹).

Decimal and group symbols, the words for thousand, million and billion and the month names come
from the Unicode CLDR data that Babel ships; number words are read by text2num.
"""

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import get_month_names
from babel.numbers import (
    format_compact_decimal,
    format_decimal,
    format_percent,
    get_decimal_symbol,
)
from text_to_num import text2num

from .errors import AmbiguousNumber, AnswerTooLong, EmptyResponse, UnreadableNumber

MAX_ANSWER_LENGTH = 60
"""Longer typed numbers are refused unread (AnswerTooLong): no answer needs more."""

MAX_OTHER_WORDS = 2
"""Words around the number that mean nothing to the reader ("people", "it was") that are let pass."""

_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "−": "-", "’": "'"})
_SHAPE = re.compile(r"([+-]?)\s*(\d[\d.,' ]*)\s*([^\d\s.,'][^\d]*)?")
_MAGNITUDES = (1_000, 1_000_000, 1_000_000_000)


def _safe_locale(locale: str) -> str:
    try:
        Locale.parse(locale)
    except (UnknownLocaleError, ValueError, TypeError):
        return "en"
    return locale


def _language(locale: str) -> str:
    return Locale.parse(_safe_locale(locale)).language


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


def _check_length(text: str) -> None:
    if len(text) > MAX_ANSWER_LENGTH:
        raise AnswerTooLong(len(text), MAX_ANSWER_LENGTH)


def parse_number(text: str, locale: str = "en") -> float:
    """The number a learner means by `text`, read in `locale`'s conventions.

    English: "9.2 million", "9,200,000", "9.2m". German: "9,2", "9.200.000", "9,2 Mio.", "9 Millionen".
    A lone group symbol followed by other than three digits ("9,2" in English) is ambiguous, unless a
    scale word follows ("9.2 million" in German, "9,2 million" in English: nobody groups there).
    Raises AnswerTooLong beyond MAX_ANSWER_LENGTH characters; never returns inf or nan.
    """
    _check_length(text)
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
    value = _read_digits(digits.strip(), locale, text, before_scale_word=bool(word))
    return _finite((-value if sign == "-" else value) * multiplier, text)


def finite_float(text: str | float) -> float:
    """A number written the machine's way ("4.5", "-1e3") as a float; ValueError for anything
    else, "inf" and "nan" too: no pack or file may hold a number that is not finite."""
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"not a finite number: {text!r}")
    return value


def _finite(value: float, text: str) -> float:
    if not math.isfinite(value):
        raise UnreadableNumber(text)
    return value


def _read_digits(digits: str, locale: str, text: str, *, before_scale_word: bool = False) -> float:
    """The value of a run of digits with group and decimal symbols, e.g. "9.200.000" or "1,5"."""
    digits = re.sub(r"(?<=\d)[ '](?=\d{3}\b)", "_", digits)
    if " " in digits or "'" in digits:
        raise UnreadableNumber(text)
    digits = digits.replace("_", "")
    decimal = get_decimal_symbol(_safe_locale(locale))
    decimal = decimal if decimal in ".," else "."
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
    if symbol == decimal or (before_scale_word and len(fraction) < 3):
        return float(f"{integer}.{fraction}")
    if len(fraction) == 3:
        return float(_read_groups(digits, group))
    raise AmbiguousNumber(
        text, readings=(float(f"{integer}.{fraction}"), float(integer + fraction))
    )


# --- The words around a number -------------------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Phrases of several words are removed before the text is split into words.
_PHRASES = (
    # approximations
    "a little over",
    "a little more than",
    "a little under",
    "a bit over",
    "a bit more than",
    "just over",
    "just under",
    "slightly over",
    "slightly more than",
    "well over",
    "more than",
    "less than",
    "fewer than",
    "up to",
    "at least",
    "at most",
    "close to",
    "an estimated",
    "etwas mehr als",
    "etwas über",
    "knapp über",
    "knapp unter",
    "gut über",
    "mehr als",
    "weniger als",
    "bis zu",
    "an die",
    # percent
    "per cent",
    "percentage points",
    "percentage point",
    "vom hundert",
    "v. h.",
    "v.h.",
    # currency
    "u.s. dollars",
    "u.s. dollar",
    "u.s.",
    "us dollars",
    "us dollar",
)
_APPROXIMATIONS = _words(
    "about around roughly approximately approx circa ca c over nearly almost some under below above"
    " just only estimated exactly ungefähr etwa rund zirka cirka über knapp fast beinahe nahezu"
    " annähernd gut mindestens höchstens unter genau schätzungsweise ~ ≈ < > ±"
)
_PERCENT = _words("% percent pct prozent vh prozentpunkte prozentpunkt pp")
_CURRENCY = _words(
    "$ € £ ¥ us usd eur gbp chf dollar dollars us-dollar us-dollars euro euros pound pounds pfund"
    " franken"
)
_FILLER = _words(
    "a an the in of on since by year it was is im am der die das den des seit von jahr es war"
)
_NEGATIONS = _words("not no never nicht kein keine nie")
_ARTICLES_FOR_ONE = {
    "a": "one",
    "an": "one",
    "one": "one",
    "eine": "ein",
    "einer": "ein",
    "ein": "ein",
}
_AND = frozenset(("and", "und"))
_MORE_SCALES = {
    "tsd": 1_000,
    "thousands": 1_000,
    "tausende": 1_000,
    "mill": 1_000_000,
    "billions": 1_000_000_000,
    "trillion": 1_000_000_000_000,
    "trillions": 1_000_000_000_000,
    "billionen": 1_000_000_000_000,  # German: 10¹²; "billion" is read as the English word
}
_NUMBER_LANGUAGES = ("en", "de")
_HALF = re.compile(  # "half a million", "eine halbe Million": 0.5 before the scale word
    r"(?<![^\W\d_])(?:half an?|half|eine halbe|ein halbes|einer halben|halbe|halben)\s+(?=[^\W\d_])"
)

_TOKEN = re.compile(
    r"""
    (?P<num>\d+(?:(?:[.,']|\s(?=\d{3}(?!\d)))\d+)*)
    | (?P<word>[^\W\d_]+(?:[-'][^\W\d_]+)*\.?)
    | (?P<sign>[+-])
    | (?P<symbol>[$€£¥%~≈<>±])
    | (?P<skip>[\s.,;:!?()"…])
    | (?P<other>.)
    """,
    re.VERBOSE,
)


@cache
def _phrases() -> re.Pattern[str]:
    alternatives = "|".join(re.escape(p) for p in sorted(_PHRASES, key=len, reverse=True))
    return re.compile(rf"(?<![^\W\d_])(?:{alternatives})(?![^\W\d_])")


@cache
def _months(locale: str) -> frozenset[str]:
    names = set()
    for lang in dict.fromkeys(("en", "de", _safe_locale(locale))):
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                names.update(_fold_word(m) for m in get_month_names(width, context, lang).values())
    names.update(("sept", "jänner"))
    return frozenset(names)


@cache
def _scales(locale: str) -> dict[str, int]:
    """Scale words `read_quantity` reads after a number: the locale's, English, German and a few more."""
    words = dict(scale_words(locale))
    for lang in _NUMBER_LANGUAGES:
        words.update(scale_words(lang))
    words.update(_MORE_SCALES)
    return words


@cache
def _unit_scales(locale: str) -> dict[str, int]:
    """Scale words a unit text may start with: no single letters ("m" is metres in a unit)."""
    return {w: m for w, m in _scales(locale).items() if len(w) > 1}


@lru_cache(maxsize=4096)  # learners type the same few words; the cache must not grow with input
def _word_value(phrase: str, locale: str) -> int | None:
    """The value of number words, in the learner's language first, else English or German."""
    for lang in dict.fromkeys((_language(locale), *_NUMBER_LANGUAGES)):
        words = phrase.split()
        words[0] = _ARTICLES_FOR_ONE.get(words[0], words[0]) if len(words) > 1 else words[0]
        if lang == "de":
            words = ["ein" if w == "one" else w for w in words]
        for candidate in (words, [w for w in words if w not in _AND]):
            try:
                return text2num(" ".join(candidate), lang)
            except ValueError:
                continue
    return None


def _is_number_word(word: str, locale: str) -> bool:
    return word not in _FILLER and _word_value(word, locale) is not None


@dataclass
class _Reading:
    numbers: list[tuple[float, bool]]  # value, whether a magnitude (scale word) was written
    other_words: int = 0


class _Scanner:
    """One pass over a typed answer's tokens: digits, runs of number words, scale words after a
    number, and the words that are neither numbers nor known around them."""

    def __init__(self, text: str, locale: str, unit_words: frozenset[str]):
        self.text, self.locale, self.unit_words = text, locale, unit_words
        folded = _HALF.sub(" 0.5 ", _phrases().sub(" ", text.casefold()))
        self.tokens = [(m.lastgroup, m.group()) for m in _TOKEN.finditer(folded)]
        # "m" may be metres: a unit word is never read as a scale.
        self.scales = {w: m for w, m in _scales(locale).items() if w not in unit_words}
        self.reading = _Reading(numbers=[])
        self.run: list[str] = []  # number words being collected
        self.sign = self.run_sign = ""

    def close_run(self) -> None:
        """The collected number words as one number."""
        run = self.run
        if not run:
            return
        # A leading "a"/"eine" counts only before a number word; a trailing "and" is not a number.
        while run and run[-1] in _AND:
            run.pop()
            self.reading.other_words += 1
        value = _word_value(" ".join(run), self.locale) if run else None
        if value is None:
            raise UnreadableNumber(self.text)
        number = -float(value) if self.run_sign == "-" else float(value)
        self.reading.numbers.append((number, value >= 1_000))
        run.clear()

    def digits(self, token: str, following: str | None) -> None:
        self.close_run()
        before_scale_word = following in self.scales
        number = _read_digits(token, self.locale, self.text, before_scale_word=before_scale_word)
        self.reading.numbers.append((-number if self.sign == "-" else number, False))
        self.sign = ""

    def starts_or_continues_run(self, word: str, following: str | None) -> bool:
        locale = self.locale
        return (
            _is_number_word(word, locale)
            or (bool(self.run) and word in _AND)
            or (
                word in _ARTICLES_FOR_ONE and bool(following) and _is_number_word(following, locale)
            )
        )

    def number_word(self, word: str) -> None:
        if (
            word in _ARTICLES_FOR_ONE
            and self.run
            and _word_value(" ".join([*self.run, word]), self.locale) is None
        ):
            self.close_run()
        if not self.run:
            self.run_sign = self.sign
        self.sign = ""
        self.run.append(word)

    def other_word(self, word: str) -> None:
        self.sign = ""
        self.close_run()
        if word in _NEGATIONS:
            raise UnreadableNumber(self.text, reason="no_number")
        known = (
            word in self.unit_words
            or word in _APPROXIMATIONS
            or word in _PERCENT
            or word in _CURRENCY
            or word in _FILLER
            or word in _months(self.locale)
        )
        if not known:
            self.reading.other_words += 1

    def token(self, index: int, kind: str | None, token: str) -> None:
        word = _fold_word(token) if kind == "word" else token
        following = _next_word(self.tokens, index)
        if kind == "num":
            self.digits(token, following)
        elif kind == "sign" or word == "minus":
            self.sign = "-" if token in ("-", "minus") else ""
        elif (
            kind == "word"
            and word in self.scales
            and _last_kind(self.tokens, index) == "num"
            and not self.run
        ):
            value, _ = self.reading.numbers[-1]
            self.reading.numbers[-1] = (value * self.scales[word], True)
        elif kind == "word" and self.starts_or_continues_run(word, following):
            self.number_word(word)
        else:
            self.other_word(word)


def _scan(text: str, locale: str, unit_words: frozenset[str]) -> _Reading:
    """Find the numbers in `text` and count the words that are neither numbers nor known around them."""
    scanner = _Scanner(text, locale, unit_words)
    for index, (kind, token) in enumerate(scanner.tokens):
        if kind != "skip":
            scanner.token(index, kind, token)
    scanner.close_run()
    return scanner.reading


def _next_word(tokens: list[tuple[str | None, str]], index: int) -> str | None:
    for kind, token in tokens[index + 1 :]:
        if kind == "word":
            return _fold_word(token)
        if kind != "skip":
            return None
    return None


def _last_kind(tokens: list[tuple[str | None, str]], index: int) -> str | None:
    for kind, _token in reversed(tokens[:index]):
        if kind != "skip":
            return kind
    return None


def _fold_unit_words(words: Iterable[str]) -> frozenset[str]:
    folded = set()
    for word in words:
        for part in _phrases().sub(" ", word.casefold()).split():
            folded.add(_fold_word(part))
    return frozenset(folded - {""})


def read_quantity(
    text: str,
    locale: str = "en",
    *,
    unit_words: Iterable[str] = (),
    scale: int = 1,
    unit: str = "",
    example: str = "",
) -> float:
    """The answer a learner means by `text`, in the unit's scale.

    Reads a single number inside a short phrase: digits in `locale`'s conventions (see
    `parse_number`) or number words in English or German ("nine million", "zweihundertfünfzig",
    "a little over nine million"), with percent signs and words, currency symbols and words, the
    question's `unit_words`, approximations ("about", "mehr als", "ca."), month names ("November
    2019") and at most MAX_OTHER_WORDS other words around it.

    `scale` is the scale the question's answer is given in (see `unit_scale`): with scale 10⁹,
    "1.13", "1.13bn", "$1.13 billion", "1,130,000,000" and "1,13 Mrd." all give 1.13. A scale word
    the learner writes is applied, then the result divided by `scale`; a bare number is taken as in
    the unit's scale unless it is at least `scale` itself ("1,130,000,000"); number words with a
    magnitude ("nine million") count as written with a scale word.

    Raises EmptyResponse, AnswerTooLong (beyond MAX_ANSWER_LENGTH characters), AmbiguousNumber
    ("9,2" in English) or UnreadableNumber (no number, two numbers, too many other words); the
    number errors carry `unit` and `example` as given, for the message asking again. Never returns
    inf or nan.
    """
    _check_length(text)
    cleaned = text.translate(_SPACES).strip()
    if not cleaned:
        raise EmptyResponse(text)
    try:
        reading = _scan(cleaned, locale, _fold_unit_words(unit_words))
        if not reading.numbers:
            raise UnreadableNumber(cleaned, reason="no_number")
        if len(reading.numbers) > 1:
            raise UnreadableNumber(cleaned, reason="several_numbers")
        if reading.other_words > MAX_OTHER_WORDS:
            raise UnreadableNumber(cleaned, reason="too_many_words")
        value, scaled = reading.numbers[0]
        if scale != 1 and (scaled or abs(value) >= scale):
            value /= scale
        # Twelve digits: 1.13e9 / 1e9 is then 1.13, not 1.1300000000000001.
        return float(f"{_finite(value, cleaned):.12g}")
    except (UnreadableNumber, AmbiguousNumber) as error:
        error.text = text
        error.unit = unit
        error.example = example
        raise


def unit_scale(unit_text: str, locale: str = "en") -> tuple[int, tuple[str, ...]]:
    """The scale a question's unit carries, and the unit's other words.

    "billion US dollars" -> (10⁹, ("US", "dollars")); "Milliarden US-Dollar" -> (10⁹, ("US-Dollar",));
    "Millionen Menschen" -> (10⁶, ("Menschen",)); "%" -> (1, ("%",)). Single letters are never read
    as a scale here ("m" is metres).
    """
    scales = _unit_scales(locale)
    scale = 1
    rest = []
    for word in unit_text.translate(_SPACES).split():
        magnitude = scales.get(_fold_word(word))
        if magnitude and scale == 1:
            scale = magnitude
        else:
            rest.append(word)
    return scale, tuple(rest)


def is_percent_unit(unit_text: str) -> bool:
    """Whether a unit says percent ("%", "percent", "Prozent", "v. H.", "percentage points")."""
    folded = unit_text.translate(_SPACES).casefold().strip()
    return folded in _PERCENT or folded in {
        "per cent",
        "v. h.",
        "percentage points",
        "prozentpunkte",
    }


def _looks_like_year(value: float, unit_text: str) -> bool:
    return not unit_text.strip() and float(value).is_integer() and 1000 <= value <= 2999


def format_quantity(value: float, locale: str = "en", *, unit: str = "") -> str:
    """A learner's answer shown back in the unit's scale, the way `locale` writes numbers.

    (1.13, "en", unit="billion US dollars") -> "1.13 billion US dollars"; (1.13, "de",
    unit="Milliarden US-Dollar") -> "1,13 Milliarden US-Dollar"; (76, "de", unit="%") -> "76 %";
    (2019, "de") -> "2019" (a year is written without a group mark).
    """
    locale = _safe_locale(locale)
    if unit.strip() == "%":
        return format_percent(value / 100, locale=locale, decimal_quantization=False)
    if _looks_like_year(value, unit):
        return str(int(value))
    number = format_decimal(value, locale=locale)
    return f"{number} {unit.strip()}" if unit.strip() else number


_EXAMPLE_DIGITS = ("2468", "7531", "3579")
_EXAMPLE_YEARS = (1990, 2005, 1975)


def example_for(
    answer: float, locale: str = "en", *, unit: str = "", tolerance: float = 0.0
) -> str:
    """An example input of the same shape as `answer`, for the message asking for a number again.

    The example has the answer's magnitude, significant digits and decimal places (1.13 -> "2.46",
    in German "2,46"; 9,200,000 -> "2,400,000"), is a year for a year (2019 -> "1990"), carries the
    percent sign for a percentage (76 -> "24 %" in German), and is never within `tolerance` (nor
    10 %) of the answer, so it gives nothing away. `answer` is in the unit's scale, as the pack has it.
    """
    locale = _safe_locale(locale)
    if _looks_like_year(answer, unit):
        far = (y for y in _EXAMPLE_YEARS if abs(y - answer) > max(tolerance, 5))
        return str(next(far, max(_EXAMPLE_YEARS, key=lambda y: abs(y - answer))))
    margin = max(tolerance, 0.1 * abs(answer))
    integer, _, fraction = f"{abs(answer):.6f}".rstrip("0").partition(".")
    places = len(fraction[:3])
    significant = min(len((integer + fraction[:3]).strip("0")) or 1, 4)
    exponent = math.floor(math.log10(abs(answer))) if answer else 0
    value = 0.0
    for digits in _EXAMPLE_DIGITS:
        value = round(int(digits[:significant]) * 10.0 ** (exponent - significant + 1), places)
        value = -value if answer < 0 else value
        if abs(value - answer) > margin:
            break
    number = format_decimal(
        value, format="#,##0" + ("." + "0" * places if places else ""), locale=locale
    )
    if is_percent_unit(unit):
        return format_percent(0, locale=locale).replace("0", number, 1)
    return number


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
