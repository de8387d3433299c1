"""The table of interchange formats: each format is one class in one module, added with @register
(as question types are), and looked up by its name (the `--format` and `?format=` value)."""

from typing import ClassVar

from ..bank.pack import Pack
from ..engine.interactions import INTERACTIONS, Interaction
from ..engine.registry import Registry
from .questions import Imported


class InterchangeFormat:
    """One file format for a pack's questions. Subclass it, set the names, write `export` and
    `read` over neutral interactions only, and decorate it with @register."""

    name: ClassVar[str]  # "moodle-xml": what a teacher chooses it by
    media_type: ClassVar[str]  # the Content-Type of a download
    extension: ClassVar[str]  # ".xml": the ending of an exported file's name
    read_extensions: ClassVar[tuple[str, ...]] = ()  # other endings read as this format
    holds: ClassVar[tuple[type[Interaction], ...]] = INTERACTIONS  # what it can carry
    label: ClassVar[str] = ""  # "Moodle XML": its name for the teacher (default: `name`)

    def export(self, pack: Pack, language: str) -> bytes:
        """The file's bytes: the pack's questions in `language` that this format can hold."""
        raise NotImplementedError

    def export_changes(self, pack: Pack, language: str) -> dict[str, list[str]]:
        """What the file changes of each question it holds, by question id (shares split to
        fit the format's rules, what it has no place for); nothing by default."""
        return {}

    def read(self, data: bytes, filename: str, language: str) -> Imported:
        """A file's questions in the pack's JSON shape, read as written in `language`."""
        raise NotImplementedError

    def reads(self, filename: str) -> bool:
        """Whether a file of that name is one of this format's (by its ending)."""
        name = filename.casefold()
        return any(name.endswith(ending) for ending in (self.extension, *self.read_extensions))


FORMATS: Registry[InterchangeFormat] = Registry("interchange format")
register = FORMATS.register


def get_format(name: str) -> InterchangeFormat:
    """The format of that name; KeyError for one not registered."""
    return FORMATS[name]
