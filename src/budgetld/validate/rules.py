"""The rules of ``shapes/*.ttl``, read as the SHACL-SPARQL subset budgetld's shapes use.

Every shape is a ``sh:NodeShape`` targeting ``bld:BudgetDisclosure`` with one SPARQL-based
constraint (``sh:sparql [ sh:select …; sh:message …; sh:prefixes … ]``), a severity and a
stable rule id. That is standard SHACL that any SHACL-SPARQL engine runs (pySHACL is the
reference engine here); this module reads each shape into a :class:`Rule` that budgetld's
own executor (:mod:`.engine`) runs directly, and refuses a shape outside that subset.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

import pyoxigraph as ox

from ..rdf.vocab import BLD, RDF, SH
from ..resources import data_dir

Severity = Literal["violation", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("violation", "warning", "info")


class ShapeError(RuntimeError):
    """A shape outside the subset budgetld runs (a bug in ``shapes/``, not in the input)."""


@dataclass(frozen=True)
class Rule:
    """One SPARQL-based rule: its shape, id, severity, message templates and query."""

    shape: str
    id: str
    severity: Severity
    messages: tuple[tuple[str, str], ...]  # (language, template)
    query: str

    def message(self, lang: str) -> str:
        return next((text for language, text in self.messages if language == lang),
                    self.messages[0][1] if self.messages else "")


_STRUCTURE = """
PREFIX sh: <http://www.w3.org/ns/shacl#>
PREFIX bld: <https://w3id.org/budgetld/def#>
SELECT ?shape ?id ?target ?severity ?constraint ?select ?prefixes WHERE {
  ?shape a sh:NodeShape .
  OPTIONAL { ?shape bld:ruleId ?id }
  OPTIONAL { ?shape sh:targetClass ?target }
  OPTIONAL { ?shape sh:severity ?severity }
  OPTIONAL { ?shape sh:sparql ?constraint .
             OPTIONAL { ?constraint sh:select ?select } OPTIONAL { ?constraint sh:prefixes ?prefixes } }
  FILTER NOT EXISTS { ?shape sh:property ?anyProperty }
} ORDER BY ?id"""

_DECLARATIONS = """
PREFIX sh: <http://www.w3.org/ns/shacl#>
SELECT ?owner ?prefix ?namespace WHERE {
  ?owner sh:declare ?declaration . ?declaration sh:prefix ?prefix ; sh:namespace ?namespace .
} ORDER BY ?owner ?prefix"""
#: What SHACL-SPARQL does not allow in a constraint's query, because it pre-binds ``$this`` (the
#: shapes write SPARQL keywords in capitals).
_FORBIDDEN = re.compile(r"\b(?:VALUES|MINUS|SERVICE)\b")
_NESTED_THIS = re.compile(r"\s+(?:DISTINCT\s+)?\$this\b")
_SEVERITY: dict[str, Severity] = {SH.Violation.value: "violation", SH.Warning.value: "warning",
                                  SH.Info.value: "info"}


Graphs = list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph]

_PREFIX = re.compile(r"PREFIX\s+([A-Za-z][\w-]*|):\s*<([^<>\s]*)>")
_FULL_IRI = re.compile(r"<([^<>\s]*)>")
_PREFIXED_NAME = re.compile(r"(?<![\w?$<:])([A-Za-z][\w-]*|):([\w-]+(?:\.[\w-]+)*)")
#: a variable as a triple pattern's predicate: after a subject, or after ``;``
_VARIABLE_PREDICATE = re.compile(
    r"(?:[{.]\s*(?:[?$]\w+|<[^<>\s]*>|[A-Za-z][\w-]*:[\w.-]*|_:\w+|\[\])|;)\s*[?$]\w+\s")


@cache
def predicates_read(queries: tuple[str, ...]) -> frozenset[str] | None:
    """The predicates triples must have for ``queries`` to read them: every IRI the queries
    name, in full or as a prefixed name, and ``rdf:type`` for the keyword ``a`` (naming more
    than the predicates only keeps a few triples more). ``None`` when a query has a variable
    predicate, which may read any triple."""
    iris = {RDF.type.value}
    for query in queries:
        if _VARIABLE_PREDICATE.search(query):
            return None
        prefixes = dict(_PREFIX.findall(query))
        body = _PREFIX.sub("", query)
        iris.update(_FULL_IRI.findall(body))
        # (a prefixed name holds no space: the words with a colon are searched, not the text)
        iris.update(prefixes[prefix] + local for word in body.split() if ":" in word
                    for prefix, local in _PREFIXED_NAME.findall(word) if prefix in prefixes)
    return frozenset(iris)


def select(store: ox.Store, query: str, graphs: Graphs | None = None,
           bindings: dict[str, ox.NamedNode] | None = None) -> ox.QuerySolutions:
    """The solutions of a SELECT query, over ``graphs`` as the default graph when given,
    with the variables of ``bindings`` bound beforehand."""
    answer = store.query(query, default_graph=graphs,
                         substitutions={ox.Variable(k): v for k, v in (bindings or {}).items()})
    assert isinstance(answer, ox.QuerySolutions)
    return answer


@cache
def shapes_store() -> ox.Store:
    """The shapes of ``shapes/*.ttl`` in a store of their own."""
    store = ox.Store()
    for path in sorted(data_dir("shapes").glob("*.ttl")):
        store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    return store


def _value(row: ox.QuerySolution, name: str) -> str | None:
    term = row[name]
    return term.value if term is not None else None


@cache
def rules() -> tuple[Rule, ...]:
    """Every rule of ``shapes/``, in rule-id order."""
    store = shapes_store()
    prologues: dict[str | None, str] = {}
    for r in select(store, _DECLARATIONS):
        prologues[_value(r, "owner")] = prologues.get(_value(r, "owner"), "") + \
            f"PREFIX {_value(r, 'prefix')}: <{_value(r, 'namespace')}>\n"
    out = []
    for row in select(store, _STRUCTURE):
        shape = _value(row, "shape") or ""
        if _value(row, "target") != BLD.BudgetDisclosure.value or _value(row, "select") is None \
                or _value(row, "id") is None:
            raise ShapeError(f"shape {shape} must be a SPARQL constraint on bld:BudgetDisclosure "
                             "with a bld:ruleId")
        query = _value(row, "select") or ""
        if _FORBIDDEN.search(query) or any(not _NESTED_THIS.match(nested) for nested in
                                           re.split(r"\bSELECT\b", query)[2:]):
            raise ShapeError(f"shape {shape}: SHACL-SPARQL pre-binds $this: no VALUES, MINUS or "
                             "SERVICE, and every nested SELECT selects $this")
        constraint = row["constraint"]
        messages = tuple(sorted((m.object.language or "", m.object.value) for m in
                                store.quads_for_pattern(constraint, SH.message, None)
                                if isinstance(m.object, ox.Literal)))
        severity = _SEVERITY.get(_value(row, "severity") or SH.Violation.value)
        if severity is None:
            raise ShapeError(f"shape {shape}: unknown severity {_value(row, 'severity')}")
        out.append(Rule(shape, _value(row, "id") or "", severity, messages,
                        prologues.get(_value(row, "prefixes"), "") + query))
    return tuple(out)
