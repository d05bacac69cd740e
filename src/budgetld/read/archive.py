"""Zip containers (Word .docx and Excel .xlsx), opened only after checks that keep a broken
or hostile archive from costing unbounded time or memory.

The libraries that read these formats decompress members on demand and trust the archive.
Before handing it over, the declared sizes and compression ratios are checked against the
limits below, then every member is decompressed once as a stream: zipfile stops at the
declared size and checks the CRC, so a member whose actual size differs from its header, or
a truncated or corrupt one, fails there. A zip bomb, a lying header or a damaged member is
thus refused with one clear line instead of failing somewhere inside a library.
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

#: Members an archive may hold (a document has a few dozen).
MAX_MEMBERS = 10_000
#: Total uncompressed bytes of all members.
MAX_UNCOMPRESSED_BYTES = 128 * 2**20
#: Uncompressed / compressed size above which a member counts as a zip bomb; XML of real
#: documents compresses 5 to 50 times, a bomb about 1000 times.
MAX_RATIO = 200
#: Members smaller than this are not held to the ratio (a tiny part may compress very well).
RATIO_FLOOR = 2**20
_CHUNK = 2**16
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


def _check(path: Path, archive: zipfile.ZipFile, form: str) -> None:
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise InputError(path, f"{form}: {len(infos)} archive members, more than the limit of "
                               f"{MAX_MEMBERS}")
    declared = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise InputError(path, f"{form}: encrypted archive member {info.filename}")
        declared += info.file_size
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise InputError(path, f"{form}: archive member {info.filename} expands "
                                   f"{info.file_size // max(info.compress_size, 1)} times "
                                   f"(limit {MAX_RATIO}): refused as a zip bomb")
    if declared > MAX_UNCOMPRESSED_BYTES:
        raise InputError(path, f"{form}: archive expands to {declared} bytes, more than the "
                               f"limit of {MAX_UNCOMPRESSED_BYTES}: refused as a zip bomb")
    for info in infos:  # zipfile stops at the declared size and checks the CRC at the end
        with archive.open(info) as stream:
            while stream.read(_CHUNK):
                pass


def check(path: Path, data: bytes, form: str) -> None:
    """Raise :class:`InputError` unless the archive's sizes, ratios and checksums pass."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check(path, archive, form)
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
