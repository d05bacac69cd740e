"""JSON-LD compacted against the project's own context (``ontology/context.jsonld``).

The graph of a disclosure is flat (every node is named, no lists), so compaction reduces to
grouping triples by subject and shortening IRIs with the context's terms and prefixes. Doing
that directly is ~1000× faster than a general JSON-LD processor's RDF round trip (PyLD's
``from_rdf`` takes seconds on one disclosure); the tests prove the output expands to the same
graph as the Turtle. The context is embedded, so nothing is ever fetched from the network.

JSON-LD read back (a catalog page) goes through :func:`read_jsonld`, which refuses a document
that names a context by reference (``"@context": "https://…"``, ``@import``) before rdflib sees
it: rdflib would fetch it, and a JSON-LD file may come from anyone.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pyoxigraph import Literal, NamedNode, Quad, Triple

from ..errors import InputError
from ..resources import data_dir

if TYPE_CHECKING:
    import rdflib

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


JSON = dict[str, Any]
#: How a value is written under a key: (key, None, None) bare; (key, member, extra) as
#: ``{"@id": iri}`` or ``{"@value": value, member: extra}``.
Form = tuple[str, str | None, str | None]
#: The most compacted IRIs kept: a document's own recur within it, not in the next one.
_IRI_CACHE = 50_000


@cache
def context() -> JSON:
    with (data_dir("ontology") / "context.jsonld").open(encoding="utf-8") as f:
        loaded: JSON = json.load(f)
    return loaded


class _Compactor:
    def __init__(self, ctx: JSON) -> None:
        defs = ctx["@context"]
        self.prefixes = sorted(((v, k) for k, v in defs.items()
                                if isinstance(v, str) and not k.startswith("@")),
                               key=lambda pair: -len(pair[0]))
        self.terms: dict[str, tuple[str, JSON]] = {}
        self.iris: dict[str, str] = {}  # IRI → compacted form (the same IRIs recur)
        self.forms: dict[tuple[str, str | None, str | None], Form] = {}
        for term, definition in defs.items():
            if isinstance(definition, dict):
                self.terms[self.expand(definition["@id"])] = (term, definition)

    def expand(self, value: str) -> str:
        prefix, _, local = value.partition(":")
        for namespace, name in self.prefixes:
            if name == prefix:
                return namespace + local
        return value

    def iri(self, value: str) -> str:
        found = self.iris.get(value)
        if found is None:
            if len(self.iris) >= _IRI_CACHE:  # a worker writes document after document
                self.iris.clear()
            found = self.iris[value] = self._compact(value)
        return found

    def _compact(self, value: str) -> str:
        for namespace, name in self.prefixes:
            if value.startswith(namespace) and len(value) > len(namespace):
                local = value[len(namespace):]
                if "#" not in local and not local.startswith("/"):
                    return f"{name}:{local}"
        return value

    def form(self, predicate: str, datatype: str | None, language: str | None) -> Form:
        """How an object of ``datatype`` (None: an IRI) and ``language`` is written under
        ``predicate``: the node's key, then ``None`` when the value is bare (the context's
        term for the predicate implies its type or language), else the member beside the
        value (``@id`` for an IRI; ``@language`` or ``@type`` with the language or the
        compacted datatype). The same few recur: worked out once each and kept in
        :attr:`forms`, which a hot loop may read first to skip this call."""
        key = (predicate, datatype, language)
        found = self.forms.get(key)
        if found is None:
            found = self.forms[key] = self._decide(predicate, datatype, language)
        return found

    def _decide(self, predicate: str, datatype: str | None, language: str | None) -> Form:
        term = self.terms.get(predicate)
        if term is not None:
            name, definition = term
            kind = definition.get("@type")
            if datatype is None and kind == "@id":
                return name, None, None
            if datatype is not None:
                if language and definition.get("@language") == language:
                    return name, None, None
                if not language and kind and kind != "@id" and self.expand(kind) == datatype:
                    return name, None, None
                if not language and kind is None and "@language" not in definition \
                        and datatype == _XSD_STRING:
                    return name, None, None
        key = self.iri(predicate)
        if datatype is None:
            return key, "@id", None
        if datatype in (_XSD_STRING, _LANG_STRING) and not language:
            return key, None, None
        return (key, "@language", language) if language else (key, "@type", self.iri(datatype))


@cache
def _compactor() -> _Compactor:
    return _Compactor(context())


@cache
def _context_text() -> str:
    """The ``"@context"`` member as :func:`_dumps` lays it out inside the document."""
    return json.dumps(context()["@context"], ensure_ascii=False, indent=1).replace("\n", "\n ")


_string = json.encoder.encode_basestring


def _dumps(value: object, indent: str) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=1)`` nested at ``indent``, for the values
    of a node: strings, value or reference objects (dicts of strings), and lists of them; the
    same text without the general encoder's cost (a disclosure has tens of thousands)."""
    if isinstance(value, str):
        return _string(value)
    inner = indent + " "
    if isinstance(value, dict) and value:
        return "{\n" + ",\n".join(
            f"{inner}{_string(k)}: {_string(v) if isinstance(v, str) else _dumps(v, inner)}"
            for k, v in value.items()) + f"\n{indent}}}"
    if isinstance(value, list) and value:
        return "[\n" + ",\n".join(inner + (_string(v) if isinstance(v, str) else _dumps(v, inner))
                                  for v in value) + f"\n{indent}]"
    return json.dumps(value, ensure_ascii=False)


