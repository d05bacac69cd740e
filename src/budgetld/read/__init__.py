"""Read stage: a file of any supported physical form → neutral blocks (:mod:`.blocks`).

Readers are chosen by a small registry that sniffs the file's bytes, never its name: a PDF
starts with ``%PDF-``; a zip archive holding ``word/document.xml`` is a Word document, one
holding ``xl/workbook.xml`` an Excel workbook; an OLE2 compound file holding a ``Workbook``
stream is an Excel 97-2003 workbook. Other zip archives and compound files (a Word .doc, an
encrypted document) are refused with a line saying what they are. A new physical form is
one more :class:`Reader` in :data:`READERS`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
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


@dataclass(frozen=True)
class Reader:
    """A physical form: ``sniff`` says whether the bytes are of this form, ``read`` reads them."""

    form: str
    sniff: Callable[[bytes], bool]
    read: Callable[[Path, bytes], ReadDocument]


def _read_text(path: Path, data: bytes) -> ReadDocument:
    decoded = decode(path, data)
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


def _on_demand(module: str, name: str) -> Callable[[Path, bytes], ReadDocument]:
    """The reader ``name`` of ``module``, imported when first used: the Word and Excel
    libraries take half a second to import, which a text disclosure need not wait for."""
    def read(path: Path, data: bytes) -> ReadDocument:
        reader: Callable[[Path, bytes], ReadDocument] = \
            getattr(importlib.import_module(module, __name__), name)
        return reader(path, data)
    return read


def is_pdf(data: bytes) -> bool:
    """A PDF starts with ``%PDF-`` (a few producers put some bytes before it)."""
    return b"%PDF-" in data[:1024]


def _read_pdf(path: Path, data: bytes) -> ReadDocument:
    from .pdf import read_pdf  # pdfium and the PDF table reader: only for a PDF

    read = read_pdf(path, data)
    return ReadDocument(path, provenance(path, data, "pdf", pages=read.pages), read.blocks,
                        read.lines, read.warnings)


READERS: list[Reader] = [
    Reader("PDF", is_pdf, _read_pdf),
    Reader("Word (.docx)", archive.holds("word/document.xml"), _on_demand(".docx", "read_docx")),
    Reader("Excel (.xlsx)", archive.holds("xl/workbook.xml"), _on_demand(".xlsx", "read_xlsx")),
    Reader("other zip archive", archive.is_zip, archive.refuse),
    Reader("Excel 97-2003 (.xls)", compound.holds_workbook, _on_demand(".xls", "read_xls")),
    Reader("other OLE2 compound file", compound.is_compound, compound.refuse),
    Reader("text", lambda data: True, _read_text),
]


def read_file(path: Path | str) -> ReadDocument:
    """Read ``path`` with the first reader whose sniff accepts it."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, "is a directory, not a file") from None
    except OSError as err:
        raise InputError(path, f"cannot read: {err.strerror}") from None
    for reader in READERS:
        if reader.sniff(data):
            return reader.read(path, data)
    raise InputError(path, "unrecognised file type")  # unreachable: text accepts all
