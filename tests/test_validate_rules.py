"""Every validation rule of shapes/ fires on the defect it describes, and only that rule.

Each case derives a variant of one of the bundled samples by editing its text (a real defect
injected into a real document), validates it and compares the findings per rule with those of
the unmodified sample: the target rule must be the only one whose findings changed, and it
must have more findings than before. The Shanghai sample is the clean base where a rule can be
shown on it; the Lüliang sample where a rule needs its features (the Shanxi 13-table layout,
tab-separated amounts in 万元, the "三公" rows, the project performance forms, numbered tables).
"""

from __future__ import annotations

import csv
import re
import shutil
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest

from budgetld.defaults import TOLERANCE
from budgetld.model import Disclosure
from budgetld.parse import parse_file
from budgetld.rdf import DEFAULT_BASE, build_triples
from budgetld.rdf.vocab import BLD, SKOS
from budgetld.validate import Report, validate, validate_bundle
from budgetld.validate.engine import codelist, disclosure_node, reference_names, tolerance_triple
from budgetld.validate.rules import Rule, rules, select

from conftest import LVLIANG, SHANGHAI

PUBLISHED = Path(__file__).resolve().parents[1] / "datapackages"

ALL_RULES = sorted(rule.id for rule in rules())


def rule_counts(report: Report) -> Counter:
    return Counter(f.rule for f in report.findings)


@pytest.fixture(scope="session")
def baseline(request) -> Callable[[Path], Counter]:
    """Findings per rule of the unmodified samples, validated once per session."""
    fixtures = {LVLIANG: "lvliang", SHANGHAI: "shanghai"}
    cache: dict[Path, Counter] = {}

    def get(sample: Path) -> Counter:
        if sample not in cache:
            disclosure: Disclosure = request.getfixturevalue(fixtures[sample])
            cache[sample] = rule_counts(validate(disclosure)[0])
        return cache[sample]

    return get


# --- text editing helpers ---------------------------------------------------------------------


def sub(text: str, old: str, new: str, count: int = 1) -> str:
    """Replace ``old`` (which must occur exactly ``count`` times) by ``new``."""
    assert text.count(old) == count, f"{old!r} occurs {text.count(old)} times, not {count}"
    return text.replace(old, new)


def cut(text: str, start: str, end: str | None = None) -> str:
    """Remove the text from ``start`` up to (not including) ``end``, or to the end of the file."""
    assert text.count(start) == 1, f"{start!r} is not unique"
    at = text.index(start)
    stop = text.index(end, at + 1) if end is not None else len(text)
    return text[:at] + text[stop:]


def in_table(title: str, *edits: tuple[str, str] | tuple[str, str, int]) -> Callable[[str], str]:
    """Apply replacements only within one table of the Shanghai text layer: from the page that
    starts with ``title`` to the page of the next table (the same row is printed alike in
    several tables)."""

    def edit(text: str) -> str:
        start = text.index("\f" + title)
        stop = text.find("\f2026年部门", start + 1)
        stop = len(text) if stop < 0 else stop
        table = text[start:stop]
        for args in edits:
            table = sub(table, *args)
        return text[:start] + table + text[stop:]

    return edit


def subs(*edits: tuple[str, str] | tuple[str, str, int]) -> Callable[[str], str]:
    def edit(text: str) -> str:
        for args in edits:
            text = sub(text, *args)
        return text

    return edit


SH_EXPENDITURE = "2026年部门支出预算总表"
SH_REVENUE = "2026年部门收入预算总表"
SH_ECONOMIC = "2026年部门一般公共预算基本支出部门预算经济分类预算表"
SH_SUMMARY = "2026年部门财务收支预算总表"
SH_THREE_PUBLIC_ROW = "114.22 0.00 0.46 113.76 75.00 38.76 507.25"


def _cut(start: str, end: str | None = None) -> Callable[[str], str]:
    return lambda text: cut(text, start, end)


def _unit_of_first_table(new: str) -> Callable[[str], str]:
    """Change the unit line of the 财务收支预算总表 only (all tables print the same line)."""
    line = "编制部门：普陀区城市管理行政执法局 单位：元"
    return in_table(SH_SUMMARY, (line, new))


def _clean_shanghai(text: str) -> str:
    """The Shanghai sample without its two known defects: the template instruction under
    七、绩效目标 and page 23 repeating the lines of page 22 from "2.构建监控网络" on."""
    text = sub(text, "\n（包括总目标、年度目标、分解目标等，具体见表格）", "")
    tail = "第三方无证点位复核以及数"
    first = text.index(tail) + len(tail)
    second = text.index(tail, first) + len(tail)
    assert text[first] == "\f" and text[second] == "\n"
    return text[:first] + "\f" + text[second + 1:]


_DUTIES = ("3.负责建立和完善城管执法巡查、执法信息共享机制；建立违法行为举报制度，定期组织社会评议。\n"
           "4.负责对街道（镇）城市管理行政执法工作的指导、监督、检查、考核，以及对跨区域执法整治等工作的协调和指挥。\n")

