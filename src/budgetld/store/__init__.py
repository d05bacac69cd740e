"""The store stage: published bundles → an embedded SPARQL store (Oxigraph on disk), the
named research queries, and the same queries against any SPARQL 1.1 endpoint."""

from __future__ import annotations

from .backend import Backend, Embedded, QueryError, Remote
from .generations import open_read_only
from .load import LoadedBundle, find_bundles, load
from .named import NamedQuery, bind, named_queries
from .results import Ask, Graph, Result, Select, TooManyResults

__all__ = ["Ask", "Backend", "Embedded", "Graph", "LoadedBundle", "NamedQuery",
           "QueryError", "Remote", "Result", "Select", "TooManyResults", "bind", "find_bundles", "load",
           "named_queries", "open_read_only"]
