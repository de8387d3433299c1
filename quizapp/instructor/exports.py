"""Score and response exports of a classroom or one assignment, as CSV or XLSX, in bounded memory.

What a teacher opens must be usable as is: times in the school's time zone (and labelled so),
attempt numbers as the learner counts them, answers as the learner saw them, points rounded,
rows in the language's alphabetical order, CSV in the spreadsheet conventions of the teacher's
language (comma and decimal point in English, semicolon and decimal comma in German).
"""

import datetime as dt
import functools
import json
import re
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO
from zoneinfo import ZoneInfo

from babel.numbers import get_decimal_symbol
from flask import Response, current_app, send_file, stream_with_context
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import Row, Text, cast, select, type_coerce

from ..bank import Pack
from ..behaviours import attempt_evidence_share, evidence_share
from ..constants import FinishReason, Verdict
from ..engine import Question, question_type
from ..evidence import marked_text
from ..extensions import db
from ..i18n import collation_key
from ..live.operations import first_votes
from ..models import Assignment, Attempt, Classroom, Learner
from ..models import Response as StoredResponse
from ..packs import pinned_pack
from ..spreadsheets import Cell, Cells, Percent, csv_rows, write_xlsx
from ..views import answer_ids, localised, page_texts

EXPORT_FORMATS = ("csv", "xlsx")
EXPORT_KINDS = ("scores", "responses")
ATTEMPT_CHOICES = ("best", "first", "last")  # which attempt a gradebook row shows
DELIMITERS = {"comma": ",", "semicolon": ";"}
DECIMALS = {"point": ".", "comma": ","}
_LEARNER_BATCH = 200  # learners whose attempts and responses are read at once
_PROMPT_IN_HEADER = 40  # characters of a question's prompt in a gradebook column's header


@dataclass(frozen=True)
class ExportSettings:
    """What to export and how: kind, format, CSV conventions, and the attempt a gradebook shows."""

    what: str = "scores"
    fmt: str = "csv"
    delimiter: str = ","
    decimal: str = "."
    attempt: str = "best"


def csv_conventions(language: str) -> tuple[str, str]:
    """The (delimiter, decimal separator) a spreadsheet in this language reads: ("," ".") or (";" ",")."""
    decimal = get_decimal_symbol(language)
    return (";", ",") if decimal == "," else (",", ".")


def read_settings(args, language: str) -> ExportSettings | None:
    """Export settings from a query string (delimiter=comma|semicolon, decimal=point|comma, ...).

    Delimiter and decimal separator default to the language's conventions. None if any value is
    unknown.
    """
    default_delimiter, default_decimal = csv_conventions(language)
    delimiter = DELIMITERS.get(args.get("delimiter", "")) if "delimiter" in args else None
    decimal = DECIMALS.get(args.get("decimal", "")) if "decimal" in args else None
    settings = ExportSettings(
        what=args.get("what", "scores"),
        fmt=args.get("format", "csv"),
        delimiter=delimiter or default_delimiter,
        decimal=decimal or default_decimal,
        attempt=args.get("attempt", "best"),
    )
    unknown = (
        settings.fmt not in EXPORT_FORMATS
        or settings.what not in EXPORT_KINDS
        or settings.attempt not in ATTEMPT_CHOICES
        or ("delimiter" in args and delimiter is None)
        or ("decimal" in args and decimal is None)
    )
    return None if unknown else settings


def describe_answer(question: Question, answer: Any, language: str) -> str:
    """The answer as the learner saw it (option texts in `language`, the typed text), as plain text.

    The one place exports describe an answer: the question's type describes it, as on the pages.
    """
    with force_locale(language):
        return question_type(question.type).describe(question, answer, page_texts)


def school_timezone() -> ZoneInfo:
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def _in_zone(value: dt.datetime | None, zone: ZoneInfo) -> dt.datetime | None:
    """A stored (naive UTC) time as the wall-clock time in the school's time zone."""
    if value is None:
        return None
    return value + _utc_offset(zone, value.toordinal() * 24 + value.hour)