CASES = [
    # --- completeness ---
    ("COMP-001", SHANGHAI,
     # a required table (政府性基金预算支出表) left out of the published document
     _cut("\f2026年部门政府性基金预算支出功能分类预算表",
          "\f2026年部门国有资本经营预算支出功能分类预算表"),
     "required table missing"),
    ("COMP-002", SHANGHAI,
     # an empty table published without its 本表无数据 note
     subs(("\n注：本年度无政府性基金预算支出，故本表无数据", "")),
     "empty table without note"),
    ("COMP-003", SHANGHAI,
     # a 本表无数据 note left under a table that holds amounts
     subs((SH_THREE_PUBLIC_ROW, SH_THREE_PUBLIC_ROW + "\n注：本表无数据")),
     "no-data note on table with data"),
    ("COMP-004", SHANGHAI,
     # the required section 国有资产占有使用情况 left out
     _cut("五、国有资产占有使用情况", "\f项目经费情况说明"),
     "required section missing"),
    ("COMP-005", SHANGHAI,
     # the "三公" section forgets to state the 公务接待费
     subs(("\n（三）公务接待费0.46万元。与2025年预算持平，主要原因是公务接待费预算无变化。", "")),
     "三公 item not stated"),
    ("COMP-006", SHANGHAI,
     # the "三公" section states increases but no reason (every 原因 clause dropped)
     subs(("增加27万元，主要原因公务用车购置费增加。", "增加27万元。"),
          ("增加27万元，主要原因是2026年度预计淘汰更新执法车辆5辆，比2025年增加2辆；", "增加27万元；"),
          ("年预算持平，主要原因是严控公车运维科目开支。", "年预算持平。"),
          ("与2025年预算持平，主要原因是公务接待费预算无变化。", "与2025年预算持平。")),
     "三公 change without reason"),
    ("COMP-007", SHANGHAI,
     # the procurement section forgets the 工程 amount
     subs(("政府采购工程预算0万元、", "")),
     "procurement item not stated"),
    # --- types and codes ---
    ("TYPE-002", SHANGHAI,
     # a table printed without its 单位：元 line
     _unit_of_first_table("编制部门：普陀区城市管理行政执法局"),
     "table without unit"),
    ("TYPE-002", SHANGHAI,
     # a table in a unit the unit code list lacks (not 元 at a scale): no unit is read
     _unit_of_first_table("编制部门：普陀区城市管理行政执法局 单位：美元"),
     "table in an unknown unit"),
    ("TYPE-003", SHANGHAI,
     # an economic class code that is not in the 2026 list (30298 for 30299)
     subs(("302 99 其他商品和服务支出", "302 98 其他商品和服务支出")),
     "code not in code list"),
    ("TYPE-004", SHANGHAI,
     # an economic class printed under another name (办公经费 for 办公费)
     subs(("302 01 办公费", "302 01 办公经费")),
     "code label differs from list"),
    ("TYPE-005", SHANGHAI,
     # a table title left with last year's year
     subs(("\f2026年部门国有资本经营预算支出功能分类预算表",
           "\f2025年部门国有资本经营预算支出功能分类预算表")),
     "table titled with another year"),
    # --- arithmetic ---
    ("ARITH-001", SHANGHAI,
     # 支出总表: 基本支出 of 城管执法 raised by 1 元 on its 类/款/项 rows and in 合计, the 合计
     # column not updated: total != basic + project on those rows only
     in_table(SH_EXPENDITURE,
             ("33,775,592 22,783,399 10,992,193", "33,775,592 22,783,400 10,992,193", 3),
             ("合计 47,483,458 36,197,265 11,286,193", "合计 47,483,458 36,197,266 11,286,193")),
     "total column != sum of its parts"),
    ("ARITH-002", SHANGHAI,
     # 支出总表: the 款 城乡社区管理事务 row raised by 1 元 (consistently across its own
     # columns), its 类 and 项 rows not
     in_table(SH_EXPENDITURE, ("212 01 城乡社区管理事务 33,775,592 22,783,399 10,992,193",
                              "212 01 城乡社区管理事务 33,775,593 22,783,400 10,992,193")),
     "class != sum of its sub-items"),
    ("ARITH-003", LVLIANG,
     # 政府性基金预算支出表 (tab-separated: every amount in its cell) filled in with a class of
     # 0.05 万元 under a 合计 of 0 (the text layer's tables cannot show this rule: an error in
     # their sums leaves the amounts those sums would have placed in no column, unchecked)
     subs(("2024年政府性基金预算支出表（不含上年结转）\n\n单位名称：吕梁市创业就业服务中心\n\n单位：万元\n\n"
           "科目编码\t科目名称\t合计\t基本支出\t项目支出\n合计\t\t\t\t\n\n注：本表无数据\n",
           "2024年政府性基金预算支出表（不含上年结转）\n\n单位名称：吕梁市创业就业服务中心\n\n单位：万元\n\n"
           "科目编码\t科目名称\t合计\t基本支出\t项目支出\n合计\t\t0.00\t0.00\t\n"
           "212\t城乡社区支出\t0.05\t0.05\t\n")),
     "合计 row != sum of the classes"),
    ("ARITH-004", LVLIANG,
     # 收支总表: revenue raised by 0.02 万元 on every revenue row (and where the narrative quotes
     # it), the expenditure side not: 收入总计 != 支出总计
     subs(("一、一般公共预算\t340.43\t", "一、一般公共预算\t340.45\t"),
          ("本年收入合计\t340.43\t", "本年收入合计\t340.45\t"),
          ("收入总计\t340.43\t", "收入总计\t340.45\t"),
          ("预算收入总计340.43万元，其中：本年收入340.43万元",
           "预算收入总计340.45万元，其中：本年收入340.45万元"),
          ("服务中心预算收入340.43万元", "服务中心预算收入340.45万元")),
     "revenue total != expenditure total"),
    ("ARITH-005", LVLIANG,
     # 收支总表: a 上年结转 entered on the revenue side, 收入总计 not updated
     subs(("上年结转\t\t年终结转", "上年结转\t0.10\t年终结转")),
     "grand total != year + carry-over"),
    ("ARITH-006", LVLIANG,
     # 收支总表: an amount entered for 节能环保支出, 本年支出合计 not updated
     subs(("\t\t十一、节能环保支出\t\t\t\n", "\t\t十一、节能环保支出\t0.10\t0.10\t\n")),
     "side total != sum of numbered items"),
    ("ARITH-007", LVLIANG,
     # "三公" table: 公务用车购置及运行费 subtotal off its 购置费 + 运行维护费 (and off 合计)
     subs(("公务用车购置及运行费\t2.80\t2.80", "公务用车购置及运行费\t2.90\t2.90")),
     "item != sum of its sub-items"),
    ("ARITH-008", LVLIANG,
     # 机关运行经费表: the unit's row changed, 部门合计 not
     subs(("吕梁市创业就业服务中心\t17.65\t17.65", "吕梁市创业就业服务中心\t17.75\t17.75")),
     "list total != sum of rows"),
    # --- consistency across tables ---
    ("CONS-001", SHANGHAI,
     # 收支总表 prints 一般公共预算 收入 1 元 lower than 财政拨款收支总表
     subs(("1. 一般公共预算 47,483,458二、", "1. 一般公共预算 47,483,457二、")),
     "same figure differs between tables"),
    ("CONS-002", SHANGHAI,
     # 收支总表: 1 元 moved from 卫生健康支出 to 住房保障支出 (its total still right)
     subs(("47,483,458二、卫生健康支出 1,439,040", "47,483,458二、卫生健康支出 1,439,039"),
          ("3. 国有资本经营预算 四、住房保障支出 5,871,730",
           "3. 国有资本经营预算 四、住房保障支出 5,871,731")),
     "function class differs between tables"),
    ("CONS-003", SHANGHAI,
     # 经济分类表: 200 元 moved from 公务接待费 to 其他商品和服务支出, below the "三公" table's 0.46 万元
     in_table(SH_ECONOMIC,
             ("302 17 公务接待费 4,600 4,600", "302 17 公务接待费 4,400 4,400"),
             ("302 99 其他商品和服务支出 1,160,920 1,160,920",
              "302 99 其他商品和服务支出 1,161,120 1,161,120")),
     "三公 item above its economic class"),
    ("CONS-004", SHANGHAI,
     # 机关运行经费 stated as 507.27 万元 (table and narrative), above the 公用经费 5,072,538 元
     subs((SH_THREE_PUBLIC_ROW, "114.22 0.00 0.46 113.76 75.00 38.76 507.27"),
          ("机关运行经费预算为507.25万元", "机关运行经费预算为507.27万元")),
     "operating expenses above public expenses"),
    ("CONS-005", SHANGHAI,
     # the "三公" table printed without its amounts (本表无数据) while the narrative gives them:
     # not compared with 0, reported once
     in_table("2026年部门“三公”经费和机关运行经费预算表", (SH_THREE_PUBLIC_ROW, "注：本表无数据")),
     "table without data where a figure is given"),
    # --- narrative vs tables ---
    ("NARR-001", SHANGHAI,
     # the narrative quotes 机关运行经费 10 万元 more than the table
     subs(("机关运行经费预算为507.25万元", "机关运行经费预算为517.25万元")),
     "narrative amount differs from table"),
    ("NARR-010", SHANGHAI,
     # 2,614,680 元 quoted as 261.46 万元: cut, not rounded (261.47) — no contradiction
     subs(("行政单位离退休（项）”261.47万元", "行政单位离退休（项）”261.46万元")),
     "narrative figure cut instead of rounded"),
    ("NARR-002", LVLIANG,
     # a mistyped percentage of change (42.70% for 41.70%)
     subs(("下降41.70%，主要原因是本单位机构改革，人员分流，减少正式职人数13人，退休人员11人，离休1人；",
           "下降42.70%，主要原因是本单位机构改革，人员分流，减少正式职人数13人，退休人员11人，离休1人；")),
     "percentage of change wrong"),
    ("NARR-003", LVLIANG,
     # a share that does not follow from its amounts (0 万元 said to be 10% of 340.43 万元)
     subs(("一般公共预算拨款收入0万元，占0%", "一般公共预算拨款收入0万元，占10%")),
     "share wrong"),
    ("NARR-004", SHANGHAI,
     # the narrative claims 2 published performance tables, the document has 1
     subs(("涉及项目预算资金1099.22万元。",
           "涉及项目预算资金1099.22万元，公开项目绩效目标2个。")),
     "published performance count wrong"),
    # --- performance targets ---
    ("PERF-001", LVLIANG,
     # a performance form whose 项目名称 cell is blank
     subs(("项目名称\t\t孵化基地日常工作经费\t", "项目名称\t\t\t")),
     "project name missing"),
    ("PERF-002", SHANGHAI,
     # the funds block of the form left out
     _cut("项目资金总额 10,308,000.00", "项目总体目标\n"),
     "project without funds"),
    ("PERF-003", LVLIANG,
     # a project with targets but 0 annual funds (创业就业政策指导工作经费)
     subs(("300,000\t\t年度资金总额：\t\t100,000", "300,000\t\t年度资金总额：\t\t0"),
          ("300,000\t\t市县（区）财政资金\t\t100,000", "300,000\t\t市县（区）财政资金\t\t0")),
     "project with zero funds"),
    ("PERF-004", SHANGHAI,
     # the objectives (项目总体目标 / 年度总体目标) of the form left out
     _cut("项目总体目标\n", "一级指标 二级指标 三级指标"),
     "project without objectives"),
    ("PERF-005", SHANGHAI,
     # the indicator table of the form left out
     _cut("一级指标 二级指标 三级指标"),
     "project without indicators"),
    ("PERF-006", SHANGHAI,
     # the 满意度指标 rows of the form left out
     _cut("服务对象满意度\n满意度指标"),
     "project without satisfaction indicators"),
    ("PERF-007", SHANGHAI,
     # an indicator without its target value
     subs(("时效指标 新增违建处置率 =100.00(%)", "时效指标 新增违建处置率")),
     "indicator without target"),
    ("PERF-008", SHANGHAI,
     # the narrative quotes the project's annual funds 10 万元 too high (in both copies of
     # the paragraph the extraction repeated)
     subs(("拆违经费预算金额为349.80万元", "拆违经费预算金额为359.80万元", 2)),
     "quoted project funds differ"),
    # --- template leftovers ---
    ("TMPL-001", SHANGHAI,
     # the 截至 date of the asset section left as the template's 0年0月0日
     subs(("截至2025年8月31日", "截至0年0月0日")),
     "placeholder date"),
    ("TMPL-002", SHANGHAI,
     # a placeholder XX left in the duties
     subs(("7.承办区政府交办的其他事项。", "7.承办XX交办的其他事项。")),
     "placeholder value"),
    ("TMPL-002", LVLIANG,
     # a placeholder left in the note of a table without data
     subs(("单位资金\t\n合计\t\t\t\t\t\t\t\t\n\n注：本表无数据",
           "单位资金\t\n合计\t\t\t\t\t\t\t\t\n\n注：本表无数据（原因待补充）")),
     "placeholder in a table's note (found on the table)"),
    ("TMPL-003", SHANGHAI,
     # the template's alternatives 增加（减少） left in place
     subs(("财政拨款收入4748.35万元，比2025年预算减少19.79万元",
           "财政拨款收入4748.35万元，比2025年预算增加（减少）19.79万元")),
     "template alternatives kept"),
    ("TMPL-004", SHANGHAI,
     # a template instruction （具体见附表） left in the asset section
     subs(("辆）0套。", "辆）0套（具体见附表）。")),
     "template instruction kept"),
    ("TMPL-005", SHANGHAI,
     # provincial boilerplate (省直部门) copied into a district unit's glossary
     subs(("是与区级财政有经费领拨关系的部门", "是与区级财政有经费领拨关系的省直部门")),
     "other-level boilerplate"),
    ("TMPL-006", LVLIANG,
     # one more table numbered in yet another style (公开表11 among 预算公开表N)
     subs(("\n2024年财政拨款安排机关运行经费预算表\n",
           "\n公开表11\n\n2024年财政拨款安排机关运行经费预算表\n")),
     "inconsistent table numbering"),
    # --- what the parser could not read ---
    ("QUAL-001", SHANGHAI,
     # two lines of the duties printed twice by the extraction
     lambda text: sub(text, _DUTIES, _DUTIES + _DUTIES),
     "repeated text"),
    ("QUAL-002", LVLIANG,
     # a cell of the "三公" table reading 无 instead of blank
     subs(("因公出国（境）费\t\t\t\t", "因公出国（境）费\t无\t\t\t")),
     "unreadable cell"),
]

