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
from typing import Any

from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter

#: Excel's limit on a sheet name's length.
_SHEET_NAME = 31
#: The time of every zip entry (the earliest a zip can record): the file depends only on its data.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _cell(field: dict[str, Any], value: object) -> object:
    """A CSV value as the spreadsheet cell of its Table Schema type."""
    if value is None or value == "":
        return None
    kind = field["type"]
    if kind == "number":
        return Decimal(str(value))
    if kind in ("integer", "year"):
        return int(str(value))
    if kind == "boolean":
        return str(value) == "true"
    return str(value)


def _decimals(value: Decimal) -> str:
    places = max(0, -int(value.as_tuple().exponent))
    return "0." + "0" * places if places else "0"


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
            sheet.append([_cell(field, value) for field, value in zip(fields, row)])
        for cells in sheet.iter_rows(min_row=2):
            for cell in cells:
                if isinstance(cell.value, Decimal):
                    cell.number_format = _decimals(cell.value)
        sheet.freeze_panes = "A2"
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as written, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as fixed:
        for member in written.infolist():
            fixed.writestr(zipfile.ZipInfo(member.filename, _ZIP_TIME), written.read(member),
                           compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()
