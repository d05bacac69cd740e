"""The serve stage: the corpus on the web — linked-data pages, a read-only SPARQL endpoint,
the DCAT catalog and the bundles' files — over the embedded store or a SPARQL endpoint."""

from __future__ import annotations

from .app import ServeConfig, create_app

__all__ = ["ServeConfig", "create_app"]
