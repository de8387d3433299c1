"""`flask scores`: a classroom's scores or responses as a CSV or XLSX file."""

from pathlib import Path

import click
from flask.cli import AppGroup

from ..terminal import gettext as _
from .language import teachers_language

scores_cli = AppGroup("scores", help="Export scores.")


@scores_cli.command("export")
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

    from ..accounts import classroom_by_code
    from ..instructor.exports import ExportSettings, csv_conventions, write_export

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
