"""Deterministic, readable IRIs for everything a user may link to.

``{base}{region path}/{unit}/{year}/…``: the region path comes from the gazetteer slugs
(``shanxi/lvliang``, ``shanghai/putuo``), the unit slug from the unit's name in pinyin with
the region's own names removed, so that ``上海市黄浦区市场监督管理局`` and
``黄浦区市场监督管理局`` give the same slug and next year's disclosure of the same unit
lands beside this one. Tables, rows and columns are keyed by their kind, classification code
or meaning; no random ids and no blank nodes.
"""

from __future__ import annotations

import functools
import re
from urllib.parse import quote

from ..layouts import Knowledge, load_knowledge
from ..model import BudgetTable, Column, Disclosure
from .pinyin import lazy_pinyin

_NON_SLUG = re.compile(r"[^a-z0-9]+")


@functools.lru_cache(maxsize=8192)
def slug(text: str) -> str:
    """Lower-case ASCII slug of Chinese or Latin text (pinyin without tones, ü as v)."""
    pinyin = "".join(lazy_pinyin(text))
    return _NON_SLUG.sub("-", pinyin.lower()).strip("-")


class Minter:
    """Mints the IRIs of one disclosure under ``base``."""

    def __init__(self, d: Disclosure, base: str, knowledge: Knowledge | None = None) -> None:
        self.knowledge = knowledge or load_knowledge()
        self.base = base if base.endswith("/") else base + "/"
        self.region_path, self._region_names = self._region(d)
        unit_name = d.meta.unit.name if d.meta.unit else d.source.name
        self.unit_slug = self._unit_slug(unit_name, self._region_names)
        self.year = str(d.meta.fiscal_year or "unknown-year")
        self.dataset = f"{self.base}{self.region_path}/{self.unit_slug}/{self.year}"
        self._rows: dict[tuple[str, int], str] = {}
        for table in d.tables:
            taken: set[str] = set()
            for index, row in enumerate(table.rows):
                key = row.code or slug(row.name) or f"row-{index + 1}"
                if table.columns and any(c.side for c in table.columns) and row.side:
                    key = f"{row.side}-{key}"
                candidate, n = key, 2
                while candidate in taken:
                    candidate, n = f"{key}-{n}", n + 1
                taken.add(candidate)
                self._rows[(table.id, index)] = candidate

    def _region(self, d: Disclosure) -> tuple[str, list[str]]:
        region = d.meta.region
        parts: list[str] = []
        names: list[str] = []
        province = self.knowledge.province(region.province)
        if province is not None:
            parts.append(province.slug)
            names += [province.name, province.name.removesuffix("省").removesuffix("市")]
            for place in (region.city, region.county):
                if place and place in province.prefecture_slugs:
                    parts.append(province.prefecture_slugs[place])
                    names += [place, place[:-1]]
        elif region.province:
            parts.append(slug(region.province))
            names.append(region.province)
        for place in (region.city, region.county):
            if place and place not in names:
                parts.append(slug(place))
                names += [place, place[:-1]]
        return "/".join(parts) or "cn", names

    @staticmethod
    def _unit_slug(name: str, region_names: list[str]) -> str:
        rest = name
        stripped = True
        while stripped:
            stripped = False
            for region in sorted(region_names, key=len, reverse=True):
                if len(region) >= 2 and rest.startswith(region) and len(rest) > len(region):
                    rest = rest[len(region):]
                    stripped = True
        return slug(rest) or "unit"

    # --- resources ------------------------------------------------------------------------
    def unit(self) -> str:
        return f"{self.base}{self.region_path}/{self.unit_slug}"

    def organisation(self, name: str) -> str:
        """Another organisation of the unit's region, such as its 主管部门."""
        return f"{self.base}{self.region_path}/{self._unit_slug(name, self._region_names)}"

    def region(self) -> str:
        return f"{self.base}{self.region_path}"

    def source(self) -> str:
        return f"{self.dataset}/source"

    def table(self, table: BudgetTable) -> str:
        return f"{self.dataset}/table/{table.id}"

    def structure(self, table: BudgetTable) -> str:
        return f"{self.table(table)}/structure"

    def component(self, table: BudgetTable, name: str) -> str:
        return f"{self.structure(table)}/{name}"

    def row(self, table: BudgetTable, index: int) -> str:
        return f"{self.table(table)}/row/{self._rows[(table.id, index)]}"

    def column(self, table: BudgetTable, column: Column) -> str:
        return f"{self.table(table)}/column/{column.key}"

    def observation(self, table: BudgetTable, index: int, column: Column) -> str:
        return f"{self.table(table)}/obs/{self._rows[(table.id, index)]}/{column.key}"

    def unplaced(self, table: BudgetTable, index: int, position: int) -> str:
        """An amount of row ``index`` whose column is not known (``position``: its order among
        the row's unplaced amounts, from 1)."""
        return f"{self.table(table)}/unplaced/{self._rows[(table.id, index)]}/{position}"

    def cell(self, table: BudgetTable, index: int, column: Column) -> str:
        """A table cell a named figure stands in (which may be blank)."""
        return f"{self.table(table)}/cell/{self._rows[(table.id, index)]}/{column.key}"

    def no_data_cell(self, table: BudgetTable) -> str:
        """Where a table with no data would show a named figure."""
        return f"{self.table(table)}/cell/no-data"

    def section(self, section_id: str) -> str:
        return f"{self.dataset}/section/{section_id}"

    def paragraph(self, section_id: str, index: int) -> str:
        return f"{self.section(section_id)}/paragraph/{index}"

    def observed_code(self, code: str) -> str:
        """A classification code the disclosure uses that the year's code list lacks."""
        return f"{self.dataset}/observed-code/{code}"

    def claim(self, claim_id: str) -> str:
        return f"{self.dataset}/claim/{claim_id}"

    def project(self, project_id: str) -> str:
        return f"{self.dataset}/project/{project_id}"

    def funds(self, project_id: str, period: str) -> str:
        return f"{self.project(project_id)}/funds/{period}"

    def fund_source(self, project_id: str, period: str, label: str) -> str:
        return f"{self.funds(project_id, period)}/{slug(label) or quote(label)}"

    def indicator(self, project_id: str, index: int) -> str:
        return f"{self.project(project_id)}/indicator/{index}"

    def asset(self, index: int) -> str:
        return f"{self.dataset}/asset/{index}"

    def glossary(self, index: int) -> str:
        return f"{self.dataset}/glossary/{index}"

    def warning(self, index: int) -> str:
        return f"{self.dataset}/warning/{index}"

    def period(self) -> str:
        return f"{self.dataset}/period"

