"""The ASGI application of ``budgetld serve``: linked-data pages, the SPARQL endpoint, the
catalog and the bundles' files.

Routes: ``/`` (home: units and years, with search), ``/sparql`` (SPARQL 1.1 Protocol and a
query form), ``/catalog.ttl`` and ``/catalog.jsonld`` (DCAT), ``/void`` (VoID),
``/bundles/<slug>/<file>`` (downloads), ``/site.css`` (the pages' stylesheet), and every
other path the IRI
``https://w3id.org/budgetld/<path>`` it stands for, answered in Turtle, JSON-LD, N-Triples or
HTML by Accept header or ``?format=``.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
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
from starlette.routing import BaseRoute, Mount, Route

from ..rdf.vocab import BLD
from ..store import Embedded, QueryError, Remote, TooManyResults
from ..store.backend import Backend, Dataset
from ..store.generations import current, open_read_only
from ..store.layout import ROOT
from ..store.named import named_queries
from ..store.results import GRAPH_FORMATS, Ask, Graph, Result, Select, Served, Solutions, graph_bytes
from .describe import Endpoints, service_description, void_description
from .guard import ASGIApp, Guard
from .negotiate import best
from .site import NotFound, Site, bundle_path
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
    max_body: int = 1 << 20
    max_url: int = 8192
    auth: tuple[str, str] | None = field(default=None, repr=False)


class _Live:
    """The embedded store as pages read it, opened again when a load made a new generation."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.opened = current(directory)
        self.backend = Embedded(open_read_only(directory))

    def query(self, text: str, limit: int | None = None, dataset: Dataset | None = None) -> Result:
        live = current(self.directory)
        if live != self.opened:
            self.opened, self.backend = live, Embedded(open_read_only(self.directory))
        return self.backend.query(text, limit, dataset)


