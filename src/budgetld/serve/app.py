"""The ASGI application of ``budgetld serve``: linked-data pages, the SPARQL endpoint, the
catalog and the bundles' files.

Routes: ``/`` (home: units and years, with search), ``/sparql`` (SPARQL 1.1 Protocol and a
query form), ``/catalog.ttl`` and ``/catalog.jsonld`` (DCAT), ``/void`` (VoID),
``/bundles/<slug>/<file>`` (downloads), and every other path the IRI
``https://w3id.org/budgetld/<path>`` it stands for, answered in Turtle, JSON-LD, N-Triples or
HTML by Accept header or ``?format=``.
"""

from __future__ import annotations

import asyncio
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from ..store import Embedded, QueryError, Remote, TooManyResults
from ..store.backend import Backend
from ..store.generations import current, open_read_only
from ..store.layout import ROOT
from ..store.named import named_queries
from ..store.results import GRAPH_FORMATS, Ask, Graph, Result, graph_bytes
from .negotiate import best
from .site import NotFound, Site
from .sparql import FORMAT_NAMES, ProtocolError, read_query, result_response
from .workers import Failure, QueryPool, QueryTimeout

HTML = "text/html"
#: What a resource is offered as, in order of preference when the client has none.
_RESOURCE_MEDIA = ["text/turtle", "application/ld+json", "application/n-triples", HTML]
_MEDIA_FORMAT = {media.split(";")[0]: name for name, media in GRAPH_FORMATS.items()}


@dataclass(frozen=True)
class ServeConfig:
    """What a server serves and how: the embedded store's folder or a SPARQL endpoint, the
    folder of bundles to offer for download, its public URL, and the query limits."""

    store: Path | None = None
    endpoint: str | None = None
    bundles: Path | None = None
    base_url: str = "http://127.0.0.1:8000/"
    timeout: float = 10.0
    max_results: int = 10_000
    workers: int = 2
    auth: tuple[str, str] | None = field(default=None, repr=False)


