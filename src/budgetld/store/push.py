"""Scale-out: write each disclosure's graphs to a SPARQL 1.1 Graph Store Protocol server
(Oxigraph server, Jena Fuseki, Virtuoso), replacing them (HTTP PUT of each graph)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..errors import InputError
from .layout import validation_graph
from .load import disclosure_of


def push(bundles: list[Path], store_url: str, auth: tuple[str, str] | None = None,
         progress: Callable[[str], None] = lambda _: None, timeout: float = 120.0) -> list[str]:
    """PUT the disclosure and validation graphs of each bundle to the Graph Store endpoint
    ``store_url`` (e.g. ``http://host:7878/store``); returns the graphs written."""
    import httpx

    written = []
    with httpx.Client(auth=auth, timeout=timeout) as client:
        for bundle in bundles:
            disclosure = disclosure_of(bundle)
            for graph, name in ((disclosure, "disclosure.ttl"),
                                (validation_graph(disclosure), "validation.ttl")):
                path = bundle / name
                if not path.is_file():
                    continue
                try:
                    response = client.put(store_url, params={"graph": graph},
                                          content=path.read_bytes(),
                                          headers={"Content-Type": "text/turtle"})
                except httpx.HTTPError as error:
                    raise InputError(store_url, f"cannot write {graph}: {error}") from None
                if response.status_code not in (200, 201, 204):
                    raise InputError(store_url, f"refused {graph}: {response.status_code} "
                                                f"{' '.join(response.text.split())[:200]}")
                written.append(graph)
                progress(graph)
    return written
