"""The layout knowledge of ``layouts/*.toml``, loaded into typed, immutable objects.

Everything the parser knows about particular layouts (table titles, column and row meanings,
section names, claim phrases, performance-form labels, column orders a PDF text layer loses)
comes from these files, so that a domain expert extends the parser to a new province by
editing data, not Python.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from ..resources import data_dir

_QUOTES = str.maketrans("", "", "“”\"'‘’「」")
_YEAR = re.compile(r"^(?:19|20)\d{2}年?度?")


def fold(text: str) -> str:
    """The key text is compared by: NFKC (full-width → ASCII), no spaces, no quote marks."""
    return "".join(unicodedata.normalize("NFKC", text).split()).translate(_QUOTES)


def fold_header(text: str) -> str:
    """A header label's key: :func:`fold` without a leading year (``2024年合计`` → ``合计``)."""
    return _YEAR.sub("", fold(text))


@dataclass(frozen=True)
class TableKind:
    id: str
    zh: str
    en: str
    match: tuple[tuple[str, ...], ...]
    exclude: tuple[str, ...] = ()
    two_sided: bool = False
    codes: str | None = None
    flow: str = "expenditure"

    def matches(self, title: str) -> bool:
        key = fold(title)
        return any(all(fold(w) in key for w in words) for words in self.match) and \
            not any(fold(w) in key for w in self.exclude)


@dataclass(frozen=True)
class ColumnMeaning:
    labels: frozenset[str]
    dimensions: dict[str, str]
    rank: int


@dataclass(frozen=True)
class SectionKind:
    id: str
    zh: str
    en: str
    keywords: tuple[str, ...]
    part: bool = False
    exact: bool = False

    def matches(self, heading: str) -> bool:
        key = fold(heading)
        return any(fold(k) == key if self.exact else fold(k) in key for k in self.keywords)


@dataclass(frozen=True)
class Subject:
    id: str
    en: str
    phrases: tuple[str, ...]
    sections: tuple[str, ...] = ()


@dataclass(frozen=True)
class ClaimVocabulary:
    families: dict[str, str]
    change: re.Pattern[str]
    change_pct: re.Pattern[str]
    unchanged: re.Pattern[str]
    share: re.Pattern[str]
    increase: tuple[str, ...]
    decrease: tuple[str, ...]
    money_units: tuple[str, ...]
    other_units: tuple[str, ...]
    subjects: tuple[Subject, ...]


@dataclass(frozen=True)
class PerformanceVocabulary:
    titles: tuple[str, ...]
    min_prefix: int
    fields: dict[str, tuple[str, ...]]
    texts: dict[str, tuple[str, ...]]
    footer: dict[str, tuple[str, ...]]
    funds_unit: str
    funds_block: tuple[str, ...]
    implementation_total: tuple[str, ...]
    annual_total: tuple[str, ...]
    fund_sources: tuple[str, ...]
    annual_sources: tuple[str, ...]
    attributes: tuple[str, ...]
    implementation_header: tuple[str, ...]
    annual_header: tuple[str, ...]
    objective_rows: tuple[str, ...]
    indicator_header: tuple[str, ...]
    indicator_tree: dict[str, tuple[str, ...]]
    indicator_ids: dict[tuple[str, str | None], tuple[str, str]]
    indicator_synonyms: dict[str, str]
    qualitative: tuple[str, ...]


@dataclass(frozen=True)
class CellSpec:
    """Where a named figure stands: table kind, side, row and column alternatives."""

    table: str
    side: str | None = None
    rows: tuple[str, ...] = ()
    row_dims: dict[str, str] = field(default_factory=dict)
    total: bool = False
    columns: tuple[dict[str, str], ...] = ({},)
    fallback: bool = False


@dataclass(frozen=True)
class Family:
    """A layout family (a province's or city's template): its markers, required parts and the
    column orders of tables whose header a PDF text layer scrambles."""

    id: str
    zh: str
    en: str
    markers: tuple[str, ...]
    provinces: tuple[str, ...]
    tables: tuple[str, ...]
    sections: tuple[str, ...]
    columns: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Province:
    code: str
    name: str
    slug: str
    kind: str
    prefectures: dict[str, str]


@dataclass(frozen=True)
class Knowledge:
    tables: tuple[TableKind, ...]
    columns: tuple[ColumnMeaning, ...]
    stubs: dict[str, str]
    extra_stubs: dict[str, str]
    totals: frozenset[str]
    subtotals: frozenset[str]
    sections: tuple[SectionKind, ...]
    claims: ClaimVocabulary
    performance: PerformanceVocabulary
    families: tuple[Family, ...]
    provinces: tuple[Province, ...]
    figures: dict[str, tuple[CellSpec, ...]]
    function_item_tables: tuple[str, ...]

    def table_kind(self, title: str) -> TableKind | None:
        return next((kind for kind in self.tables if kind.matches(title)), None)

    def kind(self, kind_id: str) -> TableKind | None:
        return next((kind for kind in self.tables if kind.id == kind_id), None)

    def column_meaning(self, label: str) -> ColumnMeaning | None:
        key = fold_header(label)
        for candidate in (key, key.removesuffix("数"), key.removesuffix("金额")):
            for meaning in self.columns:
                if candidate in meaning.labels:
                    return meaning
        return None

    def stub_role(self, label: str) -> str | None:
        key = fold_header(label)
        if key in self.extra_stubs:
            return "extra"
        return self.stubs.get(key)

    def section_kind(self, heading: str) -> SectionKind | None:
        return next((s for s in self.sections if s.matches(heading)), None)

    def family(self, family_id: str) -> Family:
        return next(f for f in self.families if f.id == family_id)


