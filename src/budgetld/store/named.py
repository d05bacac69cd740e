"""The library of named research queries: ``queries/research/NAME.rq``.

Each file starts with comment lines: the first is its title, the others say what it
answers and how to read it; ``budgetld query --name NAME`` runs it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..resources import data_dir


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    text: str


def _read(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    comments = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        comments.append(line.lstrip("#").strip())
    return NamedQuery(path.stem, comments[0] if comments else path.stem,
                      " ".join(comments[1:]), text)


def named_queries() -> dict[str, NamedQuery]:
    """Every named query, by name."""
    return {p.stem: _read(p) for p in sorted((data_dir("queries") / "research").glob("*.rq"))}
