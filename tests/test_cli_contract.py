"""The command line's contract: checked option values (exit 2, one line naming the option),
choices listed in help, no wrapping when piped, quiet broken pipes, one-line write errors,
``publish`` listing what it wrote, ``codelists`` writing where it is told."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from budgetld.cli import app

from conftest import LVLIANG, SHANGHAI

runner = CliRunner()


def _budgetld(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "budgetld", *args], capture_output=True,
                          input=stdin, timeout=300, check=False)


@pytest.mark.parametrize(("args", "option"), [
    (["validate", str(SHANGHAI), "--tolerance", "-5"], "--tolerance"),
    (["validate", str(SHANGHAI), "--tolerance", "nan"], "--tolerance"),
    (["validate", str(SHANGHAI), "--tolerance", "lots"], "--tolerance"),
    (["validate", str(SHANGHAI), "--format", "xml"], "--format"),
    (["validate", str(SHANGHAI), "--lang", "fr"], "--lang"),
    (["validate", str(SHANGHAI), "--fail-on", "info"], "--fail-on"),
    (["validate", str(SHANGHAI), "--engine", "jena"], "--engine"),
    (["rdf", str(SHANGHAI), "--format", "rdfxml"], "--format"),
    (["rdf", str(SHANGHAI), "--base", "not an iri"], "--base"),
    (["publish", str(SHANGHAI), "-o", "x", "--created", "yesterday"], "--created"),
    (["publish", str(SHANGHAI), "-o", "x", "--jobs", "-1"], "--jobs"),
    (["publish", str(SHANGHAI), "-o", "x", "--page-size", "0"], "--page-size"),
    (["publish", str(SHANGHAI), "-o", "x", "--base-url", "ftp:/x"], "--base-url"),
    (["parse", str(SHANGHAI), "--layouts", "/no/such/folder"], "/no/such/folder"),
])
def test_a_bad_option_value_is_one_line_and_exit_two(tmp_path, args, option):
    os.chdir(tmp_path)
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert result.output.count("\n") == 1 and result.output.startswith("budgetld: ")
    assert option in result.output
    assert not (tmp_path / "x").exists()


def test_help_lists_the_choices():
    text = runner.invoke(app, ["validate", "--help"]).output
    for choices in ("<text|json|turtle>", "<zh|en>", "<violation|warning>", "<budgetld|pyshacl>"):
        assert choices in text
    assert "<turtle|jsonld|nt>" in runner.invoke(app, ["rdf", "--help"]).output


def test_piped_output_is_neither_wrapped_nor_cut():
    out = _budgetld("validate", str(LVLIANG), "--lang", "en").stdout.decode()
    findings = [line for line in out.splitlines() if "NARR-00" in line]
    assert len(findings) > 3 and all(line.rstrip().endswith(")") and "(expected " in line
                                     for line in findings)  # each finding whole on its line
    table = _budgetld("parse", str(SHANGHAI)).stdout.decode()
    assert "2026年部门一般公共预算基本支出部门预算经济分类预算表" in table
    assert "general-budget-basic-economic" in table
    assert not any(cell.rstrip().endswith("…") for line in table.splitlines() if "│" in line
                   for cell in line.split("│"))


def test_a_closed_pipe_ends_quietly_with_the_command_s_own_status():
    for sample, status in ((SHANGHAI, 0), (LVLIANG, 1)):
        process = subprocess.Popen([sys.executable, "-m", "budgetld", "validate", str(sample)],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert process.stdout is not None
        process.stdout.read(5)
        process.stdout.close()
        assert process.wait(timeout=300) == status
        assert process.stderr is not None and process.stderr.read() == b""


def test_a_write_error_is_one_line_and_exit_two(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("x")
    for args in (["validate", str(SHANGHAI), "--format", "json", "-o", str(blocked / "r.json")],
                 ["rdf", str(SHANGHAI), "-o", str(blocked / "d.ttl")],
                 ["publish", str(SHANGHAI), "-o", str(blocked / "out")]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2 and result.output.count("\n") == 1, result.output
        assert str(blocked) in result.output


def test_publish_lists_what_it_wrote(tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["publish", str(SHANGHAI), "-o", str(out), "--created",
                                 "2026-01-01"])
    assert result.exit_code == 0, result.output
    bundle = next(p for p in out.iterdir() if p.is_dir() and not p.name.startswith("."))
    assert f"{bundle}/" in result.output
    assert f"wrote {out / 'catalog.ttl'}" in result.output and f"wrote {out / 'catalog.jsonld'}" in result.output
    assert '"created": "2026-01-01T00:00:00Z"' in (bundle / "datapackage.json").read_text()


def test_codelists_writes_to_the_folder_given(tmp_path):
    result = runner.invoke(app, ["codelists", str(tmp_path / "lists")])
    assert result.exit_code == 0
    written = sorted(p.name for p in (tmp_path / "lists").iterdir())
    assert "function-2026.ttl" in written and "unit.ttl" in written
    assert f"wrote {tmp_path / 'lists' / 'unit.ttl'}" in result.output


def test_an_internal_error_is_one_line_unless_debug(monkeypatch):
    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr("budgetld.parse.parse_file", broken)
    result = runner.invoke(app, ["parse", str(SHANGHAI)])
    assert result.exit_code == 3 and "internal error (ZeroDivisionError: a bug)" in result.output
    assert result.output.count("\n") == 1
    result = runner.invoke(app, ["--debug", "parse", str(SHANGHAI)])
    assert isinstance(result.exception, ZeroDivisionError)


def test_layouts_from_the_command_line(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "tables.toml").write_text('[[kind]]\nid = "x"\nzhh = "某表"\n', encoding="utf-8")
    result = runner.invoke(app, ["parse", str(SHANGHAI), "--layouts", str(folder)])
    assert result.exit_code == 2 and f"{folder / 'tables.toml'}: kind[0] (id 'x')" in result.output


def test_the_entry_point_is_the_same_app():
    assert Path(sys.executable).exists()
    done = _budgetld("--version")
    assert done.returncode == 0 and done.stdout.startswith(b"budgetld ")
