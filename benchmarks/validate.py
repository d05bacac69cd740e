"""Validation time per disclosure, and what dominates it.

Run: python benchmarks/validate.py [FILE ...]   (default: the bundled samples)

Prints, per file, the median over repeated runs of each step (parse, RDF build, validation
graph, pySHACL with its SPARQL rules answered by pyoxigraph, report), the first (cold) run in
a fresh process, and the slowest rules.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = [ROOT / "tests/data/lvliang-employment-center-2024.txt",
           ROOT / "tests/data/shanghai-putuo-chengguan-2026.txt"]
RUNS = 7


def steps(path: Path) -> dict[str, float]:
    import pyshacl

    from budgetld.parse import parse_file
    from budgetld.rdf import DEFAULT_BASE, build_triples
    from budgetld.validate.engine import shapes_graph, validation_graph
    from budgetld.validate.report import build_report

    times = {}
    t = time.perf_counter()
    d = parse_file(path)
    times["parse"] = time.perf_counter() - t
    t = time.perf_counter()
    triples = build_triples(d, DEFAULT_BASE)
    times["rdf"] = time.perf_counter() - t
    t = time.perf_counter()
    graph = validation_graph(triples, Decimal("0.01"))
    times["graph"] = time.perf_counter() - t
    t = time.perf_counter()
    _, report, _ = pyshacl.validate(graph, shacl_graph=shapes_graph(), inference="none",
                                    allow_warnings=True, inplace=True)
    times["pyshacl"] = time.perf_counter() - t
    t = time.perf_counter()
    build_report(path.name, report, graph)
    times["report"] = time.perf_counter() - t
    times["total"] = sum(times.values())
    return times


def slowest_rules(path: Path, count: int = 5) -> list[tuple[str, float]]:
    import rdflib

    from budgetld.parse import parse_file
    from budgetld.rdf import DEFAULT_BASE, build_triples
    from budgetld.validate.engine import BLD, SH, shapes_graph, validation_graph

    graph = validation_graph(build_triples(parse_file(path), DEFAULT_BASE), Decimal("0.01"))
    shapes = shapes_graph()
    prefixes = "".join(f"PREFIX {shapes.value(d, SH.prefix)}: <{shapes.value(d, SH.namespace)}>\n"
                       for d in shapes.objects(None, SH.declare))
    disclosure = next(graph.subjects(rdflib.RDF.type, BLD.BudgetDisclosure))
    timing = []
    for shape in shapes.subjects(BLD.ruleId, None):
        query = prefixes + str(shapes.value(shapes.value(shape, SH.sparql), SH.select))
        t = time.perf_counter()
        graph.query(query, initBindings={"this": disclosure})
        timing.append((str(shapes.value(shape, BLD.ruleId)), time.perf_counter() - t))
    return sorted(timing, key=lambda x: -x[1])[:count]


def cold(path: Path) -> float:
    code = ("import time; t=time.perf_counter(); from budgetld.parse import parse_file; "
            "from budgetld.validate import validate; validate(parse_file(%r)); "
            "print(time.perf_counter()-t)" % str(path))
    return float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                check=True).stdout)


def main() -> None:
    files = [Path(p) for p in sys.argv[1:]] or SAMPLES
    steps(files[0])  # warm the caches (shapes, code lists, layout knowledge)
    for path in files:
        runs = [steps(path) for _ in range(RUNS)]
        median = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        parts = ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in median.items() if k != "total")
        print(f"{path.name}: validate one disclosure (warm, median of {RUNS}) "
              f"{median['total'] * 1000:.0f} ms = {parts}")
        print(f"  cold (new process, incl. imports and loading shapes/code lists): "
              f"{cold(path) * 1000:.0f} ms")
        rules = ", ".join(f"{rule} {t * 1000:.0f} ms" for rule, t in slowest_rules(path))
        print(f"  slowest rules (pyoxigraph): {rules}")


if __name__ == "__main__":
    main()
