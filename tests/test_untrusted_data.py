"""Others' data is parsed as data only: JSON-LD never fetches a remote context, XML in Word and
Excel files never expands entities, and a bundle given to ``validate`` opens no file outside
itself and nothing on the network."""

from __future__ import annotations

import http.server
import io
import json
import os
import shutil
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib
from typer.testing import CliRunner

from budgetld.cli import app
from budgetld.errors import InputError
from budgetld.publish import BundleOptions, publish
from budgetld.rdf import DEFAULT_BASE
from budgetld.rdf.jsonld import read_jsonld
from budgetld.read import archive, read_file
from budgetld.validate import validate_bundle
from budgetld.validate.catalog import validate_catalog

from conftest import LVLIANG
from mutations import office_sample

runner = CliRunner()


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server answering every GET with an empty JSON-LD context; the paths asked
    for are recorded, so a test sees whether anything was fetched."""
    asked: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.append(self.path)
            body = b'{"@context": {}}'
            self.send_response(200)
            self.send_header("Content-Type", "application/ld+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", asked
    finally:
        httpd.shutdown()
        httpd.server_close()


# --- JSON-LD ---------------------------------------------------------------------------------

def _jsonld(url: str, where: str) -> dict:
    node = {"@id": "https://example.org/a", "https://example.org/p": "v"}
    if where == "top":
        return {"@context": f"{url}/context.jsonld", **node}
    if where == "list":
        return {"@context": [{"ex": "https://example.org/"}, f"{url}/context.jsonld"], **node}
    if where == "import":
        return {"@context": {"@version": 1.1, "@import": f"{url}/context.jsonld"}, **node}
    return {"@graph": [{**node, "https://example.org/q": {"@context": f"{url}/context.jsonld",
                                                          "@id": "https://example.org/b"}}]}


def test_rdflib_alone_would_fetch_a_remote_context(server, tmp_path):
    url, asked = server
    path = tmp_path / "catalog.jsonld"
    path.write_text(json.dumps(_jsonld(url, "top")))
    rdflib.Graph().parse(path, format="json-ld")
    assert asked == ["/context.jsonld"]  # so the tests below can fail


@pytest.mark.parametrize("where", ["top", "list", "import", "nested"])
def test_json_ld_never_fetches_a_remote_context(server, tmp_path, where):
    url, asked = server
    path = tmp_path / "catalog.jsonld"
    path.write_text(json.dumps(_jsonld(url, where)))
    for read in (read_jsonld, validate_catalog):
        with pytest.raises(InputError, match="never fetches a context"):
            read(path)
    assert asked == []


def test_json_ld_with_its_context_embedded_is_read(tmp_path):
    path = tmp_path / "doc.jsonld"
    path.write_text(json.dumps({"@context": {"ex": "https://example.org/"}, "@id": "ex:a", "ex:p": "v"}))
    assert len(read_jsonld(path)) == 1


# --- XML entities in Word and Excel files ------------------------------------------------------

#: Nine levels of ten references each: a billion "lol"s, some 3 GB, from a few hundred bytes.
_LAUGHS = '<!DOCTYPE lolz [<!ENTITY lol0 "lol">' + "".join(
    f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)) + "]>"


def _bomb(data: bytes, member: str, into: str) -> bytes:
    """``data`` with ``member`` declaring the entities and ``into`` using the largest one."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == member:
                xml = content.decode()
                assert into in xml
                head = xml.index("?>") + 2 if xml.startswith("<?xml") else 0
                xml = xml[:head] + _LAUGHS + xml[head:].replace(into, into + "&lol9;", 1)
                content = xml.encode()
            target.writestr(info, content)
    return out.getvalue()


BOMBS = {"docx": ("word/document.xml", "<w:t>"), "xlsx": ("xl/worksheets/sheet1.xml", "<t>")}