def _tuple(values: list[str] | None) -> tuple[str, ...]:
    return tuple(values or ())


def _load(path: Path) -> dict:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def _claims(raw: dict) -> ClaimVocabulary:
    patterns = raw["patterns"]
    return ClaimVocabulary(
        families=dict(raw["families"]),
        change=re.compile(patterns["change"]),
        change_pct=re.compile(patterns["change_pct"]),
        unchanged=re.compile(patterns["unchanged"]),
        share=re.compile(patterns["share"]),
        increase=_tuple(patterns["increase"]),
        decrease=_tuple(patterns["decrease"]),
        money_units=_tuple(raw["units"]["money"]),
        other_units=_tuple(raw["units"]["other"]),
        subjects=tuple(Subject(s["id"], s["en"], tuple(fold(p) for p in s["phrases"]),
                               _tuple(s.get("sections"))) for s in raw["subject"]))


def _performance(raw: dict) -> PerformanceVocabulary:
    funds, objectives, indicators = raw["funds"], raw["objectives"], raw["indicators"]
    return PerformanceVocabulary(
        titles=_tuple(raw["titles"]), min_prefix=raw["min_prefix"],
        fields={k: _tuple(v) for k, v in raw["fields"].items()},
        texts={k: _tuple(v) for k, v in raw["texts"].items()},
        footer={k: _tuple(v) for k, v in raw["footer"].items()},
        funds_unit=funds["unit"], funds_block=_tuple(funds["block"]),
        implementation_total=_tuple(funds["implementation_total"]),
        annual_total=_tuple(funds["annual_total"]), fund_sources=_tuple(funds["sources"]),
        annual_sources=_tuple(funds["annual_sources"]), attributes=_tuple(raw["attributes"]),
        implementation_header=_tuple(objectives["implementation_header"]),
        annual_header=_tuple(objectives["annual_header"]),
        objective_rows=_tuple(objectives["rows"]),
        indicator_header=_tuple(indicators["header"]),
        indicator_tree={node["zh"]: tuple(c["zh"] for c in node["children"])
                        for node in indicators["tree"]},
        indicator_ids={**{(node["zh"], c["zh"]): (f'{node["id"]}/{c["id"]}', c["en"])
                          for node in indicators["tree"] for c in node["children"]},
                       **{(node["zh"], None): (node["id"], node["en"])
                          for node in indicators["tree"]}},
        indicator_synonyms=dict(indicators.get("synonyms", {})),
        qualitative=_tuple(indicators["qualitative"]))


def _family(raw: dict) -> Family:
    return Family(
        id=raw["id"], zh=raw["zh"], en=raw["en"], markers=_tuple(raw.get("markers")),
        provinces=_tuple(raw.get("provinces")), tables=_tuple(raw.get("tables")),
        sections=_tuple(raw.get("sections")),
        columns={kind: tuple(tuple(path) for path in paths)
                 for kind, paths in raw.get("columns", {}).items()})


@cache
def load_knowledge(directory: Path | None = None) -> Knowledge:
    """Load (once) the layout knowledge from ``directory`` (default: the bundled layouts)."""
    root = directory or data_dir("layouts")
    tables = _load(root / "tables.toml")["kind"]
    columns = _load(root / "columns.toml")
    figures = _load(root / "figures.toml")
    regions_path = root / "regions.toml"
    provinces = _load(regions_path).get("province", []) if regions_path.exists() else []
    stubs: dict[str, str] = {}
    extra: dict[str, str] = {}
    for stub in columns["stub"]:
        for label in stub["labels"]:
            if stub["role"] == "extra":
                extra[fold(label)] = stub["key"]
            else:
                stubs[fold(label)] = stub["role"]
    return Knowledge(
        tables=tuple(TableKind(t["id"], t["zh"], t["en"], tuple(tuple(m) for m in t["match"]),
                               _tuple(t.get("exclude")), t.get("two_sided", False), t.get("codes"),
                               t.get("flow", "expenditure"))
                     for t in tables),
        columns=tuple(ColumnMeaning(frozenset(fold_header(label) for label in c["labels"]),
                                    dict(c["dimensions"]), c["rank"]) for c in columns["column"]),
        stubs=stubs, extra_stubs=extra,
        totals=frozenset(fold(t) for t in columns["totals"]["total"]),
        subtotals=frozenset(fold(t) for t in columns["totals"]["subtotal"]),
        sections=tuple(SectionKind(s["id"], s["zh"], s["en"], _tuple(s["keywords"]),
                                   s.get("part", False), s.get("exact", False))
                       for s in _load(root / "sections.toml")["section"]),
        claims=_claims(_load(root / "claims.toml")),
        performance=_performance(_load(root / "performance.toml")),
        families=tuple(_family(_load(p)) for p in sorted((root / "families").glob("*.toml"))),
        provinces=tuple(Province(p["code"], p["name"], p["slug"], p["kind"],
                                 {x["name"]: x["slug"] for x in p.get("prefectures", [])})
                        for p in provinces),
        figures={f["subject"]: tuple(
            CellSpec(table=c["table"], side=c.get("side"),
                     rows=tuple(fold(r) for r in c.get("rows", ())),
                     row_dims=dict(c.get("row_dims", {})), total=c.get("total", False),
                     fallback=c.get("fallback", False),
                     columns=tuple(dict(x) for x in c.get("columns", [{}])))
            for c in f["cells"]) for f in figures["figure"]},
        function_item_tables=_tuple(figures["function_items"]["tables"]))
