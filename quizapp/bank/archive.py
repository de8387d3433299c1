"""Pack folders to import: a folder, a folder of folders, or a .zip of either."""

import contextlib
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from ..terminal import gettext as _
from ..uploads import PACK_LIMITS, ArchiveRefused, open_archive, unpack_member
from .loader import PackError, display_path, pack_folders


def is_pack_folder(path: Path) -> bool:
    return path.is_dir() and any(
        (path / name).exists() for name in ("source.yaml", "questions.yaml")
    )


def refusal(path: Path, error: ArchiveRefused) -> PackError:
    """The pack checker's problem line for a .zip the archive limits refuse."""
    limits = {
        "entries": _("the .zip holds more than %(limit)s files", limit=error.limit),
        "size": _("the .zip unpacks to more than %(limit)s MB", limit=error.limit // (1024 * 1024)),
        "depth": _("the .zip's folders are nested more than %(limit)s deep", limit=error.limit),
        "outside": _("the .zip holds files outside a pack"),
    }
    message = limits.get(error.reason, _("not a pack folder nor a .zip of one"))
    return PackError([f"{display_path(path)}:1: " + message])


@contextlib.contextmanager
def unpacked(path: Path) -> Iterator[list[Path]]:
    """The pack folders at `path`; a .zip is unpacked into a temporary folder for the while,
    within the archive limits (uploads.PACK_LIMITS: entries, unpacked bytes, depth)."""
    if path.is_dir():
        yield [path] if is_pack_folder(path) else pack_folders(path)
        return
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary) / path.stem
        try:
            with open_archive(path, PACK_LIMITS) as archive:
                unpack_members(archive, root)
        except ArchiveRefused as error:
            raise refusal(path, error) from error
        if is_pack_folder(root):
            yield [root]
        else:
            yield pack_folders(root)


def unpack_members(archive: zipfile.ZipFile, root: Path) -> None:
    """The archive's files written under `root`, together no more than the limit allows."""
    left = PACK_LIMITS.unpacked_bytes
    for member in archive.infolist():
        if member.is_dir() or PurePosixPath(member.filename).parts[0] in ("__MACOSX",):
            continue
        target = root / member.filename
        target.parent.mkdir(parents=True, exist_ok=True)
        left -= unpack_member(archive, member, target, left)
