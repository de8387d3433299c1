"""flask commands for teachers and operators.

The `questions` group is registered as a Flask CLI plugin (see pyproject.toml), so it runs without
creating the app: `questions check` must work precisely when a pack is broken and the app refuses
to start.
"""

import json
from pathlib import Path

import click

from .bank import check_packs, load_packs, pack_to_dict
from .config import default_questions_dir


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


def _questions_dir() -> Path:
    return click.get_current_context().meta["quizapp.questions_dir"]


@questions_cli.command("check")
def check_command() -> None:
    """Validate every pack; print `path:line: message` per problem and exit 1 if there is any."""
    problems = check_packs(_questions_dir())
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        count = len(problems)
        raise click.ClickException(f"{count} problem{'s' if count != 1 else ''} in the packs.")
    packs = load_packs(_questions_dir())
    total = sum(len(p.questions) for p in packs.values())
    click.echo(f"{len(packs)} pack{'s' if len(packs) != 1 else ''}, {total} questions: all valid.")


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
        raise click.BadParameter(f"no pack {pack_id!r} (packs: {known})", param_hint="PACK")
    click.echo(json.dumps(pack_to_dict(packs[pack_id]), ensure_ascii=False, indent=2))
