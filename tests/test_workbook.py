"""The Excel copy of a data package, read back with openpyxl: one sheet per CSV under a name
Excel accepts, text as text, amounts as numbers with their published decimals, integers,
booleans, empty cells, the header row frozen, and the same bytes for the same data."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import warnings
import zipfile
from datetime import datetime
from decimal import Decimal

import openpyxl
import pytest

from budgetld.package import PackageOptions, build_package
from budgetld.package.workbook import workbook

from conftest import SHANGHAI

CREATED = datetime(2026, 11, 26)


def _field(name: str, kind: str) -> dict[str, str]:
    return {"name": name, "type": kind}


FIELDS = [_field("row", "integer"), _field("code", "string"), _field("label", "string"),
          _field("amount", "number"), _field("in_code_list", "boolean"), _field("fiscal_year", "year"),
          _field("amount_unit", "string")]
ROWS = [
    [1, "2080501", "行政单位离退休", "1234567.89", "true", 2025, "元"],
    [2, "0012", " 其中：基本支出 ", "0.1", "false", 2025, "万元"],
    [3, "2120104", "城管执法 & <其他>", "-12.345678", None, 2025, "千元"],
    [4, None, "", "100", "", None, "亿元"],
    [5, "213", "多行\n标签", Decimal("1234567.89"), "true", "2031", "元"],
]


def _open(data: bytes) -> openpyxl.Workbook:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # openpyxl warns about parts it does not understand
        return openpyxl.load_workbook(io.BytesIO(data))


def test_values_keep_their_type_and_published_decimals():
    sheet = _open(workbook([("facts", FIELDS, ROWS)], CREATED))["facts"]
    cells = list(sheet.iter_rows(values_only=True))
    assert cells[0] == tuple(f["name"] for f in FIELDS)
    assert cells[1] == (1, "2080501", "行政单位离退休", 1234567.89, True, 2025, "元")
    assert cells[2] == (2, "0012", " 其中：基本支出 ", 0.1, False, 2025, "万元")
    assert cells[3] == (3, "2120104", "城管执法 & <其他>", -12.345678, None, 2025, "千元")
    assert cells[4] == (4, None, None, 100, None, None, "亿元")
    assert cells[5] == (5, "213", "多行\n标签", 1234567.89, True, 2031, "元")
    assert [sheet.cell(r, 4).number_format for r in range(2, 7)] == \
        ["0.00", "0.0", "0.000000", "0", "0.00"]
    assert {sheet.cell(r, 1).number_format for r in range(1, 7)} == {"General"}
    assert sheet.freeze_panes == "A2"


def test_amounts_are_written_as_published_digits():
    """No float formatting comes between the CSV and the cell: the XML holds the CSV's text."""
    data = workbook([("facts", FIELDS, ROWS)], CREATED)
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert re.findall(r'<c r="D\d+" s="\d+"><v>([^<]*)</v>', sheet) == \
        ["1234567.89", "0.1", "-12.345678", "100", "1234567.89"]
    with pytest.raises(ValueError, match="not an amount"):
        workbook([("facts", [_field("amount", "number")], [["1E+3"]])], CREATED)


def test_sheet_names_are_valid_and_unique_in_excel():
    long = "general_budget_basic_economic_expenditure"
    sheets = [(name, FIELDS[:2], ROWS[:1])
              for name in (long, long, long.upper(), "a/b:c*d?[e]\\f", "'quoted'", "")]
    book = _open(workbook(sheets, CREATED))
    names = book.sheetnames
    assert names[:3] == [long[:31], f"{long[:29]}~2", f"{long.upper()[:29]}~3"]
    assert names[3:] == ["a_b_c_d__e__f", "quoted", "sheet"]
    assert all(len(n) <= 31 and not re.search(r"[\[\]:*?/\\]", n) for n in names)
    assert len({n.lower() for n in names}) == len(names)
    assert all(book[n]["A2"].value == 1 for n in names)


def test_text_xml_cannot_hold_is_written_as_excel_writes_it():
    """A control character as ``_xHHHH_`` (Excel reads it back as the character; openpyxl
    leaves the escape), and text that looks like such an escape kept as written."""
    texts = ["tab\there", "bell\x07", "\x1f", "surrogate\udc80", "_x0041_ is not A", "2080501"]
    book = _open(workbook([("t", [_field("text", "string")], [[t] for t in texts])], CREATED))
    assert [c.value for (c,) in book["t"].iter_rows(min_row=2)] == \
        ["tab\there", "bell_x0007_", "_x001F_", "surrogate_xDC80_", "_x0041_ is not A", "2080501"]


