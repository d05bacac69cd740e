"""`budgetld serve`: the SPARQL 1.1 Protocol (each result format, updates and SERVICE
refused, time and size limits), content negotiation for every kind of resource, the pages
(the sample's figures, escaped text, charts seen by a real browser), downloads, the catalog
and VoID; in process and over a socket; and `push` to a real Oxigraph server, where the
named queries give the same answers as the embedded store."""

from __future__ import annotations

import csv
import io
import os
import shutil
import socket
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import httpx
import pyoxigraph as ox
import pytest
from starlette.testclient import TestClient
from typer.testing import CliRunner

from browser import Browser, chromium
from budgetld.cli import app as cli
from budgetld.serve import ServeConfig, create_app
from budgetld.store import Embedded, Remote, named_queries, open_read_only
from store_corpus import DATAPACKAGES, LVLIANG_BUNDLE, sample_corpus

SHANGHAI = "data/shanghai/putuo/chengshiguanlixingzhengzhifaju/2026"
LVLIANG_UNIT = "data/shanxi/lvliang/chuangyejiuyefuwuzhongxin"
SELECT = "SELECT ?title WHERE { ?d a <https://w3id.org/budgetld/def#BudgetDisclosure> ; " \
         "<http://purl.org/dc/terms/title> ?title } ORDER BY ?title"
#: Longer than any limit the tests set: a product of every triple with every triple, twice.
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SCRIPT = '<script>alert("x")</script>'
ESCAPED = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;"
#: The disclosure published from the Lüliang text with a unit and a project named SCRIPT….
XSS = "data/shanxi/lvliang/script-alert-x-script-fuwuzhongxin/2024"


def publish_hostile(text: Path, folder: Path) -> None:
    """Publish a disclosure whose unit and first project carry a script in their names."""
    source = text.read_text(encoding="utf-8").replace("吕梁市创业就业服务中心", f"吕梁市{SCRIPT}服务中心") \
        .replace("创业服务就业指导工作经费", f"{SCRIPT}指导工作经费")
    hostile = folder.parent / "hostile-2024.txt"
    hostile.write_text(source, encoding="utf-8")
    result = CliRunner().invoke(cli, ["publish", str(hostile), "-o", str(folder), "--allow-invalid"])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("bundles") / "bundles"
    publish_hostile(Path(__file__).parent / "data" / "lvliang-employment-center-2024.txt", folder)
    sample_corpus(folder)
    shutil.copy(DATAPACKAGES / "catalog.ttl", folder)
    shutil.copy(DATAPACKAGES / "catalog.jsonld", folder)
    return folder


