"""Document metadata: unit, 主管部门, region, fiscal year, kind, level, layout family."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..layouts import Family, Knowledge, fold
from ..model import BudgetTable, DocumentMeta, Organisation, PerformanceProject, Region
from ..model.disclosure import BudgetKind
from ..read.blocks import Paragraph
from .context import ParseContext
from .signals import meta_fields

_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_LEVEL = re.compile(r"(省|市|区|县|乡|镇)级")
_PLACE = re.compile(r"[\u4e00-\u9fff]{2,8}?(?:省|自治区|市|地区|自治州|盟|区|县|旗)")


def detect_family(knowledge: Knowledge, text: str) -> Family:
    """The layout family whose markers the text shows most (at least two), else generic."""
    key = fold(text)
    scored = [(sum(fold(m) in key for m in family.markers), family)
              for family in knowledge.families if family.markers]
    count, best = max(scored, key=lambda pair: pair[0], default=(0, None))
    return best if best is not None and count >= 2 else knowledge.family("generic")


def _region(knowledge: Knowledge, names: list[str]) -> Region:
    """Province, city and county named in the unit's name or the title. A province named in
    the text is searched first, so a district of the municipality it names is not taken for
    a place of the same name in another province."""
    text = "".join(names)
    named = [p for p in knowledge.provinces if p.name in text]
    for province in named + [p for p in knowledge.provinces if p not in named]:
        for prefecture in province.prefecture_slugs:
            if prefecture in text:
                if province.kind == "municipality":
                    return Region(province=province.name, county=prefecture)
                return Region(province=province.name, city=prefecture)
    places = _PLACE.findall(text)
    return Region(province=named[0].name if named else None,
                  city=next((p for p in places if p.endswith("市")), None) if not named else None,
                  county=next((p for p in places if p.endswith(("区", "县", "旗"))), None))


@dataclass(frozen=True)
class _Title:
    """The document's title in its preamble (the first paragraph naming a 预算 that is not a
    ``key：value`` line, with the line above it when that line continues it) and where."""

    text: str | None
    index: int | None


def _title(texts: list[str]) -> _Title:
    index = next((i for i, t in enumerate(texts) if "预算" in t and not meta_fields(t)), None)
    if index is None:
        return _Title(None, None)
    above = texts[index - 1] if index else None
    if above is not None and not meta_fields(above) and "预算" not in above:
        return _Title(above + texts[index], index)
    return _Title(texts[index], index)


def _unit_name(fields: dict[str, str], tables: list[BudgetTable], texts: list[str],
               title: _Title) -> str | None:
    """The unit: as the preamble names it, else as most tables name it, else the line above
    the title."""
    named = Counter(t.unit_name for t in tables if t.unit_name)
    return fields.get("预算主管部门") or fields.get("单位名称") or \
        (named.most_common(1)[0][0] if named else None) or \
        (texts[title.index - 1] if title.index else None)


def _supervisor(fields: dict[str, str], projects: list[PerformanceProject]) -> Organisation | None:
    """The 主管部门: as the preamble names it, else as most performance forms name it."""
    if "预算主管部门" in fields:
        return Organisation(name=fields["预算主管部门"])
    named = Counter(p.supervisor for p in projects if p.supervisor)
    if not named:
        return None
    name = named.most_common(1)[0][0]
    code = next((p.supervisor_code for p in projects if p.supervisor == name), None)
    return Organisation(name=name, code=code)


def _fiscal_year(title: str | None, tables: list[BudgetTable]) -> int | None:
    """The year the title names most, else the year the table titles name most."""
    years = Counter(int(y) for y in _YEAR.findall(title or "")) or \
        Counter(int(y) for t in tables for y in _YEAR.findall(t.title))
    return years.most_common(1)[0][0] if years else None


def build_meta(ctx: ParseContext, preamble: list[Paragraph], tables: list[BudgetTable],
               projects: list[PerformanceProject], extra_titles: list[str]) -> DocumentMeta:
    """The document's metadata, from its preamble, its tables' meta lines and its forms."""
    texts = [p.text.strip() for p in preamble]
    title = _title(texts)
    fields: dict[str, str] = {}
    for text in texts:
        fields.update(meta_fields(text))
    unit_name = _unit_name(fields, tables, texts, title)
    supervisor = _supervisor(fields, projects)
    all_titles = " ".join([title.text or "", *extra_titles])
    kind: BudgetKind | None = "单位预算" if "单位预算" in all_titles else \
        "部门预算" if "部门预算" in all_titles else None
    level = _LEVEL.search(all_titles)
    names = [n for n in (unit_name, title.text, supervisor.name if supervisor else None) if n]
    return DocumentMeta(
        title=title.text, unit=Organisation(name=unit_name) if unit_name else None,
        supervisor=supervisor, region=_region(ctx.knowledge, names),
        fiscal_year=_fiscal_year(title.text, tables), kind=kind,
        level=level.group(0) if level else None, layout=ctx.family.id,
        source=ctx.ref(preamble[title.index].first) if title.index is not None else None)