class _Server:
    """The handlers of one application, and what they share."""

    def __init__(self, config: ServeConfig) -> None:
        self.config = config
        self.backend: Backend
        if config.endpoint is not None and config.store is None:
            self.backend = Remote(config.endpoint, config.auth, config.timeout)
        elif config.store is not None and config.endpoint is None:
            self.backend = _Live(config.store)
        else:
            raise ValueError("serve either an embedded store or an endpoint")
        self.base = config.base_url if config.base_url.endswith("/") else config.base_url + "/"
        self.root_path = urlsplit(self.base).path.rstrip("/")
        self.site = Site(self.backend, self.root_path, config.bundles)
        loader = PackageLoader("budgetld.serve", "templates")
        self.templates = Environment(loader=loader, autoescape=select_autoescape(["html"]))
        self.endpoints = Endpoints(self.base, config.timeout, config.max_results)
        self.pool: QueryPool | None = None
        self.counts: tuple[int, int] | None = None

    # --- responses ------------------------------------------------------------------------
    def page(self, template: str, **context: object) -> HTMLResponse:
        html = self.templates.get_template(template).render(root=self.root_path, href=self.site.href,
                                                            **context)
        return HTMLResponse(html, headers={"Vary": "Accept"})

    def query_page(self, query: str, result: dict[str, object] | None) -> HTMLResponse:
        return self.page("sparql.html", query=query, result=result, error=None,
                         named=named_queries().values(), timeout=self.config.timeout,
                         max_results=self.config.max_results)

    def rdf_response(self, triples: list[ox.Triple] | list[ox.Quad], request: Request,
                     html: Callable[[], Response] | None = None) -> Response:
        """``triples`` in the format asked for by ``?format=`` or Accept; HTML from ``html``."""
        wanted = request.query_params.get("format")
        offered = _RESOURCE_MEDIA if html is not None else _RESOURCE_MEDIA[:-1]
        media: str | None
        if wanted:
            media = HTML if wanted == "html" else FORMAT_NAMES.get(wanted, wanted)
            if media not in offered:
                return PlainTextResponse(f"format {wanted!r} is not offered; use one of "
                                         "turtle, jsonld, nt" + (", html" if html else ""),
                                         status_code=406)
        else:
            media = best(request.headers.get("accept"), offered)
            if media is None:
                return PlainTextResponse("not available in the requested media type; offered: "
                                         + ", ".join(offered), status_code=406)
        if media == HTML and html is not None:
            return html()
        name = _MEDIA_FORMAT[media]
        return Response(graph_bytes(triples, name), media_type=GRAPH_FORMATS[name],
                        headers={"Vary": "Accept"})

    # --- the SPARQL endpoint --------------------------------------------------------------
    async def run_query(self, text: str, dataset: Dataset | None) -> Served:
        if self.pool is not None:
            answer = await self.pool.run(text, self.config.max_results, self.config.timeout, dataset)
            if isinstance(answer, Failure):
                raise (TooManyResults(self.config.max_results) if answer.kind == "TooManyResults"
                       else QueryError(answer.message))
            return answer
        return await run_in_threadpool(self.backend.query, text, self.config.max_results, dataset)

    async def sparql(self, request: Request) -> Response:
        try:
            text, dataset, params = await read_query(request)
            accept = request.headers.get("accept")
            wants_html = "format" not in params and best(accept, [
                "application/sparql-results+json", "text/turtle", HTML]) == HTML
            if text is None:
                if wants_html:
                    return self.query_page(_EXAMPLE, None)
                return self.rdf_response(service_description(self.endpoints), request)
            result = await self.run_query(text, dataset)
            if wants_html:
                return self.query_page(text, _html_result(
                    self.site, result.select() if isinstance(result, Solutions) else result))
            return result_response(result, accept, params)
        except ProtocolError as error:
            return error.response()
        except QueryError as error:
            return PlainTextResponse(f"{error}\n", status_code=400)
        except TooManyResults as error:
            return PlainTextResponse(f"{error}\n", status_code=422)
        except QueryTimeout as error:
            return PlainTextResponse(f"{error}\n", status_code=503)

    # --- pages and resources --------------------------------------------------------------
    async def home(self, request: Request) -> Response:
        data = await run_in_threadpool(self.site.home, request.query_params.get("q", ""))
        return self.page("home.html", **data)

    async def resource(self, request: Request) -> Response:
        iri = ROOT + request.path_params["path"]
        try:
            triples = await run_in_threadpool(self.site.describe, iri)
        except NotFound:
            return PlainTextResponse(f"nothing is known about {iri}\n", status_code=404)

        def html() -> Response:
            kind = self.site.kind(triples)
            data = self.site.disclosure(iri) if kind == "disclosure" else \
                getattr(self.site, kind)(iri, triples)
            alternates = [(m, f"{request.url.path}?format={_MEDIA_FORMAT[m]}")
                          for m in _RESOURCE_MEDIA[:-1]]
            return self.page(f"{kind}.html", iri=iri, alternates=alternates, **data)

        return await run_in_threadpool(self.rdf_response, triples, request, html)

    def _count(self, where: str) -> int:
        result = self.backend.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")
        assert isinstance(result, Select)
        count = result.rows[0][0]
        assert isinstance(count, ox.Literal)
        return int(count.value)

    def _counts(self) -> tuple[int, int]:
        if self.counts is None:
            self.counts = (self._count("?s ?p ?o"),
                           self._count(f"SELECT DISTINCT ?d WHERE {{ ?d a <{BLD.BudgetDisclosure.value}> }}"))
        return self.counts

    async def void(self, request: Request) -> Response:
        triples, disclosures = await run_in_threadpool(self._counts)
        bundles = self.config.bundles
        catalog = self.base + "catalog.ttl" if bundles and (bundles / "catalog.ttl").is_file() else None
        return self.rdf_response(void_description(self.endpoints, triples, disclosures, catalog), request)

    def bundle_file(self, relative: str) -> Response:
        if self.config.bundles is None:
            return PlainTextResponse("this server offers no bundle files\n", status_code=404)
        target = bundle_path(self.config.bundles, relative)
        if target is None:
            return PlainTextResponse("no such file\n", status_code=404)
        return FileResponse(target, media_type=_FILE_MEDIA.get(target.suffix))

    async def stylesheet(self, _request: Request) -> Response:
        return FileResponse(_STYLESHEET, media_type="text/css; charset=utf-8")

    async def catalog(self, request: Request) -> Response:
        return self.bundle_file(request.url.path.rsplit("/", 1)[-1])

    async def bundle(self, request: Request) -> Response:
        return self.bundle_file(request.path_params["path"])

    @asynccontextmanager
    async def lifespan(self, _app: Starlette) -> AsyncIterator[None]:
        """Start the query workers with the application, and stop them with it."""
        if self.config.store is not None and self.config.workers > 0:
            self.pool = await asyncio.to_thread(QueryPool, self.config.store, self.config.workers)
        yield
        if self.pool is not None:
            self.pool.close()
            self.pool = None


_STYLESHEET = Path(__file__).parent / "static" / "site.css"
_FILE_MEDIA = {".ttl": "text/turtle; charset=utf-8", ".jsonld": "application/ld+json",
               ".csv": "text/csv; charset=utf-8", ".json": "application/json",
               ".md": "text/markdown; charset=utf-8"}


def create_app(config: ServeConfig) -> ASGIApp:
    """The application, behind the request size limits and security headers of :mod:`.guard`."""
    server = _Server(config)
    routes: list[BaseRoute] = [
        Route("/", server.home), Route("/sparql", server.sparql, methods=["GET", "POST"]),
        Route("/site.css", server.stylesheet),
        Route("/catalog.ttl", server.catalog), Route("/catalog.jsonld", server.catalog),
        Route("/void", server.void), Route("/.well-known/void", server.void),
        Route("/bundles/{path:path}", server.bundle), Route("/{path:path}", server.resource)]
    if server.root_path:
        routes = [Mount(server.root_path, routes=routes)]
    return Guard(Starlette(routes=routes, lifespan=server.lifespan), config.max_body, config.max_url)


_EXAMPLE = """PREFIX bld: <https://w3id.org/budgetld/def#>
PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?disclosure ?title WHERE { ?disclosure a bld:BudgetDisclosure ; dct:title ?title } LIMIT 20"""


def _html_result(site: Site, result: Result) -> dict[str, object]:
    if isinstance(result, Ask):
        return {"boolean": result.value}
    if isinstance(result, Graph):
        return {"columns": ["subject", "predicate", "object"],
                "rows": [[site.value(t.subject), site.value(t.predicate), site.value(t.object)]
                         for t in result.triples]}
    return {"columns": result.variables, "rows": [[site.value(t) for t in row] for row in result.rows]}
