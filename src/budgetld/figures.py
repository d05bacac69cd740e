"""Where the figure a narrative claim names stands in the tables.

``预算收入总计1286.05万元`` names the 收入总计 row of the 收支总表; ``公务接待费1.20万元`` the
公务接待费 cell of whichever "三公" table the layout has. The mapping is data
(``layouts/figures.toml``); this module applies it to a parsed disclosure. The RDF stage links
claims to the observations found here, and the validator compares their values.
"""

from __future__ import annotations

from dataclasses import dataclass

from .layouts import CellSpec, Knowledge, fold, load_knowledge
from .model import Amount, BudgetTable, Claim, Column, Disclosure, PerformanceProject, Row
from .numbers import split_code


@dataclass(frozen=True)
class Figure:
    """A table cell: its amount, or ``None`` for a blank cell (which counts as 0). In a table
    with no data (its "no data" note, or no amount at all) the cell may have no row or column
    to stand in: the figure is then where the table would show it. ``presence``: the table
    shows the figure when it is not zero, but perhaps with more added, so its value is not
    compared."""

    table: BudgetTable
    row: Row | None
    column: Column | None
    amount: Amount | None
    presence: bool = False

    @property
    def unknown(self) -> bool:
        """A blank cell of a row with amounts whose column could not be told: one of them may
        stand here, so the blank does not say 0."""
        return self.amount is None and self.row is not None and bool(self.row.unplaced)


def _cell(table: BudgetTable, row: Row, column: Column, presence: bool) -> Figure:
    cell = next((c for c in row.cells if c.column == column.key), None)
    return Figure(table, row, column, cell.amount if cell else None, presence)


def _rows(table: BudgetTable, spec: CellSpec) -> list[Row]:
    rows = [r for r in table.rows if spec.side is None or r.side == spec.side]
    if spec.rows:
        return [r for r in rows if spec.names_row(r.name)]
    if spec.row_dims:
        return [r for r in rows if all(r.dimensions.get(k) == v for k, v in spec.row_dims.items())]
    if spec.total:
        return [r for r in rows if r.role == "total"]
    return rows[:1] if len(rows) == 1 else []


def _column(table: BudgetTable, spec: CellSpec, row: Row) -> Column | None:
    """The wanted column among the row's own (a part of a table broken down twice has its
    own columns)."""
    own = {cell.column for cell in row.cells}
    columns = [c for c in table.columns if (spec.side is None or c.side in (spec.side, None))
               and (not own or c.key in own)]
    for wanted in spec.columns:
        found = next((c for c in columns if c.dimensions == wanted), None)
        if found is not None:
            return found
    return None


def cells(d: Disclosure, subject: str, knowledge: Knowledge | None = None,
          fallbacks: bool = False) -> list[Figure]:
    """Every cell the mapping gives for ``subject`` in this disclosure's tables, in the
    mapping's order: the same figure as the tables print it in different places (with
    ``fallbacks``, also the near figures used when those are missing)."""
    knowledge = knowledge or load_knowledge()
    found = []
    for spec in knowledge.figures.get(subject, ()):
        if spec.fallback and not fallbacks:
            continue
        table = d.table(spec.table)
        if table is None:
            continue
        rows = _rows(table, spec)
        column = _column(table, spec, rows[0]) if rows else None
        if column is not None:
            found.append(_cell(table, rows[0], column, spec.presence))
        elif not table.has_data:
            found.append(Figure(table, None, None, None, spec.presence))
    return found


def locate_subject(d: Disclosure, subject: str, knowledge: Knowledge | None = None
                   ) -> Figure | None:
    """The first cell the mapping gives for ``subject`` in this disclosure's tables (not one
    that only shows the figure's presence)."""
    found = [f for f in cells(d, subject, knowledge, fallbacks=True) if not f.presence]
    return found[0] if found else None


def _function_item(d: Disclosure, path: list[str], knowledge: Knowledge) -> Figure | None:
    """A 类/款/项 item named by its names: the row whose name and whose ancestors' names match."""
    wanted = [fold(name) for name in path]
    for kind in knowledge.function_item_tables:
        table = d.table(kind)
        if table is None or not table.columns:
            continue
        by_code = {r.code: r for r in table.rows if r.code}
        for row in table.rows:
            if not row.code or fold(row.name) != wanted[-1]:
                continue
            parts = split_code(row.code)
            names = [fold(by_code[code].name) for code in
                     ("".join(parts[:n]) for n in range(1, len(parts) + 1)) if code in by_code]
            if names[-len(wanted):] == wanted:
                return _cell(table, row, table.columns[0], presence=False)
    return None


def locate(d: Disclosure, claim: Claim, knowledge: Knowledge | None = None) -> Figure | None:
    """The table figure an amount claim names, if the tables hold it."""
    knowledge = knowledge or load_knowledge()
    if claim.kind != "amount" or claim.subject is None:
        return None
    if claim.subject == "expenditure.function-item":
        return _function_item(d, claim.item_path, knowledge)
    return locate_subject(d, claim.subject, knowledge)


def project_named(d: Disclosure, claim: Claim) -> PerformanceProject | None:
    """The performance project whose name the words before an amount give
    (``本年度拆违经费预算金额为349.80万元`` names 拆违经费)."""
    if claim.kind != "amount":
        return None
    words = fold(claim.subject_text)
    named = [(p, p.name) for p in d.projects if p.name and fold(p.name) in words]
    return max(named, key=lambda pair: len(pair[1]))[0] if named else None
