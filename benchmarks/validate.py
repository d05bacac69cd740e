"""Validation time per disclosure, and what dominates it.

Run: python benchmarks/validate.py [FILE ...]   (default: the bundled samples)

Prints, per file, the median over repeated runs of each step (parse, RDF build, validation
with budgetld's own executor, the same with pySHACL, the reference engine), the first (cold)
run in a fresh process, and the costliest rules of budgetld's executor, with what
parsing and planning each query costs.
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


def rule_costs(path: Path) -> list[tuple[str, float, float]]:
    """Every rule's CPU time, costliest first, each query run alone on the loaded disclosure (the
    least of 5 runs), beside the same query on an empty store: what parsing and planning it
    cost, whatever the data (pyoxigraph keeps no prepared query, so every run pays it)."""
    import pyoxigraph as ox

    from budgetld.defaults import DEFAULT_BASE, TOLERANCE
    from budgetld.parse import parse_file
    from budgetld.rdf import build_triples
    from budgetld.validate.engine import codelist, disclosure_node, reference_names, tolerance_triple
    from budgetld.validate.rules import rules, select

    triples = build_triples(parse_file(path), DEFAULT_BASE)
    node, year = disclosure_node(triples)
    assert node is not None
    loaded, empty = ox.Store(), ox.Store()
    loaded.extend([quad for name in reference_names(year) for quad in codelist(name)])
    loaded.extend([*triples, tolerance_triple(node, TOLERANCE)])

    def cpu(store: ox.Store, query: str) -> float:
        runs = []
        for _ in range(5):
            t = time.process_time()
            list(select(store, query, bindings={"this": node}))
            runs.append(time.process_time() - t)
        return min(runs)

    timing = [(rule.id, cpu(loaded, rule.query), cpu(empty, rule.query)) for rule in rules()]
    return sorted(timing, key=lambda x: -x[1])


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
        costs = rule_costs(path)
        print("  rules (CPU, each query alone on one thread; of it, parsing and planning):")
        print(f"    {'all ' + str(len(costs)):<10} {sum(c[1] for c in costs) * 1000:8.2f} ms  "
              f"{sum(c[2] for c in costs) * 1000:6.2f} ms")
        for rule, seconds, planning in costs[:10]:
            print(f"    {rule:<10} {seconds * 1000:8.2f} ms  {planning * 1000:6.2f} ms")


if __name__ == "__main__":
    main([Path(p) for p in sys.argv[1:]] or SAMPLES)
