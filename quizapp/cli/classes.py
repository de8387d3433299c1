"""`flask classes`: the classrooms, for an operator looking for a join code."""

import click
from flask.cli import AppGroup
from sqlalchemy import select

from ..extensions import db
from ..models import Classroom, Instructor

classes_cli = AppGroup("classes", help="List classrooms.")


@classes_cli.command("list")
def list_classes() -> None:
    """One classroom a line: join code, tab, name, tab, instructor e-mail."""
    rows = db.session.execute(
        select(Classroom.join_code, Classroom.name, Instructor.email)
        .join(Instructor)
        .order_by(Classroom.id)
    )
    for code, name, email in rows:
        click.echo(f"{code}\t{' '.join(name.split())}\t{email}")
