"""Reader for PDF files: the text layer, read with pdfium, into text lines and ruled tables.

Each page gives its characters and ruling lines (:mod:`.pdfpage`); rulings that touch form
table grids (:mod:`.grid`) whose cells collect the characters inside them, so a ruled table
becomes a :class:`TableBlock` of aligned rows (:mod:`.pdftables`). The other characters form
text lines; page numbers and running headers and footers in the page margins are dropped;
the rest becomes paragraphs, wrapped lines rejoined where a line fills the text column, or
non-aligned rows where a line holds amounts without prose (an unruled table, read as a text
layer is).

A table continued on the next page keeps the grid columns of its first part when its own
rulings fit them; a title and unit line repeated above the continuation are dropped. Every
line, row and cell keeps its page and box; lines are numbered in reading order through the
document.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium

from .. import warning_codes as codes
from ..errors import InputError
from ..limits import Limits
from ..model import Box
from ..numbers import ENUMERATOR
from .blocks import Block, Line, ReadWarning, TableBlock, TableRow
from .folios import PAGE_NUMBER
from .pages import TERMINAL, is_prose
from .pdfopen import open_pdf
from .pdfpage import Char, PageContent, PageTooComplex, read_page
from .pdftables import GridRow, PageTable, chars_in, read_table
from .pdftext import blocks_of_lines
from .rulings import SNAP, GridTooLarge, find_grids
from .textlines import TextLine, group_lines
from .unruled import Ambiguous, Columns, Unplaced, find_tables, place_rows

#: Headers, footers and page numbers stand within this share of the page height from its top
#: or bottom edge, or within an inch (72 points), whichever is more.
MARGIN_BAND = 0.08
_INCH = 72.0
#: A margin line repeated (digits aside) on this many pages, and on this share of all pages,
#: is a running header or footer.
RUNNING_PAGES = 3
RUNNING_SHARE = 0.3
#: A line reaching this many character heights short of the text column's right edge, or
#: closer, fills the column (the text wraps on the next line).
WRAP_SLACK = 2.0
#: A line starting this many character heights right of the column's left edge is indented
#: (a paragraph's first line); a line of running text starts no further right than
#: ``INDENT + 2`` heights (right-aligned words beside a paragraph do not run on).
INDENT = 1.0
#: Share of prose lines that start indented in a column whose paragraphs are indented.
INDENTED_SHARE = 0.1
#: Lines further apart than this many character heights belong to different paragraphs.
PARAGRAPH_GAP = 1.2
#: Two lines of the same paragraph differ in character height by this share at most.
SIZE_RATIO = 0.15
#: A centred line's middle lies this many character heights from the column's middle at most.
CENTRED = 1.5
#: The lines of a title wrapped over two centred lines differ in height by this share at most
#: (a title above a subtitle or a heading in another size are two paragraphs).
TITLE_SIZE_RATIO = 0.03
#: Lines above a table that a page repeats above its continuation, at most.
LEAD_LINES = 4

_LEADERS = re.compile(r"\.{3,}|…{2,}|·{3,}")


@dataclass
class _Page:
    number: int
    width: float
    height: float
    items: list[TextLine | PageTable] = field(default_factory=list)
    #: rows of amounts without a header among the lines: placed if they continue a table
    unplaced: list[Unplaced] = field(default_factory=list)
    has_text: bool = False
    images: int = 0


@dataclass(frozen=True)
class PdfText:
    """What the reader got from a PDF."""

    blocks: tuple[Block, ...]
    lines: tuple[Line, ...]
    pages: int
    warnings: tuple[ReadWarning, ...]


def _top(item: TextLine | PageTable) -> float:
    return item.box.top


def layout_page(content: PageContent, warnings: list[ReadWarning], grid_slots: int) -> _Page:
    """The text lines and ruled tables of one page, top to bottom; rulings that would form
    more than ``grid_slots`` grid slots are not read as tables."""
    page = _Page(content.number, content.width, content.height,
                 has_text=bool(content.chars), images=content.images)
    if content.unmapped:
        warnings.append(ReadWarning(codes.READ_PDF_UNMAPPED,
                                    {"page": content.number, "chars": content.unmapped}))
    free: list[Char] = list(content.chars)
    try:
        grids = find_grids(list(content.segments), grid_slots)
    except GridTooLarge as err:
        warnings.append(ReadWarning(codes.READ_PDF_RULINGS, {"page": content.number,
                                                             "reason": str(err)}))
        grids = []
    for grid in grids:
        inside, outside = chars_in(grid, free)
        if not inside:
            continue
        try:
            table, captions = read_table(content.number, grid, inside)
        except Exception as err:  # noqa: BLE001 - one table must not cost the others: read it as text
            warnings.append(ReadWarning(codes.READ_PDF_TABLE, {"page": content.number,
                                                               "reason": type(err).__name__}))
            continue
        free = outside
        page.items += captions
        if table.rows:
            page.items.append(table)
    page.items += _with_unruled_tables(page, group_lines(free), warnings)
    page.items.sort(key=_top)
    return page


def _with_unruled_tables(page: _Page, lines: list[TextLine], warnings: list[ReadWarning]
                         ) -> list[TextLine | PageTable]:
    """The page's text lines with the tables drawn without rulings among them in their
    place; a table whose columns are ambiguous stays lines, with a warning; rows without a
    header stay lines too, noted in ``page.unplaced``."""
    items: list[TextLine | PageTable] = list(lines)
    for found in find_tables(page.number, lines):
        if isinstance(found.table, Unplaced):
            page.unplaced.append(found.table)
        elif found.table is None:
            warnings.append(ReadWarning(codes.READ_PDF_TABLE, {"page": page.number,
                                                               "reason": found.reason}))
        else:
            taken = {id(line) for line in found.lines}
            items = [item for item in items if id(item) not in taken] + [found.table]
    return items


def _margin_lines(pages: list[_Page]) -> set[int]:
    """ids of the lines that are page numbers, running headers or running footers."""
    def in_margin(page: _Page, line: TextLine) -> bool:
        band = max(MARGIN_BAND * page.height, _INCH)
        return line.bottom <= band or line.top >= page.height - band

    candidates = [(page, line) for page in pages for line in page.items
                  if isinstance(line, TextLine) and in_margin(page, line)]
    masked = Counter(text for _, text in {(page.number, _mask(line.text))
                                          for page, line in candidates})
    enough = max(RUNNING_PAGES, RUNNING_SHARE * len(pages))
    return {id(line) for _, line in candidates
            if PAGE_NUMBER.match(line.text) or masked[_mask(line.text)] >= enough}


def _mask(text: str) -> str:
    return re.sub(r"\d+", "#", text)


@dataclass(frozen=True)
class _Column:
    """The text column of pages of one width: left and right edges of running text, and
    whether its paragraphs start indented (then a sentence ending at the end of a full line
    does not end the paragraph: the next line's indent does)."""

    left: float
    right: float
    indents: bool = False


def _columns(pages: list[_Page]) -> dict[int, _Column]:
    """Text column per page width, measured on lines of prose (most of them fill it)."""
    lines: dict[int, list[TextLine]] = {}
    for page in pages:
        lines.setdefault(round(page.width), []).extend(
            item for item in page.items if isinstance(item, TextLine) and is_prose(item.text))
    columns = {}
    for width, found in lines.items():
        if found:
            left = sorted(line.x0 for line in found)[len(found) // 5]
            right = sorted(line.x1 for line in found)[len(found) * 3 // 4]
            indented = sum(left + INDENT * line.size < line.x0 < left + (INDENT + 2) * line.size
                           for line in found)
            columns[width] = _Column(left, right, indented >= INDENTED_SHARE * len(found))
    return columns


class _Flow:
    """Decides whether a text line goes on the paragraph the line before it ends."""

    def __init__(self, pages: list[_Page]) -> None:
        self.columns = _columns(pages)
        self.page_width = {page.number: round(page.width) for page in pages}
        self.geometry: dict[int, TextLine] = {}
        self.last_on_page: set[int] = set()

    def _column(self, line: Line) -> _Column:
        width = self.page_width[line.page or 1]
        return self.columns.get(width) or _Column(0.1 * width, 0.9 * width)

    def continues(self, previous: Line, line: Line) -> bool:
        a, b = self.geometry[previous.number], self.geometry[line.number]
        if abs(a.size - b.size) > SIZE_RATIO * max(a.size, b.size) or \
                _LEADERS.search(previous.text) or ENUMERATOR.match(line.text):
            return False
        column = self._column(line)
        runs_on = self._fills(a, column) and a.x0 <= column.left + (INDENT + 2) * a.size and \
            not self._indented(b, column) and \
            (column.indents or not previous.text.endswith(TERMINAL))
        if previous.page != line.page:
            return previous.number in self.last_on_page and runs_on and \
                (self._fills(b, column) or not self._centred(b, column))
        if b.top - a.bottom > PARAGRAPH_GAP * a.size:
            return False
        return runs_on or (
            self._centred(a, column) and self._centred(b, column) and
            abs(a.size - b.size) <= TITLE_SIZE_RATIO * max(a.size, b.size) and
            not self._fills(b, column) and not previous.text.endswith(TERMINAL) and
            ":" not in line.text and "：" not in line.text)  # a title wrapped over two lines

    @staticmethod
    def _fills(line: TextLine, column: _Column) -> bool:
        return line.x1 >= column.right - WRAP_SLACK * line.size

    @staticmethod
    def _indented(line: TextLine, column: _Column) -> bool:
        return line.x0 > column.left + INDENT * line.size

    @staticmethod
    def _centred(line: TextLine, column: _Column) -> bool:
        middle = (column.left + column.right) / 2
        return abs((line.x0 + line.x1) / 2 - middle) <= CENTRED * line.size


def _continued_columns(table: PageTable, reference: tuple[float, ...]
                       ) -> dict[int, int] | None:
    """Grid columns of a table continued from a table with columns ``reference``: each of
    its columns mapped onto the reference column starting at the same x, if all fit."""
    if len(table.xs) == len(reference) and all(abs(a - b) <= 2 * SNAP
                                               for a, b in zip(table.xs, reference)):
        return None
    mapping: dict[int, int] = {}
    for c, x in enumerate(table.xs):
        match = next((k for k, r in enumerate(reference) if abs(r - x) <= 2 * SNAP), None)
        if match is None:
            return None
        mapping[c] = match
    return mapping


def _remap(row: GridRow, mapping: dict[int, int], width: int) -> GridRow:
    cells = [""] * width
    boxes: list[Box | None] = [None] * width
    spans = [1] * width if row.spans else []
    for c, (text, box) in enumerate(zip(row.cells, row.boxes)):
        cells[mapping[c]] = text
        boxes[mapping[c]] = box
        if row.spans:
            spans[mapping[c]] = mapping[c + row.spans[c] - 1] - mapping[c] + 1
    return GridRow(tuple(cells), tuple(boxes), row.box, tuple(spans))


def _without_repeated_lead(items: list[TextLine | PageTable], lead: list[str]
                          ) -> list[TextLine | PageTable]:
    """A page's items without the lines it repeats above a continued table: a table printed
    with its title (and unit line) on every page continues the table those lines first
    stood above."""
    for k in range(min(len(lead), len(items) - 1), 0, -1):
        if isinstance(items[k], PageTable) and \
                [getattr(item, "text", None) for item in items[:k]] == lead[-k:]:
            return items[k:]
    return items


def _placed(page: _Page, items: list[TextLine | PageTable], continued: PageTable | None,
            warnings: list[ReadWarning]) -> list[TextLine | PageTable]:
    """A page's items with the rows of amounts without a header that open the page placed
    in the columns of the table without rulings they continue."""
    if continued is None or continued.amounts is None or not items:
        return items
    rows = next((u for u in page.unplaced if u.lines[0] is items[0]), None)
    if rows is None or [id(item) for item in items[:len(rows.lines)]] != \
            [id(line) for line in rows.lines]:
        return items
    try:
        table = place_rows(page.number, rows.body, Columns(list(continued.xs),
                                                           list(continued.amounts)), [])
    except Ambiguous as err:
        warnings.append(ReadWarning(codes.READ_PDF_TABLE, {"page": page.number,
                                                           "reason": str(err)}))
        return items
    return [table, *items[len(rows.lines):]]


def _assemble(pages: list[_Page], warnings: list[ReadWarning]) -> tuple[list[Block], list[Line]]:
    """Number the lines in reading order and make blocks of them."""
    dropped = _margin_lines(pages)
    flow = _Flow(pages)
    blocks: list[Block] = []
    lines: list[Line] = []
    run: list[Line] = []
    reference: tuple[float, ...] | None = None  # columns of the table the last block is
    continued: PageTable | None = None  # that table, when it was read without rulings
    width = 0.0  # the width of the page it stands on
    lead: list[str] = []  # the lines printed right above that table (its title, its unit)

    def flush() -> None:
        if run:
            blocks.extend(blocks_of_lines(run, flow.continues))
            run.clear()

    for page in pages:
        kept = [item for item in page.items if id(item) not in dropped]
        if reference is not None:
            kept = _without_repeated_lead(kept, lead)
        items = _placed(page, kept, continued if page.width == width else None, warnings)
        for index, item in enumerate(items):
            if isinstance(item, TextLine):
                line = Line(len(lines) + 1, page.number, item.text, box=item.box)
                flow.geometry[line.number] = item
                if index == len(items) - 1:
                    flow.last_on_page.add(line.number)
                lines.append(line)
                run.append(line)
                reference = continued = None
                continue
            if run:
                lead = [line.text for line in run[-LEAD_LINES:]]
            flush()
            mapping = _continued_columns(item, reference) \
                if index == 0 and reference is not None and blocks and \
                isinstance(blocks[-1], TableBlock) else None
            width = len(reference) - 1 if mapping is not None and reference is not None \
                else len(item.xs) - 1
            rows = []
            for grid_row in item.rows:
                if mapping is not None:
                    grid_row = _remap(grid_row, mapping, width)
                line = Line(len(lines) + 1, page.number, "\t".join(grid_row.cells), box=grid_row.box)
                lines.append(line)
                rows.append(TableRow(grid_row.cells, line, aligned=True, boxes=grid_row.boxes,
                                     spans=grid_row.spans))
            blocks.append(TableBlock(tuple(rows)))
            if mapping is None:
                reference = item.xs
            continued, width = (item, page.width) if item.amounts is not None else (None, 0.0)
    flush()
    return blocks, lines


def read_pdf(path: Path, data: bytes, limits: Limits) -> PdfText:
    """Read the PDF ``data`` (the bytes of ``path``) into blocks, within ``limits``."""
    document = open_pdf(path, data, limits)
    warnings: list[ReadWarning] = []
    pages: list[_Page] = []
    chars = 0
    try:
        for index in range(len(document)):
            try:
                page = document[index]
            except pdfium.PdfiumError:
                raise InputError(path, f"page {index + 1} is damaged: pdfium cannot load it") \
                    from None
            try:
                content = read_page(page, index + 1, limits.page_chars, limits.page_objects)
            except PageTooComplex as err:
                raise limits.exceeded(path, err.limit, f"page {index + 1} is too complex to read "
                                                       f"(a PDF bomb?): {err.what}", err.count) from None
            except pdfium.PdfiumError:
                raise InputError(path, f"page {index + 1} is damaged: pdfium cannot read its "
                                       "text") from None
            finally:
                page.close()
            chars += len(content.chars)
            if chars > limits.text_chars:
                raise limits.exceeded(path, "text_chars", f"page {index + 1}: characters of "
                                                          "text up to this page")
            pages.append(layout_page(content, warnings, limits.grid_slots))
    finally:
        document.close()
    scanned = [p.number for p in pages if not p.has_text and p.images]
    if not any(p.has_text for p in pages):
        first = scanned[0] if scanned else 1
        raise InputError(path, f"page {first} has no text layer (scanned?)")
    for number in scanned:
        warnings.append(ReadWarning(codes.READ_PDF_NO_TEXT, {"page": number}))
    blocks, lines = _assemble(pages, warnings)
    return PdfText(tuple(blocks), tuple(lines), len(pages), tuple(warnings))
