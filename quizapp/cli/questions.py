"""`flask questions`: check, list, import and export the question packs.

The group is registered as a Flask CLI plugin (see pyproject.toml), so it runs without
creating the app: `questions check` must work precisely when a pack is broken and the app refuses
to start.
"""

import json
from pathlib import Path

import click
from flask.cli import with_appcontext

from ..bank import PackError, check_packs, load_packs, pack_to_dict, read_pack
from ..bank.archive import is_pack_folder, unpacked
from ..bank.export import write_pack_folder
from ..bank.loader import display_path, pack_folders
from ..config import default_questions_dir, question_type_modules
from ..engine.types import load_type_modules
from ..interchange import FORMATS, export_notes, export_pack
from ..terminal import gettext as _
from ..terminal import ngettext


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
    """Print each pack the database holds, one a line: its id, title, newest version and owner,
    or why its newest version cannot be read (a pack the app cannot read is served to no one).
    Without the app (or before its database is set up), print each pack id of the folder."""
    states = _database_pack_states()
    if states is None:
        for pack_id in load_packs(_questions_dir()):
            click.echo(pack_id)
        return
    for state in states:
        click.echo(_pack_line(state))


def _pack_line(state) -> str:
    """One pack of `questions list`: "slug: title (published, version 2, in the library; by
    teacher@example.org)", and "cannot be read: ..." for a version the app cannot read."""
    if state.newest is None:
        parts = [_("draft")]
    else:
        parts = [_("published, version %(number)s", number=state.newest)]
    if state.in_library:
        parts.append(_("in the library"))
    line = f"{state.slug}: {state.title} ({', '.join(parts)}"
    line += f"; {_('by %(email)s', email=state.owner)})" if state.owner else ")"
    if state.problem:
        line += " " + _("cannot be read: %(reason)s", reason=state.problem)
    return line


def _app_at_hand():
    """The app the command runs in (`flask --app quizapp`), or None outside one."""
    from flask import current_app
    from flask.cli import ScriptInfo

    info = click.get_current_context().find_object(ScriptInfo)
    if info is None:
        return None
    try:
        return current_app._get_current_object() if current_app else info.load_app()
    except Exception:  # noqa: BLE001 - no app to be found: the folder is the only source
        return None


def _database_pack_states() -> list | None:
    """The state of every pack in the app's database; None without an app or a database."""
    app = _app_at_hand()
    if app is None:
        return None
    from sqlalchemy.exc import SQLAlchemyError

    from ..packs import pack_states

    with app.app_context():
        try:
            return pack_states()
        except SQLAlchemyError:  # a database not set up yet: the folder is the only source
            return None


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
    from ..bank.loader import read_pack_data

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
    content, _left = export_pack(pack, fmt, language)
    for line in export_notes(pack, fmt, language):
        click.echo(line, err=True)
    if output is None:
        click.echo(content.decode("utf-8"), nl=False)
        return
    output.write_bytes(content)
    click.echo(_("Wrote %(path)s.", path=output))


def _database_pack_data(pack_id: str) -> dict | None:
    """The newest published version of a pack in the app's database, as JSON data; None when
    there is no app (the command runs outside `flask --app quizapp`) or no such pack."""
    app = _app_at_hand()
    if app is None:
        return None
    from sqlalchemy.exc import SQLAlchemyError

    from ..packs import published_pack

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
    from ..extensions import db
    from ..packs import UnreadableVersion, import_pack

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
            try:
                _stored, changed = import_pack(pack)
            except UnreadableVersion as refused:
                db.session.rollback()
                raise click.ClickException(
                    _(
                        "%(id)s was not stored: the app could not read its stored version back "
                        "(%(reasons)s)",
                        id=pack.id,
                        reasons=refused.reasons,
                    )
                ) from refused
            db.session.commit()
            if changed:
                click.echo(_("Imported %(id)s as a new version.", id=pack.id))
            else:
                click.echo(_("%(id)s is unchanged.", id=pack.id))


def _import_moodle_file(path: Path, owner: str | None, language: str | None) -> None:
    from flask import current_app

    from ..accounts import instructor_by_email
    from ..authoring.operations import new_imported_draft
    from ..interchange import read_question_file

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
    imported = read_question_file(path.read_bytes(), display_path(path), language, languages)
    for line in [*imported.skipped, *imported.notes]:
        click.echo(line, err=True)
    if imported.problems:
        raise PackError(imported.problems)
    stored = new_imported_draft(instructor.id, path.stem, language, imported)
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


@questions_cli.command("find-copies")
@click.option(
    "--dry-run", is_flag=True, help="Only report the copies found; remember none of their origins."
)
@with_appcontext
def find_copies_command(dry_run: bool) -> None:
    """Find the packs copied before copies remembered their origin (the upgrade does it once)
    and make each remember the pack it was copied from, so it is withheld with it."""
    from ..copies import find_copies
    from ..extensions import db

    found = find_copies(db.session.connection(), fill=not dry_run)
    db.session.commit()
    for copy in found:
        click.echo(
            _("%(copy)s is a copy of %(origin)s.", copy=copy.copy_slug, origin=copy.origin_slug)
        )
    if not found:
        click.echo(_("Every copy knows its origin already."))
    elif not dry_run:
        click.echo(
            ngettext(
                "%(num)s copy now knows its origin.",
                "%(num)s copies now know their origin.",
                len(found),
            )
        )
