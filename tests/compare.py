"""Comparing two models of the same disclosure read from different physical forms: table by
table, row by row, amount by amount (:func:`assert_same_content`), and the share of amounts
found at the same table, row and column (:func:`amounts_found`). The other forms are drawn from
a text sample's model as the document prints it: an amount the text could not put in a
column is expected where the document prints it."""

from __future__ import annotations

from decimal import Decimal

from budgetld.model import BudgetTable, Disclosure

from forms import printed_cells


def _table(t: BudgetTable) -> dict:
    return {"kind": t.kind, "title": t.title, "number": t.number, "toc_number": t.toc_number,
            "unit": t.unit, "unit_name": t.unit_name,
            "columns": [(c.key, c.path, c.side, c.dimensions, c.sum_of) for c in t.columns],
            "empty_note": t.empty_note.text if t.empty_note else None,
            "notes": [n.text for n in t.notes]}


def _row(row) -> tuple:
    return (row.label, row.code, row.level, row.role, row.side, row.dimensions, row.extra_labels)


def _amounts(row) -> list[tuple]:
    return [(c.column, c.text, c.amount.value if c.amount else None,
             c.amount.unit if c.amount else None, c.amount.text if c.amount else None)
            for c in row.cells]


def _printed(row) -> list[tuple]:
    """A row's amounts where the document prints them: an amount its text form could not put
    in a column at the column the forms print it in (see :func:`forms.printed_cells`)."""
    printed = printed_cells(row)
    return [(c.column, *((text, amount.value, amount.unit, amount.text) if amount else
                         (text, None, None, None)))
            for c in row.cells for text, amount in [printed[c.column]]]


def assert_same_content(expected: Disclosure, got: Disclosure) -> None:
    """Table by table, row by row, amount by amount; then sections, claims, contents, meta."""
    assert [t.id for t in got.tables] == [t.id for t in expected.tables]
    for want, have in zip(expected.tables, got.tables):
        assert _table(have) == _table(want), want.id
        assert [_row(r) for r in have.rows] == [_row(r) for r in want.rows], want.id
        for i, (a, b) in enumerate(zip(want.rows, have.rows)):
            assert _amounts(b) == _printed(a), f"{want.id} row {i} {a.label!r}"
    assert [(s.kind, s.number, s.title, s.level, s.parent, s.text) for s in got.sections] == \
        [(s.kind, s.number, s.title, s.level, s.parent, s.text) for s in expected.sections]
    assert [c.model_dump(exclude={"source"}) for c in got.claims] == \
        [c.model_dump(exclude={"source"}) for c in expected.claims]
    assert [(e.number, e.title) for e in got.toc] == [(e.number, e.title) for e in expected.toc]
    assert [a.model_dump(exclude={"source"}) for a in got.assets] == \
        [a.model_dump(exclude={"source"}) for a in expected.assets]
    assert [(g.term, g.definition) for g in got.glossary] == \
        [(g.term, g.definition) for g in expected.glossary]
    # The forms leave out the performance-target forms, whose titles and headers can also
    # give the level and the 主管部门.
    skip = {"source"} | ({"level", "supervisor"} if expected.projects else set())
    assert got.meta.model_dump(exclude=skip) == expected.meta.model_dump(exclude=skip)


def amount_cells(d: Disclosure, printed: bool = False) -> dict[tuple[str, str, str], tuple[Decimal, str]]:
    """Every amount by (table kind, row code or name and side, column): its value and unit;
    with ``printed``, also those in no column, where the document prints them."""
    out: dict[tuple[str, str, str], tuple[Decimal, str]] = {}
    for t in d.tables:
        seen: dict[str, int] = {}
        for r in t.rows:
            name = f"{r.side or ''}:{r.code or r.name}"
            seen[name] = seen.get(name, 0) + 1
            cells = printed_cells(r) if printed else {c.column: (c.text, c.amount) for c in r.cells}
            for column, (_, amount) in cells.items():
                if amount:
                    out[t.kind, f"{name}#{seen[name]}", column] = (amount.value, amount.unit)
    return out


def amounts_found(expected: Disclosure, got: Disclosure) -> tuple[int, int, int]:
    """How many of ``expected``'s amounts ``got`` has at the same table, row and column with
    the same value and unit; how many it has; and how many it has elsewhere (a wrong cell or
    one ``expected`` leaves blank)."""
    want, have = amount_cells(expected, printed=True), amount_cells(got)
    right = sum(have.get(key) == value for key, value in want.items())
    return right, len(want), len(have) - right
