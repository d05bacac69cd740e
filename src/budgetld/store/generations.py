"""An on-disk store that a load changes all at once or not at all.

A load never writes into the store queries read. ``DIR/current`` is a symbolic link to a
generation ``DIR/gen-N/`` (an Oxigraph RocksDB directory). A load copies the current
generation with Oxigraph's backup (hard links, so it costs no space and little time), writes
into the copy, and only when everything is written points ``current`` at it with an atomic
rename. A load that fails or is killed leaves ``current`` as it was; its half-made
generation is removed by the next load. The generation before the current one is kept so
that a server still reading it is not pulled from under its feet.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError

CURRENT = "current"
_GENERATION = re.compile(r"^gen-(\d+)$")


def current(directory: Path) -> Path | None:
    """The current generation of the store in ``directory``, if it has one."""
    link = directory / CURRENT
    return directory / os.readlink(link) if link.is_symlink() else None


def open_read_only(directory: Path) -> ox.Store:
    """The current generation, for queries; a missing or unreadable store is unusable input."""
    generation = current(directory)
    if generation is None:
        raise InputError(directory, "no store here: load bundles first (budgetld load DIR)")
    try:
        return ox.Store.read_only(str(generation))
    except OSError as error:
        raise InputError(directory, f"cannot open the store: {error}") from None


def _generations(directory: Path) -> list[tuple[int, Path]]:
    found = [(int(m.group(1)), p) for p in directory.iterdir() if (m := _GENERATION.match(p.name))]
    return sorted(found)


@contextmanager
def next_generation(directory: Path) -> Iterator[ox.Store]:
    """A writable copy of the current generation; it becomes current when the block ends
    without an error."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        live = current(directory)
        live_number = int(live.name.removeprefix("gen-")) if live else 0
        older = [n for n, _ in _generations(directory) if n < live_number]
        for n, stale in _generations(directory):  # the older ones, and any a failed load left
            if n != live_number and n != max(older, default=None):
                shutil.rmtree(stale)
        number = max((n for n, _ in _generations(directory)), default=0) + 1
        target = directory / f"gen-{number}"
        if live is not None:
            ox.Store(str(live)).backup(str(target))
        store = ox.Store(str(target))
    except OSError as error:
        raise InputError(directory, f"cannot prepare the store: {error}") from None
    yield store
    store.flush()
    del store
    link = directory / f".{CURRENT}.{number}"
    link.unlink(missing_ok=True)
    link.symlink_to(target.name)
    os.replace(link, directory / CURRENT)

