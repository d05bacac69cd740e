"""Clean variants of the samples, for the precision corpus (``test_precision.py``).

Each sample's real defects are repaired by edits named after them; then a variant renames the
unit and its region, moves the budget to another year, and replaces the classification codes
by other codes valid that year (taken from the code lists, across many 类), with their names
in that year's edition, everywhere the document prints them (coded rows, class rows named
without code, the narrative's “…（类）…（款）…（项）” items). Amounts stay as published, so
every table sum and every figure the narrative quotes still holds: a correct validator finds
nothing to report on them.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from budgetld.codelists import classification

#: Years the code lists cover that a variant may move to.
YEARS = tuple(range(2019, 2027))
_YEAR = re.compile(r"(?<![\d,.])(20[12]\d)(?![\d,])")


def sub(text: str, old: str, new: str, count: int = 1) -> str:
    """Replace ``old`` (which must occur exactly ``count`` times) by ``new``."""
    assert text.count(old) == count, f"{old!r} occurs {text.count(old)} times, not {count}"
    return text.replace(old, new)


def shift_years(text: str, delta: int) -> str:
    """Every year the text prints (2024年, 2026-12-31, （2024-2026）) moved by ``delta``."""
    return _YEAR.sub(lambda m: str(int(m.group(1)) + delta), text)


def name(code: str, year: int) -> str:
    """The name ``code`` has in the ``year`` edition of its classification."""
    scheme = {"3": "econ-dept", "5": "econ-gov"}.get(code[:1], "function")
    return classification(scheme).at(code, year)[0].zh


# --- choosing other codes -------------------------------------------------------------------

#: Names not picked: items with the words of purposes the validator reads as spending of
#: particular items (NARR-009), so that a neutral purpose stays neutral, and the 款 of the
#: government fund budget, which a general-budget table does not hold.
_TOPICAL = re.compile(r"医疗|养老|年金|公积金|购房|提租|抚恤|基金|收入安排的支出")


def function_tree(year: int) -> dict[str, dict[str, list[str]]]:
    """The year's function classification: 类 → 款 → 项 codes."""
    codes = sorted({c.code for c in classification("function").year_codes(year)})
    tree: dict[str, dict[str, list[str]]] = {}
    for code in codes:
        if len(code) == 3:
            tree.setdefault(code, {})
        elif len(code) == 5 and code[:3] in tree:
            tree[code[:3]].setdefault(code, [])
        elif len(code) == 7 and code[:3] in tree and code[:5] in tree[code[:3]]:
            tree[code[:3]][code[:5]].append(code)
    return tree


Shape = dict[str, dict[str, list[str]]]


def pick_codes(shape: Shape, year: int, rng: random.Random,
               allowed: Callable[[str], bool] = lambda name: True) -> dict[str, str]:
    """Other codes of ``year`` for the codes of ``shape`` (类 → 款 → 项 as a document uses
    them): each 类 replaced by a distinct 类 with enough 款 and 项, each 款 and 项 by one of
    its own; returns old → new for every level. ``allowed`` filters the 类 by name."""
    tree = function_tree(year)

    def fits(cls: str, need: dict[str, list[str]]) -> bool:
        sizes = sorted((len([i for i in items if not _TOPICAL.search(name(i, year))])
                        for items in tree[cls].values()), reverse=True)
        wanted = sorted((len(items) for items in need.values()), reverse=True)
        return len(sizes) >= len(wanted) and all(s >= w for s, w in zip(sizes, wanted, strict=False))

    mapping: dict[str, str] = {}
    used: set[str] = set()
    for cls, sections in shape.items():
        candidates = [c for c in tree if c not in used and allowed(name(c, year))
                      and not _TOPICAL.search(name(c, year)) and fits(c, sections)]
        new_cls = rng.choice(candidates)
        used.add(new_cls)
        mapping[cls] = new_cls
        free = {k: [i for i in v if not _TOPICAL.search(name(i, year))]
                for k, v in tree[new_cls].items() if not _TOPICAL.search(name(k, year))}
        for section, items in sorted(sections.items(), key=lambda kv: -len(kv[1])):
            new_section = rng.choice([k for k, v in free.items() if len(v) >= len(items)])
            mapping[section] = new_section
            for item, new_item in zip(items, rng.sample(free.pop(new_section), len(items)),
                                      strict=True):
                mapping[item] = new_item
    return mapping


