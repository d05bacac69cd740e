"""Defaults every stage and the command line share, defined once (and cheap to import)."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

#: Base IRI of the data budgetld mints.
DEFAULT_BASE = "https://w3id.org/budgetld/data/"
#: Rounding allowed in table sums, in the table's own unit.
TOLERANCE = Decimal("0.01")
#: SPDX id of the license of published data packages.
LICENSE = "CC-BY-4.0"
#: Folder of the embedded store (``budgetld load``, ``query``, ``serve``).
STORE = ".budgetld/store"


class Engine(StrEnum):
    """Which engine runs the validation shapes: budgetld's own SHACL-SPARQL executor, or
    pySHACL, the reference engine."""

    budgetld = "budgetld"
    pyshacl = "pyshacl"
