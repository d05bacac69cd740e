"""Reader for the text layer of a PDF: pages split by form feeds, cells by spaces.

Such text has lost the table grid: blank cells vanish, 类/款/项 codes stand in separate
columns, and an amount can be glued to the next label (``47,483,458一、…``). This reader
splits cells and tells table rows (they carry amounts and no prose punctuation) from running
text, which it rejoins where the PDF wrapped a line. Rows are marked as not aligned: the parser
places their amounts in columns.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from ..numbers import is_amount
from .blocks import Block, Line, Paragraph, TableBlock, TableRow, join_wrapped

#: An amount glued to the label that follows it: "47,483,458一、社会保障…".
_GLUED_AFTER = re.compile(r"(-?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d+|-?\d{1,3}(?:,\d{3})+)(?=[^\d,.\s%])")
#: A label glued to the amount after it: "合计47,483,458".
_GLUED_BEFORE = re.compile(r"(?<=[\u4e00-\u9fff）)])(?=-?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+)(?:\s|$))")
_PADDED = re.compile(r"^0\d+$")
_PROSE = re.compile(r"[，。；！？]|\d(?:万元|亿元|元|%|辆|个|人|平方米)")
#: Line endings after which text never runs on: sentence ends, colons, leaders.
TERMINAL = tuple("。；！？：:…") + ("..",)
_WRAP_RATIO = 0.8


def split_cells(text: str) -> tuple[str, ...]:
    """Split a text-layer line into cells: on whitespace, and between an amount and a label
    that the PDF glued together."""
    cells: list[str] = []
    for token in text.split():
        token = _GLUED_BEFORE.sub(" ", token)
        for part in token.split(" "):
            pieces = _GLUED_AFTER.split(part)
            cells.extend(p for p in pieces if p)
    return tuple(cells)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text.strip())


def is_prose(text: str) -> bool:
    """Running text: sentence punctuation, or a figure with its unit (``5万元``)."""
    return bool(_PROSE.search(text))


def is_row(text: str) -> bool:
    """A table row carries at least one amount and no prose punctuation. A zero-padded
    number (``01``) is a code or a table number (``公开 01 表``), not an amount."""
    if is_prose(text) or "……" in text:
        return False
    return any(is_amount(cell) and not _PADDED.match(cell) for cell in split_cells(text))


def blocks_of_lines(lines: list[Line], continues: Callable[[Line, Line], bool]) -> list[Block]:
    """Table rows (non-aligned) and paragraphs of ``lines``; ``continues(previous, line)``
    says whether ``line`` goes on the paragraph that ``previous`` ends. A line that looks
    like a row but runs on into prose (``…合计15897.44`` / ``万元，其中：``) is prose."""
    blocks: list[Block] = []
    rows: list[TableRow] = []
    para: list[Line] = []
    for i, line in enumerate(lines):
        after = lines[i + 1] if i + 1 < len(lines) else None
        if is_row(line.text) and not (after is not None and not is_row(after.text)
                                      and continues(line, after)):
            if para:
                blocks.append(join_wrapped(para))
                para = []
            rows.append(TableRow(split_cells(line.text), line, aligned=False))
            continue
        if rows:
            blocks.append(TableBlock(tuple(rows)))
            rows = []
        if para and not continues(para[-1], line):
            blocks.append(join_wrapped(para))
            para = []
        para.append(line)
    if rows:
        blocks.append(TableBlock(tuple(rows)))
    if para:
        blocks.append(join_wrapped(para))
    return blocks


def read_pdf_text(text: str) -> tuple[tuple[Block, ...], tuple[Line, ...]]:
    """Split ``text`` into pages and lines, then into table blocks and paragraphs."""
    lines: list[Line] = []
    page = 1
    for number, raw in enumerate(text.split("\n"), 1):
        pieces = raw.split("\f")
        for i, piece in enumerate(pieces):
            if i:
                page += 1
            if piece.strip():
                lines.append(Line(number, page, piece.rstrip()))
    # The full width of a text line, measured on lines of running prose (table pages have
    # only short lines, so a per-page measure would join titles to what follows them).
    full = max((_width(line.text) for line in lines if is_prose(line.text)), default=0)

    def wraps(previous: Line, line: Line) -> bool:
        stripped = previous.text.rstrip()
        return bool(full) and not stripped.endswith(TERMINAL) and \
            _width(stripped) >= _WRAP_RATIO * full

    return tuple(blocks_of_lines(lines, wraps)), tuple(lines)
