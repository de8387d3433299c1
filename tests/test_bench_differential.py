"""bench.differential: the functions only quizapp runs, found against the baseline's profile."""

from bench.differential import differential, function_key, per_request
from bench.profiling import CallCount


def shared_machinery() -> int:
    return sum(range(10))


def quizapp_only_hook() -> int:
    return shared_machinery() + 1


def app_page() -> int:
    return quizapp_only_hook() + shared_machinery()


def test_a_function_is_named_without_its_line_from_its_package_on():
    where = ("/x/.venv/lib/python3.11/site-packages/flask_login/utils.py", 367, "_get_user")
    assert function_key(where) == "flask_login/utils.py(_get_user)"
    assert function_key(("/w/wt/quizapp/accounts.py", 9, "load_account")) == (
        "quizapp/accounts.py(load_account)"
    )
    assert function_key(("~", 0, "<built-in method len>")) == "<built-in method len>"


def test_only_what_the_app_runs_beyond_the_baseline_is_listed_as_its_own():
    app, base = CallCount(), CallCount()
    for _ in range(2):
        app.run("page", app_page)
        base.run("page", shared_machinery)

    calls = per_request(app, "page")
    key = next(k for k in calls if k.endswith("(quizapp_only_hook)"))
    assert calls[key][0] == 1.0  # per request
    report = differential(app, base, "page", limit=10)
    only, _, more = report.partition("functions both run")
    assert "(quizapp_only_hook)" in only
    assert "(shared_machinery)" not in only
    assert "(shared_machinery)" in more  # quizapp calls it twice per request, the baseline once