@functools.lru_cache(maxsize=4096)
def _utc_offset(zone: ZoneInfo, hour: int) -> dt.timedelta:
    """The zone's offset from UTC during one hour (UTC, counted from 0001-01-01): time zones
    change on the hour, and an export's 100,000 times fall in a few hundred hours."""
    day, hour_of_day = divmod(hour, 24)
    start = dt.datetime.fromordinal(day).replace(hour=hour_of_day, tzinfo=dt.UTC)
    return start.astimezone(zone).utcoffset() or dt.timedelta(0)


@functools.lru_cache(maxsize=4096)
def _points(value: float | None) -> float | int | None:
    """Points rounded to at most two decimals; whole numbers as ints (9.0 as 9)."""
    if value is None:
        return None
    rounded = round(value, 2)
    return int(rounded) if rounded == int(rounded) else rounded


_share = functools.lru_cache(maxsize=1024)(Percent)


def _status(finished_at: dt.datetime | None) -> str:
    return _("Finished") if finished_at else _("In progress")


def _finish_reason(reason: str | None) -> str:
    return {
        FinishReason.SUBMITTED: _("Submitted"),
        FinishReason.TIME_LIMIT: _("Time was up"),
        FinishReason.CLOSED: _("Quiz closed"),
    }.get(reason or "", reason or "")


def _result(verdict: Verdict | None) -> str:
    """A verdict in the teacher's words; None: the question was not answered."""
    if verdict is None:
        return _("Not answered")
    return {
        Verdict.RIGHT: _("Right"),
        Verdict.PARTLY: _("Partly right"),
        Verdict.WRONG: _("Not right"),
    }[verdict]


def _scope(classroom: Classroom, assignment: Assignment | None) -> list[Assignment]:
    return [assignment] if assignment is not None else list(classroom.assignments)


def _quiz_titles(assignments: Sequence[Assignment]) -> dict[int, str]:
    """Each assignment's quiz title; the same quiz given twice is numbered in the order given."""
    titles = {}
    for assignment in assignments:
        pack = pinned_pack(assignment)
        titles[assignment.id] = localised(pack.title) if pack else assignment.pack_slug
    plain = list(titles.values())
    seen: dict[str, int] = {}
    for assignment in assignments:
        title = titles[assignment.id]
        if plain.count(title) > 1:
            seen[title] = seen.get(title, 0) + 1
            titles[assignment.id] = f"{title} ({seen[title]})"
    return titles


def _sorted_learners(classroom: Classroom) -> list[Row]:
    """(id, display name, locale) of every learner, in the language's alphabetical order."""
    learners = db.session.execute(  # plain rows, not ORM objects: a class may have thousands
        select(Learner.id, Learner.display_name, Learner.locale)
        .filter_by(classroom_id=classroom.id)
        .order_by(Learner.display_name)  # as classroom.learners, for names that collate alike
    ).all()
    learners.sort(key=lambda learner: collation_key(learner[1]))
    return learners


def attempt_language(pack: Pack | None, assignment: Assignment, learner_locale: str | None) -> str:
    """The language a learner took the quiz in: their chosen one where the quiz offers it."""
    offered = [
        lang for lang in (assignment.languages or (pack.languages if pack else ())) if lang
    ] or [current_app.config["BABEL_DEFAULT_LOCALE"]]
    return learner_locale if learner_locale in offered else offered[0]


def _chosen(attempts: list[tuple], choice: str) -> tuple[int, tuple] | None:
    """The (attempt number, attempt) a gradebook shows: first, best or last finished attempt.

    `attempts` are one learner's attempts at one assignment in the order they were started, as
    (id, started_at, finished_at, finish_reason, score, max_score). The best is the highest
    score, the earliest on a tie.
    """
    finished = [(n, a) for n, a in enumerate(attempts, start=1) if a[2] is not None]
    if not finished:
        return None
    if choice == "first":
        return finished[0]
    if choice == "last":
        return finished[-1]
    return max(finished, key=lambda pair: (pair[1][4] or 0, -pair[0]))


