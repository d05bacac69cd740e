"""Reader for Excel 97-2003 workbooks (.xls), with xlrd.

``formatting_info=True`` gives the merged ranges and each cell's number format, so numbers
are rendered as the sheet shows them (:mod:`.numfmt`); a formula reads as the value saved
with it. Visible sheets only: a hidden sheet is not published. xlrd's diagnostics go to a
buffer, never to standard output; whatever it raises on a damaged file is reported as one
line.
"""

from __future__ import annotations

import io
from pathlib import Path

import xlrd
from xlrd.xldate import XLDateError, xldate_as_datetime

from ..errors import InputError
from .blocks import Block, Line, ReadDocument, provenance
from .decode import Normaliser
from .grid import Merge, sheet_blocks
from .numfmt import render

FORM = "Excel 97-2003 (.xls)"


def _text(book: xlrd.book.Book, sheet: xlrd.sheet.Sheet, r: int, c: int,
          normalise: Normaliser) -> str:
    cell = sheet.cell(r, c)
    kind, value = cell.ctype, cell.value
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    if kind == xlrd.XL_CELL_TEXT:
        return normalise(str(value))
    if kind == xlrd.XL_CELL_BOOLEAN:
        return "TRUE" if value else "FALSE"
    if kind == xlrd.XL_CELL_ERROR:
        return str(xlrd.error_text_from_code.get(value, "#ERROR"))
    number_format = book.format_map.get(book.xf_list[cell.xf_index].format_key)
    if kind == xlrd.XL_CELL_DATE:
        try:
            moment = xldate_as_datetime(value, book.datemode)
        except (XLDateError, OverflowError, ValueError):
            return render(value, None)
        return str(moment.date().isoformat() if moment.time().isoformat() == "00:00:00"
                   else moment.isoformat(" "))
    return render(value, number_format.format_str if number_format else None)


def _sheets(data: bytes, normalise: Normaliser
            ) -> tuple[list[tuple[str, int, list[list[str]], list[Merge]]], int]:
    """Name, position, cell texts and merged ranges of each visible sheet; the number of
    sheets."""
    book = xlrd.open_workbook(file_contents=data, formatting_info=True, ragged_rows=True,
                              logfile=io.StringIO())
    sheets = []
    for position, sheet in enumerate(book.sheets(), 1):
        if sheet.visibility:
            continue
        rows = [[_text(book, sheet, r, c, normalise) for c in range(sheet.row_len(r))]
                for r in range(sheet.nrows)]
        merges = [Merge(r0, r1 - 1, c0, c1 - 1) for r0, r1, c0, c1 in sheet.merged_cells]
        sheets.append((sheet.name, position, rows, merges))
    return sheets, book.nsheets


def read_xls(path: Path, data: bytes) -> ReadDocument:
    normalise = Normaliser()
    try:
        sheets, count = _sheets(data, normalise)
    except Exception as err:  # noqa: BLE001 - xlrd fails on damaged input in many ways, none of them ours
        if "encrypt" in str(err).lower():
            raise InputError(path, "encrypted (password-protected) Excel workbook: save it "
                                   "without a password and try again") from None
        raise InputError(path, f"{FORM}: damaged or truncated workbook "
                               f"({type(err).__name__}: {err})") from None
    blocks: list[Block] = []
    lines: list[Line] = []
    for sheet in sheets:
        found, kept = sheet_blocks(*sheet)
        blocks += found
        lines += kept
    if not lines:
        raise InputError(path, f"{FORM}: no text in any visible sheet")
    source = provenance(path, data, "xls", pages=count, normalised=normalise.applied)
    return ReadDocument(path, source, tuple(blocks), tuple(lines))
