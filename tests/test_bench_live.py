"""The benchmark's live lesson phase (bench/live_lesson.py): its phones read a lesson's fragments
as static/live.js does, and a tiny lesson runs through two servers without sticky sessions."""

import contextlib
import random
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from factories import (
    CLASS_CODE,
    TEACHER_EMAIL,
    TEACHER_PASSWORD,
    make_assignment,
    make_classroom,
    make_instructor,
)
from werkzeug.serving import make_server

from bench.live_lesson import (
    CLASS_SIZE,
    SCHOOL_CORES,
    SCHOOL_SHARE,
    LessonRun,
    RoundRobin,
    Setting,
    classes_at_once,
    delays,
    drive_lesson,
    live_answer_form,
    question_key,
    request_costs,
    result_keys,
)

ROOT = Path(__file__).resolve().parent.parent
OPEN_QUESTION = """
<div id="live-main" data-live-poll="/live/4?part=main">
  <p id="live-news" hidden>Question 3 of 10</p>
  <form method="post" action="/live/4/answer">
    <input id="csrf_token" name="csrf_token" type="hidden" value="tok-123">
    <input type="hidden" name="position" value="3">
    <input value="2" type="hidden" name="round">
    <label><input type="radio" name="answer" value="a"> Minsk</label>
    <label><input type="radio" name="answer" value="b"> Kyiv</label>
    <button>Send</button>
  </form>
</div>
"""
WAITING = '<p id="live-news" hidden>Waiting for the next question</p>'


def test_an_open_question_is_known_by_position_and_round_and_answered_with_both():
    assert question_key(OPEN_QUESTION) == ("3", "2")
    assert question_key(WAITING) is None

    form = live_answer_form(OPEN_QUESTION, random.Random(1))

    assert form["csrf_token"] == "tok-123"
    assert (form["position"], form["round"]) == ("3", "2")
    assert form["answer"] in ("a", "b")
    assert "question" not in form


def test_the_round_robin_sends_each_request_to_the_next_server():
    balancer = RoundRobin([8001, 8002], start=1)

    assert [balancer.next_port() for _ in range(4)] == [8001, 8002, 8001, 8002]


def test_classes_at_once_share_half_of_a_two_core_server():
    per_learner_minute = 0.01  # CPU seconds

    classes = classes_at_once(per_learner_minute)

    budget = SCHOOL_CORES * 60 * SCHOOL_SHARE
    assert classes == budget / (per_learner_minute * CLASS_SIZE)


def test_the_request_log_tells_304_polls_from_200_polls_answers_and_the_teachers_requests(
    tmp_path,
):
    log = tmp_path / "requests.log"
    lines = [
        "GET /live/3 900 99.000 200",  # a phone joining, before the lobby's window
        "GET /live/3 400 100.500 304",
        "GET /live/3 600 100.600 304",
        "GET /live/3 2000 101.000 200",
        "POST /live/3/answer 5000 101.200 303",
        "GET /live/3/teach 300 101.300 304",
        "POST /live/3/step 4000 101.400 303",
        "GET /join/LIVE 1000 101.500 200",
    ]
    log.write_text("".join(f"{line}\n" for line in lines))

    costs = request_costs(log, since=100.0)

    assert costs["poll 304"] == (2, 0.5)
    assert costs["poll 200"] == (1, 2.0)
    assert costs["answer"] == (1, 5.0)
    assert costs["teacher 304"] == (1, 0.3)
    assert costs["step"] == (1, 4.0)
    assert costs["teacher 200"][0] == 0


class _Phone:
    def __init__(self, *seen):
        self.first_seen = [(when, ("1", "1")) for when in seen]


def test_the_delay_of_a_question_is_the_last_phones_and_a_phone_that_never_shows_it_is_counted():
    sent = [100.0, 110.0, 120.0]  # two questions, then the lesson's end
    phones = [_Phone(100.4, 110.2), _Phone(100.9), _Phone(101.0, 110.3)]

    last, every, missed = delays(phones, sent)

    assert [round(d, 2) for d in last] == [1.0, 0.3]
    assert len(every) == 5
    assert missed == 1


@contextlib.contextmanager
def _served(app, count: int):
    """`count` threaded servers of one app on 127.0.0.1, as the two gunicorn servers are."""
    servers = [make_server("127.0.0.1", 0, app, threaded=True) for _ in range(count)]
    threads = [threading.Thread(target=s.serve_forever, daemon=True) for s in servers]
    for thread in threads:
        thread.start()
    try:
        yield [server.server_port for server in servers]
    finally:
        for server in servers:
            server.shutdown()


def test_a_tiny_lesson_reaches_every_phone_through_two_servers_and_polls_answer_304(app):
    pytest.importorskip("quizapp.live", reason="the live lesson's routes (branch live)")
    teacher_id = make_instructor(app)
    assignment_id = make_assignment(app, make_classroom(app, teacher_id))
    setting = Setting(
        join_code=CLASS_CODE,
        teacher_email=TEACHER_EMAIL,
        teacher_password=TEACHER_PASSWORD,
        poll=0.2,
        lobby=0.6,
        answering=1.5,  # the phones answer 0.45 to 0.9 s after the question shows
        shown=0.2,
        answer_window=30,  # closed once all three have answered, however busy the machine
    )

    with _served(app, 2) as ports:
        lesson = LessonRun(ports, setting)
        result = drive_lesson(lesson, assignment_id, 3, 2, lambda: (time.process_time(), {}))

    assert result.errors == []
    assert result.missed == 0
    assert len(result.delays_last) == 2 and len(result.delays_all) == 6
    assert result.statuses.get(304, 0) > 0
    assert len(lesson.tally.latencies["answer"]) == 6
    assert result.late == 0
    assert "live_failed=0" in result_keys([result])


LIVE_RESULT = re.compile(
    r"RESULT live_next_p95_s=\d+\.\d\d live_wait_cpu_s_per_learner_min=\d+\.\d{3} "
    r"live_answer_cpu_s_per_learner_min=\d+\.\d{3} live_rapid_cpu_s_per_learner_min=\d+\.\d{3} "
    r"live_classes=\d+ live_failed=(\d+)"
)


@pytest.mark.slow  # starts gunicorn and migrates a database of its own
def test_the_live_phase_alone_ends_with_its_result_line():
    command = [sys.executable, "-m", "bench", "--only", "live", "--databases", "sqlite"]
    command += ["--live-learners", "3", "--live-questions", "1"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=180)
    output = done.stdout + done.stderr
    last_line = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    found = LIVE_RESULT.fullmatch(last_line)
    assert found, output[-4000:]
    assert found.group(1) == "0", output[-4000:]
    assert done.returncode == 0, output[-4000:]
    assert "poll 304" in done.stdout and "classes" in done.stdout
