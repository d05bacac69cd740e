"""Page-broken text extracted from a PDF: its lines, and the blocks they make.

Both PDF text forms (:mod:`.pdftext`, :mod:`.cells`) number pages by form feeds and print
running text as lines a full text width long; they differ only in how table rows are told
from the text. A reader finds the rows; :func:`assemble` turns the rest into paragraphs,
rejoining lines the PDF wrapped.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import cache, lru_cache

from .blocks import Block, Line, TableBlock, TableRow, join_wrapped
from .folios import without_page_numbers

#: Punctuation of sentences, or a number with a unit: text, not a table row.
PROSE = re.compile(r"[，。；！？]|\d(?:万元|亿元|元|%|辆|个|人|平方米)")
#: Line endings after which text never runs on: sentence ends, colons, leaders.
TERMINAL = tuple("。；！？：:…") + ("..",)
#: A contents entry's leaders and page number end its line: it never runs on.
_LEADERED_END = re.compile(r"(?:…{2,}|\.{3,}|·{3,})\s*\d*\s*$")
#: A line at least this share of the full text width, not ending a sentence, wraps.
_WRAP_RATIO = 0.8


def page_lines(text: str, keep_blank: bool = False) -> list[Line]:
    """The lines of ``text`` with their page (form feeds start pages), right-stripped, without
    the page numbers printed at the page edges; blank lines are dropped unless ``keep_blank``
    (their text is then empty)."""
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
    return without_page_numbers(lines)


def is_prose(text: str) -> bool:
    """Running text: sentence punctuation, an amount with its unit, or a TOC leader."""
    return bool(PROSE.search(text)) or "……" in text


@cache
def _char_width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


@lru_cache(maxsize=16384)  # a line is measured by the reader, then by the parser's heading split
def display_width(text: str) -> int:
    """The width ``text`` takes in a monospaced rendering: wide (CJK) characters count two."""
    return sum(map(_char_width, text.strip()))


#: Whether the second line goes on the paragraph the first one ends.
Continues = Callable[[Line, Line], bool]


def _width_wraps(items: list[Line | TableRow]) -> Continues:
    """Running text wraps where a line fills the text width without ending a sentence. The
    full width is measured on lines of running prose (table pages have only short lines, so
    a per-page measure would join titles to what follows them)."""
    full = max((display_width(item.text) for item in items
                if isinstance(item, Line) and PROSE.search(item.text)), default=0)

    def wraps(previous: Line, line: Line) -> bool:
        stripped = previous.text.rstrip()
        return bool(full) and not stripped.endswith(TERMINAL) and \
            not _LEADERED_END.search(stripped) and display_width(stripped) >= _WRAP_RATIO * full

    return wraps


def assemble(items: Iterable[Line | TableRow], continues: Continues | None = None
             ) -> tuple[Block, ...]:
    """Blocks from a sequence of text lines and table rows: consecutive rows make a table
    block; running text is joined where ``continues`` says a line goes on (by default, where
    it fills the text width). A row that runs on into the prose after it (``…合计15897.44`` /
    ``万元，其中：``) is prose; a wide row of a table laid out in full (the next line a title)
    is not."""
    items = [item for item in items if isinstance(item, TableRow) or item.text.strip()]
    continues = continues or _width_wraps(items)
    for i, item in enumerate(items):
        after = items[i + 1] if i + 1 < len(items) else None
        if isinstance(item, TableRow) and isinstance(after, Line) and \
                continues(item.line, after) and is_prose(item.line.text.rstrip() + after.text.strip()):
            items[i] = item.line
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
        if para and not continues(para[-1], item):
            blocks.append(join_wrapped(para))
            para = []
        para.append(item)
    if rows:
        blocks.append(TableBlock(tuple(rows)))
    if para:
        blocks.append(join_wrapped(para))
    return tuple(blocks)

