"""The live lesson phase: a class of phones polling a teacher-paced lesson, as static/live.js does.

A teacher signs in and starts a live lesson of the seed pack; N learners join the class and open
the lesson's page, then each asks for its fragment every second with If-None-Match (the last ETag
it got). In the lobby every poll should answer 304. Then the teacher steps through a few questions
(next, a few seconds of answering, close, reveal, a moment to look, next ...); each phone answers
the question it sees once, after a pause of its own. Every request goes to the next app server in
turn (a tiny round-robin, no sticky sessions): two gunicorn servers on PostgreSQL, one on SQLite.

It reports the time from the teacher's "next" to the new question on the last phone (p95 over the
questions, and over every phone), the server CPU per learner per minute while waiting and while
answering (gunicorn and PostgreSQL), and from those how many such classes a school's single
server with two cores holds at once.

    .venv/bin/python -m bench --only live      (the last phase of `make bench`)
"""

import http.client
import math
import random
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlencode

from sqlalchemy import create_engine, update
from werkzeug.security import generate_password_hash

from . import databases
from .databases import Target
from .load import CSRF_FIELD, FlowError, Plan, answer_form, join_class, keep_cookies
from .report import fixed, percentile, ratio, table
from .servers import Server, postgres_backends_cpu

APP_SPEC = "quizapp:create_app()"
SECRET_KEY = "bench-live-secret-key"
TEACHER_EMAIL = "bench@example.org"  # the instructor databases.add_classrooms creates
TEACHER_PASSWORD = "bench live correct horse"
CODE = "LIVE"
POLL_SECONDS = 1.0  # static/live.js's interval
LOBBY_SECONDS = 8.0  # the waiting window measured, after the whole class has joined
ANSWERING_SECONDS = 3.0  # from "next" to "close": every phone answers in this time
SHOWN_SECONDS = 1.0  # the revealed answer on screen before the next question
AFTER_ANSWERING = ("close", "reveal")
SCHOOL_CORES = 2
SCHOOL_SHARE = 0.5  # a single server kept at half its CPU, for the rest of the school's use
CLASS_SIZE = 30  # a typical class, for the "classes at once" figure


@dataclass(frozen=True)
class Setting:
    """Who teaches which class, and the lesson's pace (the benchmark's; a test's is quicker)."""

    join_code: str = CODE
    teacher_email: str = TEACHER_EMAIL
    teacher_password: str = TEACHER_PASSWORD
    poll: float = POLL_SECONDS
    lobby: float = LOBBY_SECONDS
    answering: float = ANSWERING_SECONDS
    shown: float = SHOWN_SECONDS
    # The most the teacher waits for every phone's answer before closing a question, closing
    # as soon as all have answered; None: close after `answering` seconds (the benchmark's pace).
    answer_window: float | None = None


REVISION_FIELD = re.compile(r'<input[^>]*\bname="revision"[^>]*>')
POSITION_FIELD = re.compile(r'<input[^>]*\bname="position"[^>]*>')
ROUND_FIELD = re.compile(r'<input[^>]*\bname="round"[^>]*>')
VALUE = re.compile(r'\bvalue="([^"]*)"')
LESSON_URL = re.compile(r"/live/(\d+)/teach")
REQUEST_KINDS = (  # (kind, method, path, status or None for any) of the request log's lines
    ("poll 304", "GET", re.compile(r"^/live/\d+$"), "304"),
    ("poll 200", "GET", re.compile(r"^/live/\d+$"), "200"),
    ("answer", "POST", re.compile(r"^/live/\d+/answer$"), None),
    ("teacher 304", "GET", re.compile(r"^/live/\d+/teach$"), "304"),
    ("teacher 200", "GET", re.compile(r"^/live/\d+/teach$"), "200"),
    ("step", "POST", re.compile(r"^/live/\d+/step$"), None),
)
# A learner's minute of a lesson at a question a minute, polled every second: the page changes
# four times (the question opens, their answer is stored, answers close, the answer is shown).
LESSON_MINUTE = {"poll 304": 56, "poll 200": 4, "answer": 1}


