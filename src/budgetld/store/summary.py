"""A disclosure's summary: the figures queries over the whole corpus need, computed from the
disclosure alone when its bundle is loaded, so that those queries read a few small
resources per disclosure instead of searching every table of every disclosure.

The summary is kept in the graph ``<disclosure>/summary`` and replaced with the bundle:

- one ``qb:Slice`` (``bld:Summary``) of each corpus summary data set of
  ``ontology/summaries.ttl`` — expenditure by function class (类), the "三公" items, basic and
  project expenditure — with the unit and year fixed, each observation derived
  (``prov:wasDerivedFrom``) from the table observations it repeats or adds up;
- a ``bld:ClaimCheck`` for every amount quoted in the narrative: the claimed amount, the
  table figure it names and whether they disagree beyond the claim's rounding (and, when
  they do, the unit, year, the claim's text and line and the figure's line);
- a ``bld:RuleFindings`` for every rule and severity of the validation report.

Slices, their observations and contradicting claim checks name the unit (``bldsum:unit``),
its name (``bldsum:unitName``) and the year (``bldsum:year``), and an observation its code
(``bldsum:code``), with properties used nowhere else, so that a corpus query reads each
whole and joins them (see ``ontology/summaries.ttl``).

What is read from the disclosure is asked of it with the queries in ``queries/summary/``,
over a store holding only this disclosure and its report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from urllib.parse import quote

import pyoxigraph as ox

from ..rdf.vocab import BLD, BLDSUM, PROV, QB, SH, XSD, A, Triples, decimal, typed
from ..resources import data_dir

Term = ox.NamedNode | ox.BlankNode | ox.Literal
Row = dict[str, Term]
#: A 类 of the function classification has a 3-digit code (``…/code/function/2026/208``).
_CLASS_DIGITS = 3


@cache
def _query(name: str) -> str:
    return (data_dir("queries") / "summary" / f"{name}.rq").read_text(encoding="utf-8")


def _rows(data: ox.Store, name: str) -> list[Row]:
    """The solutions of ``queries/summary/NAME.rq`` over all graphs of ``data``, each
    variable bound to its term."""
    solutions = data.query(_query(name), use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    names = [v.value for v in solutions.variables]
    return [{n: t for n, t in zip(names, row) if t is not None} for row in solutions]


def _iri(row: Row, name: str) -> ox.NamedNode:
    term = row[name]
    assert isinstance(term, ox.NamedNode), (name, term)
    return term


def _number(row: Row, name: str) -> Decimal:
    return Decimal(row[name].value)


def _local(iri: ox.NamedNode) -> str:
    return iri.value.rsplit("/", 1)[-1]


@dataclass
class _Observation:
    """An observation of a summary slice: its dimension value, amount and sources."""

    value: ox.NamedNode
    yuan: Decimal
    sources: list[ox.NamedNode] = field(default_factory=list)
    label: ox.Literal | None = None


def _best(rows: list[Row]) -> list[Row]:
    """The rows of the best-ranked (lowest ``?rank``) table that has any."""
    best = min((int(r["rank"].value) for r in rows), default=None)
    return [r for r in rows if int(r["rank"].value) == best]


def allowed_rounding(value: Decimal, yuan: Decimal, decimals: int) -> Decimal:
    """How far, in 元, a table figure may be from a claim written with ``decimals`` decimals
    (half a unit of its last digit, in 元): 86.30万元 allows 50 元."""
    scale = yuan / value if value else Decimal(1)
    return scale * Decimal(5).scaleb(-decimals - 1)


class _Summary:
    """The summary triples of the one disclosure in ``data``."""

    def __init__(self, data: ox.Store) -> None:
        about = _rows(data, "about")
        self.data = data
        self.disclosure = _iri(about[0], "disclosure")
        self.unit = _iri(about[0], "unit")
        self.year = about[0].get("year")
        self.names = [row.get("name") for row in about]
        self.g = Triples()

    def iri(self, *parts: str) -> str:
        return "/".join((self.disclosure.value, "summary", *(quote(p, safe="") for p in parts)))

    def about(self, subject: str, disclosure: bool = True) -> None:
        """What every summary resource says: which unit (and its names) and year, and, but
        for an observation (its slice says it), whose disclosure."""
        if disclosure:
            self.g.add(subject, BLD.summarizes, self.disclosure)
        self.g.add(subject, BLDSUM.unit, self.unit)
        self.g.add(subject, BLDSUM.year, self.year)
        for name in self.names:
            self.g.add(subject, BLDSUM.unitName, name)

    def slice(self, name: str, cube: ox.NamedNode, dimension: ox.NamedNode,
              table: ox.NamedNode, observations: list[_Observation]) -> None:
        """The disclosure's slice of ``cube``, taken from ``table``."""
        g, s = self.g, self.iri(name)
        g.add(cube, QB.slice, s)
        g.add(s, A, QB.Slice)
        g.add(s, A, BLD.Summary)
        g.add(s, QB.sliceStructure, BLDSUM.unitYear)
        self.about(s)
        g.add(s, PROV.wasDerivedFrom, table)
        for observation in observations:
            o = self.iri(name, _local(observation.value))
            g.add(s, QB.observation, o)
            g.add(o, A, QB.Observation)
            g.add(o, QB.dataSet, cube)
            self.about(o, disclosure=False)
            g.add(o, dimension, observation.value)
            g.add(o, BLDSUM.code, ox.Literal(_local(observation.value)))
            g.add(o, BLDSUM.amountInYuan, decimal(observation.yuan))
            g.add(o, BLDSUM.name, observation.label)
            for source in observation.sources:
                g.add(o, PROV.wasDerivedFrom, source)

    def function_classes(self) -> None:
        """Each 类's amount in the first total column of the best table for it."""
        rows = _best([r for r in _rows(self.data, "function-class")
                      if len(_local(_iri(r, "class"))) == _CLASS_DIGITS])
        first: dict[str, Row] = {}
        for r in rows:
            first.setdefault(r["class"].value, r)
        if first:
            observations = [_Observation(_iri(r, "class"), _number(r, "yuan"), [_iri(r, "obs")],
                                         ox.Literal(r["label"].value, language="zh"))
                            for _, r in sorted(first.items())]
            self.slice("function-class", BLDSUM.ExpenditureByFunctionClass, BLDSUM.functionClass,
                       _iri(rows[0], "table"), observations)

    def three_public(self) -> None:
        """Each "三公" item's first amount (all fund sources together)."""
        first: dict[str, Row] = {}
        for r in _rows(self.data, "three-public"):
            first.setdefault(r["item"].value, r)
        if first:
            observations = [_Observation(_iri(r, "item"), _number(r, "yuan"), [_iri(r, "obs")])
                            for _, r in sorted(first.items())]
            self.slice("three-public", BLDSUM.ThreePublicExpenses, BLDSUM.expenseItem,
                       _iri(next(iter(first.values())), "table"), observations)

    def expenditure_types(self) -> None:
        """Basic and project expenditure: each type's columns of the best total row, added up."""
        rows = _best(_rows(self.data, "expenditure-type"))
        totals: dict[str, _Observation] = {}
        for r in rows:
            kind = totals.setdefault(r["type"].value, _Observation(_iri(r, "type"), Decimal(0)))
            kind.yuan += _number(r, "yuan")
            kind.sources.append(_iri(r, "obs"))
        if totals:
            self.slice("expenditure-type", BLDSUM.ExpenditureByType, BLDSUM.expenditureType,
                       _iri(rows[0], "table"), [totals[t] for t in sorted(totals)])

    def claims(self) -> None:
        """Each amount claim against the table figure it names (a blank cell counts as 0)."""
        g = self.g
        for r in _rows(self.data, "claims"):
            claim = _iri(r, "claim")
            check = self.iri("claim", _local(claim))
            g.add(check, A, BLD.ClaimCheck)
            g.add(check, BLD.checksClaim, claim)
            g.add(check, BLD.summarizes, self.disclosure)
            yuan = _number(r, "yuan")
            g.add(check, BLD.valueInYuan, decimal(yuan))
            if "tableYuan" not in r and "figure" not in r:
                continue  # no table holds the figure the claim names
            table = _number(r, "tableYuan") if "tableYuan" in r else Decimal(0)
            g.add(check, BLD.tableValueInYuan, decimal(table))
            if "figure" in r:
                allowed = allowed_rounding(_number(r, "value"), yuan, int(r["decimals"].value))
                contradicts = abs(yuan - table) > allowed
                g.add(check, BLD.contradictsTable, typed(str(contradicts).lower(), XSD.boolean))
                if contradicts:  # what the corpus query lists of each, beside the figures
                    self.about(check, disclosure=False)
                    g.add(check, BLDSUM.claimText, r.get("text"))
                    g.add(check, BLDSUM.claimLine, r.get("line"))
                    g.add(check, BLDSUM.tableLine, r.get("tableLine"))

    def findings(self) -> None:
        """How many findings each rule has at each severity, with an example message."""
        g = self.g
        for r in _rows(self.data, "findings"):
            severity = _iri(r, "severity")
            f = self.iri("findings", r["rule"].value, severity.value.rsplit("#", 1)[-1])
            g.add(f, A, BLD.RuleFindings)
            g.add(f, BLD.summarizes, self.disclosure)
            g.add(f, BLD.ruleId, ox.Literal(r["rule"].value))
            g.add(f, SH.resultSeverity, severity)
            g.add(f, BLD.findingCount, typed(r["count"].value, XSD.integer))
            example = r.get("example")
            g.add(f, SH.resultMessage, example if isinstance(example, ox.Literal) else None)


def summarize(data: ox.Store) -> list[ox.Quad]:
    """The summary of the one disclosure in ``data`` (its graph and its report's)."""
    summary = _Summary(data)
    summary.function_classes()
    summary.three_public()
    summary.expenditure_types()
    summary.claims()
    summary.findings()
    return summary.g.triples