@dataclass(frozen=True)
class _Gradebook:
    """Everything a gradebook's rows are made of, read before they are streamed (a streamed
    response runs the rows' generator after the request's session)."""

    classroom_name: str
    assignments: list[Assignment]
    questions: dict[int, list[str]]  # assignment id -> its question ids in the quiz's order
    learners: list[Row]
    made: dict[tuple[int, int], list[tuple]]  # (learner id, assignment id) -> attempts
    chosen: dict[tuple[int, int], tuple[int, tuple] | None]  # the attempt each row shows
    points: dict[int, dict[str, float]]  # chosen attempt id -> question id -> points
    zone: ZoneInfo
    not_started: str
    in_progress: str


def score_table(
    classroom: Classroom, assignment: Assignment | None = None, choice: str = "best"
) -> tuple[list[str], Iterator[list[Cell]]]:
    """A gradebook: one row per learner; per assignment the chosen attempt's number, status, total
    points, maximum, percent, times, and the points of each question in the quiz's order."""
    assignments = _scope(classroom, assignment)
    zone = school_timezone()
    header, questions = _score_header(assignments, str(zone.key))
    made = _attempts_by_learner(assignments)
    chosen = {key: _chosen(attempts, choice) for key, attempts in made.items()}
    book = _Gradebook(
        classroom_name=classroom.name,
        assignments=assignments,
        questions=questions,
        learners=_sorted_learners(classroom),
        made=made,
        chosen=chosen,
        points=_chosen_points(assignments, {pick[1][0] for pick in chosen.values() if pick}),
        zone=zone,
        not_started=_("Not started"),
        in_progress=_("In progress"),
    )
    return header, _score_rows(book)


def _score_header(
    assignments: Sequence[Assignment], zone_name: str
) -> tuple[list[str], dict[int, list[str]]]:
    """The gradebook's header, and each assignment's question ids in the order of its columns.
    With more than one assignment, each column names its quiz."""
    titles = _quiz_titles(assignments)
    header = [_("Name"), _("Class")]
    questions: dict[int, list[str]] = {}
    for given in assignments:
        pack = pinned_pack(given)
        questions[given.id] = [q.id for q in pack.questions] if pack else []
        prefix = f"{titles[given.id]}: " if len(assignments) > 1 else ""
        header += [
            prefix + part
            for part in (
                _("Attempt"),
                _("Status"),
                _("Points"),
                _("Maximum"),
                _("Percent"),
                _("Started (%(zone)s)", zone=zone_name),
                _("Finished (%(zone)s)", zone=zone_name),
                _("Duration"),
            )
        ]
        header += _question_columns(pack, prefix)
    return header, questions


def _question_columns(pack: Pack | None, prefix: str) -> list[str]:
    """One gradebook column per question: its number and the start of its prompt."""
    columns = []
    for number, question in enumerate(pack.questions if pack else (), start=1):
        prompt = localised(question.prompt)
        if len(prompt) > _PROMPT_IN_HEADER:
            prompt = prompt[: _PROMPT_IN_HEADER - 1].rstrip() + "…"
        columns.append(prefix + _("Question %(number)s: %(prompt)s", number=number, prompt=prompt))
    return columns


def _attempts_by_learner(assignments: Sequence[Assignment]) -> dict[tuple[int, int], list[tuple]]:
    """Each learner's attempts at each assignment, in the order started, as (id, started_at,
    finished_at, finish_reason, score, max_score)."""
    made: dict[tuple[int, int], list[tuple]] = {}
    query = (
        select(
            Attempt.learner_id,
            Attempt.assignment_id,
            Attempt.id,
            Attempt.started_at,
            Attempt.finished_at,
            Attempt.finish_reason,
            Attempt.score,
            Attempt.max_score,
        )
        .filter(Attempt.assignment_id.in_([a.id for a in assignments]))
        .order_by(Attempt.id)
    )
    for learner_id, assignment_id, *attempt in db.session.execute(query):
        made.setdefault((learner_id, assignment_id), []).append(tuple(attempt))
    return made


