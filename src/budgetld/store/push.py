"""Scale-out: write each disclosure's graphs — its data, its validation report and the summary
computed from them, as ``budgetld load`` keeps them — to a SPARQL 1.1 Graph Store Protocol
server (Oxigraph server, Jena Fuseki, Virtuoso), replacing them (HTTP PUT of each graph)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError
from .layout import summary_graph, validation_graph
from .load import bundle_quads, disclosure_of


def push(bundles: list[Path], store_url: str, auth: tuple[str, str] | None = None,
         progress: Callable[[str], None] = lambda _: None, timeout: float = 120.0) -> list[str]:
    """PUT the disclosure, validation and summary graphs of each bundle to the Graph Store
    endpoint ``store_url`` (e.g. ``http://host:7878/store``); returns the graphs written."""
    import httpx

    written = []
    with httpx.Client(auth=auth, timeout=timeout) as client:
        for bundle in bundles:
            disclosure = disclosure_of(bundle)
            data = bundle_quads(bundle, disclosure)
            for graph in (disclosure, validation_graph(disclosure), summary_graph(disclosure)):
                name = ox.NamedNode(graph)
                if not data.contains_named_graph(name):
                    continue
                content = data.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=name)
                try:
                    response = client.put(store_url, params={"graph": graph}, content=content,
                                          headers={"Content-Type": "application/n-triples"})
                except httpx.HTTPError as error:
                    raise InputError(store_url, f"cannot write {graph}: {error}") from None
                if response.status_code not in (200, 201, 204):
                    raise InputError(store_url, f"refused {graph}: {response.status_code} "
                                                f"{' '.join(response.text.split())[:200]}")
                written.append(graph)
                progress(graph)
    return written
