"""Simulated learners for the load tests, talking HTTP to a real server as a browser without JavaScript.

Each learner signs in with the class code, name and PIN, starts the assignment and answers questions
one page at a time, right or wrong at random. It notes every answer the server acknowledged (303) and
every status it saw. A request that dies (connection reset, empty reply, timeout) is handled the way
a learner would: a lost answer is sent again or the learner reloads the attempt and goes on from where
the server says the attempt stands. The learners run in several processes with threads in each, and
nothing here imports the app: only the URLs and the HTML the server sends.
"""

import html
import http.client
import multiprocessing
import queue
import random
import re
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.cookiejar import CookieJar
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode, urlsplit
from urllib.request import HTTPCookieProcessor, HTTPRedirectHandler, Request, build_opener

CSRF_FIELD = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')
QUESTION_FIELD = re.compile(r'name="question" value="([^"]+)"')
PROMPT = re.compile(
    r'class="question-prompt"[^>]*>(.*?)(?:<span class="hint"|</legend>|</label>)', re.DOTALL
)
QUESTION_URL = re.compile(r"^/attempts/(\d+)/questions/(\d+)$")
ATTEMPT_URL = re.compile(r"^/attempts/(\d+)")
RESULTS_URL = re.compile(r"^/attempts/\d+/results$")
SAVED_ANSWER = 'class="notice saved-answer"'  # a deferred question shown with its stored answer
SUMMARY_URL = re.compile(r"^/attempts/\d+/summary$")  # every question answered, not yet submitted


def prompt_text(text: str) -> str:
    """A question's prompt as the answer book keys it: whitespace collapsed."""
    return " ".join(text.split())


@dataclass(frozen=True)
class Plan:
    """What every learner of one run does, and the limits it keeps to."""

    base_url: str
    join_code: str
    assignment_id: int
    pin: str
    book: dict[str, tuple[dict, dict]]  # prompt -> (form of a right answer, form of a wrong one)
    deadline: float  # time.time() after which no learner sends another request
    lost_answer: str = (
        "retry"  # "retry": send a lost answer once more; "resume": reload the attempt
    )
    double_click: bool = False  # send one answer twice at once, and another once more later
    timeout: float = 30.0  # seconds for one request


@dataclass(frozen=True)
class Task:
    name: str
    answers: int  # how many questions, in order from the first, this learner answers
    seed: int


@dataclass
class Outcome:
    name: str
    attempt_id: int | None = None
    acknowledged: list[tuple[int, bool]] = field(default_factory=list)  # (position, answered right)
    statuses: Counter = field(default_factory=Counter)
    lost: list[str] = field(default_factory=list)  # requests that died, "METHOD path: error"
    resumed: int = 0
    done: bool = False
    error: str | None = None


class Lost(Exception):
    """The request got no HTTP response: the connection broke, or it timed out."""


class Unexpected(Exception):
    """The server answered something a learner's browser would not expect here."""


@dataclass(frozen=True)
class Reply:
    status: int
    location: str | None
    body: str