def to_jsonld(triples: list[Quad] | list[Triple]) -> str:
    """Compacted JSON-LD text (deterministic: nodes and values in triple order)."""
    compactor = _compactor()
    iri, iris, form, forms = compactor.iri, compactor.iris, compactor.form, compactor.forms
    nodes: dict[str, JSON] = {}
    node: JSON = {}
    current = None
    for triple in triples:
        subject, obj = triple.subject, triple.object
        assert isinstance(subject, NamedNode)  # the graph is flat and every node named
        name = subject.value
        if name != current:  # a subject's triples mostly come together (build_triples groups them)
            current = name
            node = nodes.get(name) or nodes.setdefault(name, {"@id": iri(name)})
        predicate = triple.predicate.value
        if isinstance(obj, Literal):
            datatype, language = obj.datatype.value, obj.language
            key, member, extra = forms.get((predicate, datatype, language)) \
                or form(predicate, datatype, language)
            value: object = obj.value if member is None else {"@value": obj.value, member: extra}
        else:
            assert isinstance(obj, NamedNode)
            target = iris.get(obj.value) or iri(obj.value)
            if predicate == _RDF_TYPE:
                node.setdefault("@type", []).append(target)
                continue
            key, member, _ = forms.get((predicate, None, None)) or form(predicate, None, None)
            value = target if member is None else {"@id": target}
        present = node.get(key)
        if present is None:
            node[key] = value
        elif isinstance(present, list):
            present.append(value)
        else:
            node[key] = [present, value]
    for node in nodes.values():
        if len(node.get("@type", [])) == 1:
            node["@type"] = node["@type"][0]
    graph = _dumps(list(nodes.values()), " ")
    return f'{{\n "@context": {_context_text()},\n "@graph": {graph}\n}}\n'


def remote_contexts(node: object) -> Iterator[str]:
    """Every context ``node`` (a parsed JSON-LD document) names by reference, at any depth:
    a string ``@context`` (alone or in a list) or an ``@import``."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            for key, value in item.items():
                if key == "@import" and isinstance(value, str):
                    yield value
                elif key == "@context":
                    for context in value if isinstance(value, list) else [value]:
                        if isinstance(context, str):
                            yield context
                        else:
                            stack.append(context)
                else:
                    stack.append(value)


def read_jsonld(path: Path) -> rdflib.Graph:
    """The graph of the JSON-LD file at ``path``; :class:`InputError` if it is not JSON or
    names a remote context (never fetched)."""
    try:
        text = path.read_text(encoding="utf-8")
        document = json.loads(text)
    except (OSError, ValueError, RecursionError) as error:
        raise InputError(path, f"not readable JSON-LD: {error}") from None
    for reference in remote_contexts(document):
        raise InputError(path, f"JSON-LD that refers to the context {reference!r}: budgetld "
                               "never fetches a context from elsewhere; embed it")
    import rdflib  # loaded only to read JSON-LD back

    graph = rdflib.Graph()
    graph.parse(data=text, format="json-ld")
    return graph
