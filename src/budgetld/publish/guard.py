"""Keeping a folder of bundles whole: one writer at a time, and what a killed run left undone.

A run that publishes into a folder holds an exclusive lock (fcntl ``flock``) on the folder
itself for its whole length, so two runs never interleave their bundles and catalog pages: the
second is refused with one line. Locking the folder, not a lock file in it, leaves nothing
behind to publish or to clean up; the system releases the lock when a run dies. A run killed at any moment (``kill -9``,
power cut, full disk) may leave hidden entries behind (:mod:`.write`): a temporary bundle
``.<slug>.*.new``, a previous bundle moved aside as ``.<slug>.*.old/<slug>``, a temporary
catalog page ``.catalog.ttl.*.tmp``. :func:`recover` settles them at the next start: a bundle
moved aside whose place is empty is put back, everything else hidden and temporary is
removed. The catalog is then rebuilt from the bundles present, so it matches them again.
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import InputError

#: Suffixes of the temporary entries of :mod:`.write` and :func:`budgetld.files.write_atomically`.
NEW, OLD, TMP = ".new", ".old", ".tmp"


@contextmanager
def exclusive(out: Path) -> Iterator[None]:
    """Hold the folder's lock while the block runs; :class:`InputError` if another run holds it."""
    try:
        handle = os.open(out, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as error:
        raise InputError(out, f"cannot open the output folder: {error.strerror or error}") from None
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            if error.errno not in (errno.EAGAIN, errno.EACCES):
                raise InputError(out, f"cannot lock the output folder: {error.strerror}") from None
            raise InputError(out, "another budgetld run is publishing into this folder; try "
                                  "again when it has finished") from None
        yield
    finally:
        os.close(handle)  # closing releases the lock


def _moved_aside(entry: Path) -> list[Path]:
    """The bundle(s) inside a ``.<slug>.*.old`` folder (one, unless the folder is damaged)."""
    try:
        return [p for p in entry.iterdir() if p.is_dir()]
    except OSError:
        return []


def recover(out: Path) -> list[str]:
    """Settle what a killed run left in ``out``; return what was done, one line each."""
    done: list[str] = []
    if not out.is_dir():
        return done
    for entry in sorted(out.iterdir()):
        name = entry.name
        if not name.startswith("."):
            continue
        if name.endswith(OLD) and entry.is_dir():
            for bundle in _moved_aside(entry):
                if not (out / bundle.name).exists():
                    os.replace(bundle, out / bundle.name)
                    done.append(f"restored {out / bundle.name} (its replacement was interrupted)")
            shutil.rmtree(entry)
            done.append(f"removed {entry}")
        elif name.endswith(NEW) and entry.is_dir():
            shutil.rmtree(entry)
            done.append(f"removed {entry} (an interrupted bundle)")
        elif name.endswith(TMP) and entry.is_file():
            entry.unlink()
            done.append(f"removed {entry} (an interrupted file)")
    return done
