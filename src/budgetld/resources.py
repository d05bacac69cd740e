"""Locate the project's data files (layouts, ontology, shapes, queries).

They live at the top of the repository so that domain experts find and edit them without
touching Python; a built wheel carries them under ``budgetld/_data``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """Return the directory of data files called ``name`` (e.g. ``"layouts"``)."""
    for candidate in (_PACKAGE_DIR / "_data" / name, _PACKAGE_DIR.parents[1] / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"budgetld data directory {name!r} is missing from the installation")
