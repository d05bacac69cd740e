"""The ruled tables of one PDF page as rows of aligned cells, and the text around them.

Every character inside a grid goes to the merged cell holding its centre; a cell's text is
placed at the cell's first grid column and first grid row, the slots it covers to the right
and below stay blank (what :func:`budgetld.parse.headers.resolve_aligned` expects). A grid
row whose cells each hold several lines of amounts is several rows whose rulings were left
out, and is split at the lines of amounts. Rows of one caption cell spanning the whole width
at the top or bottom of a grid (a title or a note drawn inside the frame) are text, not rows.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import pairwise

from ..model import Box
from ..numbers import is_amount
from .pdfpage import Char
from .rulings import Grid
from .textlines import TextLine, cell_text, group_lines


@dataclass(frozen=True, slots=True)
class GridRow:
    """One row of a grid: a text and a box per grid column (``None`` for a blank cell), and
    for a ruled grid the number of columns each cell is merged over (empty: unknown)."""

    cells: tuple[str, ...]
    boxes: tuple[Box | None, ...]
    box: Box
    spans: tuple[int, ...] = ()


@dataclass
class PageTable:
    """A table of one page: its grid columns (x boundaries) and rows; for a table read
    without rulings, which columns hold amounts (its continuation is placed in them)."""

    page: int
    xs: tuple[float, ...]
    box: Box
    rows: list[GridRow] = field(default_factory=list)
    amounts: tuple[bool, ...] | None = None


def _box(x0: float, top: float, x1: float, bottom: float) -> Box:
    return Box(x0=round(x0, 2), top=round(top, 2), x1=round(x1, 2), bottom=round(bottom, 2))


def _spans_all(grid: Grid, row: int) -> bool:
    return all(anchor == (row, 0) for anchor in grid.anchors[row])


def _spans(grid: Grid, r: int) -> tuple[int, ...]:
    """The number of table columns each cell anchored in grid row ``r`` covers in that row
    (1 for the slots it covers)."""
    spans = [1] * grid.width
    for c, anchor in enumerate(grid.anchors[r]):
        if anchor[0] == r and anchor[1] != c:
            first = grid.columns[anchor[1]]
            spans[first] = max(spans[first], grid.columns[c] - first + 1)
    return tuple(spans)


def _split_points(lines_by_cell: dict[int, list[TextLine]]) -> list[float]:
    """Where a grid row without inner rulings divides: midway between the lines of the cell
    holding the most lines of amounts, when one holds two or more."""
    best: list[TextLine] = []
    for lines in lines_by_cell.values():
        if len(lines) > len(best) and all(is_amount(line.text) for line in lines):
            best = lines
    if len(best) < 2:
        return []
    centres = [(line.top + line.bottom) / 2 for line in best]
    return [(a + b) / 2 for a, b in pairwise(centres)]


def _rows_of_band(grid: Grid, r: int, cells: dict[tuple[int, int], list[Char]]
                  ) -> list[GridRow]:
    columns = len(grid.xs) - 1
    anchored = {c: group_lines(cells[(r, c)]) for c in range(columns)
                if grid.anchors[r][c] == (r, c) and cells.get((r, c))}
    single = {c: lines for c, lines in anchored.items()
              if r + 1 >= len(grid.anchors) or grid.anchors[r + 1][c] != (r, c)}
    splits = _split_points(single)
    parts: list[dict[int, list[TextLine]]] = [{} for _ in range(len(splits) + 1)]
    for c, lines in anchored.items():
        for line in lines:
            k = bisect_right(splits, (line.top + line.bottom) / 2) if c in single else 0
            parts[k].setdefault(c, []).append(line)
    bounds = [grid.ys[r], *splits, grid.ys[r + 1]]
    rows: list[GridRow] = []
    for k, part in enumerate(parts):
        if not part:
            continue
        texts = [""] * grid.width
        boxes: list[Box | None] = [None] * grid.width
        for c, lines in part.items():
            texts[grid.columns[c]] = cell_text(lines)
            boxes[grid.columns[c]] = Box(x0=min(line.x0 for line in lines),
                                         top=min(line.top for line in lines),
                                         x1=max(line.x1 for line in lines),
                                         bottom=max(line.bottom for line in lines))
        rows.append(GridRow(tuple(texts), tuple(boxes),
                            _box(grid.xs[0], bounds[k], grid.xs[-1], bounds[k + 1]),
                            _spans(grid, r)))
    return rows


def read_table(page: int, grid: Grid, chars: list[Char]
               ) -> tuple[PageTable, list[TextLine]]:
    """The rows of the table ``grid`` holding ``chars``, and its caption rows as text lines."""
    cells: dict[tuple[int, int], list[Char]] = {}
    for char in chars:
        slot = grid.slot(char.xc, char.yc)
        if slot is not None:
            cells.setdefault(grid.anchors[slot[0]][slot[1]], []).append(char)
    rows = len(grid.ys) - 1
    captions: list[TextLine] = []
    first, last = 0, rows - 1
    while first <= last and _spans_all(grid, first):
        captions += group_lines(cells.get((first, 0), []))
        first += 1
    while last >= first and _spans_all(grid, last):
        captions += group_lines(cells.get((last, 0), []))
        last -= 1
    top = grid.ys[first] if first <= last else grid.ys[0]
    bottom = grid.ys[last + 1] if first <= last else grid.ys[-1]
    table = PageTable(page, grid.column_xs, _box(grid.xs[0], top, grid.xs[-1], bottom))
    for r in range(first, last + 1):
        table.rows += _rows_of_band(grid, r, cells)
    return table, captions


def chars_in(grid: Grid, chars: list[Char]) -> tuple[list[Char], list[Char]]:
    """``chars`` split into those inside ``grid`` and the others."""
    inside: list[Char] = []
    outside: list[Char] = []
    for char in chars:
        (inside if grid.slot(char.xc, char.yc) is not None else outside).append(char)
    return inside, outside

