"""Query results as plain data, and their serialisations (SPARQL 1.1 Query Results JSON,
XML, CSV and TSV; RDF syntaxes for graphs).

A result is collected into a list before it is written, so that the size limit can be
checked and the same result be written in any format, whether it came from the embedded
store or from a remote endpoint.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

if TYPE_CHECKING:
    from typing_extensions import Buffer

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


class TooManyResults(Exception):
    """The result has more rows or triples than the limit allows."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        super().__init__(f"the result has more than {limit} rows or triples (the limit): "
                         "narrow the query or add a LIMIT")


@dataclass(frozen=True)
class Select:
    variables: list[str]
    rows: list[list[Term | None]]


@dataclass(frozen=True)
class Ask:
    value: bool


@dataclass(frozen=True)
class Graph:
    triples: list[ox.Triple]


@dataclass(frozen=True)
class Solutions:
    """A SELECT result as pyoxigraph wrote it (SPARQL Results TSV: a row a line, terms in their
    Turtle form). The endpoint's query workers answer with this: pyoxigraph writes every
    results format from it, so a corpus query's rows, megabytes of text, never become a
    Python object per term on their way to the client."""

    tsv: bytes

    def parsed(self) -> ox.QuerySolutions:
        answer = ox.parse_query_results(self.tsv, format=ox.QueryResultsFormat.TSV)
        assert isinstance(answer, ox.QuerySolutions)
        return answer

    def select(self) -> Select:
        """The rows as terms (for a page that shows them)."""
        rows = collect(self.parsed(), None)
        assert isinstance(rows, Select)
        return rows

    def written(self, fmt: ox.QueryResultsFormat) -> bytes:
        if fmt == ox.QueryResultsFormat.TSV:
            return self.tsv
        out = self.parsed().serialize(format=fmt)
        assert out is not None
        return out


Result = Select | Ask | Graph
#: What the endpoint writes: a result, or a SELECT result already written by pyoxigraph.
Served = Result | Solutions
_Item = TypeVar("_Item")


def _bounded(items: Iterable[_Item], limit: int | None) -> list[_Item]:
    rows: list[_Item] = []
    for item in items:
        if limit is not None and len(rows) >= limit:
            raise TooManyResults(limit)
        rows.append(item)
    return rows


def collect(answer: ox.QueryBoolean | ox.QuerySolutions | ox.QueryTriples | Iterable[ox.Triple],
            limit: int | None) -> Result:
    """A query answer (pyoxigraph's solutions or boolean, or any iterable of triples) as a
    :data:`Result`; past ``limit`` rows or triples it raises :class:`TooManyResults`."""
    if isinstance(answer, ox.QueryBoolean):
        return Ask(bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        return Select([v.value for v in answer.variables],
                      _bounded((list(s) for s in answer), limit))
    return Graph(_bounded(answer, limit))


class _Rows(io.BytesIO):
    """Where pyoxigraph writes a SELECT result as TSV: counts the rows as they come, and stops
    the writing past the limit (so an overlong result is never held whole)."""

    def __init__(self, limit: int | None) -> None:
        super().__init__()
        self.limit, self.lines = limit, 0

    def write(self, data: Buffer, /) -> int:
        self.lines += bytes(data).count(b"\n")  # a literal's line breaks are written escaped
        if self.limit is not None and self.lines - 1 > self.limit:  # the first line: the header
            raise TooManyResults(self.limit)
        return super().write(data)


def served(answer: ox.QueryBoolean | ox.QuerySolutions | ox.QueryTriples,
           limit: int | None) -> Served:
    """A query answer as the endpoint sends it: a SELECT result written by pyoxigraph
    (:class:`Solutions`), anything else as :func:`collect` makes it."""
    if not isinstance(answer, ox.QuerySolutions):
        return collect(answer, limit)
    rows = _Rows(limit)
    answer.serialize(rows, format=ox.QueryResultsFormat.TSV)
    return Solutions(rows.getvalue())


# --- SPARQL 1.1 Query Results formats ----------------------------------------------------

def _json_term(term: Term) -> dict[str, object]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {k: _json_term(getattr(term, k))
                                            for k in ("subject", "predicate", "object")}}
    out: dict[str, object] = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != XSD_STRING:
        out["datatype"] = term.datatype.value
    return out


