"""The limits on what one input may hold: defined once with defaults, changed by environment
variables or ``--limit``, and checked by every reader with one line naming the file (and line,
page or sheet) and exit code 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from budgetld import limits
from budgetld.cli import app
from budgetld.errors import InputError
from budgetld.limits import Limits
from budgetld.read import read_file

from conftest import DATA, LVLIANG, SHANGHAI
from mutations import office_sample

runner = CliRunner()
PDF = DATA / "jiangsu-renda-2018.pdf"


def test_every_limit_has_a_default_a_description_and_a_variable():
    described = Limits.describe()
    assert [name for name, _, _ in described] == Limits.names()
    assert all(default > 0 and doc for _, default, doc in described)
    assert limits.current({}) == Limits()
    assert limits.current({"BUDGETLD_MAX_PAGES": "5", "BUDGETLD_MAX_TABLE_ROWS": "1_000"}) == \
        Limits(pages=5, table_rows=1000)


@pytest.mark.parametrize("value", ["", "-3", "0", "ten", "1.5"])
def test_a_bad_setting_is_one_line_before_any_work(monkeypatch, value):
    monkeypatch.setenv("BUDGETLD_MAX_PAGES", value)
    result = runner.invoke(app, ["parse", str(LVLIANG)])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"budgetld: BUDGETLD_MAX_PAGES: limit pages must be a positive whole number, not {value!r}"]


def test_the_limit_option_sets_a_limit_for_the_run_and_its_workers(monkeypatch):
    monkeypatch.setenv("BUDGETLD_MAX_LINE_CHARS", "20000")  # restored after the test
    result = runner.invoke(app, ["--limit", "line_chars=50", "parse", str(LVLIANG)])
    assert result.exit_code == 2
    assert "characters in this line: 60, more than the limit of 50 (raise it with --limit " \
           "line_chars=N or BUDGETLD_MAX_LINE_CHARS=N)" in result.output
    listed = runner.invoke(app, ["limits"]).output.splitlines()
    assert "line_chars\t50\t20000\tcharacters of one line, paragraph or table cell" in listed
    bad = runner.invoke(app, ["--limit", "lines=5", "limits"])
    assert bad.exit_code == 2 and "expected NAME=VALUE with NAME one of input_bytes" in bad.output


def test_an_input_too_large_is_refused_before_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGETLD_MAX_INPUT_BYTES", "1000")
    with pytest.raises(InputError, match=r"bytes in the file: 47,255, more than the limit of 1,000"):
        read_file(LVLIANG)


def test_a_text_far_over_the_limit_is_refused_before_it_is_decoded(tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGETLD_MAX_TEXT_CHARS", "100000")
    path = tmp_path / "long.txt"
    path.write_bytes(LVLIANG.read_bytes() * 10)
    monkeypatch.setattr("budgetld.read.decode", lambda *_: pytest.fail("decoded"))
    with pytest.raises(InputError, match="characters of text: more than the limit of 100,000"):
        read_file(path)


def test_a_text_over_the_limit_names_its_size(tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGETLD_MAX_TEXT_CHARS", "30000")
    path = tmp_path / "long.txt"
    path.write_bytes(LVLIANG.read_bytes() * 2)
    with pytest.raises(InputError, match="characters of text: 39,278, more than the limit of 30,000"):
        read_file(path)


def test_a_line_too_long_is_refused_with_its_number(tmp_path):
    lines = SHANGHAI.read_text(encoding="utf-8").split("\n")
    lines.insert(7, "9" * 20_001)
    path = tmp_path / "long-line.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_file(path)
    assert caught.value.line == 8 and "characters in this line: 20,001" in caught.value.reason


def _office(tmp_path: Path, form: str) -> Path:
    path = tmp_path / f"sample.{form}"
    path.write_bytes(office_sample(form))
    return path


@pytest.mark.parametrize("form", ["text", "pdf", "docx", "xlsx", "xls"])
@pytest.mark.parametrize("limit,what", [("table_rows", "rows"), ("table_cells", "cells")])
def test_every_form_counts_table_rows_and_cells(tmp_path, monkeypatch, form, limit, what):
    path = {"text": LVLIANG, "pdf": PDF}.get(form) or _office(tmp_path, form)
    monkeypatch.setenv(limits.env_name(limit), "20")
    with pytest.raises(InputError) as caught:
        read_file(path)
    reason = caught.value.reason
    assert str(caught.value).startswith(str(path)) and "\n" not in str(caught.value)
    assert f"{what} " in reason and "more than the limit of 20" in reason and limit in reason
    if form in ("xlsx", "xls"):
        assert reason.startswith("sheet ")
    if form == "pdf":
        assert reason.startswith("page ")
    if form != "xls":  # xls is refused before its cells are read: by sheet, not by row
        assert caught.value.line is not None


def test_a_pdf_over_the_text_limit_names_the_page(monkeypatch):
    monkeypatch.setenv("BUDGETLD_MAX_TEXT_CHARS", "3000")
    with pytest.raises(InputError, match=r"page \d+: characters of text up to this page"):
        read_file(PDF)


def test_the_defaults_read_every_sample():
    for path in sorted(DATA.iterdir()):
        assert read_file(path, Limits()).lines
