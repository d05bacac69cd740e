"""Whole-process time of the commands a user runs most: ``budgetld --help``, ``budgetld parse``
and ``budgetld validate`` on the bundled samples.

Run: python benchmarks/startup.py [--runs N]

Each command runs N times (default 9) as a fresh process of the installed ``budgetld`` entry
point, its output thrown away, after one unmeasured run (which writes the bytecode caches a
user's installation has). Prints the median, lowest and highest wall-clock time and the
median CPU time (user + system) of the process. The target: ``validate`` ≤ 0.5 s per sample.
CPU time is shown because the machine may be shared: wall time then includes waiting.
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


def measure(args: list[str], runs: int) -> tuple[float, float, float, float]:
    """Median wall, lowest wall, highest wall, median CPU seconds over ``runs`` processes."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    run_once(args, env)  # bytecode caches, as an installation has them
    times = [run_once(args, env) for _ in range(runs)]
    walls = [w for w, _ in times]
    return statistics.median(walls), min(walls), max(walls), statistics.median(c for _, c in times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="measured processes per command")
    args = parser.parse_args()
    budgetld = command()
    cases = [("--help", ["--help"])]
    cases += [(f"parse {p.name}", ["parse", str(p)]) for p in SAMPLES]
    cases += [(f"validate {p.name}", ["validate", str(p)]) for p in SAMPLES]
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs; "
          f"{args.runs} processes per command; seconds")
    print(f"  {'command':<54}{'wall median':>12}{'min':>8}{'max':>8}{'cpu median':>12}")
    for label, extra in cases:
        median, low, high, cpu = measure([*budgetld, *extra], args.runs)
        print(f"  {label:<54}{median:>12.3f}{low:>8.3f}{high:>8.3f}{cpu:>12.3f}")


if __name__ == "__main__":
    main()
