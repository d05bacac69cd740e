"""The DCAT catalog of a folder of bundles (DCAT-AP 3 style), for portals to harvest.

One ``dcat:Catalog``; one ``dcat:Dataset`` per bundle, described from the bundle's own files
(its ``disclosure.ttl`` says what the disclosure is, its ``datapackage.json`` the license and
keywords, ``validation.json`` whether it conforms to the shapes); one ``dcat:Distribution`` per
file with download URL, media type, format, size and SHA-256. Every node is named, so the same
bundles always give the same text. A large catalog is split into pages of ``page_size``
datasets linked as a Hydra ``PagedCollection``, which ckanext-dcat's harvester follows (it
will not read responses over 50 MB); each page is complete in itself.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..errors import InputError
from ..files import write_atomically
from ..package import LICENSES
from ..rdf.jsonld import to_jsonld
from ..rdf.vocab import (
    BLD,
    DCAT,
    DCT,
    FOAF,
    HYDRA,
    PREFIXES,
    SHAPES,
    SKOS,
    SPDX,
    XSD,
    A,
    Triples,
    en,
    serialize,
    typed,
    zh,
)
from .readme import file_role
from .write import bundle_files

EU = "http://publications.europa.eu/resource/authority/"
IANA = "http://www.iana.org/assignments/media-types/"
ONTOLOGY = "https://w3id.org/budgetld/def"
#: File suffix → (IANA media type, EU file type).
MEDIA = {".csv": ("text/csv", "CSV"), ".json": ("application/json", "JSON"),
         ".ttl": ("text/turtle", "RDF_TURTLE"), ".jsonld": ("application/ld+json", "JSON_LD"),
         ".md": ("text/markdown", "TXT"),
         ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX")}
#: What a file conforms to, by name.
CONFORMS = {"datapackage.json": "https://specs.frictionlessdata.io/tabular-data-package/",
            "disclosure.ttl": ONTOLOGY, "disclosure.jsonld": ONTOLOGY,
            "validation.ttl": "http://www.w3.org/ns/shacl#"}
#: What the catalog repeats of a disclosure's own description, and the nodes it links to.
_DESCRIBED = {DCT.description, DCT.identifier, DCT.publisher, DCT.temporal, DCT.spatial,
              BLD.fiscalYear}
_DESCRIBED_NODES = {DCT.temporal, DCT.spatial, DCT.publisher}
#: The classes DCAT-AP expects of the controlled-vocabulary terms the catalog uses.
_VOCABULARY_TYPES = {DCAT.mediaType: DCT.MediaType, DCT.format: DCT.MediaTypeOrExtent,
                     DCT.license: DCT.LicenseDocument, DCAT.theme: SKOS.Concept,
                     DCT.language: DCT.LinguisticSystem, DCT.conformsTo: DCT.Standard}


@dataclass(frozen=True)
class CatalogOptions:
    """The catalog's own description, and where its bundles can be downloaded from."""

    base_url: str
    iri: str
    title_zh: str = "预算公开数据目录"
    title_en: str = "Catalog of budget disclosures"
    publisher: str = "budgetld"
    page_size: int = 500


def _bundle_description(bundle: Path) -> tuple[str, list[ox.Quad]]:
    """The dataset's IRI and what ``disclosure.ttl`` says of it, its period, place and
    publisher (the only part of the file a catalog needs)."""
    source = bundle / "disclosure.ttl"
    try:
        triples = list(ox.parse(path=str(source), format=ox.RdfFormat.TURTLE))
    except (OSError, SyntaxError) as error:
        raise InputError(source, f"not a readable bundle: {error}") from None
    dataset = next((t.subject for t in triples if t.predicate == A and
                    t.object == BLD.BudgetDisclosure), None)
    if dataset is None:
        raise InputError(source, "not a bundle: no bld:BudgetDisclosure in it")
    about = [t for t in triples if t.subject == dataset and t.predicate in _DESCRIBED]
    linked = {t.object for t in about if t.predicate in _DESCRIBED_NODES}
    about += [t for t in triples if t.subject in linked]
    return dataset.value, about


def _json(path: Path) -> dict[str, Any]:
    try:
        loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return loaded
    except (OSError, ValueError) as error:
        raise InputError(path, f"not a readable bundle file: {error}") from None


