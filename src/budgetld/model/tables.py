"""Published budget tables: columns with resolved header paths, rows with codes and cells."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ..numbers import Level
from .common import Amount, AmountUnit, Frozen, SourceRef, TextNote

#: How a row's amounts were put in columns: by their cell positions (``aligned``), uniquely by
#: the table's own sums (``inferred``), by where they stand on the line under the header's
#: words (``positioned``); ``unplaced`` when some could not be put in a column (see
#: :attr:`Row.unplaced`).
Placement = Literal["aligned", "inferred", "positioned", "unplaced"]
Side = Literal["revenue", "expenditure"]
RowRole = Literal["item", "total", "subtotal"]


class Column(Frozen):
    """A measure column. ``path`` is the multi-row header resolved top-down as published
    (e.g. ``["本年收入", "一般公共预算"]``); ``dimensions`` is its meaning from the layout
    vocabulary (e.g. ``{"fundSource": "general-public-budget"}``); ``side`` separates the
    revenue and expenditure halves of two-sided tables."""

    key: str
    path: list[str]
    dimensions: dict[str, str] = Field(default_factory=dict)
    side: Side | None = None
    sum_of: list[str] = Field(default_factory=list)

    @property
    def label(self) -> str:
        return "/".join(self.path)


class Cell(Frozen):
    column: str
    amount: Amount | None = None
    text: str = ""


class Unplaced(Frozen):
    """An amount printed in a row whose column cannot be told: the text lost the blank cells
    beside it and neither the header's geometry nor the table's sums fix it. It is kept with
    its row, without a column, with the ``columns`` (keys) it may stand in; it is never
    counted in a column."""

    amount: Amount
    columns: list[str] = Field(default_factory=list)


class Row(Frozen):
    """One published row. ``label`` is as written; ``name`` drops the enumerator
    (``一、``, ``1.``, ``①``) and wrapping spaces. ``code`` joins split 类/款/项 columns.
    ``dimensions`` is the row's meaning when the vocabulary knows its name (e.g. the 三公 item
    or the fund source of a row of 收支总表). ``unplaced`` holds the amounts printed in the
    row whose column cannot be told, in printed order."""

    label: str
    name: str
    number: str | None = None
    code: str | None = None
    level: Level | None = None
    role: RowRole = "item"
    side: Side | None = None
    dimensions: dict[str, str] = Field(default_factory=dict)
    extra_labels: dict[str, str] = Field(default_factory=dict)
    cells: list[Cell] = Field(default_factory=list)
    unplaced: list[Unplaced] = Field(default_factory=list)
    placement: Placement = "aligned"
    source: SourceRef

    def amount(self, column: str) -> Amount | None:
        for cell in self.cells:
            if cell.column == column:
                return cell.amount
        return None


class BudgetTable(Frozen):
    """A standard table of the disclosure. ``kind`` is the table kind id from the layout
    knowledge (``None`` for a table whose title is not recognised). An explicit "本表无数据"
    note is kept in ``empty_note``: such a table is empty, not missing. ``unit_name`` is the
    name its meta line gives (编制部门 / 单位名称): ``""`` when the line leaves it blank,
    ``None`` when there is no such line."""

    id: str
    kind: str | None
    title: str
    number: str | None = None
    toc_number: str | None = None
    unit: AmountUnit | None = None
    unit_name: str | None = None
    columns: list[Column] = Field(default_factory=list)
    rows: list[Row] = Field(default_factory=list)
    empty_note: TextNote | None = None
    notes: list[TextNote] = Field(default_factory=list)
    pages: list[int] = Field(default_factory=list)
    continued: bool = False
    source: SourceRef

    @property
    def has_data(self) -> bool:
        return any(row.unplaced or any(cell.amount is not None for cell in row.cells)
                   for row in self.rows)
