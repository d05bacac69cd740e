"""The store at corpus scale: load time, size on disk, and the median latency of every named
research query, embedded and through ``budgetld serve``'s SPARQL endpoint.

Generates N disclosures from the two published examples (tests/corpus.py: other units and
years, amounts scaled), loads them into a fresh store with ``budgetld load``'s code, then
runs each query R times. Targets: 1,000 disclosures loaded in ≤ 90 s, each named query
≤ 300 ms.

Run: python benchmarks/store.py [--count N] [--runs R] [--work DIR [--reuse]] [--jobs J]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from store_corpus import LVLIANG_BUNDLE, SHANGHAI_BUNDLE, make_variant  # noqa: E402


def generate(count: int, out: Path) -> list[Path]:
    """``count`` bundles: units of both examples, three years each, amounts ×1..3."""
    bundles = []
    for n in range(count):
        unit, year = divmod(n, 3)
        sample = (LVLIANG_BUNDLE, SHANGHAI_BUNDLE)[unit % 2]
        bundles.append(make_variant(sample, out, year=2024 + year, unit_slug=f"bench-{unit}",
                                    unit_name=f"基准测试单位{unit}", factor=year + 1))
    return bundles


def size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def _cpu_seconds() -> float:
    """CPU time of this process and its finished children (the load's workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def median_ms(run, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def load_store(corpus: Path, store_dir: Path, count: int, jobs: int) -> None:
    """Generate the corpus (unless it is there) and load it into a fresh store; print the figures."""
    from budgetld.store import load, open_read_only
    from budgetld.store.generations import current

    shutil.rmtree(store_dir, ignore_errors=True)
    started = time.perf_counter()
    bundles = generate(count, corpus) if not corpus.is_dir() else \
        sorted(p.parent for p in corpus.rglob("disclosure.ttl"))[:count]
    print(f"corpus: {len(bundles)} disclosures generated in {time.perf_counter() - started:.1f} s")

    started, cpu = time.perf_counter(), _cpu_seconds()
    load(store_dir, bundles, jobs=jobs)
    seconds, cpu = time.perf_counter() - started, _cpu_seconds() - cpu
    store = open_read_only(store_dir)
    triples = int(next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")))[0].value)
    summary = int(next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
                                        'FILTER(STRENDS(STR(?g), "/summary")) }')))[0].value)
    print(f"load ({jobs} jobs): {seconds:.1f} s ({cpu:.0f} s of CPU in all processes) for "
          f"{triples:,} triples, {summary:,} of them summaries ({triples / seconds:,.0f} triples/s); "
          f"store on disk: {size(current(store_dir)) / 2**20:,.0f} MiB", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", type=Path, default=None, help="keep the corpus and store here")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="processes reading bundles during the load")
    parser.add_argument("--reuse", action="store_true",
                        help="time the queries on the store an earlier run left in --work")
    args = parser.parse_args()

    from budgetld.store import Embedded, named_queries, open_read_only
    from budgetld.store.generations import current

    work = args.work or Path(tempfile.mkdtemp(prefix="budgetld-bench-"))
    corpus, store_dir = work / "bundles", work / "store"
    if not (args.reuse and current(store_dir)):
        load_store(corpus, store_dir, args.count, args.jobs)
    store = open_read_only(store_dir)
    queries = named_queries()
    embedded = Embedded(store)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "budgetld", "serve", "--store", str(store_dir),
                               "--port", str(port), "--timeout", "120", "--max-results", "1000000",
                               "--workers", "1"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import httpx

    url = f"http://127.0.0.1:{port}/sparql"
    try:
        for _ in range(600):
            try:
                httpx.get(url, timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        print(f"{'query':34} {'rows':>7} {'embedded ms':>12} {'server ms':>10}")
        for name, query in queries.items():
            rows = len(embedded.query(query.text).rows)
            text = query.text
            local = median_ms(lambda text=text: embedded.query(text), args.runs)
            httpx.post(url, data={"query": text}, timeout=300)  # the worker's first time
            served = median_ms(lambda text=text: httpx.post(url, data={"query": text}, timeout=300)
                               .raise_for_status(), args.runs)
            print(f"{name:34} {rows:>7} {local:>12.0f} {served:>10.0f}", flush=True)
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