def to_json(result: Select | Ask | Solutions) -> bytes:
    if isinstance(result, Solutions):
        return result.written(ox.QueryResultsFormat.JSON)
    if isinstance(result, Ask):
        data: dict[str, object] = {"head": {}, "boolean": result.value}
    else:
        terms: dict[Term, dict[str, object]] = {}  # rows repeat their terms: each written once

        def written(term: Term) -> dict[str, object]:
            found = terms.get(term)
            if found is None:
                found = terms[term] = _json_term(term)
            return found

        data = {"head": {"vars": result.variables},
                "results": {"bindings": [{v: written(t) for v, t in zip(result.variables, row)
                                          if t is not None} for row in result.rows]}}
    return json.dumps(data, ensure_ascii=False).encode()


def _xml_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Triple):
        parts = "".join(f"<{k}>{_xml_term(getattr(term, k))}</{k}>"
                        for k in ("subject", "predicate", "object"))
        return f"<triple>{parts}</triple>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
    if term.datatype.value != XSD_STRING:
        return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
    return f"<literal>{escape(term.value)}</literal>"


def to_xml(result: Select | Ask | Solutions) -> bytes:
    if isinstance(result, Solutions):
        return result.written(ox.QueryResultsFormat.XML)
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n'
           '<sparql xmlns="http://www.w3.org/2005/sparql-results#">']
    if isinstance(result, Ask):
        out.append(f"<head/><boolean>{'true' if result.value else 'false'}</boolean>")
    else:
        out.append("<head>" + "".join(f"<variable name={quoteattr(v)}/>" for v in result.variables)
                   + "</head><results>")
        for row in result.rows:
            out.append("<result>" + "".join(f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                                             for v, t in zip(result.variables, row) if t is not None)
                       + "</result>")
        out.append("</results>")
    out.append("</sparql>\n")
    return "".join(out).encode()


def plain(term: Term | None) -> str:
    """A term as the CSV results format writes it: its value only (no datatype)."""
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Triple):
        return str(term)
    return term.value


def to_csv(result: Select | Ask | Solutions) -> bytes:
    if isinstance(result, Solutions):
        return result.written(ox.QueryResultsFormat.CSV)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if isinstance(result, Ask):
        writer.writerows([["boolean"], ["true" if result.value else "false"]])
    else:
        writer.writerow(result.variables)
        writer.writerows([plain(t) for t in row] for row in result.rows)
    return buffer.getvalue().encode()


def to_tsv(result: Select | Ask | Solutions) -> bytes:
    """TSV results: terms in their SPARQL/Turtle form (``<iri>``, ``"text"@zh``)."""
    if isinstance(result, Solutions):
        return result.written(ox.QueryResultsFormat.TSV)
    if isinstance(result, Ask):
        return f"?boolean\n{'true' if result.value else 'false'}\n".encode()
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines += ["\t".join("" if t is None else str(t) for t in row) for row in result.rows]
    return ("\n".join(lines) + "\n").encode()


#: Results format name → (media type, writer).
RESULT_FORMATS = {"json": ("application/sparql-results+json", to_json),
                  "xml": ("application/sparql-results+xml", to_xml),
                  "csv": ("text/csv; charset=utf-8", to_csv),
                  "tsv": ("text/tab-separated-values; charset=utf-8", to_tsv)}
#: RDF format name → media type.
GRAPH_FORMATS = {"turtle": "text/turtle; charset=utf-8", "nt": "application/n-triples",
                 "jsonld": "application/ld+json"}


def graph_bytes(triples: list[ox.Triple] | list[ox.Quad], fmt: str) -> bytes:
    """Triples as Turtle (with budgetld's prefixes), N-Triples or JSON-LD compacted with
    budgetld's context."""
    from ..rdf import serialize_triples

    return serialize_triples(triples, fmt)
