"""Uploaded archives (a .docx, a .zip of pack folders) opened with limits: how many entries, how
many bytes they unpack to, how deep their folders go. A zip bomb (1.6 KB that inflates to 270 MB)
is refused from its table of contents, before a byte is unpacked, and a member is read through a
capped stream (zipfile itself stops a member at the size the table gives it and then fails its
checksum), so memory never grows by more than the limit whatever the archive holds.

Archives inside an archive are never opened: a member is read as bytes, so the depth of nesting
is one; `depth` limits the folders of a member's path.
"""

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

MEGABYTE = 1024 * 1024
CHUNK = 64 * 1024


@dataclass(frozen=True)
class ArchiveLimits:
    """What an archive of one kind may hold: entries, unpacked bytes in all, folders deep."""

    entries: int
    unpacked_bytes: int
    depth: int = 16


# A Word document is a few dozen XML parts and its pictures; its XML compresses about tenfold.
DOCX_LIMITS = ArchiveLimits(entries=1000, unpacked_bytes=32 * MEGABYTE)
# A pack is text: two or three files a pack.
PACK_LIMITS = ArchiveLimits(entries=5000, unpacked_bytes=20 * MEGABYTE)


class ArchiveRefused(ValueError):
    """An archive that is no zip or exceeds its limits; `reason` says which ("not a zip",
    "entries", "size", "depth", "outside") and `limit` the limit it exceeds."""

    def __init__(self, reason: str, limit: int = 0):
        super().__init__(f"{reason} (limit {limit})")
        self.reason, self.limit = reason, limit


def open_archive(source: bytes | Path | BinaryIO, limits: ArchiveLimits) -> zipfile.ZipFile:
    """The zip archive at `source`, its table of contents checked against `limits` before any
    member is read; ArchiveRefused otherwise. A member whose path leaves the archive's folder
    (absolute, or with ..) is refused too."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        raise ArchiveRefused("not a zip") from error
    try:
        check_members(archive.infolist(), limits)
    except ArchiveRefused:
        archive.close()
        raise
    return archive


def check_members(members: list[zipfile.ZipInfo], limits: ArchiveLimits) -> None:
    """ArchiveRefused when the members exceed the limits or a path leaves the archive."""
    if len(members) > limits.entries:
        raise ArchiveRefused("entries", limits.entries)
    if sum(member.file_size for member in members) > limits.unpacked_bytes:
        raise ArchiveRefused("size", limits.unpacked_bytes)
    for member in members:
        path = PurePosixPath(member.filename.replace("\\", "/"))
        if path.is_absolute() or ".." in path.parts:
            raise ArchiveRefused("outside")
        if len(path.parts) > limits.depth:
            raise ArchiveRefused("depth", limits.depth)


def read_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, limit: int) -> bytes:
    """A member's bytes, read through a stream that stops after `limit` bytes (whatever size the
    table of contents claims); ArchiveRefused when there are more."""
    with archive.open(member) as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise ArchiveRefused("size", limit)
    return data


def unpack_member(
    archive: zipfile.ZipFile, member: zipfile.ZipInfo, target: Path, limit: int
) -> int:
    """A member copied to `target` in chunks, at most `limit` bytes (ArchiveRefused beyond);
    the number of bytes written."""
    written = 0
    with archive.open(member) as stream, target.open("wb") as file:
        while chunk := stream.read(CHUNK):
            written += len(chunk)
            if written > limit:
                raise ArchiveRefused("size", limit)
            file.write(chunk)
    return written
