"""One home for accounts (issue 16, point 11): quizapp/accounts.py holds hashing, name folding,
joining, signing in, PIN and password changes and sessions; the blueprints and the command line
call it, and no module imports another blueprint's routes."""

import ast
from pathlib import Path

import quizapp
from quizapp import accounts

PACKAGE = Path(quizapp.__file__).resolve().parent
BLUEPRINTS = sorted(p.parent.name for p in PACKAGE.glob("*/routes.py"))


def _imported_modules(path: Path) -> set[str]:
    """Every module a file imports, as absolute dotted names."""
    module = ".".join(("quizapp", *path.relative_to(PACKAGE).with_suffix("").parts))
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")
            if node.level:
                base = base[: len(base) - node.level + 1]
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module or ""
            found.add(name)
            found |= {f"{name}.{alias.name}" for alias in node.names}
    return found


def test_no_module_imports_another_blueprints_routes():
    assert {"auth", "instructor", "learner"} <= set(BLUEPRINTS)
    problems = []
    for path in sorted(PACKAGE.rglob("*.py")):
        own = path.relative_to(PACKAGE).parts[0]
        for name in _imported_modules(path):
            for blueprint in BLUEPRINTS:
                if name.startswith(f"quizapp.{blueprint}.routes") and own != blueprint:
                    problems.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert not problems, "\n".join(problems)


def test_the_blueprints_and_the_command_line_use_the_accounts_module():
    for relative in (
        "auth/routes.py",
        "instructor/routes.py",
        "learner/routes.py",
        "cli/users.py",
        "demo.py",
    ):
        imported = _imported_modules(PACKAGE / relative)
        assert any(name.startswith("quizapp.accounts") for name in imported), relative
    for name in (
        "hash_secret",
        "clean_display_name",
        "name_key",
        "join_classroom",
        "sign_in_instructor",
        "sign_in_learner",
        "reset_pin",
        "change_password",
        "set_password",
        "start_session",
        "end_session",
        "end_all_sessions",
    ):
        assert callable(getattr(accounts, name)), name


def test_nothing_else_hashes_secrets_or_folds_names():
    """The one normalisation: no other module calls Werkzeug's hashing or fold_answer on names."""
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "accounts.py" or "engine" in path.parts:
            continue
        source = path.read_text(encoding="utf-8")
        assert "generate_password_hash" not in source, path
        assert "check_password_hash" not in source, path
        assert "name_key=fold_answer" not in source, path