def pick_economic(codes: list[str], keep: set[str], rng: random.Random) -> dict[str, str]:
    """Other 款 of the department economic classification, each within its own 类; codes in
    ``keep`` (those the "三公" items are matched to) stay."""
    listed = sorted({c.code for c in classification("econ-dept").codes if len(c.code) == 5})
    mapping = {}
    for cls in sorted({c[:3] for c in codes}):
        moving = [c for c in codes if c[:3] == cls and c not in keep]
        pool = [c for c in listed if c[:3] == cls and c not in keep]
        for old, new in zip(moving, sorted(rng.sample(pool, len(moving))), strict=True):
            mapping[old] = new
    return mapping


# --- the Shanghai 9-table layout (text layer of the PDF) -------------------------------------

_SPLIT_CODE = re.compile(r"(?<![\d,])(\d{3})(?: (\d{2}))?(?: (\d{2}))? ([^\s\d,][^\s\d]*)")


def shanghai_clean(text: str) -> str:
    """The Shanghai sample without its real defects: the template instruction under 七、绩效目标
    and page 23 repeating the lines of page 22 from "2.构建监控网络" on."""
    text = sub(text, "\n（包括总目标、年度目标、分解目标等，具体见表格）", "")
    tail = "第三方无证点位复核以及数"
    first = text.index(tail) + len(tail)
    second = text.index(tail, first) + len(tail)
    assert text[first] == "\f" and text[second] == "\n"
    return text[:first] + "\f" + text[second + 1:]


def _split_codes(text: str) -> list[tuple[str, str]]:
    """The codes printed split into 类 款 项 columns (``208 05 01 行政单位离退休``), with names."""
    found = []
    for m in _SPLIT_CODE.finditer(text):
        code = "".join(p for p in m.groups()[:3] if p)
        if code[0] in "23" and classification("econ-dept" if code[0] == "3" else "function").at(code, 2026):
            found.append((code, m.group(4)))
    return found


@dataclass(frozen=True)
class Variant:
    """How a clean variant differs from its sample: year, unit, region and code choice."""

    year: int
    seed: int
    district: str = ""
    city: str = ""
    unit: str = ""

    @property
    def id(self) -> str:
        return f"{self.year}-{self.seed}"


def shanghai_cells_variant(text: str, v: Variant, sample_year: int = 2026) -> str:
    """The Shanghai sample's cell-per-line extraction without its template instruction, as
    another district's department's budget of ``v.year`` (its codes, split over lines, stay:
    they keep their names in 2020–2026)."""
    text = sub(text, "\n（包括总目标、年度目标、分解目标等，具体见表格）", "")
    text = text.replace("普陀区城市管理行政执法局", f"{v.district}{v.unit}")
    text = text.replace("普陀区", v.district).replace("普陀", v.district[:2])
    return shift_years(text, v.year - sample_year)


def shanghai_variant(text: str, v: Variant, sample_year: int = 2026) -> str:
    """The clean Shanghai sample as another district's department's budget of ``v.year``."""
    rng = random.Random(v.seed)
    text = shanghai_clean(text)
    printed = _split_codes(text)
    shape: Shape = {}
    for code, _ in printed:
        if code[0] == "2":
            sections = shape.setdefault(code[:3], {})
            if len(code) >= 5:
                sections.setdefault(code[:5], [])
            if len(code) == 7:
                sections[code[:5]].append(code)
    function = pick_codes(shape, v.year, rng)
    economic = pick_economic(sorted({c for c, _ in printed if c[0] == "3" and len(c) == 5}),
                             {"30217", "30231"}, rng)
    mapping = {**function, **economic}

    classes = {name(old, sample_year): name(new, v.year) for old, new in function.items()
               if len(old) == 3}

    def replace(m: re.Match[str]) -> str:
        if m.group("item"):  # the narrative's items: names along the path, a neutral purpose
            new = function[_path_code(m.group("cls"), m.group("section"), m.group("item"), sample_year)]
            return (f"“{name(new[:3], v.year)}（类）{name(new[:5], v.year)}（款）"
                    f"{name(new, v.year)}（项）”{m.group('amount')}，主要用于该科目的各项支出。")
        if m.group("code"):  # a code split into columns, with its name
            code = "".join(p for p in (m.group("code"), m.group("section_code"), m.group("item_code")) if p)
            if code not in mapping or m.group("name") != name(code, sample_year):
                return m.group(0)
            new = mapping[code]
            return " ".join(p for p in (new[:3], new[3:5], new[5:7]) if p) + " " + name(new, v.year)
        return classes[m.group("class")]  # a 类 printed by name only

    pattern = re.compile(
        r"“(?P<cls>[^（”]+)（类）(?P<section>[^（”]+)（款）(?P<item>[^（”]+)（项）”(?P<amount>[\d.]+万元)，主要用于[^。]*。"
        r"|(?<![\d,])(?P<code>\d{3})(?: (?P<section_code>\d{2}))?(?: (?P<item_code>\d{2}))? (?P<name>[^\s\d,][^\s\d]*)"
        r"|(?P<class>" + "|".join(sorted(map(re.escape, classes), key=len, reverse=True)) + ")")
    text = pattern.sub(replace, text)
    text = text.replace("普陀区城市管理行政执法局", f"{v.district}{v.unit}")
    text = text.replace("普陀区", v.district).replace("普陀", v.district[:2])
    return shift_years(text, v.year - sample_year)