class _KeepRedirects(HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the caller sees the 302/303 itself (a 303 is how an answer is acknowledged)


class Browser:
    """One learner's browser: a cookie jar and requests with a timeout, redirects not followed."""

    def __init__(self, plan: Plan, outcome: Outcome, lost_counter):
        self.plan = plan
        self.outcome = outcome
        self.lost_counter = lost_counter
        self.opener = build_opener(HTTPCookieProcessor(CookieJar()), _KeepRedirects)

    def request(self, method: str, path: str, form: dict | None = None) -> Reply:
        if time.time() > self.plan.deadline:
            raise Unexpected(f"the overall deadline passed before {method} {path}")
        data = urlencode(form, doseq=True).encode() if form is not None else None
        request = Request(
            self.plan.base_url + path, data=data, method=method, headers={"Accept-Language": "en"}
        )
        try:
            try:
                with self.opener.open(request, timeout=self.plan.timeout) as response:
                    reply = Reply(
                        response.status, response.headers.get("Location"), _text(response)
                    )
            except HTTPError as error:  # a redirect or an error page: its body is read here too
                with error:
                    reply = Reply(error.code, error.headers.get("Location"), _text(error))
        except (URLError, OSError, http.client.HTTPException) as error:
            # No connection, or one that died before the whole reply came (a killed worker may
            # have sent a 303's headers but not its body): the request is lost to the learner.
            self.outcome.lost.append(f"{method} {path}: {error!r}")
            with self.lost_counter.get_lock():
                self.lost_counter.value += 1
            raise Lost(f"{method} {path}") from error
        self.outcome.statuses[reply.status] += 1
        if reply.status >= 500:
            raise Unexpected(f"{method} {path} answered {reply.status}: {reply.body[:300]}")
        return reply

    def get(self, path: str) -> Reply:
        return self.request("GET", path)

    def post(self, path: str, form: dict) -> Reply:
        return self.request("POST", path, form)


def _text(response) -> str:
    return response.read().decode("utf-8", errors="replace")


def _path(location: str | None) -> str:
    return urlsplit(location or "").path


def _csrf(reply: Reply) -> str:
    found = CSRF_FIELD.search(reply.body)
    if reply.status != 200 or not found:
        raise Unexpected(f"no form with a CSRF token (status {reply.status})")
    return found.group(1)


def _expect(reply: Reply, status: int, what: str) -> Reply:
    if reply.status != status:
        raise Unexpected(f"{what}: {reply.status}, expected {status}: {reply.body[:300]}")
    return reply


class Learner:
    """One simulated learner: signs in, starts the assignment, answers `task.answers` questions."""

    def __init__(self, plan: Plan, task: Task, lost_counter, acknowledged_counter):
        self.plan = plan
        self.task = task
        self.outcome = Outcome(task.name)
        self.browser = Browser(plan, self.outcome, lost_counter)
        self.acknowledged_counter = acknowledged_counter
        self.random = random.Random(task.seed)
        self.sent: dict[int, dict] = {}  # position -> the acknowledged answer's form
        self.change = 0  # the position answered twice, the second answer standing

    def run(self) -> Outcome:
        try:
            position = self.start()
            rights = [self.random.random() < 0.5 for _ in range(self.task.answers)]
            double = self.random.randrange(1, self.task.answers + 1)
            again = self.random.randrange(1, self.task.answers + 1)
            self.change = self.random.randrange(1, self.task.answers + 1)
            while position is not None and position <= self.task.answers:
                position = self.answer(position, rights[position - 1], position == double)
                if self.plan.double_click and again in self.sent:
                    self.send_again(self.sent.pop(again), again)
            self.outcome.done = True
        except (Unexpected, Lost) as error:
            self.outcome.error = f"{type(error).__name__}: {error}"
        return self.outcome

    def start(self) -> int | None:
        """Sign in and start the assignment (or land in the attempt started before); the position."""
        for _ in range(5):
            try:
                return self._sign_in_and_start()
            except Lost:
                time.sleep(0.2)
        raise Unexpected("could not sign in and start in 5 tries")

    def _sign_in_and_start(self) -> int | None:
        code = self.plan.join_code
        token = _csrf(self.browser.get(f"/sign-in?code={code}"))
        form = {"csrf_token": token, "code": code, "display_name": self.task.name}
        _expect(self.browser.post("/sign-in", {**form, "pin": self.plan.pin}), 303, "sign in")
        token = _csrf(self.browser.get("/"))
        path = f"/assignments/{self.plan.assignment_id}/attempts"
        started = _expect(self.browser.post(path, {"csrf_token": token}), 303, "start")
        target = _path(started.location)
        found = ATTEMPT_URL.match(target)
        if not found:
            raise Unexpected(f"starting led to {target}")
        self.outcome.attempt_id = int(found.group(1))
        at_question = QUESTION_URL.match(target)
        return int(at_question.group(2)) if at_question else self.resume()

    def question_path(self, position: int) -> str:
        return f"/attempts/{self.outcome.attempt_id}/questions/{position}"

    def answer(self, position: int, right: bool, double_click: bool) -> int | None:
        """Answer the question at `position`; the position to go on with (None: attempt finished)."""
        try:
            page = self.browser.get(self.question_path(position))
        except Lost:
            return self.resume()
        if page.status in (302, 303):  # not this question (yet): where the attempt stands
            return self.position_at(page.location)
        _expect(page, 200, f"question {position}")
        key = QUESTION_FIELD.search(page.body)
        if key is None or SAVED_ANSWER in page.body:
            return position + 1  # already answered: an answer whose reply was lost had been stored
        form = {"csrf_token": _csrf(page), "question": key.group(1), **self.form_for(page, right)}
        if position == self.change:  # a change of mind: first the other answer, then this one
            other = {**form, **self.form_for(page, not right)}
            try:
                _expect(self.post_answer(position, other), 303, f"first answer to {position}")
            except Lost:
                return self.resume()
        try:
            if double_click and self.plan.double_click:
                replies = self.post_twice_at_once(position, form)
            else:
                replies = [self.post_answer(position, form)]
        except Lost:
            return self.resume()
        for reply in replies:
            _expect(reply, 303, f"answer to question {position}")
        self.acknowledge(position, right, form)
        if any(SUMMARY_URL.match(_path(reply.location)) for reply in replies):
            return self.submit()
        return position + 1

    def submit(self) -> None:
        """Every question answered (deferred feedback): "Submit all" on the summary page."""
        for _ in range(5):
            try:
                page = self.browser.get(f"/attempts/{self.outcome.attempt_id}/summary")
                if page.status in (302, 303):  # submitted already: a lost reply had gone through
                    return None
                form = {"csrf_token": _csrf(page)}
                reply = self.browser.post(f"/attempts/{self.outcome.attempt_id}/submit", form)
                _expect(reply, 303, "submit all")
                return None
            except Lost:
                time.sleep(0.2)
        raise Unexpected("could not submit the attempt in 5 tries")

    def form_for(self, page: Reply, right: bool) -> dict:
        found = PROMPT.search(page.body)
        prompt = prompt_text(html.unescape(found.group(1))) if found else ""
        if prompt not in self.plan.book:
            raise Unexpected(f"a question the answer book does not know: {prompt[:80]!r}")
        return self.plan.book[prompt][0 if right else 1]

    def post_answer(self, position: int, form: dict) -> Reply:
        try:
            return self.browser.post(self.question_path(position), form)
        except Lost:
            if self.plan.lost_answer != "retry":
                raise
            return self.browser.post(self.question_path(position), form)  # once more, same answer

    def post_twice_at_once(self, position: int, form: dict) -> list[Reply]:
        """A double click: the same answer sent twice at the same moment, on two connections."""
        barrier = threading.Barrier(2)
        replies: list[Reply | Exception] = [None, None]

        def send(slot: int) -> None:
            barrier.wait(timeout=10)
            try:
                replies[slot] = self.browser.post(self.question_path(position), form)
            except (Lost, Unexpected) as error:
                replies[slot] = error

        other = threading.Thread(target=send, args=(1,))
        other.start()
        send(0)
        other.join(self.plan.timeout + 10)
        for reply in replies:
            if isinstance(reply, Exception):
                raise reply
        return replies

    def send_again(self, form: dict, position: int) -> None:
        """A retried POST: an answer already acknowledged is sent again, as after a lost reply."""
        reply = self.browser.post(self.question_path(position), form)
        _expect(reply, 303, f"the same answer to question {position} sent again")

    def acknowledge(self, position: int, right: bool, form: dict) -> None:
        self.sent[position] = form
        self.outcome.acknowledged.append((position, right))
        with self.acknowledged_counter.get_lock():
            self.acknowledged_counter.value += 1

    def resume(self) -> int | None:
        """Reload the attempt, as a learner does after an error: where the server says it stands."""
        self.outcome.resumed += 1
        for _ in range(20):
            try:
                return self.position_at(
                    self.browser.get(f"/attempts/{self.outcome.attempt_id}").location
                )
            except Lost:
                time.sleep(0.25)
        raise Unexpected("the attempt could not be reloaded in 20 tries")

    def position_at(self, location: str | None) -> int | None:
        target = _path(location)
        if RESULTS_URL.match(target):
            return None
        if SUMMARY_URL.match(target):
            return self.submit()
        found = QUESTION_URL.match(target)
        if not found:
            raise Unexpected(f"the attempt led to {target!r}")
        return int(found.group(2))


def _run_share(plan, tasks, threads, results, lost_counter, acknowledged_counter) -> None:
    with ThreadPoolExecutor(max_workers=threads) as pool:
        futures = [
            pool.submit(Learner(plan, task, lost_counter, acknowledged_counter).run)
            for task in tasks
        ]
        for future in futures:
            results.put(future.result())


@dataclass
class Swarm:
    """Learners running in `processes` processes with `threads` threads each (one learner a thread)."""

    plan: Plan
    tasks: list[Task]
    processes: int = 4
    threads: int = 50

    def __post_init__(self):
        context = multiprocessing.get_context("fork")
        self.lost = context.Value("i", 0)
        self.acknowledged = context.Value("i", 0)
        self._results = context.Queue()
        self._workers = [
            context.Process(
                target=_run_share,
                args=(
                    self.plan,
                    self.tasks[i :: self.processes],
                    self.threads,
                    self._results,
                    self.lost,
                    self.acknowledged,
                ),
                daemon=True,
            )
            for i in range(self.processes)
        ]

    def start(self) -> None:
        for worker in self._workers:
            worker.start()

    def stop(self) -> None:
        """End the learners' processes now (after a failure elsewhere in the test)."""
        for worker in self._workers:
            if worker.is_alive():
                worker.kill()
            worker.join(timeout=5)

    def wait(self, grace: float = 60.0) -> list[Outcome]:
        """Every learner's outcome; stops the processes if they run past the deadline and grace."""
        outcomes = []
        try:
            while len(outcomes) < len(self.tasks):
                remaining = self.plan.deadline + grace - time.time()
                outcomes.append(self._results.get(timeout=max(remaining, 0.1)))
        except queue.Empty:
            pass
        finally:
            for worker in self._workers:
                worker.join(timeout=5)
            self.stop()
        return outcomes
