"""`python -m bench.differential`: what quizapp runs per question page, answer and results page
that the baseline (bench/baseline.py) does not, by cProfile over the same flow.

Both apps walk the seed pack's flow through Flask's test client on one SQLite database; each
function is named by its file and name (not its line), so Flask's and Werkzeug's shared machinery
cancels out. It prints, per kind, the Python calls per request on each side, then the functions
only quizapp runs, with calls and own µs per request, the most own time first, and the functions
both run that quizapp calls more often. Calls are the firm figures; µs move with other work.
"results again" is each results page requested again (--again times): quizapp's rows all kept.
With --groups, quizapp's calls per page and answer are also summed by part (the learner's
loading, the hooks, the extensions, each template's blocks, the view), each call counted to the
innermost part on its stack.
"""

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from . import baseline, databases
from .profiling import CallCount, walk_flow
from .report import fixed, table

KINDS = ("page", "answer", "results", "results again")


class CallCountAgain(CallCount):
    """CallCount that requests each results page `again` more times, counted as "results again":
    quizapp's every row kept from the first time (the baseline draws every row each time)."""

    def __init__(self, again: int) -> None:
        super().__init__()
        self.again = again

    def run(self, kind: str, request):
        response = super().run(kind, request)
        if kind == "results":
            for _ in range(self.again):
                super().run("results again", request)
        return response


# Where a call is counted with --groups: the innermost of these on its stack (a template's own
# code is counted to its file and block), else "the rest" (Flask, Werkzeug, the test client).
GROUP_ROOTS = {
    "quizapp/accounts.py(load_account)": "accounts.load_account (query, sign-in check)",
    "quizapp/accounts.py(_attempt_in_view)": "accounts._attempt_in_view (ORM objects)",
    "flask_login/login_manager.py(_load_user)": "Flask-Login (_load_user, session protection)",
    "flask_login/utils.py(_get_user)": "Flask-Login (_get_user)",
    "flask/app.py(preprocess_request)": "before_request hooks (Flask's own)",
    "quizapp/security.py(apply_body_limit)": "before_request: security.apply_body_limit",
    "quizapp/security.py(refuse_nul_characters)": "before_request: security.refuse_nul_characters",
    "flask_wtf/csrf.py(csrf_protect)": "before_request: Flask-WTF csrf_protect",
    "flask/app.py(process_response)": "after_request hooks (Flask's own)",
    "quizapp/security.py(add_security_headers)": "after_request: security.add_security_headers",
    "flask_login/login_manager.py(_update_remember_cookie)": "after_request: remember cookie",
    "flask/templating.py(_default_template_ctx_processor)": "template: Flask's context",
    "flask_login/utils.py(_user_context_processor)": "template: Flask-Login's context",
    "flask/app.py(do_teardown_request)": "teardown (request)",
    "flask/app.py(do_teardown_appcontext)": "teardown (app context: Session removed)",
    "quizapp/session_cookie.py(open_session)": "session cookie opened",
    "flask/sessions.py(save_session)": "session cookie saved",
    "quizapp/session_cookie.py(save_session)": "session cookie saved",
    "flask_wtf/csrf.py(protect)": "Flask-WTF CSRF check",
    "quizapp/extensions.py(protect)": "Flask-WTF CSRF check",
    "flask_wtf/csrf.py(generate_csrf)": "CSRF token",
    "quizapp/views.py(page_csrf_token)": "CSRF token",
    "flask_babel/__init__.py(get_locale)": "Flask-Babel locale",
    "quizapp/i18n.py(active_locale)": "Flask-Babel locale",
    "flask_babel/__init__.py(get_translations)": "Flask-Babel translations",
    "quizapp/i18n.py(template_gettext)": "Flask-Babel translations",
    "quizapp/views.py(page_context)": "template: page_context",
    "flask/templating.py(render_template)": "template: render_template (lookup, context)",
    "quizapp/attempts.py(answer_question)": "attempts.answer_question",
    "quizapp/learner/routes.py(question)": "view: question",
    "quizapp/learner/routes.py(answer)": "view: answer",
    "blinker/base.py(send)": "signals (blinker send)",
}


class GroupCount(CallCount):
    """CallCount that also sums each request's calls by part (GROUP_ROOTS, templates' blocks):
    a profile function keeps the stack of parts, and each call is counted to the innermost."""

    def __init__(self) -> None:
        super().__init__()
        self.groups: dict[str, dict[str, int]] = {}
        self._keys: dict[object, str | None] = {}

    def _group_of(self, code) -> str | None:
        if code not in self._keys:
            key = function_key((code.co_filename, 0, code.co_name))
            group = GROUP_ROOTS.get(key)
            if group is None and key.startswith("quizapp/templates/"):
                group = "template: " + key.removeprefix("quizapp/templates/")
            self._keys[code] = group
        return self._keys[code]

    def run(self, kind: str, request):
        counts = self.groups.setdefault(kind, {})
        stack = ["the rest"]

        def profile(frame, event, _arg):
            if event == "call":
                group = self._group_of(frame.f_code) or stack[-1]
                stack.append(group)
                counts[group] = counts.get(group, 0) + 1
            elif event == "return":
                if len(stack) > 1:
                    stack.pop()
            elif event == "c_call":
                counts[stack[-1]] = counts.get(stack[-1], 0) + 1

        sys.setprofile(profile)
        try:
            response = request()
        finally:
            sys.setprofile(None)
        self.requests[kind] = self.requests.get(kind, 0) + 1
        return response

    def report(self, kind: str) -> str:
        """A kind's calls per request by part, the most first."""
        requests = self.requests.get(kind, 0) or 1
        counts = sorted(self.groups.get(kind, {}).items(), key=lambda kv: -kv[1])
        total = sum(count for _group, count in counts) / requests
        return "\n".join(
            [f"{kind}: quizapp's Python calls per request by part ({total:,.0f} in all)"]
            + [table(["part", "calls/req"], [[g, fixed(c / requests, 1)] for g, c in counts])]
        )


