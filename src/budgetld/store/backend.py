"""Where queries are answered: the embedded store, or any SPARQL 1.1 endpoint.

Both answer a query with a :data:`~.results.Result`, so the command line, the pages and the
SPARQL endpoint of ``budgetld serve`` work the same over either. Both read the union of
all named graphs as the default graph (an Oxigraph server does so when started with
``--union-default-graph``; Fuseki with ``tdb2:unionDefaultGraph``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, TypeVar

import pyoxigraph as ox

from .results import Result, Served, collect, served

Answer = ox.QueryBoolean | ox.QuerySolutions | ox.QueryTriples
_R = TypeVar("_R")


@dataclass(frozen=True)
class Dataset:
    """The RDF dataset a query names by protocol (``default-graph-uri``,
    ``named-graph-uri``) instead of the union of all graphs."""

    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


class QueryError(Exception):
    """The query cannot be run: a syntax error, or an error the endpoint reports."""


class Backend(Protocol):
    def query(self, text: str, limit: int | None = None, dataset: Dataset | None = None) -> Result:
        """Answer ``text``; past ``limit`` rows or triples raise ``TooManyResults``."""
        ...


class Embedded:
    """A pyoxigraph store (on disk, read-only, or in memory)."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store

    def query(self, text: str, limit: int | None = None, dataset: Dataset | None = None) -> Result:
        return self._answer(text, dataset, lambda answer: collect(answer, limit))

    def served(self, text: str, limit: int | None = None, dataset: Dataset | None = None) -> Served:
        """As :meth:`query`, with a SELECT result written by pyoxigraph (for the endpoint)."""
        return self._answer(text, dataset, lambda answer: served(answer, limit))

    def _answer(self, text: str, dataset: Dataset | None, take: Callable[[Answer], _R]) -> _R:
        defaults: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] | None = None
        named: list[ox.NamedNode | ox.BlankNode] | None = None
        if dataset is not None:
            defaults = [ox.NamedNode(g) for g in dataset.default_graphs] or None
            named = [ox.NamedNode(g) for g in dataset.named_graphs] or None
        try:
            return take(self.store.query(text, default_graph=defaults, named_graphs=named,
                                         use_default_graph_as_union=defaults is None))
        except SyntaxError as error:
            raise QueryError(f"not a SPARQL query: {' '.join(str(error).split())}") from None
        except (OSError, ValueError, RuntimeError) as error:
            raise QueryError(f"the query failed: {' '.join(str(error).split())}") from None


class Remote:
    """A SPARQL 1.1 Protocol endpoint, asked with POST (form-encoded)."""

    ACCEPT = ("application/sparql-results+json, application/n-triples;q=0.9, "
              "text/turtle;q=0.8")

    def __init__(self, endpoint: str, auth: tuple[str, str] | None = None,
                 timeout: float = 60.0) -> None:
        import httpx

        self.endpoint = endpoint
        self.client = httpx.Client(auth=auth, timeout=timeout)

    def query(self, text: str, limit: int | None = None, dataset: Dataset | None = None) -> Result:
        import httpx

        form: dict[str, str | list[str]] = {"query": text}
        if dataset is not None:
            form |= {"default-graph-uri": list(dataset.default_graphs),
                     "named-graph-uri": list(dataset.named_graphs)}
        try:
            response = self.client.post(self.endpoint, data=form,
                                        headers={"Accept": self.ACCEPT})
        except httpx.HTTPError as error:
            raise QueryError(f"{self.endpoint}: {error}") from None
        if response.status_code != 200:
            raise QueryError(f"{self.endpoint} answered {response.status_code}: "
                             f"{' '.join(response.text.split())[:300]}")
        media = response.headers.get("content-type", "").split(";")[0].strip()
        if media == "application/sparql-results+json":
            answer = ox.parse_query_results(response.content, format=ox.QueryResultsFormat.JSON)
            return collect(answer, limit)
        formats = {"application/n-triples": ox.RdfFormat.N_TRIPLES, "text/turtle": ox.RdfFormat.TURTLE}
        if media not in formats:
            raise QueryError(f"{self.endpoint} answered in {media or 'an unknown format'}")
        try:
            return collect(ox.parse(response.content, format=formats[media]), limit)
        except SyntaxError as error:
            raise QueryError(f"{self.endpoint} answered unreadable RDF: {error}") from None