@pytest.fixture(scope="module")
def store(corpus, tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("store") / "store"
    assert CliRunner().invoke(cli, ["load", str(corpus), "--store", str(directory)]).exit_code == 0
    return directory


@pytest.fixture(scope="module")
def client(store, corpus):
    config = ServeConfig(store=store, bundles=corpus, timeout=2, max_results=500, workers=1,
                         base_url="http://testserver/")
    with TestClient(create_app(config)) as test_client:
        yield test_client


def bindings(response) -> list[dict]:
    assert response.status_code == 200, response.text
    return response.json()["results"]["bindings"]


# --- the SPARQL 1.1 Protocol ---------------------------------------------------------------

def test_query_by_get_post_form_and_post_direct(client):
    by_get = bindings(client.get("/sparql", params={"query": SELECT}))
    by_form = bindings(client.post("/sparql", data={"query": SELECT}))
    direct = bindings(client.post("/sparql", content=SELECT.encode(),
                                  headers={"Content-Type": "application/sparql-query"}))
    assert by_get == by_form == direct
    assert {b["title"]["value"] for b in by_get} >= {"吕梁市创业就业服务中心2024年度单位预算公开"}


def test_each_results_format_by_accept_header(client):
    def ask(accept: str):
        response = client.get("/sparql", params={"query": SELECT}, headers={"Accept": accept})
        assert response.status_code == 200
        return response

    titles = [b["title"]["value"] for b in bindings(ask("application/sparql-results+json"))]
    xml = ask("application/sparql-results+xml")
    assert xml.headers["content-type"].startswith("application/sparql-results+xml")
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    assert [e.text for e in ET.fromstring(xml.content).findall(".//r:literal", ns)] == titles
    table = list(csv.reader(io.StringIO(ask("text/csv").text)))
    assert table[0] == ["title"] and [r[0] for r in table[1:]] == titles
    tsv = ask("text/tab-separated-values").text.splitlines()
    assert tsv[0] == "?title" and tsv[-1] == f'"{titles[-1]}"@zh'
    assert ask("text/csv;q=0.5, application/sparql-results+xml").headers["content-type"] \
        .startswith("application/sparql-results+xml")
    parsed = ox.parse_query_results(ask("application/sparql-results+json").content,
                                    format=ox.QueryResultsFormat.JSON)
    assert [s["title"].value for s in parsed] == titles


def test_ask_and_graph_results(client):
    ask = client.get("/sparql", params={"query": f"ASK {{ <https://w3id.org/budgetld/{SHANGHAI}> ?p ?o }}"})
    assert ask.json() == {"head": {}, "boolean": True}
    construct = f"CONSTRUCT {{ ?d ?p ?o }} WHERE {{ VALUES ?d {{ <https://w3id.org/budgetld/{SHANGHAI}> }} ?d ?p ?o }}"
    for accept, fmt in (("text/turtle", ox.RdfFormat.TURTLE), ("application/n-triples", ox.RdfFormat.N_TRIPLES)):
        response = client.get("/sparql", params={"query": construct}, headers={"Accept": accept})
        assert response.headers["content-type"].startswith(accept)
        assert len(list(ox.parse(response.content, format=fmt))) > 10
    jsonld = client.get("/sparql", params={"query": construct, "format": "jsonld"})
    assert jsonld.headers["content-type"] == "application/ld+json" and "@context" in jsonld.json()


def triple_count(client) -> str:
    return bindings(client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"}))[0]["n"]["value"]


UPDATES = ["INSERT DATA { <urn:a> <urn:b> <urn:c> }", "insert data { <urn:a> <urn:b> <urn:c> }",
           "DELETE WHERE { ?s ?p ?o }", "  # a comment first\n dRoP aLl", "CLEAR ALL",
           "LOAD <http://example.org/data.ttl>", "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
           "SELECT * {} ; INSERT DATA { <urn:a> <urn:b> <urn:c> }"]


def test_updates_are_refused(client):
    before = triple_count(client)
    for update in UPDATES:
        for media in ("application/sparql-update", "Application/SPARQL-Update; charset=utf-8"):
            assert client.post("/sparql", content=update, headers={"Content-Type": media}).status_code == 403
        assert client.post("/sparql", data={"update": update}).status_code == 403
        assert client.post("/sparql", data={"query": "ASK {}", "update": update}).status_code == 403
        assert client.get("/sparql", params={"update": update}).status_code == 403
        # sent as a query: not a query, by GET, form or POST direct
        assert client.get("/sparql", params={"query": update}).status_code == 400, update
        assert client.post("/sparql", data={"query": update}).status_code == 400, update
        assert client.post("/sparql", content=update.encode(),
                           headers={"Content-Type": "application/sparql-query"}).status_code == 400
    assert triple_count(client) == before


def test_service_is_refused(client):
    federated = "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
    response = client.get("/sparql", params={"query": federated})
    assert response.status_code == 400 and "SERVICE" in response.text
    for form in (federated.replace("SERVICE", "service"), federated.replace("SERVICE", "sErViCe SILENT"),
                 federated.replace("SERVICE", "\\u0053ERVICE"), federated.replace("SERVICE", "\\U00000073ervice"),
                 federated.replace("SERVICE", "# SERVICE\nSERVICE"),
                 "SELECT * { ?s ?p ?o . SERVICE ?endpoint { ?s ?p ?o } }",
                 'SELECT * { BIND("x" AS ?a) SERVICE<http://x/>{ ?s ?p ?o } }'):
        assert client.get("/sparql", params={"query": form}).status_code == 400, form
        assert client.post("/sparql", data={"query": form}).status_code == 400, form
        assert client.post("/sparql", content=form.encode(),
                           headers={"Content-Type": "application/sparql-query"}).status_code == 400, form
    harmless = 'SELECT ?x WHERE { BIND("SERVICE <x> { }" AS ?x) } # SERVICE'
    assert bindings(client.get("/sparql", params={"query": harmless}))[0]["x"]["value"].startswith("SERVICE")
    iri = "SELECT ?x WHERE { BIND(<http://example.org/SERVICE> AS ?x) }"
    assert bindings(client.get("/sparql", params={"query": iri}))


def test_time_and_size_limits(client):
    started = time.monotonic()
    slow = client.get("/sparql", params={"query": ENDLESS})
    assert slow.status_code == 503 and "2 s limit" in slow.text
    assert time.monotonic() - started < 10
    big = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert big.status_code == 422 and "500" in big.text
    assert bindings(client.get("/sparql", params={"query": SELECT}))  # the endpoint lives on


def test_bad_requests(client):
    assert client.get("/sparql", params={"query": "SELEKT"}).status_code == 400
    assert client.post("/sparql", content=b"x", headers={"Content-Type": "text/plain"}).status_code == 415
    assert client.get("/sparql", params={"query": SELECT, "format": "pdf"}).status_code == 406


def test_service_description_and_query_form(client):
    described = client.get("/sparql", headers={"Accept": "text/turtle"})
    triples = list(ox.parse(described.content, format=ox.RdfFormat.TURTLE))
    assert any(t.object.value == "http://www.w3.org/ns/sparql-service-description#SPARQL11Query" for t in triples)
    form = client.get("/sparql", headers={"Accept": "text/html"})
    assert "<textarea" in form.text and "three-public-year-on-year" in form.text
    answered = client.get("/sparql", params={"query": SELECT}, headers={"Accept": "text/html"})
    assert "吕梁市创业就业服务中心2024年度单位预算公开" in answered.text


# --- linked data ---------------------------------------------------------------------------

RESOURCES = {
    "disclosure": SHANGHAI,
    "table": f"{SHANGHAI}/table/three-public-and-operating",
    "observation": f"{SHANGHAI}/table/general-budget-expenditure/obs/212/general-public-budget",
    "unit": LVLIANG_UNIT,
    "project": f"{SHANGHAI}/project/p01",
    "indicator": f"{SHANGHAI}/project/p01/indicator/2",
    "code": "code/function/2026/212",
}


@pytest.mark.parametrize("kind", sorted(RESOURCES))
def test_every_kind_of_resource_by_content_negotiation(client, kind):
    path = "/" + RESOURCES[kind]
    iri = "https://w3id.org/budgetld/" + RESOURCES[kind]
    for accept, fmt in (("text/turtle", ox.RdfFormat.TURTLE), ("application/n-triples", ox.RdfFormat.N_TRIPLES),
                        ("application/ld+json", ox.RdfFormat.JSON_LD)):
        response = client.get(path, headers={"Accept": accept})
        assert response.status_code == 200 and response.headers["content-type"].startswith(accept)
        assert response.headers["vary"] == "Accept"
        assert any(t.subject.value == iri for t in ox.parse(response.content, format=fmt)), accept
    page = client.get(path, headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert page.headers["content-type"].startswith("text/html") and iri in page.text
    override = client.get(path, params={"format": "nt"}, headers={"Accept": "text/html"})
    assert override.headers["content-type"].startswith("application/n-triples")
    assert client.get(path, headers={"Accept": "image/png"}).status_code == 406


def test_unknown_resources_are_not_found(client):
    assert client.get("/data/nowhere/2024").status_code == 404
    assert client.get('/data/x>%20<y').status_code == 404


def test_the_ontology_is_dereferenceable(client):
    ontology = client.get("/def", headers={"Accept": "text/turtle"})
    subjects = {t.subject.value for t in ox.parse(ontology.content, format=ox.RdfFormat.TURTLE)}
    assert "https://w3id.org/budgetld/def#BudgetDisclosure" in subjects


# --- pages ---------------------------------------------------------------------------------

def test_home_lists_units_and_years_and_searches(client):
    home = client.get("/").text
    for text in ("上海市普陀区城市管理行政执法局", "吕梁市创业就业服务中心", "2024", "2025", "2026",
                 f"/{SHANGHAI}"):
        assert text in home
    found = client.get("/", params={"q": "吕梁 2025"}).text
    assert "2025年度" in found and "上海市普陀区" not in found


def test_disclosure_page_shows_figures_findings_and_downloads(client):
    page = client.get(f"/{SHANGHAI}", headers={"Accept": "text/html"}).text
    for figure in ("33,775,592", "6,397,096", "29,045,727", "750,000", "387,600", "36,197,265",
                   "11,286,193"):
        assert figure in page
    three_public = page.split('id="chart-three-public"')[1].split("</svg>")[0]
    assert "公务接待费" in three_public and "机关运行经费" not in three_public
    assert "QUAL-001" in page and "shanghai-putuo-chengguan-2026.txt:286" in page
    slug = "shanghai-putuo-chengshiguanlixingzhengzhifaju-2026"
    for name in ("disclosure.ttl", "facts.csv", "datapackage.json", "tables/three-public-and-operating.csv"):
        assert f'href="/bundles/{slug}/{name}"' in page
    lvliang = client.get("/data/shanxi/lvliang/chuangyejiuyefuwuzhongxin/2024?format=html").text
    assert lvliang.index("Violation") < lvliang.index("Info") and "CONS-005" in lvliang


def test_unit_page_lists_years_and_code_page_the_amounts(client):
    unit = client.get(f"/{LVLIANG_UNIT}", headers={"Accept": "text/html"}).text
    assert "2024" in unit and "2025" in unit and "3,136,100" in unit and "6,272,200" in unit
    code = client.get("/code/function/2026/212", headers={"Accept": "text/html"}).text
    assert "城乡社区支出" in code and "33775592" in code
    table = client.get(f"/{RESOURCES['table']}", headers={"Accept": "text/html"}).text
    assert "114.22" in table and "公务接待费" in table


def test_document_text_is_escaped(client):
    pages = {"/": f"{ESCAPED}服务中心", f"/{XSS}?format=html": f"{ESCAPED}服务中心",
             f"/{XSS.rsplit('/', 1)[0]}?format=html": f"{ESCAPED}服务中心",
             f"/{XSS}/project/p01?format=html": f"{ESCAPED}指导工作经费",
             f"/{XSS}/table/operating-expenses?format=html": f"{ESCAPED}服务中心"}
    for path, shown in pages.items():
        page = client.get(path)
        assert page.status_code == 200 and page.headers["content-type"] == "text/html; charset=utf-8"
        assert SCRIPT not in page.text and shown in page.text, path
    echoed = client.get("/sparql", params={"query": f"SELECT ('{SCRIPT}' AS ?x) {{}}"},
                        headers={"Accept": "text/html"}).text
    assert SCRIPT not in echoed and echoed.count(ESCAPED) == 2  # the query form and the result


def test_downloads_catalog_and_void(client, corpus):
    slug = "shanxi-lvliang-chuangyejiuyefuwuzhongxin-2024"
    download = client.get(f"/bundles/{slug}/facts.csv")
    assert download.status_code == 200 and download.content == (corpus / slug / "facts.csv").read_bytes()
    catalog = client.get("/catalog.ttl")
    assert catalog.status_code == 200 and catalog.content == (corpus / "catalog.ttl").read_bytes()
    assert client.get("/catalog.jsonld").json()
    void = list(ox.parse(client.get("/void").content, format=ox.RdfFormat.TURTLE))
    assert any(t.predicate.value == "http://rdfs.org/ns/void#sparqlEndpoint" and
               t.object.value == "http://testserver/sparql" for t in void)


# --- hostile use ----------------------------------------------------------------------------

SLUG = "shanxi-lvliang-chuangyejiuyefuwuzhongxin-2024"
#: Ways out of the bundles' folder, as a client can write them in a URL.
TRAVERSALS = ["/bundles/../../../../etc/passwd", "/bundles/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
              "/bundles/..%2f..%2f..%2fetc%2fpasswd", "/bundles/%2E%2E%2F%2E%2E%2Fetc/passwd",
              "/bundles/%252e%252e/%252e%252e/etc/passwd", "/bundles/..%5c..%5cetc%5cpasswd",
              "/bundles//etc/passwd", "/bundles/%2fetc%2fpasswd", f"/bundles/{SLUG}/../../store",
              f"/bundles/{SLUG}/%2e%2e/%2e%2e/outside.txt", "/bundles/outside-link/passwd",
              f"/bundles/{SLUG}/secret.txt", "/bundles/.hidden", "/bundles/%00/etc/passwd",
              "/bundles/nothing.ttl", "/catalog.ttl/../../outside.txt"]


@pytest.fixture(scope="module")
def traps(corpus) -> None:
    """Beside and inside the bundles' folder: a secret file outside it, symbolic links that
    point out of it (a folder and a file), and a hidden file."""
    secret = corpus.parent / "outside.txt"
    secret.write_text("secret")
    (corpus / "outside-link").symlink_to("/etc", target_is_directory=True)
    (corpus / SLUG / "secret.txt").symlink_to(secret)
    (corpus / ".hidden").write_text("secret")


def raw_get(url: str, target: str) -> tuple[int, dict[str, str], bytes]:
    """GET ``target`` exactly as written (no client normalises its dots or escapes)."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as s:
        s.sendall(f"GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), {k.lower(): v for k, v in headers.items()}, body


def test_no_path_leads_out_of_the_bundles_folder(client, traps):
    for target in TRAVERSALS:
        response = client.get(target)
        assert response.status_code == 404 and b"secret" not in response.content \
            and b"root:" not in response.content, target


def test_no_raw_path_leads_out_of_the_bundles_folder(server, traps):
    assert raw_get(server, f"/bundles/{SLUG}/facts.csv")[0] == 200
    for target in TRAVERSALS:
        status, _, body = raw_get(server, target)
        assert status in (400, 404) and b"secret" not in body and b"root:" not in body, target


def test_request_size_limits(client):
    big = "SELECT * { ?s ?p ?o } # " + "x" * (1 << 20)
    response = client.post("/sparql", content=big.encode(),
                           headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 413 and "1,048,576 bytes" in response.text

    def chunks():  # no Content-Length: the limit applies as the body comes in
        for _ in range(40):
            yield b"x" * 65536

    streamed = client.post("/sparql", content=chunks(), headers={"Content-Type": "application/sparql-query"})
    assert streamed.status_code == 413
    assert client.post("/sparql", data={"query": SELECT}).status_code == 200  # below: answered
    long_url = client.get("/sparql", params={"query": SELECT + " #" + "x" * 9000})
    assert long_url.status_code == 414 and "POST" in long_url.text
    assert client.get("/" + "a/" * 5000).status_code == 414


def test_limits_are_configured_on_the_command_line(server):
    assert httpx.post(server + "/sparql", content=b"#" * 5000,
                      headers={"Content-Type": "application/sparql-query"}).status_code == 413
    assert httpx.get(server + "/", params={"q": "x" * 3000}).status_code == 414
    assert httpx.get(server + "/", params={"q": "x" * 100}).status_code == 200


CONTENT_TYPES = {
    "/": "text/html; charset=utf-8", f"/{SHANGHAI}?format=html": "text/html; charset=utf-8",
    f"/{SHANGHAI}?format=turtle": "text/turtle", f"/{SHANGHAI}?format=jsonld": "application/ld+json",
    f"/{SHANGHAI}?format=nt": "application/n-triples", "/site.css": "text/css; charset=utf-8",
    "/catalog.ttl": "text/turtle; charset=utf-8", "/catalog.jsonld": "application/ld+json",
    f"/bundles/{SLUG}/facts.csv": "text/csv; charset=utf-8",
    f"/bundles/{SLUG}/datapackage.json": "application/json",
    f"/bundles/{SLUG}/README.md": "text/markdown; charset=utf-8",
    f"/bundles/{SLUG}/disclosure.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    f"/sparql?query={quote(SELECT)}": "application/sparql-results+json",
    "/data/nowhere/2024": "text/plain; charset=utf-8", "/sparql?query=SELEKT": "text/plain; charset=utf-8",
}


@pytest.mark.parametrize("path", sorted(CONTENT_TYPES))
def test_content_types_and_security_headers(client, path):
    response = client.get(path)
    assert response.headers["content-type"].split(";")[0] == CONTENT_TYPES[path].split(";")[0]
    if "charset" in CONTENT_TYPES[path]:
        assert response.headers["content-type"] == CONTENT_TYPES[path]
    assert_secure(response.headers)


def assert_secure(headers) -> None:
    policy = headers["content-security-policy"]
    assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert "script-src" not in policy and "unsafe-inline" not in policy
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer" and headers["x-frame-options"] == "DENY"


def test_every_answer_has_the_security_headers(client):
    refused = (client.post("/sparql", content=b"x" * (2 << 20), headers={"Content-Type": "application/sparql-query"}),
               client.get("/sparql", params={"query": "x" * 10_000}),
               client.post("/sparql", content=b"x", headers={"Content-Type": "text/plain"}),
               client.get("/sparql", params={"update": "CLEAR ALL"}),
               client.get("/" + RESOURCES["unit"], headers={"Accept": "image/png"}))
    assert [r.status_code for r in refused] == [413, 414, 415, 403, 406]
    for response in refused:
        assert_secure(response.headers)


def test_pages_need_no_script_nor_inline_style(client):
    for path in ("/", f"/{SHANGHAI}?format=html", "/sparql"):
        page = client.get(path, headers={"Accept": "text/html"}).text
        assert "<script" not in page and "<style" not in page and " style=" not in page, path
        assert '<link rel="stylesheet" href="/site.css">' in page


def test_an_internal_error_is_a_plain_500(store, monkeypatch, caplog):
    from budgetld.serve.site import Site

    def broken(self, q):
        raise RuntimeError("secret detail /etc/budgetld")

    monkeypatch.setattr(Site, "home", broken)
    config = ServeConfig(store=store, workers=0, base_url="http://testserver/")
    with TestClient(create_app(config)) as broken_client:
        response = broken_client.get("/")
    assert response.status_code == 500 and response.text == "Internal Server Error"
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert_secure(response.headers)
    assert "secret detail" in caplog.text  # logged on the server, not shown to the client


# --- over a socket, in a browser, and from another store ---------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(command: Callable[[int], list[str]], probe: str) -> Iterator[str]:
    """The URL of a server that ``command(port)`` starts on a free port, once ``probe`` (a
    path) answers; the server is stopped afterwards."""
    port = free_port()
    process = subprocess.Popen(command(port), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            if process.poll() is not None:
                raise RuntimeError(f"{process.args} ended with {process.returncode}")
            try:
                httpx.get(url + probe, timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            raise TimeoutError(url + probe)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="module")
def server(store, corpus):
    with serving(lambda port: [sys.executable, "-m", "budgetld", "serve", str(corpus), "--store",
                               str(store), "--port", str(port), "--timeout", "2", "--workers", "1",
                               "--max-body", "4096", "--max-url", "2048"], "/") as url:
        yield url


def test_over_a_socket(server):
    response = httpx.post(server + "/sparql", data={"query": SELECT},
                          headers={"Accept": "application/sparql-results+xml"})
    assert response.status_code == 200 and "吕梁市创业就业服务中心2024年度单位预算公开" in response.text
    assert httpx.get(server + "/sparql", params={"query": ENDLESS}, timeout=30).status_code == 503
    page = httpx.get(f"{server}/{SHANGHAI}", headers={"Accept": "text/html"})
    assert "33,775,592" in page.text


def test_the_charts_are_visible_in_a_browser(server):
    executable = chromium()
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed (.ci/run installs it)")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    browser = Browser(executable)
    try:
        bars = browser.evaluate(f"{server}/{SHANGHAI}?format=html", """
            [...document.querySelectorAll('svg.chart g.bar')].map(g => {
              const box = g.querySelector('rect').getBoundingClientRect();
              const svg = g.closest('svg').getBoundingClientRect();
              return {chart: g.closest('svg').id, label: g.dataset.label, width: box.width,
                      height: box.height, shown: getComputedStyle(g).visibility === 'visible'
                        && svg.width > 0 && svg.height > 0,
                      text: g.querySelector('text.value').textContent};
            })""")
    finally:
        browser.close()
    by_chart: dict[str, dict[str, dict]] = {}
    for bar in bars:
        by_chart.setdefault(bar["chart"], {})[bar["label"]] = bar
    assert set(by_chart) == {"chart-function", "chart-economic", "chart-three-public", "chart-basic-project"}
    function = by_chart["chart-function"]
    assert function["城乡社区支出"]["text"].startswith("33,775,592 元")
    assert function["卫生健康支出"]["text"].startswith("1,439,040 元")
    assert all(b["shown"] and b["height"] > 0 for chart in by_chart.values() for b in chart.values())
    # bar lengths are proportional to the amounts
    ratio = function["社会保障和就业支出"]["width"] / function["城乡社区支出"]["width"]
    assert abs(ratio - 6397096 / 33775592) < 0.01
    basic, project = by_chart["chart-basic-project"]["基本支出"], by_chart["chart-basic-project"]["项目支出"]
    assert basic["text"] == "36,197,265 元 (76.2%)" and project["text"] == "11,286,193 元 (23.8%)"
    assert by_chart["chart-three-public"]["因公出国（境）费"]["width"] == 0


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory):
    executable = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    location = str(tmp_path_factory.mktemp("oxigraph"))
    with serving(lambda port: [executable, "serve", "--location", location,
                               "--bind", f"127.0.0.1:{port}", "--union-default-graph"], "/query") as url:
        yield url


def test_push_round_trips_and_named_queries_agree(oxigraph, corpus, store):
    from budgetld.store.layout import reference_files

    runner = CliRunner()
    result = runner.invoke(cli, ["push", str(corpus), "--endpoint", oxigraph + "/store"])
    assert result.exit_code == 0, result.output
    for graph, path in reference_files():  # the reference graphs, as a portal would add them
        httpx.post(oxigraph + "/store", params={"graph": graph}, content=path.read_bytes(),
                   headers={"Content-Type": "text/turtle"}).raise_for_status()
    local, remote = open_read_only(store), Remote(oxigraph + "/query")
    iri = "https://w3id.org/budgetld/" + SHANGHAI
    fetched = httpx.get(oxigraph + "/store", params={"graph": iri}, headers={"Accept": "application/n-triples"})
    pushed = {q.triple for q in ox.parse(fetched.content, format=ox.RdfFormat.N_TRIPLES)}
    kept = {q.triple for q in local.quads_for_pattern(None, None, None, ox.NamedNode(iri))}
    assert pushed == kept
    again = runner.invoke(cli, ["push", str(corpus / "shanxi-lvliang-chuangyejiuyefuwuzhongxin-2024"),
                                "--endpoint", oxigraph + "/store"])
    assert again.exit_code == 0  # replaced, not added to
    for query in named_queries().values():
        ours, theirs = Embedded(local).query(query.text), remote.query(query.text)
        assert ours.variables == theirs.variables, query.name
        assert [[str(t) for t in row] for row in ours.rows] == \
            [[str(t) for t in row] for row in theirs.rows], query.name


def test_serve_pages_from_an_endpoint(oxigraph, corpus):
    config = ServeConfig(endpoint=oxigraph + "/query", bundles=corpus, base_url="http://testserver/")
    with TestClient(create_app(config)) as remote:
        page = remote.get(f"/{SHANGHAI}", headers={"Accept": "text/html"}).text
        assert "33,775,592" in page and "QUAL-001" in page
        assert bindings(remote.get("/sparql", params={"query": SELECT}))
        federated = "SELECT * { SERVICE <http://x/> { ?s ?p ?o } }"
        assert remote.get("/sparql", params={"query": federated}).status_code == 400


def test_push_errors_are_one_line(tmp_path):
    result = CliRunner().invoke(cli, ["push", str(LVLIANG_BUNDLE), "--endpoint",
                                      f"http://127.0.0.1:{free_port()}/store"])
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1
    result = CliRunner().invoke(cli, ["push", str(LVLIANG_BUNDLE), "--endpoint", "http://x/store",
                                      "--user", "me", "--password-env", "NO_SUCH_VARIABLE_SET"])
    assert result.exit_code == 2 and "--password-env" in result.stderr


def test_the_endpoint_writes_select_results_as_pyoxigraph_does():
    """The query workers send a SELECT result as pyoxigraph wrote it: every format says what
    the rows collected one by one say, a literal's line breaks keep it one row, and past the
    limit the writing stops with TooManyResults."""
    from budgetld.store import TooManyResults
    from budgetld.store.results import Solutions, collect, served, to_csv, to_json, to_tsv, to_xml

    store = ox.Store()
    p = ox.NamedNode("https://example.org/p")
    for n in range(30):
        store.add(ox.Quad(ox.NamedNode(f"https://example.org/{n}"), p,
                          ox.Literal(f"第{n}行\n第二行\t", language="zh")))
    query = "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?s"
    native = served(store.query(query), 30)
    assert isinstance(native, Solutions)
    rows = collect(store.query(query), None)
    assert native.select() == rows
    formats = ((to_json, ox.QueryResultsFormat.JSON), (to_xml, ox.QueryResultsFormat.XML),
               (to_tsv, ox.QueryResultsFormat.TSV))
    for write, fmt in formats:
        assert [list(s) for s in ox.parse_query_results(write(native), format=fmt)] == rows.rows
    table = list(csv.reader(io.StringIO(to_csv(native).decode())))
    assert table == [["s", "o"], *([r[0].value, r[1].value] for r in rows.rows)]
    with pytest.raises(TooManyResults):
        served(store.query(query), 29)
