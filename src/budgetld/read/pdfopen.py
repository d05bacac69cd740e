"""Opening a PDF within limits, so that a damaged file or a PDF bomb costs bounded time and
memory and ends in one line naming the file.

pdfium inflates a page's content when it loads the page and keeps every object of it in
memory: a few kilobytes that inflate to gigabytes of drawing operators would take minutes and
gigabytes. So before pdfium sees the file, every compressed stream that could inflate beyond
:data:`MAX_STREAM_BYTES` is inflated just far enough to know (images excepted: pdfium decodes
them only to draw them, which the reader never does). Page counts and per-page object and
character counts are limited too.
"""

from __future__ import annotations

import re
import zlib
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..errors import InputError

#: Pages a disclosure may have. The longest published ones (a department with hundreds of
#: project performance forms) stay well below.
MAX_PAGES = 2000
#: Bytes one compressed stream other than an image may inflate to. Content streams of dense
#: table pages take well under a megabyte; fully embedded CJK fonts take up to about 20 MB.
MAX_STREAM_BYTES = 32 << 20
#: Bytes all compressed streams other than images may inflate to together.
MAX_INFLATED_BYTES = 512 << 20
#: Characters one page may hold (a dense table page holds a few thousand).
MAX_PAGE_CHARS = 100_000
#: Page objects (text runs, paths, images, nested forms) one page may hold.
MAX_PAGE_OBJECTS = 100_000
#: The end-of-file marker must stand within this many bytes of the end.
_EOF_WINDOW = 2048

_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_DICT_WINDOW = 4096


def _stream_dict(data: bytes, start: int) -> bytes:
    """The dictionary text in front of the ``stream`` keyword at ``start``."""
    head = data[max(0, start - _DICT_WINDOW):start]
    begin = head.rfind(b" obj")
    return head[begin:] if begin >= 0 else head


def check_streams(path: Path, data: bytes) -> None:
    """Refuse a file whose compressed streams inflate beyond the limits."""
    view = memoryview(data)
    total = 0
    for match in _STREAM.finditer(data):
        dictionary = _stream_dict(data, match.start())
        if b"/FlateDecode" not in dictionary or re.search(rb"/Subtype\s*/Image", dictionary):
            continue
        try:
            size = len(zlib.decompressobj().decompress(view[match.end():], MAX_STREAM_BYTES + 1))
        except zlib.error:
            continue  # not inflatable here (encrypted, damaged): pdfium judges it
        if size > MAX_STREAM_BYTES:
            raise InputError(path, f"a compressed stream inflates to more than "
                                   f"{MAX_STREAM_BYTES >> 20} MB (a PDF bomb?)")
        total += size
        if total > MAX_INFLATED_BYTES:
            raise InputError(path, f"compressed streams inflate to more than "
                                   f"{MAX_INFLATED_BYTES >> 20} MB in all (a PDF bomb?)")


def open_pdf(path: Path, data: bytes) -> pdfium.PdfDocument:
    """The PDF in ``data`` opened with pdfium, or :class:`InputError` saying why it cannot be."""
    if b"%%EOF" not in data[-_EOF_WINDOW:]:
        raise InputError(path, "truncated PDF: it does not end with %%EOF")
    check_streams(path, data)
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        code = getattr(err, "err_code", None)
        if code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise InputError(path, "encrypted PDF: it needs a password to be opened") from None
        raise InputError(path, "damaged PDF: pdfium cannot open it") from None
    pages = len(document)
    if pages == 0 or pages > MAX_PAGES:
        document.close()
        raise InputError(path, "PDF without pages" if pages == 0 else
                         f"{pages} pages, more than the {MAX_PAGES} a disclosure may have "
                         "(a PDF bomb?)")
    return document
