"""What the pages show, asked of the store with the page queries in ``queries/pages/``.

Each method answers for one page; IRIs the data mints become links on this server (the
namespace root ``https://w3id.org/budgetld/`` is the server's root), any other IRI stays
as it is.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..rdf.vocab import BLD, DCT, ORG, RDFS, SKOS, A
from ..resources import data_dir
from ..store.backend import Backend
from ..store.layout import ONTOLOGY_GRAPH, ROOT
from ..store.render import short
from ..store.results import Graph, Select, Term
from .charts import Bar, bar_chart, yuan

_SEVERITIES = ("Violation", "Warning", "Info")
_LABELS = (SKOS.prefLabel, RDFS.label, DCT.title)
#: Kinds of resource with a page of their own, by rdf:type.
PAGE_KINDS = {BLD.BudgetDisclosure: "disclosure", ORG.Organization: "unit", BLD.BudgetTable: "table",
              BLD.PerformanceProject: "project", SKOS.Concept: "code"}
#: What a page template is given.
Page = dict[str, Any]
#: Charts of a disclosure page: (id, page query, title).
CHARTS = (("chart-function", "chart-function", "按支出功能分类 · By function class"),
          ("chart-economic", "chart-economic", "基本支出按经济分类 · Basic expenditure by economic class"),
          ("chart-three-public", "chart-three-public", "“三公”经费 · The “three public” expenses"),
          ("chart-basic-project", "chart-basic-project", "基本支出与项目支出 · Basic and project expenditure"))


class NotFound(Exception):
    pass


def iri_ref(iri: str) -> str:
    """``<iri>`` for a query, refusing what could end the IRI early."""
    if any(c in iri for c in '<>"{}|\\^`') or any(c.isspace() for c in iri):
        raise NotFound(iri)
    return f"<{iri}>"


def bundle_path(folder: Path, relative: str) -> Path | None:
    """The file ``relative`` (``/``-separated) names in the bundles' ``folder``, if it is one
    a client may download: nothing outside the folder (no ``..``, no absolute path, no
    symbolic link leading out of it), no hidden file."""
    parts = relative.split("/")
    if any(not part or part.startswith(".") or "\\" in part or "\0" in part for part in parts):
        return None
    root = folder.resolve()
    target = root.joinpath(*parts).resolve()
    if not target.is_relative_to(root) or not target.is_file() or \
            any(part.startswith(".") for part in target.relative_to(root).parts):
        return None
    return target


@cache
def page_query(name: str) -> str:
    return (data_dir("queries") / "pages" / f"{name}.rq").read_text(encoding="utf-8")


def _value(term: Term | None) -> object:
    """A term as a template uses it: numbers as Decimal, anything else as text."""
    if term is None:
        return ""
    if isinstance(term, ox.Literal) and term.datatype.value.endswith(("#decimal", "#integer")):
        try:
            return Decimal(term.value)
        except InvalidOperation:
            return term.value
    return str(term) if isinstance(term, ox.Triple) else term.value


@dataclass(frozen=True)
class Value:
    text: str
    href: str | None


class Site:
    def __init__(self, backend: Backend, root_path: str, bundles: Path | None) -> None:
        self.backend = backend
        self.root = root_path.rstrip("/")
        self.bundles = bundles

    # --- links ----------------------------------------------------------------------------
    def href(self, iri: str) -> str:
        return self.root + "/" + iri[len(ROOT):] if iri.startswith(ROOT) else iri

    def value(self, term: Term | None) -> Value:
        if isinstance(term, ox.NamedNode):
            return Value(short(term), self.href(term.value))
        return Value("" if term is None else short(term), None)

    # --- queries --------------------------------------------------------------------------
    def rows(self, name: str, this: str | None = None) -> list[dict[str, object]]:
        text = page_query(name)
        if this is not None:
            text = text.replace("$this", iri_ref(this))
        result = self.backend.query(text)
        assert isinstance(result, Select)
        return [{v: _value(t) for v, t in zip(result.variables, row)} for row in result.rows]

    def describe(self, iri: str) -> list[ox.Triple]:
        """The triples about ``iri``; for the ontology, every term of it (``def#…``)."""
        ref = iri_ref(iri)
        if iri == ONTOLOGY_GRAPH or iri.startswith(ONTOLOGY_GRAPH + "/"):
            query = (f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{ONTOLOGY_GRAPH}> {{ ?s ?p ?o "
                     f'FILTER(?s = {ref} || STRSTARTS(STR(?s), CONCAT(STR({ref}), "#"))) }} }}')
        else:
            query = f"CONSTRUCT {{ {ref} ?p ?o }} WHERE {{ {ref} ?p ?o }}"
        result = self.backend.query(query)
        assert isinstance(result, Graph)
        triples = sorted(set(result.triples), key=str)
        if not triples:
            raise NotFound(iri)
        return triples

    # --- pages ----------------------------------------------------------------------------
    def home(self, q: str) -> Page:
        rows = self.rows("disclosures")
        words = q.split()
        rows = [r for r in rows if all(w in f"{r['region']} {r['unitName']} {r['year']} {r['title']}"
                                       for w in words)]
        for r in rows:
            r["href"], r["unit_href"] = self.href(str(r["disclosure"])), self.href(str(r["unit"]))
        return {"rows": rows, "q": q}

    def kind(self, triples: list[ox.Triple]) -> str:
        types = [t.object for t in triples if t.predicate == A]
        return next((PAGE_KINDS[t] for t in PAGE_KINDS if t in types), "resource")

    def name(self, triples: list[ox.Triple], iri: str) -> str:
        for predicate in _LABELS:
            labels = [t.object for t in triples if t.predicate == predicate and isinstance(t.object, ox.Literal)]
            for label in sorted(labels, key=lambda x: (x.language != "zh", x.value)):
                return label.value
        return iri

    def properties(self, triples: list[ox.Triple]) -> list[tuple[Value, list[Value]]]:
        grouped: dict[ox.NamedNode, list[Value]] = defaultdict(list)
        for t in triples:
            grouped[t.predicate].append(self.value(t.object))
        return [(self.value(p), values) for p, values in grouped.items()]

    def charts(self, iri: str) -> list[Page]:
        charts = []
        for chart_id, query, title in CHARTS:
            bars = [Bar(str(r["label"]), r["value"]) for r in self.rows(query, iri)
                    if isinstance(r["value"], Decimal)]
            if bars:
                charts.append({"id": chart_id, "title": title, "svg": bar_chart(chart_id, title, bars)})
        return charts

    def disclosure(self, iri: str) -> Page:
        described = self.rows("disclosure", iri)
        if not described:
            raise NotFound(iri)
        d = described[0]
        findings = self.rows("disclosure-findings", iri)
        by_severity = [(s, [f for f in findings if f["severity"] == s]) for s in _SEVERITIES]
        return {"d": d, "tables": self.rows("disclosure-tables", iri), "findings": findings,
                "findings_by_severity": [(s, items) for s, items in by_severity if items],
                "charts": self.charts(iri), "downloads": self.downloads(str(d["identifier"]))}

    def downloads(self, identifier: str) -> list[tuple[str, str]]:
        """The files of a disclosure's bundle this server holds: (name, URL)."""
        if self.bundles is None:
            return []
        slug = identifier.replace("/", "-")
        folder = self.bundles / slug
        if not folder.is_dir():
            return []
        names = [p.relative_to(folder).as_posix() for p in sorted(folder.rglob("*"))]
        return [(name, f"{self.root}/bundles/{slug}/{name}") for name in names
                if bundle_path(self.bundles, f"{slug}/{name}") is not None]

    def unit(self, iri: str, triples: list[ox.Triple]) -> Page:
        years = self.rows("unit", iri)
        classes: dict[str, Page] = {}
        for n, year in enumerate(years):
            for r in self.rows("chart-function", str(year["disclosure"])):
                entry = classes.setdefault(str(r["code"]), {"label": r["label"], "amounts": [""] * len(years)})
                entry["amounts"][n] = yuan(r["value"]) if isinstance(r["value"], Decimal) else r["value"]
        return {"name": self.name(triples, iri), "years": years,
                "classes": [(code, c["label"], c["amounts"]) for code, c in sorted(classes.items())]}

    def table(self, iri: str, triples: list[ox.Triple]) -> Page:
        cells = self.rows("table", iri)
        columns: dict[str, tuple[int, str]] = {}
        rows: dict[str, Page] = {}
        for c in cells:
            columns[str(c["column"])] = (int(str(c["columnOrder"])), str(c["columnLabel"]))
            rows.setdefault(str(c["row"]), {"order": int(str(c["rowOrder"])), "label": c["rowLabel"],
                                            "code": c["code"], "role": c["role"], "cells": {}})
            rows[str(c["row"])]["cells"][str(c["column"])] = c["amount"]
        ordered = sorted(columns, key=lambda k: columns[k][0])
        body = [{**r, "amounts": [r["cells"].get(k, "") for k in ordered]}
                for r in sorted(rows.values(), key=lambda r: r["order"])]
        part_of = next((t.object.value for t in triples
                        if t.predicate == DCT.isPartOf and isinstance(t.object, ox.NamedNode)), None)
        unit = next((short(t.object) for t in triples if t.predicate == BLD.amountUnit), "")
        return {"title": self.name(triples, iri), "columns": [columns[k][1] for k in ordered],
                "rows": body, "disclosure": part_of, "unit": unit.rsplit("/", 1)[-1],
                "disclosure_title": part_of and self.name(self.describe(part_of), part_of)}

    def code(self, iri: str, triples: list[ox.Triple]) -> Page:
        notation = next((t.object.value for t in triples
                         if t.predicate == SKOS.notation and isinstance(t.object, ox.Literal)), "")
        return {"name": self.name(triples, iri), "notation": notation,
                "properties": self.properties(triples), "rows": self.rows("code", iri)}

    def project(self, iri: str, triples: list[ox.Triple]) -> Page:
        return {"name": self.name(triples, iri), "properties": self.properties(triples),
                "indicators": self.rows("project", iri)}

    def resource(self, iri: str, triples: list[ox.Triple]) -> Page:
        return {"name": self.name(triples, iri), "properties": self.properties(triples)}
