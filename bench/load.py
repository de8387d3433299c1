"""The load generator: learners as threads in a few client processes, each timing its requests.

Every learner has its own HTTP connection (http.client, keep-alive whenever the server allows it;
gunicorn's sync workers close the connection after each response, so a new one is opened) and its
own cookie jar. It walks the whole flow as a browser would, without following redirects:

    GET /join/<code>                             (form: the join form)
    POST /join/<code>                            (join: the PIN is hashed)
    GET /                                        (home)
    -- every learner waits here until the whole class has joined --
    -- with think time, each then reads for a while of their own before starting --
    POST /assignments/<id>/attempts              (start)
    GET and POST /attempts/<a>/questions/<n>     (page, answer), for every question
    GET /attempts/<a>/results                    (results)

The pause after joining lets the caller read the server's CPU time between the join part (PIN hashing)
and the quiz part. With think time, a learner pauses between a question's page and its answer (reading
and answering), as a class does; with none, the learners run flat out.
"""

import http.client
import multiprocessing
import queue
import random
import re
import resource
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

KINDS = ("form", "join", "home", "start", "page", "answer", "results")

CSRF_FIELD = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')
QUESTION_FIELD = re.compile(r'name="question" value="([^"]+)"')
CHOICE_INPUT = re.compile(r'type="(radio|checkbox)" name="answer" value="([^"]+)"')
SELECT_FIELD = re.compile(r'<select id="[^"]*" name="(match-[^"]+)">(.*?)</select>', re.S)
OPTION_VALUE = re.compile(r'<option value="([^"]+)">')
POSITION_FIELD = re.compile(r'<select id="[^"]*" name="(position-[^"]+)">')
PROGRESS = re.compile(r'<progress max="(\d+)"')
ASSIGNMENT_FORM = re.compile(r'action="/assignments/(\d+)/attempts"')
ATTEMPT_URL = re.compile(r"/attempts/(\d+)/questions/1\b")

_COUNTING = threading.Lock()  # learner threads of one process share its Tally's counters
NUMBERS = ("42", "1000", "3.5", "250000")
WORDS = ("Minsk", "Lukashenko", "no idea", "Kyiv")


class FlowError(Exception):
    """A request failed or answered something a learner could not go on from."""

    def __init__(self, kind: str, message: str):
        super().__init__(f"{kind}: {message}")
        self.kind = kind


@dataclass(frozen=True)
class Plan:
    """What the learners of one phase do, against which server."""

    host: str
    port: int
    join_code: str
    names: tuple[str, ...]
    think: float = 0.0  # mean pause (s) between a question's page and its answer
    spread: float = 0.0  # learners arrive over this many seconds
    reading: float = 0.0  # once all have joined, learners start the quiz over this many seconds
    seed: int = 2026
    pin: str = "4711"
    timeout: float = 120.0


