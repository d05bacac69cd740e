"""Time per disclosure, stage by stage, and how it grows with the document.

Run: python benchmarks/pipeline.py [--runs N] [--quick]

Prints, in process and warm (the first run of each document is not counted), the median
time of each stage for:

* both bundled samples;
* the Shanghai sample grown to about 2×, 4× and 8× its table rows (every coded row gets
  zero-amount siblings with new codes, so the tables still add up);
* 10 and 40 concatenated copies of each sample, beside one copy, with the ratio that the
  cost should not exceed (10 and 40).

Stages: parse (read the file and build the model), rdf (the triples), validate (budgetld's
own executor, with the reference data already loaded), turtle, jsonld, package (the CSV
files and datapackage.json) and report (validation.json, validation.ttl); the total is their
sum. pySHACL, the reference engine, runs on the same triples beside it (not in the total).
The targets: ≤ 100 ms in total per sample (validation ≤ 40 ms), and cost linear in the rows.
Both wall-clock and CPU time of this process are shown: the machine may be shared.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = [ROOT / "tests/data/lvliang-employment-center-2024.txt",
           ROOT / "tests/data/shanghai-putuo-chengguan-2026.txt"]
GROWN = SAMPLES[1]
STAGES = ("parse", "rdf", "validate", "turtle", "jsonld", "package", "report")
#: A coded row of the Shanghai text layer: 类 款 (项) codes, a name, the amounts.
_CODED_ROW = re.compile(r"^(\d{3}(?: \d{2}){1,2}) (\S+?) (-?[\d,]+(?:\.\d+)?(?: -?[\d,]+(?:\.\d+)?)*)$", re.M)


def grown(text: str, copies: int) -> str:
    """The text with ``copies`` zero-amount siblings after each coded row (codes 61, 62, …)."""
    def more(match: re.Match[str]) -> str:
        parts, label, amounts = match.group(1).split(), match.group(2), match.group(3).split()
        rows = [match.group(0)]
        for n in range(1, copies + 1):
            rows.append(" ".join([*parts[:-1], str(60 + n), f"{label}{n}", *("0" for _ in amounts)]))
        return "\n".join(rows)

    return _CODED_ROW.sub(more, text)


def concatenated(text: str, copies: int) -> str:
    """``copies`` copies of a document, one after the other (a page break between copies of
    a text layer, a blank line between those of tab-separated text)."""
    return ("\f" if "\f" in text else "\n\n").join([text] * copies)


#: What the stages leave for those after them (the model, the triples, the report …).
State = dict[str, Any]


def stage_steps(path: Path) -> dict[str, Callable[[State], None]]:
    """Each stage of one disclosure, in order, as a step on the state the stages before it
    left: run them in turn for a disclosure, or one again on a state already made."""
    from budgetld.defaults import DEFAULT_BASE, LICENSE
    from budgetld.layouts import load_knowledge
    from budgetld.package import PackageOptions, build_package
    from budgetld.parse import parse_file
    from budgetld.rdf import build_triples, serialize_triples
    from budgetld.validate import to_json, to_turtle, validate_triples

    knowledge = load_knowledge()
    options = PackageOptions(name="bench", created="2026-01-01T00:00:00Z", license_id=LICENSE)

    def validate(s: State) -> None:
        s["report"], s["dataset"] = validate_triples(path.name, s["triples"])

    steps: dict[str, Callable[[State], None]] = {
        "parse": lambda s: s.update(d=parse_file(path, knowledge)),
        "rdf": lambda s: s.update(triples=build_triples(s["d"], DEFAULT_BASE, knowledge)),
        "validate": validate,
        "turtle": lambda s: serialize_triples(s["triples"], "turtle"),
        "jsonld": lambda s: serialize_triples(s["triples"], "jsonld"),
        "package": lambda s: build_package(s["d"], options),
        "report": lambda s: (to_json(s["report"]), to_turtle(s["report"], s["dataset"])),
    }
    assert tuple(steps) == STAGES
    return steps


def stages(path: Path, reference: bool) -> dict[str, tuple[float, float]]:
    """(wall, cpu) seconds of each stage for one disclosure."""
    from budgetld.defaults import Engine
    from budgetld.validate import validate_triples

    out: dict[str, tuple[float, float]] = {}
    state: State = {}
    steps = stage_steps(path)
    if reference:
        steps["pyshacl"] = lambda s: validate_triples(path.name, s["triples"], engine=Engine.pyshacl)
    for stage, step in steps.items():
        wall, cpu = time.perf_counter(), time.process_time()
        step(state)
        out[stage] = (time.perf_counter() - wall, time.process_time() - cpu)
    return out


def medians(path: Path, runs: int, reference: bool = True) -> dict[str, tuple[float, float]]:
    stages(path, reference)  # warm: code lists, layouts, shapes, caches
    measured = [stages(path, reference) for _ in range(runs)]
    return {stage: (statistics.median(m[stage][0] for m in measured),
                    statistics.median(m[stage][1] for m in measured)) for stage in measured[0]}


def total(times: dict[str, tuple[float, float]]) -> tuple[float, float]:
    return sum(times[s][0] for s in STAGES), sum(times[s][1] for s in STAGES)


def rows_of(path: Path) -> int:
    from budgetld.parse import parse_file

    return sum(len(t.rows) for t in parse_file(path).tables)


def print_table(rows: list[tuple[str, dict[str, tuple[float, float]]]]) -> None:
    names = [*STAGES, "total", "pyshacl"]
    print(f"  {'ms (wall / cpu)':<34}" + "".join(f"{n:>15}" for n in names))
    for label, times in rows:
        times = {**times, "total": total(times)}
        cells = [f"{times[n][0] * 1000:7.1f}/{times[n][1] * 1000:<6.1f}" if n in times else f"{'-':>14}"
                 for n in names]
        print(f"  {label:<34}" + "".join(f"{c:>15}" for c in cells))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="measured runs per document (median)")
    parser.add_argument("--quick", action="store_true", help="no 40-copy documents")
    args = parser.parse_args()
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs; "
          f"median of {args.runs} warm runs")
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        print("\nsamples")
        print_table([(p.name, medians(p, args.runs)) for p in SAMPLES])

        print("\nlarger disclosures (Shanghai sample with more table rows)")
        base_rows = rows_of(GROWN)
        text = GROWN.read_text(encoding="utf-8")
        table = []
        for factor in (2, 4, 8):
            coded = len(_CODED_ROW.findall(text))
            path = folder / f"rows-x{factor}-{GROWN.name}"
            path.write_text(grown(text, round((factor - 1) * base_rows / coded)), encoding="utf-8")
            table.append((f"rows ×{rows_of(path) / base_rows:.1f} ({rows_of(path)} rows)",
                          medians(path, args.runs)))
        print_table(table)

        print("\nconcatenated copies (cost should grow at most as the copies)")
        for sample in SAMPLES:
            text = sample.read_text(encoding="utf-8")
            one = total(medians(sample, args.runs, reference=False))
            table = [("1 copy", medians(sample, args.runs, reference=False))]
            for copies in (10,) if args.quick else (10, 40):
                path = folder / f"{copies}-copies-{sample.name}"
                path.write_text(concatenated(text, copies), encoding="utf-8")
                times = medians(path, max(1, args.runs // 2), reference=False)
                wall, cpu = total(times)
                table.append((f"{copies} copies: ×{wall / one[0]:.1f} wall, ×{cpu / one[1]:.1f} cpu", times))
            print(f" {sample.name}")
            print_table(table)


if __name__ == "__main__":
    main()
