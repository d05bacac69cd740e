"""The SPARQL 1.1 Protocol endpoint, read-only: queries by GET, POST form and POST direct;
results in JSON, XML, CSV or TSV (SELECT, ASK) or Turtle, N-Triples, JSON-LD (CONSTRUCT,
DESCRIBE) by Accept header or ``format=``; SPARQL Update and ``SERVICE`` refused; each
query within a time and a result-size limit."""

from __future__ import annotations

import re
import sys
from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from ..store.backend import Dataset
from ..store.results import GRAPH_FORMATS, RESULT_FORMATS, Graph, Served, graph_bytes
from .negotiate import best

#: What a query may be sent as (POST direct), and what an update would be.
QUERY_MEDIA = "application/sparql-query"
UPDATE_MEDIA = "application/sparql-update"
#: ``format=`` values and the media types they stand for.
FORMAT_NAMES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values", "turtle": "text/turtle",
                "ttl": "text/turtle", "nt": "application/n-triples", "ntriples": "application/n-triples",
                "jsonld": "application/ld+json"}
_RESULT_MEDIA = {media.split(";")[0]: name for name, (media, _) in RESULT_FORMATS.items()}
_GRAPH_MEDIA = {media.split(";")[0]: name for name, media in GRAPH_FORMATS.items()}
#: What the query text holds besides keywords: comments, strings, IRIs (where a SERVICE
#: keyword would not count).
_NOT_KEYWORDS = re.compile(r'#[^\n]*|"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|'
                           r"'(?:[^'\\\n]|\\.)*'|<[^<>\"{}|^`\\\s]*>")
#: SPARQL's code point escapes, which some engines decode before parsing (keywords included).
_CODE_POINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


class ProtocolError(Exception):
    def __init__(self, status: int, message: str) -> None:
        self.status = status
        super().__init__(message)

    def response(self) -> Response:
        return PlainTextResponse(f"{self}\n", status_code=self.status)


def uses_service(text: str) -> bool:
    """Whether a query calls another endpoint: a ``SERVICE`` clause outside comments, strings
    and IRIs, in any case, also when spelt with code point escapes (``\\u0053ERVICE``)."""
    decoded = _CODE_POINT.sub(_code_point, text)
    return any(re.search(r"\bSERVICE\b", _NOT_KEYWORDS.sub(" ", form), re.IGNORECASE)
               for form in (text, decoded))


def _code_point(escape: re.Match[str]) -> str:
    number = int(escape.group(1) or escape.group(2), 16)
    return chr(number) if number <= sys.maxunicode else " "


async def read_query(request: Request) -> tuple[str | None, Dataset | None, dict[str, list[str]]]:
    """The query, its protocol dataset and all parameters of a request; None when it has no
    query (a request for the service description). Updates are refused."""
    params = parse_qs(request.url.query, keep_blank_values=True)
    if request.method == "POST":
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        body = (await request.body()).decode("utf-8", errors="replace")
        if media == UPDATE_MEDIA:
            raise ProtocolError(403, "this endpoint is read-only: SPARQL Update is not accepted")
        if media == QUERY_MEDIA:
            params.setdefault("query", []).append(body)
        elif media == "application/x-www-form-urlencoded":
            for key, values in parse_qs(body, keep_blank_values=True).items():
                params.setdefault(key, []).extend(values)
        else:
            raise ProtocolError(415, f"send the query as {QUERY_MEDIA} or as a form "
                                     "(application/x-www-form-urlencoded), not "
                                     f"{media or 'without a content type'}")
    if "update" in params:
        raise ProtocolError(403, "this endpoint is read-only: SPARQL Update is not accepted")
    queries = params.get("query", [])
    if len(queries) > 1:
        raise ProtocolError(400, "give one query, not several")
    if not queries:
        return None, None, params
    text = queries[0]
    if uses_service(text):
        raise ProtocolError(400, "SERVICE (federated query to other endpoints) is not allowed here")
    defaults, named = params.get("default-graph-uri", []), params.get("named-graph-uri", [])
    dataset = Dataset(tuple(defaults), tuple(named)) if defaults or named else None
    return text, dataset, params


def result_response(result: Served, accept: str | None, params: dict[str, list[str]]) -> Response:
    """The result in the format the client asked for (``format=`` first, then Accept)."""
    table = _GRAPH_MEDIA if isinstance(result, Graph) else _RESULT_MEDIA
    wanted = params.get("format", [None])[0]
    media: str | None
    if wanted is not None:
        media = FORMAT_NAMES.get(wanted.lower(), wanted.lower())
        if media not in table:
            raise ProtocolError(406, f"format {wanted!r} is not offered for this query; use one "
                                     f"of {', '.join(table.values())}")
    else:
        media = best(accept, list(table)) or best("*/*", list(table))
    assert media is not None  # "*/*" accepts every offered type
    name = table[media]
    if isinstance(result, Graph):
        return Response(graph_bytes(result.triples, name), media_type=GRAPH_FORMATS[name])
    content_type, write = RESULT_FORMATS[name]
    return Response(write(result), media_type=content_type)
