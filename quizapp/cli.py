"""flask commands for teachers and operators.

The `questions` group is registered as a Flask CLI plugin (see pyproject.toml), so it runs without
creating the app: `questions check` must work precisely when a pack is broken and the app refuses
to start.
"""

import json
from pathlib import Path

import click
from flask.cli import with_appcontext

from .bank import PackError, check_packs, load_packs, pack_to_dict, read_pack
from .bank.archive import is_pack_folder, unpacked
from .bank.export import write_pack_folder
from .bank.loader import _display, pack_folders
from .config import default_questions_dir, question_type_modules
from .engine.types import load_type_modules
from .interchange import FORMATS, export_pack
from .terminal import _, ngettext, terminal_language


@click.group("questions", help="Check, list, import and export the question packs.")
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
@click.argument(
    "path", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path)
)
def check_command(path: Path | None) -> None:
    """Validate every pack (or the pack folder PATH); print `path:line: message` per problem and
    exit 1 if there is any."""
    if path is not None and is_pack_folder(path):
        pack, errors, missing = read_pack(path)
        problems = errors + [m for m in missing if m not in errors]
        packs = {pack.id: pack} if pack is not None else {}
    else:
        folder = path or _questions_dir()
        problems = check_packs(folder)
        packs = {} if problems else load_packs(folder)
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        raise click.ClickException(
            ngettext(
                "%(num)s problem in the packs.", "%(num)s problems in the packs.", len(problems)
            )
        )
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
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "yaml", "moodle-xml", "gift"]),
    default="json",
    show_default=True,
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="yaml: the folder to write the pack folder PACK_ID into; moodle-xml, gift: the file "
    "(default: printed).",
)
@click.option(
    "--language",
    default=None,
    help="moodle-xml, gift: the language of the questions (default: the pack's first).",
)
def export_command(pack_id: str, fmt: str, output: Path | None, language: str | None) -> None:
    """Print one pack with its source and answers (see docs/pack-format.md), or with
    --format yaml write it as a pack folder under --output, or with --format moodle-xml or gift
    its questions in one language for Moodle (docs/moodle-formats.md). The pack comes from the
    database (its newest published version) when the app is at hand, else from the packs folder."""
    data = _database_pack_data(pack_id)
    if data is None:
        packs = load_packs(_questions_dir()) if pack_folders(_questions_dir()) else {}
        if pack_id not in packs:
            known = ", ".join(packs)
            raise click.BadParameter(
                _("no pack %(id)s (packs: %(known)s)", id=repr(pack_id), known=known),
                param_hint="PACK",
            )
        data = pack_to_dict(packs[pack_id])
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    if fmt in FORMATS:
        _export_for_moodle(data, fmt, output, language)
        return
    if output is None:
        raise click.BadParameter(_("--format yaml needs --output DIR"), param_hint="--output")
    folder = write_pack_folder(data, output / pack_id)
    click.echo(_("Wrote %(path)s.", path=folder))


def _export_for_moodle(data: dict, fmt: str, output: Path | None, language: str | None) -> None:
    from .bank.loader import read_pack_data

    pack, _problems, _missing = read_pack_data(data)
    if pack is None:
        raise click.ClickException(_("the pack %(id)s is not valid", id=repr(data.get("id"))))
    language = language or pack.languages[0]
    if language not in pack.languages:
        raise click.BadParameter(
            _(
                "the pack has no questions in %(language)s (languages: %(languages)s)",
                language=repr(language),
                languages=", ".join(pack.languages),
            ),
            param_hint="--language",
        )
    content, left = export_pack(pack, fmt, language)
    for question in left:
        click.echo(
            _(
                "question %(id)s left out: %(format)s cannot hold its type",
                id=repr(question.id),
                format=fmt,
            ),
            err=True,
        )
    if output is None:
        click.echo(content.decode("utf-8"), nl=False)
        return
    output.write_bytes(content)
    click.echo(_("Wrote %(path)s.", path=output))


def _database_pack_data(pack_id: str) -> dict | None:
    """The newest published version of a pack in the app's database, as JSON data; None when
    there is no app (the command runs outside `flask --app quizapp`) or no such pack."""
    from flask import current_app
    from flask.cli import ScriptInfo

    info = click.get_current_context().find_object(ScriptInfo)
    if info is None:
        return None
    try:
        app = current_app._get_current_object() if current_app else info.load_app()
    except Exception:  # noqa: BLE001 - no app to be found: the folder is the only source
        return None
    from sqlalchemy.exc import SQLAlchemyError

    from .packs import published_pack

    with app.app_context():
        try:
            pack = published_pack(pack_id)
        except SQLAlchemyError:  # a database not set up yet: the folder is the only source
            return None
        return pack_to_dict(pack) if pack is not None else None


