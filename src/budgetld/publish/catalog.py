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

import pyoxigraph as ox

from ..errors import InputError
from ..package import LICENSES
from ..rdf.jsonld import to_jsonld
from ..files import write_atomically
from ..rdf.vocab import A, BLD, DCAT, DCT, FOAF, PREFIXES, SKOS, SPDX, en, grouped, iri, typed, zh
from .readme import file_role
from .write import bundle_files

HYDRA = "http://www.w3.org/ns/hydra/core#"
EU = "http://publications.europa.eu/resource/authority/"
IANA = "http://www.iana.org/assignments/media-types/"
SHAPES = "https://w3id.org/budgetld/shapes"
ONTOLOGY = "https://w3id.org/budgetld/def"
#: File suffix → (IANA media type, EU file type).
MEDIA = {".csv": ("text/csv", "CSV"), ".json": ("application/json", "JSON"),
         ".ttl": ("text/turtle", "RDF_TURTLE"), ".jsonld": ("application/ld+json", "JSON_LD"),
         ".md": ("text/markdown", "TXT")}
#: What a file conforms to, by name.
CONFORMS = {"datapackage.json": "https://specs.frictionlessdata.io/tabular-data-package/",
            "disclosure.ttl": ONTOLOGY, "disclosure.jsonld": ONTOLOGY,
            "validation.ttl": "http://www.w3.org/ns/shacl#"}
_DESCRIBED = {DCT + p for p in ("description", "identifier", "publisher", "temporal", "spatial")} \
    | {BLD + "fiscalYear"}
_DESCRIBED_NODES = {DCT + "temporal", DCT + "spatial", DCT + "publisher"}


@dataclass(frozen=True)
class CatalogOptions:
    """The catalog's own description, and where its bundles can be downloaded from."""

    base_url: str
    iri: str
    title_zh: str = "预算公开数据目录"
    title_en: str = "Catalog of budget disclosures"
    publisher: str = "budgetld"
    page_size: int = 500


def _node(value: str) -> ox.NamedNode:
    return ox.NamedNode(value)


def _bundle_description(bundle: Path) -> tuple[str, list[ox.Triple]]:
    """The dataset's IRI and what ``disclosure.ttl`` says of it, its period, place and
    publisher (the only part of the file a catalog needs)."""
    source = bundle / "disclosure.ttl"
    try:
        triples = list(ox.parse(path=str(source), format=ox.RdfFormat.TURTLE))
    except (OSError, SyntaxError) as error:
        raise InputError(source, f"not a readable bundle: {error}") from None
    dataset = next((t.subject for t in triples if t.predicate == A and
                    t.object.value == BLD + "BudgetDisclosure"), None)
    if dataset is None:
        raise InputError(source, "not a bundle: no bld:BudgetDisclosure in it")
    about = [t for t in triples if t.subject == dataset and t.predicate.value in _DESCRIBED]
    linked = {t.object for t in about if t.predicate.value in _DESCRIBED_NODES}
    about += [t for t in triples if t.subject in linked]
    return dataset.value, about


def _json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise InputError(path, f"not a readable bundle file: {error}") from None


def dataset_triples(bundle: Path, options: CatalogOptions) -> tuple[str, list[ox.Triple]]:
    """The dataset of one bundle with its distributions, as DCAT-AP asks."""
    dataset, about = _bundle_description(bundle)
    package = _json(bundle / "datapackage.json")
    report = _json(bundle / "validation.json")
    ds = _node(dataset)
    out = [ox.Triple(ds, A, iri(DCAT, "Dataset")), *about]
    titles = package.get("titles", {})  # they name the unit even where the document's title does not
    out += [ox.Triple(ds, iri(DCT, "title"), ox.Literal(text, language=lang))
            for lang, text in sorted(titles.items()) if text] or \
        [ox.Triple(ds, iri(DCT, "title"), ox.Literal(package.get("title") or bundle.name))]
    for t in about:  # the publisher is an org:Organization; DCAT-AP wants a named foaf:Agent
        if t.predicate.value == DCT + "publisher":
            out.append(ox.Triple(t.object, A, iri(FOAF, "Agent")))
            out += [ox.Triple(t.object, iri(FOAF, "name"), x.object) for x in about
                    if x.subject == t.object and x.predicate.value == SKOS + "prefLabel"]
    out += [ox.Triple(ds, iri(DCAT, "theme"), _node(f"{EU}data-theme/{theme}"))
            for theme in ("GOVE", "ECON")]
    out.append(ox.Triple(ds, iri(DCT, "language"), _node(f"{EU}language/ZHO")))
    for keyword in package.get("keywords", []):
        out.append(ox.Triple(ds, iri(DCAT, "keyword"), en(keyword) if keyword.isascii() else zh(keyword)))
    created = package.get("created")
    if created:
        out.append(ox.Triple(ds, iri(DCT, "modified"), typed(created, "dateTime")))
    if report.get("conforms"):  # only a disclosure that passed may claim the shapes
        out.append(ox.Triple(ds, iri(DCT, "conformsTo"), _node(SHAPES)))
    folder = f"{options.base_url}{bundle.name}/"
    out.append(ox.Triple(ds, iri(DCAT, "landingPage"), _node(folder + "README.md")))
    licenses = [LICENSES[x["name"]][1] for x in package.get("licenses", []) if x.get("name") in LICENSES]
    for name, path in bundle_files(bundle).items():
        out += _distribution(ds, name, path, folder, licenses, created)
    return dataset, out


