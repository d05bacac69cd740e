"""Writing a bundle directory so that it appears whole or not at all.

The files go to a hidden temporary directory beside the target (same file system), which is
then renamed into place; a previous bundle of the same name is moved aside first and removed
only once the new one stands, and put back if the swap fails. Readers therefore see the old
bundle or the new one, never a mixture. A bundle whose files are already byte-identical is
left alone, so re-publishing an unchanged input rewrites nothing (modification times stay).
Staging (writing the files) and installing (the renames) are separate steps, so that
:mod:`.run`'s workers write the files and the parent, which decides which input owns a
bundle, only renames.
Hidden entries (``.name``) are never bundles: the catalog skips them.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Literal

from ..files import publishable

Written = Literal["written", "unchanged"]


def bundle_files(directory: Path) -> dict[str, Path]:
    """Relative name (with ``/``) → path of every file of a bundle directory."""
    return {p.relative_to(directory).as_posix(): p
            for p in sorted(directory.rglob("*")) if p.is_file()}


def _unchanged(target: Path, files: dict[str, bytes]) -> bool:
    if not target.is_dir():
        return False
    present = bundle_files(target)
    return present.keys() == files.keys() and \
        all(present[name].read_bytes() == data for name, data in files.items())


def _write_file(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def stage_bundle(out: Path, slug: str, files: dict[str, bytes]) -> Path | None:
    """Write ``files`` (relative name → bytes) into a hidden temporary directory beside the
    bundle ``out/slug``, for :func:`install_bundle`; None when the bundle already holds
    exactly these files."""
    if _unchanged(out / slug, files):
        return None
    out.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(dir=out, prefix=f".{slug}.", suffix=".new"))
    try:
        publishable(temp, directory=True)
        for name, data in files.items():
            _write_file(temp / name, data)
    except BaseException:
        discard(temp)
        raise
    return temp


def install_bundle(out: Path, slug: str, staged: Path) -> None:
    """Put a staged bundle in place of ``out/slug``, atomically."""
    target = out / slug
    try:
        if target.exists():
            old = Path(tempfile.mkdtemp(dir=out, prefix=f".{slug}.", suffix=".old"))
            os.replace(target, old / slug)
            try:
                os.replace(staged, target)
            except BaseException:
                os.replace(old / slug, target)
                raise
            finally:
                shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(staged, target)
    except BaseException:
        discard(staged)
        raise


def discard(staged: Path) -> None:
    shutil.rmtree(staged, ignore_errors=True)


def write_bundle(out: Path, slug: str, files: dict[str, bytes]) -> Written:
    """Write ``files`` (relative name → bytes) as the bundle ``out/slug``, atomically."""
    staged = stage_bundle(out, slug, files)
    if staged is None:
        return "unchanged"
    install_bundle(out, slug, staged)
    return "written"