def _chosen_points(
    assignments: Sequence[Assignment], chosen_ids: set[int]
) -> dict[int, dict[str, float]]:
    """The points of each question in each chosen attempt."""
    points: dict[int, dict[str, float]] = {}
    query = (
        select(StoredResponse.attempt_id, StoredResponse.question_id, StoredResponse.points)
        .join(Attempt, StoredResponse.attempt_id == Attempt.id)
        .filter(Attempt.assignment_id.in_([a.id for a in assignments]))
    )
    for attempt_id, question_id, earned in db.session.execute(query):
        if attempt_id in chosen_ids:
            points.setdefault(attempt_id, {})[question_id] = earned
    return points


def _score_rows(book: _Gradebook) -> Iterator[list[Cell]]:
    """One row per learner: name, class, and each assignment's cells."""
    for learner_id, display_name, _locale in book.learners:
        row: list[Cell] = [display_name, book.classroom_name]
        for given in book.assignments:
            row += _assignment_scores(book, learner_id, given.id)
        yield row


def _assignment_scores(book: _Gradebook, learner_id: int, assignment_id: int) -> list[Cell]:
    """The chosen attempt's number, status, points, maximum, percent, times and question points;
    only a status when there is no finished attempt."""
    pick = book.chosen.get((learner_id, assignment_id))
    if pick is None:
        started = (learner_id, assignment_id) in book.made
        status = book.in_progress if started else book.not_started
        return [None, status] + [None] * (6 + len(book.questions[assignment_id]))
    number, (attempt_id, started, finished, reason, score, maximum) = pick
    earned = book.points.get(attempt_id, {})
    return [
        number,
        f"{_status(finished)} ({_finish_reason(reason)})" if reason else _status(finished),
        _points(score),
        _points(maximum),
        Percent(score / maximum) if maximum and score is not None else None,
        _in_zone(started, book.zone),
        _in_zone(finished, book.zone),
        finished - started if finished else None,
    ] + [_points(earned.get(qid, 0.0)) for qid in book.questions[assignment_id]]


@dataclass(frozen=True)
class _ResponseSheet:
    """Everything the responses' rows are made of but the attempts and answers, which are read a
    batch of learners at a time as the rows are streamed."""

    classroom_name: str
    titles: dict[int, str]
    packs: dict[int, Pack | None]
    by_id: dict[int, Assignment]
    learners: list[Row]
    question_cells: dict[tuple[int, str], Cells]
    unanswered_cells: dict[tuple[int, str], Cells]
    answer_cells: Callable[[int, str, str, str, float, float], Cells]
    answered_at: Any  # the column of a response's time, read as text on SQLite
    zone: ZoneInfo
    finished_word: str
    in_progress_word: str
    reasons: dict[str, str]
    # The evidence cells of a response (sentence, found, points) by the attempt's assignment and
    # feedback mode; None: no assignment asks for it.
    evidence: Callable[[int, str, str, str | None, str | None, bool | None], Cells] | None = None
    # A live lesson's first vote by (attempt id, question id); None: no live lesson voted.
    first_votes: dict[tuple[int, str], str] | None = None


def response_table(
    classroom: Classroom, assignment: Assignment | None = None
) -> tuple[list[str], Iterator[list[Cell]]]:
    """One row per attempt and question: every answered question, and for a finished attempt
    the unanswered ones too. Read a batch of learners at a time, in bounded memory."""
    zone = school_timezone()
    header = _response_header(zone)
    assignments = _scope(classroom, assignment)
    packs = {a.id: pinned_pack(a) for a in assignments}
    asked = any(evidence_share(a) for a in assignments)
    if asked:
        header += [_("Evidence"), _("Evidence found"), _("Evidence points")]
    voted = first_votes([a.id for a in assignments])
    header += [_("First vote")] if voted else []
    questions, question_cells = _question_cells(packs)
    sheet = _ResponseSheet(
        classroom_name=classroom.name,
        titles=_quiz_titles(assignments),
        packs=packs,
        by_id={a.id: a for a in assignments},
        learners=_sorted_learners(classroom),
        question_cells=question_cells,
        unanswered_cells=_unanswered_cells(questions),
        answer_cells=_answer_describer(questions),
        answered_at=_answered_at_column(),
        zone=zone,
        finished_word=_("Finished"),
        in_progress_word=_("In progress"),
        reasons={key: _finish_reason(key) for key in FinishReason},
        evidence=_evidence_describer(packs, assignments) if asked else None,
        first_votes=voted,
    )
    return header, _response_rows(sheet)


