"""Find the evidence: the article as a learner marks the sentence proving an answer (in their
language where a rendering holds every quote, else the original), grading and storing the mark,
and what the feedback says of it. The wrapper behaviour (behaviours/evidence.py) says when."""

from dataclasses import dataclass

from sqlalchemy import func, select

from .attempts import AttemptOver, finish_attempt, may_change
from .bank import Pack
from .bank.pack import Paragraph, Rendering, rendered_quote_span
from .behaviours import asks_evidence, behaviour_of
from .constants import FinishReason
from .engine import Question
from .engine.sentences import Sentence, proves, quote_span, sentences_of
from .extensions import db
from .models import Attempt, Response


@dataclass(frozen=True)
class EvidenceText:
    """The article as the evidence step shows it: each paragraph (headings aside) with its
    sentences, in `language` (a rendering's, or the source's), and where the question's quotes
    stand in that text."""

    language: str
    rendering: Rendering | None  # None: the original
    translation: Rendering | None  # the rendering the learner could read instead (or back)
    paragraphs: list[tuple[Paragraph, list[Sentence]]]
    spans: list[tuple[str, int, int]]

    def sentence(self, sentence_id: str) -> Sentence | None:
        return next(
            (s for _p, sentences in self.paragraphs for s in sentences if s.id == sentence_id),
            None,
        )

    @property
    def proving(self) -> list[Sentence]:
        """The sentences that prove the answer (each holds a quote or part of one)."""
        return [s for _p, sentences in self.paragraphs for s in sentences if proves(s, self.spans)]


def _rendered_spans(pack: Pack, question: Question, language: str):
    """The quotes' spans in the rendering into `language`, or None unless every quote stands in
    it (the learner could not find evidence that is not there)."""
    spans = []
    for quote in question.quotes:
        found = rendered_quote_span(pack, quote, language)
        if found is None:
            return None
        spans.append((quote.paragraph, found[2], found[3]))
    return spans or None


def evidence_text(
    pack: Pack, question: Question, language: str, original: bool = False
) -> EvidenceText:
    """The article a learner working in `language` marks the evidence of `question` in: the
    rendering into their language where it holds every quote (unless `original`), else the
    original."""
    rendering = pack.rendering(language)
    spans = _rendered_spans(pack, question, language) if rendering else None
    offered = rendering if spans is not None else None
    shown = None if original else offered
    if shown is None:
        spans = [
            span
            for quote in question.quotes
            for paragraph in [pack.source.paragraph(quote.paragraph)]
            if paragraph is not None
            for span in [quote_span(paragraph.id, paragraph.text, quote.text)]
            if span is not None
        ]
    source_language = pack.source.language
    paragraphs = []
    for paragraph in pack.source.paragraphs:
        if paragraph.kind == "heading":
            continue
        translated = shown is not None and paragraph.id in shown.paragraphs
        text = shown.paragraphs[paragraph.id] if translated else paragraph.text
        text_language = shown.language if translated else source_language
        paragraphs.append((paragraph, sentences_of(paragraph.id, text, text_language)))
    return EvidenceText(
        shown.language if shown else source_language,
        shown,
        offered,
        paragraphs,
        spans or [],
    )


