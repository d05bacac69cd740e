"""Layout variants the parser must read without false findings (issue 10, parser half).

Each class of variant seen in real budgets of other units is made here from the samples by
editing their text — another unit and year, a header printed twice, wrapped labels, a heading
glued to a paragraph, another table of contents, page numbers, empty tables, amounts whose
column the text does not tell — and must read as the sample it was made from reads: every
amount at its table, row and column (or honestly in no column), and no false violation.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest

from budgetld.defaults import DEFAULT_BASE
from budgetld.model import Disclosure
from budgetld.package.build import PackageOptions, build_package
from budgetld.parse import parse_file
from budgetld.rdf.build import build_triples
from budgetld.rdf.vocab import BLD
from budgetld.validate import validate

from conftest import LVLIANG, SHANGHAI
from test_variants import content

CELLS = SHANGHAI.with_name("shanghai-putuo-chengguan-2026-cells.txt")
S_TEXT = SHANGHAI.read_text(encoding="utf-8")
L_TEXT = LVLIANG.read_text(encoding="utf-8")


def other_unit(text: str) -> str:
    """The Shanghai document as another district unit's of another year would print it."""
    text = text.replace("城市管理行政执法局", "绿化和市容管理局").replace("普陀区", "静安区")
    return text.replace("2025", "2024").replace("2026", "2025")


@pytest.fixture(scope="module")
def read(tmp_path_factory):
    """Parse a variant of a sample (written under the sample's file name); the same text is
    parsed once."""
    folder = tmp_path_factory.mktemp("variants")
    done: dict[tuple[str, str], Disclosure] = {}

    def parse(sample: Path, text: str) -> Disclosure:
        if (sample.name, text) not in done:
            path = folder / f"{len(done)}" / sample.name
            path.parent.mkdir()
            path.write_text(text, encoding="utf-8")
            done[sample.name, text] = parse_file(path)
        return done[sample.name, text]

    return parse


def pair(read, sample: Path, text: str, edit) -> tuple[Disclosure, Disclosure]:
    """The document ``text`` read as it is and with ``edit`` applied."""
    return read(sample, text), read(sample, edit(text))


def same_reading(a: Disclosure, b: Disclosure) -> bool:
    return content(a)["tables"] == content(b)["tables"] and \
        [t.id for t in a.tables] == [t.id for t in b.tables] and \
        [(s.kind, s.number, s.title) for s in a.sections] == \
        [(s.kind, s.number, s.title) for s in b.sections]


def violations(d: Disclosure, but: tuple[str, ...] = ()) -> list[str]:
    """The violations found in ``d`` (but those of the rules ``but``)."""
    return [f"{f.rule} {f.location} {f.message_en}" for f in validate(d)[0].findings
            if f.severity == "violation" and f.rule not in but]


# --- 1. a table header printed twice ---------------------------------------------------------

S_TITLES = ["2025年部门财务收支预算总表", "2025年部门收入预算总表", "2025年部门支出预算总表",
            "2025年部门财政拨款收支预算总表", "2025年部门一般公共预算支出功能分类预算表",
            "2025年部门政府性基金预算支出功能分类预算表",
            "2025年部门一般公共预算基本支出部门预算经济分类预算表",
            "2025年部门“三公”经费和机关运行经费预算表"]


def _header_twice(title: str):
    def edit(text: str) -> str:
        start = text.index("\f" + title + "\n")
        head = text.index("\n", text.index("单位", start)) + 1
        body = re.search(r"^(?:\d{3} |合计|一、|\d[\d,.]* )", text[head:], re.M).start()
        return text[:head] + text[head:head + body] + text[head:]
    return edit


@pytest.mark.parametrize("title", S_TITLES)
def test_a_text_layer_header_printed_twice_gives_its_columns_once(read, title):
    plain, twice = pair(read, SHANGHAI, other_unit(S_TEXT), _header_twice(title))
    assert same_reading(plain, twice)


