"""Score and response exports of a classroom, as CSV or XLSX, streamed in bounded memory."""

import datetime as dt
import json
import re
import tempfile
from collections.abc import Iterator
from typing import Any, BinaryIO

from flask import Response, send_file, stream_with_context
from flask_babel import gettext as _
from sqlalchemy import Text, cast, select

from ..attempts import get_pack
from ..extensions import db
from ..models import Assignment, Attempt, Classroom, Learner
from ..models import Response as StoredResponse
from ..spreadsheets import csv_rows, write_xlsx
from ..views import localised

EXPORT_FORMATS = ("csv", "xlsx")
_BATCH = 1000


def _assignment_title(assignment: Assignment) -> str:
    pack = get_pack(assignment.pack_id)
    return localised(pack.title) if pack else assignment.pack_id


def score_table(classroom: Classroom) -> tuple[list[str], Iterator[list[Any]]]:
    """One row per learner: name, classroom, then for every attempt at every assignment its
    points, maximum, percent, start, finish and duration."""
    assignments = list(classroom.assignments)
    attempts = db.session.scalars(
        select(Attempt)
        .join(Assignment)
        .filter(Assignment.classroom_id == classroom.id)
        .order_by(Attempt.id)
    ).all()
    by_learner: dict[tuple[int, int], list[Attempt]] = {}
    for attempt in attempts:
        by_learner.setdefault((attempt.learner_id, attempt.assignment_id), []).append(attempt)
    columns = {
        a.id: max([len(v) for (_l, aid), v in by_learner.items() if aid == a.id], default=1)
        for a in assignments
    }
    header = [_("Name"), _("Class")]
    attempt_word = _("attempt")
    parts = [_("points"), _("maximum"), _("percent"), _("started"), _("finished"), _("duration")]
    for assignment in assignments:
        title = _assignment_title(assignment)
        for number in range(1, columns[assignment.id] + 1):
            prefix = f"{title} #{assignment.id}, {attempt_word} {number}"
            header += [f"{prefix}: {part}" for part in parts]

    # Read everything now: a streamed response runs the generator after the request's session ends.
    learners = [(le.id, le.display_name) for le in classroom.learners]
    learners.sort(key=lambda pair: pair[1].lower())
    name = classroom.name
    assignment_ids = [a.id for a in assignments]
    cells = {
        key: [
            (a.score, a.max_score, a.percent, a.started_at, a.finished_at, a.duration) for a in made
        ]
        for key, made in by_learner.items()
    }

    def rows() -> Iterator[list[Any]]:
        for learner_id, display_name in learners:
            row: list[Any] = [display_name, name]
            for assignment_id in assignment_ids:
                made = cells.get((learner_id, assignment_id), [])
                for number in range(columns[assignment_id]):
                    if number < len(made):
                        score, maximum, fraction, started, finished, took = made[number]
                        percent = round(100 * fraction, 1) if fraction is not None else None
                        row += [score, maximum, percent, started, finished, took]
                    else:
                        row += [None] * 6
            yield row

    return header, rows()


def response_table(classroom: Classroom) -> tuple[list[str], Iterator[list[Any]]]:
    """One row per learner and question answered, read from the database in batches."""
    header = [
        _("Name"),
        _("Class"),
        _("Quiz"),
        _("Attempt"),
        _("Question number"),
        _("Question"),
        _("Response"),
        _("Correct"),
        _("Points"),
        _("Maximum"),
        _("Answered at"),
    ]
    query = (
        select(
            Learner.display_name,
            Attempt.id,
            Attempt.assignment_id,
            # As text, decoded once per attempt below rather than once per response row.
            cast(Attempt.question_order, Text),
            StoredResponse.question_id,
            StoredResponse.given,
            StoredResponse.fraction,
            StoredResponse.points,
            StoredResponse.created_at,
            Assignment.pack_id,
        )
        .join(Attempt, StoredResponse.attempt_id == Attempt.id)
        .join(Learner, Attempt.learner_id == Learner.id)
        .join(Assignment, Attempt.assignment_id == Assignment.id)
        .filter(Assignment.classroom_id == classroom.id)
        .order_by(Learner.display_name, Attempt.id, StoredResponse.id)
        .execution_options(yield_per=_BATCH)
    )
    name = classroom.name

    def rows() -> Iterator[list[Any]]:
        titles: dict[str, str] = {}
        prompts: dict[tuple[str, str], tuple[str, float]] = {}
        numbers: dict[str, int] = {}
        numbered_attempt = None
        for (
            learner,
            attempt_id,
            _aid,
            order,
            question_id,
            given,
            fraction,
            points,
            at,
            pack_id,
        ) in db.session.connection().execute(query):  # plain rows: no ORM loading per row
            if pack_id not in titles:
                pack = get_pack(pack_id)
                titles[pack_id] = localised(pack.title) if pack else pack_id
                for q in pack.questions if pack else ():
                    prompts[(pack_id, q.id)] = (localised(q.prompt), q.points)
            prompt, maximum = prompts.get((pack_id, question_id), (question_id, None))
            if attempt_id != numbered_attempt:  # the rows come attempt by attempt
                numbers = {}
                for position, ordered_id in enumerate(json.loads(order), start=1):
                    numbers.setdefault(ordered_id, position)
                numbered_attempt = attempt_id
            number = numbers.get(question_id)
            yield [
                learner,
                name,
                titles[pack_id],
                attempt_id,
                number,
                prompt,
                given,
                fraction >= 1.0,
                points,
                maximum,
                at,
            ]

    return header, rows()


def export_filename(classroom: Classroom, what: str, fmt: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", classroom.name).strip("-").lower() or "class"
    return f"{slug}-{classroom.join_code}-{what}-{dt.date.today().isoformat()}.{fmt}"


def table_for(classroom: Classroom, what: str):
    return score_table(classroom) if what == "scores" else response_table(classroom)


def write_export(
    output: BinaryIO, classroom: Classroom, what: str, fmt: str, delimiter: str = ","
) -> None:
    """Write an export into a binary file (for the command line)."""
    header, rows = table_for(classroom, what)
    if fmt == "xlsx":
        write_xlsx(output, [(_sheet_title(what), header, rows)])
    else:
        for chunk in csv_rows(header, rows, delimiter=delimiter):
            output.write(chunk.encode("utf-8"))


def _sheet_title(what: str) -> str:
    return _("Scores") if what == "scores" else _("Responses")


def export_response(classroom: Classroom, what: str, fmt: str, delimiter: str) -> Response:
    """The export as a download: CSV streamed row batch by row batch, XLSX from a spooled file."""
    filename = export_filename(classroom, what, fmt)
    header, rows = table_for(classroom, what)
    if fmt == "csv":
        body = stream_with_context(csv_rows(header, rows, delimiter=delimiter))
        response = Response(body, mimetype="text/csv; charset=utf-8")
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    spool: BinaryIO = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    write_xlsx(spool, [(_sheet_title(what), header, rows)])
    spool.seek(0)
    return send_file(
        spool,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        as_attachment=True,
        download_name=filename,
    )
