"""Text normalisation shared by quote verification and short-text grading."""

import functools
import re
import unicodedata

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


def normalise_quotes_and_space(text: str) -> str:
    """Straight quote marks for typographic ones and single spaces for runs of whitespace."""
    return _WHITESPACE.sub(" ", text.translate(_QUOTE_MARKS)).strip()


def fold_answer(text: str) -> str:
    """The form a typed answer is compared in: no case, diacritics, quote marks or extra spaces.

    "  Tichanowskaja " and "tichanowskaja", "Weißrussland" and "weissrussland", "“BelSecurityGroup”"
    and "belsecuritygroup" fold to the same string.
    """
    text = normalise_quotes_and_space(text).replace('"', "").replace("'", "")
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.strip(" .,;:!?")


@functools.lru_cache(maxsize=4096)  # the results page locates every quote of a pack again
def locate(haystack: str, needle: str) -> tuple[int, int] | None:
    """Where `needle` stands in `haystack`, comparing with normalise_quotes_and_space.

    Returns the (start, end) character offsets in the original `haystack`, or None.
    """
    mapped: list[int] = []  # index in the normalised text -> index in the original
    chars: list[str] = []
    previous_space = True
    for index, char in enumerate(haystack.translate(_QUOTE_MARKS)):
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
