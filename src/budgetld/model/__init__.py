"""The typed model of a budget disclosure (pydantic). Amounts are exact decimals with their
published unit; every value carries its source location."""

from .common import Amount, AmountUnit, Box, ParseWarning, SourceRef, TextNote
from .disclosure import Disclosure, DocumentMeta, Organisation, Region, SourceFile, UnknownBlock
from .narrative import AssetFact, Claim, GlossaryEntry, Section, TocEntry
from .performance import Indicator, PerformanceProject, ProjectFunds, Target
from .tables import BudgetTable, Cell, Column, Row, Unplaced

__all__ = [
    "Amount", "AmountUnit", "AssetFact", "Box", "BudgetTable", "Cell", "Claim", "Column", "Disclosure",
    "DocumentMeta", "GlossaryEntry", "Indicator", "Organisation", "ParseWarning",
    "PerformanceProject", "ProjectFunds", "Region", "Row", "Section", "SourceFile", "SourceRef",
    "Target", "TextNote", "TocEntry", "UnknownBlock", "Unplaced",
]
