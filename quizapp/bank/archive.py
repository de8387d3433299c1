"""Pack folders to import: a folder, a folder of folders, or a .zip of either."""

import contextlib
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from ..terminal import gettext as _
from .loader import PackError, display_path, pack_folders

# A pack is text: a zip that unpacks to more than this is refused rather than filling the disk.
MAX_UNPACKED_BYTES = 20 * 1024 * 1024


def is_pack_folder(path: Path) -> bool:
    return path.is_dir() and any(
        (path / name).exists() for name in ("source.yaml", "questions.yaml")
    )


@contextlib.contextmanager
def unpacked(path: Path) -> Iterator[list[Path]]:
    """The pack folders at `path`; a .zip is unpacked into a temporary folder for the while."""
    if path.is_dir():
        yield [path] if is_pack_folder(path) else pack_folders(path)
        return
    if not zipfile.is_zipfile(path):
        raise PackError([f"{display_path(path)}:1: " + _("not a pack folder nor a .zip of one")])
    with tempfile.TemporaryDirectory() as temporary, zipfile.ZipFile(path) as archive:
        root = Path(temporary) / path.stem
        members = [m for m in archive.infolist() if not m.is_dir()]
        unsafe = [
            m.filename
            for m in members
            if PurePosixPath(m.filename).is_absolute() or ".." in PurePosixPath(m.filename).parts
        ]
        if unsafe or sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
            raise PackError(
                [f"{display_path(path)}:1: " + _("the .zip holds files outside a pack")]
            )
        for member in members:
            if PurePosixPath(member.filename).parts[0] in ("__MACOSX",):
                continue
            target = root / member.filename
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(archive.read(member))
        if is_pack_folder(root):
            yield [root]
        else:
            yield pack_folders(root)
