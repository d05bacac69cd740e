"""Running the rules over one disclosure, with budgetld's own SHACL-SPARQL executor.

A disclosure is validated in a pyoxigraph store whose default graph already holds the
reference data the rules read: the code lists of the disclosure's year (to check
classification codes and labels) and the small schemes (the "三公" item hierarchy, the
layout families' required parts, unit factors, labels for messages). There is one such
store per fiscal year, loaded once per process. The disclosure's triples are added to the
default graph for its run and taken out again before the next one; every rule's query thus
reads a single graph with all of pyoxigraph's indexes (a union of named graphs as the
default graph is about 1.5× slower on the same queries). pyoxigraph's in-memory store keeps
what was taken out of it as history, which its queries keep reading: a store is therefore
rebuilt from the reference data once the quads removed from it outnumber that data
:data:`HISTORY_LIMIT` times (without this, the rules took 1.6× as long after 120 disclosures;
a rebuild costs about two disclosures' removals). Every rule is the SPARQL query of
its shape with ``$this`` bound to the disclosure, as SHACL-SPARQL defines it; the result
rows become :class:`Result`s with every variable the query selected, so a finding's
expected and actual values are data. The rules are independent read-only queries and
pyoxigraph lets go of the interpreter while it answers one, so they run on a few threads
(one per core, at most :data:`MAX_THREADS`); their results are still listed in rule order.

:mod:`.reference_engine` runs the same shapes with pySHACL, the reference engine.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

import pyoxigraph as ox

from ..codelists import CLASSIFICATIONS, FIRST_YEAR, LAST_YEAR
from ..rdf.vocab import BLD, RDF, XSD
from ..resources import data_dir
from .rules import Rule, predicates_read, rules, select

#: The small code lists the rules read (labels, hierarchies, required parts, unit factors).
SCHEMES = ("expense-item", "layout-family", "table-kind", "section-kind", "unit", "claim-subject",
           "claim-kind", "fund-source", "indicator")
#: The most threads the rules of one disclosure run on.
MAX_THREADS = 4
#: How many times its reference data a store may have had removed before it is rebuilt.
HISTORY_LIMIT = 4
_MESSAGE_VARIABLE = re.compile(r"\{[?$]([A-Za-z_][A-Za-z0-9_]*)\}")

#: Answers a query (where nodes stand: table, row, …) over the data a report was made from.
Locator = Callable[[str], list[ox.QuerySolution]]


@dataclass(frozen=True)
class Result:
    """One row of one rule: the focus node, the node it is about, the messages (zh, en) and
    every value the rule's query selected."""

    rule: Rule
    focus: str
    value: str
    message_zh: str
    message_en: str
    bindings: dict[str, str]


def fill(template: str, bindings: dict[str, str]) -> str:
    """A SHACL message template with ``{?var}`` / ``{$var}`` replaced by the bound values
    (an unbound variable stays as written, as SHACL engines leave it)."""
    return _MESSAGE_VARIABLE.sub(lambda m: bindings.get(m.group(1), m.group(0)), template)


def codelist(name: str) -> list[ox.Quad]:
    path = data_dir("ontology") / "codelists" / f"{name}.ttl"
    return list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))


def reference_names(year: int | None) -> list[str]:
    """The code lists a disclosure of ``year`` is checked against (file names)."""
    names = list(SCHEMES)
    if year is not None and FIRST_YEAR <= year <= LAST_YEAR:
        names += [f"{scheme}-{year}" for scheme in CLASSIFICATIONS]
    return names


def disclosure_node(triples: Iterable[ox.Quad]) -> tuple[ox.NamedNode | None, int | None]:
    """The disclosure a set of triples describes, and its fiscal year."""
    node = next((t.subject for t in triples if t.predicate == RDF.type
                 and t.object == BLD.BudgetDisclosure), None)
    year = next((t.object.value for t in triples if t.subject == node
                 and t.predicate == BLD.fiscalYear and isinstance(t.object, ox.Literal)), None)
    return (node if isinstance(node, ox.NamedNode) else None), (int(year) if year else None)


def tolerance_triple(node: ox.NamedNode, tolerance: Decimal) -> ox.Quad:
    """The arithmetic tolerance the rules read, stated on the disclosure."""
    return ox.Quad(node, BLD.arithmeticTolerance, ox.Literal(str(tolerance), datatype=XSD.decimal))


