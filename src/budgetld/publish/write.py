"""Writing a bundle directory so that it appears whole or not at all.

The files go to a hidden temporary directory beside the target (same file system), which is
then renamed into place; a previous bundle of the same name is moved aside first and removed
only once the new one stands, and put back if the swap fails. Readers therefore see the old
bundle or the new one, never a mixture. A bundle whose files are already byte-identical is
left alone, so re-publishing an unchanged input rewrites nothing (modification times stay).
Staging (writing the files) and installing (the renames) are separate steps, so that
:mod:`.run`'s workers write the files and the parent, which decides which input owns a
bundle, only renames.
Hidden entries (``.name``) are never bundles: the catalog skips them, and
:func:`.guard.recover` settles those a killed run left.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Literal

from ..files import publishable
from .guard import NEW, OLD

Written = Literal["written", "unchanged"]


def bundle_files(directory: Path) -> dict[str, Path]:
    """Relative name (with ``/``) → path of every file of a bundle directory. Links are not
    bundle files (budgetld never writes one): one planted in a published folder is not
    followed into the catalog's sizes and checksums."""
    return {p.relative_to(directory).as_posix(): p
            for p in sorted(directory.rglob("*"))
            if p.is_file() and not p.is_symlink()}


def _unchanged(target: Path, files: dict[str, bytes]) -> bool:
    if not target.is_dir():
        return False
    present = bundle_files(target)
    return present.keys() == files.keys() and \
        all(present[name].read_bytes() == data for name, data in files.items())


def _write_file(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def discard(path: Path) -> None:
    """Remove a temporary folder; what cannot be removed now, :func:`.guard.recover` removes
    at the next start (a failed clean-up must not fail a bundle that stands)."""
    shutil.rmtree(path, ignore_errors=True)


def _swap(out: Path, slug: str, temp: Path) -> None:
    """Put the complete bundle ``temp`` in place of ``out/slug``. The previous bundle is moved
    aside and removed only once the new one stands; if the second rename fails, it is moved
    back; if even that fails (or the process dies in between), it stays aside, whole, and
    :func:`.guard.recover` puts it back at the next start."""
    target = out / slug
    if not target.exists():
        os.replace(temp, target)
        return
    old = Path(tempfile.mkdtemp(dir=out, prefix=f".{slug}.", suffix=OLD))
    try:
        os.replace(target, old / slug)
        try:
            os.replace(temp, target)
        except BaseException:
            os.replace(old / slug, target)
            raise
    finally:
        if target.exists():  # the new bundle or the old one stands: what is aside can go
            discard(old)


def stage_bundle(out: Path, slug: str, files: dict[str, bytes]) -> Path | None:
    """Write ``files`` (relative name → bytes) into a hidden temporary directory beside the
    bundle ``out/slug``, for :func:`install_bundle`; None when the bundle already holds
    exactly these files."""
    if _unchanged(out / slug, files):
        return None
    out.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(dir=out, prefix=f".{slug}.", suffix=NEW))
    try:
        publishable(temp, directory=True)
        for name, data in files.items():
            _write_file(temp / name, data)
    except BaseException:
        discard(temp)
        raise
    return temp


def install_bundle(out: Path, slug: str, staged: Path) -> None:
    """Put a staged bundle in place of ``out/slug``, atomically (see :func:`_swap`)."""
    try:
        _swap(out, slug, staged)
    except BaseException:
        discard(staged)
        raise


def write_bundle(out: Path, slug: str, files: dict[str, bytes]) -> Written:
    """Write ``files`` (relative name → bytes) as the bundle ``out/slug``, atomically."""
    staged = stage_bundle(out, slug, files)
    if staged is None:
        return "unchanged"
    install_bundle(out, slug, staged)
    return "written"
