"""`flask assignments`: move an assignment to a newer version of its pack and regrade it."""

from collections.abc import Sequence
from typing import TYPE_CHECKING

import click
from babel.numbers import format_decimal
from flask.cli import AppGroup

from ..extensions import db
from ..models import Assignment
from ..terminal import gettext as _
from ..terminal import ngettext
from .language import teachers_language

if TYPE_CHECKING:
    from ..versions import MovePreview, ScoreChange

assignments_cli = AppGroup("assignments", help="Move assignments to newer pack versions.")


@assignments_cli.command("regrade")
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
    from ..versions import MoveRefused, move_assignment, preview_move

    assignment = db.session.get(Assignment, assignment_id)
    if assignment is None:
        raise click.BadParameter(
            _("no assignment %(id)s", id=assignment_id), param_hint="ASSIGNMENT_ID"
        )
    try:
        preview = (move_assignment if confirm else preview_move)(assignment, to_version)
    except MoveRefused as refused:
        raise click.ClickException(refused.text(_)) from None
    _echo_move(assignment, preview)
    _echo_score_changes(preview.changes, teachers_language())
    if confirm:
        click.echo(preview.moved_text(ngettext))
    else:
        click.echo(_("Nothing was changed. Add --confirm to move and regrade."))


def _echo_move(assignment: Assignment, preview: "MovePreview") -> None:
    """Which pack moves from which version to which, and what happens to the answers."""
    target = preview.target.number
    click.echo(
        ngettext(
            "%(pack)s in %(class)s: version %(current)s to version %(number)s, %(num)s attempt.",
            "%(pack)s in %(class)s: version %(current)s to version %(number)s, %(num)s attempts.",
            preview.attempts,
            pack=assignment.pack_slug,
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


def _echo_score_changes(changes: Sequence["ScoreChange"], language: str) -> None:
    """One line per attempt whose score changes: learner, old score / maximum, new score / maximum."""

    def points(value: float) -> str:
        return format_decimal(value, format="#,##0.##", locale=language)

    for change in changes:
        click.echo(
            f"{change.learner}\t{points(change.old_score)} / {points(change.old_max)}"
            f"\t{points(change.new_score)} / {points(change.new_max)}"
        )
    if not changes:
        click.echo(_("No attempt's score changes."))