@dataclass
class Tally:
    """What one client process saw: latencies by kind, acknowledged answers per attempt, errors."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: {k: [] for k in KINDS})
    errors: dict[str, int] = field(default_factory=dict)
    error_samples: list[str] = field(default_factory=list)
    acknowledged: dict[int, int] = field(default_factory=dict)  # attempt id -> answers with 303
    finished_learners: int = 0
    last_response_at: float = 0.0  # time.time() of the last response
    cpu_seconds: float = 0.0  # the client process's own user + system time

    def merge(self, other: "Tally") -> None:
        for kind, values in other.latencies.items():
            self.latencies.setdefault(kind, []).extend(values)
        for kind, count in other.errors.items():
            self.errors[kind] = self.errors.get(kind, 0) + count
        self.error_samples.extend(other.error_samples[: max(0, 5 - len(self.error_samples))])
        for attempt_id, count in other.acknowledged.items():
            self.acknowledged[attempt_id] = self.acknowledged.get(attempt_id, 0) + count
        self.finished_learners += other.finished_learners
        self.last_response_at = max(self.last_response_at, other.last_response_at)
        self.cpu_seconds += other.cpu_seconds

    @property
    def requests(self) -> int:
        return sum(len(v) for v in self.latencies.values())


def keep_cookies(cookies: dict[str, str], response: http.client.HTTPResponse) -> None:
    """Keep what the response's Set-Cookie headers set, and drop what they expire, as a browser
    would (the benchmark's clients send `cookies` back on their next request)."""
    for cookie in response.headers.get_all("Set-Cookie") or ():
        name, _, rest = cookie.partition("=")
        value = rest.split(";", 1)[0]
        if value and "max-age=0" not in cookie.lower():
            cookies[name.strip()] = value
        else:
            cookies.pop(name.strip(), None)


class Client:
    """One learner's browser: a connection, a cookie jar, and a stopwatch on every request."""

    def __init__(self, plan: Plan, tally: Tally):
        self.connection = http.client.HTTPConnection(plan.host, plan.port, timeout=plan.timeout)
        self.cookies: dict[str, str] = {}
        self.tally = tally

    def request(
        self, method: str, path: str, kind: str, expect: int, form: dict | None = None
    ) -> tuple[str, str]:
        """(body, Location header) of a response with the expected status; FlowError otherwise."""
        headers = {"Accept-Language": "en", "User-Agent": "quizapp-bench"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as error:
            self.connection.close()
            raise FlowError(kind, f"{method} {path}: {error!r}") from error
        elapsed = time.perf_counter() - started
        self.tally.last_response_at = time.time()
        keep_cookies(self.cookies, response)
        if response.status != expect:
            raise FlowError(kind, f"{method} {path} answered {response.status}, not {expect}")
        self.tally.latencies[kind].append(elapsed)
        return data.decode("utf-8"), response.getheader("Location") or ""

    def close(self) -> None:
        self.connection.close()


def _find(pattern: re.Pattern, text: str, kind: str, what: str) -> str:
    found = pattern.search(text)
    if found is None:
        raise FlowError(kind, f"no {what} in the page")
    return found.group(1)


def answer_form(page: str, rng: random.Random) -> dict:
    """A filled-in answer form for the question page: a random choice of what the page offers."""
    form: dict = {"csrf_token": _find(CSRF_FIELD, page, "page", "CSRF token")}
    question = QUESTION_FIELD.search(page)
    if question:  # a quiz page names its question; a live lesson's knows it by position
        form["question"] = question.group(1)
    choices = CHOICE_INPUT.findall(page)
    if choices:
        values = [value for _type, value in choices]
        if choices[0][0] == "checkbox":
            form["answer"] = rng.sample(values, rng.randint(1, len(values)))
        else:
            form["answer"] = rng.choice(values)
        return form
    positions = POSITION_FIELD.findall(page)
    if positions:  # an ordering question: every item its own position
        order = rng.sample(range(1, len(positions) + 1), len(positions))
        form.update({name: str(position) for name, position in zip(positions, order, strict=True)})
        return form
    selects = SELECT_FIELD.findall(page)
    if selects:
        for name, options in selects:
            form[name] = rng.choice(OPTION_VALUE.findall(options))
        return form
    if 'name="answer" type="text"' in page:
        form["answer"] = rng.choice(NUMBERS if 'class="number-answer"' in page else WORDS)
        return form
    raise FlowError("page", "no answer field in the question page")


def _pause(rng: random.Random, mean: float) -> None:
    if mean > 0:
        time.sleep(rng.uniform(0.5 * mean, 1.5 * mean))


def join_class(client, plan: Plan, name: str, rng: random.Random) -> tuple[str, str]:
    """Join the plan's classroom as `name`; (assignment id, CSRF token) from the home page.

    `client` is anything with Client.request's signature (the profiler passes a test client).
    """
    code = plan.join_code
    page, _ = client.request("GET", f"/join/{code}", "form", 200)
    form = {
        "csrf_token": _find(CSRF_FIELD, page, "form", "CSRF token"),
        "display_name": name,
        "pin": plan.pin,
        "pin_confirm": plan.pin,
    }
    _pause(rng, plan.think)
    client.request("POST", f"/join/{code}", "join", 303, form)
    home, _ = client.request("GET", "/", "home", 200)
    assignment_id = _find(ASSIGNMENT_FORM, home, "home", "assignment form")
    return assignment_id, _find(CSRF_FIELD, home, "home", "CSRF token")


def take_quiz(
    client, plan: Plan, assignment_id: str, token: str, rng: random.Random, tally: Tally
) -> None:
    """Start the assignment, answer every question after reading its page, see the results."""
    _pause(rng, plan.think)
    _, location = client.request(
        "POST", f"/assignments/{assignment_id}/attempts", "start", 303, {"csrf_token": token}
    )
    attempt_id = int(_find(ATTEMPT_URL, location, "start", "attempt in the redirect"))
    total = None
    position = 1
    while total is None or position <= total:
        path = f"/attempts/{attempt_id}/questions/{position}"
        page, _ = client.request("GET", path, "page", 200)
        if total is None:
            total = int(_find(PROGRESS, page, "page", "question count"))
        form = answer_form(page, rng)
        _pause(rng, plan.think)
        _, answered = client.request("POST", path, "answer", 303, form)
        tally.acknowledged[attempt_id] = tally.acknowledged.get(attempt_id, 0) + 1
        position += 1
    if answered.endswith("/summary"):  # deferred feedback: every answer in, then "Submit all"
        form = {"csrf_token": token}
        client.request("POST", f"/attempts/{attempt_id}/submit", "answer", 303, form)
    client.request("GET", f"/attempts/{attempt_id}/results", "results", 200)
    with _COUNTING:
        tally.finished_learners += 1


def record_error(tally: Tally, name: str, error: FlowError) -> None:
    with _COUNTING:
        tally.errors[error.kind] = tally.errors.get(error.kind, 0) + 1
        if len(tally.error_samples) < 5:
            tally.error_samples.append(f"{name}: {error}")


def _learner(plan: Plan, name: str, tally: Tally, joined, go) -> None:
    """One learner's whole flow; counts itself as joined (or failed) before waiting for the class."""
    rng = random.Random(f"{plan.seed}:{name}")
    client = Client(plan, tally)
    arrived = False
    try:
        if plan.spread:
            time.sleep(rng.uniform(0, plan.spread))
        assignment_id, token = join_class(client, plan, name, rng)
        arrived = True
        with joined.get_lock():
            joined.value += 1
        go.wait()
        if plan.reading:  # reading the article first, each at their own speed
            time.sleep(rng.uniform(0, plan.reading))
        take_quiz(client, plan, assignment_id, token, rng, tally)
    except FlowError as error:
        record_error(tally, name, error)
    finally:
        client.close()
        if not arrived:
            with joined.get_lock():
                joined.value += 1


def _client_process(plan: Plan, names: list[str], joined, go, results) -> None:
    """A client process: one thread per learner; puts its Tally on the results queue."""
    tally = Tally()
    before = resource.getrusage(resource.RUSAGE_SELF)
    threads = [
        threading.Thread(target=_learner, args=(plan, name, tally, joined, go), daemon=True)
        for name in names
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    after = resource.getrusage(resource.RUSAGE_SELF)
    tally.cpu_seconds = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    results.put(tally)


@dataclass
class PhaseTimes:
    started: float  # time.time() when the client processes were started
    class_joined: float  # when every learner had joined (or failed to)
    ended: float  # the last response


def run_phase(
    plan: Plan, processes: int, on_class_joined: Callable[[], None] | None = None
) -> tuple[Tally, PhaseTimes]:
    """Drive every learner of the plan from `processes` client processes.

    `on_class_joined` runs in this process once the whole class has joined, before the quiz starts
    (to read the server's CPU time there).
    """
    context = multiprocessing.get_context("spawn")
    joined = context.Value("i", 0)
    go = context.Event()
    results = context.Queue()
    processes = max(1, min(processes, len(plan.names)))
    workers = [
        context.Process(
            target=_client_process,
            args=(plan, list(plan.names[i::processes]), joined, go, results),
            daemon=True,
        )
        for i in range(processes)
    ]
    started = time.time()
    for worker in workers:
        worker.start()
    while joined.value < len(plan.names) and any(w.is_alive() for w in workers):
        time.sleep(0.005)
    class_joined = time.time()
    if on_class_joined is not None:
        on_class_joined()
    go.set()
    tally = Tally()
    received = 0
    while received < len(workers):
        try:
            tally.merge(results.get(timeout=1))
            received += 1
        except queue.Empty:
            if not any(w.is_alive() for w in workers):
                missing = len(workers) - received
                tally.errors["client"] = tally.errors.get("client", 0) + missing
                tally.error_samples.append(f"{missing} client process(es) died without a result")
                break
    for worker in workers:
        worker.join(timeout=30)
    return tally, PhaseTimes(started, class_joined, max(tally.last_response_at, class_joined))
