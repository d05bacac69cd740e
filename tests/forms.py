"""Other physical forms of a parsed disclosure, for testing the readers of those forms.

:func:`items_of` lays a disclosure out as a document would print it: a sequence of
paragraphs and table grids (header rows with merged cells for spanning labels, then body
rows), in the order of the source. The writers turn that sequence into a Word document, an
Excel workbook (.xlsx) and an Excel 97-2003 workbook (.xls) with the libraries' own writers,
and a PDF drawn with reportlab (:mod:`pdfgen`) in a chosen page geometry (:class:`PdfGeometry`).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Literal

from openpyxl.utils import get_column_letter

from budgetld.layouts import load_knowledge
from budgetld.model import Amount, BudgetTable, Disclosure, Row, SourceRef
from budgetld.numbers import is_amount, parse_amount
from budgetld.package.build import printed_rows
from budgetld.parse import parse_file

import pdfgen


@dataclass(frozen=True)
class Merge:
    """A merged range of a grid: its first cell and how many rows and columns it covers."""

    row: int
    col: int
    rows: int = 1
    cols: int = 1


@dataclass
class Grid:
    """A table as printed: ``rows`` of cell texts ("" where a merge covers a cell), the
    ``merges``, the number of ``header`` rows, and for total columns the columns they add up
    (to write formulas). ``lead`` paragraphs before the grid (number, title, 编制部门/单位
    line) and ``trail`` paragraphs after it (notes) belong to the table."""

    rows: list[list[str]]
    merges: list[Merge] = field(default_factory=list)
    header: int = 1
    sums: dict[int, list[int]] = field(default_factory=dict)
    lead: int = 0
    trail: int = 0

    @property
    def width(self) -> int:
        return max(len(row) for row in self.rows)


Item = str | Grid

_LEADERS = "……"


def _heading(number: str | None, title: str, level: int) -> str:
    """A section heading as the parser's levels read it (第一部分 / 一、 / （一） / 1、…：)."""
    if number is None:
        return title
    return {1: f"第{number}部分 {title}", 2: f"{number}、{title}", 3: f"（{number}）{title}"
            }.get(level, f"{number}、{title}：")


def _toc_line(number: str | None, title: str, page: int | None) -> str:
    if number is None:
        prefix = ""
    elif number.startswith("表"):
        prefix = number
    elif number.isdigit():
        prefix = f"{number}. "
    else:
        prefix = f"{number}、"
    return f"{prefix}{title}{_LEADERS}{page if page is not None else ''}"


def _header(table: BudgetTable, sides: list[str | None], stubs: list[str]
            ) -> tuple[list[list[str]], list[Merge], dict[str, int]]:
    """Header rows: each side's stub labels (spanning all header rows), then its columns'
    header paths, a label shared by adjacent columns merged over them, a path shorter than
    the header merged down to its last row; and the grid column of each column key."""
    depth = max((len(c.path) for c in table.columns), default=1)
    rows: list[list[str]] = [[] for _ in range(depth)]
    merges: list[Merge] = []
    position: dict[str, int] = {}
    for side in sides:
        for label in stubs:
            col = len(rows[0])
            for r in range(depth):
                rows[r].append(label if r == 0 else "")
            if depth > 1:
                merges.append(Merge(0, col, depth, 1))
        columns = [c for c in table.columns if c.side == side]
        start = len(rows[0])
        for offset, column in enumerate(columns):
            position[column.key] = start + offset
            for r in range(depth):
                rows[r].append("")
        for r in range(depth):
            j = 0
            while j < len(columns):
                path = columns[j].path
                if r >= len(path):
                    j += 1
                    continue
                k = j + 1
                while k < len(columns) and columns[k].path[:r + 1] == path[:r + 1] and \
                        len(columns[k].path) > r and not (len(path) == len(columns[k].path) == r + 1):
                    k += 1
                rows[r][start + j] = path[r]
                if k - j > 1:
                    merges.append(Merge(r, start + j, 1, k - j))
                elif len(path) == r + 1 < depth:
                    merges.append(Merge(r, start + j, depth - r, 1))
                j = k
    return rows, merges, position