def test_a_continued_table_repeating_title_unit_line_and_header(read):
    title = "2025年部门支出预算总表"
    text = other_unit(S_TEXT)
    start = text.index("\f" + title + "\n")
    meta_end = text.index("\n", text.index("单位：", start)) + 1
    header = "项目 支出预算\n功能分类科目编码\n功能分类科目名称 合计 基本支出 项目支出\n类 款 项\n"
    at = text.index("210 卫生健康支出 1,439,040 1,439,040", start)
    plain, again = pair(read, SHANGHAI, text,
                        lambda t: t[:at] + "\f" + t[start + 1:meta_end] + header + t[at:])
    assert same_reading(plain, again)
    assert again.table("expenditure-summary").continued


def test_a_repeated_header_with_its_labels_wrapped_another_way(read):
    text = other_unit(S_TEXT)
    start = text.index("\f2025年部门收入预算总表\n")
    at = text.index("210 卫生健康支出 1,439,040 1,439,040", start)
    header = ("项目 收入预算\n功能分类科目编码\n"
              "功能分类科目名称 合计 财政拨款收入 事业收入 事业单位经营收入 其他收入\n类 款 项\n")
    plain, again = pair(read, SHANGHAI, text, lambda t: t[:at] + "\f" + header + t[at:])
    assert same_reading(plain, again)


def test_a_header_written_one_cell_per_line_printed_twice(read):
    text = CELLS.read_text(encoding="utf-8")
    start = text.index("\f2026年部门支出预算总表\n")
    head = text.index("单位：元\n", start) + len("单位：元\n")
    header = text[head:text.index("208\n", head)]
    plain, twice = pair(read, CELLS, text, lambda t: t[:head] + header + t[head:])
    assert same_reading(plain, twice)


@pytest.mark.parametrize("where", ["under itself", "mid-table without a break"])
def test_aligned_header_rows_printed_twice(read, where):
    header = "收入\t\t支出\t\t\t\n项目\t2024年\t项目\t2024年合计\t当年预算安排\t上年结转安排\n"

    def edit(text: str) -> str:
        if where == "under itself":
            return text.replace(header, header + header, 1)
        at = text.index("\t\t十、卫生健康支出")
        return text[:at] + header + text[at:]

    plain, twice = pair(read, LVLIANG, L_TEXT, edit)
    assert same_reading(plain, twice)
    assert twice.table("revenue-expenditure-summary").continued == (where != "under itself")


# --- 2. labels wrapped over two lines --------------------------------------------------------

ROW = "208 05 05 机关事业单位基本养老保险缴费支出 2,302,464 2,302,464\n"


def _in_expenditure_table(old: str, new: str):
    def edit(text: str) -> str:
        at = text.index(old, text.index("\f2025年部门支出预算总表\n"))
        return text[:at] + new + text[at + len(old):]
    return edit


@pytest.mark.parametrize("wrapped", [
    "208 05 05 机关事业单位基本养老保险缴 2,302,464 2,302,464\n费支出\n",  # tail on its own line
    "208 05 05 机关事业单位基本养老保险缴\n费支出 2,302,464 2,302,464\n",  # the row split in two
    "机关事业单位基本养老\n208 05 05 保险缴费支出 2,302,464 2,302,464\n",  # head above the row
], ids=["tail", "split-row", "head"])
def test_a_row_label_wrapped_over_two_lines(read, wrapped):
    plain, again = pair(read, SHANGHAI, other_unit(S_TEXT), _in_expenditure_table(ROW, wrapped))
    assert same_reading(plain, again)
    assert not [w for w in again.warnings if w.code == "table.label-piece"]


