"""flask commands for teachers and operators.

The `questions` group is registered as a Flask CLI plugin (see pyproject.toml), so it runs without
creating the app: `questions check` must work precisely when a pack is broken and the app refuses
to start.
"""

import json
from pathlib import Path

import click

from .bank import check_packs, load_packs, pack_to_dict
from .config import default_questions_dir, question_type_modules
from .engine.types import load_type_modules
from .terminal import _, ngettext, terminal_language


@click.group("questions", help="Check, list and export the question packs.")
@click.option(
    "--dir",
    "questions_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The packs folder (default: QUIZAPP_QUESTIONS_DIR, else questions/).",
)
@click.pass_context
def questions_cli(ctx: click.Context, questions_dir: Path | None) -> None:
    ctx.meta["quizapp.questions_dir"] = questions_dir or default_questions_dir()
    load_type_modules(question_type_modules())


def _questions_dir() -> Path:
    return click.get_current_context().meta["quizapp.questions_dir"]


@questions_cli.command("check")
def check_command() -> None:
    """Validate every pack; print `path:line: message` per problem and exit 1 if there is any."""
    problems = check_packs(_questions_dir())
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        raise click.ClickException(
            ngettext(
                "%(num)s problem in the packs.", "%(num)s problems in the packs.", len(problems)
            )
        )
    packs = load_packs(_questions_dir())
    total = sum(len(p.questions) for p in packs.values())
    click.echo(
        ngettext(
            "%(num)s pack, %(total)s questions: all valid.",
            "%(num)s packs, %(total)s questions: all valid.",
            len(packs),
            total=total,
        )
    )


@questions_cli.command("list")
def list_command() -> None:
    """Print each pack id on its own line."""
    for pack_id in load_packs(_questions_dir()):
        click.echo(pack_id)


@questions_cli.command("export")
@click.argument("pack_id")
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True)
def export_command(pack_id: str, fmt: str) -> None:
    """Print one pack with its source and answers (see docs/pack-format.md)."""
    packs = load_packs(_questions_dir())
    if pack_id not in packs:
        known = ", ".join(packs)
        raise click.BadParameter(
            _("no pack %(id)s (packs: %(known)s)", id=repr(pack_id), known=known),
            param_hint="PACK",
        )
    click.echo(json.dumps(pack_to_dict(packs[pack_id]), ensure_ascii=False, indent=2))


def _check_password(password: str, email: str) -> None:
    """Refuse a password that does not meet the rules, in the terminal's language."""
    from .accounts import password_problems

    problems = password_problems(password, email)
    if problems:
        raise click.BadParameter(" ".join(_(problem) for problem in problems))


