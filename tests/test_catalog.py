"""The DCAT catalog of published bundles: DCAT-AP rules, what ckanext-dcat reads, sizes and
checksums that match the files, paging, and `budgetld catalog` rebuilding it."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, FOAF, RDF
from typer.testing import CliRunner

from budgetld.cli import app
from budgetld.publish import CatalogOptions, write_catalog
from budgetld.validate.catalog import validate_catalog

runner = CliRunner()
PUBLISHED = Path(__file__).resolve().parents[1] / "datapackages"
DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
SPDX = rdflib.Namespace("http://spdx.org/rdf/terms#")
HYDRA = rdflib.Namespace("http://www.w3.org/ns/hydra/core#")
BASE_URL = "https://data.example.cn/budget/"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the published examples, to rebuild the catalog in."""
    return shutil.copytree(PUBLISHED, tmp_path / "published")


def _options(**extra) -> CatalogOptions:
    return CatalogOptions(base_url=BASE_URL, iri="https://w3id.org/budgetld/data/catalog", **extra)


@pytest.mark.parametrize("name", ["catalog.ttl", "catalog.jsonld"])
def test_the_published_catalog_meets_dcat_ap_and_parses(name):
    assert validate_catalog(PUBLISHED / name) == []
    graph = rdflib.Graph().parse(PUBLISHED / name, format="json-ld" if name.endswith("jsonld") else "turtle")
    [catalog] = graph.subjects(RDF.type, DCAT.Catalog)
    assert len(set(graph.objects(catalog, DCAT.dataset))) == 2
    publisher = graph.value(catalog, DCTERMS.publisher)
    assert graph.value(publisher, FOAF.name) is not None


def test_both_serialisations_say_the_same():
    turtle = rdflib.Graph().parse(PUBLISHED / "catalog.ttl")
    jsonld = rdflib.Graph().parse(PUBLISHED / "catalog.jsonld", format="json-ld")
    assert isomorphic(turtle, jsonld)


def test_each_file_of_a_bundle_is_a_distribution_with_its_size_and_checksum(folder):
    write_catalog(folder, _options())
    graph = rdflib.Graph().parse(folder / "catalog.ttl")
    for dataset in graph.subjects(RDF.type, DCAT.Dataset):
        landing = str(graph.value(dataset, DCAT.landingPage))
        bundle = folder / landing.removeprefix(BASE_URL).removesuffix("/README.md")
        files = {p.relative_to(bundle).as_posix(): p for p in bundle.rglob("*") if p.is_file()}
        distributions = list(graph.objects(dataset, DCAT.distribution))
        assert len(distributions) == len(files)
        for dist in distributions:
            url = str(graph.value(dist, DCAT.downloadURL))
            path = files[url.removeprefix(f"{BASE_URL}{bundle.name}/")]
            data = path.read_bytes()
            assert int(graph.value(dist, DCAT.byteSize)) == len(data)
            checksum = graph.value(dist, SPDX.checksum)
            assert str(graph.value(checksum, SPDX.checksumValue)) == hashlib.sha256(data).hexdigest()
            assert graph.value(dist, DCAT.mediaType) is not None
            assert str(graph.value(dist, DCAT.accessURL)) == f"{BASE_URL}{bundle.name}/"


def test_only_a_disclosure_that_passed_claims_the_shapes():
    graph = rdflib.Graph().parse(PUBLISHED / "catalog.ttl")
    shapes = rdflib.URIRef("https://w3id.org/budgetld/shapes")
    claiming = {str(d) for d in graph.subjects(DCTERMS.conformsTo, shapes)}
    assert claiming == {"https://w3id.org/budgetld/data/shanghai/putuo/chengshiguanlixingzhengzhifaju/2026"}


def test_dataset_titles_name_the_unit_in_chinese_and_english():
    graph = rdflib.Graph().parse(PUBLISHED / "catalog.ttl")
    titles = {(t.language, str(t)) for d in graph.subjects(RDF.type, DCAT.Dataset)
              for t in graph.objects(d, DCTERMS.title)}
    assert ("zh", "上海市普陀区2026年区级部门预算（上海市普陀区城市管理行政执法局）") in titles
    assert {lang for lang, _ in titles} == {"zh", "en"}


def test_the_dcat_ap_rules_catch_a_catalog_missing_mandatory_parts(folder):
    graph = rdflib.Graph().parse(PUBLISHED / "catalog.ttl")
    dataset = next(graph.subjects(RDF.type, DCAT.Dataset))
    graph.remove((dataset, DCTERMS.description, None))
    dist = next(graph.subjects(RDF.type, DCAT.Distribution))
    graph.remove((dist, DCAT.accessURL, None))
    graph.remove((next(graph.subjects(RDF.type, FOAF.Agent)), FOAF.name, None))
    broken = folder / "broken.ttl"
    graph.serialize(broken, format="turtle")
    rules = {f.rule for f in validate_catalog(broken)}
    assert rules == {"DCAT-AP Dataset", "DCAT-AP Distribution", "DCAT-AP Agent"}


def test_a_large_catalog_is_paged_for_harvesters(folder):
    written = write_catalog(folder, _options(page_size=1))
    assert sorted(p.name for p in written) == ["catalog-2.jsonld", "catalog-2.ttl",
                                                "catalog.jsonld", "catalog.ttl"]
    first = rdflib.Graph().parse(folder / "catalog.ttl")
    page = rdflib.URIRef(BASE_URL + "catalog.ttl")
    assert (page, RDF.type, HYDRA.PagedCollection) in first
    assert first.value(page, HYDRA.next) == rdflib.URIRef(BASE_URL + "catalog-2.ttl")
    assert int(first.value(page, HYDRA.totalItems)) == 2
    second = rdflib.Graph().parse(folder / "catalog-2.jsonld", format="json-ld")
    page2 = rdflib.URIRef(BASE_URL + "catalog-2.jsonld")
    assert second.value(page2, HYDRA.previous) == rdflib.URIRef(BASE_URL + "catalog.jsonld")
    for name in ("catalog.ttl", "catalog-2.ttl"):
        assert validate_catalog(folder / name) == []
    write_catalog(folder, _options())  # back to one page: the second is removed
    assert not (folder / "catalog-2.ttl").exists() and not (folder / "catalog-2.jsonld").exists()


def test_budgetld_catalog_rebuilds_from_the_bundles_present(folder):
    shutil.rmtree(next(p for p in folder.iterdir() if p.name.startswith("shanxi")))
    (folder / "catalog.ttl").unlink()
    result = runner.invoke(app, ["catalog", str(folder), "--base-url", BASE_URL])
    assert result.exit_code == 0 and "DCAT-AP rules pass" in result.output
    graph = rdflib.Graph().parse(folder / "catalog.ttl")
    assert len(list(graph.subjects(RDF.type, DCAT.Dataset))) == 1


def test_budgetld_catalog_names_a_broken_bundle(folder):
    bundle = next(p for p in folder.iterdir() if p.name.startswith("shanghai"))
    (bundle / "disclosure.ttl").write_text("<a> <b> .")
    result = runner.invoke(app, ["catalog", str(folder)])
    assert result.exit_code == 2
    assert f"{bundle / 'disclosure.ttl'}: not a readable bundle" in result.output


def test_budgetld_catalog_needs_a_folder(tmp_path):
    result = runner.invoke(app, ["catalog", str(tmp_path / "missing")])
    assert result.exit_code == 2 and "not a folder of bundles" in result.output
