"""The units amounts are published in (元, 千元, 万元, 亿元, …), defined once.

They are data: the ``unit`` scheme of ``ontology/codelists/src/schemes.toml``, each concept
with its symbol and its factor to 元. The parser's patterns, the model's type, the RDF
(``bld:amountInYuan``, ``bld:valueInYuan``, the unit's code IRI), the package schemas and the
shapes (through the generated ``unit`` code list) all take what they need from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from .codelists import scheme

#: The code-list scheme of amount units.
SCHEME = "unit"


@dataclass(frozen=True)
class Unit:
    """An amount unit: its code (the concept id), symbol as printed, English label and the
    number of 元 in one unit."""

    code: str
    symbol: str
    en: str
    factor: Decimal


@cache
def units() -> tuple[Unit, ...]:
    """Every known unit, the longest symbol first (so 万元 is found before 元)."""
    found = [Unit(c.id, c.zh, c.en, Decimal(c.factor or "1")) for c in scheme(SCHEME).concepts]
    return tuple(sorted(found, key=lambda u: -len(u.symbol)))


def unit(symbol: str) -> Unit:
    """The unit printed as ``symbol``; raises :class:`KeyError` for an unknown one."""
    for known in units():
        if known.symbol == symbol:
            return known
    raise KeyError(symbol)


@cache
def symbols() -> tuple[str, ...]:
    """The symbols of :func:`units`, in its order (asked for by every amount the model takes)."""
    return tuple(u.symbol for u in units())


def pattern() -> str:
    """A regular-expression alternation of the symbols, longest first."""
    return "|".join(symbols())


def in_yuan(value: Decimal, symbol: str) -> Decimal:
    """``value`` of the unit ``symbol`` converted to 元, exactly."""
    return value * unit(symbol).factor
