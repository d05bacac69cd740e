"""Opening a PDF within limits, so that a damaged file or a PDF bomb costs bounded time and
memory and ends in one line naming the file.

pdfium inflates a page's content when it loads the page and keeps every object of it in
memory: a few kilobytes that inflate to gigabytes of drawing operators would take minutes and
gigabytes. So before pdfium sees the file, every compressed stream that could inflate beyond
the ``pdf_stream_bytes`` limit is inflated just far enough to know (images excepted: pdfium
decodes them only to draw them, which the reader never does). Page counts are limited too;
the limits are those of :mod:`budgetld.limits`.
"""

from __future__ import annotations

import re
import zlib
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..errors import InputError
from ..limits import Limits

#: The end-of-file marker must stand within this many bytes of the end.
_EOF_WINDOW = 2048

_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_DICT_WINDOW = 4096


def _stream_dict(data: bytes, start: int) -> bytes:
    """The dictionary text in front of the ``stream`` keyword at ``start``."""
    head = data[max(0, start - _DICT_WINDOW):start]
    begin = head.rfind(b" obj")
    return head[begin:] if begin >= 0 else head


def check_streams(path: Path, data: bytes, limits: Limits) -> None:
    """Refuse a file whose compressed streams inflate beyond the limits."""
    view = memoryview(data)
    total = 0
    for match in _STREAM.finditer(data):
        dictionary = _stream_dict(data, match.start())
        if b"/FlateDecode" not in dictionary or re.search(rb"/Subtype\s*/Image", dictionary):
            continue
        try:
            size = len(zlib.decompressobj().decompress(view[match.end():],
                                                       limits.pdf_stream_bytes + 1))
        except zlib.error:
            continue  # not inflatable here (encrypted, damaged): pdfium judges it
        if size > limits.pdf_stream_bytes:
            raise limits.exceeded(path, "pdf_stream_bytes", "bytes a compressed stream "
                                  "inflates to (a PDF bomb?)")
        total += size
        if total > limits.pdf_inflated_bytes:
            raise limits.exceeded(path, "pdf_inflated_bytes", "bytes all compressed streams "
                                  "inflate to (a PDF bomb?)")


def open_pdf(path: Path, data: bytes, limits: Limits) -> pdfium.PdfDocument:
    """The PDF in ``data`` opened with pdfium, or :class:`InputError` saying why it cannot be."""
    if b"%%EOF" not in data[-_EOF_WINDOW:]:
        raise InputError(path, "truncated PDF: it does not end with %%EOF")
    check_streams(path, data, limits)
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        code = getattr(err, "err_code", None)
        if code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise InputError(path, "encrypted PDF: it needs a password to be opened") from None
        raise InputError(path, "damaged PDF: pdfium cannot open it") from None
    pages = len(document)
    if pages == 0 or pages > limits.pages:
        document.close()
        raise InputError(path, "PDF without pages") if pages == 0 else \
            limits.exceeded(path, "pages", "PDF pages", pages)
    return document