def _distribution(ds: ox.NamedNode, name: str, path: Path, folder: str, licenses: list[str],
                  created: str | None) -> list[ox.Triple]:
    dist = _node(f"{ds.value}/distribution/{name}")
    data = path.read_bytes()
    zh_role, en_role = file_role(name)
    out = [ox.Triple(ds, iri(DCAT, "distribution"), dist),
           ox.Triple(dist, A, iri(DCAT, "Distribution")),
           ox.Triple(dist, iri(DCT, "title"), ox.Literal(name)),
           ox.Triple(dist, iri(DCT, "description"), zh(zh_role)),
           ox.Triple(dist, iri(DCT, "description"), en(en_role)),
           ox.Triple(dist, iri(DCAT, "accessURL"), _node(folder)),
           ox.Triple(dist, iri(DCAT, "downloadURL"), _node(folder + name)),
           ox.Triple(dist, iri(DCAT, "byteSize"), typed(len(data), "nonNegativeInteger"))]
    media = MEDIA.get(path.suffix)
    if media:
        out += [ox.Triple(dist, iri(DCAT, "mediaType"), _node(IANA + media[0])),
                ox.Triple(dist, iri(DCT, "format"), _node(f"{EU}file-type/{media[1]}"))]
    if name in CONFORMS:
        out.append(ox.Triple(dist, iri(DCT, "conformsTo"), _node(CONFORMS[name])))
    checksum = _node(f"{dist.value}/checksum")
    out += [ox.Triple(dist, iri(SPDX, "checksum"), checksum),
            ox.Triple(checksum, A, iri(SPDX, "Checksum")),
            ox.Triple(checksum, iri(SPDX, "algorithm"), iri(SPDX, "checksumAlgorithm_sha256")),
            ox.Triple(checksum, iri(SPDX, "checksumValue"),
                      typed(hashlib.sha256(data).hexdigest(), "hexBinary"))]
    out += [ox.Triple(dist, iri(DCT, "license"), _node(url)) for url in licenses]
    if created:
        out.append(ox.Triple(dist, iri(DCT, "issued"), typed(created, "dateTime")))
    return out


def _vocabulary_types(triples: list[ox.Triple]) -> list[ox.Triple]:
    """The classes DCAT-AP expects of the controlled-vocabulary terms the catalog uses."""
    kinds = {DCAT + "mediaType": DCT + "MediaType", DCT + "format": DCT + "MediaTypeOrExtent",
             DCT + "license": DCT + "LicenseDocument", DCAT + "theme": SKOS + "Concept",
             DCT + "language": DCT + "LinguisticSystem", DCT + "conformsTo": DCT + "Standard"}
    seen = dict.fromkeys((t.object, kinds[t.predicate.value]) for t in triples
                         if t.predicate.value in kinds)
    return [ox.Triple(term, A, _node(kind)) for term, kind in seen]


def bundle_dirs(out: Path) -> list[Path]:
    """The bundles under ``out``: non-hidden folders holding a ``disclosure.ttl``."""
    return sorted(p for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")
                  and (p / "disclosure.ttl").is_file()) if out.is_dir() else []


