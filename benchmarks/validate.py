"""Validation time per disclosure, and what dominates it.

Run: python benchmarks/validate.py [FILE ...]   (default: the bundled samples)

Prints, per file, the median over repeated runs of each step (parse, RDF build, validation
with budgetld's own executor, the same with pySHACL, the reference engine), the first (cold)
run in a fresh process, and the slowest rules of budgetld's executor.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = [ROOT / "tests/data/lvliang-employment-center-2024.txt",
           ROOT / "tests/data/shanghai-putuo-chengguan-2026.txt"]
RUNS = 7


def steps(path: Path) -> dict[str, float]:
    from budgetld.defaults import DEFAULT_BASE, Engine
    from budgetld.parse import parse_file
    from budgetld.rdf import build_triples
    from budgetld.validate import validate_triples

    times = {}
    t = time.perf_counter()
    d = parse_file(path)
    times["parse"] = time.perf_counter() - t
    t = time.perf_counter()
    triples = build_triples(d, DEFAULT_BASE)
    times["rdf"] = time.perf_counter() - t
    for engine in Engine:
        t = time.perf_counter()
        validate_triples(path.name, triples, engine=engine)
        times[f"validate ({engine.value})"] = time.perf_counter() - t
    return times


def slowest_rules(path: Path, count: int = 5) -> list[tuple[str, float]]:
    from budgetld.defaults import DEFAULT_BASE, TOLERANCE
    from budgetld.parse import parse_file
    from budgetld.rdf import build_triples
    from budgetld.validate.engine import validator
    from budgetld.validate.rules import rules

    triples = build_triples(parse_file(path), DEFAULT_BASE)
    timing = []
    for rule in rules():
        t = time.perf_counter()
        validator().run(triples, TOLERANCE, only=[rule])
        timing.append((rule.id, time.perf_counter() - t))
    return sorted(timing, key=lambda x: -x[1])[:count]


def cold(path: Path) -> float:
    code = ("import time; t=time.perf_counter(); from budgetld.parse import parse_file; "
            f"from budgetld.validate import validate; validate(parse_file({str(path)!r})); "
            "print(time.perf_counter()-t)")
    return float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                check=True).stdout)


def main(paths: list[Path]) -> None:
    for path in paths:
        runs = [steps(path) for _ in range(RUNS)]
        print(f"{path.name}: median of {RUNS} warm runs")
        for step in runs[0]:
            print(f"  {step:<24} {statistics.median(r[step] for r in runs) * 1000:8.1f} ms")
        print(f"  {'cold (fresh process)':<24} {cold(path) * 1000:8.1f} ms")
        print("  slowest rules (budgetld executor, each run alone):")
        for rule, seconds in slowest_rules(path):
            print(f"    {rule:<10} {seconds * 1000:8.1f} ms")


if __name__ == "__main__":
    main([Path(p) for p in sys.argv[1:]] or SAMPLES)