class EvidenceRefused(Exception):
    """The evidence cannot be marked: `reason` is "not_asked", "not_answered", "marked" (and may
    not change) or "no_sentence" (none chosen, or one the article does not have)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def may_mark_evidence(attempt: Attempt, response: Response | None) -> bool:
    """Whether the learner may mark (or mark again) the evidence of an answer now: asked, the
    question answered, the attempt running, and not marked yet unless answers may still change."""
    if not asks_evidence(attempt) or attempt.finished or response is None:
        return False
    return response.evidence_sentence is None or may_change(attempt)


def mark_evidence(
    attempt: Attempt,
    pack: Pack,
    question: Question,
    sentence_id: str | None,
    language: str,
    original: bool = False,
) -> bool:
    """Grade and store the sentence a learner marked as proving their answer to `question`,
    in the text they read (`language`, `original`); True if it proves it. The attempt's score
    follows, and the answer that waited for its evidence may finish the attempt (immediate
    feedback's last question). Raises EvidenceRefused or AttemptOver."""
    if not asks_evidence(attempt):
        raise EvidenceRefused("not_asked")
    if attempt.finished:
        raise AttemptOver(attempt)
    response = attempt.response_for(question.id)
    if response is None:
        raise EvidenceRefused("not_answered")
    if response.evidence_sentence is not None and not may_change(attempt):
        raise EvidenceRefused("marked")
    text = evidence_text(pack, question, language, original)
    sentence = text.sentence(sentence_id or "")
    if sentence is None:
        raise EvidenceRefused("no_sentence")
    response.evidence_sentence = sentence.id
    response.evidence_language = text.language
    response.evidence_correct = proves(sentence, text.spans)
    if behaviour_of(attempt).finishes_on_answer(attempt):
        finish_attempt(attempt, FinishReason.SUBMITTED)
    db.session.commit()
    return bool(response.evidence_correct)


@dataclass(frozen=True)
class EvidenceFeedback:
    """What the feedback says of the evidence: the sentence marked (None: not marked), whether it
    proves the answer, and the sentence that does."""

    marked: Sentence | None
    correct: bool
    proving: Sentence | None


def marked_text(pack: Pack, question: Question, language: str | None) -> EvidenceText:
    """The text a learner marked the evidence of `question` in, by the language stored with the
    mark (None: the original)."""
    language = language or pack.source.language
    return evidence_text(pack, question, language, original=language == pack.source.language)


def evidence_feedback(pack: Pack, question: Question, response: Response) -> EvidenceFeedback:
    """The evidence feedback of a response (its evidence columns), in the text it was marked in."""
    text = marked_text(pack, question, response.evidence_language)
    marked = text.sentence(response.evidence_sentence) if response.evidence_sentence else None
    proving = text.proving
    return EvidenceFeedback(
        marked, bool(response.evidence_correct), proving[0] if proving else None
    )


@dataclass(frozen=True)
class MarkCount:
    """How many of the analysed responses to a question marked one sentence (in one language),
    and whether it proves the answer; sentence None: answered without marking the evidence."""

    question_id: str
    language: str | None
    sentence_id: str | None
    correct: bool | None
    count: int


@dataclass(frozen=True)
class EvidenceFigures:
    """The evidence of the analysed attempts (each learner's first finished one, as the item
    statistics count them): per question, which sentences were marked how often."""

    attempts: int
    marks: list[MarkCount]

    def facility(self, question_id: str) -> float | None:
        """The share of the analysed learners who found the question's evidence (an unanswered
        or unmarked one counts as not found, as an unanswered question earns nothing)."""
        if not self.attempts:
            return None
        found = sum(m.count for m in self.marks if m.question_id == question_id and m.correct)
        return found / self.attempts


_MARK_BATCH = 1000  # attempt ids per query


def evidence_figures(attempts: list[Attempt]) -> EvidenceFigures | None:
    """The evidence figures of the analysed attempts, None when their assignment does not ask
    for the evidence."""
    if not attempts or not asks_evidence(attempts[0]):
        return None
    ids = [attempt.id for attempt in attempts]
    columns = (
        Response.question_id,
        Response.evidence_language,
        Response.evidence_sentence,
        Response.evidence_correct,
    )
    marks = []
    for start in range(0, len(ids), _MARK_BATCH):
        batch = ids[start : start + _MARK_BATCH]
        query = (
            select(*columns, func.count()).where(Response.attempt_id.in_(batch)).group_by(*columns)
        )
        marks += [MarkCount(*row) for row in db.session.execute(query)]
    return EvidenceFigures(len(ids), marks)


@dataclass(frozen=True)
class Misreading:
    """A sentence learners marked as the evidence of a question, wrongly, and how often: a
    misreading the teacher can discuss."""

    position: int
    question: Question
    paragraph_id: str
    sentence: str
    language: str
    count: int


def misreadings(pack: Pack, figures: EvidenceFigures | None) -> list[Misreading]:
    """The sentences marked wrongly as the evidence, most often first (by question, then)."""
    if figures is None:
        return []
    positions = {q.id: number for number, q in enumerate(pack.questions, start=1)}
    found = []
    for mark in figures.marks:
        question = pack.question(mark.question_id)
        if question is None or mark.correct is not False or not mark.sentence_id:
            continue
        text = marked_text(pack, question, mark.language)
        sentence = text.sentence(mark.sentence_id)
        if sentence is not None:
            found.append(
                Misreading(
                    positions[question.id],
                    question,
                    sentence.paragraph,
                    sentence.reads,
                    text.language,
                    mark.count,
                )
            )
    return sorted(found, key=lambda m: (-m.count, m.position, m.paragraph_id))