@dataclass
class _YearStore:
    """The reference data of one fiscal year, in a store the disclosures pass through."""

    reference: list[ox.Quad]
    store: ox.Store
    #: the same quads, to tell a disclosure's own from them (faster than asking the store)
    known: frozenset[ox.Quad]
    removed: int = 0

    @classmethod
    def of(cls, year: int | None) -> _YearStore:
        reference = [quad for name in reference_names(year) for quad in codelist(name)]
        return cls(reference, cls._fresh(reference), frozenset(reference))

    @staticmethod
    def _fresh(reference: list[ox.Quad]) -> ox.Store:
        store = ox.Store()
        store.bulk_extend(reference)
        return store

    def unload(self, quads: list[ox.Quad]) -> None:
        """Take a disclosure's quads out again; start a fresh store when the history of
        removed quads has outgrown the reference data."""
        self.removed += len(quads)
        if self.removed > HISTORY_LIMIT * len(self.reference):
            self.store, self.removed = self._fresh(self.reference), 0
        else:
            for quad in quads:
                self.store.remove(quad)


class Validator:
    """Validates one disclosure at a time; keeps the reference data of each year loaded."""

    def __init__(self, threads: int = 1) -> None:
        self.threads = threads
        self._years: dict[int | None, _YearStore] = {}
        self._loaded: tuple[_YearStore, list[ox.Quad]] | None = None
        self._pool = ThreadPoolExecutor(threads, "budgetld-rules") if threads > 1 else None

    def _year(self, year: int | None) -> _YearStore:
        """The reference data a disclosure of ``year`` is checked against."""
        key = year if year is not None and FIRST_YEAR <= year <= LAST_YEAR else None
        if key not in self._years:
            self._years[key] = _YearStore.of(key)
        return self._years[key]

    def _unload(self) -> None:
        if self._loaded is not None:
            self._loaded[0].unload(self._loaded[1])
            self._loaded = None

    def run(self, triples: list[ox.Quad], tolerance: Decimal, only: Iterable[Rule] | None = None,
            locating: tuple[str, ...] = ()) -> tuple[list[Result], Locator]:
        """The results of the rules (all, or ``only`` these) on a disclosure's triples, and
        a locator answering the ``locating`` queries over the same data. Only the triples
        that the rules or those queries read are loaded (a fifth of a disclosure's triples
        are read by neither; adding and taking them out cost about 7 % of a run). The data
        stays loaded until the next run."""
        self._unload()
        node, year = disclosure_node(triples)
        reference = self._year(year)
        store = reference.store
        extra = [tolerance_triple(node, tolerance)] if node is not None else []
        read = predicates_read(tuple(rule.query for rule in rules()) + locating)
        # a triple the reference data also holds must stay when the disclosure is unloaded
        quads = [quad for quad in [*triples, *extra] if (read is None or quad.predicate.value in read)
                 and quad not in reference.known]
        store.extend(quads)
        self._loaded = (reference, quads)
        results: list[Result] = []
        if node is not None:
            chosen = rules() if only is None else tuple(only)
            mapped = self._pool.map if self._pool is not None and len(chosen) > 1 else map
            for found in mapped(lambda rule: _results(store, rule, node), chosen):
                results += found

        def locate(query: str) -> list[ox.QuerySolution]:
            return list(select(store, query))

        return results, locate


def _results(store: ox.Store, rule: Rule, node: ox.NamedNode) -> list[Result]:
    """The rule's results; solutions that select the same values are one result (they
    describe the same validation result, as pySHACL reports them)."""
    answer = select(store, rule.query, bindings={"this": node})
    names = [v.value for v in answer.variables]
    out: dict[tuple[tuple[str, str], ...], Result] = {}
    for row in answer:
        bindings = {name: row[name].value for name in names if row[name] is not None}
        bindings.setdefault("this", node.value)
        out.setdefault(tuple(bindings.items()), Result(
            rule, node.value, bindings.get("value", node.value), fill(rule.message("zh"), bindings),
            fill(rule.message("en"), bindings), bindings))
    return list(out.values())


def _cores() -> int:
    """The cores this process may run on."""
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity is not None else os.cpu_count() or 1


def share_cores(processes: int) -> None:
    """Let this process's validator use only its share of the cores, when ``processes``
    validate side by side (publish's workers): more threads than cores only add switching."""
    global _processes  # noqa: PLW0603 (one setting per process, made before any validation)
    _processes = max(1, processes)
    validator.cache_clear()


_processes = 1


@cache
def validator() -> Validator:
    """The process's validator (its reference data loaded once)."""
    return Validator(threads=max(1, min(_cores() // _processes, MAX_THREADS)))
