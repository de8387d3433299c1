"""The shape of the code the next features build on (docs/architecture.md): no import cycle inside
quizapp/, no private name imported from another module, no function over 60 lines, no route over
30 lines. Each rule is read from the source with `ast`, so a change that breaks one fails here with
the module and line to look at."""

import ast
from pathlib import Path

import pytest

pytestmark = pytest.mark.once

PACKAGE = Path(__file__).resolve().parent.parent / "quizapp"
LONGEST_FUNCTION = 60
LONGEST_ROUTE = 30
ROUTE_DECORATORS = {"get", "post", "route", "put", "delete", "patch"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}
TREES = {name: ast.parse(path.read_text(encoding="utf-8")) for name, path in MODULES.items()}


def resolve(module: str, node: ast.ImportFrom) -> str:
    """The absolute name of the module an ImportFrom names (relative imports resolved)."""
    if not node.level:
        return node.module or ""
    package = module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]
    for _ in range(node.level - 1):
        package = package.rpartition(".")[0]
    return f"{package}.{node.module}" if node.module else package


def module_level_imports(module: str) -> list[tuple[str, ast.stmt]]:
    """(imported module, statement) for the imports run when the module is imported: at its top
    level or in a top-level `try`/`if`, but not under `if TYPE_CHECKING`."""
    found = []

    def visit(statements):
        for node in statements:
            if isinstance(node, ast.Import):
                found.extend((alias.name, node) for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = resolve(module, node)
                for alias in node.names:
                    submodule = f"{base}.{alias.name}"
                    found.append((submodule if submodule in MODULES else base, node))
            elif isinstance(node, ast.If):
                if "TYPE_CHECKING" not in ast.unparse(node.test):
                    visit(node.body)
                    visit(node.orelse)
            elif isinstance(node, ast.Try):
                visit(node.body)

    visit(TREES[module].body)
    return [(name, node) for name, node in found if name in MODULES]


def import_graph() -> dict[str, set[str]]:
    graph = {}
    for module in MODULES:
        edges = set()
        for name, _node in module_level_imports(module):
            edges.add(name)
            # Importing a.b.c runs a/__init__.py and a/b/__init__.py first.
            parts = name.split(".")
            edges.update(".".join(parts[:i]) for i in range(2, len(parts)))
        edges.discard(module)
        graph[module] = {e for e in edges if e in MODULES and not module.startswith(e + ".")}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def strongconnect(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for succ in sorted(graph[node]):
            if succ not in index:
                strongconnect(succ)
                low[node] = min(low[node], low[succ])
            elif succ in on_stack:
                low[node] = min(low[node], index[succ])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            strongconnect(node)
    return found


def test_no_import_cycle_inside_quizapp():
    assert cycles(import_graph()) == []


def test_no_private_name_is_imported_from_another_module():
    imported = []
    for module, tree in TREES.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and resolve(module, node).startswith("quizapp"):
                for alias in node.names:
                    if alias.name.startswith("_") and not alias.name.startswith("__"):
                        imported.append(f"{MODULES[module]}:{node.lineno}: {alias.name}")
            if isinstance(node, ast.Import):
                continue
    assert imported == []


def functions():
    for module, tree in TREES.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                yield module, node


def length(node: ast.FunctionDef) -> int:
    """Lines from the `def` (decorators not counted) to the function's last line."""
    return node.end_lineno - node.lineno + 1


def is_route(node: ast.FunctionDef) -> bool:
    for decorator in node.decorator_list:
        call = decorator.func if isinstance(decorator, ast.Call) else decorator
        if isinstance(call, ast.Attribute) and call.attr in ROUTE_DECORATORS:
            return True
    return False


def test_no_function_is_over_sixty_lines():
    long = [
        f"{MODULES[module]}:{node.lineno}: {node.name} ({length(node)} lines)"
        for module, node in functions()
        if length(node) > LONGEST_FUNCTION
    ]
    assert long == []


def test_no_route_is_over_thirty_lines():
    long = [
        f"{MODULES[module]}:{node.lineno}: {node.name} ({length(node)} lines)"
        for module, node in functions()
        if is_route(node) and length(node) > LONGEST_ROUTE
    ]
    assert long == []


def test_the_rules_see_what_they_look_for():
    """The checks above read this package: they find its modules, its routes and its imports."""
    assert "quizapp.learner.routes" in MODULES
    assert any(is_route(node) for _module, node in functions())
    assert "quizapp.extensions" in import_graph()["quizapp"]
    assert cycles({"a": {"b"}, "b": {"a"}, "c": {"a"}}) == [["a", "b"]]