def hidden_value(pattern: re.Pattern, page: str) -> str | None:
    """The value of the first <input> the pattern finds (attributes in any order), or None."""
    element = pattern.search(page)
    value = VALUE.search(element.group(0)) if element else None
    return value.group(1) if value else None


def question_key(fragment: str) -> tuple[str, str] | None:
    """(position, round) of the open question a learner's fragment offers, or None."""
    position = hidden_value(POSITION_FIELD, fragment)
    return (position, hidden_value(ROUND_FIELD, fragment) or "1") if position else None


def live_answer_form(fragment: str, rng: random.Random) -> dict:
    """The open question's form filled in at random, with its position and round."""
    form = answer_form(fragment, rng)
    form["position"], form["round"] = question_key(fragment) or ("", "")
    return form


def classes_at_once(cpu_per_learner_minute: float) -> float:
    """Classes of CLASS_SIZE a SCHOOL_CORES server keeps answering at SCHOOL_SHARE of its CPU."""
    budget = SCHOOL_CORES * 60.0 * SCHOOL_SHARE  # CPU seconds per minute
    return ratio(budget, cpu_per_learner_minute * CLASS_SIZE)


class RoundRobin:
    """The generator's load balancer: every request goes to the next server in turn."""

    def __init__(self, ports: list[int], start: int = 0):
        self.ports = ports
        self.turn = start

    def next_port(self) -> int:
        self.turn += 1
        return self.ports[self.turn % len(self.ports)]


