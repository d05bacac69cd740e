"""Load test of ``budgetld serve``: a bounded number of concurrent clients on loopback for a
bounded time, asking for a mix of pages, RDF, downloads and SPARQL (and a few requests the
server must refuse), to show that it keeps answering and that its memory stays flat.

Starts the server on a free port over a store (``--store``; by default the published
examples, loaded into a temporary store), warms it up, then runs ``--clients`` clients for
``--seconds``. Prints requests per second, latency percentiles, the count of errors (a
status of 500 or more, a refused request answered otherwise, or no answer at all), and the
resident memory of the server and its query workers at the start and at the end.

Run: python benchmarks/serve_load.py [--store DIR --bundles DIR] [--clients 16] [--seconds 30]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
SELECT_TITLES = ("SELECT ?d ?title WHERE { ?d a <https://w3id.org/budgetld/def#BudgetDisclosure> ; "
                 "<http://purl.org/dc/terms/title> ?title } ORDER BY ?title LIMIT 50")


@dataclass(frozen=True)
class Ask:
    """One kind of request, and the status a correct server answers it with."""

    method: str
    path: str
    status: int
    params: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    data: dict[str, str] | None = None


def rss_kib(pid: int) -> int:
    """Resident memory of ``pid`` and its children (the query workers), in KiB."""
    total = 0
    for process in [pid, *_children(pid)]:
        try:
            for line in Path(f"/proc/{process}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def mix(url: str) -> list[Ask]:
    """The requests of the test, made from what the store holds."""
    found = httpx.get(f"{url}/sparql", params={"query": SELECT_TITLES}, timeout=60).json()
    disclosures = [b["d"]["value"].removeprefix("https://w3id.org/budgetld/")
                   for b in found["results"]["bindings"]][:20]
    if not disclosures:
        raise SystemExit("the store holds no disclosures")
    html = {"Accept": "text/html"}
    asks = [Ask("GET", "/", 200), Ask("GET", "/", 200, {"q": "2024"}), Ask("GET", "/void", 200),
            Ask("GET", "/sparql", 200, {"query": SELECT_TITLES}),
            Ask("POST", "/sparql", 200, data={"query": SELECT_TITLES},
                headers={"Accept": "text/csv"}),
            Ask("GET", "/sparql", 400, {"query": "SELECT * { SERVICE <http://x/> { ?s ?p ?o } }"}),
            Ask("POST", "/sparql", 403, data={"update": "CLEAR ALL"}),
            Ask("GET", "/bundles/../../etc/passwd", 404), Ask("GET", "/data/nowhere", 404)]
    for path in disclosures:
        asks += [Ask("GET", f"/{path}", 200, headers=html), Ask("GET", f"/{path}", 200, {"format": "turtle"}),
                 Ask("GET", f"/{path}/table/general-budget-expenditure", 200, headers=html),
                 Ask("GET", "/" + path.rsplit("/", 1)[0], 200, headers=html)]
    return asks


async def client(url: str, asks: list[Ask], until: float, seed: int,
                 latencies: list[float], errors: list[str]) -> None:
    chooser = random.Random(seed)
    async with httpx.AsyncClient(base_url=url, timeout=60) as http:
        while time.monotonic() < until:
            ask = chooser.choice(asks)
            started = time.perf_counter()
            try:
                response = await http.request(ask.method, ask.path, params=ask.params,
                                              headers=ask.headers, data=ask.data)
                status = response.status_code
            except httpx.HTTPError as error:
                errors.append(f"{ask.path}: {type(error).__name__}")
                continue
            latencies.append(time.perf_counter() - started)
            if status != ask.status:
                errors.append(f"{ask.method} {ask.path}: {status}, not {ask.status}")


def percentile(values: list[float], share: float) -> float:
    return statistics.quantiles(values, n=1000)[round(share * 1000) - 1] if len(values) > 1 else values[0]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="a loaded store (default: the examples)")
    parser.add_argument("--bundles", type=Path, default=ROOT / "datapackages")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=2, help="the server's query workers")
    args = parser.parse_args()

    store = args.store
    if store is None:
        store = Path(tempfile.mkdtemp(prefix="budgetld-load-")) / "store"
        subprocess.run([sys.executable, "-m", "budgetld", "load", str(args.bundles), "--store", str(store)],
                       check=True, stdout=subprocess.DEVNULL)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "budgetld", "serve", str(args.bundles), "--store",
                               str(store), "--port", str(port), "--workers", str(args.workers),
                               "--timeout", "5"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        for _ in range(600):
            try:
                httpx.get(url + "/", timeout=5)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        asks = mix(url)
        for ask in asks:  # warm up: every page once
            httpx.request(ask.method, url + ask.path, params=ask.params, headers=ask.headers,
                          data=ask.data, timeout=60)
        before = rss_kib(server.pid)
        latencies: list[float] = []
        errors: list[str] = []
        started = time.monotonic()

        async def run() -> None:
            until = started + args.seconds
            await asyncio.gather(*(client(url, asks, until, n, latencies, errors)
                                   for n in range(args.clients)))

        asyncio.run(run())
        elapsed = time.monotonic() - started
        after = rss_kib(server.pid)
    finally:
        server.terminate()
        _, stderr = server.communicate(timeout=30)
    print(f"{args.clients} clients for {elapsed:.0f} s, {len(asks)} kinds of request")
    print(f"requests: {len(latencies):,} ({len(latencies) / elapsed:,.1f}/s); errors: {len(errors)}")
    if latencies:
        print("latency ms: " + ", ".join(f"p{int(q * 100)} {percentile(latencies, q) * 1000:,.0f}"
                                         for q in (0.5, 0.9, 0.99)) + f", max {max(latencies) * 1000:,.0f}")
    print(f"server RSS (with its query workers): {before / 1024:,.0f} MiB at the start, "
          f"{after / 1024:,.0f} MiB at the end")
    for error in sorted(set(errors))[:10]:
        print("  error:", error)
    if b"Traceback" in stderr:
        print("the server logged a traceback:", stderr.decode(errors="replace")[-2000:])


if __name__ == "__main__":
    main()
