"""The server CPU of each kind of quiz request, from the log bench/gunicorn_conf.py writes.

Questions 1-10 and 27-36 are kept apart, so a reader sees whether the later questions of the
36-question quiz cost more than the first ones (they would if every request read all the
answers given so far).
"""

import re
from collections import defaultdict
from pathlib import Path

QUESTION = re.compile(r"^/attempts/\d+/questions/(\d+)$")
RESULTS = re.compile(r"^/attempts/\d+/results$")
FIRST, LAST = range(1, 11), range(27, 37)
KINDS = ("page", "page 1-10", "page 27-36", "answer", "answer 1-10", "answer 27-36", "results")


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


class RequestCpuLog:
    """A server's log file, read from where the last phase ended."""

    def __init__(self, path: Path):
        self.path = path
        self.offset = 0

    def mark(self) -> None:
        """Start a phase: what is in the log now belongs to earlier ones."""
        self.offset = self.path.stat().st_size if self.path.exists() else 0

    def read(self) -> dict[str, tuple[int, float]]:
        """Since mark(): kind -> (requests, CPU seconds)."""
        totals: dict[str, list] = defaultdict(lambda: [0, 0.0])
        if not self.path.exists():
            return {}
        with self.path.open("rb") as log:
            log.seek(self.offset)
            for line in log.read().decode().splitlines():
                method, path, micros = line.split(" ")  # a logged path holds no space
                for kind in kinds_of(method, path):
                    totals[kind][0] += 1
                    totals[kind][1] += int(micros) / 1e6
        return {kind: (count, seconds) for kind, (count, seconds) in totals.items()}