#: Cases of the rules added for the reviewers' checks and the coverage policy; the last item
#: is a piece of the edited text on whose line the new finding must stand.
LOCATED = [
    ("TYPE-006", SHANGHAI,
     # a 项 the 2026 list lacks under a listed 款 whose 项 it may not all hold (20805)
     subs(("208 05 99 其他行政事业单位养老支出", "208 05 98 其他行政事业单位养老支出", 3)),
     "unlisted item where the list is incomplete", "208 05 98 其他行政事业单位养老支出"),
    ("TEXT-001", SHANGHAI,
     # a word doubled in a change phrase
     subs(("财政拨款收入4748.35万元，比2025年预算减少19.79万元",
           "财政拨款收入4748.35万元，比2025年预算减少减少19.79万元")),
     "doubled word", "比2025年预算减少减少"),
    ("TEXT-002", SHANGHAI,
     # a change phrase that says both increased and unchanged
     subs(("（一）因公出国（境）费0万元，与2025年预算持平。", "（一）因公出国（境）费0万元，比2025年预算增加持平。")),
     "contradictory change phrase", "比2025年预算增加持平"),
    ("TEXT-003", SHANGHAI,
     # thousands separated by a full-width comma (the figure is still read as 4748.35)
     subs(("收入预算4748.35万元", "收入预算4，748.35万元")),
     "full-width comma in an amount", "4，748.35"),
    ("NAME-001", SHANGHAI,
     # the 编制部门 of the first table left blank
     _unit_of_first_table("编制部门： 单位：元"),
     "blank unit name", "2026年部门财务收支预算总表\n"),
    ("NAME-002", SHANGHAI,
     # a headline sentence naming the unit without its district
     subs(("2026年，普陀区城市管理行政执法局收入预算", "2026年，城市管理行政执法局收入预算")),
     "unit name without its district", "2026年，城市管理行政执法局收入预算"),
    ("NARR-005", SHANGHAI,
     # 2,614,680 元 quoted as 262 万元: 261.468 rounds to 261, not 262
     subs(("行政单位离退休（项）”261.47万元", "行政单位离退休（项）”262万元")),
     "figure rounded wrongly", "262万元"),
    ("NARR-006", SHANGHAI,
     # 机关运行经费 quoted in 元 where 万元 is meant
     subs(("机关运行经费预算为507.25万元", "机关运行经费预算为507.25元")),
     "amount 10 000 times off", "507.25元"),
    ("NARR-007", SHANGHAI,
     # the procurement budget (in no table) stated twice, differently
     subs(("涉及项目预算资金1099.22万元。", "涉及项目预算资金1099.22万元，政府采购预算605.28万元。")),
     "narrative contradicts itself", "2026年本部门政府采购预算595.28万元"),
    ("NARR-008", LVLIANG,
     # the fiscal appropriation total stated (again) as 0 against the 340.43 of table 1
     subs(("2、项目绩效目标\n", "2、项目绩效目标\n\n财政拨款收支总预算0万元。\n")),
     "total below its parts", "财政拨款收支总预算0万元。\n"),
    ("NARR-009", SHANGHAI,
     # 住房公积金 described as medical insurance
     lambda text: re.sub(r"(住房公积金（项）”264\.97万元，主要用于)[^。]*。", r"\1行政单位基本医疗保险缴费。", text),
     "item described as another item", "住房公积金（项）”264.97万元"),
    ("PLAU-001", SHANGHAI,
     # assets as of a date inside the budget year
     subs(("截至2025年8月31日", "截至2026年8月31日")),
     "asset date after the budget year began", "截至2026年8月31日"),
    ("TMPL-002", LVLIANG,
     # a placeholder left in a glossary definition
     subs(("基本支出：指为保障机构正常运转", "基本支出：指为保障XX正常运转")),
     "placeholder in the glossary", "基本支出：指为保障XX正常运转"),
    ("PLAU-002", LVLIANG,
     # a procurement total of 0 beside the project that buys services (stated once more)
     subs(("2、项目绩效目标\n", "2、项目绩效目标\n\n政府采购预算总额0万元。\n")),
     "procurement 0 beside bought services", "政府采购预算总额0万元。\n"),
]