def _path_code(cls: str, section: str, item: str, year: int) -> str:
    """The function code whose 类, 款 and 项 have these names in ``year``."""
    scheme = classification("function")
    for code in scheme.year_codes(year):
        if len(code.code) == 7 and code.zh == item and name(code.code[:5], year) == section \
                and name(code.code[:3], year) == cls:
            return code.code
    raise KeyError(f"{cls}/{section}/{item}")


# --- the Shanxi 13-table layout (tab-separated text) -----------------------------------------

_NUMBERS = "一二三四五六七八九十"


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


def _split(total: Decimal, parts: int, rng: random.Random) -> list[Decimal]:
    """``total`` cut into ``parts`` positive amounts (to the cent) that add up to it."""
    cents = int(total * 100)
    cuts = sorted(rng.sample(range(1, cents), parts - 1))
    return [Decimal(b - a) / 100 for a, b in zip([0, *cuts], [*cuts, cents], strict=True)]


def _fill_named(block: str, names: dict[str, list[str]]) -> str:
    """Fill the cells after the class named in each row of a tab-separated block."""
    lines = block.split("\n")
    for i, line in enumerate(lines):
        cells = line.split("\t")
        for j, cell in enumerate(cells):
            label = re.sub(f"^[{_NUMBERS}]+、", "", cell)
            if label != cell and label in names:
                values = names[label]
                cells[j + 1:j + 1 + len(values)] = values
                lines[i] = "\t".join(cells)
    return "\n".join(lines)


def _table(text: str, title: str) -> tuple[int, int]:
    """Where the table titled ``title`` stands: from its title to the next blank-line-
    separated title (the start of the next table or section)."""
    start = text.index("\n" + title + "\n") + 1
    stop = min(i for i in (text.find(t, start + len(title)) for t in ("\n\n20", "\n\n预算公开表",
               "\n\n部门公开表", "\n\n\n第三部分")) if i >= 0)
    return start, stop