def test_empty_and_large_tables():
    wide = [_field(f"c{n}", "number") for n in range(60)]
    rows = [[f"{r}.{n:02d}" if (r + n) % 7 else None for n in range(60)] for r in range(3000)]
    book = _open(workbook([("empty", FIELDS, []), ("large", wide, rows)], CREATED))
    assert [list(r) for r in book["empty"].iter_rows(values_only=True)] == [[f["name"] for f in FIELDS]]
    large = book["large"]
    assert (large.max_row, large.max_column) == (3001, 60)
    assert large.freeze_panes == "A2"
    assert large["BH3001"].value == float(rows[-1][-1]) and large["BH3001"].number_format == "0.00"
    read = [[None if v is None else Decimal(str(v)) for v in r]
            for r in large.iter_rows(min_row=2, values_only=True)]
    assert read == [[None if v is None else Decimal(v) for v in r] for r in rows]


def test_document_properties_are_the_package_date():
    book = _open(workbook([("facts", FIELDS, ROWS)], CREATED))
    assert book.properties.creator == "budgetld"
    assert book.properties.created == book.properties.modified == CREATED


def test_the_same_data_gives_the_same_bytes_in_another_process():
    data = workbook([("facts", FIELDS, ROWS), ("more", FIELDS, ROWS[::-1])], CREATED)
    assert workbook([("facts", FIELDS, ROWS), ("more", FIELDS, ROWS[::-1])], CREATED) == data
    script = ("import sys, test_workbook as t; sys.stdout.buffer.write(t.workbook("
              "[('facts', t.FIELDS, t.ROWS), ('more', t.FIELDS, t.ROWS[::-1])], t.CREATED))")
    other = subprocess.run([sys.executable, "-c", script], capture_output=True, check=True,
                           cwd=__file__.rsplit("/", 1)[0], env={"PYTHONHASHSEED": "12345"})
    assert other.stdout == data
    assert workbook([("facts", FIELDS, ROWS)], datetime(2027, 1, 1)) != \
        workbook([("facts", FIELDS, ROWS)], CREATED)
    entries = zipfile.ZipFile(io.BytesIO(data)).infolist()
    assert {(e.date_time, e.compress_type) for e in entries} == {((1980, 1, 1, 0, 0, 0), zipfile.ZIP_DEFLATED)}


def _in_thousands(text: str) -> str:
    """The sample with every amount of three digits or more printed in 千元, three decimals."""
    def thousands(match: re.Match[str]) -> str:
        return f"{Decimal(match.group(0).replace(',', '')) / 1000:,.3f}"

    return re.sub(r"\d{1,3}(?:,\d{3})+", thousands, text).replace("单位：元", "单位：千元")


@pytest.mark.parametrize("form", ["as published", "in thousands"])
def test_every_sheet_holds_its_csv(form, shanghai, variant):
    """Each sheet is its CSV: text as written, numbers equal to the CSV's decimals and shown
    with as many places, integers and booleans typed."""
    d = shanghai if form == "as published" else \
        variant(SHANGHAI, _in_thousands(SHANGHAI.read_text(encoding="utf-8")))
    files = build_package(d, PackageOptions(name="x", created="2026-01-01"))
    book = _open(files["disclosure.xlsx"])
    resources = json.loads(files["datapackage.json"])["resources"]
    assert book.sheetnames == [r["name"][:31] for r in resources]
    places = set()
    for resource, sheet in zip(resources, book.worksheets):
        kinds = [f["type"] for f in resource["schema"]["fields"]]
        rows = list(csv.reader(io.StringIO(files[resource["path"]].decode())))
        cells = list(sheet.iter_rows())
        assert len(cells) == len(rows) and [c.value for c in cells[0]] == rows[0]
        for row, line in zip(cells[1:], rows[1:]):
            for kind, cell, text in zip(kinds, row, line):
                if text == "":
                    assert cell.value is None
                elif kind == "number":
                    decimals = len(text.partition(".")[2])
                    assert Decimal(str(cell.value)) == Decimal(text)
                    assert cell.number_format == ("0." + "0" * decimals if decimals else "0")
                    places.add(decimals)
                elif kind in ("integer", "year"):
                    assert cell.value == int(text) and isinstance(cell.value, int)
                elif kind == "boolean":
                    assert cell.value is (text == "true")
                else:
                    assert cell.value == text
    assert places == ({0, 2} if form == "as published" else {2, 3})


def test_writing_the_workbook_imports_no_spreadsheet_library():
    script = ("import sys; from datetime import datetime; from budgetld.package import build_package; "
              "from budgetld.package.workbook import workbook; "
              "workbook([('t', [{'name': 'a', 'type': 'string'}], [['x']])], datetime(2026, 1, 1)); "
              "print(sorted(m for m in ('openpyxl', 'xlsxwriter') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
