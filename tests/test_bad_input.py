"""Unusable input gets one line naming the file (and line) and exit code 2, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from budgetld.cli import app
from budgetld.errors import InputError
from budgetld.parse import parse_file
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


@pytest.mark.parametrize("name", ["empty", "binary", "truncated", "unrecognised"])
def test_cli_exit_code_two_without_traceback(tmp_path: Path, name: str):
    data, words, _ = _bad_cases()[name]
    path = tmp_path / f"{name}.txt"
    path.write_bytes(data)
    result = subprocess.run([sys.executable, "-m", "budgetld", "parse", str(path)],
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"budgetld: {path}") and words in result.stderr


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
