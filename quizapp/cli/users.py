"""`flask users`: create instructor accounts, make school administrators, reset passwords."""

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
@click.option(
    "--administrator",
    is_flag=True,
    help="Make the account a school administrator (invites, approves and suspends teachers).",
)
def create_instructor(email: str, password: str, administrator: bool) -> None:
    """Create an instructor account that signs in with EMAIL."""
    from email_validator import EmailNotValidError, validate_email

    try:
        email = validate_email(email, check_deliverability=False).normalized.lower()
    except EmailNotValidError as error:
        raise click.BadParameter(str(error), param_hint="EMAIL") from None
    _check_password(password, email)
    if accounts.instructor_by_email(email):
        raise click.ClickException(_("there is already an instructor %(email)s", email=email))
    instructor = Instructor(email=email, password_hash=accounts.hash_secret(password))
    db.session.add(instructor)
    db.session.commit()
    if administrator:
        accounts.make_administrator(instructor)
        click.echo(_("Created administrator %(email)s.", email=email))
    else:
        click.echo(_("Created instructor %(email)s.", email=email))


@users_cli.command("make-administrator")
@click.argument("email")
def make_administrator(email: str) -> None:
    """Make the instructor EMAIL a school administrator (also restores a suspended account)."""
    instructor = accounts.instructor_by_email(email)
    if instructor is None:
        raise click.BadParameter(
            _("no instructor %(email)s", email=repr(email)), param_hint="EMAIL"
        )
    accounts.make_administrator(instructor)
    click.echo(_("%(email)s is an administrator now.", email=instructor.email))


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