def _rule_of(case) -> str:
    return case.values[0] if hasattr(case, "values") else case[0]


def test_every_rule_has_a_case():
    """Every rule has a document case, but TYPE-001: the model takes only decimal amounts in
    the unit code list's units (an unknown unit is not read, TYPE-002), so parsed documents
    cannot break it; it checks RDF other tools wrote (:func:`test_type_001_checks_rdf_other_tools_wrote`)."""
    assert len(ALL_RULES) == 59
    assert sorted({_rule_of(case) for case in [*CASES, *LOCATED]} | {"TYPE-001"}) == ALL_RULES


def _fires_alone(baseline, variant, rule, sample, edit, description) -> tuple[str, Report]:
    text = sample.read_text(encoding="utf-8")
    edited = edit(text)
    assert edited != text
    report, _ = validate(variant(sample, edited))
    base, found = baseline(sample), rule_counts(report)
    changed = {r for r in ALL_RULES if base[r] != found[r]}
    assert changed == {rule}, f"{description}: findings changed for {sorted(changed)}"
    assert found[rule] > base[rule]
    return edited, report


@pytest.mark.parametrize("rule,sample,edit,description", CASES,
                         ids=[_rule_of(case) for case in CASES])
def test_rule_fires_alone(baseline, variant, rule, sample, edit, description):
    _fires_alone(baseline, variant, rule, sample, edit, description)


