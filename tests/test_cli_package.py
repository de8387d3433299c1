"""The command line as a package (quizapp/cli/): one module per command group, each command
defined at module level, and the app's groups added by register_commands."""

import ast
from pathlib import Path

import click

import quizapp.cli
from quizapp.cli import questions_cli

CLI_FOLDER = Path(quizapp.cli.__file__).resolve().parent


def command_decorated(node: ast.FunctionDef) -> bool:
    for decorator in node.decorator_list:
        call = decorator.func if isinstance(decorator, ast.Call) else decorator
        if isinstance(call, ast.Attribute) and call.attr in ("command", "group"):
            return True
    return False


def test_every_command_is_defined_at_module_level():
    found, nested = [], []
    for path in sorted(CLI_FOLDER.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top_level = set(tree.body)
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and command_decorated(node):
                found.append(node.name)
                if node not in top_level:
                    nested.append(f"{path.name}:{node.lineno}: {node.name}")
    assert len(found) >= 10 and nested == []


def test_register_commands_adds_the_groups_that_need_the_app(app):
    """create_app calls register_commands: the app's own command line has every group."""
    names = set(app.cli.list_commands(click.Context(app.cli)))
    assert {"users", "classes", "scores", "assignments", "demo"} <= names
    assert set(app.cli.commands["users"].commands) == {
        "create-instructor",
        "make-administrator",
        "reset-password",
    }
    assert set(app.cli.commands["assignments"].commands) == {"regrade"}


def test_the_questions_group_is_the_plugin_the_pyproject_names():
    """`flask questions` runs without the app (a broken pack stops the app from starting), so it
    comes from the entry point quizapp.cli:questions_cli rather than from register_commands."""
    pyproject = (CLI_FOLDER.parent.parent / "pyproject.toml").read_text(encoding="utf-8")
    assert 'questions = "quizapp.cli:questions_cli"' in pyproject
    assert set(questions_cli.commands) == {"check", "list", "export", "import", "find-copies"}