def _response_header(zone: ZoneInfo) -> list[str]:
    """The responses' columns: the attempt's, the question's, the answer's, and its time."""
    return [
        _("Name"),
        _("Class"),
        _("Quiz"),
        _("Attempt"),
        _("Status"),
        _("Finish reason"),
        _("Question number"),
        _("Question ID"),
        _("Question"),
        _("Paragraph"),
        _("Answer"),
        _("Answer ID"),
        _("Result"),
        _("Share earned"),
        _("Points"),
        _("Maximum"),
        _("Answered at (%(zone)s)", zone=str(zone.key)),
    ]


def _question_cells(
    packs: dict[int, Pack | None],
) -> tuple[dict[tuple[int, str], Question], dict[tuple[int, str], Cells]]:
    """Each (assignment id, question id)'s question, and its cells in the teacher's language
    (id, prompt, paragraph), read once."""
    question_cells: dict[tuple[int, str], Cells] = {}
    questions: dict[tuple[int, str], Question] = {}
    for assignment_id, pack in packs.items():
        for question in pack.questions if pack else ():
            paragraphs = ", ".join(dict.fromkeys(q.paragraph for q in question.quotes))
            questions[(assignment_id, question.id)] = question
            question_cells[(assignment_id, question.id)] = Cells(
                (question.id, localised(question.prompt), paragraphs)
            )
    return questions, question_cells


def _answer_describer(
    questions: dict[tuple[int, str], Question],
) -> Callable[[int, str, str, str, float, float], Cells]:
    """The answer cells of each answer given, described once however many learners gave it."""
    results = {verdict: _result(verdict) for verdict in Verdict}

    @functools.lru_cache(maxsize=16384)
    def answer_cells(
        assignment_id: int,
        question_id: str,
        raw: str,
        language: str,
        fraction: float,
        earned: float,
    ) -> Cells:
        """Answer as seen, its id, result, share, points and maximum: one tuple per answer given."""
        question = questions[(assignment_id, question_id)]
        answer = json.loads(raw)
        return Cells(
            (
                describe_answer(question, answer, language),
                answer_ids(answer),
                results[Verdict.of(fraction)],
                _share(fraction),
                _points(earned),
                _points(question.points),
            )
        )

    return answer_cells


def _evidence_describer(
    packs: dict[int, Pack | None], assignments: Sequence[Assignment]
) -> Callable[[int, str, str, str | None, str | None, bool | None], Cells]:
    """The evidence cells of a response: the sentence marked as the learner read it, whether it
    proves the answer, and the points it earned; empty where the attempt was not asked (its
    assignment does not ask, or its feedback mode never asks: a live lesson's)."""
    by_id = {a.id: a for a in assignments}
    words = {True: _("Found"), False: _("Not found"), None: _("Not marked")}

    @functools.lru_cache(maxsize=16384)
    def evidence_cells(
        assignment_id: int,
        feedback_mode: str,
        question_id: str,
        sentence_id: str | None,
        language: str | None,
        correct: bool | None,
    ) -> Cells:
        pack = packs[assignment_id]
        question = pack.question(question_id) if pack else None
        share = attempt_evidence_share(by_id[assignment_id], feedback_mode)
        if question is None or not share:
            return Cells((None, None, None))
        sentence = marked_text(pack, question, language).sentence(sentence_id or "")
        points = share * question.points if correct else 0
        return Cells((sentence.reads if sentence else None, words[correct], _points(points)))

    return evidence_cells


def _unanswered_cells(questions: dict[tuple[int, str], Question]) -> dict[tuple[int, str], Cells]:
    """The answer cells of a question left unanswered in a finished attempt."""
    not_answered = _result(None)
    return {
        key: Cells((None, None, not_answered, _share(0.0), 0, _points(question.points)))
        for key, question in questions.items()
    }


def _answered_at_column() -> Any:
    """A response's time as read for the export."""
    # SQLite stores times as text, which SQLAlchemy parses with a regular expression: parsed
    # here with fromisoformat instead, several times quicker for 100,000 rows.
    if db.session.get_bind().dialect.name == "sqlite":
        return type_coerce(StoredResponse.created_at, Text)
    return StoredResponse.created_at


