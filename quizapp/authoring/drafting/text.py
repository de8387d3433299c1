"""The sentences drafting reads an article in (the engine's one splitter, engine/sentences.py),
and whether a quote holds in a paragraph as it reads."""

from ...engine.sentences import (
    ABBREVIATIONS,
    INVISIBLE,
    SENTENCE_OPENERS,
    Sentence,
    reads,
    sentences_of,
    split_sentences,
    word_set,
)

__all__ = [
    "ABBREVIATIONS",
    "INVISIBLE",
    "SENTENCE_OPENERS",
    "Sentence",
    "reads",
    "sentences_of",
    "split_sentences",
    "word_set",
    "quote_holds",
]


def quote_holds(paragraph: str, quote: str) -> bool:
    """Whether `quote` stands in the paragraph as the text reads (spacing aside)."""

    def plain(value: str) -> str:
        return " ".join(reads(value).split())

    return bool(quote.strip()) and plain(quote) in plain(paragraph)