def dataset_triples(bundle: Path, options: CatalogOptions) -> tuple[str, list[ox.Quad]]:
    """The dataset of one bundle with its distributions, as DCAT-AP asks."""
    dataset, about = _bundle_description(bundle)
    package = _json(bundle / "datapackage.json")
    report = _json(bundle / "validation.json")
    ds = ox.NamedNode(dataset)
    g = Triples()
    g.add(ds, A, DCAT.Dataset)
    g.extend(about)
    titles = package.get("titles", {})  # they name the unit even where the document's title does not
    for lang, text in sorted(titles.items()):
        g.add(ds, DCT.title, ox.Literal(text, language=lang) if text else None)
    if not any(titles.values()):
        g.add(ds, DCT.title, ox.Literal(package.get("title") or bundle.name))
    for t in about:  # the publisher is an org:Organization; DCAT-AP wants a named foaf:Agent
        if t.predicate == DCT.publisher and isinstance(t.object, ox.NamedNode):
            g.add(t.object, A, FOAF.Agent)
            for x in about:
                if x.subject == t.object and x.predicate == SKOS.prefLabel and \
                        isinstance(x.object, ox.Literal):
                    g.add(t.object, FOAF.name, x.object)
    for theme in ("GOVE", "ECON"):
        g.add(ds, DCAT.theme, f"{EU}data-theme/{theme}")
    g.add(ds, DCT.language, f"{EU}language/ZHO")
    for keyword in package.get("keywords", []):
        g.add(ds, DCAT.keyword, en(keyword) if keyword.isascii() else zh(keyword))
    created = package.get("created")
    g.add(ds, DCT.modified, typed(created, XSD.dateTime) if created else None)
    if report.get("conforms"):  # only a disclosure that passed may claim the shapes
        g.add(ds, DCT.conformsTo, SHAPES)
    folder = f"{options.base_url}{bundle.name}/"
    g.add(ds, DCAT.landingPage, folder + "README.md")
    licenses = [LICENSES[x["name"]][1] for x in package.get("licenses", []) if x.get("name") in LICENSES]
    for name, path in bundle_files(bundle).items():
        _distribution(g, ds, name, path, folder, licenses, created)
    return dataset, g.triples


def _distribution(g: Triples, ds: ox.NamedNode, name: str, path: Path, folder: str,
                  licenses: list[str], created: str | None) -> None:
    dist = f"{ds.value}/distribution/{name}"
    data = path.read_bytes()
    zh_role, en_role = file_role(name)
    g.add(ds, DCAT.distribution, dist)
    g.add(dist, A, DCAT.Distribution)
    g.add(dist, DCT.title, ox.Literal(name))
    g.add(dist, DCT.description, zh(zh_role))
    g.add(dist, DCT.description, en(en_role))
    g.add(dist, DCAT.accessURL, folder)
    g.add(dist, DCAT.downloadURL, folder + name)
    g.add(dist, DCAT.byteSize, typed(len(data), XSD.nonNegativeInteger))
    media = MEDIA.get(path.suffix)
    if media:
        g.add(dist, DCAT.mediaType, IANA + media[0])
        g.add(dist, DCT.format, f"{EU}file-type/{media[1]}")
    g.add(dist, DCT.conformsTo, CONFORMS.get(name))
    checksum = f"{dist}/checksum"
    g.add(dist, SPDX.checksum, checksum)
    g.add(checksum, A, SPDX.Checksum)
    g.add(checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256)
    g.add(checksum, SPDX.checksumValue, typed(hashlib.sha256(data).hexdigest(), XSD.hexBinary))
    for url in licenses:
        g.add(dist, DCT.license, url)
    g.add(dist, DCT.issued, typed(created, XSD.dateTime) if created else None)


def _vocabulary_types(g: Triples) -> None:
    """Type the controlled-vocabulary terms the catalog uses, as DCAT-AP expects."""
    seen = dict.fromkeys((t.object, _VOCABULARY_TYPES[t.predicate]) for t in g.triples
                         if t.predicate in _VOCABULARY_TYPES and isinstance(t.object, ox.NamedNode))
    for term, kind in seen:
        g.add(term, A, kind)


