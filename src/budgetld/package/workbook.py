"""The Excel copy of a data package (``disclosure.xlsx``): one sheet per CSV, for people who
open the data in a spreadsheet.

A CSV opened by double-click in a spreadsheet is read in the local code page (Chinese comes
out garbled) and its codes become numbers; in the workbook, text is text (a code such as
``2080501`` stays as published), amounts are numbers shown with their published decimals,
and the header row stays in view. The file is the same for the same data: fixed document
dates and zip entry times.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

if TYPE_CHECKING:
    from _typeshed import SizedBuffer, StrPath

#: Excel's limit on a sheet name's length.
_SHEET_NAME = 31
#: The time of every zip entry (the earliest a zip can record): the file depends only on its data.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _cell(sheet: Worksheet, field: dict[str, Any], value: object) -> object:
    """A CSV value as the spreadsheet cell of its Table Schema type: an amount is a number
    shown with the decimals it was published with."""
    if value is None or value == "":
        return None
    kind = field["type"]
    if kind == "number":
        text = str(value)
        cell = Cell(sheet, value=Decimal(text))
        places = len(text) - text.index(".") - 1 if "." in text else 0
        cell.number_format = "0." + "0" * places if places else "0"
        return cell
    if kind in ("integer", "year"):
        return int(str(value))
    if kind == "boolean":
        return str(value) == "true"
    return str(value)


class _FixedTimes(zipfile.ZipFile):
    """A zip archive whose entries all carry :data:`_ZIP_TIME` and are deflated, whatever the
    writer (openpyxl) asks for, so that the file depends only on its data."""

    def writestr(self, zinfo_or_arcname: str | zipfile.ZipInfo, data: SizedBuffer | str,
                 compress_type: int | None = None, compresslevel: int | None = None) -> None:
        name = zinfo_or_arcname.filename if isinstance(zinfo_or_arcname, zipfile.ZipInfo) \
            else zinfo_or_arcname
        super().writestr(zipfile.ZipInfo(name, _ZIP_TIME), data, compress_type=zipfile.ZIP_DEFLATED)

    def write(self, filename: StrPath, arcname: StrPath | None = None,
              compress_type: int | None = None, compresslevel: int | None = None) -> None:
        self.writestr(str(arcname if arcname is not None else filename), Path(filename).read_bytes())


def _sheet_names(names: Sequence[str]) -> list[str]:
    """Names Excel accepts: at most 31 characters, unique regardless of case."""
    out: list[str] = []
    for name in names:
        candidate, n = name[:_SHEET_NAME], 1
        while candidate.lower() in {o.lower() for o in out}:
            n += 1
            candidate = f"{name[:_SHEET_NAME - len(str(n)) - 1]}~{n}"
        out.append(candidate)
    return out


def workbook(sheets: Sequence[tuple[str, list[dict[str, Any]], Sequence[Sequence[object]]]],
             created: datetime) -> bytes:
    """An .xlsx of ``sheets`` — (name, Table Schema fields, rows as in the CSV) — dated
    ``created``."""
    book = Workbook()
    book.remove(book.active)
    book.properties.creator = "budgetld"
    book.properties.created = book.properties.modified = created
    for name, (_, fields, rows) in zip(_sheet_names([s[0] for s in sheets]), sheets):
        sheet = book.create_sheet(name)
        sheet.append([field["name"] for field in fields])
        for row in rows:
            sheet.append([_cell(sheet, field, value) for field, value in zip(fields, row)])
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    with _FixedTimes(out, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()
    return out.getvalue()
