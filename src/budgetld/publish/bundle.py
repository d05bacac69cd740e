"""What one bundle holds: the data package, the RDF, the validation report and a README.

Everything is computed in memory from the parsed disclosure, the RDF built once; the caller
writes the files (:mod:`.write`), so a failure here never leaves anything on disk.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from ..defaults import LICENSE, TOLERANCE
from ..layouts import Knowledge
from ..model import Disclosure
from ..package import PackageOptions, build_package
from ..rdf import build_triples, serialize_triples
from ..rdf.iris import Minter
from ..validate import Report, to_json, to_turtle, validate
from .readme import bundle_readme


@dataclass(frozen=True)
class BundleOptions:
    """How bundles are made: the data's base IRI, the package's license, the rounding the
    arithmetic rules allow, and a province's own layout folder, if any."""

    base: str
    license_id: str = LICENSE
    tolerance: Decimal = TOLERANCE
    layouts: Path | None = None


@dataclass(frozen=True)
class Bundle:
    slug: str
    dataset: str
    report: Report
    files: dict[str, bytes]


def bundle_slug(minter: Minter) -> str:
    """The bundle's directory name: region path, unit and year (``shanxi-lvliang-…-2024``),
    so that a unit's bundles of successive years sort side by side."""
    return "-".join((minter.region_path.replace("/", "-"), minter.unit_slug, minter.year))


def build_bundle(d: Disclosure, options: BundleOptions, created: str,
                 knowledge: Knowledge) -> Bundle:
    """All files of the bundle of ``d`` (name → bytes), with its validation report;
    ``created`` is the ISO 8601 time the package says it was made; ``knowledge`` is what
    ``d`` was parsed with."""
    minter = Minter(d, options.base, knowledge)
    slug = bundle_slug(minter)
    triples = build_triples(d, options.base, knowledge)
    report, dataset = validate(d, options.tolerance, options.base, triples)
    files = build_package(d, PackageOptions(name=slug, created=created,
                                            license_id=options.license_id))
    files["disclosure.ttl"] = serialize_triples(triples, "turtle")
    files["disclosure.jsonld"] = serialize_triples(triples, "jsonld")
    files["validation.json"] = to_json(report).encode("utf-8")
    files["validation.ttl"] = to_turtle(report, dataset)
    files["README.md"] = bundle_readme(d, report, files, created)
    return Bundle(slug, dataset, report, dict(sorted(files.items())))
