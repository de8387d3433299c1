"""`flask demo`: a filled demo classroom for a newcomer to look around in."""

import click
from flask.cli import with_appcontext

from ..terminal import gettext as _


@click.command("demo")
@with_appcontext
def demo_command() -> None:
    """Create a demo instructor, a class of 30 and their attempts (once; again changes nothing)."""
    from ..demo import DEMO_CODE, DEMO_EMAIL, DEMO_PASSWORD, DEMO_PIN, create_demo
    from ..packs import library_packs

    packs = library_packs()
    created, classroom = create_demo(packs.get("belarus-ukraine-war") or next(iter(packs.values())))
    click.echo(_("Created the demo class.") if created else _("The demo class is there already."))
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