def _grid(table: BudgetTable) -> Grid:
    knowledge = load_knowledge()
    extra_header = {key: label for label, key in knowledge.extra_stubs.items()}
    sides = [s for s in ("revenue", "expenditure") if any(c.side == s for c in table.columns)] \
        or [None]
    coded = any(r.code for r in table.rows)
    extras = sorted({key for r in table.rows for key in r.extra_labels})
    stubs = (["科目编码", "科目名称"] if coded else ["项目"]) + [extra_header[k] for k in extras]
    rows, merges, position = _header(table, sides, stubs)
    header, width = len(rows), len(rows[0])
    for printed in printed_rows(table):
        cells = [""] * width
        for side in sides:
            row = printed.get(side or "")
            if row is None:
                continue
            first = min(position[c.key] for c in table.columns if c.side == side) - len(stubs)
            stub = ([row.code or ""] if coded else []) + [row.label] + \
                [row.extra_labels.get(k, "") for k in extras]
            cells[first:first + len(stub)] = stub
            for column, (text, _) in printed_cells(row).items():
                cells[position[column]] = text
        rows.append(cells)
    sums = {position[c.key]: [position[k] for k in c.sum_of] for c in table.columns if c.sum_of}
    return Grid(rows, merges, header, sums)


def printed_cells(row: Row) -> dict[str, tuple[str, Amount | None]]:
    """The row's cells as the document prints them: column key → (text, amount). An amount
    the text form could not put in a column is written in the first column it may stand in,
    which is where the samples print theirs (财政拨款收入, 一般公共预算): the forms are the
    published document, not the parser's reading of it."""
    cells = {cell.column: (cell.text, cell.amount) for cell in row.cells}
    for unplaced in row.unplaced:
        column = next(key for key in unplaced.columns if not cells.get(key, ("", None))[0])
        cells[column] = (unplaced.amount.text, unplaced.amount)
    return cells


def _table_items(table: BudgetTable) -> list[Item]:
    lead = ([table.number] if table.number else []) + [table.title]
    meta = " ".join(([f"编制部门：{table.unit_name}"] if table.unit_name else []) +
                    ([f"单位：{table.unit}"] if table.unit else []))
    lead += [meta] if meta else []
    notes = sorted([n for n in [table.empty_note, *table.notes] if n is not None],
                   key=lambda n: n.source.line)
    grid = _grid(table)
    grid.lead, grid.trail = len(lead), len(notes)
    return [*lead, grid, *(n.text for n in notes)]


def items_of(d: Disclosure) -> list[Item]:
    """The disclosure as a sequence of paragraphs and table grids, in the source's order:
    title (and 预算主管部门 line when the document names its 主管部门 itself), contents,
    tables (number, title, 编制部门/单位 line, grid, notes), section headings and text."""
    placed: list[tuple[tuple[int, float], list[Item]]] = []

    def at(ref: SourceRef | None, before: bool = False) -> tuple[int, float]:
        return (ref.page or 0, ref.line - 0.5 * before) if ref else (0, 0)

    if d.meta.title:
        lead = [d.meta.title]
        supervisor = d.meta.supervisor
        if supervisor and d.meta.unit and supervisor.name == d.meta.unit.name:
            lead.append(f"预算主管部门：{supervisor.name}")
        placed.append((at(d.meta.source), lead))
    if d.toc:
        placed.append((at(d.toc[0].source, before=True), ["目 录"]))
        placed += [(at(e.source), [_toc_line(e.number, e.title, e.page)]) for e in d.toc]
    placed += [(at(t.source), _table_items(t)) for t in d.tables]
    for s in d.sections:
        paragraphs = [p for p in s.text.split("\n") if p.strip()]
        placed.append((at(s.source), [_heading(s.number, s.title, s.level), *paragraphs]))
    return [item for _, items in sorted(placed, key=lambda pair: pair[0]) for item in items]


# --- writers ------------------------------------------------------------------------------


