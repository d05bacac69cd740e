"""OLE2 compound files: Office 97-2003 documents and encrypted Office Open XML.

The magic number says only "compound file"; the streams inside say what it is: ``Workbook``
(or ``Book``, Excel 5/95) is an Excel .xls workbook, ``WordDocument`` a Word .doc, and
``EncryptedPackage`` a password-protected .docx or .xlsx.
"""

from __future__ import annotations

import io
import struct
from pathlib import Path
from typing import NoReturn

from ..errors import InputError

_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
WORKBOOK_STREAMS = ("Workbook", "Book")
_HEADER = 512
#: Offset of the header field giving the sector size as a power of two.
_SECTOR_SHIFT = 30


def is_compound(data: bytes) -> bool:
    return data.startswith(_MAGIC)


def streams(data: bytes) -> set[str] | None:
    """Names of the top-level streams, or ``None`` when the directory cannot be read."""
    import olefile  # here: every other form is read without it

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            return {entry[0] for entry in ole.listdir(streams=True, storages=False)}
    except (OSError, ValueError, IndexError, KeyError, EOFError, struct.error, RecursionError):
        return None  # olefile's errors on a damaged file are of these kinds (a directory
        # whose entries point at each other recurses without end)


def holds_workbook(data: bytes) -> bool:
    """Sniffer: an OLE2 file with an Excel workbook stream."""
    if not is_compound(data):
        return False
    found = streams(data)
    return found is not None and any(name in found for name in WORKBOOK_STREAMS)


def _truncated(data: bytes) -> bool:
    """A compound file is a 512-byte header and whole sectors (of the size the header says)."""
    if len(data) < _HEADER:
        return True
    shift: int = struct.unpack_from("<H", data, _SECTOR_SHIFT)[0]
    return shift < 16 and (len(data) - _HEADER) % (1 << shift) != 0


def refuse(path: Path, data: bytes) -> NoReturn:
    """An OLE2 file that is not a readable .xls workbook: say what it is."""
    if _truncated(data):
        raise InputError(path, "truncated Office 97-2003 (OLE2) file: it ends inside a sector")
    found = streams(data)
    if found is None:
        raise InputError(path, "damaged Office 97-2003 (OLE2) file, truncated or corrupt: "
                               "its directory cannot be read")
    if "EncryptedPackage" in found:
        raise InputError(path, "encrypted (password-protected) Office document: save it "
                               "without a password and try again")
    if "WordDocument" in found:
        raise InputError(path, "Word 97-2003 (.doc) files are not supported: save the "
                               "document as .docx")
    raise InputError(path, "Office 97-2003 (OLE2) file that is not an Excel workbook (.xls)")
