"""Load published bundles into the store: each disclosure in its own graph, replaced whole.

Bundles are found by their ``disclosure.ttl``; what a bundle is about is read from that file
(its ``bld:BudgetDisclosure``), so a bundle can be loaded from wherever it was copied.

Each bundle is read on its own (in worker processes with ``jobs`` > 1): its Turtle parsed,
its summary computed (:mod:`.summary`), and its graphs — disclosure, validation report,
summary — written out as N-Quads. The parent streams those N-Quads, in bundle order, into
one run of Oxigraph's bulk loader, writing a new store generation (:mod:`.generations`)
that becomes the store only once all of it is in, compacted: reloading a bundle replaces its graphs,
and a load that fails, or is killed, leaves the store as it was.
"""

from __future__ import annotations

import hashlib
import io
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError
from ..rdf.vocab import BLD, A
from .generations import next_generation
from .layout import reference_files, summary_graph, validation_graph
from .summary import summarize

#: What the store remembers of its reference graphs (beside the generation it describes).
_REFERENCE_STAMP = "reference.sha256"


@dataclass(frozen=True)
class LoadedBundle:
    path: Path
    disclosure: str
    replaced: bool


def find_bundles(paths: Iterable[Path]) -> list[Path]:
    """The bundle folders among ``paths``: bundles themselves, or folders holding bundles
    (searched recursively), in a stable order."""
    found: list[Path] = []
    for path in paths:
        if (path / "disclosure.ttl").is_file():
            found.append(path)
        elif path.is_dir():
            found += sorted(p.parent for p in path.rglob("disclosure.ttl"))
        else:
            raise InputError(path, "not a bundle or a folder of bundles")
    if not found:
        raise InputError(", ".join(map(str, paths)), "no bundles (folders with a disclosure.ttl) here")
    return list(dict.fromkeys(found))


def _unreadable(path: Path, error: Exception) -> InputError:
    return InputError(path, f"not readable RDF: {' '.join(str(error).split())}")


def disclosure_of(bundle: Path) -> str:
    """The IRI of the disclosure a bundle publishes (read up to its ``rdf:type``)."""
    source = bundle / "disclosure.ttl"
    try:
        for triple in ox.parse(path=str(source), format=ox.RdfFormat.TURTLE):
            if triple.predicate == A and triple.object == BLD.BudgetDisclosure and \
                    isinstance(triple.subject, ox.NamedNode):
                return triple.subject.value
    except (OSError, SyntaxError) as error:
        raise _unreadable(source, error) from None
    raise InputError(source, "not a bundle: no bld:BudgetDisclosure in it")


def _read(data: ox.Store, path: Path, graph: str) -> None:
    try:
        data.load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(graph))
    except (OSError, SyntaxError) as error:
        raise _unreadable(path, error) from None


def bundle_quads(bundle: Path, disclosure: str) -> ox.Store:
    """A bundle's graphs, in memory: the disclosure, its validation report (when the bundle
    has one) and the summary computed from both."""
    data = ox.Store()
    _read(data, bundle / "disclosure.ttl", disclosure)
    report = bundle / "validation.ttl"
    if report.is_file():
        _read(data, report, validation_graph(disclosure))
    summary = ox.NamedNode(summary_graph(disclosure))
    data.extend(ox.Quad(t.subject, t.predicate, t.object, summary) for t in summarize(data))
    return data


def _nquads(bundle: Path, disclosure: str) -> bytes | InputError:
    """The bundle's graphs as N-Quads, or why they cannot be read (a worker's answer)."""
    try:
        data = bundle_quads(bundle, disclosure)
    except InputError as error:
        return error
    out = io.BytesIO()
    data.dump(out, format=ox.RdfFormat.N_QUADS)
    return out.getvalue()


def _reference_nquads() -> bytes:
    out = io.BytesIO()
    for graph, path in reference_files():
        data = ox.Store()
        _read(data, path, graph)
        data.dump(out, format=ox.RdfFormat.N_QUADS)
    return out.getvalue()


