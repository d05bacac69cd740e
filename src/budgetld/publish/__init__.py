"""Publish stage: disclosures → bundles a person downloads and a portal harvests.

A bundle (``DIR/<slug>/``) holds the Frictionless data package, the RDF (Turtle, JSON-LD), the
validation report and a README (:mod:`.bundle`), written atomically (:mod:`.write`); many
inputs are published in parallel (:mod:`.run`); ``DIR/catalog.ttl`` and ``catalog.jsonld``
describe all bundles in DCAT-AP style (:mod:`.catalog`). One run at a time writes into a folder,
and a run killed midway leaves nothing the next one does not settle (:mod:`.guard`).
"""

from .bundle import Bundle, BundleOptions, build_bundle
from .catalog import CatalogOptions, write_catalog
from .guard import exclusive, recover
from .run import Outcome, collect_inputs, publish
from .write import write_bundle

__all__ = ["Bundle", "BundleOptions", "CatalogOptions", "Outcome", "build_bundle",
           "collect_inputs", "exclusive", "publish", "recover", "write_bundle", "write_catalog"]
