"""Draw test PDFs with reportlab from a simple description of pages, text and ruled tables.

A table is a list of rows of cell texts: ``"<"`` merges the slot into the cell on its left,
``"^"`` into the cell above; ``"\\n"`` breaks a cell's text over lines. Text is drawn with
reportlab's built-in CJK font STSong-Light, whose text layer pdfium reads back as Unicode.

    page = Page([Text("收支预算总表", size=16, centred=True),
                 Table([["项目", "本年支出", "<"], ["^", "基本支出", "项目支出"],
                        ["合计", "300.00", "200.00"]], widths=[120, 80, 80])],
                footer="- 1 -")
    write_pdf(tmp_path / "x.pdf", [page])
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

LEFT = 60.0
TOP = 70.0


@dataclass
class Text:
    """A line of text; ``centred`` on the page, else at the left margin (plus ``indent``)."""

    text: str
    size: float = 11
    centred: bool = False
    indent: float = 0
    gap: float = 8  #: space below the line
    fake_bold: bool = False  #: drawn twice, a little off, as some producers embolden text


@dataclass
class Table:
    """A ruled table. ``ruled_rows=False`` leaves out the horizontal rulings between body
    rows (after ``header_rows``); ``header_widths`` draws the header rows' column borders
    at other x positions than the body's (as Word lets a table do)."""

    rows: list[list[str]]
    widths: list[float]
    row_height: float = 20
    size: float = 9
    ruled_rows: bool = True
    header_rows: int = 1
    header_widths: list[float] | None = None
    gap: float = 10


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
    footer: str | None = None
    header: str | None = None
    #: draw the items inside a form XObject placed this far (points) right and up
    form_offset: tuple[float, float] | None = None


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
        self.y += item.size * 1.3 + item.gap

    def table(self, item: Table) -> None:
        top = self.y
        rows = len(item.rows)
        ys = [top + k * item.row_height for k in range(rows + 1)]
        def ruled(k: int) -> bool:
            return item.ruled_rows or k <= item.header_rows or k == rows

        for r, c, rspan, cspan, text in _cells(item.rows):
            widths = item.header_widths if item.header_widths and r < item.header_rows \
                else item.widths
            x0 = LEFT + sum(widths[:c])
            x1 = x0 + sum(widths[c:c + cspan])
            y0, y1 = ys[r], ys[r + rspan]
            self._box(x0, y0, x1, y1, top=ruled(r), bottom=ruled(r + rspan))
            lines = text.split("\n") if text else []
            self.c.setFont(FONT, item.size)
            first = (y0 + y1) / 2 - len(lines) * item.size * 1.2 / 2
            for k, line in enumerate(lines):
                baseline = self.height - (first + (k + 1) * item.size * 1.2) + 2
                if _is_number(line):
                    self.c.drawRightString(x1 - 3, baseline, line)
                else:
                    self.c.drawString(x0 + 3, baseline, line)
        self.y = ys[-1] + item.gap

    def _box(self, x0: float, y0: float, x1: float, y1: float, top: bool, bottom: bool) -> None:
        h = self.height
        self.c.setLineWidth(0.6)
        self.c.line(x0, h - y0, x0, h - y1)
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
        width, height = landscape(A4) if page.landscape else A4  # as displayed
        canvas.setPageSize((width, height))
        if page.rotate:
            # reportlab turns the media box for /Rotate 90 and 270; the content is drawn
            # turned the other way, so that the page shows upright
            canvas.setPageRotation(page.rotate)
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