@pytest.fixture(scope="session")
def baseline_lines(request) -> Callable[[Path, str], Counter]:
    """The lines of one rule's findings on an unmodified sample."""
    fixtures = {LVLIANG: "lvliang", SHANGHAI: "shanghai"}
    cache: dict[Path, Report] = {}

    def get(sample: Path, rule: str) -> Counter:
        if sample not in cache:
            cache[sample] = validate(request.getfixturevalue(fixtures[sample]))[0]
        return Counter(f.location.line for f in cache[sample].findings if f.rule == rule)

    return get


@pytest.mark.parametrize("rule,sample,edit,description,at", LOCATED, ids=[c[0] for c in LOCATED])
def test_rule_fires_alone_at_its_line(baseline, baseline_lines, variant, rule, sample, edit,
                                      description, at):
    edited, report = _fires_alone(baseline, variant, rule, sample, edit, description)
    line = edited[:edited.index(at)].count("\n") + 1
    before, added = baseline_lines(sample, rule).copy(), []
    for f in (f for f in report.findings if f.rule == rule):
        if before[f.location.line] > 0:
            before[f.location.line] -= 1
        else:
            added.append(f)
    assert added and all(f.location.line <= line <= (f.location.line_end or f.location.line)
                         for f in added), [(f.location, f.message_en) for f in added]