def lvliang_variant(text: str, v: Variant, sample_year: int = 2024) -> str:
    """The Lüliang sample with its real defects repaired, as another city's unit's budget of
    ``v.year``: its empty coded tables filled with the classes of the 收支总表 (other classes,
    broken down into 款 and 项 of the year), the narrative's figures made those of the tables,
    the garbled and empty performance forms left out, the template leftovers filled in."""
    rng = random.Random(v.seed)
    year = sample_year
    total, basic, project = Decimal("340.43"), Decimal("189.43"), Decimal("151.00")
    classes = {"社会保障和就业支出": Decimal("313.61"), "卫生健康支出": Decimal("9.59"),
               "住房保障支出": Decimal("17.23")}
    listed = set(re.findall(f"[{_NUMBERS}]+、([^\t\n]+支出)", text))
    shape: Shape = {}
    for cls_name, amount in classes.items():
        cls = classification("function").by_name(cls_name, year).code
        sections = 2 if amount > 100 else 1
        shape[cls] = {f"{cls}{n:02d}": [f"{cls}{n:02d}{k:02d}" for k in range(1, 3 if n == 1 else 2)]
                      for n in range(1, sections + 1)}
    mapping = pick_codes(shape, v.year, rng, allowed=lambda n: n in listed)
    rows: list[tuple[str, Decimal, Decimal]] = []  # code, basic, project
    by_name: dict[str, Decimal] = {}
    left_project = project
    for cls_name, amount in classes.items():
        cls = classification("function").by_name(cls_name, year).code
        new_cls = mapping[cls]
        by_name[name(new_cls, v.year)] = amount
        items = [mapping[i] for s in shape[cls].values() for i in s]
        for code, value in zip(items, _split(amount, len(items), rng), strict=True):
            on_projects = min(left_project, value) if value > 50 else Decimal(0)
            left_project -= on_projects
            rows.append((code, value - on_projects, on_projects))
    assert left_project == 0

    def coded(columns: Callable[[Decimal, Decimal], list[Decimal | None]]) -> list[str]:
        out = []
        for cls in sorted({c[:3] for c, _, _ in rows}):
            for level in (cls, *sorted({c[:5] for c, _, _ in rows if c[:3] == cls})):
                b = sum((r[1] for r in rows if r[0].startswith(level)), Decimal(0))
                p = sum((r[2] for r in rows if r[0].startswith(level)), Decimal(0))
                out.append(f"{level}\t{name(level, v.year)}\t" + "\t".join(
                    _money(x) if x else "" for x in columns(b, p)))
                if len(level) == 5:
                    for code, b, p in (r for r in rows if r[0][:5] == level):
                        out.append(f"{code}\t{name(code, v.year)}\t" + "\t".join(
                            _money(x) if x else "" for x in columns(b, p)))
        return out

    def fill(text: str, title: str, total_row: str, body: list[str]) -> str:
        start, stop = _table(text, title)
        block = text[start:stop]
        block = sub(block, "\n\n注：本表无数据", "")
        head, _, tail = block.partition("\n合计\t")
        tail = tail.split("\n", 1)[1] if "\n" in tail else ""
        block = head + "\n" + total_row + "\n" + "\n".join(body) + ("\n" + tail if tail else "")
        return text[:start] + block + text[stop:]

    text = fill(text, f"{year}年预算收入总表", f"合计\t\t{total}\t{total}\t\t\t\t\t",
                coded(lambda b, p: [b + p, b + p, None, None, None, None, None]))
    text = fill(text, f"{year}年预算支出总表", f"合计\t\t{total}\t{basic}\t{project}",
                coded(lambda b, p: [b + p, b, p]))
    text = fill(text, f"{year}年一般公共预算支出预算表（不含上年结转）", f"合计\t\t{total}\t{basic}\t{project}",
                coded(lambda b, p: [b + p, b, p]))
    economic = [("工资福利支出", "机关工资福利支出", "150.00", "150.00", ""),
                ("对个人和家庭的补助", "对个人和家庭的补助", "10.00", "10.00", ""),
                ("商品和服务支出", "机关商品和服务支出", "29.43", "", "29.43"),
                ("公务用车运行维护费", "机关商品和服务支出", "2.80", "", "2.80")]
    text = fill(text, f"{year}年一般公共预算安排基本支出分经济科目表（不含上年结转）",
                f"合计\t\t{basic}\t160.00\t29.43", ["\t".join(r) for r in economic])
    # the two summaries: class rows, totals
    amounts = {n: [_money(a), _money(a)] for n, a in by_name.items()}
    start, stop = _table(text, f"{year}年预算收支总表")
    block = text[start:stop]
    for old in classes:
        block = block.replace(f"、{old}\t{_money(classes[old])}\t{_money(classes[old])}\t", f"、{old}\t\t\t")
    text = text[:start] + _fill_named(block, amounts) + text[stop:]
    start, stop = _table(text, f"{year}年财政拨款收支总表")
    block = _fill_named(text[start:stop], amounts)
    block = sub(block, "\n一、一般公共预算\t\t一、", f"\n一、一般公共预算\t{total}\t一、")
    for label in ("本年收入合计", "收入总计"):
        block = re.sub(f"\n{label}\t\t([^\t\n]+)\t", f"\n{label}\t{total}\t\\1\t{total}\t{total}", block, count=1)
    text = text[:start] + block + text[stop:]
    text = sub(text, "\n部门公开表9\n", "\n预算公开表9\n")
    text = _lvliang_narrative(text, by_name)
    text = _lvliang_forms(text)
    text = text.replace("吕梁市创业就业服务中心", f"{v.city}{v.unit}")
    text = text.replace("市创业就业服务中心", f"市{v.unit}").replace("吕梁", v.city[:-1])
    return shift_years(text, v.year - sample_year)