@pytest.mark.parametrize("wrapped,above,joined", [
    ("208 05 77 机关事业单位基本养老保险缴 2,302,464 2,302,464\n费支出\n", "2080501", True),
    ("208 05 77 机关事业单位基本养老保险缴\n费支出 2,302,464 2,302,464\n", "2080501", True),
    ("机关事业单位基本养老\n208 05 77 保险缴费支出 2,302,464 2,302,464\n", "2080501", True),
    ("机关事业单位基本养老\n208 05 77 保险缴费支出 2,302,464 2,302,464\n", "2080571", False),
], ids=["tail", "split-row", "head", "head-between-unknown-codes"])
def test_a_wrapped_label_of_a_code_the_classification_does_not_know(read, wrapped, above,
                                                                    joined):
    # 2080577 is in no code list. A piece joins it when its other neighbour's label is that
    # neighbour's whole name by its code (2080501 行政单位离退休, 2080506 …职业年金缴费支出);
    # between two rows of unknown codes it could be either's: it stays a row of its own, is
    # reported, and the amounts stay where they are.
    def edit(text: str) -> str:
        text = _in_expenditure_table(ROW, wrapped)(text)
        return text.replace("208 05 01 行政单位离退休", f"{above[:3]} {above[3:5]} {above[5:]} 行政单位离退休")

    again = read(SHANGHAI, edit(other_unit(S_TEXT)))
    table = again.table("expenditure-summary")
    row = next(r for r in table.rows if r.code == "2080577")
    assert (row.name == "机关事业单位基本养老保险缴费支出") == joined
    assert {c.column: c.amount.value for c in row.cells if c.amount} == \
        {"total": Decimal(2302464), "basic": Decimal(2302464)}
    pieces = [w for w in again.warnings if w.code == "table.label-piece"]
    assert bool(pieces) != joined
    if not joined or "\n费支出\n" in wrapped:
        assert not violations(again, but=("TYPE-003",))  # the unknown codes themselves are


@pytest.mark.parametrize("old,new", [
    ("满意度指标 群众满意度 ≥90.00(%)\n指标", "满意度指 群众满意度 ≥90.00(%)\n标 指标"),
    ("社会效益指标 群众政策知晓度 ≥90.00(%)", "社会效益指 群众政策知晓度 ≥90.00(%)\n标"),
    ("服务对象满意度\n满意度指标 群众满意度 ≥90.00(%)\n指标",
     "服务对象满意度指标\n满意度指\n标 群众满意度 ≥90.00(%)"),
], ids=["level-1 below", "level-2 below", "level-1 above its indicator"])
def test_an_indicator_label_wrapped_over_two_lines(read, old, new):
    plain, again = pair(read, SHANGHAI, other_unit(S_TEXT), lambda t: t.replace(old, new))
    assert [(i.level1, i.level2, i.name, i.target.text if i.target else None)
            for i in again.projects[0].indicators] == \
        [(i.level1, i.level2, i.name, i.target.text if i.target else None)
         for i in plain.projects[0].indicators]
    assert not [w for w in again.warnings if w.code.startswith("performance.")]


# --- 3. a heading glued to the paragraph before it -------------------------------------------

def _sections(d: Disclosure) -> list[tuple]:
    return [(s.kind, s.number, s.title) for s in d.sections]


@pytest.mark.parametrize("sample,old,new", [
    (SHANGHAI, "不单列预算。\f名词解释\n", "不单列预算。名词解释\n"),  # glued on the line
    (SHANGHAI, "不单列预算。\f名词解释\n", "不单列预算。\n名词解释\n"),  # its own line, no break
    (LVLIANG, "（九）完成市人力资源和社会保障局交办的其它任务。\n\n二、机构设置情况\n\n",
     "（九）完成市人力资源和社会保障局交办的其它任务。二、机构设置情况\n"),
    (LVLIANG, "（九）完成市人力资源和社会保障局交办的其它任务。\n\n二、机构设置情况\n\n",
     "（九）完成市人力资源和社会保障局交办的其它任务。\n二、机构设置情况\n"),
    (LVLIANG, "网络信息科。\n\n第二部分 2024年单位预算报表", "网络信息科。\n第二部分 2024年单位预算报表"),
], ids=["text-layer glued", "text-layer own line", "tabbed glued", "tabbed own line",
        "tabbed part heading"])
def test_a_heading_after_a_paragraph_without_a_break(read, sample, old, new):
    text = other_unit(S_TEXT) if sample == SHANGHAI else L_TEXT
    plain, again = pair(read, sample, text, lambda t: t.replace(old, new))
    assert _sections(again) == _sections(plain)
    assert same_reading(plain, again)


def test_a_full_line_ending_in_heading_words_runs_on(read):
    # a full line whose last sentence starts with an enumerated section name and runs on
    # into the next line is running text, not a glued heading
    old = "政策，结合区域实际，研究制订有关制度措施，并组\n织实施。"
    new = "政策，结合区域实际研究制订有关制度措施。二、机构设置\n工作中组织实施。"
    plain, again = pair(read, SHANGHAI, other_unit(S_TEXT), lambda t: t.replace(old, new))
    assert _sections(again) == _sections(plain)


