"""Query results for a person at a terminal: a table, IRIs shortened by the usual prefixes."""

from __future__ import annotations

import pyoxigraph as ox
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..rdf.vocab import CODE, PREFIXES
from .layout import ROOT
from .results import Ask, Graph, Result, Term, plain

_SHORT = sorted({**PREFIXES, "code": CODE, "data": ROOT + "data/"}.items(),
                key=lambda kv: -len(kv[1]))


def short(term: Term | None) -> str:
    """A term as a person reads it: a prefixed name for a known IRI, else its value."""
    if isinstance(term, ox.NamedNode):
        for prefix, namespace in _SHORT:
            if term.value.startswith(namespace):
                return f"{prefix}:{term.value[len(namespace):]}"
    return plain(term)


def print_table(console: Console, result: Result) -> None:
    if isinstance(result, Ask):
        console.print("true" if result.value else "false")
        return
    rows: list[list[Term | None]]
    if isinstance(result, Graph):
        columns, rows = ["subject", "predicate", "object"], [
            [t.subject, t.predicate, t.object] for t in result.triples]
    else:
        columns, rows = result.variables, result.rows
    table = Table(header_style="bold")
    for column in columns:
        table.add_column(Text(column))
    for row in rows:
        table.add_row(*(Text(short(t)) for t in row))
    console.print(table)
    console.print(f"{len(rows)} {'triple' if isinstance(result, Graph) else 'row'}"
                  f"{'' if len(rows) == 1 else 's'}", style="dim")