@pytest.mark.parametrize("old,new", [
    ('bld:amount "47483458"^^xsd:decimal', 'bld:amount "4.7483458E7"^^xsd:double'),  # a float
    ('bld:unitMeasure <https://w3id.org/budgetld/code/unit/yuan>',                 # no unit
     'bld:unitMeasureNote "元"'),
])
def test_type_001_checks_rdf_other_tools_wrote(tmp_path, old, new):
    # the parser never makes such amounts, but `budgetld validate BUNDLE` reads RDF that any
    # tool may have written or edited: one observation stored as a float, or without its unit
    bundle = shutil.copytree(next(PUBLISHED.glob("shanghai-*")), tmp_path / "bundle")
    turtle = (bundle / "disclosure.ttl").read_text(encoding="utf-8")
    assert old in turtle
    (bundle / "disclosure.ttl").write_text(turtle.replace(old, new, 1), encoding="utf-8")
    before, _ = validate_bundle(next(PUBLISHED.glob("shanghai-*")))
    after, _ = validate_bundle(bundle)
    changed = {r for r in ALL_RULES if rule_counts(before)[r] != rule_counts(after)[r]}
    assert changed == {"TYPE-001"} and rule_counts(after)["TYPE-001"] == 1


def test_a_placeholder_date_is_reported_once(variant):
    # one 截至 statement, read as several asset facts on consecutive lines
    text = subs(("截至2025年8月31日", "截至0年0月0日"))(SHANGHAI.read_text(encoding="utf-8"))
    report, _ = validate(variant(SHANGHAI, text))
    assert sum(f.rule == "TMPL-001" for f in report.findings) == 1


def test_a_blank_name_on_a_text_layer_form_stays_blank(variant):
    # the PDF broke 项目性质's value around the name line (阶段 / 性项 / 目); with the name
    # blank, those pieces must not become the project's name
    text = subs(("项目名称 拆违经费 项目性质", "项目名称 项目性质"))(SHANGHAI.read_text(encoding="utf-8"))
    d = variant(SHANGHAI, text)
    assert [p.name for p in d.projects] == [None]
    report, _ = validate(d)
    assert [f.rule for f in report.findings if f.severity == "violation"] == ["PERF-001"]


def test_clean_document_has_no_violations_or_warnings(variant):
    report, _ = validate(variant(SHANGHAI, _clean_shanghai(SHANGHAI.read_text(encoding="utf-8"))))
    assert report.counts["violation"] == 0 and report.counts["warning"] == 0, \
        [(f.rule, f.message_en) for f in report.findings if f.severity != "info"]
    # the instruction (TMPL-004, an info) is gone too; what is left are the parser's notes on
    # amounts placed without their blank cells
    assert {f.rule for f in report.findings} <= {"QUAL-002"}


def test_tolerance_option(shanghai, variant):
    # the "三公" total (万元) printed 0.01 above its parts, the narrative quoting it alike
    text = subs((SH_THREE_PUBLIC_ROW, "114.23 0.00 0.46 113.76 75.00 38.76 507.25"),
                ("“三公”经费预算数为114.22万元", "“三公”经费预算数为114.23万元"))(
        SHANGHAI.read_text(encoding="utf-8"))
    d = variant(SHANGHAI, text)

    def arithmetic(report: Report) -> dict[str, int]:
        return {r: n for r, n in rule_counts(report).items() if r.startswith("ARITH")}

    assert arithmetic(validate(shanghai, tolerance=Decimal("0"))[0]) == {}
    assert arithmetic(validate(d)[0]) == {}
    assert arithmetic(validate(d, tolerance=Decimal("0"))[0]) == {"ARITH-001": 1}


