"""Everything budgetld knows about layouts, assembled from the layout files, with the
lookups every stage makes (a table's kind from its title, a header label's meaning, …)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..text import fold, fold_header
from .files import (
    CellSpec,
    ClaimsFile,
    ColumnMeaning,
    Family,
    PerformanceFile,
    Province,
    SectionKind,
    TableKind,
)


@dataclass(frozen=True)
class Knowledge:
    """The layout knowledge of one run: the built-in files, and a province's own over them."""

    tables: tuple[TableKind, ...]
    columns: tuple[ColumnMeaning, ...]
    stubs: Mapping[str, str]
    extra_stubs: dict[str, str]
    totals: frozenset[str]
    subtotals: frozenset[str]
    sections: tuple[SectionKind, ...]
    claims: ClaimsFile
    performance: PerformanceFile
    families: tuple[Family, ...]
    provinces: tuple[Province, ...]
    figures: dict[str, tuple[CellSpec, ...]]
    function_item_tables: tuple[str, ...]
    _kinds: dict[str, TableKind] = field(init=False, repr=False, compare=False)
    _meanings: dict[str, ColumnMeaning] = field(init=False, repr=False, compare=False)
    #: Any section kind's keyword: most lines are told from headings by one search.
    _section_words: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_kinds", {kind.id: kind for kind in self.tables})
        meanings: dict[str, ColumnMeaning] = {}
        for meaning in self.columns:  # the first meaning (in file order) of a label wins
            for key in meaning.folded_labels:
                meanings.setdefault(key, meaning)
        object.__setattr__(self, "_meanings", meanings)
        words = sorted({k for kind in self.sections for k in kind.folded_keywords}, key=len, reverse=True)
        object.__setattr__(self, "_section_words", re.compile("|".join(map(re.escape, words))))

    def table_kind(self, title: str) -> TableKind | None:
        """The first kind (in file order, the more specific first) whose words the title has."""
        return next((kind for kind in self.tables if kind.matches(title)), None)

    def kind(self, kind_id: str) -> TableKind | None:
        return self._kinds.get(kind_id)

    def column_meaning(self, label: str) -> ColumnMeaning | None:
        """What a header label means; a trailing 数 or 金额 is dropped when that is what makes
        the label known (预算数 → 预算)."""
        key = fold_header(label)
        for candidate in (key, key.removesuffix("数"), key.removesuffix("金额")):
            meaning = self._meanings.get(candidate)
            if meaning is not None:
                return meaning
        return None

    def stub_role(self, label: str) -> str | None:
        """``code``, ``label`` or ``extra`` for a row-heading column's label, else None."""
        key = fold_header(label)
        if key in self.extra_stubs:
            return "extra"
        return self.stubs.get(key)

    def section_kind(self, heading: str) -> SectionKind | None:
        key = fold(heading)
        if self._section_words.search(key) is None:
            return None
        return next((s for s in self.sections if s.matches(key)), None)

    def family(self, family_id: str) -> Family:
        return next(f for f in self.families if f.id == family_id)

    def province(self, name: str | None) -> Province | None:
        return next((p for p in self.provinces if p.name == name), None)

    def is_total(self, label: str) -> bool:
        return fold(label) in self.totals
