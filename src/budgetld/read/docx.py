"""Reader for Word documents (.docx), with python-docx.

The body is read in document order: paragraphs (also those inside content controls) and
tables. Line numbers count the body's paragraphs and table rows in that order, from 1: each
paragraph (empty ones too, so numbers follow the document's structure) and each table row is
one line; the paragraphs inside a table cell belong to their row's line. Word has no pages
in the file, so there is no page.

A paragraph keeps its style name when the style marks a heading (a Heading/Title/标题
style, or an outline level). Table-of-contents entries (TOC styles) hold the title and the
page number separated by a tab: they are read as rows, as a copy of the document to text
gives them. Table cells are read per grid column: a merged cell (``gridSpan``, ``vMerge``)
has its text at the first column and row of the merge and blanks where it reaches, which is
how the parser reads spanning headers. A title, 编制部门/单位 line or note in a row of the
table itself becomes a paragraph, as in a worksheet (:mod:`.grid`).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
from docx.document import Document
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tbl
from docx.text.paragraph import Paragraph as WordParagraph

from ..errors import InputError
from . import archive
from .blocks import Block, Line, Paragraph, ReadDocument, TableBlock, TableRow, join_text, provenance
from .decode import Normaliser
from .grid import grid_blocks

FORM = "Word (.docx)"
_HEADING_NAME = re.compile(r"^(?:heading|title|subtitle)\b|标题", re.I)
_TOC_NAME = re.compile(r"^toc\s*\d", re.I)
#: Outline levels 0-8 mark headings; 9 is body text.
_BODY_LEVEL = 9


def _outline_level(element: Any) -> int | None:
    values = element.xpath("./w:pPr/w:outlineLvl/@w:val")
    return int(values[0]) if values and values[0].isdigit() else None


def _style(paragraph: WordParagraph, known: dict[str | None, tuple[str | None, bool]]
           ) -> tuple[str | None, str | None]:
    """The paragraph's style name, and the name to keep when it is a heading: the style's
    when the style (or one it is based on) marks headings by name or outline level, else
    ``outline level N`` when the paragraph itself has one. ``known`` caches styles by id
    (python-docx looks the default style up anew for each paragraph)."""
    key = paragraph._p.style
    if key not in known:
        style = paragraph.style
        known[key] = (style.name if style is not None else None, False)
        while style is not None:
            level = _outline_level(style.element)
            if _HEADING_NAME.search(style.name or "") or \
                    (level is not None and level < _BODY_LEVEL):
                known[key] = (known[key][0], True)
                break
            style = style.base_style
    name, heading = known[key]
    if heading:
        return name, name
    level = _outline_level(paragraph._p)
    return name, f"outline level {level + 1}" if level is not None and level < _BODY_LEVEL else None


def _body(document: Document) -> Iterator[WordParagraph | CT_Tbl]:
    """Paragraphs and tables of the body in document order, content controls opened."""

    def walk(element: Any) -> Iterator[WordParagraph | CT_Tbl]:
        for child in element.iterchildren():
            if child.tag == qn("w:p"):
                yield WordParagraph(child, document)
            elif child.tag == qn("w:tbl"):
                yield child
            elif child.tag == qn("w:sdt"):
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    yield from walk(content)

    yield from walk(document.element.body)


def _text(text: str, normalise: Normaliser) -> str:
    """A paragraph's or cell's text: line breaks joined as wrapped lines, tabs as spaces."""
    return normalise(join_text(text.replace("\t", " ").split("\n"))[0])


def _grid(table: CT_Tbl, normalise: Normaliser
          ) -> tuple[list[list[str]], dict[tuple[int, int], int]]:
    """The table's rows, one text per grid column, a merged cell's text at its first column
    and row only; and the number of columns of each merged cell by its first position.

    The merges are read from the cells' ``gridSpan`` and ``vMerge``, in one pass: python-docx's
    ``_Row.cells`` finds the first row of a vertical merge by recursion, row by row, which
    takes quadratic time and fails beyond a thousand merged rows."""
    grid: list[list[str]] = []
    widths: dict[tuple[int, int], int] = {}
    for r, tr in enumerate(table.tr_lst):
        texts = [""] * tr.grid_before
        for tc in tr.tc_lst:
            if tc.grid_span > 1:
                widths[(r, len(texts))] = tc.grid_span
            continued = tc.vMerge == "continue"
            texts.append("" if continued else
                         _text("\n".join(p.text for p in tc.p_lst), normalise))
            texts += [""] * (tc.grid_span - 1)
        grid.append(texts)
    return grid, widths


def _read(data: bytes) -> tuple[list[Block], list[Line], Normaliser]:
    document = docx.Document(io.BytesIO(data))
    normalise = Normaliser()
    blocks: list[Block] = []
    lines: list[Line] = []
    rows: list[TableRow] = []  # of the run of contents entries being read
    styles: dict[str | None, tuple[str | None, bool]] = {}
    number = 0

    def flush() -> None:
        if rows:
            blocks.append(TableBlock(tuple(rows)))
            rows.clear()

    for item in _body(document):
        if isinstance(item, CT_Tbl):
            flush()
            grid, widths = _grid(item, normalise)
            table_lines = [Line(number + i, None, "\t".join(cells).rstrip("\t"))
                           for i, cells in enumerate(grid, 1)]
            number += len(grid)
            blocks += grid_blocks(grid, widths, table_lines)
            lines += [line for line, cells in zip(table_lines, grid) if any(cells)]
            continue
        number += 1
        name, heading = _style(item, styles)
        if name and _TOC_NAME.match(name) and "\t" in item.text:
            cells = tuple(_text(cell, normalise) for cell in item.text.split("\t"))
            lines.append(Line(number, None, "\t".join(cells)))
            rows.append(TableRow(cells, lines[-1], aligned=True))
            continue
        flush()
        text = _text(item.text, normalise)
        if text.strip():
            lines.append(Line(number, None, text))
            blocks.append(Paragraph((lines[-1],), text, (0,), heading))
    flush()
    return blocks, lines, normalise


def read_docx(path: Path, data: bytes) -> ReadDocument:
    archive.check(path, data, FORM)
    try:
        blocks, lines, normalise = _read(data)
    except Exception as err:  # noqa: BLE001 - python-docx fails on damaged input in many ways, none of them ours
        raise InputError(path, f"{FORM}: damaged document ({type(err).__name__}: {err})") from None
    if not lines:
        raise InputError(path, f"{FORM}: no text in the document")
    source = provenance(path, data, "docx", normalised=normalise.applied)
    return ReadDocument(path, source, tuple(blocks), tuple(lines))
