"""`flask users`: create instructor accounts and reset their passwords."""

import click
from flask.cli import AppGroup

from .. import accounts
from ..extensions import db
from ..models import Instructor
from ..terminal import gettext as _

users_cli = AppGroup("users", help="Manage instructor accounts.")


def _check_password(password: str, email: str) -> None:
    """Refuse a password that does not meet the rules, in the terminal's language."""
    problems = accounts.password_problems(password, email)
    if problems:
        raise click.BadParameter(" ".join(_(problem) for problem in problems))


@users_cli.command("create-instructor")
@click.argument("email")
@click.password_option(help="The password (asked for if not given).")
def create_instructor(email: str, password: str) -> None:
    """Create an instructor account that signs in with EMAIL."""
    from email_validator import EmailNotValidError, validate_email

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


@users_cli.command("reset-password")
@click.argument("email")
@click.password_option(help="The new password (asked for if not given).")
def reset_password(email: str, password: str) -> None:
    """Give the instructor EMAIL a new password; every session of theirs ends."""
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
