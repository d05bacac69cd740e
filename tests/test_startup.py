"""What a command imports: ``budgetld --help`` and ``budgetld parse`` start without the RDF,
SHACL and packaging stacks (nor pypinyin, which only IRIs need), ``--help`` without pydantic
and rich too, so that they start fast;
``validate`` does load what it needs, but not pypinyin's dictionaries of phrases and of
characters (budgetld.rdf.pinyin loads only the phrases and characters a name holds)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import SHANGHAI

HEAVY = ("pyoxigraph", "rdflib", "pyshacl", "frictionless", "pypinyin", "budgetld.rdf",
         "budgetld.validate", "budgetld.package", "budgetld.publish")

_RUN = """
import json, sys
from budgetld.cli import app
try:
    app(sys.argv[1:], prog_name="budgetld")
except SystemExit:
    pass
sys.__stdout__.write("\\n" + json.dumps(sorted(m for m in {heavy} if m in sys.modules)) + "\\n")
"""


def _imported(*args: str, modules: tuple[str, ...] = HEAVY) -> list[str]:
    done = subprocess.run([sys.executable, "-c", _RUN.format(heavy=modules), *args],
                          capture_output=True, text=True, check=True, timeout=120)
    return json.loads(done.stdout.splitlines()[-1])


@pytest.mark.parametrize("args", [["--help"], ["parse", str(SHANGHAI)]], ids=["help", "parse"])
def test_help_and_parse_import_no_heavy_stack(args):
    assert _imported(*args) == []


def test_help_imports_neither_the_models_nor_the_terminal_layout():
    assert _imported("--help", modules=("pydantic", "rich")) == []


def test_validate_imports_what_it_needs():
    assert {"pyoxigraph", "budgetld.validate", "pypinyin"} <= set(_imported("validate", str(SHANGHAI)))


def test_a_report_to_a_pipe_is_written_without_rich():
    """rich lays the report out for a person on a terminal; a pipe or file gets the text as is."""
    assert _imported("validate", str(SHANGHAI), modules=("rich",)) == []


def test_a_text_disclosure_is_read_without_the_office_formats_reader():
    assert _imported("validate", str(SHANGHAI), modules=("olefile", "openpyxl", "docx")) == []


def test_validate_leaves_pypinyins_dictionaries_unread():
    assert _imported("validate", str(SHANGHAI), modules=(
        "pypinyin", "pypinyin.phrases_dict", "pypinyin.pinyin_dict")) == ["pypinyin"]


_COLLECTIONS = """
import atexit, gc, sys
from budgetld.cli import app
runs = []
gc.callbacks.append(lambda phase, info: runs.append(info["generation"]) if phase == "stop" else None)
try:
    app(sys.argv[1:], prog_name="budgetld")
except SystemExit:
    pass
atexit._run_exitfuncs()
sys.__stdout__.write(f"\\n{len(runs)} {gc.get_freeze_count()}\\n")
"""


def test_a_command_leaves_the_garbage_collector_little_to_scan():
    """A ``validate`` runs the collector a few times (at Python's default threshold, some 120
    times), and freezes what the process holds as it exits, so that Python's last collection
    scans nothing."""
    done = subprocess.run([sys.executable, "-c", _COLLECTIONS, "validate", str(SHANGHAI)],
                          capture_output=True, text=True, check=True, timeout=120)
    collections, frozen = map(int, done.stdout.splitlines()[-1].split())
    assert collections <= 10 and frozen > 0
