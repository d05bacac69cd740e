"""The parse and schema verbs from the command line."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from budgetld.cli import app
from budgetld.model import Disclosure

from conftest import LVLIANG, SHANGHAI

runner = CliRunner()


def test_parse_prints_a_readable_summary():
    result = runner.invoke(app, ["parse", str(SHANGHAI)], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    out = result.output
    assert "上海市普陀区城市管理行政执法局" in out and "layout: shanghai-district" in out
    assert "2026年部门“三公”经费和机关运行经费预算表" in out
    assert "[table.unplaced-amount]" in out and "+19 in no column" in out


def test_parse_json_is_the_whole_model_and_round_trips(lvliang):
    result = runner.invoke(app, ["parse", "--json", str(LVLIANG)])
    assert result.exit_code == 0
    again = Disclosure.model_validate_json(result.output)
    assert again == lvliang
    data = json.loads(result.output)
    assert data["tables"][0]["rows"][0]["cells"][0]["amount"]["value"] == "340.43"


def test_parse_json_is_deterministic():
    first = runner.invoke(app, ["parse", "--json", str(SHANGHAI)]).output
    assert runner.invoke(app, ["parse", "--json", str(SHANGHAI)]).output == first


def test_schema_describes_the_model():
    result = runner.invoke(app, ["schema"])
    schema = json.loads(result.output)
    assert schema["title"] == "Disclosure"
    assert {"tables", "claims", "projects", "warnings"} <= set(schema["properties"])
