"""Parse stage: neutral blocks → the typed :class:`~budgetld.model.Disclosure`.

The parser is generic; what it knows of particular layouts comes from ``layouts/*.toml``
(:mod:`budgetld.layouts`), passed in by the caller.
"""

from .document import parse_document, parse_file

__all__ = ["parse_document", "parse_file"]
