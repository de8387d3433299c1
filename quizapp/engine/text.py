"""Text normalisation shared by quote verification and short-text grading."""

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz.distance import OSA

_QUOTE_MARKS = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "«": '"',
        "»": '"',
        "″": '"',
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "‹": "'",
        "›": "'",
        "′": "'",
        "`": "'",
        "´": "'",
    }
)
_WHITESPACE = re.compile(r"\s+")


def is_invisible(char: str) -> bool:
    """Whether a reader never sees the character: a format character (Unicode category Cf), such
    as the soft hyphen, zero-width space, joiners, word joiner and byte order mark."""
    return unicodedata.category(char) == "Cf"


def readable(text: str) -> str:
    """The text as it reads: without invisible characters, so messages show no `\\xad`."""
    return "".join(char for char in text if not is_invisible(char))


def _headline_key(text: str) -> str:
    folded = unicodedata.normalize("NFKC", readable(text)).casefold()
    return " ".join(re.sub(r"[^\w\s]", " ", folded).split())


def repeats_headline(text: str, title: str) -> bool:
    """Whether a paragraph says the same as the headline, case, punctuation, spacing and
    invisible characters aside ("Lakes of the North." repeats "LAKES OF THE NORTH")."""
    key = _headline_key(title or "")
    return bool(key) and _headline_key(text) == key


def normalise_quotes_and_space(text: str) -> str:
    """Straight quote marks for typographic ones, single spaces for runs of whitespace, and no
    invisible characters: the one form quotes and paragraphs are compared in."""
    return _WHITESPACE.sub(" ", readable(text).translate(_QUOTE_MARKS)).strip()


def fold_answer(text: str) -> str:
    """The form a typed answer is compared in: no case, diacritics, quote marks or extra spaces.

    "  Tichanowskaja " and "tichanowskaja", "Weißrussland" and "weissrussland", "“BelSecurityGroup”"
    and "belsecuritygroup" fold to the same string.
    """
    text = normalise_quotes_and_space(text).replace('"', "").replace("'", "")
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.strip(" .,;:!?")


_JOINERS = re.compile(r"[\s\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212_']+")


@functools.lru_cache(maxsize=4096)  # a results page grades the same accepted spellings again
def fold_spelling(text: str) -> str:
    """fold_answer, and spaces, hyphens and apostrophes dropped: the form short answers are matched in.

    "Bel Security Group", "Bel-Security-Group" and "BelSecurityGroup" fold alike, and so do
    "Lukashenko's", "Lukashenko’s" and "Lukashenkos".
    """
    return _JOINERS.sub("", fold_answer(text))


@dataclass(frozen=True)
class MatchResult:
    """How a typed short answer matched: `matched` is the accepted spelling it counted as, or None.

    `exact` is False when the answer counted with a slip, so the learner can be shown the right
    spelling; `slips` is how many edits apart the two were (0 when exact).
    """

    exact: bool
    matched: str | None
    slips: int = 0

    @property
    def counted(self) -> bool:
        return self.matched is not None


def match_answer(
    answer: str, accepted: Iterable[str], *, slips: int = 1, min_length: int = 6
) -> MatchResult:
    """Match a typed answer against the accepted spellings, forgiving up to `slips` slips.

    Answers are compared in their fold_spelling form. An exact match wins over any slip; else the
    accepted spelling fewest edits away counts, where an edit is one insertion, deletion,
    substitution or transposition of neighbours (optimal string alignment distance), provided that
    spelling folds to at least `min_length` characters. "Tikhanovskya" and "Tikhanovskaja" count as
    "Tikhanovskaya"; "Minsc" does not count as "Minsk" (too short). `slips=0` turns slips off.
    """
    typed = fold_spelling(answer)
    spellings = [(spelling, fold_spelling(spelling)) for spelling in accepted]
    if not typed:
        return MatchResult(False, None)
    for spelling, folded in spellings:
        if folded == typed:
            return MatchResult(True, spelling)
    best: MatchResult = MatchResult(False, None)
    if slips <= 0:
        return best
    for spelling, folded in spellings:
        if len(folded) < min_length or abs(len(folded) - len(typed)) > slips:
            continue
        distance = OSA.distance(typed, folded, score_cutoff=slips)
        if distance <= slips and (best.matched is None or distance < best.slips):
            best = MatchResult(False, spelling, distance)
    return best


@functools.lru_cache(maxsize=4096)  # the results page locates every quote of a pack again
def locate(haystack: str, needle: str) -> tuple[int, int] | None:
    """Where `needle` stands in `haystack`, both compared as normalise_quotes_and_space reads
    them (a soft hyphen on either side changes nothing).

    Returns the (start, end) character offsets in the original `haystack`, or None.
    """
    mapped: list[int] = []  # index in the normalised text -> index in the original
    chars: list[str] = []
    previous_space = True
    for index, char in enumerate(haystack.translate(_QUOTE_MARKS)):
        if is_invisible(char):
            continue
        if char.isspace():
            if previous_space:
                continue
            char = " "
            previous_space = True
        else:
            previous_space = False
        chars.append(char)
        mapped.append(index)
    normalised = "".join(chars)
    target = normalise_quotes_and_space(needle)
    if not target:
        return None
    start = normalised.find(target)
    if start < 0:
        return None
    end = mapped[start + len(target) - 1] + 1
    return mapped[start], end
