"""Read stage: a file of any supported physical form → neutral blocks (:mod:`.blocks`).

Readers are chosen by a small registry that sniffs the file's bytes (never the file name);
a new physical form (Word, Excel) is one more :class:`Reader` in :data:`READERS`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..model import SourceFile
from .blocks import Block, Line, Paragraph, ReadDocument, ReadWarning, TableBlock, TableRow
from .decode import DecodedText, decode
from .pdf import is_pdf, read_pdf
from .pdftext import read_pdf_text
from .tabbed import read_tabbed

__all__ = ["Block", "Line", "Paragraph", "READERS", "ReadDocument", "ReadWarning", "Reader",
           "TableBlock", "TableRow", "read_file"]

#: Share of non-blank lines holding a tab above which text counts as tab-separated.
_TABBED_SHARE = 0.05


@dataclass(frozen=True)
class Reader:
    """A physical form: ``sniff`` says whether the bytes are of this form, ``read`` reads them."""

    form: str
    sniff: Callable[[bytes], bool]
    read: Callable[[Path, bytes], ReadDocument]


def _provenance(path: Path, data: bytes, form: str, decoded: DecodedText | None = None,
                pages: int | None = None) -> SourceFile:
    return SourceFile(
        name=path.name, sha256=hashlib.sha256(data).hexdigest(), size=len(data), form=form,
        encoding=decoded.encoding if decoded else None,
        encoding_evidence=decoded.evidence if decoded else None,
        newline=decoded.newline if decoded else None,
        normalised=list(decoded.normalised) if decoded else [], pages=pages)


def _read_text(path: Path, data: bytes) -> ReadDocument:
    decoded = decode(path, data)
    lines = [line for line in decoded.text.split("\n") if line.strip()]
    tabbed = sum("\t" in line for line in lines) > _TABBED_SHARE * len(lines)
    if tabbed:
        blocks, kept = read_tabbed(decoded.text)
        form = "tabbed-text"
    else:
        blocks, kept = read_pdf_text(decoded.text)
        form = "pdf-text-layer"
    pages = max((line.page or 0 for line in kept), default=0) or None
    return ReadDocument(path, _provenance(path, data, form, decoded, pages), blocks, kept)


def _read_pdf(path: Path, data: bytes) -> ReadDocument:
    read = read_pdf(path, data)
    return ReadDocument(path, _provenance(path, data, "pdf", pages=read.pages), read.blocks,
                        read.lines, read.warnings)


def _unsupported(form: str) -> Callable[[Path, bytes], ReadDocument]:
    def read(path: Path, data: bytes) -> ReadDocument:
        raise InputError(path, f"{form} files are not supported yet; "
                               "give the document as text (tab-separated or a PDF text layer)")
    return read


def _is_zip_with(member: bytes) -> Callable[[bytes], bool]:
    return lambda data: data.startswith(b"PK\x03\x04") and member in data[:65536]


READERS: list[Reader] = [
    Reader("PDF", is_pdf, _read_pdf),
    Reader("Word (.docx)", _is_zip_with(b"word/"), _unsupported("Word (.docx)")),
    Reader("Excel (.xlsx)", _is_zip_with(b"xl/"), _unsupported("Excel (.xlsx)")),
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