def _lvliang_narrative(text: str, by_name: dict[str, Decimal]) -> str:
    """The narrative's figures made those of the (filled) tables."""
    for old, new in [
        ("主要包括一般公共预算拨款收入0万元，占0%", "主要包括一般公共预算拨款收入340.43万元，占100%"),
        ("支出预算0万元，其中：基本支出0万元，占0%；项目支出0万元，占0%。",
         "支出预算340.43万元，其中：基本支出189.43万元，占55.64%；项目支出151.00万元，占44.36%。"),
        ("财政拨款收支总预算0万元。其中：一般公共预算拨款0万元",
         "财政拨款收支总预算340.43万元。其中：一般公共预算拨款340.43万元"),
        ("其中：当年拨款收入0万元", "其中：当年拨款收入340.43万元"),
        ("一般公共预算当年支出0万元，比上年减少\n\n583.91万元，下降100%。",
         "一般公共预算当年支出340.43万元，比上年减少\n\n243.48万元，下降41.70%。"),
        ("一般公共预算当年支出0万元，主要用于以下方面：无。", "一般公共预算当年支出340.43万元，主要用于以下方面："
         + "；".join(f"{n}{a}万元" for n, a in by_name.items()) + "。"),
        ("一般公共预算安排基本支出0万元，其中：人员经费0万元，主要包括：无；公用经费0万元，主要包括：无。",
         "一般公共预算安排基本支出189.43万元，其中：人员经费160.00万元，主要包括：工资福利支出；公用经费29.43万元，主要包括：商品和服务支出。"),
        ("下降35.6%", "下降35.8%"),
        ("政府采购预算总额0万元。其中：政府采购货物预算0万元、政府采购工程预算0万元、政府采购服务预算0万元。",
         "政府采购预算总额28.80万元。其中：政府采购货物预算0万元、政府采购工程预算0万元、政府采购服务预算28.80万元。"),
        ("公开项目绩效目标0个，涉及项目金额0万元，占部门（单位）项目支出总额的0%。其中：其他运转类项目0个，涉及项目金额0万元",
         "公开项目绩效目标3个，涉及项目金额86.75万元，占部门（单位）项目支出总额的57.45%。其中：其他运转类项目3个，涉及项目金额86.75万元"),
        ("截至2024年12月31日", "截至2023年12月31日"),
        ("截至0年0月0日", "截至2023年12月31日"),
        ("指省直部门用财政拨款", "指市直部门用财政拨款"),
    ]:
        text = sub(text, old, new, text.count(old) if old.startswith("截至0年") else 1)
    return text


def _lvliang_forms(text: str) -> str:
    """Three whole performance forms instead of the garbled and repeated ones: the first
    form (its wrapped 市县（区）财政资金 label rejoined), 孵化基地日常工作经费 under a title of
    its own, and 人才交流政府购买服务经费."""
    lines = text.split("\n")

    def through(start: int, last: str) -> list[str]:
        return lines[start:next(i for i in range(start, len(lines)) if lines[i].startswith(last)) + 1]

    first = lines.index("预算部门（单位）项目支出绩效目标表")
    guidance = through(first, "负责人：")
    guidance = [line.replace("\t\t市县（区）财政资\t\t", "\t\t市县（区）财政资金\t\t")
                .replace("\t\t金\t\t0\t\t单位自筹", "\t\t单位自筹\t\t0\t\t单位自筹") for line in guidance]
    title = ["吕梁市市级预算部门（单位）项目支出绩效目标表", "", "（2024年度）", ""]
    hatch = through(next(i for i, line in enumerate(lines) if line.startswith("项目名称\t\t孵化基地")), "负责人：")
    buy_at = next(i for i, line in enumerate(lines) if line.startswith("项目名称\t\t人才交流政府购买服务"))
    buy = through(buy_at, "\t负责人:")
    end = lines.index("十一、国有资产占有使用情况")
    return "\n".join([*lines[:first], *guidance, "", *title, *hatch, "", *title, *buy, "",
                      *lines[end:]])
