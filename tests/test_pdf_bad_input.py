"""Unusable PDFs get one line naming the file (and page) and exit code 2, in bounded time;
a table that cannot be read costs only itself."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from budgetld.cli import app
from budgetld.errors import InputError
from budgetld.limits import Limits
from budgetld.parse import parse_file
from budgetld.read import pdf, read_file

from pdfgen import Image, Page, Table, Text, pdf_with_stream, write_pdf

ROWS = [["项目", "金额"], ["一、教育支出", "10.00"], ["合计", "10.00"]]


def test_a_scanned_page_among_text_pages_is_a_warning(tmp_path):
    path = write_pdf(tmp_path / "mixed.pdf", [
        Page([Text("2024年部门支出预算总表", centred=True), Text("单位：元"), Table(ROWS, [150, 80])]),
        Page([Image()])])
    warnings = [w for w in parse_file(path).warnings if w.code == "read.pdf-no-text"]
    assert [w.message_en for w in warnings] == ["page 2 has no text layer (scanned?); not read"]


def test_text_in_a_font_without_unicode_map_is_a_warning(tmp_path):
    font = (b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding "
            b"<< /Type /Encoding /Differences [65 /g1 /g2 /g3] >> >>")
    path = tmp_path / "unmapped.pdf"
    path.write_bytes(pdf_with_stream(b"BT /F1 12 Tf 100 700 Td (ABC 12.50) Tj ET", font))
    [warning] = read_file(path).warnings
    assert (warning.code.code, warning.code.messages(warning.params)[1]) == (
        "read.pdf-unmapped",
        "page 1: 3 characters in fonts without a Unicode map; their text may be wrong")


def _scanned(tmp_path: Path) -> Path:
    return write_pdf(tmp_path / "scan.pdf", [Page([Image()])])


def _encrypted(tmp_path: Path) -> Path:
    return write_pdf(tmp_path / "locked.pdf", [Page([Text("预算")])], password="secret")


def _truncated(tmp_path: Path) -> Path:
    data = write_pdf(tmp_path / "ok.pdf", [Page([Text("预算")])]).read_bytes()
    (tmp_path / "cut.pdf").write_bytes(data[: len(data) // 2])
    return tmp_path / "cut.pdf"


def _damaged(tmp_path: Path) -> Path:
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 8 + b"\n%%EOF\n")
    return tmp_path / "broken.pdf"


def _many_pages(tmp_path: Path) -> Path:
    return write_pdf(tmp_path / "long.pdf", [Page([Text(f"第{n}页")]) for n in range(4)])


def _stream_bomb(tmp_path: Path) -> Path:
    path = tmp_path / "bomb.pdf"
    path.write_bytes(pdf_with_stream(b" " * (Limits().pdf_stream_bytes + 1)))
    return path


def _dense_page(tmp_path: Path) -> Path:
    path = tmp_path / "dense.pdf"
    path.write_bytes(pdf_with_stream(b"0 0 m 100 0 l S\n" * 500))
    return path


@pytest.mark.parametrize("make,reason", [
    (_scanned, "page 1 has no text layer (scanned?)"),
    (_encrypted, "encrypted PDF: it needs a password to be opened"),
    (_truncated, "truncated PDF: it does not end with %%EOF"),
    (_damaged, "damaged PDF: pdfium cannot open it"),
    (_many_pages, "PDF pages: 4, more than the limit of 3 (raise it with --limit pages=N or "
                  "BUDGETLD_MAX_PAGES=N)"),
    (_stream_bomb, "bytes a compressed stream inflates to (a PDF bomb?): more than the limit of "
                   "33,554,432 (raise it with --limit pdf_stream_bytes=N or "
                   "BUDGETLD_MAX_PDF_STREAM_BYTES=N)"),
    (_dense_page, "page 1 is too complex to read (a PDF bomb?): objects: more than the limit of 100 "
                  "(raise it with --limit page_objects=N or BUDGETLD_MAX_PAGE_OBJECTS=N)"),
])
def test_cli_exits_2_with_one_line(tmp_path, monkeypatch, make, reason):
    monkeypatch.setenv("BUDGETLD_MAX_PAGES", "3")
    monkeypatch.setenv("BUDGETLD_MAX_PAGE_OBJECTS", "100")
    path = make(tmp_path)
    for verb in ("parse", "validate"):
        result = CliRunner().invoke(app, [verb, str(path)])
        assert result.exit_code == 2
        assert result.output.strip().splitlines() == [f"budgetld: {path}: {reason}"]
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["publish", str(path), "-o", str(out), "-j", "1"])
    assert result.exit_code == 2 and reason in result.output and "Traceback" not in result.output


def _mutated(data: bytes, rng: random.Random) -> bytes:
    damaged = bytearray(data)
    for _ in range(rng.randint(1, 12)):
        at = rng.randrange(len(damaged))
        damaged[at:at + rng.randint(1, 8)] = bytes(rng.randrange(256) for _ in range(rng.randint(0, 8)))
    return bytes(damaged)


def test_damaged_pdfs_read_or_fail_with_one_line(tmp_path):
    """Bytes changed anywhere (streams, cross-reference table, trailer): the PDF reads, or
    fails with one line naming the file."""
    base = write_pdf(tmp_path / "base.pdf", [
        Page([Text("2024年部门支出预算总表", centred=True), Text("单位：元"), Table(ROWS, [150, 80])],
             footer="1"),
        Page([Text("说明。"), Table(ROWS, [150, 80])])]).read_bytes()
    rng = random.Random(9)
    path = tmp_path / "damaged.pdf"
    failed = 0
    for _ in range(60):
        path.write_bytes(_mutated(base, rng))
        try:
            parse_file(path)
        except InputError as error:
            failed += 1
            assert str(error).startswith(f"{path}: ") and "\n" not in str(error)
    assert failed  # the damage reaches pdfium, not only text it shrugs off


def test_one_table_that_cannot_be_read_leaves_the_others(tmp_path, monkeypatch):
    path = write_pdf(tmp_path / "doc.pdf", [
        Page([Text("2024年部门收入预算总表", centred=True), Text("单位：元"), Table(ROWS, [150, 80])]),
        Page([Text("2024年部门支出预算总表", centred=True), Text("单位：元"), Table(ROWS, [150, 80])])])
    read_table = pdf.read_table

    def failing(page, grid, chars):
        if page == 2:
            raise ValueError("cannot")
        return read_table(page, grid, chars)

    monkeypatch.setattr(pdf, "read_table", failing)
    disclosure = parse_file(path)
    assert [t.kind for t in disclosure.tables] == ["revenue-summary", "expenditure-summary"]
    assert [r.cells[0].amount.value for r in disclosure.tables[0].rows] == [10, 10]
    warning = next(w for w in disclosure.warnings if w.code == "read.pdf-table")
    assert warning.message_en.startswith("page 2: a table could not be read as a grid")
    # its text is still read, as lines
    assert {r.name for r in disclosure.tables[1].rows} >= {"教育支出", "合计"}
    result = CliRunner().invoke(app, ["parse", str(path)])
    assert result.exit_code == 0 and "read.pdf-table" in result.output
    assert "page 2: a table could not be read as a grid" in " ".join(result.output.split())


def test_pdf_is_told_by_its_bytes_not_its_name(tmp_path):
    path = write_pdf(tmp_path / "doc.pdf", [Page([Text("预算")])])
    renamed = tmp_path / "doc.txt"
    renamed.write_bytes(path.read_bytes())
    assert read_file(renamed).source.form == "pdf"
    text = tmp_path / "table.pdf"
    text.write_text("2024年部门支出预算总表\n项目\t金额\n合计\t10.00\n", encoding="utf-8")
    assert read_file(text).source.form == "tabbed-text"
