"""Draw test PDFs with reportlab from a simple description of pages, text and ruled tables.

A table is a list of rows of cell texts: ``"<"`` merges the slot into the cell on its left,
``"^"`` into the cell above; ``"\\n"`` breaks a cell's text over lines, and text wider than its
cell wraps (the row grows to hold it). Text is drawn with WenQuanYi Micro Hei, a TrueType CJK
font of a test dependency, embedded (subset) as published PDFs embed their fonts; reportlab's
built-in CJK font is not embedded, and pdfium reads its text on upright pages only.

    page = Page([Text("收支预算总表", size=16, centred=True),
                 Table([["项目", "本年支出", "<"], ["^", "基本支出", "项目支出"],
                        ["合计", "300.00", "200.00"]], widths=[120, 80, 80])],
                footer="- 1 -")
    write_pdf(tmp_path / "x.pdf", [page])
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Literal

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

FONT = "WenQuanYi Micro Hei"
pdfmetrics.registerFont(TTFont(FONT, str(files("paperang_p2_fonts_cjk") / "fonts" /
                                         "wqy-microhei.ttc"), subfontIndex=0))

LEFT = 60.0  #: left (and right) margin
TOP = 70.0
#: Height of a line of text, and of a line in a table cell, per point of font size.
TEXT_LINE = 1.3
CELL_LINE = 1.2
#: Space between a cell's border and its text.
PADDING = 3.0
#: What a line does not break inside: a Latin word or a number; else any character.
_UNBROKEN = re.compile(r"[A-Za-z0-9.,%\-]+|.", re.S)


def width_of(text: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, FONT, size)


def wrap(text: str, width: float, size: float) -> list[str]:
    """``text`` broken into lines no wider than ``width``, and where it holds ``"\\n"``; a
    word or number wider than a line is broken too."""
    lines: list[str] = []
    for part in text.split("\n"):
        line = ""
        for run in _UNBROKEN.findall(part):
            if line and width_of(line + run, size) > width:
                lines.append(line)
                line = ""
            while len(run) > 1 and width_of(run, size) > width:
                cut = max([k for k in range(1, len(run)) if width_of(run[:k], size) <= width],
                          default=1)
                lines.append(run[:cut])
                run = run[cut:]
            line += run
        lines.append(line)
    return lines


@dataclass
class Text:
    """A line of text; ``centred`` on the page, else at the left margin (plus ``indent``);
    ``right`` is drawn on the same line against the right margin."""

    text: str
    size: float = 11
    centred: bool = False
    indent: float = 0
    gap: float = 8  #: space below the line
    fake_bold: bool = False  #: drawn twice, a little off, as some producers embolden text
    right: str | None = None

    @property
    def height(self) -> float:
        return self.size * TEXT_LINE + self.gap


#: Which rulings a table has: every cell border (``grid``), rules only at the top, under the
#: header and at the bottom (``horizontal``, a common style of government tables), only the
#: outer frame (``frame``), or none.
Rules = Literal["grid", "horizontal", "frame", "none"]


@dataclass
class Table:
    """A table. ``ruled_rows=False`` leaves out the horizontal rulings between body rows
    (after ``header_rows``); ``header_widths`` draws the header rows' column borders at other
    x positions than the body's (as Word lets a table do); ``frame=False`` leaves out the
    outer left and right borders; ``rules`` says which rulings are drawn at all. Text stands
    at the left of its cell, numbers at the right; ``header_align="centre"`` centres the
    header's labels, ``amount_align="centre"`` the body's numbers."""

    rows: list[list[str]]
    widths: list[float]
    row_height: float = 20  #: the least height of a row
    size: float = 9
    ruled_rows: bool = True
    header_rows: int = 1
    header_widths: list[float] | None = None
    gap: float = 10
    frame: bool = True
    rules: Rules = "grid"
    header_align: Literal["left", "centre"] = "left"
    amount_align: Literal["right", "centre"] = "right"

    def _widths(self, row: int) -> list[float]:
        return self.header_widths if self.header_widths and row < self.header_rows \
            else self.widths

    def cell_lines(self, row: int, col: int, cols: int, text: str) -> list[str]:
        width = sum(self._widths(row)[col:col + cols]) - 2 * PADDING
        return wrap(text, width, self.size) if text else []

    def heights(self) -> list[float]:
        """Every row's height: enough for the lines of its cells (a cell merged over rows
        grows the last of them)."""
        out = [float(self.row_height)] * len(self.rows)
        for r, c, rows, cols, text in sorted(_cells(self.rows), key=lambda cell: cell[2]):
            need = len(self.cell_lines(r, c, cols, text)) * self.size * CELL_LINE + 2 * PADDING
            have = sum(out[r:r + rows])
            if need > have:
                out[r + rows - 1] += need - have
        return out

    @property
    def height(self) -> float:
        return sum(self.heights()) + self.gap


@dataclass
class Image:
    """A grey picture and nothing else (a scanned page)."""

    width: float = 400
    height: float = 500


@dataclass
class Page:
    items: list[Text | Table | Image] = field(default_factory=list)
    landscape: bool = False
    rotate: int = 0  #: the page's /Rotate; its content is drawn for the turned view
    #: drawn as for ``rotate`` but without the /Rotate: a viewer shows it sideways
    sideways: bool = False
    footer: str | None = None
    header: str | None = None
    #: draw the items inside a form XObject placed this far (points) right and up
    form_offset: tuple[float, float] | None = None

    @property
    def size(self) -> tuple[float, float]:
        """Width and height as displayed."""
        return landscape(A4) if self.landscape else A4


def _cells(rows: list[list[str]]) -> list[tuple[int, int, int, int, str]]:
    """(row, column, row span, column span, text) of every cell of a merge description."""
    anchor: dict[tuple[int, int], tuple[int, int]] = {}
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text == "<":
                anchor[(r, c)] = anchor[(r, c - 1)]
            elif text == "^":
                anchor[(r, c)] = anchor[(r - 1, c)]
            else:
                anchor[(r, c)] = (r, c)
    cells = []
    for (r, c), (ar, ac) in anchor.items():
        if (r, c) == (ar, ac):
            slots = [k for k, v in anchor.items() if v == (r, c)]
            rows_span = max(k[0] for k in slots) - r + 1
            cols_span = max(k[1] for k in slots) - c + 1
            cells.append((r, c, rows_span, cols_span, rows[r][c]))
    return cells


class _Drawer:
    def __init__(self, canvas: Canvas, width: float, height: float) -> None:
        self.c = canvas
        self.width = width
        self.height = height
        self.y = TOP  # from the top of the page

    def text(self, item: Text) -> None:
        self.c.setFont(FONT, item.size)
        baseline = self.height - self.y - item.size
        for offset in (0, 0.4) if item.fake_bold else (0,):
            if item.centred:
                self.c.drawCentredString(self.width / 2 + offset, baseline, item.text)
            else:
                self.c.drawString(LEFT + item.indent + offset, baseline, item.text)
        if item.right:
            self.c.drawRightString(self.width - LEFT, baseline, item.right)
        self.y += item.height

    def table(self, item: Table) -> None:
        top = self.y
        rows = len(item.rows)
        heights = item.heights()
        ys = [top + sum(heights[:k]) for k in range(rows + 1)]

        grid = item.rules == "grid"

        def ruled(k: int) -> bool:
            return grid and (item.ruled_rows or k <= item.header_rows or k == rows)

        for r, c, rspan, cspan, text in _cells(item.rows):
            widths = item._widths(r)
            x0 = LEFT + sum(widths[:c])
            x1 = x0 + sum(widths[c:c + cspan])
            y0, y1 = ys[r], ys[r + rspan]
            self._box(x0, y0, x1, y1, top=ruled(r), bottom=ruled(r + rspan),
                      left=grid and (item.frame or c > 0),
                      right=grid and (item.frame or c + cspan < len(widths)))
            lines = item.cell_lines(r, c, cspan, text)
            self.c.setFont(FONT, item.size)
            first = (y0 + y1) / 2 - len(lines) * item.size * CELL_LINE / 2
            for k, line in enumerate(lines):
                baseline = self.height - (first + (k + 1) * item.size * CELL_LINE) + 2
                if (r < item.header_rows and item.header_align == "centre") or \
                        (_is_number(line) and item.amount_align == "centre"):
                    self.c.drawCentredString((x0 + x1) / 2, baseline, line)
                elif _is_number(line):
                    self.c.drawRightString(x1 - PADDING, baseline, line)
                else:
                    self.c.drawString(x0 + PADDING, baseline, line)
        right = LEFT + sum(item.widths)
        if item.rules == "horizontal":
            for y in {ys[0], ys[item.header_rows], ys[-1]}:
                self._box(LEFT, y, right, y, top=True, bottom=False, left=False, right=False)
        elif item.rules == "frame":
            self._box(LEFT, ys[0], right, ys[-1], top=True, bottom=True, left=True, right=True)
        self.y = ys[-1] + item.gap

    def _box(self, x0: float, y0: float, x1: float, y1: float, *, top: bool, bottom: bool,
             left: bool, right: bool) -> None:
        h = self.height
        self.c.setLineWidth(0.6)
        if left:
            self.c.line(x0, h - y0, x0, h - y1)
        if right:
            self.c.line(x1, h - y0, x1, h - y1)
        if top:
            self.c.line(x0, h - y0, x1, h - y0)
        if bottom:
            self.c.line(x0, h - y1, x1, h - y1)

    def image(self, item: Image) -> None:
        from PIL import Image as PILImage
        from reportlab.lib.utils import ImageReader

        picture = PILImage.new("L", (200, 250), 200)
        self.c.drawImage(ImageReader(picture), LEFT, self.height - self.y - item.height,
                         item.width, item.height)
        self.y += item.height


def _is_number(text: str) -> bool:
    return text.replace(",", "").replace(".", "").replace("-", "").isdigit()


def write_pdf(path: Path, pages: list[Page], password: str | None = None) -> Path:
    """Write ``pages`` to ``path`` (encrypted with a user ``password`` when given)."""
    encrypt = None
    if password is not None:
        from reportlab.lib.pdfencrypt import StandardEncryption
        encrypt = StandardEncryption(password, ownerPassword=password + "-owner")
    canvas = Canvas(str(path), pagesize=A4, encrypt=encrypt, invariant=True)
    for number, page in enumerate(pages, 1):
        width, height = page.size
        canvas.setPageSize((height, width) if page.sideways else (width, height))
        # reportlab keeps the rotation for the next pages
        canvas.setPageRotation(0 if page.sideways else page.rotate)
        if page.rotate:
            # reportlab turns the media box for /Rotate 90 and 270; the content is drawn
            # turned the other way, so that the page shows upright
            canvas.saveState()
            if page.rotate == 90:
                canvas.translate(height, 0)
                canvas.rotate(90)
            elif page.rotate == 270:
                canvas.translate(0, width)
                canvas.rotate(-90)
        drawer = _Drawer(canvas, width, height)
        if page.header:
            canvas.setFont(FONT, 9)
            canvas.drawCentredString(width / 2, height - 30, page.header)
        if page.form_offset:
            canvas.beginForm(f"page{number}")
        for item in page.items:
            if isinstance(item, Text):
                drawer.text(item)
            elif isinstance(item, Table):
                drawer.table(item)
            else:
                drawer.image(item)
        if page.form_offset:
            canvas.endForm()
            canvas.saveState()
            canvas.translate(*page.form_offset)
            canvas.doForm(f"page{number}")
            canvas.restoreState()
        if page.footer:
            canvas.setFont(FONT, 9)
            canvas.drawCentredString(width / 2, 30, page.footer)
        if page.rotate:
            canvas.restoreState()
        canvas.showPage()
    canvas.save()
    return path


def pdf_with_stream(content: bytes, font: bytes | None = None) -> bytes:
    """A one-page PDF whose content stream is ``content``, deflated, with ``font`` (a font
    dictionary) as its font /F1."""
    stream = zlib.compress(content, 9)
    resources = b"/Resources << /Font << /F1 5 0 R >> >> " if font else b""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R " +
               resources + b">>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream +
               b"\nendstream"] + ([font] if font else [])
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)