@pytest.mark.parametrize("form", list(BOMBS))
@pytest.mark.parametrize("own_check", [True, False])
def test_an_xml_bomb_in_an_office_file_is_refused_quickly(tmp_path, monkeypatch, form, own_check):
    if not own_check:  # the libraries' parsers must not expand entities either
        monkeypatch.setattr(archive, "_DOCTYPE", b"\x00never found\x00")
    path = tmp_path / f"laughs.{form}"
    path.write_bytes(_bomb(office_sample(form), *BOMBS[form]))
    start = time.monotonic()
    with pytest.raises(InputError) as caught:
        read_file(path)
    assert time.monotonic() - start < 5
    assert ("declares a document type" in str(caught.value)) == own_check
    assert "lollol" not in str(caught.value)


# --- bundles given to validate ---------------------------------------------------------------

@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("published")
    publish([LVLIANG], out, BundleOptions(base=DEFAULT_BASE), created="2026-11-26T00:00:00Z",
            allow_invalid=True)
    return next(p for p in out.iterdir() if p.is_dir() and not p.name.startswith("."))


def _with_resource_path(bundle: Path, tmp_path: Path, path: str) -> Path:
    copy = shutil.copytree(bundle, tmp_path / bundle.name)
    descriptor = json.loads((copy / "datapackage.json").read_text())
    descriptor["resources"][0]["path"] = path
    (copy / "datapackage.json").write_text(json.dumps(descriptor))
    return copy


@pytest.mark.parametrize("path", ["../../etc/passwd", "/etc/passwd", "tables/../../../etc/passwd",
                                  "file:///etc/passwd", "C:\\Windows\\win.ini"])
def test_a_resource_path_out_of_the_bundle_is_a_finding(published, tmp_path, path):
    report, _ = validate_bundle(_with_resource_path(published, tmp_path, path))
    unsafe = [f for f in report.findings if f.rule == "PKG-unsafe-path"]
    assert len(unsafe) == 1 and path in unsafe[0].message_en
    assert not report.conforms


def test_a_remote_resource_is_never_fetched(published, tmp_path, server):
    url, asked = server
    report, _ = validate_bundle(_with_resource_path(published, tmp_path, f"{url}/tables.csv"))
    assert [f.rule for f in report.findings if f.rule.startswith("PKG")] == ["PKG-unsafe-path"]
    assert asked == []


def test_a_link_out_of_the_bundle_is_a_finding(published, tmp_path):
    copy = shutil.copytree(published, tmp_path / published.name)
    (copy / "tables.csv").unlink()
    os.symlink("/etc/passwd", copy / "tables.csv")
    report, _ = validate_bundle(copy)
    assert [f.focus for f in report.findings if f.rule == "PKG-unsafe-path"] == [f"{copy.name}/tables"]


def test_a_bundle_whose_rdf_links_out_is_refused_in_one_line(published, tmp_path):
    copy = shutil.copytree(published, tmp_path / published.name)
    outside = tmp_path / "elsewhere.ttl"
    shutil.move(copy / "disclosure.ttl", outside)
    os.symlink(outside, copy / "disclosure.ttl")
    result = runner.invoke(app, ["validate", str(copy)])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"budgetld: {copy / 'disclosure.ttl'}: links to a file outside the bundle: a bundle is "
        "read as data only, nothing outside it is opened"]


def test_a_published_bundle_is_still_checked_by_frictionless(published):
    report, _ = validate_bundle(published)
    assert not [f for f in report.findings if f.rule.startswith("PKG")]


def test_a_link_planted_in_a_published_bundle_is_not_catalogued(published, tmp_path):
    out = tmp_path / "out"
    copy = shutil.copytree(published, out / published.name)
    os.symlink("/etc/passwd", copy / "passwd.csv")
    result = runner.invoke(app, ["catalog", str(out)])
    assert result.exit_code == 0, result.output
    assert "passwd" not in (out / "catalog.ttl").read_text(encoding="utf-8")
