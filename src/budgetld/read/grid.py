"""A grid of cells (a worksheet, or a Word table) → paragraphs and aligned table blocks.

In a grid, titles, 编制部门/单位 lines and notes often stand in rows of their own around
the table: a sheet holds them in cells, a Word table sometimes in merged rows above and below
its header. Tables are runs of rows with several cells; blank rows end a table. A table also
ends at a row that holds one piece of text only when that piece reads as text rather than as
a row label: a cell merged across most of the width (a title or note), a sentence, or a note
(注：). Before a table starts, lone cells and rows made of ``key：value`` cells are text too.
Only physical and typographic cues are used; what a text says is the parser's business.

Merged cells keep their text in the first cell, blanks in the cells they cover, which is
how the parser reads spanning header labels; each row also says how many columns each of its
cells covers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .blocks import Block, Line, Paragraph, TableBlock, TableRow

#: Sentence punctuation: a lone cell holding it is running text, not a row label.
_SENTENCE = re.compile(r"[，。；！？]")
_NOTE = re.compile(r"^\s*[（(]?注\s*[:：]")
_KEY_VALUE = re.compile(r"^[^:：]{1,12}[:：]")


@dataclass(frozen=True)
class Merge:
    """A merged range, 0-based and inclusive."""

    first_row: int
    last_row: int
    first_col: int
    last_col: int


def unmerged(rows: list[list[str]], merges: list[Merge]
             ) -> tuple[list[list[str]], dict[tuple[int, int], int]]:
    """The rows with the cells a merge covers blanked (its text stays in its first cell), and
    the number of columns of each merge by its first cell.

    Merged ranges do not overlap, so together they cover each cell once at most; a damaged
    file's overlapping ranges could cover the sheet many times over, so the work is bounded
    by twice the sheet's cells and rows, past which further ranges are ignored."""
    rows = [[c.strip() for c in row] for row in rows]
    widths: dict[tuple[int, int], int] = {}
    budget = 2 * (sum(len(row) for row in rows) + len(rows))
    for m in merges:
        widths[(m.first_row, m.first_col)] = m.last_col - m.first_col + 1
        for r in range(m.first_row, min(m.last_row + 1, len(rows))):
            end = min(m.last_col + 1, len(rows[r]))
            budget -= 1 + max(0, end - m.first_col)
            if budget < 0:
                return rows, widths
            for c in range(m.first_col, end):
                if (r, c) != (m.first_row, m.first_col):
                    rows[r][c] = ""
    return rows, widths


def _runs(rows: list[list[str]]) -> list[list[int]]:
    """Indexes of the non-blank rows, in runs separated by blank rows."""
    runs: list[list[int]] = [[]]
    for i, row in enumerate(rows):
        if any(row):
            runs[-1].append(i)
        elif runs[-1]:
            runs.append([])
    return [run for run in runs if run]


def _table(rows: list[TableRow]) -> TableBlock:
    """Aligned rows without the columns blank in every row on the left, nor trailing blanks."""
    lead = min(next(j for j, c in enumerate(r.cells) if c) for r in rows)
    trimmed = []
    for r in rows:
        cells = list(r.cells[lead:])
        while cells and not cells[-1]:
            cells.pop()
        trimmed.append(TableRow(tuple(cells), r.line, aligned=True,
                                spans=r.spans[lead:lead + len(cells)]))
    return TableBlock(tuple(trimmed))


def grid_blocks(rows: list[list[str]], widths: dict[tuple[int, int], int],
                lines: list[Line]) -> list[Block]:
    """The blocks of a grid whose merges are resolved (:func:`unmerged`); ``lines[i]`` is
    where row ``i`` stands in the file."""
    blocks: list[Block] = []
    for run in _runs(rows):
        width = max(max(j + widths.get((i, j), 1) for j, c in enumerate(rows[i]) if c)
                    for i in run)
        table: list[TableRow] = []
        for i in run:
            filled = [(j, c) for j, c in enumerate(rows[i]) if c]
            if len(filled) == 1:
                j, text = filled[0]
                spans = widths.get((i, j), 1)
                is_text = not table or (spans > 1 and 2 * spans > width) or \
                    bool(_SENTENCE.search(text) or _NOTE.match(text))
            else:
                is_text = not table and all(_KEY_VALUE.match(c) for _, c in filled)
            if is_text:
                if table:
                    blocks.append(_table(table))
                    table = []
                text = " ".join(c for _, c in filled)
                blocks.append(Paragraph((lines[i],), text, (0,)))
            else:
                table.append(TableRow(tuple(rows[i]), lines[i], aligned=True, spans=tuple(
                    widths.get((i, j), 1) for j in range(len(rows[i])))))
        if table:
            blocks.append(_table(table))
    return blocks


def sheet_blocks(name: str, position: int, rows: list[list[str]], merges: list[Merge]
                 ) -> tuple[list[Block], list[Line]]:
    """The blocks and the non-blank lines of a worksheet: a line is a row, its page the
    sheet's position in the workbook, and the sheet's name is kept on every line."""
    rows, widths = unmerged(rows, merges)
    lines = [Line(i + 1, position, "\t".join(row).rstrip("\t"), name) for i, row in enumerate(rows)]
    return grid_blocks(rows, widths, lines), [line for line, row in zip(lines, rows) if any(row)]