def _titled(grid: Grid, lead: list[str], trail: list[str]) -> Grid:
    """The grid with its lead and trail paragraphs as rows of its own, as some documents
    print them: each merged across the table, but a ``编制部门：… 单位：…`` line in two cells,
    the 单位 in the last column."""
    width = grid.width
    rows: list[list[str]] = []
    merges: list[Merge] = []
    for text in lead + [None] + trail:
        if text is None:
            top = len(rows)
            rows += [row + [""] * (width - len(row)) for row in grid.rows]
            merges += [Merge(m.row + top, m.col, m.rows, m.cols) for m in grid.merges]
            continue
        left, unit = (text.rsplit(" ", 1) + [""])[:2] if " 单位：" in text else (text, "")
        rows.append([left] + [""] * (width - 2) + [unit] if unit else [text] + [""] * (width - 1))
        merges.append(Merge(len(rows) - 1, 0, 1, width - 1 if unit else width))
    return Grid(rows, merges, grid.header + len(lead), grid.sums)


def write_docx(items: list[Item], path: Path, titles_in_table: bool = False) -> None:
    """A Word document: a paragraph per text, a Word table per grid with its merges;
    ``titles_in_table``: a table's lead and trail paragraphs in rows of the table."""
    import docx

    document = docx.Document()
    owned: set[int] = set()
    for i, item in enumerate(items):
        if isinstance(item, Grid) and titles_in_table:
            owned |= set(range(i - item.lead, i + item.trail + 1)) - {i}
    for i, item in enumerate(items):
        if i in owned:
            continue
        if isinstance(item, str):
            document.add_paragraph(item)
            continue
        if titles_in_table:
            item = _titled(item, items[i - item.lead:i], items[i + 1:i + 1 + item.trail])
        table = document.add_table(rows=len(item.rows), cols=item.width)
        table.style = "Table Grid"
        for m in item.merges:
            table.cell(m.row, m.col).merge(table.cell(m.row + m.rows - 1, m.col + m.cols - 1))
        covered = {(m.row + i, m.col + j) for m in item.merges for i in range(m.rows)
                   for j in range(m.cols)} - {(m.row, m.col) for m in item.merges}
        for r, row in enumerate(item.rows):
            for c, text in enumerate(row):
                if text and (r, c) not in covered:
                    table.cell(r, c).text = text
    document.save(path)


Layout = Literal["sheets", "blank-rows", "compact"]


@dataclass
class _Cell:
    row: int
    col: int
    text: str
    rows: int = 1
    cols: int = 1
    number: bool = False
    formula: str | None = None



def _groups(items: list[Item]) -> list[tuple[bool, list[Item]]]:
    """Runs of items: each table with its lead and trail paragraphs, and the text between."""
    owner: list[int | None] = [None] * len(items)
    for i, item in enumerate(items):
        if isinstance(item, Grid):
            for j in range(i - item.lead, i + item.trail + 1):
                owner[j] = i
    groups: list[tuple[bool, list[Item]]] = []
    for i, item in enumerate(items):
        if i == 0 or owner[i] != owner[i - 1]:
            groups.append((owner[i] is not None, []))
        groups[-1][1].append(item)
    return groups


def _sheets(items: list[Item], layout: Layout, numbers: bool, formulas: bool
            ) -> list[tuple[str, list[_Cell]]]:
    """Lay the items out on sheets. ``sheets``: each table (with its lead and trail
    paragraphs) on a sheet of its own, the text between tables on sheets of their own, a
    blank row between items; ``blank-rows``: one sheet, a blank row between items;
    ``compact``: one sheet without blank rows, paragraphs merged across the widest table."""
    groups = _groups(items) if layout == "sheets" else [(False, items)]
    width = max((item.width for item in items if isinstance(item, Grid)), default=1)
    sheets: list[tuple[str, list[_Cell]]] = []
    counts = {True: 0, False: 0}
    for is_table, group in groups:
        cells: list[_Cell] = []
        row = 0
        for item in group:
            if isinstance(item, str):
                cells.append(_Cell(row, 0, item, cols=width if layout == "compact" else 1))
                row += 1
            else:
                cells += _grid_cells(item, row, numbers, formulas)
                row += len(item.rows)
            row += layout != "compact"
        counts[is_table] += 1
        name = f"{'表' if is_table else '文字'}{counts[is_table]}" if layout == "sheets" else "预算"
        sheets.append((name, cells))
    return sheets


