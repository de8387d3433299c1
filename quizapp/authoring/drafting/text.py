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
from ...engine.text import locate

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
    """Whether `quote` stands in the paragraph as the text reads (spacing aside), by the pack
    checker's own matcher."""
    return bool(quote.strip()) and locate(paragraph, quote) is not None
