"""Reader for tab-separated text: blocks separated by blank lines, table cells by tabs.

This is what copying a Word or PDF document to text usually yields. Cell positions are kept
(blank cells included), so rows are aligned with their columns. A blank line inside a table
(a page break in the original) ends the block; the parser joins the halves again. Page
numbers left in the text (at form feeds, or on lines of their own) are dropped.
"""

from __future__ import annotations

from .blocks import Block, Line, TableBlock, TableRow, join_wrapped
from .folios import lone_page_numbers, page_number_lines


def read_tabbed(text: str) -> tuple[tuple[Block, ...], tuple[Line, ...]]:
    lines: list[Line] = []
    page: int | None = 1 if "\f" in text else None
    for number, raw in enumerate(text.split("\n"), 1):
        if "\f" in raw and page is not None:
            page += raw.count("\f")
            raw = raw.replace("\f", "")
        lines.append(Line(number, page, raw))
    lines = _without_page_numbers(lines)

    blocks: list[Block] = []
    run: list[Line] = []

    def flush() -> None:
        if not run:
            return
        if "\t" in run[0].text:
            blocks.append(TableBlock(tuple(
                TableRow(tuple(c.strip() for c in line.text.split("\t")), line, aligned=True)
                for line in run)))
        else:
            blocks.append(join_wrapped(run))
        run.clear()

    for line in lines:
        if not line.text.strip():
            flush()
            continue
        if run and ("\t" in line.text) != ("\t" in run[0].text):
            flush()
        run.append(line)
    flush()
    return tuple(blocks), tuple(line for line in lines if line.text.strip())


def _without_page_numbers(lines: list[Line]) -> list[Line]:
    """``lines`` with their page numbers blanked: at the page edges when form feeds mark the
    pages, else on any line that is not a table row."""
    if lines and lines[0].page is not None:
        drop = page_number_lines(lines)
    else:
        drop = lone_page_numbers(lines, ["\t" not in line.text for line in lines])
    return [Line(line.number, line.page, "") if (line.number, line.page) in drop else line
            for line in lines]
