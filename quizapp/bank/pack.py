"""What a loaded pack holds: its source article and its questions."""

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from quizapp.engine import LocalText, Question, Quote, locate


@dataclass(frozen=True)
class Paragraph:
    id: str
    text: str
    kind: str = "paragraph"  # or "heading", "caption"


@dataclass(frozen=True)
class Source:
    title: str
    publisher: str
    attribution: str
    language: str
    paragraphs: tuple[Paragraph, ...]
    date: dt.date | None = None
    url: str | None = None

    def paragraph(self, paragraph_id: str) -> Paragraph | None:
        return next((p for p in self.paragraphs if p.id == paragraph_id), None)


@dataclass(frozen=True)
class Pack:
    id: str
    path: Path | None  # the folder it was read from; None when read from the database
    title: LocalText
    languages: tuple[str, ...]  # the languages every text of the pack is complete in
    declared_languages: tuple[str, ...]
    source: Source
    questions: tuple[Question, ...]
    missing: tuple[str, ...] = field(default=())  # "path:line: message" per missing translation

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    @property
    def max_points(self) -> float:
        return sum(q.points for q in self.questions)


def quote_span(pack: Pack, quote: Quote) -> tuple[Paragraph, int, int] | None:
    """The paragraph a quote stands in and its character offsets there."""
    paragraph = pack.source.paragraph(quote.paragraph)
    if paragraph is None:
        return None
    span = locate(paragraph.text, quote.text)
    return (paragraph, *span) if span else None
