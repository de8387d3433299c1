"""QuizApp.ensure_sync remembers the plain functions Flask's check found: a remembered one must
still be plain, a coroutine function must still reach async_to_sync on every call, and what is
kept stays bounded."""

import gc
from inspect import iscoroutinefunction

import pytest
from factories import CLASS_CODE, make_classroom, make_instructor, make_learner
from flask import after_this_request

import quizapp
from quizapp import QuizApp


def test_the_apps_hooks_and_views_are_remembered_and_all_plain(app, new_learner_browser):
    make_learner(app, make_classroom(app, make_instructor(app)), "Ana")
    browser = new_learner_browser()
    browser.sign_in(CLASS_CODE, "Ana")
    browser.get("/")
    kept = app.plain_functions
    assert app.view_functions["learner.index"] in kept
    assert all(hook in kept for hook in app.before_request_funcs[None])
    assert all(hook in kept for hook in app.after_request_funcs[None])
    assert kept and not any(iscoroutinefunction(func) for func in kept)
    assert all(app.ensure_sync(func) is func for func in kept)


def test_a_coroutine_function_goes_through_async_to_sync_every_time(app, monkeypatch):
    wrapped = []

    def async_to_sync(func):
        wrapped.append(func)
        return lambda *args, **kwargs: "ran"

    async def view():
        return "never awaited here"

    monkeypatch.setattr(app, "async_to_sync", async_to_sync)
    for _ in range(3):
        assert app.ensure_sync(view)() == "ran"
    assert wrapped == [view, view, view] and view not in app.plain_functions


def test_at_most_the_bound_is_kept_and_the_rest_is_checked_each_time(tmp_path, monkeypatch):
    monkeypatch.setattr(quizapp, "PLAIN_FUNCTIONS_KEPT", 3)
    app = QuizApp("bounded", instance_path=str(tmp_path))
    functions = [lambda n=n: n for n in range(5)]
    assert [app.ensure_sync(func) for func in functions] == functions
    assert set(app.plain_functions) == set(functions[:3])


def test_an_unhashable_callable_is_checked_and_never_kept(tmp_path):
    class Unhashable:
        __hash__ = None

        def __call__(self):
            return "called"

    app = QuizApp("unhashable", instance_path=str(tmp_path))
    handler = Unhashable()
    assert app.ensure_sync(handler) is handler and not app.plain_functions


def test_a_function_made_for_one_request_is_not_kept_after_it(app):
    """An after_this_request callback is a new function each request: it is not held (nor what
    it closes over) once the request is over."""

    @app.get("/made-each-time")
    def made_each_time():
        @after_this_request
        def noted(response):
            return response

        return "ok"

    client = app.test_client()
    client.get("/made-each-time")
    gc.collect()
    kept = len(app.plain_functions)
    for _ in range(5):
        assert client.get("/made-each-time").status_code == 200
    gc.collect()
    assert len(app.plain_functions) == kept


@pytest.mark.parametrize("endpoint", ["learner.index", "static"])
def test_create_app_makes_a_quizapp(app, endpoint):
    assert isinstance(app, QuizApp) and endpoint in app.view_functions
