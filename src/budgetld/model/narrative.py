"""The narrative: sections, figures quoted in them (claims), asset facts, glossary."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import Field

from .common import Frozen, SourceRef, TextNote

ClaimKind = Literal["amount", "change", "change_pct", "share", "count", "ratio"]
Direction = Literal[-1, 0, 1]
AssetCategory = Literal["vehicles", "floor_area", "equipment"]
AssetStatus = Literal["held", "planned"]


class Section(Frozen):
    """A narrative section under a heading such as ``七、“三公”经费增减变动原因说明``.
    ``kind`` is the section id from the layout knowledge, ``None`` if not recognised.
    ``text`` is its paragraphs joined by newlines; ``paragraphs`` keeps each with its lines,
    so that what is found in the text can be pointed at."""

    id: str
    kind: str | None
    number: str | None
    title: str
    level: int
    parent: str | None = None
    text: str = ""
    paragraphs: list[TextNote] = Field(default_factory=list)
    source: SourceRef


class Claim(Frozen):
    """A figure quoted in the narrative. ``subject`` is what it is said to be (a concept id
    from the claim vocabulary, e.g. ``revenue.total``), ``subject_text`` the words used.
    A change (``比上年减少186.20万元``) or share (``占0%``) refers to the claim it qualifies;
    a share is of ``share_of``, the leading figure of its paragraph. For a classification
    item quoted by its names (``item_path``), ``purpose`` is what the sentence says its money is
    for (``主要用于…``)."""

    id: str
    section: str | None
    kind: ClaimKind
    subject: str | None
    subject_text: str
    value: Decimal | None
    unit: str
    direction: Direction | None = None
    compared_year: int | None = None
    refers_to: str | None = None
    share_of: str | None = None
    item_path: list[str] = Field(default_factory=list)
    purpose: str | None = None
    text: str
    source: SourceRef


class AssetFact(Frozen):
    """A quantity from the 国有资产占有使用情况 section (vehicles, floor area, equipment)."""

    category: AssetCategory
    item: str
    quantity: Decimal
    unit: str
    status: AssetStatus = "held"
    as_of: date | None = None
    as_of_text: str | None = None
    value_threshold_wan: Decimal | None = None
    text: str
    source: SourceRef


class GlossaryEntry(Frozen):
    term: str
    definition: str
    source: SourceRef


class TocEntry(Frozen):
    """A line of the table of contents, kept so that listed-but-missing parts can be found."""

    number: str | None
    title: str
    page: int | None
    source: SourceRef
