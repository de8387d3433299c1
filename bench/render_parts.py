"""What a question page's render costs by part (`python -m bench --profile` prints it).

A real request for the page is served once, with Flask's `template_rendered` signal keeping the
template and the context it was drawn with. Then, in a request context for the same URL and
cookies, that context is drawn again and again, whole and with one part taken out or drawn alone:
the layout (base.html with an empty page), the question type's partial, the translations (`_`
as the message itself), the CSRF token (a fixed text) and the templates' url_for (a fixed text).
A part's cost is the difference it makes; CPU time (time.process_time), best of a few runs, so
that other work on the machine changes the figures little.
"""

import cProfile
import pstats
import time
from collections.abc import Callable

from flask import template_rendered

LAYOUT_ONLY = '{% extends "base.html" %}'


def _calls(draw: Callable[[], object]) -> int:
    """The Python function calls one draw makes: unlike time, other work cannot change it."""
    profiler = cProfile.Profile()
    profiler.runcall(draw)
    return pstats.Stats(profiler).total_calls


def _best_ms(draw: Callable[[], object], repeat: int, runs: int = 5) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.process_time()
        for _ in range(repeat):
            draw()
        best = min(best, time.process_time() - started)
    return 1000 * best / repeat


def _cost(draw: Callable[[], object], repeat: int) -> tuple[float, int]:
    return _best_ms(draw, repeat), _calls(draw)


def _captured_render(app, client, path: str):
    """The template and context of the page at `path`, as the app drew them. The app's kept
    pages are let go first: a kept question page is filled in, not drawn (views.question_page),
    so this measures the drawing a page costs the first time it is shown."""
    seen = []
    app.extensions.pop("quizapp.cached_parts", None)

    def keep(_sender, template, context, **_extra) -> None:
        seen.append((template, dict(context)))

    with template_rendered.connected_to(keep, app):
        response = client.get(path, headers={"Accept-Language": "en"})
    if response.status_code != 200 or not seen:
        raise RuntimeError(f"GET {path} answered {response.status_code}: no page to measure")
    return seen[-1]


def _untranslated(message: str, **values) -> str:
    return message % values if values else message


def _first_in_request(app, path: str, headers: dict, template, context: dict, repeat: int):
    """render_template in a request of its own, the signed-in learner loaded before: what a page
    pays once per request (context processors, the locale, the CSRF token signed) comes in.
    CPU ms (the quicker half of `repeat` requests) and Python calls."""
    from flask import render_template
    from flask_login import current_user

    spent, calls = [], 0
    for index in range(repeat):
        with app.test_request_context(path, headers=headers):
            app.preprocess_request()
            current_user._get_current_object()
            if index == 0:
                calls = _calls(lambda: render_template(template.name, **context))
                continue
            started = time.process_time()
            render_template(template.name, **context)
            spent.append(time.process_time() - started)
    spent.sort()
    quicker = spent[: max(1, len(spent) // 2)]
    return 1000 * sum(quicker) / len(quicker), calls


def render_parts(app, client, path: str, repeat: int = 200) -> list[tuple[str, float, int]]:
    """(part, CPU ms, Python calls) per page for the question page at `path`, drawn with
    `client`'s cookies. A part taken out counts as the difference it makes to the whole."""
    from quizapp.views import question_partial

    template, context = _captured_render(app, client, path)
    cookies = "; ".join(f"{c.key}={c.value}" for c in client._cookies.values())
    headers = {"Cookie": cookies, "Accept-Language": "en"}
    first = _first_in_request(app, path, headers, template, context, repeat)
    rows = [("render_template, first in a request", *first)]
    with app.test_request_context(path, headers=headers):
        app.preprocess_request()
        whole = _cost(lambda: template.render(context), repeat)
        rows.append(("the same again in that request", *whole))
        layout = app.jinja_env.from_string(LAYOUT_ONLY)
        rows.append(
            ("layout alone (base.html, no content)", *_cost(lambda: layout.render(context), repeat))
        )
        question, view = context["question"], context["view"]
        partial = question_partial(question)
        draw_partial = lambda: partial.controls(question, view)  # noqa: E731
        rows.append(("the type's partial alone", *_cost(draw_partial, repeat)))
        stand_ins = {
            "translations": {"_": _untranslated, "gettext": _untranslated},
            "CSRF token": {"csrf_token": lambda: "token"},
            "url_for": {"url_for": lambda endpoint, **values: "/url"},
        }
        for part, replaced in stand_ins.items():
            changed = {**context, **replaced}
            without = _cost(lambda: template.render(changed), repeat)  # noqa: B023
            rows.append(
                (
                    f"{part} (the whole minus the whole without)",
                    whole[0] - without[0],
                    whole[1] - without[1],
                )
            )
        processors = _cost(lambda: app.update_template_context({}), repeat)
        rows.append(("context processors", *processors))
    return rows


def question_page_parts(app, join_code: str, repeat: int = 30) -> list[tuple[str, float, int]]:
    """render_parts for every question page of a new learner's attempt, averaged: the learner's
    order of the questions does not matter then."""
    import random

    from .load import PROGRESS, Plan, Tally, join_class
    from .profiling import TestClientSession

    client = app.test_client()
    session = TestClientSession(client, Tally())
    plan = Plan("", 0, join_code, ("render parts",))
    assignment_id, token = join_class(session, plan, "render parts learner", random.Random(29))
    form = {"csrf_token": token}
    _, location = session.request(
        "POST", f"/assignments/{assignment_id}/attempts", "start", 303, form
    )
    attempt_path = location.split("/questions/")[0]
    first, _ = session.request("GET", location, "page", 200)
    positions = int(PROGRESS.search(first).group(1))
    measured = [
        render_parts(app, client, f"{attempt_path}/questions/{position}", repeat)
        for position in range(1, positions + 1)
    ]
    return [
        (
            part,
            sum(rows[index][1] for rows in measured) / len(measured),
            round(sum(rows[index][2] for rows in measured) / len(measured)),
        )
        for index, (part, _ms, _calls) in enumerate(measured[0])
    ]
