"""Whole-process time of the commands a user runs most: ``budgetld --help``, ``budgetld parse``
and ``budgetld validate`` on the bundled samples.

Run: python benchmarks/startup.py [--runs N] [--baseline CHECKOUT]

Each command runs N times (default 9) as a fresh process of the installed ``budgetld`` entry
point, its output thrown away, after one unmeasured run (which writes the bytecode caches a
user's installation has). Prints the median, lowest and highest wall-clock time and the
median CPU time (user + system) of the process. With ``--baseline``, the same commands of
another checkout of budgetld (its ``src/`` run with this interpreter, e.g. an export of an
earlier commit) run in turn with these, so that both meet the same load; their figures are
printed beside. The target: ``validate`` ≤ 0.5 s per sample. CPU time is shown because the
machine may be shared: wall time then includes waiting.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = [ROOT / "tests/data/lvliang-employment-center-2024.txt",
           ROOT / "tests/data/shanghai-putuo-chengguan-2026.txt"]
#: Per case: (wall, cpu) seconds of each process.
Times = list[tuple[float, float]]


def command() -> list[str]:
    """The ``budgetld`` entry point beside this interpreter, else ``python -m budgetld``."""
    script = Path(sys.executable).with_name("budgetld")
    found = str(script) if script.exists() else shutil.which("budgetld")
    return [found] if found else [sys.executable, "-m", "budgetld"]


def run_once(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall, cpu) seconds of one process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = time.perf_counter()
    subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
    wall = time.perf_counter() - wall
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure(programs: list[tuple[list[str], dict[str, str]]], runs: int) -> list[Times]:
    """The times of each program, run in turn ``runs`` times after one unmeasured run each."""
    for args, env in programs:
        run_once(args, env)  # bytecode caches, as an installation has them
    times: list[Times] = [[] for _ in programs]
    for _ in range(runs):
        for kept, (args, env) in zip(times, programs):
            kept.append(run_once(args, env))
    return times


def figures(times: Times) -> str:
    walls = [w for w, _ in times]
    return (f"{statistics.median(walls):>12.3f}{min(walls):>8.3f}{max(walls):>8.3f}"
            f"{statistics.median(c for _, c in times):>12.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="measured processes per command")
    parser.add_argument("--baseline", type=Path, help="another checkout of budgetld to compare with")
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    programs = [("", command(), env)]
    if args.baseline is not None:
        programs.append(("baseline ", [sys.executable, "-m", "budgetld"],
                         {**env, "PYTHONPATH": str(args.baseline.resolve() / "src")}))
    cases = [("--help", ["--help"])]
    cases += [(f"parse {p.name}", ["parse", str(p)]) for p in SAMPLES]
    cases += [(f"validate {p.name}", ["validate", str(p)]) for p in SAMPLES]
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs; "
          f"{args.runs} processes per command; seconds")
    print(f"  {'command':<63}{'wall median':>12}{'min':>8}{'max':>8}{'cpu median':>12}")
    for label, extra in cases:
        times = measure([([*program, *extra], program_env) for _, program, program_env in programs],
                        args.runs)
        for (prefix, _, _), kept in zip(programs, times):
            print(f"  {prefix + label:<63}{figures(kept)}")


if __name__ == "__main__":
    main()
