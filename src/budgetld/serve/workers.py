"""Queries from the SPARQL endpoint run in worker processes, so that one running past its
time limit can be stopped for good: Oxigraph cannot interrupt a query, but the process
answering it can be killed (and a fresh one started in its place).

A worker is ``python -m budgetld.serve.worker STORE``; it reads requests (:class:`Request`)
from its stdin and writes results to its stdout, each a length-prefixed pickle.
"""

from __future__ import annotations

import asyncio
import pickle
import select
import struct
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from ..store.backend import Dataset
from ..store.results import Ask, Graph, Select, Served, Solutions, Term

_HEADER = struct.Struct(">Q")


class QueryTimeout(Exception):
    def __init__(self, seconds: float) -> None:
        super().__init__(f"the query was stopped: it ran longer than the {seconds:g} s limit")


@dataclass(frozen=True)
class Request:
    """A query for a worker: its text, the result-size limit, and the protocol dataset."""

    text: str
    limit: int | None
    dataset: Dataset | None


@dataclass(frozen=True)
class Failure:
    """What a worker sends back instead of a result: the exception's kind and message."""

    kind: str
    message: str


def _send(stream: IO[bytes], value: object) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def _receive(stream: IO[bytes]) -> object:
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        raise EOFError
    (size,) = _HEADER.unpack(header)
    return pickle.loads(stream.read(size))


def _shared(answer: Served | Failure) -> Served | Failure:
    """A SELECT result with its equal terms made one object, so that pickle writes each
    distinct term once: a corpus query's rows repeat their units, years and codes, and each
    term pickled costs a few microseconds."""
    if not isinstance(answer, Select):
        return answer
    terms: dict[Term, Term] = {}
    return Select(answer.variables, [[None if term is None else terms.setdefault(term, term) for term in row]
                                     for row in answer.rows])


def main(directory: str) -> None:
    """A worker's loop: open the store's current generation (again whenever a load made a
    new one) and answer each request."""
    from ..store import Embedded, QueryError, TooManyResults
    from ..store.generations import current, open_read_only

    requests, answers = sys.stdin.buffer, sys.stdout.buffer
    opened, backend = None, None
    _send(answers, "ready")  # imported: a query's time limit starts from here
    while True:
        try:
            request = _receive(requests)
        except EOFError:
            return
        assert isinstance(request, Request)
        try:
            live = current(Path(directory))
            if backend is None or live != opened:
                opened, backend = live, Embedded(open_read_only(Path(directory)))
            answer: Served | Failure = backend.served(request.text, request.limit, request.dataset)
        except (QueryError, TooManyResults) as error:
            answer = Failure(type(error).__name__, str(error))
        except Exception as error:  # noqa: BLE001 - reported to the client, the worker lives on
            answer = Failure("QueryError", f"{type(error).__name__}: {error}")
        _send(answers, _shared(answer))


class _Worker:
    def __init__(self, directory: Path) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", "budgetld.serve.worker", str(directory)],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE)

        self.started = False

    def ask(self, request: Request, timeout: float) -> Served | Failure:
        assert self.process.stdin is not None and self.process.stdout is not None
        if not self.started:  # wait until it is ready, so its start-up is not the query's time
            if _receive(self.process.stdout) != "ready":
                raise EOFError("the query worker did not start")
            self.started = True
        _send(self.process.stdin, request)
        ready, _, _ = select.select([self.process.stdout], [], [], timeout)
        if not ready:
            raise QueryTimeout(timeout)
        answer = _receive(self.process.stdout)
        assert isinstance(answer, Select | Ask | Graph | Solutions | Failure)
        return answer

    def stop(self) -> None:
        self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                stream.close()


class QueryPool:
    """``size`` worker processes over the store in ``directory``; each query gets one."""

    def __init__(self, directory: Path, size: int) -> None:
        self.directory = directory
        self.idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self.workers = [_Worker(directory) for _ in range(size)]
        for worker in self.workers:
            self.idle.put_nowait(worker)

    async def run(self, text: str, limit: int, timeout: float,
                  dataset: Dataset | None = None) -> Served | Failure:
        worker = await self.idle.get()
        try:
            return await asyncio.to_thread(worker.ask, Request(text, limit, dataset), timeout)
        except BaseException:
            worker.stop()  # stopped mid-query, or its pipe broke: replace it
            self.workers.remove(worker)
            worker = _Worker(self.directory)
            self.workers.append(worker)
            raise
        finally:
            self.idle.put_nowait(worker)

    def close(self) -> None:
        for worker in self.workers:
            worker.stop()
