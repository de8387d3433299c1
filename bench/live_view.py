"""What the teacher's live view costs the server while a class answers: a short, bounded measurement.

35 learners in one class work through the seed quiz (a few answers stored between polls, as a class
answering a question every 30 s or so does in 5 s), while the teacher's page fetches the live table
every 5 s. The script times only the live-view requests (CPU of this process and wall clock) and
reports the cost per poll and as a share of one core at one poll per 5 s.

    .venv/bin/python -m bench.live_view [--learners 35] [--polls 60]
"""

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from werkzeug.datastructures import MultiDict
from werkzeug.security import generate_password_hash

from quizapp import create_app
from quizapp.attempts import record_response, start_attempt
from quizapp.constants import FeedbackMode
from quizapp.engine import question_type
from quizapp.extensions import db
from quizapp.models import Assignment, Classroom, Instructor, Learner
from quizapp.packs import newest_version_id, published_pack

POLL_SECONDS = 5.0
ANSWER_EVERY_SECONDS = 30.0  # how often one learner sends an answer, on average


def build_class(app, learners: int):
    pack = published_pack("belarus-ukraine-war")
    teacher = Instructor(
        email="t@example.org", password_hash=generate_password_hash("pw long enough")
    )
    classroom = Classroom(instructor=teacher, name="9b", join_code="LIVE35")
    assignment = Assignment(  # pinned to the newest version, as the app pins every assignment
        classroom=classroom,
        pack_slug=pack.id,
        pack_version_id=newest_version_id(pack.id),
        feedback_mode=FeedbackMode.AFTER_ATTEMPT,
    )
    db.session.add_all([teacher, classroom, assignment])
    db.session.commit()
    attempts = []
    for number in range(learners):
        learner = Learner(display_name=f"Learner {number}", classroom=classroom, locale="en")
        db.session.add(learner)
        db.session.commit()
        attempts.append(start_attempt(learner, pack, assignment.feedback_mode, assignment).id)
    return pack, assignment.id, attempts


def answer_some(pack, attempt_ids, count: int, rng: random.Random) -> None:
    from quizapp.models import Attempt

    for attempt_id in rng.sample(attempt_ids, min(count, len(attempt_ids))):
        attempt = db.session.get(Attempt, attempt_id)
        position = attempt.resume_point
        if position is None:
            continue
        question = pack.question(attempt.question_order[position - 1])
        qtype = question_type(question.type)
        form = MultiDict(qtype.sample_form(question, rng.random() < 0.6, rng))
        record_response(attempt, question, qtype.form_response(question, form), "en", form)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=35)
    parser.add_argument("--polls", type=int, default=60)
    args = parser.parse_args()
    rng = random.Random(15)
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {
                "SECRET_KEY": "live-view-measurement",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(folder) / 'live.db'}",
                "WTF_CSRF_ENABLED": False,
            }
        )
        with app.app_context():
            db.create_all()
            pack, assignment_id, attempts = build_class(app, args.learners)
        client = app.test_client()
        signed_in = client.post(
            "/instructor/sign-in", data={"email": "t@example.org", "password": "pw long enough"}
        )
        assert signed_in.status_code == 303, signed_in.status_code
        per_poll = round(args.learners * POLL_SECONDS / ANSWER_EVERY_SECONDS)
        cpu, wall, sizes = [], [], []
        for _ in range(args.polls):
            with app.app_context():
                answer_some(pack, attempts, per_poll, rng)
            started_cpu, started = time.process_time(), time.perf_counter()
            reply = client.get(f"/instructor/assignments/{assignment_id}/live?part=table")
            cpu.append(time.process_time() - started_cpu)
            wall.append(time.perf_counter() - started)
            assert reply.status_code == 200
            sizes.append(len(reply.data))
        median_cpu = statistics.median(cpu) * 1000
        print(
            f"live view, {args.learners} learners, {args.polls} polls ({per_poll} answers between"
            f" polls): CPU median {median_cpu:.1f} ms, p95 {sorted(cpu)[int(0.95 * len(cpu))] * 1000:.1f}"
            f" ms per poll; wall median {statistics.median(wall) * 1000:.1f} ms;"
            f" {statistics.median(sizes) / 1024:.1f} KiB per reply;"
            f" at one poll per {POLL_SECONDS:.0f} s: {median_cpu / (10 * POLL_SECONDS):.2f} % of one core"
        )


if __name__ == "__main__":
    main()