# --- 4. tables of contents -------------------------------------------------------------------

def _toc(text: str) -> tuple[int, int]:
    start = text.index("目 录\n")
    return start, text.index("\f", start)


def _rewrite_toc(change):
    def edit(text: str) -> str:
        start, end = _toc(text)
        return text[:start] + change(text[start:end]) + text[end:]
    return edit


def _bare(toc: str) -> str:
    return re.sub(r"\s*…+", "", toc)


def _numbered(toc: str) -> str:
    lines = [line for line in toc.split("\n")]
    return "\n".join(f"{re.sub(r'…+', '…' * 20, line)} {n}" if "…" in line else line
                     for n, line in enumerate(lines, 2))


def _wrapped(toc: str) -> str:
    out = []
    for line in _numbered(toc).split("\n"):
        title, _, rest = line.partition(" …")
        if len(title) > 18 and rest:
            out += [title[:len(title) // 2], title[len(title) // 2:] + " …" + rest]
        else:
            out.append(line)
    return "\n".join(out)


def _bare_wrapped(toc: str) -> str:
    return "\n".join(part for line in _bare(toc).split("\n")
                     for part in ((line[:12], line[12:]) if len(line) > 18 else (line,)))


def _two_columns(toc: str) -> str:
    entries = [line for line in _numbered(toc).split("\n") if "…" in line]
    half = (len(entries) + 1) // 2
    return "目 录\n" + "\n".join(f"{entries[i]}    {entries[i + half] if i + half < len(entries) else ''}"
                                 for i in range(half))


def _tables_bare(toc: str) -> str:
    return "\n".join(_bare(line) if re.match(r"^\d", line) else line for line in toc.split("\n"))


def _page_numbers_only(toc: str) -> str:
    return "\n".join(re.sub(r"\s*…+.*$", "", line) + (f" {n}" if "…" in line else "")
                     for n, line in enumerate(toc.split("\n"), 2))


@pytest.mark.parametrize("change", [
    _bare, _wrapped, _bare_wrapped, _two_columns, _tables_bare, _page_numbers_only,
    lambda toc: _bare(toc).replace("目 录\n", ""),
    lambda toc: _page_numbers_only(toc).replace("目 录\n", ""),
    lambda toc: "\n".join(_bare(line).replace("2025年", "本年") for line in toc.split("\n")
                          if re.match(r"^\d", line)),
], ids=["bare", "wrapped", "bare-wrapped", "two-columns", "tables-bare", "page-numbers",
        "no-heading", "no-heading-page-numbers", "only-tables-not-repeated"])
def test_a_table_of_contents_however_printed_lists_and_makes_no_table(read, change):
    plain, again = pair(read, SHANGHAI, other_unit(S_TEXT), _rewrite_toc(change))
    assert same_reading(plain, again)
    assert len(again.toc) >= 9
    assert not [w for w in again.warnings if w.code == "block.unknown-table"]


def test_contents_whose_titles_are_not_repeated_give_no_finding(read):
    # the entries that would have become empty tables (COMP-002 on the contents page)
    toc = _rewrite_toc(lambda toc: "\n".join(_bare(line).replace("2025年", "本年")
                                              for line in toc.split("\n") if re.match(r"^\d", line)))
    assert not violations(read(SHANGHAI, toc(other_unit(S_TEXT))))


@pytest.mark.parametrize("change", ["two-columns", "no-page-numbers"])
def test_a_tabbed_table_of_contents_however_printed(read, change):
    start = L_TEXT.index("第一部分 概况\t1")
    end = L_TEXT.index("\n\n", start)
    rows = L_TEXT[start:end].split("\n")
    if change == "two-columns":
        half = (len(rows) + 1) // 2
        toc = "\n".join(rows[i] + "\t" + (rows[i + half] if i + half < len(rows) else "")
                        for i in range(half))
    else:
        toc = "\n".join(re.sub(r"\.*\t\d+$", "", row) for row in rows)
    plain, again = pair(read, LVLIANG, L_TEXT, lambda t: t[:start] + toc + t[end:])
    assert same_reading(plain, again)
    assert sorted(e.title for e in again.toc) == sorted(e.title for e in plain.toc)  # two columns: row by row


# --- 5. page numbers and footers -------------------------------------------------------------

FOLIOS = ["{n}", "- {n} -", "第{n}页", "第 {n} 页 共 24 页", "—{n}—", "{n}/24"]


def _with_folios(text: str, form: str, at_start: bool) -> str:
    pages = text.split("\f")
    out = [pages[0]]
    for n, page in enumerate(pages[1:], 1):
        folio = form.format(n=n + 2)
        out.append(folio + "\n" + page if at_start else page.rstrip("\n") + "\n" + folio + "\n")
    return "\f".join(out)


@pytest.mark.parametrize("at_start", [False, True], ids=["page-end", "page-start"])
@pytest.mark.parametrize("form", FOLIOS)
def test_page_numbers_of_a_text_layer_are_not_rows(read, form, at_start):
    plain, again = pair(read, SHANGHAI, other_unit(S_TEXT),
                        lambda t: _with_folios(t, form, at_start))
    assert same_reading(plain, again)
    assert content(again)["claims"] == content(plain)["claims"]


def test_page_numbers_of_text_written_one_cell_per_line(read):
    text = CELLS.read_text(encoding="utf-8")
    plain, again = pair(read, CELLS, text, lambda t: _with_folios(t, "{n}", False))
    assert same_reading(plain, again)


@pytest.mark.parametrize("form", ["{n}", "- {n} -", "第{n}页"])
def test_page_numbers_left_in_tabbed_text(read, form):
    # a copied document keeps a page number on a line of its own where its pages broke:
    # inside table 1 (its blank line), after a table's note, between paragraphs
    def edit(text: str) -> str:
        lines = text.split("\n")
        breaks = [i for i, line in enumerate(lines) if line.startswith(("二十八、债务付息支出",
                                                                        "2024年政府性基金预算收入表",
                                                                        "第三部分", "七、“三公”经费"))]
        for n, i in enumerate(reversed(breaks)):
            lines.insert(i, form.format(n=20 - n))
        return "\n".join(lines)

    plain, again = pair(read, LVLIANG, L_TEXT, edit)
    assert same_reading(plain, again)
    assert content(again)["claims"] == content(plain)["claims"]


def test_a_lone_number_that_is_no_page_number_stays(read):
    # one bare number at a page's end, not running with the pages, is left alone
    text = other_unit(S_TEXT)
    at = text.index("\f2025年部门财务收支预算总表")
    d = read(SHANGHAI, text[:at] + "\n7" + text[at:])
    assert [u.text for u in d.unknown] == ["7"]


# --- 6. an empty table is not a table of zeros -----------------------------------------------

GENERAL = "2025年部门一般公共预算支出功能分类预算表"


def _emptied(title: str, note: str | None):
    """The table titled ``title`` printed with its header and a 合计 row without amounts, and
    ``note`` under it (or, without a note, with no body row at all)."""
    def edit(text: str) -> str:
        start = text.index("\f" + title + "\n")
        end = text.index("\f2025年部门政府性基金预算支出功能分类预算表", start)
        head = text.index("类 款 项\n", start) + len("类 款 项\n")
        body = f"合计\n注：{note}\n" if note else ""
        return text[:head] + body + text[end:]
    return edit


@pytest.mark.parametrize("note", ["本表无数据", "本单位无一般公共预算支出", "此表为空", None])
def test_an_empty_table_against_a_figure_elsewhere(read, note):
    # table 1 gives 一般公共预算 47,483,458 元; its expenditure table prints no amount
    d = read(SHANGHAI, _emptied(GENERAL, note)(other_unit(S_TEXT)))
    table = d.table("general-budget-expenditure")
    assert not table.has_data and (table.empty_note is not None) == (note is not None)
    if note not in ("本表无数据", None):
        return  # read alike: validated below for the others
    report = validate(d)[0]
    found = [f for f in report.findings if f.rule == "CONS-005" and f.location.table == GENERAL]
    assert len(found) == 1 and "'2025年部门财务收支预算总表'" in found[0].message_en
    # compared with nothing as 0: only a missing "no data" note is a violation
    assert {f.rule for f in report.findings if f.severity == "violation"} == \
        (set() if note else {"COMP-002"})


def test_a_narrative_figure_against_an_empty_table(read):
    # the "三公" table printed without its row: the narrative's 114.22 万元 is not checked
    # against 0, and the table is reported once, however many figures the narrative gives
    title = "2025年部门“三公”经费和机关运行经费预算表"
    d = read(SHANGHAI, other_unit(S_TEXT).replace(
        "114.22 0.00 0.46 113.76 75.00 38.76 507.25", "注：本表无数据"))
    report = validate(d)[0]
    assert not [f for f in report.findings if f.rule == "NARR-001"]
    (found,) = [f for f in report.findings if f.rule == "CONS-005"]
    assert found.location.table == title and "the narrative" in found.message_en


# --- 7. no guess is published as a fact ------------------------------------------------------

def _cells(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _laid(*items: tuple) -> str:
    """A line keeping the page's layout: each text starting at a display column, or ending
    there (``"right"``: an amount right-aligned in its column)."""
    out = ""
    for text, column, *align in items:
        start = column - _cells(text) if align else column
        out += " " * max(start - _cells(out), 2 if out else 0) + text
    return out


#: Where the 收入预算总表's column labels end in the laid-out text.
REVENUE_COLUMNS = {"total": 64, "fiscal-appropriation": 86, "business-income": 100,
                   "business-operation-income": 114, "other-income": 128}


def _laid_out_revenue_table(text: str, column_of) -> str:
    """The 收入预算总表 printed as a text extraction that keeps the layout would, each row's
    second amount under the column ``column_of(code)`` says (the first under 合计)."""
    start = text.index("\f2025年部门收入预算总表\n")
    end = text.index("\f2025年部门支出预算总表\n")
    lines = re.split(r"[\n\f]", text[start + 1:end])
    header = [_laid(("项目", 30), ("收入预算", 90)),
              _laid(("功能分类科目编码", 2), ("事业单位", 106)),
              _laid(("功能分类科目名称", 16), ("合计", 60), ("财政拨款收入", 74), ("事业收入", 92),
                    ("经营收入", 106), ("其他收入", 120)),
              _laid(("类", 2), ("款", 6), ("项", 10))]
    body = []
    for line in lines:
        found = re.match(r"^((?:\d{3})(?: \d\d){0,2}) (\S+) ([\d,]+) ([\d,]+)$", line)
        if found is None:
            continue
        code, label, total, second = found.groups()
        items = [(part, 2 + 4 * k) for k, part in enumerate(code.split())] + [(label, 16)]
        body.append(_laid(*items, (total, REVENUE_COLUMNS["total"], "right"),
                          (second, REVENUE_COLUMNS[column_of(code.replace(" ", ""))], "right")))
    total = next(re.match(r"^合计 ([\d,]+)", line).group(1) for line in lines
                 if line.startswith("合计 "))
    other = next(int(line.split()[-1].replace(",", "")) for line in lines
                 if line.startswith("221 住房保障支出"))
    fiscal = int(total.replace(",", "")) - other
    body.append(_laid(("合计", 16), (total, REVENUE_COLUMNS["total"], "right"),
                      (f"{fiscal:,}", REVENUE_COLUMNS["fiscal-appropriation"], "right"),
                      (f"{other:,}", REVENUE_COLUMNS["other-income"], "right")))
    return text[:start + 1] + "\n".join(lines[:2] + header + body) + "\n" + text[end:]


def _housing_other(code: str) -> str:
    """Another unit whose 住房保障 funds are 其他收入, the rest 财政拨款收入."""
    return "other-income" if code.startswith("221") else "fiscal-appropriation"


def test_the_layout_places_amounts_the_sums_cannot(read):
    d = read(SHANGHAI, _laid_out_revenue_table(other_unit(S_TEXT), _housing_other))
    table = d.table("revenue-summary")
    assert not any(r.unplaced for r in table.rows)
    assert {r.placement for r in table.rows} == {"positioned"}
    for row in table.rows:
        where = _housing_other(row.code) if row.code else None
        amounts = {c.column: c.amount.value for c in row.cells if c.amount}
        if where:
            assert set(amounts) == {"total", where} and amounts["total"] == amounts[where]
        else:  # 合计: both kinds of funds
            assert set(amounts) == {"total", "fiscal-appropriation", "other-income"}
    assert not [w for w in d.warnings if w.code == "table.unplaced-amount" and
                w.params["title"] == "2025年部门收入预算总表"]
    # its sums hold (the other tables still say the unit's funds are all 财政拨款收入)
    assert not [v for v in violations(d) if v.startswith("ARITH")]


def test_single_spaces_say_nothing_of_columns(read):
    # the same table with its gaps closed up: the positions are gone, the amounts the sums
    # cannot place stay in no column rather than in a guessed one
    laid = _laid_out_revenue_table(other_unit(S_TEXT), _housing_other)
    start, end = laid.index("\f2025年部门收入预算总表"), laid.index("\f2025年部门支出预算总表")
    closed = laid[:start] + re.sub(r" {2,}", " ", laid[start:end]) + laid[end:]
    table = read(SHANGHAI, closed).table("revenue-summary")
    unplaced = [r for r in table.rows if r.unplaced]
    assert len(unplaced) == 19 and {r.placement for r in unplaced} == {"unplaced"}
    for row in unplaced:
        assert {c.column for c in row.cells if c.amount} == {"total"}
        truth = [_housing_other(row.code)] if row.code else ["fiscal-appropriation", "other-income"]
        assert len(row.unplaced) == len(truth)
        for amount, column in zip(row.unplaced, truth):
            assert column in amount.columns and "total" not in amount.columns


def test_unplaced_amounts_are_published_without_a_column(shanghai):
    triples = build_triples(shanghai, DEFAULT_BASE)
    by_subject: dict[str, dict[str, list[str]]] = {}
    for t in triples:
        by_subject.setdefault(t.subject.value, {}).setdefault(t.predicate.value, []).append(t.object.value)
    unplaced = {s: p for s, p in by_subject.items() if BLD.UnplacedAmount.value in p.get(
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", [])}
    assert len(unplaced) == 24
    for props in unplaced.values():
        assert BLD.column.value not in props and BLD.amount.value in props
        assert len(props[BLD.possibleColumn.value]) >= 2 and props[BLD.row.value]
    files = build_package(shanghai, PackageOptions(name="shanghai", created="2026-11-26T00:00:00Z"))
    facts = list(csv.DictReader(files["facts.csv"].decode("utf-8").splitlines()))
    loose = [f for f in facts if not f["column"]]
    assert len(loose) == 24 and all(f["possible_columns"] for f in loose)
    assert len(facts) == 220 and len({(f["table"], f["row"], f["position"]) for f in facts}) == 220
    revenue = files["tables/revenue-summary.csv"].decode("utf-8").splitlines()
    assert revenue[0].endswith(",unplaced") and revenue[1].endswith(",6397096")


@pytest.mark.parametrize("sample,placed,unplaced", [
    (SHANGHAI, 196, 24), (CELLS, 196, 24), (LVLIANG, 23, 0)])
def test_amounts_placed_and_unplaced_on_the_samples(read, sample, placed, unplaced):
    d = read(sample, sample.read_text(encoding="utf-8"))
    assert sum(1 for t in d.tables for r in t.rows for c in r.cells if c.amount) == placed
    assert sum(len(r.unplaced) for t in d.tables for r in t.rows) == unplaced


# --- 8. a narrative figure cut, not rounded --------------------------------------------------

@pytest.mark.parametrize("quoted,rule", [("261.46万元", "NARR-010"), ("262万元", "NARR-005"),
                                         ("261.45万元", "NARR-001")])
def test_a_figure_cut_instead_of_rounded_is_no_contradiction(read, quoted, rule):
    # the table has 2,614,680 元: 261.47 rounded, 261.46 cut (less than one unit of its last
    # decimal short), 262 rounded the wrong way (within a unit of its last digit), 261.45
    # another figure
    d = read(SHANGHAI, other_unit(S_TEXT).replace("行政单位离退休（项）”261.47万元",
                                                     f"行政单位离退休（项）”{quoted}"))
    found = {f.rule for f in validate(d)[0].findings if quoted in f.message_zh}
    assert found == {rule}