def _grid_cells(grid: Grid, top: int, numbers: bool, formulas: bool) -> list[_Cell]:
    spans = {(m.row, m.col): m for m in grid.merges}
    cells = []
    for r, row in enumerate(grid.rows):
        for c, text in enumerate(row):
            merge = spans.get((r, c))
            body = r >= grid.header
            cell = _Cell(top + r, c, text, merge.rows if merge else 1, merge.cols if merge else 1,
                         number=numbers and body and is_amount(text))
            parts = grid.sums.get(c)
            if formulas and body and cell.number and parts and \
                    parse_amount(text) == sum(parse_amount(row[p]) or Decimal(0) for p in parts):
                cell.formula = "+".join(f"{get_column_letter(p + 1)}{top + r + 1}" for p in parts)
            if text or merge:
                cells.append(cell)
    return cells


def _number_format(text: str) -> str:
    """The number format that shows ``text`` as printed: its decimals and grouping."""
    decimals = len(text.partition(".")[2])
    return ("#,##0" if "," in text else "0") + ("." + "0" * decimals if decimals else "")


def write_xlsx(items: list[Item], path: Path, layout: Layout = "sheets", numbers: bool = False,
               formulas: bool = False) -> None:
    """An Excel workbook. ``numbers``: amounts and codes stored as numbers with the number
    format that shows them as printed, else as text; ``formulas``: a total whose parts add
    up is stored as a formula with its computed value, as a spreadsheet saves it."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    cached: dict[str, dict[str, str]] = {}
    for name, cells in _sheets(items, layout, numbers, formulas):
        ws = book.create_sheet(name)
        for cell in cells:
            target = ws.cell(cell.row + 1, cell.col + 1)
            if cell.formula:
                target.value = f"={cell.formula}"
                cached.setdefault(name, {})[target.coordinate] = \
                    str(parse_amount(cell.text))
            elif cell.number:
                target.value = float(parse_amount(cell.text))
            else:
                target.value = cell.text or None
            if cell.number:
                target.number_format = _number_format(cell.text)
            if cell.rows > 1 or cell.cols > 1:
                ws.merge_cells(start_row=cell.row + 1, start_column=cell.col + 1,
                               end_row=cell.row + cell.rows, end_column=cell.col + cell.cols)
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(_with_cached_values(buffer.getvalue(), list(book.sheetnames), cached))


def _with_cached_values(data: bytes, names: list[str], cached: dict[str, dict[str, str]]) -> bytes:
    """openpyxl writes formulas without the value a spreadsheet saves with them: add it."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            index = re.fullmatch(r"xl/worksheets/sheet(\d+)\.xml", info.filename)
            values = cached.get(names[int(index.group(1)) - 1], {}) if index else {}
            if values:
                text = content.decode()
                for coordinate, value in values.items():
                    text, count = re.subn(rf'(<c r="{coordinate}"[^>]*>)(<f>[^<]*</f>)<v>\s*</v>',
                                          rf"\g<1>\g<2><v>{value}</v>", text)
                    assert count == 1, coordinate
                content = text.encode()
            target.writestr(info, content)
    return out.getvalue()