def function_key(where: tuple[str, int, str]) -> str:
    """A cProfile entry as `package/module.py(function)`: without the line, so two versions of a
    library or a moved function still meet."""
    path, _line, function = where
    for marker in ("site-packages/", "/quizapp/", "/bench/"):
        if marker in path:
            prefix = "" if marker == "site-packages/" else marker.strip("/") + "/"
            path = prefix + path.split(marker, 1)[1]
            break
    else:
        if "/lib/python" in path:
            path = path.split("/lib/python", 1)[1].split("/", 1)[-1]
    return f"{path}({function})" if path != "~" else function


def per_request(calls: CallCount, kind: str) -> dict[str, tuple[float, float]]:
    """Calls and own µs per request of each function over a kind's requests."""
    requests = calls.requests.get(kind, 0) or 1
    totals: dict[str, tuple[float, float]] = {}
    for where, (_primitive, count, own, _cumulative, _callers) in calls.stats[kind].stats.items():  # type: ignore[attr-defined]
        key = function_key(where)
        before = totals.get(key, (0.0, 0.0))
        totals[key] = (before[0] + count / requests, before[1] + 1e6 * own / requests)
    return totals


def differential(app_calls: CallCount, base_calls: CallCount, kind: str, limit: int) -> str:
    """The tables for one kind: quizapp's own functions and its extra calls of shared ones."""
    app, base = per_request(app_calls, kind), per_request(base_calls, kind)
    only = sorted(
        ((key, value) for key, value in app.items() if key not in base), key=lambda kv: -kv[1][1]
    )
    more = sorted(
        (
            (key, value, base[key])
            for key, value in app.items()
            if key in base and value[0] > base[key][0] + 0.5
        ),
        key=lambda item: -(item[1][1] - item[2][1]),
    )
    lines = [
        f"{kind}: Python calls per request, quizapp {sum(v[0] for v in app.values()):,.0f}, "
        f"baseline {sum(v[0] for v in base.values()):,.0f}; own µs per request, quizapp "
        f"{sum(v[1] for v in app.values()):,.0f}, baseline {sum(v[1] for v in base.values()):,.0f}",
        f"functions only quizapp runs: {len(only)}, {sum(v[0] for _k, v in only):,.0f} calls and "
        f"{sum(v[1] for _k, v in only):,.0f} own µs per request; the {limit} with most own time:",
        table(
            ["function", "calls/req", "own µs/req"],
            [[key, fixed(v[0], 1), fixed(v[1], 1)] for key, v in only[:limit]],
        ),
        "",
        f"functions both run that quizapp calls more often (the {limit} with most extra own time):",
        table(
            ["function", "calls/req app", "base", "own µs/req app", "base"],
            [
                [key, fixed(a[0], 1), fixed(b[0], 1), fixed(a[1], 1), fixed(b[1], 1)]
                for key, a, b in more[:limit]
            ],
        ),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.differential", description=__doc__)
    parser.add_argument("--learners", type=int, default=8, help="learners per app (8)")
    parser.add_argument("--limit", type=int, default=40, help="rows per table (40)")
    parser.add_argument(
        "--again", type=int, default=2, help="each results page requested again this often (2)"
    )
    parser.add_argument(
        "--groups", action="store_true", help="quizapp's calls per page and answer by part"
    )
    args = parser.parse_args(argv)

    from quizapp import create_app

    scratch = Path(tempfile.mkdtemp(prefix="quizapp-differential-"))
    try:
        target = databases.sqlite_target(scratch)
        databases.recreate(target)
        databases.migrate_app_database(target.app_url)
        # Before the app starts: it pins the classes' assignments to the pack's version then.
        databases.add_classrooms(target.app_url, ["WARMUP", "MEASURE", "GROUPS"])
        baseline.create_schema(target.baseline_url)
        app = create_app({"SQLALCHEMY_DATABASE_URI": target.app_url, "SECRET_KEY": "bench"})
        base = baseline.create_app(target.baseline_url)
        walk_flow(app, "WARMUP", ["warm-up learner"])
        walk_flow(base, "WARMUP", ["warm-up learner"])
        names = [f"learner {i}" for i in range(args.learners)]
        app_calls, base_calls = CallCountAgain(args.again), CallCountAgain(args.again)
        walk_flow(app, "MEASURE", names, calls=app_calls)
        walk_flow(base, "MEASURE", names, calls=base_calls)
        if args.groups:
            grouped = GroupCount()
            walk_flow(app, "GROUPS", names[:2], calls=grouped)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    for kind in KINDS:
        if not app_calls.requests.get(kind):
            continue
        print(
            f"{app_calls.requests.get(kind, 0)} quizapp and {base_calls.requests.get(kind, 0)} "
            "baseline requests"
        )
        print(differential(app_calls, base_calls, kind, args.limit))
        print()
    if args.groups:
        for kind in ("page", "answer"):
            print(grouped.report(kind))
            print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
