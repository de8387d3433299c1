"""The engine is pure Python: it imports the standard library, the few libraries it grades with,
and itself; no Flask, no database, no file format (formats are quizapp/interchange/'s)."""

import ast
import sys
from pathlib import Path

ENGINE = Path(__file__).resolve().parents[2] / "quizapp" / "engine"
GRADING_LIBRARIES = {"babel", "rapidfuzz", "text_to_num"}


def imported_packages(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level:
            found.add((node.module or "").split(".")[0])
    return found


def test_the_engine_imports_no_web_database_or_format_library():
    outside = {
        f"{path.relative_to(ENGINE)}: {package}"
        for path in ENGINE.rglob("*.py")
        for package in imported_packages(path)
        if package not in sys.stdlib_module_names and package not in GRADING_LIBRARIES
    }
    assert outside == set()
