"""The layout files: validated on load (errors name the file and entry), references between
files checked, and a province's own folder merged over the built-in files."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetld.layouts import LayoutError, load_knowledge
from budgetld.parse import parse_file

from conftest import SHANGHAI

TITLE = "2026年部门“三公”经费和机关运行经费预算表"


def _folder(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "province"
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_the_built_in_layouts_load_and_agree_with_each_other():
    knowledge = load_knowledge()
    kinds = {kind.id for kind in knowledge.tables}
    sections = {s.id for s in knowledge.sections}
    assert {f.id for f in knowledge.families} >= {"generic", "shanghai-district", "shanxi-unit",
                                                  "jiangsu-department"}
    for family in knowledge.families:
        assert set(family.tables) <= kinds and set(family.sections) <= sections


@pytest.mark.parametrize(("files", "where", "problem"), [
    ({"tables.toml": '[[kind]]\nid = "x"\nzhh = "某表"\nen = "X"\nmatch = [["某表"]]\n'},
     "tables.toml", "kind[0] (id 'x').zh: Field required"),
    ({"tables.toml": '[[kind]]\nid = "x"\nzh = "某表"\nen = "X"\nmatch = "某表"\n'},
     "tables.toml", "kind[0] (id 'x').match"),
    ({"sections.toml": '[[section]]\nid = "y"\nzh = "甲"\nen = "Y"\nkeywords = ["甲"]\nexact = "no"\n'},
     "sections.toml", "section[0] (id 'y').exact"),
    ({"families/mine.toml": 'id = "mine"\nzh = "某省"\nen = "Mine"\ntables = ["no-such-kind"]\n'},
     "families/mine.toml", "tables: unknown table kind 'no-such-kind'"),
    ({"families/mine.toml": 'id = "mine"\nzh = "某省"\nen = "Mine"\nsections = ["duties"]\n'
                            '[since]\nassets = 2019\n'},
     "families/mine.toml", "since: 'assets' is not one of the family's tables or sections"),
    ({"figures.toml": '[[figure]]\nsubject = "revenue.total"\n'
                      'cells = [{ table = "revenue-summary", total = true, columns = [{ fundSource = "gold" }] }]\n'},
     "figures.toml", "'gold' is not a fundSource code"),
    ({"columns.toml": '[[column]]\nlabels = ["金库"]\ndimensions = { colour = "red" }\n'},
     "columns.toml", "unknown dimension 'colour'"),
    ({"tables.toml": "[[kind]\n"}, "tables.toml", "not valid TOML"),
])
def test_a_broken_file_is_named_with_its_entry(tmp_path, files, where, problem):
    folder = _folder(tmp_path, files)
    with pytest.raises(LayoutError) as error:
        load_knowledge(folder)
    assert str(error.value).startswith(f"{folder / where}: ")
    assert problem in str(error.value)


def test_a_folder_without_layout_files_is_refused(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(LayoutError, match="no layout files"):
        load_knowledge(tmp_path / "empty")


def test_a_province_s_table_kind_is_recognised_before_the_generic_ones(tmp_path, variant):
    """A province that titles its 三公 table 公务三项经费表 adds the title; its kind comes first."""
    text = SHANGHAI.read_text(encoding="utf-8").replace(TITLE, "2026年部门公务三项经费预算表")
    assert variant(SHANGHAI, text).table("three-public-and-operating") is None
    folder = _folder(tmp_path, {"tables.toml": '[[kind]]\nid = "three-public-and-operating"\n'
                                               'zh = "“三公”经费和机关运行经费表"\nen = "Three public"\n'
                                               'match = [["公务三项经费"]]\n'})
    knowledge = load_knowledge(folder)
    assert [k.id for k in knowledge.tables].count("three-public-and-operating") == 1
    path = tmp_path / SHANGHAI.name
    path.write_text(text, encoding="utf-8")
    table = parse_file(path, knowledge).table("three-public-and-operating")
    assert table is not None and table.has_data


def test_a_province_s_labels_are_added_to_the_built_in_ones(tmp_path):
    folder = _folder(tmp_path, {"performance.toml": 'titles = ["项目绩效目标申报表（新）"]\n'})
    titles = load_knowledge(folder).performance.titles
    assert titles[0] == "项目绩效目标申报表（新）" and set(load_knowledge().performance.titles) < set(titles)
