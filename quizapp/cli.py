"""flask commands for teachers and operators.

The `questions` group is registered as a Flask CLI plugin (see pyproject.toml), so it runs without
creating the app: `questions check` must work precisely when a pack is broken and the app refuses
to start.
"""

import json
from pathlib import Path

import click

from .bank import check_packs, load_packs, pack_to_dict
from .config import Config, default_questions_dir
from .engine.types import load_type_modules
from .terminal import _, ngettext


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
    load_type_modules(Config.QUESTION_TYPE_MODULES)


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

        from .auth.routes import hash_secret, instructor_by_email

        try:
            email = validate_email(email, check_deliverability=False).normalized.lower()
        except EmailNotValidError as error:
            raise click.BadParameter(str(error), param_hint="EMAIL") from None
        if len(password) < 10:
            raise click.BadParameter(_("the password needs at least 10 characters"))
        if instructor_by_email(email):
            raise click.ClickException(_("there is already an instructor %(email)s", email=email))
        db.session.add(Instructor(email=email, password_hash=hash_secret(password)))
        db.session.commit()
        click.echo(_("Created instructor %(email)s.", email=email))

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
        default=",",
        show_default=True,
        help="CSV only; ';' for German spreadsheet programs.",
    )
    @click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
    def export_scores(code: str, fmt: str, responses: bool, delimiter: str, output: Path) -> None:
        """Write a classroom's scores (or responses) to a CSV or XLSX file."""
        from .auth.routes import classroom_by_code
        from .instructor.exports import write_export

        classroom = classroom_by_code(code)
        if classroom is None:
            raise click.BadParameter(
                _("no classroom with join code %(code)s", code=repr(code)), param_hint="--class"
            )
        with output.open("wb") as handle:
            write_export(handle, classroom, "responses" if responses else "scores", fmt, delimiter)
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