def _reference_digest() -> str:
    digest = hashlib.sha256()
    for graph, path in reference_files():
        digest.update(f"{graph}\n{path.name}\n".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _end_with_parent() -> None:
    """In a worker: end when the load that started it is gone (killed), not linger."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _converted(bundles: dict[str, Path], jobs: int) -> Iterator[tuple[str, bytes | InputError]]:
    """(disclosure, N-Quads or error) of each bundle, in order; with ``jobs`` > 1 read by
    that many worker processes, a few bundles ahead of the loader."""
    if jobs <= 1 or len(bundles) <= 1:
        for iri, bundle in bundles.items():
            yield iri, _nquads(bundle, iri)
        return
    # spawn, not fork: the parent holds pyoxigraph's threads
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_end_with_parent) as pool:
        ahead: deque[tuple[str, Future[bytes | InputError]]] = deque()
        for iri, bundle in bundles.items():
            ahead.append((iri, pool.submit(_nquads, bundle, iri)))
            if len(ahead) > 2 * jobs:
                done, future = ahead.popleft()
                yield done, future.result()
        while ahead:
            done, future = ahead.popleft()
            yield done, future.result()


class _Stream(io.RawIOBase):
    """The N-Quads of every part, read one after the other by the bulk loader; the first
    part that could not be read ends the stream, and is kept in ``error``."""

    def __init__(self, parts: Iterator[bytes | InputError]) -> None:
        self.parts = parts
        self.buffer = memoryview(b"")
        self.error: InputError | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, target: memoryview) -> int:  # type: ignore[override]
        while not self.buffer and self.error is None:
            part = next(self.parts, None)
            if part is None:
                return 0
            if isinstance(part, InputError):
                self.error = part
                return 0
            self.buffer = memoryview(part)
        n = min(len(target), len(self.buffer))
        target[:n] = self.buffer[:n]
        self.buffer = self.buffer[n:]
        return n


def load(directory: Path, bundles: list[Path],
         progress: Callable[[LoadedBundle], None] = lambda _: None, jobs: int = 1) -> list[LoadedBundle]:
    """Load ``bundles`` (and, when they changed, the ontology and code lists) into the store
    in ``directory``, replacing the graphs of disclosures already there; ``jobs`` worker
    processes read the bundles."""
    disclosures: dict[str, Path] = {}
    for bundle in bundles:
        iri = disclosure_of(bundle)
        if iri in disclosures:
            raise InputError(bundle, f"publishes the same disclosure as {disclosures[iri]} ({iri})")
        disclosures[iri] = bundle
    digest = _reference_digest()
    stamp = directory / _REFERENCE_STAMP
    loaded: list[LoadedBundle] = []
    with next_generation(directory) as store:
        reference = not stamp.is_file() or stamp.read_text() != digest
        graphs = [ox.NamedNode(g) for g, _ in reference_files()] if reference else []
        for iri in disclosures:
            graphs += [ox.NamedNode(g) for g in (iri, validation_graph(iri), summary_graph(iri))]
        existing = {g for g in graphs if store.contains_named_graph(g)}
        for graph in existing:
            store.remove_graph(graph)

        def parts() -> Iterator[bytes | InputError]:
            if reference:
                yield _reference_nquads()
            for iri, part in _converted(disclosures, jobs):
                yield part
                if not isinstance(part, InputError):
                    done = LoadedBundle(disclosures[iri], iri, ox.NamedNode(iri) in existing)
                    loaded.append(done)
                    progress(done)

        stream = _Stream(parts())
        try:
            # lenient: the N-Quads were written by Oxigraph from RDF it parsed and checked
            # (the IRIs' syntax need not be checked twice; a fifth of the load's parsing)
            store.bulk_load(io.BufferedReader(stream, 1 << 20), format=ox.RdfFormat.N_QUADS,
                            lenient=True)
            if stream.error is None:
                # The bulk loader adds sorted files that each span the whole key range, so a
                # lookup reads every one; compacted, it reads one per level: the corpus
                # queries' joins and term decoding become several times faster.
                store.optimize()
        except OSError as error:
            raise InputError(directory, f"cannot write the store: {error}") from None
        if stream.error is not None:
            raise stream.error
    stamp.write_text(digest)
    return loaded