# --- the coverage policy of the code lists ------------------------------------------------------


def _by_rule(report: Report) -> dict[str, list]:
    out: dict[str, list] = {}
    for f in report.findings:
        out.setdefault(f.rule, []).append(f)
    return out


def test_codes_the_list_lacks_are_judged_by_its_coverage(variant):
    # 2210209 under 22102 (项 complete), 2128804 under an unknown 款 21288, 2080598 under
    # 20805 (项 not all listed), 30298 (款, complete)
    text = subs(("221 02 03 购房补贴", "221 02 09 购房补贴", 3),
                ("212 01 04 城管执法", "212 88 04 城管执法", 3),
                ("208 05 99 其他行政事业单位养老支出", "208 05 98 其他行政事业单位养老支出", 3),
                ("302 99 其他商品和服务支出", "302 98 其他商品和服务支出"))(SHANGHAI.read_text(encoding="utf-8"))
    d = variant(SHANGHAI, text)
    found = _by_rule(validate(d)[0])
    codes = {f.message_en.split()[1]: f for f in found["TYPE-003"]}
    assert set(codes) == {"2210209", "2128804", "30298"} and len(found["TYPE-003"]) == 7
    assert "every item of section 22102" in codes["2210209"].message_en
    assert "section 21288 is not in the list either" in codes["2128804"].message_en
    (observed,) = found["TYPE-006"]
    assert observed.severity == "info" and "2080598" in observed.message_en
    # recorded with its published name, where it is seen, and in codes.csv as not in the list
    from budgetld.package import PackageOptions, build_package
    triples = build_triples(d, DEFAULT_BASE)
    node = next(t.subject for t in triples if t.object == BLD.ObservedCode
                and str(t.subject.value).endswith("/observed-code/2080598"))
    about = {(t.predicate, t.object.value) for t in triples if t.subject == node}
    assert (SKOS.prefLabel, "其他行政事业单位养老支出") in about
    assert sum(p == BLD.seenIn for p, _ in about) == 3
    codes_csv = build_package(d, PackageOptions("variant", "2026-01-01"))["codes.csv"].decode("utf-8")
    assert ["2080598", "function", "项", "其他行政事业单位养老支出", "", "false", "20805"] in \
        list(csv.reader(codes_csv.splitlines()))


def test_a_name_from_another_edition_or_code_says_so(variant):
    text = subs(("208 05 行政事业单位养老支出", "208 05 行政事业单位离退休", 3),
                ("302 01 办公费", "302 01 印刷费"))(SHANGHAI.read_text(encoding="utf-8"))
    found = _by_rule(validate(variant(SHANGHAI, text))[0])
    messages = {f.message_en for f in found["TYPE-004"]}
    assert len(found["TYPE-004"]) == 4 and all(f.severity == "warning" for f in found["TYPE-004"])
    assert any(m.endswith("(its name in another year's edition)") for m in messages)
    assert any(m.endswith("(the name of code 30202)") for m in messages)


def test_the_code_lists_state_their_coverage():
    from budgetld.rdf.codelists import codelist_files
    text = codelist_files()["function-2026.ttl"].decode("utf-8")
    assert "<https://w3id.org/budgetld/code/function/2026/22102> a skos:Concept" in text
    block = text[text.index("<https://w3id.org/budgetld/code/function/2026/22102> a"):]
    assert "bld:itemsComplete true" in block[:block.index(" .\n")]
    assert 'bld:coverageGap "209"' in text or 'bld:coverageGap "209" ,' in text


# --- the general forms of the reviewers' checks ------------------------------------------------


@pytest.mark.parametrize("instruction", [
    "（如办公费、印刷费、差旅费等）",          # what to write, listed, ending in 等
    "（主要包括人员经费、公用经费等，具体见附表）",
    "（按实际发生的经济分类科目填写）",          # telling what to fill in
])
def test_template_instructions_of_any_wording(variant, instruction):
    text = subs(("辆）0套。", f"辆）0套{instruction}。"))(SHANGHAI.read_text(encoding="utf-8"))
    found = _by_rule(validate(variant(SHANGHAI, text))[0])
    # beside the sample's own instruction (under 七、绩效目标)
    assert sorted((f.severity, instruction in f.message_zh) for f in found["TMPL-004"]) == [
        ("warning", False), ("warning", True)]


def test_a_placeholder_unit_name_in_a_table_header(variant):
    text = _unit_of_first_table("编制部门：XX局 单位：元")(SHANGHAI.read_text(encoding="utf-8"))
    found = _by_rule(validate(variant(SHANGHAI, text))[0])
    (name,) = found["NAME-002"]
    assert name.actual == "XX局" and name.location.table == "2026年部门财务收支预算总表"


