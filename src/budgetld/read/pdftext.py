"""Reader for the text layer of a PDF: pages split by form feeds, cells by spaces.

Such text has lost the table grid: blank cells vanish, 类/款/项 codes stand in separate
columns, and an amount can be glued to the next label (``12,906,310一、…``). This reader
splits cells and tells table rows (they carry amounts and no prose punctuation) from running
text, which it rejoins where the PDF wrapped a line. Rows are marked as not aligned: the parser
places their amounts in columns.
"""

from __future__ import annotations

import re

from ..numbers import is_amount
from .blocks import Block, Line, TableRow
from .pages import Continues, assemble, is_prose, page_lines

#: An amount glued to the label that follows it: "12,906,310一、教育支出…".
#: A match starts only where a number starts (the look-behind), so a line of digits costs
#: linear time, not quadratic backtracking from every position.
_GLUED_AFTER = re.compile(r"(?<![\d,.])(-?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d+|-?\d{1,3}(?:,\d{3})+)(?=[^\d,.\s%])")
#: A label glued to the amount after it: "合计12,906,310".
_GLUED_BEFORE = re.compile(r"(?<=[\u4e00-\u9fff）)])(?=-?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+)(?:\s|$))")
#: A zero-padded number (``01``): a code or a table number (``公开 01 表``), not an amount.
_PADDED = re.compile(r"^0\d+$")
_DIGIT = re.compile(r"\d")


def split_cells(text: str) -> tuple[str, ...]:
    """Split a text-layer line into cells: on whitespace, and between an amount and a label
    that the PDF glued together."""
    cells: list[str] = []
    for token in text.split():
        if not _DIGIT.search(token):  # nothing glued to split (most tokens of the text)
            cells.append(token)
            continue
        token = _GLUED_BEFORE.sub(" ", token)
        for part in token.split(" "):
            pieces = _GLUED_AFTER.split(part)
            cells.extend(p for p in pieces if p)
    return tuple(cells)


def _row_cells(text: str) -> tuple[str, ...] | None:
    """The cells of a table row, which carries at least one amount and no prose
    punctuation; None for a line of text."""
    if is_prose(text):
        return None
    cells = split_cells(text)
    return cells if any(is_amount(cell) and not _PADDED.match(cell) for cell in cells) else None


def blocks_of_lines(lines: list[Line], continues: Continues | None = None) -> tuple[Block, ...]:
    """Table rows (not aligned: the parser places their amounts) and paragraphs of text
    lines; ``continues`` says where running text goes on (default: the text width)."""
    return assemble([TableRow(cells, line, aligned=False)
                     if (cells := _row_cells(line.text)) is not None else line for line in lines],
                    continues)


def read_pdf_text(text: str) -> tuple[tuple[Block, ...], tuple[Line, ...]]:
    """Split ``text`` into pages and lines, then into table blocks and paragraphs."""
    lines = page_lines(text)
    return blocks_of_lines(lines), tuple(lines)
