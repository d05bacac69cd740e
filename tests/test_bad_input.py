"""Unusable input gets one line naming the file (and line) and exit code 2, never a traceback."""

from __future__ import annotations

import io
import random
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from budgetld.errors import InputError
from budgetld.parse import parse_file
from budgetld.read import read_file

from conftest import LVLIANG

SAMPLE = LVLIANG.read_bytes()


def _bad_cases() -> dict[str, tuple[bytes, str, int | None]]:
    """name → (file bytes, expected words of the reason, expected line or None)."""
    third_line = SAMPLE.index(b"\n", SAMPLE.index(b"\n") + 1) + 1
    corrupt_at = SAMPLE.index("单位名称".encode()) + 1
    return {
        "empty": (b"", "empty file", None),
        "blank": (b"  \n\n\t\n", "empty file", None),
        "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" * 20, "binary", 3),
        "control": (SAMPLE[:third_line] + b"\x01\x02\x03 data\n" + SAMPLE[third_line:],
                    "control characters", 3),
        "truncated": (SAMPLE[: SAMPLE.index("单位名称".encode()) + 2], "truncated", None),
        "corrupt": (SAMPLE[:corrupt_at] + b"\xff" + SAMPLE[corrupt_at + 1:], "invalid UTF-8", None),
        "latin1": ("Budget für 2024: Übersicht über Ausgaben\n".encode("latin-1") * 3, "undecodable", None),
        "unrecognised": ("这是一封普通的信。\n\n今天天气很好，我们去公园散步。\n".encode(), "unrecognised", None),
        "pdf": (b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF", None),
        "docx": (b"PK\x03\x04" + b"\x00" * 26 + b"word/document.xml", "Word", None),
    }


@pytest.mark.parametrize("name", list(_bad_cases()))
def test_bad_input_is_one_clear_error(tmp_path: Path, name: str):
    data, words, line = _bad_cases()[name]
    path = tmp_path / f"{name}.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as caught:
        parse_file(path)
    error = caught.value
    assert words in error.reason
    assert str(error).startswith(f"{path}")
    assert "\n" not in str(error)
    if line is not None:
        assert error.line == line


def test_truncated_and_corrupt_name_their_line(tmp_path: Path):
    lines_before = SAMPLE[: SAMPLE.index("单位名称".encode())].count(b"\n") + 1
    for name in ("truncated", "corrupt"):
        data = _bad_cases()[name][0]
        path = tmp_path / "doc.txt"
        path.write_bytes(data)
        with pytest.raises(InputError) as caught:
            parse_file(path)
        assert caught.value.line == lines_before


