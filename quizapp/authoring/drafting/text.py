"""Sentences of a paragraph as the text reads: abbreviations, decimal numbers, German ordinals and
quotation marks („…“, »…«) end none, and soft hyphens or zero-width characters change nothing.

Each sentence is kept twice: `text`, the verbatim span of the paragraph (the quote, found again by
the pack checker), and `reads`, the same span without invisible characters (what drafts show).
"""

import re
from dataclasses import dataclass

from ...engine.text import locate


def word_set(text: str) -> frozenset[str]:
    """The words of a text, split at spaces: a long list of words kept readable."""
    return frozenset(text.split())


INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
"""Soft hyphen, zero-width space, joiners, word joiner, byte order mark: never seen by a reader."""

ABBREVIATIONS = {
    "en": word_set(
        "mr mrs ms dr prof st jr sr inc ltd co corp no nos vs etc approx dept est mt ft gen col lt"
        " sgt gov sen rep rev fig jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu"
        " fri sat sun ave blvd rd e.g i.e u.s u.k u.n a.m p.m cf al vol op ed pp"
    ),
    "de": word_set(
        "dr prof hr fr frl st nr abs art ca bzw bzgl z.b z. d.h u.a usw vgl ggf evtl inkl zzgl exkl"
        " mio mrd tsd jh jhd bspw sog s o.ä u.ä z.t etc jan feb märz apr aug sept okt nov dez str"
        " tel univ chr v. dipl ing mag rd geb gest verh ehem max min mind std"
        " u.s d. i. e. v. e.v o. a. vs"
    ),
}
SENTENCE_OPENERS = word_set(
    "Der Die Das Den Dem Des Ein Eine Einer Er Sie Es Wir Ich Ihr Im In Am Auf Aus Auch Doch"
    " Dabei Damit Danach Dann Deshalb Daher Dies Diese Dieser Dieses Zudem Außerdem Jetzt Nun"
    " Seit Bei Mit Nach Vor Zum Zur Als Wie Wenn Und Aber So Man Laut"
)
_CLOSERS = "\"'”“»«’‘)]"
_OPENERS = "\"'„“»«‚‘(["
_BOUNDARY = re.compile(rf"[.!?…]+[{re.escape(_CLOSERS)}]*(?=\s)")
_WORD_BEFORE = re.compile(r"(\S+)$")


@dataclass(frozen=True)
class Sentence:
    """One sentence of a body paragraph: its paragraph, its place in the article and its text."""

    paragraph: str
    index: int
    text: str  # verbatim, invisible characters included: the quote
    reads: str  # as it reads on screen

    @property
    def words(self) -> int:
        return len(self.reads.split())


def reads(text: str) -> str:
    """The text as a reader sees it: invisible characters dropped."""
    return INVISIBLE.sub("", text)


def _ends_here(readable: str, end: int, language: str) -> bool:
    """Whether the full stop (or ! ?) before `end` ends a sentence, by the word it closes and the
    word that follows."""
    following = readable[end:].lstrip()
    if not following:
        return True
    first = following[0]
    if not (first.isupper() or first.isdigit() or first in _OPENERS):
        return False
    mark = readable[:end].rstrip(_CLOSERS)
    if not mark.endswith("."):
        return True
    word = _WORD_BEFORE.search(mark[:-1])
    token = (word.group(1) if word else "").lstrip(_OPENERS)
    if not token:
        return True
    known = ABBREVIATIONS.get(language, ABBREVIATIONS["en"]) | ABBREVIATIONS["en"]
    if token.casefold() in known or token.casefold() + "." in known:
        return False
    if len(token) == 1 and token.isalpha():  # an initial: "J. Smith"
        return False
    if re.fullmatch(r"(?:[A-Za-zÄÖÜäöü]\.)+[A-Za-zÄÖÜäöü]", token):  # "U.S", "z.B"
        return False
    # German ordinals and dates ("am 3. Oktober", "das 18. Lebensjahr", "21.10.") end no
    # sentence; a small number does where a word that opens sentences follows ("auf 77. Die").
    if language == "de" and re.fullmatch(r"\d{1,2}|\d{1,2}\.\d{1,2}", token):
        return following.split()[0] in SENTENCE_OPENERS
    return True


def split_sentences(text: str, language: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of the sentences of `text` (as it reads), whitespace trimmed."""
    spans = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        if _ends_here(text, match.end(), language):
            spans.append((start, match.end()))
            start = match.end()
    spans.append((start, len(text)))
    trimmed = []
    for begin, end in spans:
        piece = text[begin:end]
        left = len(piece) - len(piece.lstrip())
        right = len(piece.rstrip())
        if right > left:
            trimmed.append((begin + left, begin + right))
    return trimmed


def sentences_of(
    paragraph_id: str, text: str, language: str, first_index: int = 0
) -> list[Sentence]:
    """The sentences of one paragraph, each a verbatim span of it and as it reads."""
    visible = [i for i, char in enumerate(text) if not INVISIBLE.match(char)]
    readable = "".join(text[i] for i in visible)
    found = []
    for number, (begin, end) in enumerate(split_sentences(readable, language)):
        verbatim = text[visible[begin] : visible[end - 1] + 1]
        found.append(Sentence(paragraph_id, first_index + number, verbatim, readable[begin:end]))
    return found


def quote_holds(paragraph: str, quote: str) -> bool:
    """Whether `quote` stands in the paragraph as the text reads (spacing aside), by the pack
    checker's own matcher."""
    return bool(quote.strip()) and locate(paragraph, quote) is not None
