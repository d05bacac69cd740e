"""Read stage: a file of any supported physical form → neutral blocks (:mod:`.blocks`).

Readers are chosen by a small registry that sniffs the file's bytes, never its name: a PDF
starts with ``%PDF-``; a zip archive holding ``word/document.xml`` is a Word document, one
holding ``xl/workbook.xml`` an Excel workbook; an OLE2 compound file holding a ``Workbook``
stream is an Excel 97-2003 workbook. Other zip archives and compound files (a Word .doc, an
encrypted document) are refused with a line saying what they are. A new physical form is
one more :class:`Reader` in :data:`READERS`.

Every reader works within the limits of :mod:`budgetld.limits`; what they read is checked
against them once more here, so no form escapes a limit.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..limits import Limits, current
from . import archive, compound
from .blocks import Block, Line, Paragraph, ReadDocument, ReadWarning, TableBlock, TableRow, provenance
from .cells import is_cell_lines, read_cells
from .decode import decode
from .pdftext import read_pdf_text
from .tabbed import read_tabbed

__all__ = [
    "READERS",
    "Block",
    "Line",
    "Paragraph",
    "ReadDocument",
    "ReadWarning",
    "Reader",
    "TableBlock",
    "TableRow",
    "read_file",
]

#: Share of non-blank lines holding a tab above which text counts as tab-separated.
_TABBED_SHARE = 0.05
#: Bytes one character takes at most in any encoding read (UTF-8, UTF-16, GB18030).
_MAX_BYTES_PER_CHAR = 4


@dataclass(frozen=True)
class Reader:
    """A physical form: ``sniff`` says whether the bytes are of this form, ``read`` reads them
    within the limits."""

    form: str
    sniff: Callable[[bytes], bool]
    read: Callable[[Path, bytes, Limits], ReadDocument]


def _check_text(path: Path, text: str, limits: Limits) -> None:
    """Refuse a text too long, or with a line too long, before any work on it."""
    if len(text) > limits.text_chars:
        raise limits.exceeded(path, "text_chars", "characters of text", len(text))
    for number, line in enumerate(text.split("\n"), 1):
        if len(line) > limits.line_chars:
            raise limits.exceeded(path, "line_chars", "characters in this line", len(line), number)


def _read_text(path: Path, data: bytes, limits: Limits) -> ReadDocument:
    if len(data) > _MAX_BYTES_PER_CHAR * limits.text_chars:  # refused before decoding it all
        raise limits.exceeded(path, "text_chars", "characters of text")
    decoded = decode(path, data)
    _check_text(path, decoded.text, limits)
    lines = [line for line in decoded.text.split("\n") if line.strip()]
    tabbed = sum("\t" in line for line in lines) > _TABBED_SHARE * len(lines)
    if tabbed:
        blocks, kept = read_tabbed(decoded.text)
        form = "tabbed-text"
    elif is_cell_lines(decoded.text):
        blocks, kept = read_cells(decoded.text)
        form = "pdf-cell-lines"
    else:
        blocks, kept = read_pdf_text(decoded.text)
        form = "pdf-text-layer"
    pages = max((line.page or 0 for line in kept), default=0) or None
    return ReadDocument(path, provenance(path, data, form, pages=pages, decoded=decoded),
                        blocks, kept)


def _on_demand(module: str, name: str) -> Callable[[Path, bytes, Limits], ReadDocument]:
    """The reader ``name`` of ``module``, imported when first used: the Word and Excel
    libraries take half a second to import, which a text disclosure need not wait for."""
    def read(path: Path, data: bytes, limits: Limits) -> ReadDocument:
        reader: Callable[[Path, bytes, Limits], ReadDocument] = \
            getattr(importlib.import_module(module, __name__), name)
        return reader(path, data, limits)
    return read


def is_pdf(data: bytes) -> bool:
    """A PDF starts with ``%PDF-`` (a few producers put some bytes before it)."""
    return b"%PDF-" in data[:1024]


def _read_pdf(path: Path, data: bytes, limits: Limits) -> ReadDocument:
    from .pdf import read_pdf  # pdfium and the PDF table reader: only for a PDF

    read = read_pdf(path, data, limits)
    return ReadDocument(path, provenance(path, data, "pdf", pages=read.pages), read.blocks,
                        read.lines, read.warnings)


READERS: list[Reader] = [
    Reader("PDF", is_pdf, _read_pdf),
    Reader("Word (.docx)", archive.holds("word/document.xml"), _on_demand(".docx", "read_docx")),
    Reader("Excel (.xlsx)", archive.holds("xl/workbook.xml"), _on_demand(".xlsx", "read_xlsx")),
    Reader("other zip archive", archive.is_zip, lambda path, data, _: archive.refuse(path, data)),
    Reader("Excel 97-2003 (.xls)", compound.holds_workbook, _on_demand(".xls", "read_xls")),
    Reader("other OLE2 compound file", compound.is_compound,
           lambda path, data, _: compound.refuse(path, data)),
    Reader("text", lambda data: True, _read_text),
]


def _check_document(document: ReadDocument, limits: Limits) -> None:
    """Refuse what a reader read beyond the limits on text, lines, table rows and cells."""
    path = document.path
    chars = 0
    for line in document.lines:
        chars += len(line.text)
        if chars > limits.text_chars:
            raise limits.exceeded(path, "text_chars", f"{_page(line)}characters of text up to "
                                                      "this line", line=line.number)
        if (longest := max(map(len, line.text.split("\t")))) > limits.line_chars:
            raise limits.exceeded(path, "line_chars", f"{_page(line)}characters in this line "
                                                      "or cell", longest, line.number)
    rows = cells = 0
    for block in document.blocks:
        if not isinstance(block, TableBlock):
            continue
        for row in block.rows:
            rows += 1
            cells += len(row.cells)
            if rows > limits.table_rows:
                raise limits.exceeded(path, "table_rows", f"{_page(row.line)}table rows up "
                                                          "to this line", line=row.line.number)
            if cells > limits.table_cells:
                raise limits.exceeded(path, "table_cells", f"{_page(row.line)}table cells up "
                                                           "to this line", line=row.line.number)


def _page(line: Line) -> str:
    """Where a line is, beside its number: its sheet or page, if the form has them."""
    if line.sheet:
        return f"sheet {line.sheet}: "
    return f"page {line.page}: " if line.page else ""


def read_file(path: Path | str, limits: Limits | None = None) -> ReadDocument:
    """Read ``path`` with the first reader whose sniff accepts it, within ``limits``
    (default: those in force, :func:`budgetld.limits.current`)."""
    path = Path(path)
    limits = limits or current()
    try:
        size = path.stat().st_size
        if size > limits.input_bytes and path.is_file():
            raise limits.exceeded(path, "input_bytes", "bytes in the file", size)
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, "is a directory, not a file") from None
    except OSError as err:
        raise InputError(path, f"cannot read: {err.strerror}") from None
    for reader in READERS:
        if reader.sniff(data):
            document = reader.read(path, data, limits)
            _check_document(document, limits)
            return document
    raise InputError(path, "unrecognised file type")  # unreachable: text accepts all
