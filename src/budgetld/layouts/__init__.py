"""Layout knowledge: what the files of ``layouts/`` say about table kinds, column and row
meanings, sections, claim phrases, performance forms, layout families and regions.

Every stage reads it from here (the parser to recognise what it reads, the RDF stage to name
what it writes), and callers pass it in, so that a province's own files can be added.
"""

from ..text import fold, fold_header
from .files import (
                    CellSpec,
                    ClaimPatterns,
                    ClaimsFile,
                    ColumnMeaning,
                    Family,
                    PerformanceFile,
                    Province,
                    SectionKind,
                    Subject,
                    TableKind,
)
from .knowledge import Knowledge
from .load import LayoutError, load_knowledge

__all__ = ["CellSpec", "ClaimPatterns", "ClaimsFile", "ColumnMeaning", "Family", "Knowledge",
           "LayoutError", "PerformanceFile", "Province", "SectionKind", "Subject", "TableKind",
           "fold", "fold_header", "load_knowledge"]
