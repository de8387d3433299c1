"""The export benchmark: a classroom with many stored responses, exported as CSV and as XLSX.

The responses are bulk-inserted (one attempt of 36 answers per learner, the last learner's cut short
to make the count exact). Each export then runs in a fresh process (bench/export_probe.py) calling
quizapp.instructor.exports.write_export, as `flask scores export --responses` does, so the peak
resident memory it reports is the export's and the app's, not this benchmark's.
"""

import datetime as dt
import json
import math
import random
import subprocess
import sys
from dataclasses import dataclass

from sqlalchemy import create_engine, insert

from .servers import ROOT

EXPORT_CODE = "EXPORT"
BATCH = 5000


@dataclass
class ExportResult:
    database: str
    fmt: str
    rows: int
    seconds: float
    cpu_seconds: float
    peak_rss_mb: float
    rss_before_mb: float
    file_mb: float
    error: str = ""


def _raw_answers(question, rng: random.Random) -> list:
    """Raw responses a learner might give: the right one and a few wrong ones."""
    from werkzeug.datastructures import MultiDict

    from quizapp.engine import question_type

    qtype = question_type(question.type)
    forms = [qtype.sample_form(question, True, rng)]
    forms += [qtype.sample_form(question, False, rng) for _ in range(2)]
    return [qtype.form_response(question, MultiDict(form)) for form in forms]


def fill_responses(url: str, rows: int, seed: int = 2026) -> int:
    """A classroom (join code EXPORT) holding exactly `rows` responses; returns the learner count."""
    from quizapp.bank import load_packs
    from quizapp.config import default_questions_dir
    from quizapp.engine import grade_answer, read_response
    from quizapp.engine.types import plain_answer
    from quizapp.models import Attempt, Learner, Response

    from .databases import PACK_ID, add_classrooms

    pack = load_packs(default_questions_dir())[PACK_ID]
    rng = random.Random(seed)
    variants = {}
    for question in pack.questions:
        variants[question.id] = []
        for raw in _raw_answers(question, rng):
            answer = read_response(question, raw, "en")
            grade = grade_answer(question, answer)
            variants[question.id].append(
                (answer, plain_answer(answer), grade.fraction, grade.points)
            )
    order = [q.id for q in pack.questions]
    assignment_id = add_classrooms(url, [EXPORT_CODE])[EXPORT_CODE]
    learner_count = math.ceil(rows / len(order))
    start = dt.datetime(2026, 11, 20, 8, 0, 0)
    engine = create_engine(url)
    with engine.begin() as connection:
        classroom_id = connection.exec_driver_sql(
            f"SELECT classroom_id FROM assignment WHERE id = {int(assignment_id)}"
        ).scalar_one()
        first_id = (connection.exec_driver_sql("SELECT max(id) FROM learner").scalar() or 0) + 1
        first_attempt = (
            connection.exec_driver_sql("SELECT max(id) FROM attempt").scalar() or 0
        ) + 1
        learner_rows, attempt_rows, response_rows = [], [], []
        left = rows
        for index in range(learner_count):
            learner_id, attempt_id = first_id + index, first_attempt + index
            name = f"Learner {index + 1:05d}"
            learner_rows.append(
                {
                    "id": learner_id,
                    "display_name": name,
                    "name_key": name.lower(),
                    "classroom_id": classroom_id,
                    "pin_hash": "!",
                    "locale": "en",
                    "created_at": start,
                }
            )
            answered = order[: min(left, len(order))]
            left -= len(answered)
            began = start + dt.timedelta(seconds=index)
            points = 0.0
            for position, question_id in enumerate(answered):
                answer, given, fraction, score = rng.choice(variants[question_id])
                points += score
                response_rows.append(
                    {
                        "attempt_id": attempt_id,
                        "question_id": question_id,
                        "answer": answer,
                        "given": given,
                        "fraction": fraction,
                        "points": score,
                        "created_at": began + dt.timedelta(seconds=30 * (position + 1)),
                    }
                )
            attempt_rows.append(
                {
                    "id": attempt_id,
                    "learner_id": learner_id,
                    "assignment_id": assignment_id,
                    "pack_id": PACK_ID,
                    "feedback_mode": "after_attempt",
                    "question_order": order,
                    "seed": rng.randrange(2**31),
                    "shuffle_options": False,
                    "started_at": began,
                    "deadline": None,
                    "finished_at": began + dt.timedelta(seconds=30 * (len(answered) + 1)),
                    "finish_reason": "submitted",
                    "score": points,
                    "max_score": pack.max_points,
                }
            )
        for table, values in (
            (Learner.__table__, learner_rows),
            (Attempt.__table__, attempt_rows),
            (Response.__table__, response_rows),
        ):
            for offset in range(0, len(values), BATCH):
                connection.execute(insert(table), values[offset : offset + BATCH])
        if engine.dialect.name == "postgresql":  # explicit ids: move the sequences past them
            for table in ("learner", "attempt"):
                connection.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))"
                )
    # A school's database has its planner statistics: PostgreSQL's autovacuum gathers them within
    # a minute or so of a bulk change. Exporting straight after this bulk insert would measure
    # tables the planner has never seen (0.2-0.4 s more on PostgreSQL), so they are gathered now.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("ANALYZE")
    engine.dispose()
    return learner_count


def measure(database: str, url: str, fmt: str, rows: int, timeout: float = 900) -> ExportResult:
    """Export the EXPORT classroom's responses in a fresh process and read what it reports."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.export_probe", url, EXPORT_CODE, fmt],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        error = (done.stderr.strip().splitlines() or ["no output"])[-1]
        nan = math.nan
        return ExportResult(database, fmt, rows, nan, nan, nan, nan, nan, error)
    report = json.loads(lines[-1])
    return ExportResult(
        database,
        fmt,
        report["rows"],
        report["seconds"],
        report["cpu_seconds"],
        report["peak_rss_mb"],
        report["rss_before_mb"],
        report["file_mb"],
    )
