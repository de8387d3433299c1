"""quizapp: classroom quizzes on real news articles, every answer grounded in a verbatim quote."""

import contextlib
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Blueprint, Flask

from .bank import load_packs
from .bank.loader import pack_folders
from .config import Config
from .engine.types import QUESTION_TYPES, load_type_modules
from .extensions import babel, csrf, db, login_manager, migrate

# Plain functions QuizApp.ensure_sync remembers: the app's views and hooks are about a hundred.
PLAIN_FUNCTIONS_KEPT = 1024


class QuizApp(Flask):
    """Flask, remembering which functions its ensure_sync found plain (Flask documents
    ensure_sync as the method to override): Flask asks it of every hook and view on every
    request, and each answer is inspect.iscoroutinefunction's (eight to twelve calls a request).

    Whether a function object is a coroutine function is fixed when it is made; a function is
    kept only if Flask's own check found it plain, at most PLAIN_FUNCTIONS_KEPT of them, and
    only as long as it exists (a weak set: a function made for one request, as an
    after_this_request callback is, goes with it and never holds what it closes over). Any
    other goes through Flask's check."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plain_functions: weakref.WeakSet[Callable[..., Any]] = weakref.WeakSet()

    def ensure_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        try:
            if func in self.plain_functions:
                return func
        except TypeError:  # an unhashable callable: never kept
            return super().ensure_sync(func)
        synced = super().ensure_sync(func)
        if synced is func and len(self.plain_functions) < PLAIN_FUNCTIONS_KEPT:
            with contextlib.suppress(TypeError):  # a callable no weak reference can name
                self.plain_functions.add(func)
        return synced


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app: settings, extensions, blueprints, and the packs (refusing invalid ones)."""
    app = QuizApp(__name__, instance_relative_config=True)
    app.config.from_object(Config)
    if config:
        app.config.update(config)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        app.config["SQLALCHEMY_DATABASE_URI"] = (
            f"sqlite:///{Path(app.instance_path) / 'quizapp.db'}"
        )

    from . import i18n, links, security
    from .session_cookie import VerifiedOnceSessionInterface

    links.configure_hosts(app)
    security.init_app(app)
    app.session_interface = VerifiedOnceSessionInterface()
    i18n.compile_catalogs(app)
    app.config["LANGUAGES"] = i18n.available_languages(app)
    load_type_modules(app.config["QUESTION_TYPE_MODULES"])
    # The packs folder is read (and the app refused if a pack is invalid) now; the packs are
    # served from the database, into which the folder is imported on first use (packs.py).
    questions_dir = Path(app.config["QUESTIONS_DIR"])
    app.extensions["quizapp.packs"] = (
        load_packs(questions_dir) if pack_folders(questions_dir) else {}
    )

    db.init_app(app)
    migrate.init_app(
        app,
        db,
        render_as_batch=True,
        compare_type=True,
        directory=str(Path(__file__).resolve().parent.parent / "migrations"),
    )
    babel.init_app(app, locale_selector=i18n.select_locale)
    csrf.init_app(app)
    login_manager.init_app(app)

    from . import admin, auth, authoring, cli, errors, instructor, learner, live, views

    app.register_blueprint(i18n.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(learner.bp)
    app.register_blueprint(instructor.bp)
    app.register_blueprint(authoring.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(live.bp)
    register_question_type_templates(app)
    cli.register_commands(app)
    login_manager.login_view = "auth.instructor_sign_in"
    login_manager.login_message = None
    errors.register_error_pages(app)
    views.register_template_helpers(app)
    return app


def register_question_type_templates(app: Flask) -> None:
    """Let the templates find the partials of question types that live outside quizapp."""
    for qtype in QUESTION_TYPES.values():
        if qtype.template_folder:
            name = f"question-type-{qtype.name}"
            app.register_blueprint(Blueprint(name, __name__, template_folder=qtype.template_folder))
