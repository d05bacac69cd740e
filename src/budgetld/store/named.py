"""The library of named research queries: ``queries/research/NAME.rq``.

Each file starts with comment lines: the first is its title, the others say what it
answers and how to read it; ``budgetld query --name NAME`` runs it.

A query about one thing of many (a project, a disclosure) takes it as a parameter: the line
that chooses its default ends with ``# parameter ?NAME``, and :func:`bind` replaces that line
with ``VALUES ?NAME { <IRI> }`` (``budgetld query --name NAME --bind NAME=IRI``). The query
stays plain SPARQL, runnable as it is on any endpoint.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..resources import data_dir

_PARAMETER = re.compile(r"^(?P<indent>\s*).*#\s*parameter\s+\?(?P<name>\w+)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    text: str

    @property
    def parameters(self) -> list[str]:
        """The names of the query's parameters, in the order of the text."""
        return list(dict.fromkeys(m.group("name") for m in _PARAMETER.finditer(self.text)))


def bind(text: str, values: dict[str, ox.NamedNode]) -> str:
    """``text`` with each parameter of ``values`` bound to its IRI instead of its default;
    a name the query has no parameter for is a ``KeyError``."""
    missing = [name for name in values if not any(m.group("name") == name for m in _PARAMETER.finditer(text))]
    if missing:
        raise KeyError(missing[0])

    def replace(match: re.Match[str]) -> str:
        name = match.group("name")
        if name not in values:
            return match.group(0)
        return f"{match.group('indent')}VALUES ?{name} {{ {values[name]} }}  # parameter ?{name}"

    return _PARAMETER.sub(replace, text)


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