def test_missing_file_and_directory(tmp_path: Path):
    with pytest.raises(InputError, match="no such file"):
        parse_file(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a directory"):
        parse_file(tmp_path)


def _parse_fails_with_one_line(path: Path, words: str) -> None:
    """``budgetld parse`` as a user runs it: exit 2, one line naming the file, no traceback."""
    result = subprocess.run([sys.executable, "-m", "budgetld", "parse", str(path)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"budgetld: {path}") and words in result.stderr


@pytest.mark.parametrize("name", ["empty", "binary", "truncated", "unrecognised"])
def test_cli_exit_code_two_without_traceback(tmp_path: Path, name: str):
    data, words, _ = _bad_cases()[name]
    path = tmp_path / f"{name}.txt"
    path.write_bytes(data)
    _parse_fails_with_one_line(path, words)


def test_a_partly_unrecognised_document_still_parses(tmp_path: Path):
    text = LVLIANG.read_text(encoding="utf-8")
    odd = "\n\n神秘表格\n\n甲\t乙\t丙\n1\t2\t3\n\n"
    at = text.index("第三部分 2024年度单位预算情况说明")
    path = tmp_path / LVLIANG.name
    path.write_text(text[:at] + odd + text[at:], encoding="utf-8")
    d = parse_file(path)
    assert len(d.tables) == 13
    assert any(u.text.startswith("甲\t乙\t丙") for u in d.unknown)
    assert any(w.code == "block.unknown-table" for w in d.warnings)


# --- Word and Excel files -------------------------------------------------------------------


def _docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("2024年部门预算")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _xlsx() -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["2024年部门预算"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _xls() -> bytes:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("表1")
    for r in range(40):
        sheet.write(r, 0, f"第{r}行")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _declared(data: bytes, member: str, compressed: int, size: int) -> bytes:
    """The archive with ``member`` declaring other sizes in the central directory."""
    at = data.rindex(b"PK\x01\x02", 0, data.rindex(member.encode()))
    return data[:at + 20] + struct.pack("<II", compressed, size) + data[at + 28:]


def _corrupt_member(data: bytes, member: str) -> bytes:
    """The archive with a byte of ``member``'s compressed data changed."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(member)
    name_len, extra_len = struct.unpack_from("<HH", data, info.header_offset + 26)
    at = info.header_offset + 30 + name_len + extra_len + info.compress_size // 2
    return data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1:]


def _bomb() -> bytes:
    """A .docx-looking archive whose document expands a thousand times."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as member:
            chunk = b" " * 2**20
            for _ in range(20):
                member.write(chunk)
    return buffer.getvalue()


#: The record that opens the workbook stream of an .xls file (BIFF8).
_BIFF8_BOF = b"\x09\x08\x10\x00\x00\x06"


def _renamed_stream(data: bytes, old: str, new: str) -> bytes:
    """An OLE2 file with the directory entry ``old`` renamed ``new`` (64-byte UTF-16 name
    and its length in bytes, terminator included)."""
    at = data.index(old.encode("utf-16-le") + b"\0\0")
    name = (new.encode("utf-16-le") + b"\0\0").ljust(64, b"\0")
    return data[:at] + name + struct.pack("<H", 2 * len(new) + 2) + data[at + 66:]


def _office_cases() -> dict[str, tuple[bytes, str]]:
    """name → (file bytes, expected words of the reason)."""
    docx, xlsx, xls = _docx(), _xlsx(), _xls()
    plain, ods = io.BytesIO(), io.BytesIO()
    with zipfile.ZipFile(plain, "w") as archive:
        archive.writestr("notes.txt", "预算")
    with zipfile.ZipFile(ods, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    return {
        "broken-zip-docx": (docx[: len(docx) // 2], "damaged zip archive"),
        "broken-zip-xlsx-member": (_corrupt_member(xlsx, "xl/worksheets/sheet1.xml"),
                                   "Excel (.xlsx): damaged zip archive"),
        "zip-bomb-ratio": (_bomb(), "zip bomb"),
        "zip-bomb-declared": (_declared(docx, "word/document.xml", 2**20, 150 * 2**20), "zip bomb"),
        "zip-lying-size": (_declared(xlsx, "xl/workbook.xml", 100, 10), "damaged zip archive"),
        "other-zip": (plain.getvalue(), "neither a Word (.docx) nor an Excel (.xlsx)"),
        "opendocument": (ods.getvalue(), "OpenDocument files (.odt, .ods) are not supported"),
        "truncated-xls": (xls[: len(xls) - 700], "truncated Office 97-2003"),
        "corrupt-xls": (xls.replace(_BIFF8_BOF, b"\0" * len(_BIFF8_BOF), 1),
                        "Excel 97-2003 (.xls): damaged or truncated workbook"),
        "encrypted-ooxml": (_renamed_stream(xls, "Workbook", "EncryptedPackage"), "encrypted"),
        "doc": (_renamed_stream(xls, "Workbook", "WordDocument"), "Word 97-2003 (.doc)"),
    }


@pytest.mark.parametrize("name", list(_office_cases()))
def test_bad_word_and_excel_files_exit_two_with_one_line(tmp_path: Path, name: str):
    data, words = _office_cases()[name]
    path = tmp_path / f"{name}.xlsx"
    path.write_bytes(data)
    _parse_fails_with_one_line(path, words)


def test_the_unbroken_files_of_the_bad_cases_read(tmp_path: Path):
    """The bad cases are made from these: they read, so the cases fail for their defect."""
    for name, data in {"a.docx": _docx(), "a.xlsx": _xlsx(), "a.xls": _xls()}.items():
        path = tmp_path / name
        path.write_bytes(data)
        assert read_file(path).lines[0].text.startswith(("2024年部门预算", "第0行"))


def _mutated(data: bytes, rng: random.Random) -> bytes:
    """``data`` with a few bytes changed; for a zip archive, inside one XML member (the
    archive rewritten whole, so the damage reaches the document's parser)."""
    if not data.startswith(b"PK"):
        damaged = bytearray(data)
        for _ in range(rng.randint(1, 10)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        return bytes(damaged)
    source = zipfile.ZipFile(io.BytesIO(data))
    target = rng.choice([n for n in source.namelist() if n.endswith((".xml", ".rels"))])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in source.namelist():
            content = bytearray(source.read(name))
            if name == target:
                for _ in range(rng.randint(1, 5)):
                    at = rng.randrange(len(content))
                    content[at:at + rng.randint(0, 20)] = bytes(rng.choice(b'<>/"=&;x0') for _ in
                                                                 range(rng.randint(0, 5)))
            archive.writestr(name, bytes(content))
    return out.getvalue()


@pytest.mark.parametrize("form", ["docx", "xlsx", "xls"])
def test_damaged_word_and_excel_files_read_or_fail_with_one_line(tmp_path: Path, form: str):
    base = {"docx": _docx, "xlsx": _xlsx, "xls": _xls}[form]()
    rng = random.Random(form)
    path = tmp_path / f"damaged.{form}"
    for _ in range(40):
        path.write_bytes(_mutated(base, rng))
        try:
            read_file(path)
        except InputError as error:
            assert str(error).startswith(f"{path}: ") and "\n" not in str(error)