def page_names(pages: int, suffix: str) -> list[str]:
    return [f"catalog{'' if n == 1 else f'-{n}'}.{suffix}" for n in range(1, pages + 1)]


Described = list[tuple[str, list[ox.Triple]]]


def describe_bundles(out: Path, options: CatalogOptions) -> Described:
    """Each bundle's dataset IRI and catalog description, in bundle-name order."""
    return [dataset_triples(bundle, options) for bundle in bundle_dirs(out)]


def catalog_pages(datasets: Described, options: CatalogOptions, suffix: str = "ttl"
                  ) -> list[list[ox.Triple]]:
    """The triples of each catalog page (at least one, even for no datasets); pages link
    to each other as files ``catalog[-N].<suffix>``."""
    size = max(options.page_size, 1)
    chunks = [datasets[i:i + size] for i in range(0, len(datasets), size)] or [[]]
    names = [options.base_url + name for name in page_names(len(chunks), suffix)]
    cat, publisher = _node(options.iri), _node(f"{options.iri}/publisher")
    head = [
        ox.Triple(cat, A, iri(DCAT, "Catalog")),
        ox.Triple(cat, iri(DCT, "title"), zh(options.title_zh)),
        ox.Triple(cat, iri(DCT, "title"), en(options.title_en)),
        ox.Triple(cat, iri(DCT, "description"), zh(
            f"{len(datasets)}份预算公开的数据包、关联数据与校验报告，由 budgetld 生成。")),
        ox.Triple(cat, iri(DCT, "description"), en(
            f"Data packages, linked data and validation reports of {len(datasets)} budget "
            "disclosures, made with budgetld.")),
        ox.Triple(cat, iri(DCT, "publisher"), publisher),
        ox.Triple(publisher, A, iri(FOAF, "Agent")),
        ox.Triple(publisher, iri(FOAF, "name"), ox.Literal(options.publisher)),
        ox.Triple(cat, iri(FOAF, "homepage"), _node(options.base_url)),
        ox.Triple(cat, iri(DCT, "language"), _node(f"{EU}language/ZHO")),
        ox.Triple(cat, iri(DCAT, "themeTaxonomy"), _node(f"{EU}data-theme")),
    ]
    pages = []
    for number, chunk in enumerate(chunks, 1):
        triples = head + [ox.Triple(cat, iri(DCAT, "dataset"), _node(dataset)) for dataset, _ in chunk]
        for _, described in chunk:
            triples += described
        if len(chunks) > 1:
            triples += _paging(names, number, options.page_size, len(datasets))
        triples += _vocabulary_types(triples)
        pages.append(grouped(list(dict.fromkeys(triples))))
    return pages


def _paging(names: list[str], number: int, page_size: int, total: int) -> list[ox.Triple]:
    page = _node(names[number - 1])
    triples = [ox.Triple(page, A, iri(HYDRA, "PagedCollection")),
               ox.Triple(page, iri(HYDRA, "totalItems"), typed(total, "integer")),
               ox.Triple(page, iri(HYDRA, "itemsPerPage"), typed(page_size, "integer")),
               ox.Triple(page, iri(HYDRA, "first"), _node(names[0])),
               ox.Triple(page, iri(HYDRA, "last"), _node(names[-1]))]
    if number > 1:
        triples.append(ox.Triple(page, iri(HYDRA, "previous"), _node(names[number - 2])))
    if number < len(names):
        triples.append(ox.Triple(page, iri(HYDRA, "next"), _node(names[number])))
    return triples


def write_catalog(out: Path, options: CatalogOptions) -> list[Path]:
    """Write ``catalog.ttl`` and ``catalog.jsonld`` (and further pages) for the bundles in
    ``out``; remove pages a larger catalog left behind. Returns the files written."""
    datasets = describe_bundles(out, options)
    written = []
    for suffix in ("ttl", "jsonld"):
        pages = catalog_pages(datasets, options, suffix)
        names = page_names(len(pages), suffix)
        for name, triples in zip(names, pages):
            data = ox.serialize(triples, format=ox.RdfFormat.TURTLE,
                                prefixes={**PREFIXES, "hydra": HYDRA}) if suffix == "ttl" \
                else to_jsonld(triples).encode("utf-8")
            write_atomically(out / name, data)
            written.append(out / name)
        for stale in out.glob(f"catalog-*.{suffix}"):
            if stale.name not in names:
                stale.unlink()
    return written