class _Live:
    """The embedded store as pages read it, opened again when a load made a new generation."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.opened = current(directory)
        self.backend = Embedded(open_read_only(directory))

    def query(self, text: str, limit: int | None = None, dataset=None) -> Result:
        live = current(self.directory)
        if live != self.opened:
            self.opened, self.backend = live, Embedded(open_read_only(self.directory))
        return self.backend.query(text, limit, dataset)


def create_app(config: ServeConfig) -> Starlette:
    if (config.store is None) == (config.endpoint is None):
        raise ValueError("serve either an embedded store or an endpoint")
    backend: Backend = Remote(config.endpoint, config.auth, config.timeout) if config.endpoint \
        else _Live(config.store)  # type: ignore[arg-type]
    base = config.base_url if config.base_url.endswith("/") else config.base_url + "/"
    root_path = urlsplit(base).path.rstrip("/")
    site = Site(backend, root_path, config.bundles)
    templates = Environment(loader=PackageLoader("budgetld.serve", "templates"),
                            autoescape=select_autoescape(["html"]), trim_blocks=False)
    turtle_templates = Environment(loader=PackageLoader("budgetld.serve", "templates"), autoescape=False)
    state: dict = {}

    def page(template: str, request: Request, status: int = 200, **context: object) -> HTMLResponse:
        html = templates.get_template(template).render(root=root_path, href=site.href, **context)
        return HTMLResponse(html, status_code=status, headers={"Vary": "Accept"})

    def describe_doc(template: str, **context: object) -> list[ox.Triple]:
        text = turtle_templates.get_template(template).render(
            endpoint=base + "sparql", void=base + "void", uri_space=ROOT + "data/", home=base,
            lookup=base, timeout=config.timeout, max_results=config.max_results, **context)
        return list(ox.parse(text.encode(), format=ox.RdfFormat.TURTLE))

    def rdf_response(triples: list[ox.Triple], request: Request, html: object = None) -> Response:
        wanted = request.query_params.get("format")
        offered = _RESOURCE_MEDIA if html is not None else _RESOURCE_MEDIA[:-1]
        if wanted:
            media = HTML if wanted == "html" else FORMAT_NAMES.get(wanted, wanted)
            if media not in offered:
                return PlainTextResponse(f"format {wanted!r} is not offered; use one of "
                                         "turtle, jsonld, nt" + (", html" if html is not None else ""),
                                         status_code=406)
        else:
            media = best(request.headers.get("accept"), offered)
            if media is None:
                return PlainTextResponse("not available in the requested media type; offered: "
                                         + ", ".join(offered), status_code=406)
        if media == HTML:
            return html() if callable(html) else html  # type: ignore[return-value]
        name = _MEDIA_FORMAT[media]
        return Response(graph_bytes(triples, name), media_type=GRAPH_FORMATS[name],
                        headers={"Vary": "Accept"})

    # --- the SPARQL endpoint -------------------------------------------------------------
    async def run_query(text: str, dataset) -> Result:
        if "pool" in state:
            answer = await state["pool"].run(text, config.max_results, config.timeout, dataset)
            if isinstance(answer, Failure):
                raise (TooManyResults(config.max_results) if answer.kind == "TooManyResults"
                       else QueryError(answer.message))
            return answer
        return await run_in_threadpool(backend.query, text, config.max_results, dataset)

    async def sparql(request: Request) -> Response:
        try:
            text, dataset, params = await read_query(request)
            accept = request.headers.get("accept")
            wants_html = "format" not in params and best(accept, [
                "application/sparql-results+json", "text/turtle", HTML]) == HTML
            if text is None:
                if wants_html:
                    return page("sparql.html", request, query=_EXAMPLE, result=None, error=None,
                                named=named_queries().values(), timeout=config.timeout,
                                max_results=config.max_results)
                return rdf_response(describe_doc("service.ttl"), request)
            result = await run_query(text, dataset)
        except ProtocolError as error:
            return error.response()
        except QueryError as error:
            return PlainTextResponse(f"{error}\n", status_code=400)
        except TooManyResults as error:
            return PlainTextResponse(f"{error}\n", status_code=422)
        except QueryTimeout as error:
            return PlainTextResponse(f"{error}\n", status_code=503)
        if wants_html:
            return page("sparql.html", request, query=text, error=None, result=_html_result(site, result),
                        named=named_queries().values(), timeout=config.timeout,
                        max_results=config.max_results)
        try:
            return result_response(result, accept, params)
        except ProtocolError as error:
            return error.response()

    # --- pages and resources --------------------------------------------------------------
    async def home(request: Request) -> Response:
        data = await run_in_threadpool(site.home, request.query_params.get("q", ""))
        return page("home.html", request, **data)

    async def resource(request: Request) -> Response:
        path = request.path_params["path"]
        iri = ROOT + path
        try:
            triples = await run_in_threadpool(site.describe, iri)
        except NotFound:
            return PlainTextResponse(f"nothing is known about {iri}\n", status_code=404)

        def html() -> Response:
            kind = site.kind(triples)
            if kind == "disclosure":
                data = site.disclosure(iri)
            else:
                data = getattr(site, kind)(iri, triples)
            alternates = [(m, f"{request.url.path}?format={_MEDIA_FORMAT[m]}") for m in _RESOURCE_MEDIA[:-1]]
            return page(f"{kind}.html", request, iri=iri, alternates=alternates, **data)

        return await run_in_threadpool(rdf_response, triples, request, html)

    async def void(request: Request) -> Response:
        def count() -> tuple[int, int]:
            if "void" not in state:
                triples = backend.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
                disclosures = backend.query("SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a "
                                            "<https://w3id.org/budgetld/def#BudgetDisclosure> }")
                state["void"] = (int(triples.rows[0][0].value), int(disclosures.rows[0][0].value))
            return state["void"]

        triples, disclosures = await run_in_threadpool(count)
        catalog = base + "catalog.ttl" if config.bundles and (config.bundles / "catalog.ttl").is_file() else None
        return rdf_response(describe_doc("void.ttl", triples=triples, disclosures=disclosures,
                                         catalog=catalog), request)

    def bundle_file(relative: str) -> Response:
        if config.bundles is None:
            return PlainTextResponse("this server offers no bundle files\n", status_code=404)
        folder = config.bundles.resolve()
        target = (folder / relative).resolve()
        if not target.is_relative_to(folder) or not target.is_file() or \
                any(part.startswith(".") for part in target.relative_to(folder).parts):
            return PlainTextResponse("no such file\n", status_code=404)
        media = {".ttl": "text/turtle; charset=utf-8", ".jsonld": "application/ld+json",
                 ".csv": "text/csv; charset=utf-8", ".json": "application/json",
                 ".md": "text/markdown; charset=utf-8"}.get(target.suffix)
        return FileResponse(target, media_type=media)

    async def catalog(request: Request) -> Response:
        return bundle_file(request.url.path.rsplit("/", 1)[-1])

    async def bundle(request: Request) -> Response:
        return bundle_file(request.path_params["path"])

    @asynccontextmanager
    async def lifespan(_app: Starlette):
        if config.store is not None and config.workers > 0:
            state["pool"] = await asyncio.to_thread(QueryPool, config.store, config.workers)
        yield
        if "pool" in state:
            state.pop("pool").close()

    routes = [Route("/", home), Route("/sparql", sparql, methods=["GET", "POST"]),
              Route("/catalog.ttl", catalog), Route("/catalog.jsonld", catalog),
              Route("/void", void), Route("/.well-known/void", void),
              Route("/bundles/{path:path}", bundle), Route("/{path:path}", resource)]
    if root_path:
        from starlette.routing import Mount

        routes = [Mount(root_path, routes=routes)]
    return Starlette(routes=routes, lifespan=lifespan)


_EXAMPLE = """PREFIX bld: <https://w3id.org/budgetld/def#>
PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?disclosure ?title WHERE { ?disclosure a bld:BudgetDisclosure ; dct:title ?title } LIMIT 20"""


def _html_result(site: Site, result: Result) -> dict:
    if isinstance(result, Ask):
        return {"boolean": result.value}
    if isinstance(result, Graph):
        return {"columns": ["subject", "predicate", "object"],
                "rows": [[site.value(t.subject), site.value(t.predicate), site.value(t.object)]
                         for t in result.triples]}
    return {"columns": result.variables, "rows": [[site.value(t) for t in row] for row in result.rows]}