def register_app_commands(app) -> None:
    """Commands that need the app and its database: users, classes, scores, demo."""
    from flask.cli import AppGroup
    from sqlalchemy import select

    from .extensions import db
    from .models import Classroom, Instructor

    users = AppGroup("users", help="Manage instructor accounts.")
    classes = AppGroup("classes", help="List classrooms.")
    scores = AppGroup("scores", help="Export scores.")

    @users.command("create-instructor")
    @click.argument("email")
    @click.password_option(help="The password (asked for if not given).")
    def create_instructor(email: str, password: str) -> None:
        """Create an instructor account that signs in with EMAIL."""
        from email_validator import EmailNotValidError, validate_email

        from . import accounts

        try:
            email = validate_email(email, check_deliverability=False).normalized.lower()
        except EmailNotValidError as error:
            raise click.BadParameter(str(error), param_hint="EMAIL") from None
        _check_password(password, email)
        if accounts.instructor_by_email(email):
            raise click.ClickException(_("there is already an instructor %(email)s", email=email))
        db.session.add(Instructor(email=email, password_hash=accounts.hash_secret(password)))
        db.session.commit()
        click.echo(_("Created instructor %(email)s.", email=email))

    @users.command("reset-password")
    @click.argument("email")
    @click.password_option(help="The new password (asked for if not given).")
    def reset_password(email: str, password: str) -> None:
        """Give the instructor EMAIL a new password; every session of theirs ends."""
        from . import accounts

        instructor = accounts.instructor_by_email(email)
        if instructor is None:
            raise click.BadParameter(
                _("no instructor %(email)s", email=repr(email)), param_hint="EMAIL"
            )
        _check_password(password, instructor.email)
        accounts.set_password(instructor, password)
        click.echo(
            _(
                "New password set for %(email)s; they are signed out on every device.",
                email=instructor.email,
            )
        )

    @classes.command("list")
    def list_classes() -> None:
        """One classroom a line: join code, tab, name, tab, instructor e-mail."""
        rows = db.session.execute(
            select(Classroom.join_code, Classroom.name, Instructor.email)
            .join(Instructor)
            .order_by(Classroom.id)
        )
        for code, name, email in rows:
            click.echo(f"{code}\t{' '.join(name.split())}\t{email}")

    @scores.command("export")
    @click.option("--class", "code", required=True, help="The classroom's join code.")
    @click.option(
        "--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv", show_default=True
    )
    @click.option("--responses", is_flag=True, help="One row per learner and question instead.")
    @click.option(
        "--delimiter",
        type=click.Choice([",", ";"]),
        default=None,
        help="CSV only (default: the language's, ';' in German).",
    )
    @click.option(
        "--decimal",
        type=click.Choice([".", ","]),
        default=None,
        help="CSV only: the decimal separator (default: the language's, ',' in German).",
    )
    @click.option(
        "--attempt",
        type=click.Choice(["best", "first", "last"]),
        default="best",
        show_default=True,
        help="Scores only: which finished attempt of each learner the row shows.",
    )
    @click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
    def export_scores(
        code: str,
        fmt: str,
        responses: bool,
        delimiter: str | None,
        decimal: str | None,
        attempt: str,
        output: Path,
    ) -> None:
        """Write a classroom's scores (or responses) to a CSV or XLSX file, in the teacher's
        language (QUIZAPP_LANGUAGE, else LANG)."""
        from flask_babel import force_locale

        from .accounts import classroom_by_code
        from .instructor.exports import ExportSettings, csv_conventions, write_export

        classroom = classroom_by_code(code)
        if classroom is None:
            raise click.BadParameter(
                _("no classroom with join code %(code)s", code=repr(code)), param_hint="--class"
            )
        language = terminal_language()
        if language not in app.config["LANGUAGES"]:
            language = app.config["BABEL_DEFAULT_LOCALE"]
        default_delimiter, default_decimal = csv_conventions(language)
        settings = ExportSettings(
            what="responses" if responses else "scores",
            fmt=fmt,
            delimiter=delimiter or default_delimiter,
            decimal=decimal or default_decimal,
            attempt=attempt,
        )
        with force_locale(language), output.open("wb") as handle:
            write_export(handle, classroom, settings)
        click.echo(_("Wrote %(path)s.", path=output))

    @app.cli.command("demo")
    def demo() -> None:
        """Create a demo instructor, a class of 30 and their attempts (once; again changes nothing)."""
        from .attempts import all_packs
        from .demo import DEMO_CODE, DEMO_EMAIL, DEMO_PASSWORD, DEMO_PIN, create_demo

        packs = all_packs()
        created, classroom = create_demo(
            packs.get("belarus-ukraine-war") or next(iter(packs.values()))
        )
        click.echo(
            _("Created the demo class.") if created else _("The demo class is there already.")
        )
        click.echo(
            _(
                "Demo teacher: sign in at /instructor/sign-in as %(email)s with the password "
                "%(password)s",
                email=DEMO_EMAIL,
                password=DEMO_PASSWORD,
            )
        )
        click.echo(
            _(
                "Demo learners: class code %(code)s, e.g. the name %(name)s with the PIN %(pin)s",
                code=DEMO_CODE,
                name=classroom.learners[0].display_name,
                pin=DEMO_PIN,
            )
        )

    app.cli.add_command(users)
    app.cli.add_command(classes)
    app.cli.add_command(scores)