@questions_cli.command("import")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--owner",
    default=None,
    help="A .xml or .gift file: the e-mail of the teacher whose new draft pack it becomes.",
)
@click.option(
    "--language",
    default=None,
    help="A .xml or .gift file: the language its questions are written in (default: en).",
)
@with_appcontext
def import_command(path: Path, owner: str | None, language: str | None) -> None:
    """Import the pack folder PATH (or a .zip of one) into the database, as a library pack.
    Importing the same pack again changes nothing; a changed pack becomes its newest version.
    PATH may also be a folder of pack folders, such as questions/. A Moodle XML (.xml) or GIFT
    (.gift) file becomes a new draft pack of the teacher --owner, its questions without quotes."""
    from .extensions import db
    from .packs import import_pack

    if path.is_file() and path.suffix.casefold() in (".xml", ".gift"):
        _import_moodle_file(path, owner, language)
        return
    with unpacked(path) as folders:
        packs = []
        problems = []
        for folder in folders:
            pack, errors, _missing = read_pack(folder)
            problems.extend(errors)
            if pack is not None:
                packs.append(pack)
        if problems:
            raise PackError(problems)
        for pack in packs:
            _stored, changed = import_pack(pack)
            db.session.commit()
            if changed:
                click.echo(_("Imported %(id)s as a new version.", id=pack.id))
            else:
                click.echo(_("%(id)s is unchanged.", id=pack.id))


def _import_moodle_file(path: Path, owner: str | None, language: str | None) -> None:
    from flask import current_app

    from .accounts import instructor_by_email
    from .interchange import read_question_file
    from .packs import new_imported_draft

    if not owner:
        raise click.BadParameter(
            _("a .xml or .gift file needs --owner EMAIL, the teacher who gets the draft"),
            param_hint="--owner",
        )
    instructor = instructor_by_email(owner)
    if instructor is None:
        raise click.BadParameter(
            _("no instructor %(email)s", email=repr(owner)), param_hint="--owner"
        )
    languages = list(current_app.config["LANGUAGES"])
    language = language or ("en" if "en" in languages else languages[0])
    if language not in languages:
        raise click.BadParameter(
            _("use one of %(languages)s", languages=", ".join(languages)), param_hint="--language"
        )
    imported = read_question_file(path.read_bytes(), _display(path), language)
    for line in imported.skipped:
        click.echo(line, err=True)
    if imported.problems:
        raise PackError(imported.problems)
    stored = new_imported_draft(instructor.id, path.stem, language, imported.questions)
    click.echo(
        ngettext(
            "Imported %(num)s question into the new draft %(id)s; attach its article and quote "
            "it in each question before publishing.",
            "Imported %(num)s questions into the new draft %(id)s; attach its article and quote "
            "it in each question before publishing.",
            len(imported.questions),
            id=stored.slug,
        )
    )


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

    def teachers_language() -> str:
        """The terminal's language (QUIZAPP_LANGUAGE, else LANG) if the app has it, else its default."""
        language = terminal_language()
        return (
            language if language in app.config["LANGUAGES"] else app.config["BABEL_DEFAULT_LOCALE"]
        )

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
        language = teachers_language()
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

    assignments = AppGroup("assignments", help="Move assignments to newer pack versions.")

    @assignments.command("regrade")
    @click.argument("assignment_id", type=int)
    @click.option(
        "--to-version",
        "to_version",
        type=int,
        default=None,
        help="The version number to move to (default: the pack's newest).",
    )
    @click.option("--confirm", is_flag=True, help="Move and regrade (without it: only list).")
    def regrade_assignment(assignment_id: int, to_version: int | None, confirm: bool) -> None:
        """List every attempt of ASSIGNMENT_ID whose score would change on moving it to a newer
        version of its pack (learner, old score, new score); with --confirm, move and regrade."""
        from .models import Assignment
        from .versions import MoveRefused, move_assignment, preview_move

        assignment = db.session.get(Assignment, assignment_id)
        if assignment is None:
            raise click.BadParameter(
                _("no assignment %(id)s", id=assignment_id), param_hint="ASSIGNMENT_ID"
            )
        try:
            preview = (move_assignment if confirm else preview_move)(assignment, to_version)
        except MoveRefused as refused:
            raise click.ClickException(refused.text(_)) from None
        target = preview.target.number
        click.echo(
            ngettext(
                "%(pack)s in %(class)s: version %(current)s to version %(number)s, %(num)s attempt.",
                "%(pack)s in %(class)s: version %(current)s to version %(number)s, %(num)s attempts.",
                preview.attempts,
                pack=assignment.pack_id,
                current=preview.current.number,
                number=target,
                **{"class": assignment.classroom.name},
            )
        )
        click.echo(
            _(
                "Answers to questions that version %(number)s no longer has (or whose type it "
                "changed) are kept but count no points. Questions it adds count as unanswered, "
                "and the maximum becomes version %(number)s's.",
                number=target,
            )
        )
        from babel.numbers import format_decimal

        language = teachers_language()

        def points(value: float) -> str:
            return format_decimal(value, format="#,##0.##", locale=language)

        for change in preview.changes:
            click.echo(
                f"{change.learner}\t{points(change.old_score)} / {points(change.old_max)}"
                f"\t{points(change.new_score)} / {points(change.new_max)}"
            )
        if not preview.changes:
            click.echo(_("No attempt's score changes."))
        if confirm:
            click.echo(preview.moved_text(ngettext))
        else:
            click.echo(_("Nothing was changed. Add --confirm to move and regrade."))

    app.cli.add_command(users)
    app.cli.add_command(classes)
    app.cli.add_command(scores)
    app.cli.add_command(assignments)
