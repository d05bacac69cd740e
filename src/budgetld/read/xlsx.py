"""Reader for Excel workbooks (.xlsx), with openpyxl.

Cells are streamed in openpyxl's read-only mode with ``data_only=True``: a formula reads as
the value the spreadsheet last computed and saved with it; a formula saved without a value
reads as its text (``=SUM(C5:C9)``), so the parser reports the cell instead of taking it for
blank. Numbers are rendered as the sheet shows them, by their number format (:mod:`.numfmt`).
Read-only mode does not give the merged ranges, which tell a title spanning the table from a
row label; they are read in one streaming pass over each sheet's XML. Visible sheets only: a
hidden sheet is not published.
"""

from __future__ import annotations

import io
import posixpath
import warnings
import zipfile
from datetime import date, datetime, time
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
from openpyxl.utils.cell import coordinate_to_tuple, range_boundaries

from ..errors import InputError
from . import archive
from .blocks import Block, Line, ReadDocument, provenance
from .decode import Normaliser
from .grid import Merge, sheet_blocks
from .numfmt import render

FORM = "Excel (.xlsx)"
_WORKBOOK = "xl/workbook.xml"
_RELS = "xl/_rels/workbook.xml.rels"

Raw = tuple[object, str | None]  #: a cell's value and its number format
#: A visible sheet read: name, position in the workbook, raw cells by row, merged ranges.
RawSheet = tuple[str, int, list[list[Raw]], list[Merge]]


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → the archive member holding its XML (from the workbook's relationships)."""
    targets = {}
    with zf.open(_RELS) as stream:
        for element in ElementTree.parse(stream).iter():
            if _local(element.tag) == "Relationship":
                target = element.get("Target", "")
                targets[element.get("Id")] = target.lstrip("/") if target.startswith("/") \
                    else posixpath.normpath(posixpath.join("xl", target))
    parts = {}
    with zf.open(_WORKBOOK) as stream:
        for element in ElementTree.parse(stream).iter():
            if _local(element.tag) == "sheet":
                rid = next((v for k, v in element.attrib.items() if _local(k) == "id"), None)
                name = element.get("name")
                if rid in targets and name is not None:
                    parts[name] = targets[rid]
    return parts


def _sheet_xml(zf: zipfile.ZipFile, member: str) -> tuple[list[Merge], dict[tuple[int, int], str]]:
    """What read-only mode does not give, in one streaming pass over a sheet's XML: the
    merged ranges, and the formulas saved without a value (a workbook written by a program
    and never opened in a spreadsheet), by 1-based row and column."""
    merges: list[Merge] = []
    uncomputed: dict[tuple[int, int], str] = {}
    with zf.open(member) as stream:
        for _, element in ElementTree.iterparse(stream):
            tag = _local(element.tag)
            if tag == "mergeCell":
                min_col, min_row, max_col, max_row = range_boundaries(element.get("ref"))
                merges.append(Merge(min_row - 1, max_row - 1, min_col - 1, max_col - 1))
            elif tag == "c":
                children = {_local(child.tag): child for child in element}
                if "f" in children and not (children.get("v") is not None
                                            and children["v"].text) and element.get("r"):
                    formula = children["f"].text or ""
                    uncomputed[coordinate_to_tuple(element.get("r"))] = f"={formula}"
            if tag != "f" and tag != "v":
                element.clear()
    return merges, uncomputed


def _text(value: object, number_format: str | None, normalise: Normaliser) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return render(value, number_format)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, (date, time)):
        return value.isoformat()
    return normalise(str(value))


def _raw_sheets(data: bytes) -> tuple[list[RawSheet], int]:
    """The visible sheets, and the number of sheets."""
    with warnings.catch_warnings():  # openpyxl warns about parts it skips: not the user's concern
        warnings.simplefilter("ignore")
        return _read_book(data)


def _read_book(data: bytes) -> tuple[list[RawSheet], int]:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            parts = _sheet_parts(zf)
            out = []
            for position, name in enumerate(book.sheetnames, 1):
                ws = book[name]
                if not hasattr(ws, "iter_rows") or ws.sheet_state != "visible":
                    continue  # a chart sheet, or hidden
                ws.reset_dimensions()  # the declared size may be wrong, or huge
                rows = [[(cell.value, cell.number_format) for cell in row]
                        for row in ws.iter_rows(min_row=1, min_col=1)]
                merges, uncomputed = _sheet_xml(zf, parts[name]) if name in parts else ([], {})
                for (r, c), formula in uncomputed.items():
                    if r <= len(rows) and c <= len(rows[r - 1]):
                        rows[r - 1][c - 1] = (formula, None)
                out.append((name, position, rows, merges))
            return out, len(book.sheetnames)
    finally:
        book.close()


def read_xlsx(path: Path, data: bytes) -> ReadDocument:
    archive.check(path, data, FORM)
    try:
        raw, count = _raw_sheets(data)
    except Exception as err:  # noqa: BLE001 - openpyxl fails on damaged input in many ways, none of them ours
        raise InputError(path, f"{FORM}: damaged workbook ({type(err).__name__}: {err})") from None
    normalise = Normaliser()
    blocks: list[Block] = []
    lines: list[Line] = []
    for name, position, rows, merges in raw:
        texts = [[_text(value, number_format, normalise) for value, number_format in row]
                 for row in rows]
        found, kept = sheet_blocks(name, position, texts, merges)
        blocks += found
        lines += kept
    if not lines:
        raise InputError(path, f"{FORM}: no text in any visible sheet")
    source = provenance(path, data, "xlsx", pages=count, normalised=normalise.applied)
    return ReadDocument(path, source, tuple(blocks), tuple(lines))
