"""The `flask` commands, one module per group, each defined at module level.

`questions` (questions.py) is a Flask CLI plugin (pyproject.toml) that runs without the app; the
groups that need the app and its database are added to it by `register_commands`.
"""

from flask import Flask

from .assignments import assignments_cli
from .classes import classes_cli
from .demo import demo_command
from .questions import questions_cli
from .scores import scores_cli
from .users import users_cli

__all__ = ["questions_cli", "register_commands"]


def register_commands(app: Flask) -> None:
    """Add the commands that need the app and its database: users, classes, scores, demo,
    assignments."""
    for command in (users_cli, classes_cli, scores_cli, demo_command, assignments_cli):
        app.cli.add_command(command)
