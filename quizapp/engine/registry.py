"""A table of named plugins of one kind (question types, feedback modes, interchange formats),
filled by a class decorator: adding a kind of thing is one module that registers itself."""

from typing import Generic, TypeVar

T = TypeVar("T")


class Registry(dict[str, T], Generic[T]):
    """Plugins by name, one instance each; a second class of a name taken already is refused."""

    def __init__(self, kind: str):
        super().__init__()
        self.kind = kind

    def register(self, cls: type[T]) -> type[T]:
        """Add the class's instance under `cls.name` (a class decorator); registering the same
        class again (a module imported twice) changes nothing."""
        existing = self.get(cls.name)
        where = (cls.__module__, cls.__qualname__)
        if (
            existing is not None
            and (type(existing).__module__, type(existing).__qualname__) != where
        ):
            raise ValueError(f"{self.kind} {cls.name!r} is registered already")
        self[cls.name] = cls()
        return cls
