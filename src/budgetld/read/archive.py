"""Zip containers (Word .docx and Excel .xlsx), opened only after checks that keep a broken
or hostile archive from costing unbounded time or memory.

The libraries that read these formats decompress members on demand and trust the archive.
Before handing it over, the declared sizes and compression ratios are checked against the
limits (:mod:`budgetld.limits`), then every member is decompressed once as a stream: zipfile stops at the
declared size and checks the CRC, so a member whose actual size differs from its header, or
a truncated or corrupt one, fails there. A zip bomb, a lying header or a damaged member is
thus refused with one clear line instead of failing somewhere inside a library.

The same pass refuses an XML part with a document type declaration: Office Open XML forbids
them (ISO/IEC 29500-2, the package format), and their entities are how an XML bomb ("billion
laughs") or an external entity reaches a parser. The parsers of python-docx (lxml) and openpyxl
(expat) have limits of their own; this check does not depend on their versions.
"""

from __future__ import annotations

import io
import lzma
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

from ..errors import InputError
from ..limits import Limits

#: Members smaller than this are not held to the ratio (a tiny part may compress very well).
RATIO_FLOOR = 2**20
_CHUNK = 2**16
_DOCTYPE = b"<!DOCTYPE"
_ZIP_MAGIC = b"PK\x03\x04"


def is_zip(data: bytes) -> bool:
    return data.startswith(_ZIP_MAGIC)


def _names(data: bytes) -> set[str]:
    """Member names listed in the archive's central directory, or none if it is unreadable."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, EOFError, NotImplementedError):
        return set()


def holds(member: str) -> Callable[[bytes], bool]:
    """Sniffer: the bytes are a readable zip archive that lists ``member``."""
    return lambda data: is_zip(data) and member in _names(data)


def _check(path: Path, archive: zipfile.ZipFile, form: str, limits: Limits) -> None:
    infos = archive.infolist()
    if len(infos) > limits.archive_members:
        raise limits.exceeded(path, "archive_members", f"{form}: archive members", len(infos))
    declared = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise InputError(path, f"{form}: encrypted archive member {info.filename}")
        declared += info.file_size
        ratio = info.file_size // max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR and ratio > limits.archive_ratio:
            raise limits.exceeded(path, "archive_ratio", f"{form}: archive member "
                                  f"{info.filename} expands {ratio} times, a zip bomb")
    if declared > limits.archive_bytes:
        raise limits.exceeded(path, "archive_bytes", f"{form}: bytes the archive expands to, a "
                                                     "zip bomb", declared)
    for info in infos:  # zipfile stops at the declared size and checks the CRC at the end
        tail = b""
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                if _DOCTYPE in tail + chunk[:len(_DOCTYPE)] or _DOCTYPE in chunk:
                    raise InputError(path, f"{form}: archive member {info.filename} declares a "
                                           "document type (XML entities): refused, as Office "
                                           "documents never do")
                tail = chunk[-len(_DOCTYPE):]


def check(path: Path, data: bytes, form: str, limits: Limits) -> None:
    """Raise :class:`InputError` unless the archive's sizes, ratios and checksums pass."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check(path, archive, form, limits)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, lzma.LZMAError, EOFError,
            ValueError, OSError, NotImplementedError) as err:
        raise InputError(path, f"{form}: damaged zip archive ({err})") from None


#: Archives of other office formats, by a member that marks them, and what to do instead.
_OTHER_FORMATS = {
    "xl/workbook.bin": "Excel binary workbooks (.xlsb) are not supported: save it as .xlsx",
    "content.xml": "OpenDocument files (.odt, .ods) are not supported: save it as .docx or .xlsx",
}


def refuse(path: Path, data: bytes) -> NoReturn:
    """A zip archive that is not a readable Word or Excel document: say which it is."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, EOFError, NotImplementedError) as err:
        raise InputError(path, f"damaged zip archive, truncated or corrupt ({err}); a Word "
                               ".docx or Excel .xlsx file must be a whole zip archive") from None
    for member, reason in _OTHER_FORMATS.items():
        if member in names:
            raise InputError(path, reason)
    raise InputError(path, "zip archive that is neither a Word (.docx) nor an Excel (.xlsx) "
                           "document")
