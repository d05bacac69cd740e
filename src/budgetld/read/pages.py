"""Page-broken text extracted from a PDF: its lines, and the blocks they make.

Both PDF text forms (:mod:`.pdftext`, :mod:`.cells`) number pages by form feeds and print
running text as lines a full text width long; they differ only in how table rows are told
from the text. A reader finds the rows; :func:`assemble` turns the rest into paragraphs,
rejoining lines the PDF wrapped.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from .blocks import Block, Line, TableBlock, TableRow, join_wrapped

#: Punctuation of sentences, or a number with a unit: text, not a table row.
PROSE = re.compile(r"[，。；！？]|\d(?:万元|亿元|元|%|辆|个|人|平方米)")
_TERMINAL = tuple("。；！？：:…") + ("..",)
#: A line at least this share of the full text width, not ending a sentence, wraps.
_WRAP_RATIO = 0.8


def page_lines(text: str, keep_blank: bool = False) -> list[Line]:
    """The lines of ``text`` with their page (form feeds start pages), right-stripped; blank
    lines are dropped unless ``keep_blank`` (their text is then empty)."""
    lines: list[Line] = []
    page = 1
    for number, raw in enumerate(text.removesuffix("\n").split("\n"), 1):
        pieces = raw.split("\f")
        for i, piece in enumerate(pieces):
            if i:
                page += 1
            if piece.strip():
                lines.append(Line(number, page, piece.rstrip()))
            elif keep_blank and len(pieces) == 1:
                lines.append(Line(number, page, ""))
    return lines


def is_prose(text: str) -> bool:
    """Running text: sentence punctuation, an amount with its unit, or a TOC leader."""
    return bool(PROSE.search(text)) or "……" in text


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text.strip())


def assemble(items: Iterable[Line | TableRow]) -> tuple[Block, ...]:
    """Blocks from a sequence of text lines and table rows: consecutive rows make a table
    block; a line that fills the text width without ending a sentence continues on the next.

    The full width is measured on lines of running prose (table pages have only short lines,
    so a per-page measure would join titles to what follows them)."""
    items = [item for item in items if isinstance(item, TableRow) or item.text.strip()]
    full = max((_width(item.text) for item in items
                if isinstance(item, Line) and PROSE.search(item.text)), default=0)

    def wraps(line: Line) -> bool:
        stripped = line.text.rstrip()
        return bool(full) and not stripped.endswith(_TERMINAL) and \
            _width(stripped) >= _WRAP_RATIO * full

    blocks: list[Block] = []
    rows: list[TableRow] = []
    para: list[Line] = []
    for item in items:
        if isinstance(item, TableRow):
            if para:
                blocks.append(join_wrapped(para))
                para = []
            rows.append(item)
            continue
        if rows:
            blocks.append(TableBlock(tuple(rows)))
            rows = []
        if para and not wraps(para[-1]):
            blocks.append(join_wrapped(para))
            para = []
        para.append(item)
    if rows:
        blocks.append(TableBlock(tuple(rows)))
    if para:
        blocks.append(join_wrapped(para))
    return tuple(blocks)