def test_an_item_put_under_another_section(variant):
    # 行政单位医疗 is a 项 of 21011 (行政事业单位医疗), not of 住房改革支出
    text = subs(("住房保障支出（类）住房改革支出（款）住房公积金（项）",
                 "住房保障支出（类）住房改革支出（款）行政单位医疗（项）"))(SHANGHAI.read_text(encoding="utf-8"))
    found = _by_rule(validate(variant(SHANGHAI, text))[0])
    (item,) = found["NARR-009"]
    assert item.location.line == 69 and "'行政事业单位医疗'" in item.message_en


def test_a_full_width_comma_keeps_the_amount(variant):
    text = subs(("收入预算4748.35万元", "收入预算4，748.35万元"))(SHANGHAI.read_text(encoding="utf-8"))
    d = variant(SHANGHAI, text)
    (claim,) = [c for c in d.claims if "4，748.35" in c.text]
    assert claim.value == Decimal("4748.35") and claim.subject == "revenue.total"


def test_a_purpose_naming_another_items_spending(variant):
    """A purpose that names a topic's words is checked against the topic's codes; the word
    quoted is the first of the topic's words the purpose uses, and a purpose that also names
    its own code's topic is not a finding."""
    text = SHANGHAI.read_text(encoding="utf-8")
    text = re.sub(r"(城管执法（项）”3377\.56万元，主要用于)[^。]*。", r"\1提租补贴和住房公积金缴纳。", text)
    text = re.sub(r"(住房公积金（项）”264\.97万元，主要用于)[^。]*。", r"\1住房公积金和医疗保险缴费。", text)
    (finding,) = _by_rule(validate(variant(SHANGHAI, text))[0])["NARR-009"]
    assert "spending on '提租补贴'" in finding.message_en and "城管执法" in finding.message_en


def _store(year: int | None, *disclosures: list[ox.Quad]) -> ox.Store:
    """A store of the reference data of ``year`` and the triples of ``disclosures``."""
    store = ox.Store()
    store.bulk_extend([quad for name in reference_names(year) for quad in codelist(name)])
    for triples in disclosures:
        node, _ = disclosure_node(triples)
        assert node is not None
        store.extend([*triples, tolerance_triple(node, TOLERANCE)])
    return store


def _rows(store: ox.Store, rule: Rule, triples: list[ox.Quad]) -> list[str]:
    """A rule's solutions for the disclosure of ``triples``, every selected value kept."""
    node, _ = disclosure_node(triples)
    assert node is not None
    answer = select(store, rule.query, bindings={"this": node})
    names = [v.value for v in answer.variables]
    return sorted(repr(sorted((n, row[n].value) for n in names if row[n] is not None))
                  for row in answer)


def _other_unit(variant, sample: Path) -> list[ox.Quad]:
    """The triples of ``sample`` published by another unit (other IRIs), with no defect added."""
    name = parse_file(sample).meta.unit.name
    text = sample.read_text(encoding="utf-8").replace(name, f"{name[:-2]}第二{name[-2:]}")
    return build_triples(variant(sample, text), DEFAULT_BASE)


def _assert_reads_only_its_own(rule: str, defective: list[ox.Quad], other: list[ox.Quad]) -> None:
    year = disclosure_node(defective)[1]
    (checked,) = [r for r in rules() if r.id == rule]
    together = _store(year, defective, other)
    alone = _rows(_store(year, defective), checked, defective)
    assert alone, f"{rule} does not fire"
    assert _rows(together, checked, defective) == alone
    assert _rows(together, checked, other) == _rows(_store(year, other), checked, other)


@pytest.mark.parametrize("rule,sample,edit,description", [*CASES, *(c[:4] for c in LOCATED)],
                         ids=[_rule_of(case) for case in [*CASES, *LOCATED]])
def test_rule_reads_only_its_own_disclosure(variant, rule, sample, edit, description):
    """A graph may hold several disclosures (a corpus merged for pySHACL, a portal's triple
    store): every rule must then find for each disclosure exactly what it finds for it alone.
    The defective document shares a graph with the clean sample of another unit (other IRIs),
    and neither's findings may change."""
    defective = build_triples(variant(sample, edit(sample.read_text(encoding="utf-8"))), DEFAULT_BASE)
    _assert_reads_only_its_own(rule, defective, _other_unit(variant, sample))


def test_type_001_reads_only_its_own_disclosure(variant):
    # an amount another tool stored as a float, beside another unit's clean disclosure
    triples = build_triples(parse_file(SHANGHAI), DEFAULT_BASE)
    at = next(i for i, q in enumerate(triples) if q.predicate == BLD.amount)
    quad = triples[at]
    assert isinstance(quad.object, ox.Literal)
    triples[at] = ox.Quad(quad.subject, quad.predicate, ox.Literal(
        quad.object.value, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#double")))
    _assert_reads_only_its_own("TYPE-001", triples, _other_unit(variant, SHANGHAI))