@dataclass
class Tally:
    """Requests by kind (latencies in seconds), poll statuses, and the errors seen."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, seconds: float, status: int) -> None:
        with self.lock:
            self.latencies.setdefault(kind, []).append(seconds)
            if kind == "poll":
                self.statuses[status] = self.statuses.get(status, 0) + 1

    def error(self, message: str) -> None:
        with self.lock:
            self.errors.append(message)


class Browser:
    """One device: a cookie jar, and each request on a new connection to the next server
    (gunicorn's sync workers close the connection after every response anyway)."""

    def __init__(self, balancer: RoundRobin, tally: Tally, language: str = "en"):
        self.balancer = balancer
        self.tally = tally
        self.language = language
        self.cookies: dict[str, str] = {}

    def send(
        self, method: str, path: str, kind: str, form: dict | None = None, etag: str | None = None
    ) -> tuple[int, str, dict[str, str]]:
        """(status, body, headers) of one request; FlowError if the network fails."""
        headers = {"Accept-Language": self.language, "User-Agent": "quizapp-bench-live"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if etag:
            headers["If-None-Match"] = etag
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.balancer.next_port(), timeout=60)
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as error:
            raise FlowError(kind, f"{method} {path}: {error!r}") from error
        finally:
            connection.close()
        self.tally.add(kind, time.perf_counter() - started, response.status)
        keep_cookies(self.cookies, response)
        return response.status, data.decode("utf-8"), dict(response.headers.items())

    def request(
        self, method: str, path: str, kind: str, expect: int, form: dict | None = None
    ) -> tuple[str, str]:
        """bench/load.py's Client.request: (body, Location) if the status is `expect`."""
        status, body, headers = self.send(method, path, kind, form)
        if status != expect:
            raise FlowError(kind, f"{method} {path} answered {status}, not {expect}")
        return body, headers.get("Location", "")


class Phone(threading.Thread):
    """A learner's phone: joins, opens the lesson, polls like live.js and answers each question
    it sees once, after a pause of its own."""

    def __init__(self, name: str, lesson: "LessonRun", seed: int):
        super().__init__(daemon=True)
        self.name_shown = name
        self.lesson = lesson
        self.rng = random.Random(f"{seed}:{name}")
        self.browser = Browser(
            RoundRobin(lesson.ports, self.rng.randrange(len(lesson.ports))), lesson.tally
        )
        self.first_seen: list[tuple[float, tuple[str, str]]] = []  # (time, question) when new
        self.joined = threading.Event()

    def run(self) -> None:
        try:
            code = self.lesson.setting.join_code
            plan = Plan("127.0.0.1", self.lesson.ports[0], code, (self.name_shown,))
            join_class(self.browser, plan, self.name_shown, self.rng)
            self.browser.request("GET", self.lesson.path, "page", 200)
            self.joined.set()
            self.follow()
        except FlowError as error:
            self.lesson.tally.error(f"{self.name_shown}: {error}")
        finally:
            self.joined.set()

    def follow(self) -> None:
        etag, shown, answer_at, answered, seen = None, "", None, set(), set()
        setting = self.lesson.setting
        next_poll = time.monotonic()
        while not self.lesson.over.is_set():
            now = time.monotonic()
            if answer_at is not None and now >= answer_at:
                self.answer(shown, answered)
                answer_at = None
            if now >= next_poll:
                next_poll = now + setting.poll
                status, body, headers = self.browser.send(
                    "GET", self.lesson.poll, "poll", etag=etag
                )
                if status == 200:
                    etag, shown = headers.get("ETag"), body
                    key = question_key(body)
                    if key is not None and key not in seen:
                        seen.add(key)
                        self.first_seen.append((time.time(), key))
                        answer_at = time.monotonic() + self.rng.uniform(
                            0.3 * setting.answering, 0.6 * setting.answering
                        )
                elif status != 304:
                    raise FlowError("poll", f"GET {self.lesson.poll} answered {status}")
            time.sleep(max(0.0, min(next_poll, answer_at or next_poll) - time.monotonic()))

    def answer(self, fragment: str, answered: set) -> None:
        key = question_key(fragment)
        if key is None or key in answered:
            return
        answered.add(key)
        status, _, _ = self.browser.send(
            "POST", self.lesson.answer, "answer", live_answer_form(fragment, self.rng)
        )
        if status == 409:
            self.lesson.tally.add("late", 0.0, status)
        elif status not in (200, 303):
            raise FlowError("answer", f"POST {self.lesson.answer} answered {status}")


class LessonRun:
    """One lesson on one database: the servers' ports, the lesson's URLs, what was measured."""

    def __init__(self, ports: list[int], setting: Setting):
        self.ports = ports
        self.setting = setting
        self.lobby_from = 0.0  # when the lobby's measured window began (time.time())
        self.tally = Tally()
        self.over = threading.Event()
        self.lesson_id = 0

    @property
    def path(self) -> str:
        return f"/live/{self.lesson_id}"

    @property
    def poll(self) -> str:
        return f"{self.path}?part=main"

    @property
    def answer(self) -> str:
        return f"{self.path}/answer"


class Teacher:
    """The teacher's device: signs in, starts the lesson, and steps through it."""

    def __init__(self, lesson: LessonRun):
        self.lesson = lesson
        self.browser = Browser(RoundRobin(lesson.ports), lesson.tally)

    def start(self, assignment_id: int) -> int:
        page, _ = self.browser.request("GET", "/instructor/sign-in", "teacher", 200)
        setting = self.lesson.setting
        form = {
            "csrf_token": _token(page),
            "email": setting.teacher_email,
            "password": setting.teacher_password,
        }
        self.browser.request("POST", "/instructor/sign-in", "teacher", 303, form)
        page, _ = self.browser.request(
            "GET", f"/instructor/assignments/{assignment_id}", "teacher", 200
        )
        _, location = self.browser.request(
            "POST",
            f"/assignments/{assignment_id}/live",
            "teacher",
            303,
            {"csrf_token": _token(page)},
        )
        found = LESSON_URL.search(location)
        if found is None:
            raise FlowError("teacher", f"starting the lesson led to {location!r}")
        return int(found.group(1))

    def step(self, action: str) -> float:
        """One of the teacher's buttons, from the page as shown; time.time() when it was sent."""
        page, _ = self.browser.request("GET", f"{self.lesson.path}/teach", "teacher", 200)
        form = {
            "csrf_token": _token(page),
            "action": action,
            "revision": hidden_value(REVISION_FIELD, page) or "",
        }
        sent = time.time()
        self.browser.request("POST", f"{self.lesson.path}/step", "step", 303, form)
        return sent


class Projector(threading.Thread):
    """The teacher's page on the projector, polling its fragment like a phone."""

    def __init__(self, teacher: Teacher):
        super().__init__(daemon=True)
        self.lesson = teacher.lesson
        self.browser = Browser(RoundRobin(teacher.lesson.ports), teacher.lesson.tally)
        self.browser.cookies = dict(teacher.browser.cookies)

    def run(self) -> None:
        etag, path = None, f"{self.lesson.path}/teach?part=main"
        try:
            while not self.lesson.over.wait(self.lesson.setting.poll):
                status, _, headers = self.browser.send("GET", path, "projector", etag=etag)
                if status == 200:
                    etag = headers.get("ETag")
                elif status != 304:
                    raise FlowError("projector", f"GET {path} answered {status}")
        except FlowError as error:
            self.lesson.tally.error(f"projector: {error}")


def _token(page: str) -> str:
    found = CSRF_FIELD.search(page) or re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    if found is None:
        raise FlowError("teacher", "no CSRF token in the page")
    return found.group(1)


@dataclass
class LiveResult:
    """What one lesson on one database measured."""

    database: str
    servers: int
    learners: int
    questions: int
    delays_last: list[float]  # per question: "next" to the question on the last phone (s)
    delays_all: list[float]  # every phone, every question
    missed: int  # phones that never showed a question
    waiting_cpu: float  # CPU seconds per learner per minute while waiting (gunicorn + PostgreSQL)
    answering_cpu: float  # the same while answering
    waiting_postgres: float  # PostgreSQL's part of waiting_cpu
    answering_postgres: float
    costs: dict[str, tuple[int, float]]  # kind -> (requests, mean server CPU ms), the log's
    statuses: dict[int, int]
    late: int
    errors: list[str]

    @property
    def p95_last(self) -> float:
        return percentile(sorted(self.delays_last), 0.95)

    @property
    def p95_all(self) -> float:
        return percentile(sorted(self.delays_all), 0.95)

    def cost_ms(self, kind: str) -> float:
        return self.costs.get(kind, (0, math.nan))[1]

    @property
    def lesson_minute_cpu(self) -> float:
        """CPU seconds per learner in a minute of a lesson at a question a minute (LESSON_MINUTE):
        the lobby's measured minute (gunicorn, PostgreSQL and what the request log leaves out,
        such as accepting the connection) scaled by what that minute's requests cost more."""
        lesson = sum(count * self.cost_ms(kind) for kind, count in LESSON_MINUTE.items())
        lobby = 60 * self.cost_ms("poll 304")
        return self.waiting_cpu * ratio(lesson, lobby)

    @property
    def classes(self) -> float:
        return classes_at_once(self.lesson_minute_cpu)

    @property
    def classes_rapid(self) -> float:
        return classes_at_once(self.answering_cpu)


CpuReader = Callable[[], tuple[float, dict[int, float]]]


def servers_cpu(servers: list[Server], postgres_database: str | None) -> CpuReader:
    """Reads the app servers' CPU seconds and the lesson's PostgreSQL backends' (by pid)."""

    def read() -> tuple[float, dict[int, float]]:
        backends = postgres_backends_cpu(postgres_database) if postgres_database else {}
        return sum(server.cpu() for server in servers), backends

    return read


class Meter:
    """CPU seconds of the app servers and the database, and the time, summed over windows."""

    def __init__(self, read: CpuReader):
        self.read = read
        self.app = 0.0
        self.postgres = 0.0
        self.seconds = 0.0

    def _now(self) -> tuple[float, dict[int, float], float]:
        return *self.read(), time.perf_counter()

    def window(self, wait) -> None:
        """Adds the CPU used and the seconds taken while `wait()` runs."""
        app, backends, started = self._now()
        wait()
        app_after, backends_after, ended = self._now()
        self.app += app_after - app
        self.postgres += sum(cpu - backends.get(pid, 0.0) for pid, cpu in backends_after.items())
        self.seconds += ended - started

    def per_learner_minute(self, learners: int) -> tuple[float, float]:
        """(all, PostgreSQL's part) in CPU seconds per learner per minute."""
        minutes = self.seconds / 60.0
        return (
            ratio(self.app + self.postgres, learners * minutes),
            ratio(self.postgres, learners * minutes),
        )


def request_costs(log: Path, since: float) -> dict[str, tuple[int, float]]:
    """Requests and mean server CPU (ms) by kind (REQUEST_KINDS) logged since a time (after
    every phone has joined): what a 304 poll, a 200 poll and an answer cost."""
    spent: dict[str, list[float]] = {kind: [] for kind, *_ in REQUEST_KINDS}
    lines = log.read_text().splitlines() if log.exists() else []
    for method, path, micros, started, status in (line.split(" ") for line in lines):
        if float(started) < since:
            continue
        for kind, kind_method, pattern, kind_status in REQUEST_KINDS:
            if method == kind_method and pattern.match(path) and kind_status in (None, status):
                spent[kind].append(int(micros) / 1000)
                break
    return {kind: (len(v), sum(v) / len(v) if v else math.nan) for kind, v in spent.items()}


def prepare(target: Target) -> int:
    """A fresh database with the classroom, its assignment and the teacher's password; returns
    the assignment's id."""
    databases.recreate(target)
    databases.migrate_app_database(target.app_url)
    assignment_id = databases.add_classrooms(target.app_url, [CODE])[CODE]
    from quizapp.models import Instructor

    engine = create_engine(target.app_url)
    with engine.begin() as connection:
        connection.execute(
            update(Instructor.__table__)
            .where(Instructor.email == TEACHER_EMAIL)
            .values(password_hash=generate_password_hash(TEACHER_PASSWORD))
        )
    engine.dispose()
    return assignment_id


def start_servers(target: Target, count: int, cpu_log: Path) -> list[Server]:
    env = {
        "DATABASE_URL": target.app_url,
        "SECRET_KEY": SECRET_KEY,
        "PYTHONDONTWRITEBYTECODE": "1",
        "BENCH_REQUEST_CPU_LOG": str(cpu_log),
        "QUIZAPP_PUBLIC_URL": "http://127.0.0.1",
    }
    servers = [Server(f"live-{target.name}-{n + 1}", APP_SPEC, env) for n in range(count)]
    for server in servers:
        server.start()
    for server in servers:
        server.wait_ready(f"/join/{CODE}")
    return servers


def teach(teacher: Teacher, meters: dict[str, Meter], questions: int, learners: int) -> list[float]:
    """The lobby window, then `questions` questions; the time each "next" was sent."""
    setting, sent = teacher.lesson.setting, []

    def answers() -> int:
        return len(teacher.lesson.tally.latencies.get("answer", ()))

    def open_question() -> None:
        sent.append(teacher.step("next"))
        if setting.answer_window is None:
            time.sleep(setting.answering)
            return
        until = time.monotonic() + setting.answer_window
        while answers() < learners * len(sent) and time.monotonic() < until:
            time.sleep(0.02)

    teacher.lesson.lobby_from = time.time()
    meters["waiting"].window(lambda: time.sleep(setting.lobby))
    for _ in range(questions):
        meters["answering"].window(open_question)
        for action in AFTER_ANSWERING:
            teacher.step(action)
        time.sleep(setting.shown)
    sent.append(time.time() + setting.poll)  # the last question's end, for the delays
    teacher.step("end")
    return sent


def delays(phones: list[Phone], sent: list[float]) -> tuple[list[float], list[float], int]:
    """Per question the last phone's delay, every phone's delay, and the questions never shown."""
    last, every, missed = [], [], 0
    for opened, following in zip(sent, sent[1:], strict=False):
        seen = [
            min((t for t, _key in phone.first_seen if opened <= t < following), default=None)
            for phone in phones
        ]
        shown = [t - opened for t in seen if t is not None]
        missed += len(seen) - len(shown)
        every.extend(shown)
        if shown:
            last.append(max(shown))
    return last, every, missed


def drive_lesson(
    lesson: LessonRun, assignment_id: int, learners: int, questions: int, read: CpuReader
) -> LiveResult:
    """The teacher starts a lesson of the assignment, `learners` phones join and follow it for
    `questions` questions; what they measured (database and servers left for the caller)."""
    teacher = Teacher(lesson)
    lesson.lesson_id = teacher.start(assignment_id)
    Projector(teacher).start()
    phones = [Phone(f"Phone {n + 1:02d}", lesson, 27) for n in range(learners)]
    for phone in phones:
        phone.start()
    for phone in phones:
        phone.joined.wait(timeout=120)
    meters = {"waiting": Meter(read), "answering": Meter(read)}
    try:
        sent = teach(teacher, meters, questions, learners)
    finally:
        lesson.over.set()
    for phone in phones:
        phone.join(timeout=30)
    last, every, missed = delays(phones, sent)
    waiting, waiting_pg = meters["waiting"].per_learner_minute(learners)
    answering, answering_pg = meters["answering"].per_learner_minute(learners)
    return LiveResult(
        "",
        len(lesson.ports),
        learners,
        questions,
        last,
        every,
        missed,
        waiting,
        answering,
        waiting_pg,
        answering_pg,
        {},
        dict(lesson.tally.statuses),
        len(lesson.tally.latencies.get("late", [])),
        list(lesson.tally.errors),
    )


def run_lesson(target: Target, servers_count: int, learners: int, questions: int) -> LiveResult:
    """One live lesson on `target` with `servers_count` gunicorn servers; servers stopped after."""
    assignment_id = prepare(target)
    log = Path(tempfile.mkdtemp(prefix="bench-live-cpu-")) / "requests.log"
    servers = start_servers(target, servers_count, log)
    try:
        lesson = LessonRun([server.port for server in servers], Setting())
        postgres = target.app_database if target.name == "postgresql" else None
        result = drive_lesson(
            lesson, assignment_id, learners, questions, servers_cpu(servers, postgres)
        )
        costs = request_costs(log, lesson.lobby_from)  # every phone has joined
        return replace(result, database=target.name, costs=costs)
    except FlowError as error:
        logs = "\n".join(server.log_tail() for server in servers)
        raise RuntimeError(f"the live lesson on {target.name} failed: {error}\n{logs}") from error
    finally:
        for server in servers:
            server.signal_stop()
        for server in servers:
            server.wait_stopped()
            server.remove_log()
        shutil.rmtree(log.parent, ignore_errors=True)


def live_target(target: Target) -> Target:
    """The lesson's own database beside the load phases' (suffix _live; SQLite: its own file)."""
    base = target.app_url.rsplit(".db", 1)[0] if target.name == "sqlite" else target.app_url
    url = f"{base}_live.db" if target.name == "sqlite" else f"{base}_live"
    return Target(target.name, url, url)


def run_live(targets: list[Target], learners: int, questions: int) -> list[LiveResult]:
    """A lesson per database: two app servers on PostgreSQL, one on SQLite (the default setup)."""
    results = []
    for target in targets:
        servers = 2 if target.name == "postgresql" else 1
        print(f"[{target.name}] live lesson on {servers} app server(s)", flush=True)
        results.append(run_lesson(live_target(target), servers, learners, questions))
    return results


def print_live(results: list[LiveResult]) -> None:
    """Two tables: timing and CPU per learner per minute, then each kind of request's CPU."""
    rows = [
        [
            r.database,
            str(r.servers),
            fixed(r.p95_last),
            fixed(r.p95_all),
            f"{r.missed}/{r.late}",
            fixed(r.waiting_cpu, 3),
            fixed(r.lesson_minute_cpu, 3),
            fixed(r.answering_cpu, 3),
            fixed(100 * ratio(r.answering_postgres, r.answering_cpu), 0),
            fixed(r.classes, 0),
            fixed(r.classes_rapid, 0),
        ]
        for r in results
    ]
    learners = results[0].learners if results else 0
    questions = results[0].questions if results else 0
    print()
    print(
        f"Live lesson: {learners} phones polling every {POLL_SECONDS:g} s with If-None-Match, "
        f"{questions} questions at a rapid pace (a question every "
        f"{ANSWERING_SECONDS + SHOWN_SECONDS:g} s or so), round-robin over the app servers"
    )
    header = ["live lesson", "servers", "next p95 s", "all p95 s", "missed/late"]
    header += ["wait cpu", "minute cpu", "rapid cpu", "pg %", "classes", "rapid classes"]
    print(table(header, rows))
    print(
        "  next p95: from the teacher's 'next' to the question on the last phone, p95 over the "
        "questions (all: every phone, every question). cpu: server CPU seconds per learner per "
        "minute, gunicorn and PostgreSQL (pg %: PostgreSQL's share while answering): wait, "
        "measured in the lobby (every poll 304); minute, a lesson at a question a minute (per "
        "minute: " + ", ".join(f"{n} {kind}" for kind, n in LESSON_MINUTE.items()) + "; the "
        "lobby's minute scaled by the costs below); rapid, measured at this run's pace. classes: "
        "classes of "
        f"{CLASS_SIZE} at once on a {SCHOOL_CORES}-core server at {SCHOOL_SHARE:.0%} of its CPU."
    )
    kinds = [kind for kind, *_ in REQUEST_KINDS]
    print(
        table(
            ["server CPU ms (requests)", *kinds],
            [
                [r.database]
                + [f"{fixed(r.cost_ms(k))} ({r.costs.get(k, (0, 0))[0]})" for k in kinds]
                for r in results
            ],
        )
    )
    for r in results:
        for message in r.errors[:5]:
            print(f"  {r.database} error: {message}")


def result_keys(results: list[LiveResult]) -> str:
    """The live lesson's part of the RESULT line: the worst database's figures."""

    def worst(values: list[float], pick) -> float:
        values = [v for v in values if not math.isnan(v)]
        return pick(values) if values else math.nan

    p95 = worst([r.p95_last for r in results], max)
    waiting = worst([r.waiting_cpu for r in results], max)
    answering = worst([r.lesson_minute_cpu for r in results], max)
    rapid = worst([r.answering_cpu for r in results], max)
    classes = worst([r.classes for r in results], min)
    failed = sum(len(r.errors) + r.missed for r in results)
    return (
        f"live_next_p95_s={p95:.2f} live_wait_cpu_s_per_learner_min={waiting:.3f} "
        f"live_answer_cpu_s_per_learner_min={answering:.3f} "
        f"live_rapid_cpu_s_per_learner_min={rapid:.3f} live_classes={classes:.0f} "
        f"live_failed={failed}"
    )


def failed(results: list[LiveResult]) -> bool:
    """Whether a lesson went wrong: a request failed or a phone never showed a question."""
    return any(r.errors or r.missed for r in results)
