"""The classification code lists and small code lists, as reference data.

The sources are data files under ``ontology/codelists/src/``: the three 政府收支分类科目
classifications as CSV (a row per code and name, with the budget years it was valid and the
Ministry of Finance edition it comes from), their provenance and coverage
(``classifications.toml``), and the small schemes of ``schemes.toml``. The RDF stage turns
them into SKOS concept schemes (one per classification and year) and looks codes and names
up here; so does the validator.
"""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any

from .resources import data_dir
from .text import fold

#: Classification id → (source file, Chinese name, English name).
CLASSIFICATIONS = {
    "function": ("function-classification.csv", "支出功能分类科目",
                 "Expenditure function classification"),
    "econ-dept": ("economic-classification-department.csv", "部门预算支出经济分类科目",
                  "Department budget expenditure economic classification"),
    "econ-gov": ("economic-classification-government.csv", "政府预算支出经济分类科目",
                 "Government budget expenditure economic classification"),
}
FIRST_YEAR = 2018
LAST_YEAR = 2026


@dataclass(frozen=True)
class Code:
    code: str
    level: str
    zh: str
    en: str
    from_year: int
    to_year: int | None
    source: str

    def valid_in(self, year: int) -> bool:
        return self.from_year <= year and (self.to_year is None or year <= self.to_year)


@dataclass(frozen=True)
class Classification:
    id: str
    zh: str
    en: str
    codes: tuple[Code, ...]
    #: What the list covers and leaves out, in Chinese and English (see the sources' README).
    coverage_zh: str
    coverage_en: str
    #: 款 whose 项 are all listed, in every year the 款 is valid.
    items_complete: tuple[str, ...]
    #: Codes starting with one of these may be valid though not listed (classes whose 款 are
    #: not all listed, 款 that could not be verified).
    coverage_gaps: tuple[str, ...] = ()

    @cached_property
    def _by_code(self) -> dict[str, list[Code]]:
        """Every entry of a code, the newest first."""
        out: dict[str, list[Code]] = {}
        for c in sorted(self.codes, key=lambda c: -c.from_year):
            out.setdefault(c.code, []).append(c)
        return out

    @cached_property
    def _by_name(self) -> dict[tuple[str, str], list[Code]]:
        """The entries of a level by their folded name, in the list's order."""
        out: dict[tuple[str, str], list[Code]] = {}
        for c in self.codes:
            out.setdefault((c.level, fold(c.zh)), []).append(c)
        return out

    def at(self, code: str, year: int) -> list[Code]:
        """The names ``code`` had in ``year``, the newest first (two where the edition of a
        rename is uncertain)."""
        return [c for c in self._by_code.get(code, ()) if c.valid_in(year)]

    def by_name(self, name: str, year: int, level: str = "类") -> Code | None:
        return next((c for c in self._by_name.get((level, fold(name)), ()) if c.valid_in(year)), None)

    def year_codes(self, year: int) -> list[Code]:
        return [c for c in self.codes if c.valid_in(year)]

    def other_names(self, code: str, year: int) -> list[str]:
        """The names ``code`` has in the list's other years but not in ``year``."""
        current = {c.zh for c in self.at(code, year)}
        return sorted({c.zh for c in self.codes if c.code == code and c.zh not in current})


@dataclass(frozen=True)
class Concept:
    """A concept of a small scheme; ``factor`` is set for the amount units (yuan per unit)."""

    id: str
    zh: str
    en: str
    broader: str | None = None
    factor: str | None = None


@dataclass(frozen=True)
class Scheme:
    """A small code list of ``schemes.toml``. A scheme that is a Data Cube dimension of table
    cells names the key the layouts use for it (``dimension``) and its RDF property."""

    id: str
    zh: str
    en: str
    definition_en: str
    concepts: tuple[Concept, ...]
    dimension: str | None = None
    property: str | None = None


@cache
def _provenance() -> dict[str, Any]:
    with (data_dir("ontology") / "codelists" / "src" / "classifications.toml").open("rb") as f:
        return tomllib.load(f)


def edition(year: int) -> str:
    """The Ministry of Finance document that holds the classifications of budget ``year``."""
    return str(_provenance()["edition"]).format(year=year)


@cache
def classification(scheme_id: str) -> Classification:
    filename, zh, en = CLASSIFICATIONS[scheme_id]
    with (data_dir("ontology") / "codelists" / "src" / filename).open(encoding="utf-8", newline="") as f:
        rows = csv.reader(f)  # a plain reader: half the time of a DictReader
        column = {name: i for i, name in enumerate(next(rows))}
        i_code, i_level, i_zh, i_en, i_from, i_to, i_source = (column[name] for name in (
            "code", "level", "name_zh", "name_en", "from_year", "to_year", "source"))
        codes = tuple(Code(r[i_code], r[i_level], r[i_zh], r[i_en], int(r[i_from]),
                           int(r[i_to]) if r[i_to] else None, r[i_source]) for r in rows)
    coverage = _provenance()[scheme_id]
    return Classification(scheme_id, zh, en, codes, coverage["coverage_zh"],
                          coverage["coverage_en"], tuple(coverage["items_complete"]),
                          tuple(coverage.get("coverage_gaps", ())))


def classification_for(code: str) -> Classification:
    """The classification a code belongs to: 2xx function, 3xx department economic, 5xx
    government economic."""
    return classification({"3": "econ-dept", "5": "econ-gov"}.get(code[:1], "function"))


@cache
def schemes() -> tuple[Scheme, ...]:
    with (data_dir("ontology") / "codelists" / "src" / "schemes.toml").open("rb") as f:
        raw = tomllib.load(f)
    return tuple(Scheme(s["id"], s["zh"], s["en"], s["definition_en"],
                        tuple(Concept(**c) for c in s["concepts"]), s.get("dimension"),
                        s.get("property"))
                 for s in raw["scheme"])


def scheme(scheme_id: str) -> Scheme:
    return next(s for s in schemes() if s.id == scheme_id)
