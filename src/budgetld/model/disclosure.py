"""The whole disclosure: provenance, metadata and every part the parser read."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .common import Frozen, ParseWarning, SourceRef, TextNote
from .narrative import AssetFact, Claim, GlossaryEntry, Section, TocEntry
from .performance import PerformanceProject
from .tables import BudgetTable

Newline = Literal["LF", "CRLF", "CR"]
BudgetKind = Literal["单位预算", "部门预算"]


class SourceFile(Frozen):
    """Provenance of the input: what file, which physical form and how it was decoded."""

    name: str
    sha256: str
    size: int
    form: str
    encoding: str | None = None
    encoding_evidence: str | None = None
    newline: Newline | None = None
    normalised: list[str] = Field(default_factory=list)
    pages: int | None = None


class Organisation(Frozen):
    name: str
    code: str | None = None


class Region(Frozen):
    province: str | None = None
    city: str | None = None
    county: str | None = None


class DocumentMeta(Frozen):
    title: str | None = None
    unit: Organisation | None = None
    supervisor: Organisation | None = None
    region: Region = Field(default_factory=Region)
    fiscal_year: int | None = None
    kind: BudgetKind | None = None
    level: str | None = None
    layout: str
    source: SourceRef | None = None


class UnknownBlock(Frozen):
    """A block the parser did not recognise, kept as text."""

    text: str
    source: SourceRef


class Disclosure(Frozen):
    """Everything read from one budget disclosure."""

    source: SourceFile
    meta: DocumentMeta
    toc: list[TocEntry] = Field(default_factory=list)
    tables: list[BudgetTable] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    projects: list[PerformanceProject] = Field(default_factory=list)
    assets: list[AssetFact] = Field(default_factory=list)
    glossary: list[GlossaryEntry] = Field(default_factory=list)
    purchase_services: TextNote | None = None
    unknown: list[UnknownBlock] = Field(default_factory=list)
    warnings: list[ParseWarning] = Field(default_factory=list)

    def table(self, kind: str) -> BudgetTable | None:
        return next((t for t in self.tables if t.kind == kind), None)

    def section(self, kind: str) -> Section | None:
        return next((s for s in self.sections if s.kind == kind), None)
