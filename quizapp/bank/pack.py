"""What a loaded pack holds: its source article, its renderings and its questions."""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from quizapp.engine import LocalText, Question, Quote, locate


@dataclass(frozen=True)
class Paragraph:
    id: str
    text: str
    kind: str = "paragraph"  # or "heading", "caption"
    # The text as the article was published, when the teacher changed it; learners are shown both.
    original: str | None = None

    @property
    def changed(self) -> bool:
        return self.original is not None and self.original != self.text


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

    @property
    def changed(self) -> bool:
        """Whether the teacher changed the text of any paragraph since it was published."""
        return any(p.changed for p in self.paragraphs)


@dataclass(frozen=True)
class Rendering:
    """A paragraph-aligned translation of the source into `language`, shown labelled as such.

    `paragraphs` maps a source paragraph id to its text in `language`; a paragraph it lacks is shown
    in the original. Quotes are verified against the source, never against a rendering.
    """

    language: str
    title: str
    paragraphs: Mapping[str, str]
    note: str = ""  # who translated it, how: shown beside the "translation" label

    def paragraph_text(self, paragraph: Paragraph) -> str:
        return self.paragraphs.get(paragraph.id, paragraph.text)


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
    renderings: Mapping[str, Rendering] = field(default_factory=dict)  # by language

    def rendering(self, language: str) -> Rendering | None:
        """The rendering a reader working in `language` reads, if the source is in another one."""
        return None if language == self.source.language else self.renderings.get(language)

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


def rendered_quote_span(
    pack: Pack, quote: Quote, language: str
) -> tuple[Rendering, str, int, int] | None:
    """The quote's translation into `language` where it stands in that rendering's paragraph.

    (rendering, paragraph text, start, end), or None when there is no rendering of the paragraph
    or the quote's translation is not found in it.
    """
    rendering = pack.rendering(language)
    translation = quote.translation.get(language)
    if rendering is None or not translation or quote.paragraph not in rendering.paragraphs:
        return None
    text = rendering.paragraphs[quote.paragraph]
    span = locate(text, translation)
    return (rendering, text, *span) if span else None
