"""Project performance-target tables (项目支出绩效目标表)."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field

from .common import Amount, Frozen, SourceRef

Period = Literal["implementation", "annual"]
Comparator = Literal["≥", "≤", "=", ">", "<"]


class Target(Frozen):
    """An indicator's target value as written (``≥95%``, ``≤5000元/次``, ``及时``), with the
    comparator, number and unit read from it where it has them."""

    text: str
    comparator: Comparator | None = None
    value: Decimal | None = None
    unit: str | None = None


class Indicator(Frozen):
    period: Period
    level1: str | None
    level2: str | None
    name: str
    target: Target | None
    source: SourceRef


class ProjectFunds(Frozen):
    """Funds of one period in 元 (the unit of the performance tables), by source as labelled."""

    period: Period
    total: Amount | None = None
    by_source: dict[str, Amount] = Field(default_factory=dict)


class PerformanceProject(Frozen):
    """One project's performance-target table. Fields the extraction lost stay ``None``;
    the parse warnings say what could not be read."""

    id: str
    name: str | None
    supervisor: str | None = None
    supervisor_code: str | None = None
    implementer: str | None = None
    attribute: str | None = None
    category: str | None = None
    duration: str | None = None
    start_date: str | None = None
    end_date: str | None = None
    funds: list[ProjectFunds] = Field(default_factory=list)
    texts: dict[str, str] = Field(default_factory=dict)
    objectives: dict[str, str] = Field(default_factory=dict)
    indicators: list[Indicator] = Field(default_factory=list)
    sources: list[SourceRef] = Field(default_factory=list)

    def funds_for(self, period: Period) -> ProjectFunds | None:
        return next((f for f in self.funds if f.period == period), None)
