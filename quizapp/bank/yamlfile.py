"""YAML reading that remembers line numbers, so a teacher is told `path:line: what is wrong`.

Two of YAML's surprises are turned off: only true and false are booleans (`No`, `on` and `yes` stay
the text the teacher wrote), and a number remembers how it was written, so `1.10` where text belongs
reads as "1.10".
"""

import re
from pathlib import Path
from typing import Any

import yaml


class LineDict(dict):
    """A YAML mapping that knows the line it starts on and the line of each key."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    """A YAML sequence that knows the line it starts on."""

    line: int = 0


class DuplicateKey(yaml.MarkedYAMLError):
    pass


# libyaml's parser (part of PyYAML's wheels) reads a pack several times faster than the pure-Python
# one and gives the same marks; the constructors and resolvers below are Python either way.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_BaseLoader):
    pass


_BOOL = "tag:yaml.org,2002:bool"
_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _BOOL]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_LineLoader.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


class WrittenInt(int):
    """An integer that remembers how the pack wrote it."""

    source: str


class WrittenFloat(float):
    """A number with a fraction that remembers how the pack wrote it."""

    source: str


def _written(number_type, base_constructor):
    def construct(loader: _LineLoader, node: yaml.ScalarNode):
        value = number_type(base_constructor(loader, node))
        value.source = node.value
        return value

    return construct


def scalar_text(value: Any) -> str:
    """A scalar as the teacher wrote it: a number's own digits, other values as text."""
    return getattr(value, "source", None) or str(value)


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise DuplicateKey(
                None,
                None,
                f"duplicate key {key!r} (first on line {mapping.line_of(key)})",
                key_node.start_mark,
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = key_node.start_mark.line + 1
    return mapping


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    sequence = LineList(loader.construct_object(child, deep=True) for child in node.value)
    sequence.line = node.start_mark.line + 1
    return sequence


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
_LineLoader.add_constructor(
    "tag:yaml.org,2002:int", _written(WrittenInt, yaml.SafeLoader.construct_yaml_int)
)
_LineLoader.add_constructor(
    "tag:yaml.org,2002:float", _written(WrittenFloat, yaml.SafeLoader.construct_yaml_float)
)


class YamlSyntaxError(Exception):
    """A file that is not valid YAML; `quoting` says whether unquoted text is the likely cause."""

    def __init__(self, line: int, message: str, quoting: bool = False):
        super().__init__(message)
        self.line = line
        self.message = message
        self.quoting = quoting


def read_yaml(path: Path) -> Any:
    """The document in `path`, its mappings as LineDict; raises YamlSyntaxError with the line."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise YamlSyntaxError(1, f"not UTF-8 text ({error.reason})") from None
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        problem = error.problem or error.context or "YAML syntax error"
        quoting = not isinstance(error, DuplicateKey) and _about_quoting(text, line)
        raise YamlSyntaxError(line, problem, quoting) from None


def _about_quoting(text: str, line: int) -> bool:
    """Whether the error's lines hold the marks that usually cause it: `%`, `:`, `#` or quotes."""
    nearby = " ".join(text.splitlines()[max(0, line - 2) : line])
    return any(mark in nearby for mark in ("%", ": ", '"', "#", "'", "@", "`"))
