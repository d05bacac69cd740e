"""Shared parts of the model: source locations, amounts, warnings.

Every value in the model says where it came from (:class:`SourceRef`), so that a finding can
point a person at the page and line of the original document.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict

AmountUnit = Literal["元", "万元"]

#: Multiplier from a published amount unit to 元.
UNIT_TO_YUAN: dict[str, Decimal] = {"元": Decimal(1), "万元": Decimal(10000)}


class Frozen(BaseModel):
    """Base of all model classes: immutable, no unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Box(Frozen):
    """A rectangle on a page as displayed, in PDF points from its top-left corner."""

    x0: float
    top: float
    x1: float
    bottom: float


class SourceRef(Frozen):
    """Where a value stands in the source file: 1-based line (and last line if it spans
    several) and, for paged forms, the 1-based page; for a PDF, also the box the value's
    text occupies on that page."""

    file: str
    line: int
    line_end: int | None = None
    page: int | None = None
    box: Box | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}"
        if self.line_end and self.line_end != self.line:
            where += f"-{self.line_end}"
        return f"{where} (p.{self.page})" if self.page else where


class Amount(Frozen):
    """A money amount exactly as published: decimal value, unit and the text it was read from."""

    value: Decimal
    unit: AmountUnit
    text: str
    source: SourceRef

    def in_yuan(self) -> Decimal:
        """The amount converted to 元, exactly (no rounding)."""
        return self.value * UNIT_TO_YUAN[self.unit]


class ParseWarning(Frozen):
    """Something the parser could not read or had to infer; never silently dropped."""

    code: str
    message_zh: str
    message_en: str
    source: SourceRef | None = None


class TextNote(Frozen):
    """A piece of text as published, e.g. the "本表无数据" note under a table."""

    text: str
    source: SourceRef
