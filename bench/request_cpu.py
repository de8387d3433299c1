"""The server CPU of each kind of quiz request, from the log bench/gunicorn_conf.py writes.

Questions 1-10 and 27-36 are kept apart, so a reader sees whether the later questions of the
36-question quiz cost more than the first ones (they would if every request read all the
answers given so far).

A request's CPU also depends on when it is served: the same request costs up to a quarter more
after its worker has waited than straight after another one, and what else runs on the machine
moves it through a phase by more than the 5 % looked for (a bare app's median answer on
PostgreSQL rose from 1.74 ms half a minute into a phase to 2.24 ms a minute in). Every learner
reaches questions 27-36 some 40 seconds after questions 1-10, so the two spans' plain means
compare different moments. `TimeMatched` compares them within the same few seconds only: in each
window, as many requests of each span as the scarcer one has, at each span's mean there.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

QUESTION = re.compile(r"^/attempts/\d+/questions/(\d+)$")
RESULTS = re.compile(r"^/attempts/\d+/results$")
FIRST, LAST = range(1, 11), range(27, 37)
KINDS = ("page", "page 1-10", "page 27-36", "answer", "answer 1-10", "answer 27-36", "results")
WINDOW = 5.0  # seconds: a phase's time is cut into windows this long for `TimeMatched`


def kinds_of(method: str, path: str) -> list[str]:
    """The kinds a request counts for: ["page", "page 1-10"] for GET of question 3, etc."""
    found = QUESTION.match(path)
    if found:
        kind = "page" if method == "GET" else "answer"
        position = int(found.group(1))
        span = " 1-10" if position in FIRST else " 27-36" if position in LAST else None
        return [kind, kind + span] if span else [kind]
    if method == "GET" and RESULTS.match(path):
        return ["results"]
    return []


@dataclass
class TimeMatched:
    """Questions 27-36 against 1-10 (a page and an answer each), served in the same windows."""

    later: float = 0.0  # CPU seconds of the matched requests among questions 27-36
    first: float = 0.0  # the same among questions 1-10
    requests: int = 0  # matched requests per span

    @property
    def ratio(self) -> float:
        return self.later / self.first if self.first else float("nan")

    def __add__(self, other: "TimeMatched") -> "TimeMatched":
        return TimeMatched(
            self.later + other.later, self.first + other.first, self.requests + other.requests
        )

    @staticmethod
    def of(cells: dict[tuple[int, str, str], list]) -> "TimeMatched":
        """From (window, page or answer, span) -> [requests, CPU seconds]."""
        matched = TimeMatched()
        for (window, kind, span), (count, seconds) in cells.items():
            if span != "1-10":
                continue
            later_count, later_seconds = cells.get((window, kind, "27-36"), (0, 0.0))
            pairs = min(count, later_count)
            if pairs:
                matched.first += pairs * seconds / count
                matched.later += pairs * later_seconds / later_count
                matched.requests += pairs
        return matched


@dataclass
class PhaseCpu:
    """What one phase's log says: kind -> (requests, CPU seconds), and the time-matched spans."""

    kinds: dict[str, tuple[int, float]] = field(default_factory=dict)
    matched: TimeMatched = field(default_factory=TimeMatched)


class RequestCpuLog:
    """A server's log file, read from where the last phase ended."""

    def __init__(self, path: Path):
        self.path = path
        self.offset = 0

    def mark(self) -> None:
        """Start a phase: what is in the log now belongs to earlier ones."""
        self.offset = self.path.stat().st_size if self.path.exists() else 0

    def read(self) -> PhaseCpu:
        """Since mark()."""
        totals: dict[str, list] = defaultdict(lambda: [0, 0.0])
        cells: dict[tuple[int, str, str], list] = defaultdict(lambda: [0, 0.0])
        if not self.path.exists():
            return PhaseCpu()
        with self.path.open("rb") as log:
            log.seek(self.offset)
            lines = [line.split(" ") for line in log.read().decode().splitlines()]
        begun = float(lines[0][3]) if lines else 0.0  # the phase's first request
        for method, path, micros, started, *_status in lines:  # a logged path holds no space
            seconds = int(micros) / 1e6
            window = int((float(started) - begun) // WINDOW)
            for kind in kinds_of(method, path):
                totals[kind][0] += 1
                totals[kind][1] += seconds
                name, _, span = kind.partition(" ")  # "page 1-10": ("page", "1-10")
                if span:
                    cell = cells[(window, name, span)]
                    cell[0] += 1
                    cell[1] += seconds
        kinds = {kind: (count, seconds) for kind, (count, seconds) in totals.items()}
        return PhaseCpu(kinds, TimeMatched.of(cells))