def _response_rows(sheet: _ResponseSheet) -> Iterator[list[Cell]]:
    """The rows, a batch of learners at a time: their attempts and answers read at once."""
    connection = db.session.connection()  # plain rows: no ORM loading per row
    scope_ids = list(sheet.by_id)
    for start in range(0, len(sheet.learners), _LEARNER_BATCH):
        batch = sheet.learners[start : start + _LEARNER_BATCH]
        ids = [learner[0] for learner in batch]
        attempts = _batch_attempts(connection, ids, scope_ids)
        answers = _batch_answers(connection, ids, scope_ids, sheet.answered_at)
        for learner_id, display_name, locale in batch:
            numbers: dict[int, int] = {}
            for _lid, attempt_id, assignment_id, order, finished_at, reason, mode in attempts.get(
                learner_id, ()
            ):
                numbers[assignment_id] = number = numbers.get(assignment_id, 0) + 1
                attempt_cells = Cells(  # the same for each of the attempt's rows
                    (
                        display_name,
                        sheet.classroom_name,
                        sheet.titles[assignment_id],
                        number,
                        sheet.finished_word if finished_at else sheet.in_progress_word,
                        sheet.reasons.get(reason or "", reason or ""),
                    )
                )
                language = attempt_language(
                    sheet.packs[assignment_id], sheet.by_id[assignment_id], locale
                )
                yield from _attempt_rows(
                    sheet,
                    attempt_cells,
                    (assignment_id, attempt_id, mode),
                    json.loads(order),
                    finished_at,
                    answers.get(attempt_id, {}),
                    language,
                )


def _batch_attempts(connection, ids: list[int], scope_ids: list[int]) -> dict[int, list[tuple]]:
    """The attempts of a batch of learners, by learner, in the order started."""
    attempts: dict[int, list[tuple]] = {}
    for attempt in connection.execute(
        select(
            Attempt.learner_id,
            Attempt.id,
            Attempt.assignment_id,
            cast(Attempt.question_order, Text),
            Attempt.finished_at,
            Attempt.finish_reason,
            Attempt.feedback_mode,
        )
        .filter(Attempt.learner_id.in_(ids), Attempt.assignment_id.in_(scope_ids))
        .order_by(Attempt.id)
    ).all():
        attempts.setdefault(attempt[0], []).append(attempt)
    return attempts


def _batch_answers(
    connection, ids: list[int], scope_ids: list[int], answered_at: Any
) -> dict[int, dict[str, tuple]]:
    """The answers of a batch of learners: attempt id -> question id -> (raw answer, fraction,
    points, time, the language it was answered in, and the evidence marked: sentence, language
    and whether it proves the answer)."""
    answers: dict[int, dict[str, tuple]] = {}
    for attempt_id, question_id, *answer in connection.execute(
        select(
            StoredResponse.attempt_id,
            StoredResponse.question_id,
            cast(StoredResponse.answer, Text),
            StoredResponse.fraction,
            StoredResponse.points,
            answered_at,
            StoredResponse.locale,
            StoredResponse.evidence_sentence,
            StoredResponse.evidence_language,
            StoredResponse.evidence_correct,
        )
        .join(Attempt, StoredResponse.attempt_id == Attempt.id)
        .filter(Attempt.learner_id.in_(ids), Attempt.assignment_id.in_(scope_ids))
    ).all():  # a batch at once: fetching row by row costs more than the rows' use
        answers.setdefault(attempt_id, {})[question_id] = tuple(answer)
    return answers


