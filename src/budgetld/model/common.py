"""Shared parts of the model: source locations, amounts, warnings.

Every value in the model says where it came from (:class:`SourceRef`), so that a finding can
point a person at the page and line of the original document.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, WithJsonSchema

from .. import units


def _known_unit(symbol: str) -> str:
    if symbol not in units.symbols():
        raise ValueError(f"unknown amount unit {symbol!r}")
    return symbol


#: An amount unit as printed (元, 万元, 亿元, …): one of the symbols of :mod:`budgetld.units`.
AmountUnit = Annotated[str, AfterValidator(_known_unit),
                       WithJsonSchema({"type": "string", "enum": list(units.symbols())})]


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
    several) and, for paged forms, the 1-based page. In a workbook the line is the row, the
    page the sheet's position and ``sheet`` its name; in a PDF, ``box`` is where the value's
    text stands on its page."""

    file: str
    line: int
    line_end: int | None = None
    page: int | None = None
    sheet: str | None = None
    box: Box | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}"
        if self.line_end and self.line_end != self.line:
            where += f"-{self.line_end}"
        if self.sheet is not None:
            return f"{where} (sheet {self.sheet})"
        return f"{where} (p.{self.page})" if self.page else where


class Amount(Frozen):
    """A money amount exactly as published: decimal value, unit and the text it was read from.
    ``unit`` is ``None`` when the document states none: it is not guessed."""

    value: Decimal
    unit: AmountUnit | None
    text: str
    source: SourceRef

    def in_yuan(self) -> Decimal | None:
        """The amount converted to 元, exactly (no rounding); ``None`` without a unit."""
        return units.in_yuan(self.value, self.unit) if self.unit else None


class ParseWarning(Frozen):
    """Something the parser could not read or had to infer; never silently dropped. ``code``
    is one of :data:`budgetld.warning_codes.REGISTRY`, ``params`` what its messages say."""

    code: str
    params: dict[str, str] = Field(default_factory=dict)
    message_zh: str
    message_en: str
    source: SourceRef | None = None


class TextNote(Frozen):
    """A piece of text as published, e.g. the "本表无数据" note under a table."""

    text: str
    source: SourceRef
