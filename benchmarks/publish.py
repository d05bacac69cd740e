"""Publish throughput on a corpus of generated variants of the bundled samples: a fresh
publish, a republish of the unchanged corpus (skipped by the build records), peak memory per
worker, and the time to write and check the catalog.

Run: python benchmarks/publish.py [--count N] [--jobs J] [--catalog]   (default 1000 and 2)
Targets (issue 11): 1,000 disclosures with 2 jobs in ≤ 60 s, the unchanged republish ≤ 10 s.

Each variant is a sample with its unit renamed (so every variant is a bundle of its own) and,
for every other one, its amounts' last digits changed, so that no two bundles are alike.
Peak memory is the largest resident set of the parent and of any worker process; CPU is that of
the parent and the workers together (their start-up included), per disclosure.
"""

from __future__ import annotations

import argparse
import re
import resource
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = [ROOT / "tests/data/lvliang-employment-center-2024.txt",
           ROOT / "tests/data/shanghai-putuo-chengguan-2026.txt"]
_DIGITS = "零一二三四五六七八九"
_AMOUNT = re.compile(r"(\d+\.\d)(\d)\b")


def _numeral(n: int) -> str:
    return "".join(_DIGITS[int(d)] for d in str(n))


def make_corpus(folder: Path, count: int) -> list[Path]:
    from budgetld.parse import parse_file

    units = {path: parse_file(path).meta.unit.name for path in SAMPLES}
    paths = []
    for i in range(count):
        sample = SAMPLES[i % len(SAMPLES)]
        text = sample.read_text(encoding="utf-8")
        unit = units[sample]
        text = text.replace(unit, f"{unit[:-2]}第{_numeral(i)}{unit[-2:]}")
        if i % 4 >= 2:  # other amounts: the arithmetic rules then find violations, as in life
            text = _AMOUNT.sub(lambda m: m.group(1) + str((int(m.group(2)) + 1) % 10), text)
        path = folder / f"{i:04d}-{sample.name}"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def _cpu() -> float:
    """CPU seconds of this process and of its ended children (the workers, once a publish ends)."""
    return sum(resource.getrusage(who).ru_utime + resource.getrusage(who).ru_stime
               for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))


def run(inputs: list[Path], out: Path, jobs: int) -> tuple[float, dict[str, int]]:
    from budgetld.publish import BundleOptions, publish
    from budgetld.rdf import DEFAULT_BASE

    start = time.perf_counter()
    outcomes = publish(inputs, out, BundleOptions(base=DEFAULT_BASE), created="2026-01-01T00:00:00Z",
                       jobs=jobs, allow_invalid=True)
    seconds = time.perf_counter() - start
    statuses: dict[str, int] = {}
    for o in outcomes:
        statuses[o.status] = statuses.get(o.status, 0) + 1
    return seconds, statuses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="disclosures generated")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes")
    parser.add_argument("--catalog", action="store_true", help="also write and check the catalog")
    args = parser.parse_args()
    count, jobs = args.count, args.jobs
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        (folder / "in").mkdir()
        inputs = make_corpus(folder / "in", count)
        out = folder / "out"
        print(f"corpus: {count} disclosures generated from {len(SAMPLES)} samples; {jobs} job(s)")
        before = _cpu()
        seconds, statuses = run(inputs, out, jobs)
        print(f"publish: {seconds:.1f} s, {count / seconds:.1f} disclosures/s "
              f"({', '.join(f'{k} {v}' for k, v in sorted(statuses.items()))}); "
              f"CPU {1000 * (_cpu() - before) / count:.0f} ms per disclosure, all processes")
        seconds, statuses = run(inputs, out, jobs)
        print(f"republish unchanged: {seconds:.1f} s "
              f"({', '.join(f'{k} {v}' for k, v in sorted(statuses.items()))})")
        if args.catalog:
            from budgetld.publish import CatalogOptions, write_catalog
            from budgetld.validate.catalog import validate_catalog

            start = time.perf_counter()
            pages = write_catalog(out, CatalogOptions(
                base_url="https://example.org/budget/", iri="https://example.org/budget/catalog"))
            written = time.perf_counter() - start
            start = time.perf_counter()
            findings = sum(len(validate_catalog(page)) for page in pages if page.suffix == ".ttl")
            checked = time.perf_counter() - start
            size = sum(p.stat().st_size for p in pages if p.suffix == ".ttl")
            print(f"catalog of {count} bundles: written in {written:.1f} s ({size / 1e6:.1f} MB "
                  f"Turtle), DCAT-AP check {checked:.1f} s, {findings} violation(s)")
    parent = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory (resident): parent {parent:.0f} MB, largest worker {children:.0f} MB")


if __name__ == "__main__":
    main()