def _attempt_rows(
    sheet: _ResponseSheet,
    attempt_cells: Cells,
    ids: tuple[int, int, str],
    order: list[str],
    finished_at: dt.datetime | None,
    stored: dict[str, tuple],
    language: str,
) -> Iterator[list[Cell]]:
    """One attempt's rows in the order its learner saw the questions: each answered question,
    and when the attempt is finished the unanswered ones too. Each answer is described in the
    language it was answered in (`language`, the learner's, for answers stored before that).
    `ids`: the assignment's, the attempt's and its feedback mode."""
    assignment_id, attempt_id, feedback_mode = ids
    for position, question_id in enumerate(order, start=1):
        question = sheet.question_cells.get((assignment_id, question_id))
        response = stored.get(question_id)
        if question is None:
            continue
        if response is None:
            if finished_at is None:
                continue
            answer, at = sheet.unanswered_cells[(assignment_id, question_id)], None
            marked: tuple = (None, None, None)
        else:
            raw, fraction, earned, at, seen_in, *marked = response
            if type(at) is str:
                at = dt.datetime.fromisoformat(at)
            if seen_in and seen_in != language:
                seen_in = attempt_language(
                    sheet.packs[assignment_id], sheet.by_id[assignment_id], seen_in
                )
            answer = sheet.answer_cells(
                assignment_id, question_id, raw, seen_in or language, fraction, earned
            )
        row = [attempt_cells, position, question, answer, _in_zone(at, sheet.zone)]
        if sheet.evidence is not None:
            row.append(sheet.evidence(assignment_id, feedback_mode, question_id, *marked))
        if sheet.first_votes is not None:
            row.append(sheet.first_votes.get((attempt_id, question_id)))
        yield row


def export_filename(
    classroom: Classroom, what: str, fmt: str, assignment: Assignment | None = None
) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", classroom.name).strip("-").lower() or "class"
    quiz = ""
    if assignment is not None:
        quiz = "-" + (
            re.sub(r"[^A-Za-z0-9]+", "-", assignment.pack_slug).strip("-").lower() or "quiz"
        )
    return f"{slug}-{classroom.join_code}{quiz}-{what}-{dt.date.today().isoformat()}.{fmt}"


def table_for(
    classroom: Classroom, settings: ExportSettings, assignment: Assignment | None = None
) -> tuple[list[str], Iterator[list[Cell]]]:
    if settings.what == "scores":
        header, rows = score_table(classroom, assignment, settings.attempt)
    else:
        header, rows = response_table(classroom, assignment)
    return header, _kept_alive(rows, current_app.extensions.get("quizapp.heartbeat"))


HEARTBEAT_ROWS = 1000  # rows between two signs of life to the server (gunicorn.conf.py)


def _kept_alive(rows: Iterator[list[Cell]], heartbeat) -> Iterator[list[Cell]]:
    """The rows, telling the server every HEARTBEAT_ROWS rows that this worker is not stuck, so
    however large the class its download never meets the worker timeout."""
    if heartbeat is None:
        yield from rows
        return
    heartbeat()
    for count, row in enumerate(rows, start=1):
        if count % HEARTBEAT_ROWS == 0:
            heartbeat()
        yield row


def _sheet_title(what: str) -> str:
    return _("Scores") if what == "scores" else _("Responses")


def write_export(
    output: BinaryIO,
    classroom: Classroom,
    settings: ExportSettings,
    assignment: Assignment | None = None,
) -> None:
    """Write an export into a binary file (for the command line)."""
    header, rows = table_for(classroom, settings, assignment)
    if settings.fmt == "xlsx":
        write_xlsx(output, [(_sheet_title(settings.what), header, rows)])
    else:
        for chunk in csv_rows(header, rows, delimiter=settings.delimiter, decimal=settings.decimal):
            output.write(chunk.encode("utf-8"))


def export_response(
    classroom: Classroom, settings: ExportSettings, assignment: Assignment | None = None
) -> Response:
    """The export as a download: CSV streamed batch by batch, XLSX from a spooled file."""
    filename = export_filename(classroom, settings.what, settings.fmt, assignment)
    header, rows = table_for(classroom, settings, assignment)
    if settings.fmt == "csv":
        chunks = csv_rows(header, rows, delimiter=settings.delimiter, decimal=settings.decimal)
        response = Response(stream_with_context(chunks), mimetype="text/csv; charset=utf-8")
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    spool: BinaryIO = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    write_xlsx(spool, [(_sheet_title(settings.what), header, rows)])
    spool.seek(0)
    return send_file(
        spool,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        as_attachment=True,
        download_name=filename,
    )