def write_xls(items: list[Item], path: Path, layout: Layout = "sheets",
              numbers: bool = False) -> None:
    """An Excel 97-2003 workbook, as :func:`write_xlsx` (without formulas)."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    styles: dict[str, xlwt.XFStyle] = {}
    for name, cells in _sheets(items, layout, numbers, formulas=False):
        ws = book.add_sheet(name)
        for cell in cells:
            style = xlwt.Style.default_style
            value: object = cell.text
            if cell.number:
                fmt = _number_format(cell.text)
                style = styles.setdefault(fmt, xlwt.easyxf(num_format_str=fmt))
                value = float(parse_amount(cell.text))
            if cell.rows > 1 or cell.cols > 1:
                ws.write_merge(cell.row, cell.row + cell.rows - 1, cell.col,
                               cell.col + cell.cols - 1, value, style)
            else:
                ws.write(cell.row, cell.col, value, style)
    book.save(str(path))


# --- PDF ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PdfGeometry:
    """How :func:`write_pdf` prints a disclosure. By default: A4 pages numbered ``- n -``,
    paragraphs wrapped to the text width with their first line indented, tables ruled with
    their spanning header labels merged, a table wider than a portrait page on a landscape
    page, a table too long for its page continued on the next with its header repeated."""

    repeat_header: bool = True  #: a continued table repeats its header rows
    header_twice: bool = False  #: the header rows printed twice at the table's start
    rules: pdfgen.Rules = "grid"  #: which rulings tables have (else cells stand by position)
    frame: bool = True  #: False: tables without their outer left and right borders
    header_align: Literal["left", "centre"] = "left"  #: header labels in their cells
    amount_align: Literal["right", "centre"] = "right"  #: amounts in their cells
    narrow: float = 1.0  #: label columns this share of their natural width (labels wrap)
    rotate: int = 0  #: landscape pages printed as portrait pages turned by this /Rotate
    sideways: bool = False  #: landscape pages printed turned, without /Rotate (shown sideways)
    height: float = 842.0  #: portrait page height (a shorter page breaks tables more often)
    running_header: str | None = None  #: a line above the text of every page


PAGE_TEXT = 11.0
TABLE_TEXT = 9.0
_WIDTH = (595.0, 842.0)  #: A4 page width, portrait and landscape
_BOTTOM = 60.0  #: space below the text of a page (the page number stands in it)
_LABEL_WIDTH = (40.0, 170.0)  #: least and most natural width of a column of labels
_AMOUNT_WIDTH = 64.0  #: least width of a column of amounts


def _column_widths(grid: Grid, narrow: float) -> list[float]:
    """Each column as wide as its widest body cell, within bounds; labels ``narrow``."""
    widths = []
    for c in range(grid.width):
        body = [row[c] for row in grid.rows[grid.header:] if c < len(row) and row[c]]
        natural = max((pdfgen.width_of(t, TABLE_TEXT) for t in body), default=0) + \
            2 * pdfgen.PADDING + 2
        if all(is_amount(text) for text in body):
            widths.append(max(natural, _AMOUNT_WIDTH))
        else:
            low, high = _LABEL_WIDTH
            widths.append(max(low, min(high, natural) * narrow))
    return widths


def _pdf_rows(grid: Grid) -> list[list[str]]:
    """The grid's rows in :mod:`pdfgen`'s notation: ``<`` and ``^`` where a merge reaches."""
    rows = [list(row) + [""] * (grid.width - len(row)) for row in grid.rows]
    for m in grid.merges:
        for r in range(m.row, m.row + m.rows):
            for c in range(m.col, m.col + m.cols):
                if (r, c) != (m.row, m.col):
                    rows[r][c] = "<" if c > m.col else "^"
    return rows


def _lead_texts(lead: list[str]) -> list[pdfgen.Text]:
    """A table's number (small, left), title (centred) and 编制部门 … 单位 line (the 单位
    against the right margin)."""
    texts = []
    meta = [t for t in lead if t.startswith(("编制", "单位："))]
    title = next((t for t in reversed(lead) if t not in meta), None)
    for text in lead:
        if text in meta:
            left, _, unit = text.rpartition(" 单位：")
            texts.append(pdfgen.Text(left, size=10, right=f"单位：{unit}" if left else text,
                                     gap=4))
        elif text == title:
            texts.append(pdfgen.Text(text, size=14, centred=True, gap=6))
        else:
            texts.append(pdfgen.Text(text, size=10, gap=2))
    return texts


class _PdfLayout:
    """Pages filled top to bottom; a new page where the next piece does not fit."""

    def __init__(self, geometry: PdfGeometry) -> None:
        self.geometry = geometry
        self.pages: list[pdfgen.Page] = []
        self.used = 0.0
        self.landscape = False

    @property
    def width(self) -> float:
        return _WIDTH[self.landscape] - 2 * pdfgen.LEFT

    def room(self) -> float:
        height = _WIDTH[0] if self.landscape else self.geometry.height
        return height - pdfgen.TOP - _BOTTOM - self.used

    def new_page(self, landscape: bool = False) -> None:
        g = self.geometry
        self.pages.append(pdfgen.Page(landscape=landscape, header=g.running_header,
                                      rotate=(g.rotate or 90 * g.sideways) if landscape else 0,
                                      sideways=g.sideways and landscape))
        self.landscape = landscape
        self.used = 0.0

    def place(self, piece: pdfgen.Text | pdfgen.Table, keep: float = 0.0,
              landscape: bool | None = None) -> None:
        """Put ``piece`` on the page; on a new page if it and ``keep`` points after it do not
        fit, or if the page is not of the orientation ``landscape`` asks for."""
        turn = landscape is not None and landscape != self.landscape
        if not self.pages or turn or piece.height + keep > self.room():
            self.new_page(self.landscape if landscape is None else landscape)
        self.pages[-1].items.append(piece)
        self.used += piece.height

    def paragraph(self, text: str, centred: bool = False, size: float = PAGE_TEXT) -> None:
        if centred:
            self.place(pdfgen.Text(text, size=size, centred=True, gap=6))
            return
        indent = 2 * size
        first = pdfgen.wrap(text, self.width - indent, size)[0]
        rest = text[len(first):]
        lines = [first] + (pdfgen.wrap(rest, self.width, size) if rest else [])
        for k, line in enumerate(lines):
            self.place(pdfgen.Text(line, size=size, indent=indent if k == 0 else 0,
                                   gap=3 if k < len(lines) - 1 else 6))

    def table(self, grid: Grid, lead: list[str], trail: list[str]) -> None:
        g = self.geometry
        widths = _column_widths(grid, g.narrow)
        landscape = sum(widths) > _WIDTH[0] - 2 * pdfgen.LEFT
        room = _WIDTH[landscape] - 2 * pdfgen.LEFT
        widths = [w * min(1.0, room / sum(widths)) for w in widths]
        rows = _pdf_rows(grid)
        header, body = rows[:grid.header], rows[grid.header:]

        def part(body_rows: list[list[str]], with_header: bool) -> pdfgen.Table:
            head = header * (1 + g.header_twice) if with_header else []
            return pdfgen.Table(head + body_rows, widths, size=TABLE_TEXT,
                                header_rows=len(head), rules=g.rules, frame=g.frame,
                                header_align=g.header_align, amount_align=g.amount_align)

        texts = _lead_texts(lead)
        start = part(body[:2], True).height
        for k, text in enumerate(texts):
            self.place(text, keep=sum(t.height for t in texts[k + 1:]) + start,
                       landscape=landscape if k == 0 else None)
        if not texts and landscape != self.landscape:
            self.new_page(landscape)
        with_header = True
        while True:
            count = len(body)
            while count > 1 and part(body[:count], with_header).height > self.room():
                count -= 1
            self.place(part(body[:count], with_header))
            body = body[count:]
            if not body:
                break
            self.new_page(self.landscape)
            with_header = g.repeat_header
        for note in trail:
            self.place(pdfgen.Text(note, size=9, gap=4))
        if landscape:
            self.new_page()


def write_pdf(items: list[Item], path: Path, geometry: PdfGeometry = PdfGeometry()) -> None:
    """A PDF of the items (:mod:`pdfgen`): the first item and "目 录" as centred titles, each
    table with its lead and trail paragraphs, the other items as paragraphs; pages numbered."""
    layout = _PdfLayout(geometry)
    owner: dict[int, int] = {}
    for i, item in enumerate(items):
        if isinstance(item, Grid):
            owner.update((j, i) for j in range(i - item.lead, i + item.trail + 1))
    for i, item in enumerate(items):
        if isinstance(item, Grid):
            layout.table(item, items[i - item.lead:i], items[i + 1:i + 1 + item.trail])
        elif i in owner:
            continue
        elif i == 0 or item == "目 录":
            layout.paragraph(item, centred=True, size=16 if i == 0 else 14)
        else:
            layout.paragraph(item)
    pages = [page for page in layout.pages if page.items]
    for number, page in enumerate(pages, 1):
        page.footer = f"- {number} -"
    pdfgen.write_pdf(path, pages)


def write_pdf_forms(folder: Path, samples: dict[str, Path],
                    geometries: dict[str, PdfGeometry]) -> dict[tuple[str, str], Path]:
    """Every sample drawn as a PDF in every geometry: (sample, geometry name) → its file."""
    out = {}
    for sample, source in samples.items():
        items = items_of(parse_file(source))
        for name, geometry in geometries.items():
            out[sample, name] = folder / f"{sample}-{name}.pdf"
            write_pdf(items, out[sample, name], geometry)
    return out
