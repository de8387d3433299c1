"""Compiled gettext catalogs for any install: .mo files made from the .po files when missing or old.

`pip install` runs no `pybabel compile`, and .mo files are not committed, so the app (and the
command line) compile them on start. This module needs Babel only, no Flask.
"""

import os
import tempfile
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po


def compiled_catalog_folders(folders: list[Path], fallback: Path) -> list[Path]:
    """The translation folders to read, after compiling every outdated messages.po in them.

    A .mo is written beside its .po where that folder is writable, else under `fallback` (e.g. the
    instance folder), which then comes first in the returned list. Each file is written to a
    temporary name and renamed, so workers starting at once never read half a catalog.
    """
    found = list(folders)
    for folder in folders:
        for po_path in sorted(folder.glob("*/LC_MESSAGES/messages.po")):
            mo_path = po_path.with_suffix(".mo")
            if _up_to_date(mo_path, po_path):
                continue
            if not os.access(po_path.parent, os.W_OK):
                mo_path = fallback / po_path.relative_to(folder).with_suffix(".mo")
                if fallback not in found:
                    found.insert(0, fallback)
                if _up_to_date(mo_path, po_path):
                    continue
            write_catalog(po_path, mo_path)
    return found


def _up_to_date(mo_path: Path, po_path: Path) -> bool:
    return mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime


def write_catalog(po_path: Path, mo_path: Path) -> None:
    """Compile one catalog as `pybabel compile` does (fuzzy entries left out)."""
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=po_path.parent.parent.name)
    mo_path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("wb", dir=mo_path.parent, delete=False) as handle:
        write_mo(handle, catalog)
    os.chmod(handle.name, 0o644)  # readable by the server's user, like a file pybabel writes
    os.replace(handle.name, mo_path)
