"""Running the rules over one disclosure, with budgetld's own SHACL-SPARQL executor.

A disclosure is validated in a pyoxigraph store that keeps, from one disclosure to the next,
the reference data the rules read: the code lists (to check classification codes and labels),
the small schemes (the "三公" item hierarchy, the layout families' required parts, unit
factors, labels for messages). Each disclosure's triples go into a graph of their own, the
rules are answered over that graph and the reference graphs of its year, and the graph is
dropped again. Every rule is the SPARQL query of its shape with ``$this`` bound to the
disclosure, as SHACL-SPARQL defines it; the result rows become :class:`Result`s with every
variable the query selected, so a finding's expected and actual values are data.

:mod:`.reference_engine` runs the same shapes with pySHACL, the reference engine.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

import pyoxigraph as ox

from ..codelists import CLASSIFICATIONS, FIRST_YEAR, LAST_YEAR
from ..rdf.vocab import BLD, RDF, XSD
from ..resources import data_dir
from .rules import Graphs, Rule, rules, select

#: The small code lists the rules read (labels, hierarchies, required parts, unit factors).
SCHEMES = ("expense-item", "layout-family", "table-kind", "section-kind", "unit", "claim-subject",
           "claim-kind", "fund-source", "indicator")
_COMMON = ox.NamedNode("urn:budgetld:reference")
_DATA = ox.NamedNode("urn:budgetld:disclosure")
_MESSAGE_VARIABLE = re.compile(r"\{[?$]([A-Za-z_][A-Za-z0-9_]*)\}")

#: Looks up where a node stands (table, row, …) in the data a report was made from.
Locator = Callable[[str, str], list[ox.QuerySolution]]


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


def codelist(name: str) -> list[ox.Triple]:
    path = data_dir("ontology") / "codelists" / f"{name}.ttl"
    return [q.triple for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]


def reference_names(year: int | None) -> list[str]:
    """The code lists a disclosure of ``year`` is checked against (file names)."""
    names = list(SCHEMES)
    if year is not None and FIRST_YEAR <= year <= LAST_YEAR:
        names += [f"{scheme}-{year}" for scheme in CLASSIFICATIONS]
    return names


def disclosure_node(triples: Iterable[ox.Triple]) -> tuple[ox.NamedNode | None, int | None]:
    """The disclosure a set of triples describes, and its fiscal year."""
    node = next((t.subject for t in triples if t.predicate == RDF.type
                 and t.object == BLD.BudgetDisclosure), None)
    year = next((t.object.value for t in triples if t.subject == node
                 and t.predicate == BLD.fiscalYear and isinstance(t.object, ox.Literal)), None)
    return (node if isinstance(node, ox.NamedNode) else None), (int(year) if year else None)


def tolerance_triple(node: ox.NamedNode, tolerance: Decimal) -> ox.Triple:
    """The arithmetic tolerance the rules read, stated on the disclosure."""
    return ox.Triple(node, BLD.arithmeticTolerance, ox.Literal(str(tolerance), datatype=XSD.decimal))


class Validator:
    """Validates one disclosure at a time; keeps the reference data loaded between them."""

    def __init__(self) -> None:
        self.store = ox.Store()
        self.store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, _COMMON)
                               for name in SCHEMES for t in codelist(name))
        self._years: set[int] = set()

    def _graphs(self, year: int | None) -> Graphs:
        graphs: Graphs = [_DATA, _COMMON]
        if year is not None and FIRST_YEAR <= year <= LAST_YEAR:
            graph = ox.NamedNode(f"urn:budgetld:reference:{year}")
            if year not in self._years:
                self.store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, graph)
                                       for scheme in CLASSIFICATIONS
                                       for t in codelist(f"{scheme}-{year}"))
                self._years.add(year)
            graphs.append(graph)
        return graphs

    def run(self, triples: list[ox.Triple], tolerance: Decimal,
            only: Iterable[Rule] | None = None) -> tuple[list[Result], Locator]:
        """The results of the rules (all, or ``only`` these) on a disclosure's triples, and
        a locator answering over the same data. The data stays loaded until the next run."""
        if self.store.contains_named_graph(_DATA):
            self.store.remove_graph(_DATA)
        node, year = disclosure_node(triples)
        extra = [tolerance_triple(node, tolerance)] if node is not None else []
        self.store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, _DATA)
                               for t in [*triples, *extra])
        graphs = self._graphs(year)
        results: list[Result] = []
        if node is not None:
            for rule in (rules() if only is None else only):
                results += self._rule(rule, node, graphs)

        def locate(query: str, focus: str) -> list[ox.QuerySolution]:
            return list(select(self.store, query, graphs, {"node": ox.NamedNode(focus)}))

        return results, locate

    def _rule(self, rule: Rule, node: ox.NamedNode, graphs: Graphs) -> list[Result]:
        answer = select(self.store, rule.query, graphs, {"this": node})
        names = [v.value for v in answer.variables]
        out = []
        for row in answer:
            bindings = {name: row[name].value for name in names if row[name] is not None}
            bindings.setdefault("this", node.value)
            out.append(Result(rule, node.value, bindings.get("value", node.value),
                              fill(rule.message("zh"), bindings), fill(rule.message("en"), bindings),
                              bindings))
        return out


@cache
def validator() -> Validator:
    """The process's validator (its reference data loaded once)."""
    return Validator()
