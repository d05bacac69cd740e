"""PDF text written one table cell per line (the third text form).

The cells sample is the Shanghai document extracted by another PDF tool. It must give what its
text-layer sibling gives: every amount at the same table, row and column, the same narrative
claims, projects and validation findings, except where the text layer's own extraction
defect (a page printed twice) makes a difference. Variants made from it (another unit, codes
and year, a table continued with its header repeated, blank cells, CRLF, GB18030) and another
layout converted to this form read the same.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from budgetld.cli import app
from budgetld.layouts import load_knowledge
from budgetld.model import Disclosure
from budgetld.parse import parse_file
from budgetld.parse.headers import resolve_text_layer
from budgetld.read import read_file
from budgetld.validate import validate

from conftest import DATA, LVLIANG, SHANGHAI
from test_variants import content

CELLS = DATA / "shanghai-putuo-chengguan-2026-cells.txt"
PUBLISHED = Path(__file__).resolve().parents[1] / "datapackages"
runner = CliRunner()


@pytest.fixture(scope="module")
def cells() -> Disclosure:
    return parse_file(CELLS)


def amounts(d: Disclosure) -> dict[str, dict[tuple, tuple]]:
    """Table id → {(row code or label, column key): (value, unit, placement)}; an amount in no
    column is keyed by the columns it may stand in (and its order among the row's)."""
    out: dict[str, dict[tuple, tuple]] = {}
    for t in d.tables:
        table = out.setdefault(t.id, {})
        for r in t.rows:
            for c in r.cells:
                if c.amount:
                    key = (r.code or r.label, c.column)
                    assert key not in table, f"{t.id}: two amounts at {key}"
                    table[key] = (c.amount.value, c.amount.unit, r.placement)
            for k, u in enumerate(r.unplaced):
                table[r.code or r.label, f"unplaced {k}: {' | '.join(u.columns)}"] = \
                    (u.amount.value, u.amount.unit, r.placement)
    return out


def placed_right(found: dict[str, dict[tuple, tuple]], truth: dict[str, dict[tuple, tuple]]
                 ) -> tuple[int, int]:
    """Check every amount of ``found`` against where ``truth`` (a form that kept its cells)
    puts it: a placed amount at its true cell, an unplaced one with its true column among
    its possible ones; return the counts of placed and unplaced amounts."""
    placed = unplaced = 0
    for table, cells in found.items():
        for (row, column), (value, unit, _) in cells.items():
            if column.startswith("unplaced"):
                possible = column.split(": ", 1)[1].split(" | ")
                assert any(truth[table].get((row, key), (None,))[:2] == (value, unit)
                           for key in possible), (table, row, value)
                unplaced += 1
            else:
                assert truth[table][row, column][:2] == (value, unit), (table, row, column)
                placed += 1
    assert placed + unplaced == sum(map(len, truth.values()))
    return placed, unplaced


def _write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


# --- the form -------------------------------------------------------------------------------


def test_the_form_is_told_by_the_content_not_the_name(tmp_path):
    assert read_file(CELLS).source.form == "pdf-cell-lines"
    assert read_file(SHANGHAI).source.form == "pdf-text-layer"
    assert read_file(LVLIANG).source.form == "tabbed-text"
    swapped = _write(tmp_path, SHANGHAI.name, CELLS.read_bytes())
    assert read_file(swapped).source.form == "pdf-cell-lines"
    renamed = _write(tmp_path, "export.dat", SHANGHAI.read_bytes())
    assert read_file(renamed).source.form == "pdf-text-layer"


def test_cells_are_regrouped_into_rows():
    rows = {r.line.number: r.cells for b in read_file(CELLS).blocks if hasattr(b, "rows")
            for r in b.rows}
    # 208 / 05 / 01 / 行政单位离退休 / 2,614,680 / 2,614,680 on six lines: one row
    assert ("208", "05", "01", "行政单位离退休", "2,614,680", "2,614,680") in rows.values()
    # "47,483,458 一、社会保障和就业支出": the amount ends one row, the label starts the next
    assert rows[89] == ("一、财政拨款收入", "47,483,458")
    assert rows[90] == ("一、社会保障和就业支出", "6,397,096")


# --- the same document in both forms --------------------------------------------------------


def test_every_amount_stands_at_the_same_cell(shanghai, cells):
    assert [t.id for t in cells.tables] == [t.id for t in shanghai.tables]
    expected, found = amounts(shanghai), amounts(cells)
    for mine, theirs in zip(cells.tables, shanghai.tables):
        assert (mine.title, mine.unit, mine.unit_name, mine.continued) == \
            (theirs.title, theirs.unit, theirs.unit_name, theirs.continued), mine.id
        assert [(c.key, c.path, c.sum_of) for c in mine.columns] == \
            [(c.key, c.path, c.sum_of) for c in theirs.columns], mine.id
        assert found[mine.id] == expected[mine.id], mine.id
        assert (mine.empty_note and mine.empty_note.text) == \
            (theirs.empty_note and theirs.empty_note.text)
    assert sum(map(len, found.values())) == 220


def test_the_narrative_agrees_where_its_text_is_the_same(shanghai, cells):
    def claims(d: Disclosure) -> Counter:
        return Counter((c.kind, c.subject, c.value, c.unit, c.text) for c in d.claims)

    # The text layer printed a page of the project narrative twice (its own defect, reported
    # as text.repeated); the claims read from the repeated copy are the only difference.
    (repeated,) = [w for w in shanghai.warnings if w.code == "text.repeated"]
    assert not [w for w in cells.warnings if w.code == "text.repeated"]
    assert claims(cells) - claims(shanghai) == Counter()
    extra = claims(shanghai) - claims(cells)
    assert list(extra.values()) == [1]
    copies = [c for c in shanghai.claims if (c.kind, c.subject, c.value, c.unit, c.text) in extra]
    assert len(copies) == 2 and copies[0].source.line < repeated.source.line <= copies[1].source.line
    assert [a.model_dump(exclude={"source"}) for a in cells.assets] == \
        [a.model_dump(exclude={"source"}) for a in shanghai.assets]
    assert [(g.term, g.definition) for g in cells.glossary] == \
        [(g.term, g.definition) for g in shanghai.glossary]
    assert [t.model_dump(exclude={"source"}) for t in cells.toc] == \
        [t.model_dump(exclude={"source"}) for t in shanghai.toc]
    assert cells.meta.model_dump(exclude={"source"}) == shanghai.meta.model_dump(exclude={"source"})


def test_the_project_form_agrees(shanghai, cells):
    def project(d: Disclosure) -> dict:
        (p,) = d.projects
        data = p.model_dump(exclude={"sources"}, mode="json")
        for funds in data["funds"]:
            for amount in [funds["total"], *funds["by_source"].values()]:
                amount.pop("source")
        data["indicators"] = [{k: v for k, v in i.items() if k != "source"}
                              for i in data["indicators"]]
        return data

    assert project(cells) == project(shanghai)
    assert not [w for w in cells.warnings if w.code.startswith("performance.")]


def test_both_forms_give_the_same_findings(shanghai, cells):
    def findings(d: Disclosure) -> list[tuple]:
        report, _ = validate(d)
        return sorted((f.rule, f.severity, f.message_en, f.expected, f.actual)
                      for f in report.findings)

    # QUAL-001 reports the page the text layer printed twice; the cells form has no such page.
    text_layer = findings(shanghai)
    assert [f for f in text_layer if f[0] == "QUAL-001"]
    assert findings(cells) == [f for f in text_layer if f[0] != "QUAL-001"]


# --- variants -------------------------------------------------------------------------------

#: Another unit, year and function codes, written into both forms of the document.
_NAMES = [("普陀区城市管理行政执法局", "静安区绿化和市容管理局"), ("上海市普陀区", "上海市静安区"),
          ("普陀区", "静安区"), ("普陀", "静安"), ("2026", "2031"), ("2025", "2030"), ("2024", "2029")]


def _renamed(text: str) -> str:
    for old, new in _NAMES:
        text = text.replace(old, new)
    return text


def _recoded_cells(text: str) -> str:
    """Class 212 (款 01, 项 04) becomes 213 (款 05, 项 08): code parts stand on lines of their own."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        bare = line.lstrip("\f")
        if bare == "212":
            lines[i] = line.replace("212", "213")
            if lines[i + 1] == "01":
                lines[i + 1] = "05"
                if lines[i + 2] == "04":
                    lines[i + 2] = "08"
    return "\n".join(lines)


def _recoded_text_layer(text: str) -> str:
    text = re.sub(r"(?m)^(\f?)212 01 04 ", r"\g<1>213 05 08 ", text)
    text = re.sub(r"(?m)^(\f?)212 01 ", r"\g<1>213 05 ", text)
    return re.sub(r"(?m)^(\f?)212 ", r"\g<1>213 ", text)


def test_another_unit_year_and_codes_read_alike_in_both_forms(tmp_path, cells):
    text_layer = parse_file(_write(tmp_path, "a.txt", _recoded_text_layer(_renamed(
        SHANGHAI.read_text(encoding="utf-8")))))
    again = parse_file(_write(tmp_path, "b.txt", _recoded_cells(_renamed(
        CELLS.read_text(encoding="utf-8")))))
    assert again.meta.fiscal_year == 2031 and "静安区" in again.meta.unit.name
    assert amounts(again) == amounts(text_layer)
    recode = {"212": "213", "21201": "21305", "2120104": "2130508"}
    assert amounts(again) == {
        table: {(recode.get(row, row), column): v for (row, column), v in cells_.items()}
        for table, cells_ in amounts(cells).items()}


def test_a_table_continued_with_its_header_repeated(tmp_path, cells):
    text = CELLS.read_text(encoding="utf-8")
    header = "项目\n支出预算\n功能分类科目编码\n功能分类科目名称\n合计\n基本支出\n项目支出\n类\n款\n项\n"
    at = text.index("210\n卫生健康支出\n1,439,040\n1,439,040", text.index("\f2026年部门支出预算总表"))
    again = parse_file(_write(tmp_path, CELLS.name, text[:at] + "\f" + header + text[at:]))
    table = again.table("expenditure-summary")
    assert table.continued and len(table.pages) == 3
    assert content(again)["tables"] == content(cells)["tables"]


@pytest.mark.parametrize("change", ["no-blank-lines", "crlf", "gb18030"])
def test_physical_variants_read_the_same(tmp_path, cells, change):
    text = CELLS.read_text(encoding="utf-8")
    data: str | bytes = {
        "no-blank-lines": lambda: "\n".join(line for line in text.split("\n") if line.strip()),
        "crlf": lambda: text.replace("\n", "\r\n").encode("utf-8"),
        "gb18030": lambda: text.encode("gb18030"),
    }[change]()
    again = parse_file(_write(tmp_path, CELLS.name, data))
    assert again.source.form == "pdf-cell-lines"
    assert content(again) == content(cells)
    assert amounts(again) == amounts(cells)


def _pad_rows(text: str, start: str, end: str, width: int) -> str:
    """Write the empty cells of a table's rows as blank lines, as some tools do: after a
    row's amounts, blank lines up to ``width`` value cells."""
    head, rest = text.split(start, 1)
    body, tail = rest.split(end, 1)
    lines = body.split("\n")
    out: list[str] = []
    run = 0
    for line in lines:
        amount = bool(re.fullmatch(r"[\d,]+(?:\.\d+)?", line.strip())) and "," in line
        if run and not amount:
            out.extend([""] * (width - run))
            run = 0
        run += amount
        out.append(line)
    return head + start + "\n".join(out) + end + tail


def test_blank_cells_place_amounts_the_sums_cannot(tmp_path, cells):
    # Every row of the 收入总表 holds a total and a 财政拨款收入 amount; the sums cannot tell
    # which of the four fund columns the second one is in, so without blank cells it stays
    # in no column. Blank cells place it.
    unplaced = [r for r in cells.table("revenue-summary").rows if r.unplaced]
    assert len(unplaced) == 19 and {r.placement for r in unplaced} == {"unplaced"}
    text = _pad_rows(CELLS.read_text(encoding="utf-8"), "\f2026年部门收入预算总表",
                     "\f2026年部门支出预算总表", 5)
    again = parse_file(_write(tmp_path, CELLS.name, text))
    table = again.table("revenue-summary")
    assert {r.placement for r in table.rows} == {"aligned"} and not any(r.unplaced for r in table.rows)
    assert not [w for w in again.warnings if w.code == "table.unplaced-amount"
                and "收入预算总表" in w.message_en]
    assert {(r.code or r.label): r.amount("fiscal-appropriation").value for r in table.rows} == \
        {(r.code or r.label): r.unplaced[0].amount.value for r in unplaced}


@pytest.mark.parametrize("where", ["everywhere", "in-one-table"])
def test_blank_lines_that_are_not_cells_are_ignored(tmp_path, cells, where):
    # A blank line after every line (as tools that separate text boxes print) says nothing
    # about columns: neither throughout the text nor within one table (a blank between the
    # parts of a code cannot be an empty cell).
    text = CELLS.read_text(encoding="utf-8")
    if where == "everywhere":
        spaced = text.replace("\n", "\n\n")
    else:
        head, sep, tail = text.partition("\f2026年部门收入预算总表")
        body, end, rest = tail.partition("\f2026年部门支出预算总表")
        spaced = head + sep + body.replace("\n", "\n\n") + end + rest
    again = parse_file(_write(tmp_path, CELLS.name, spaced))
    assert again.source.form == "pdf-cell-lines"
    assert amounts(again) == amounts(cells)


def _tabbed_to_cells(text: str, blanks: bool) -> str:
    """The tab-separated sample as a tool writing one cell per line would: each cell on a
    line of its own, empty cells left out (or written as blank lines)."""
    out: list[str] = []
    for line in text.split("\n"):
        if "\t" not in line:
            if line.strip():
                out.append(line)
            continue
        cells = [c.strip() for c in line.split("\t")]
        while cells and not cells[-1] and not blanks:
            cells.pop()
        out.extend(cell for cell in cells if cell or blanks)
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("blanks", [False, True])
def test_another_layout_written_one_cell_per_line(tmp_path, lvliang, blanks):
    """The Shanxi unit layout (two-sided 收支总表 with 2024年 columns, headers spanning two
    rows, enumerated rows without amounts, a table of contents with page numbers) reads with
    every amount where the aligned form puts it."""
    text = _tabbed_to_cells(LVLIANG.read_text(encoding="utf-8"), blanks)
    again = parse_file(_write(tmp_path, LVLIANG.name, text))
    assert again.source.form == "pdf-cell-lines"
    # every amount the sums or the blank cells place is where the aligned form puts it; the
    # others stay in no column, with their true column among the possible ones (blank lines
    # place the 机关运行经费 table's, whose rows all leave the same cells blank)
    assert placed_right(amounts(again), amounts(lvliang)) == ((15, 8) if blanks else (13, 10))
    assert [e.model_dump(exclude={"source"}) for e in again.toc] == \
        [e.model_dump(exclude={"source"}) for e in lvliang.toc]
    placements = {r.placement for r in again.table("operating-expenses").rows}
    assert placements == ({"aligned"} if blanks else {"unplaced"})


# --- header cells ---------------------------------------------------------------------------


def test_header_cells_each_on_a_line_resolve_like_header_lines():
    knowledge = load_knowledge()
    two_sided = knowledge.kind("revenue-expenditure-summary")
    columns = resolve_text_layer(knowledge, two_sided, None,
                                 ["本年收入", "本年支出", "项目", "预算数", "项目", "预算数"]).columns
    assert [(c.key, c.path) for c in columns] == [
        ("revenue-total", ["本年收入", "预算数"]), ("expenditure-total", ["本年支出", "预算数"])]
    revenue = knowledge.kind("revenue-summary")
    cells = ["项目", "收入预算", "功能分类科目编码", "功能分类科目名称", "合计", "财政拨款收入", "事业收入",
             "事业单位", "经营收入", "其他收入", "类", "款", "项"]
    columns = resolve_text_layer(knowledge, revenue, None, cells).columns
    assert [c.key for c in columns] == ["total", "fiscal-appropriation", "business-income",
                                        "business-operation-income", "other-income"]
    assert {c.path[0] for c in columns} == {"收入预算"}
    # a year cell before 项目 is two cells, not one label
    columns = resolve_text_layer(knowledge, two_sided, None, ["收入", "支出", "项目", "2024年", "项目",
                                                              "2024年合计", "当年预算安排"]).columns
    assert [c.key for c in columns] == ["revenue-total", "expenditure-total",
                                        "expenditure-current-year"]


def test_a_header_ending_in_its_total_column(tmp_path):
    # 项目 / 合计 then rows: 合计 on a line of its own is the header's column, not a row
    text = CELLS.read_text(encoding="utf-8")
    table = ("\f2026年部门其他支出预算表\n编制部门：某局\n单位：元\n项目\n合计\n一、工资福利支出\n1,100\n"
             "二、商品和服务支出\n2,050\n合计\n3,150\n")
    at = text.index("\f其他相关情况说明")
    again = parse_file(_write(tmp_path, CELLS.name, text[:at] + table + text[at:]))
    added = again.tables[-1]
    assert [c.key for c in added.columns] == ["total"]
    assert amounts(again)[added.id] == {
        ("一、工资福利支出", "total"): (Decimal(1100), "元", "aligned"),
        ("二、商品和服务支出", "total"): (Decimal(2050), "元", "aligned"),
        ("合计", "total"): (Decimal(3150), "元", "aligned")}


# --- command line ---------------------------------------------------------------------------


def test_parse_validate_and_publish_from_the_command_line(tmp_path):
    result = runner.invoke(app, ["parse", str(CELLS), "--json"])
    assert result.exit_code == 0, result.output
    assert '"form": "pdf-cell-lines"' in result.output
    assert runner.invoke(app, ["validate", str(CELLS)]).exit_code == 0
    result = runner.invoke(app, ["publish", str(CELLS), "-o", str(tmp_path / "out"), "-j", "1"])
    assert result.exit_code == 0, result.output
    (bundle,) = [p for p in (tmp_path / "out").iterdir() if p.is_dir() and not p.name.startswith(".")]
    assert "pdf-cell-lines" in (bundle / "disclosure.ttl").read_text(encoding="utf-8")

    def facts(path: Path) -> list[dict[str, str]]:
        # Line numbers differ; so do a two-sided table's row numbers: the text layer prints
        # its revenue and expenditure halves on one line, which the cells form does not record.
        with path.open(encoding="utf-8", newline="") as f:
            return [{k: v for k, v in row.items()
                     if k != "source_line" and not (k in ("row", "position") and row["side"])}
                    for row in csv.DictReader(f)]

    # the published facts of the text-layer sibling
    published = PUBLISHED / bundle.name / "facts.csv"
    assert facts(bundle / "facts.csv") == facts(published) and len(facts(published)) == 220
