"""The benchmark's CPU by kind of request: questions 27-36 against 1-10, compared in the same seconds."""

import pytest

from bench.request_cpu import WINDOW, RequestCpuLog

pytestmark = pytest.mark.once  # reads a log file; no database


def _log(tmp_path, lines):
    path = tmp_path / "app.log"
    path.write_text("".join(f"{line}\n" for line in lines))
    log = RequestCpuLog(path)
    return log.read()


def _request(method, position, micros, started):
    return f"{method} /attempts/7/questions/{position} {micros} {started:.3f}"


def test_later_questions_served_when_every_request_costs_more_are_not_called_dearer(tmp_path):
    # Questions 1-10 alone at first, then 1-10 and 27-36 side by side while the machine is slower
    # (every request costs twice as much), then 27-36 alone, still slow.
    lines = [_request("GET", 3, 1000, 1000.0 + i * 0.1) for i in range(20)]
    slow = 1000.0 + 2 * WINDOW
    lines += [_request("GET", 4, 2000, slow + i * 0.1) for i in range(10)]
    lines += [_request("GET", 30, 2000, slow + i * 0.1) for i in range(10)]
    lines += [_request("GET", 31, 2000, slow + 2 * WINDOW + i * 0.1) for i in range(20)]

    phase = _log(tmp_path, lines)

    page_first, page_later = phase.kinds["page 1-10"], phase.kinds["page 27-36"]
    assert page_later[1] / page_later[0] > 1.4 * page_first[1] / page_first[0]
    assert phase.matched.requests == 10
    assert phase.matched.ratio == pytest.approx(1.0)


def test_a_later_question_that_costs_more_in_the_same_seconds_is_called_dearer(tmp_path):
    # One window, the spans in different numbers and mixes: four pages and an answer among
    # questions 1-10, two pages and three answers among 27-36. Pages cost 10 % more later,
    # answers 20 %; pages are weighed with pages (2 of each span), answers with answers (1).
    at = 1000.0
    lines = [_request("GET", 2, 1000, at + i * 0.1) for i in range(4)]
    lines += [_request("POST", 2, 3000, at + 0.5)]
    lines += [_request("GET", 28, 1100, at + 0.6 + i * 0.1) for i in range(2)]
    lines += [_request("POST", 28, 3600, at + 0.8 + i * 0.1) for i in range(3)]
    lines += [_request("GET", 5, 9000, at + 3 * WINDOW)]  # no later question beside it

    phase = _log(tmp_path, lines)

    assert phase.matched.requests == 3
    assert phase.matched.ratio == pytest.approx((2 * 1100 + 3600) / (2 * 1000 + 3000))
