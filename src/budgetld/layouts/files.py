"""The layout files (``layouts/*.toml``) as typed, validated models.

Each model mirrors one file; unknown keys are errors (``extra="forbid"``), so a mistyped key
is reported with its file and entry instead of being silently ignored. Every field has a
default so that a folder of a province's own files (``--layouts DIR``) may hold only what it
adds; :mod:`.load` merges such a folder over the built-in files and checks the result.
Folded forms of the words are cached properties: the parser matches them thousands of times
per document, and a cached property is a plain attribute once computed (a pydantic private
attribute is looked up by a Python function on every access).
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import Literal

from pydantic import BaseModel, ConfigDict, StrictBool, StrictInt

from ..text import fold, fold_header

Side = Literal["revenue", "expenditure"]


class Entry(BaseModel):
    """Base of the layout models: immutable, no unknown keys; flags and numbers must be
    written as such (``exact = "no"`` is an error, not ``False``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")


# --- tables.toml ------------------------------------------------------------------------------

class TableKind(Entry):
    """A standard table kind, recognised by the words of its title."""

    id: str
    zh: str
    en: str
    match: tuple[tuple[str, ...], ...]
    exclude: tuple[str, ...] = ()
    two_sided: StrictBool = False
    codes: Literal["function", "economic"] | None = None
    flow: Side = "expenditure"

    @cached_property
    def folded_match(self) -> tuple[tuple[str, ...], ...]:
        return tuple(tuple(fold(w) for w in words) for words in self.match)

    @cached_property
    def folded_exclude(self) -> tuple[str, ...]:
        return tuple(fold(w) for w in self.exclude)

    def matches(self, title: str) -> bool:
        key = fold(title)
        return any(all(w in key for w in words) for words in self.folded_match) and \
            not any(w in key for w in self.folded_exclude)


class TablesFile(Entry):
    kind: tuple[TableKind, ...] = ()


# --- columns.toml -----------------------------------------------------------------------------

class Stub(Entry):
    """Labels of the row-heading columns: codes, row names, or a second name column."""

    role: Literal["code", "label", "extra"]
    labels: tuple[str, ...]
    key: str | None = None


class ColumnMeaning(Entry):
    """What a header label means, as Data Cube dimension values; ``rank`` orders columns whose
    position a PDF text layer lost."""

    labels: tuple[str, ...]
    dimensions: dict[str, str] = {}
    rank: StrictInt = 0

    @cached_property
    def folded_labels(self) -> frozenset[str]:
        """The folded header labels (:func:`fold_header`) this meaning is named by."""
        return frozenset(fold_header(label) for label in self.labels)


class Totals(Entry):
    total: tuple[str, ...] = ()
    subtotal: tuple[str, ...] = ()


class ColumnsFile(Entry):
    stub: tuple[Stub, ...] = ()
    column: tuple[ColumnMeaning, ...] = ()
    totals: Totals = Totals()


# --- sections.toml ----------------------------------------------------------------------------

class SectionKind(Entry):
    id: str
    zh: str
    en: str
    keywords: tuple[str, ...]
    part: StrictBool = False
    exact: StrictBool = False

    @cached_property
    def folded_keywords(self) -> tuple[str, ...]:
        return tuple(fold(k) for k in self.keywords)

    def matches(self, key: str) -> bool:
        """Whether a heading, folded (:func:`fold`; the caller folds it once for every kind),
        is of this kind."""
        return any(k == key if self.exact else k in key for k in self.folded_keywords)


class SectionsFile(Entry):
    section: tuple[SectionKind, ...] = ()


# --- claims.toml ------------------------------------------------------------------------------

class ClaimPatterns(Entry):
    """How changes, percentages of change, unchanged amounts and shares are phrased."""

    change: re.Pattern[str]
    change_pct: re.Pattern[str]
    unchanged: re.Pattern[str]
    share: re.Pattern[str]
    increase: tuple[str, ...]
    decrease: tuple[str, ...]


class ClaimUnits(Entry):
    """Units of counted things a figure may carry (money units come from the unit table)."""

    other: tuple[str, ...] = ()


class Subject(Entry):
    """What a quoted figure is said to be; an id starting with ``.`` is relative to the
    family of its sentence or section."""

    id: str
    en: str
    phrases: tuple[str, ...]
    sections: tuple[str, ...] = ()

    @cached_property
    def folded_phrases(self) -> tuple[str, ...]:
        return tuple(fold(p) for p in self.phrases)


class ClaimsFile(Entry):
    families: dict[str, str] = {}
    #: Absent (None) only in a province's own file that adds nothing to them.
    patterns: ClaimPatterns | None = None
    units: ClaimUnits = ClaimUnits()
    subject: tuple[Subject, ...] = ()

    @property
    def phrasing(self) -> ClaimPatterns:
        """The patterns, which the assembled knowledge always has (checked on loading)."""
        assert self.patterns is not None
        return self.patterns

    def subject_ids(self) -> list[str]:
        """Every subject id a claim can get: the absolute ones, and each relative one under
        every family."""
        out = [s.id for s in self.subject if not s.id.startswith(".")]
        for s in self.subject:
            if s.id.startswith("."):
                out += [f"{family}{s.id}" for family in dict.fromkeys(self.families.values())]
        return out


# --- performance.toml -------------------------------------------------------------------------

class Funds(Entry):
    unit: str = "元"
    block: tuple[str, ...] = ()
    implementation_total: tuple[str, ...] = ()
    annual_total: tuple[str, ...] = ()
    annual_sources: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()


class Objectives(Entry):
    implementation_header: tuple[str, ...] = ()
    annual_header: tuple[str, ...] = ()
    rows: tuple[str, ...] = ()


class IndicatorLevel(Entry):
    id: str
    zh: str
    en: str


class IndicatorNode(IndicatorLevel):
    children: tuple[IndicatorLevel, ...] = ()


class Indicators(Entry):
    header: tuple[str, ...] = ()
    tree: tuple[IndicatorNode, ...] = ()
    synonyms: dict[str, str] = {}
    qualitative: tuple[str, ...] = ()

    @cached_property
    def children(self) -> dict[str, tuple[str, ...]]:
        """Level-1 label → its level-2 labels."""
        return {node.zh: tuple(c.zh for c in node.children) for node in self.tree}

    @cached_property
    def ids(self) -> dict[tuple[str, str | None], tuple[str, str]]:
        """(level-1 label, level-2 label or None) → (code-list path, English label)."""
        out: dict[tuple[str, str | None], tuple[str, str]] = {}
        for node in self.tree:
            out[(node.zh, None)] = (node.id, node.en)
            for child in node.children:
                out[(node.zh, child.zh)] = (f"{node.id}/{child.id}", child.en)
        return out


ProjectField = Literal["name", "supervisor", "implementer", "attribute", "category", "duration",
                       "start_date", "end_date"]


class PerformanceFile(Entry):
    titles: tuple[str, ...] = ()
    min_prefix: StrictInt = 6
    attributes: tuple[str, ...] = ()
    fields: dict[ProjectField, tuple[str, ...]] = {}
    texts: dict[str, tuple[str, ...]] = {}
    footer: dict[str, tuple[str, ...]] = {}
    funds: Funds = Funds()
    objectives: Objectives = Objectives()
    indicators: Indicators = Indicators()


# --- figures.toml -----------------------------------------------------------------------------

class CellSpec(Entry):
    """Where a named figure stands: table kind, side, row and column alternatives. A
    ``presence`` cell only says its table shows the figure when it is not zero, perhaps with
    more added (carry-over): its value is not compared."""

    table: str
    side: Side | None = None
    rows: tuple[str, ...] = ()
    row_dims: dict[str, str] = {}
    total: StrictBool = False
    columns: tuple[dict[str, str], ...] = ({},)
    fallback: StrictBool = False
    presence: StrictBool = False

    @cached_property
    def folded_rows(self) -> frozenset[str]:
        return frozenset(fold(r) for r in self.rows)

    def names_row(self, name: str) -> bool:
        return fold(name) in self.folded_rows


class Figure(Entry):
    subject: str
    cells: tuple[CellSpec, ...]


class FunctionItems(Entry):
    tables: tuple[str, ...] = ()


class FiguresFile(Entry):
    figure: tuple[Figure, ...] = ()
    function_items: FunctionItems = FunctionItems()


# --- families/*.toml --------------------------------------------------------------------------

class Family(Entry):
    """A layout family (a province's or city's template): its markers, required parts and the
    column orders of tables whose header a PDF text layer scrambles."""

    id: str
    zh: str
    en: str
    markers: tuple[str, ...] = ()
    provinces: tuple[str, ...] = ()
    tables: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    #: required tables and sections the template has only from a budget year on (a part it
    #: gained): part id → first year
    since: dict[str, StrictInt] = {}
    columns: dict[str, tuple[tuple[str, ...], ...]] = {}


# --- regions.toml -----------------------------------------------------------------------------

class Prefecture(Entry):
    name: str
    slug: str


class Province(Entry):
    code: str
    name: str
    short: str
    slug: str
    kind: Literal["province", "autonomous-region", "municipality", "sar"]
    prefectures: tuple[Prefecture, ...] = ()

    @cached_property
    def prefecture_slugs(self) -> dict[str, str]:
        return {p.name: p.slug for p in self.prefectures}


class RegionsFile(Entry):
    province: tuple[Province, ...] = ()


#: File name → model, for the files of a layouts folder (families are one file each).
FILES: dict[str, type[Entry]] = {
    "tables.toml": TablesFile, "columns.toml": ColumnsFile, "sections.toml": SectionsFile,
    "claims.toml": ClaimsFile, "performance.toml": PerformanceFile, "figures.toml": FiguresFile,
    "regions.toml": RegionsFile,
}