def bundle_dirs(out: Path) -> list[Path]:
    """The bundles under ``out``: non-hidden folders holding a ``disclosure.ttl``."""
    return sorted(p for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")
                  and (p / "disclosure.ttl").is_file()) if out.is_dir() else []


def page_names(pages: int, suffix: str) -> list[str]:
    return [f"catalog{'' if n == 1 else f'-{n}'}.{suffix}" for n in range(1, pages + 1)]


Described = list[tuple[str, list[ox.Quad]]]


def describe_bundles(out: Path, options: CatalogOptions) -> Described:
    """Each bundle's dataset IRI and catalog description, in bundle-name order."""
    return [dataset_triples(bundle, options) for bundle in bundle_dirs(out)]


def _head(g: Triples, options: CatalogOptions, datasets: int) -> None:
    cat, publisher = options.iri, f"{options.iri}/publisher"
    g.add(cat, A, DCAT.Catalog)
    g.add(cat, DCT.title, zh(options.title_zh))
    g.add(cat, DCT.title, en(options.title_en))
    g.add(cat, DCT.description, zh(f"{datasets}份预算公开的数据包、关联数据与校验报告，由 budgetld 生成。"))
    g.add(cat, DCT.description, en(f"Data packages, linked data and validation reports of {datasets} "
                                   "budget disclosures, made with budgetld."))
    g.add(cat, DCT.publisher, publisher)
    g.add(publisher, A, FOAF.Agent)
    g.add(publisher, FOAF.name, ox.Literal(options.publisher))
    g.add(cat, FOAF.homepage, options.base_url)
    g.add(cat, DCT.language, f"{EU}language/ZHO")
    g.add(cat, DCAT.themeTaxonomy, f"{EU}data-theme")


def catalog_pages(datasets: Described, options: CatalogOptions, suffix: str = "ttl"
                  ) -> list[list[ox.Quad]]:
    """The triples of each catalog page (at least one, even for no datasets); pages link
    to each other as files ``catalog[-N].<suffix>``."""
    size = max(options.page_size, 1)
    chunks = [datasets[i:i + size] for i in range(0, len(datasets), size)] or [[]]
    names = [options.base_url + name for name in page_names(len(chunks), suffix)]
    pages = []
    for number, chunk in enumerate(chunks, 1):
        g = Triples()
        _head(g, options, len(datasets))
        for dataset, _ in chunk:
            g.add(options.iri, DCAT.dataset, dataset)
        for _, described in chunk:
            g.extend(described)
        if len(chunks) > 1:
            _paging(g, names, number, options.page_size, len(datasets))
        _vocabulary_types(g)
        pages.append(list(dict.fromkeys(g.grouped())))
    return pages


def _paging(g: Triples, names: list[str], number: int, page_size: int, total: int) -> None:
    page = names[number - 1]
    g.add(page, A, HYDRA.PagedCollection)
    g.add(page, HYDRA.totalItems, typed(total, XSD.integer))
    g.add(page, HYDRA.itemsPerPage, typed(page_size, XSD.integer))
    g.add(page, HYDRA.first, names[0])
    g.add(page, HYDRA.last, names[-1])
    g.add(page, HYDRA.previous, names[number - 2] if number > 1 else None)
    g.add(page, HYDRA.next, names[number] if number < len(names) else None)


def write_catalog(out: Path, options: CatalogOptions) -> list[Path]:
    """Write ``catalog.ttl`` and ``catalog.jsonld`` (and further pages) for the bundles in
    ``out``; remove pages a larger catalog left behind. Returns the files written."""
    datasets = describe_bundles(out, options)
    written = []
    for suffix in ("ttl", "jsonld"):
        pages = catalog_pages(datasets, options, suffix)
        names = page_names(len(pages), suffix)
        for name, triples in zip(names, pages):
            data = serialize(triples, ox.RdfFormat.TURTLE, {**PREFIXES, "hydra": HYDRA.namespace}) if suffix == "ttl" \
                else to_jsonld(triples).encode("utf-8")
            write_atomically(out / name, data)
            written.append(out / name)
        for stale in out.glob(f"catalog-*.{suffix}"):
            if stale.name not in names:
                stale.unlink()
    return written
