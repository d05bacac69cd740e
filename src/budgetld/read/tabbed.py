"""Reader for tab-separated text: blocks separated by blank lines, table cells by tabs.

This is what copying a Word or PDF document to text usually yields. Cell positions are kept
(blank cells included), so rows are aligned with their columns. A blank line inside a table
(a page break in the original) ends the block; the parser joins the halves again.
"""

from __future__ import annotations

from .blocks import Block, Line, TableBlock, TableRow, join_wrapped


def read_tabbed(text: str) -> tuple[tuple[Block, ...], tuple[Line, ...]]:
    lines: list[Line] = []
    page: int | None = 1 if "\f" in text else None
    for number, raw in enumerate(text.split("\n"), 1):
        if "\f" in raw and page is not None:
            page += raw.count("\f")
            raw = raw.replace("\f", "")
        lines.append(Line(number, page, raw))

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
