"""Instructions per disclosure, stage by stage, counted by valgrind: the same figure on an idle
or a busy machine, where time is not (on the shared 2-core machine, the same code's time per
sample varied by half within the hour). For telling whether a change made a stage cheaper.

Run: python benchmarks/instructions.py [--stages parse,rdf,validate,...] [--repeat K]
                                        [--baseline CHECKOUT]

For each stage, a child process (this script, under ``valgrind --tool=callgrind``) warms up on
both samples (every stage once), then runs the stage K more times on each; one more child
only warms up. The difference of their instruction counts, divided by 2K, is the stage's
count per sample disclosure: imports, code lists and start-up cancel out. With ``--baseline``,
another checkout's ``src/`` (e.g. an export of an earlier commit) is counted the same way and
printed beside. Children run two at a time; each takes about a minute.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from pipeline import ROOT, SAMPLES, STAGES, stage_steps  # this script's folder is on the path

_COLLECTED = re.compile(r"Collected : (\d+)")


def child(stage: str, repeat: int) -> None:
    """Warm up on both samples (every stage once), then run ``stage`` ``repeat`` times more
    on each, on the state the warm-up left."""
    prepared = []
    for path in SAMPLES:
        steps, state = stage_steps(path), {}
        for step in steps.values():
            step(state)
        prepared.append((steps[stage], state))
    for step, state in prepared:
        for _ in range(repeat):
            step(state)


def counted(source: Path, stage: str, repeat: int) -> int:
    """Instructions of one child run with ``source`` (a checkout's ``src/``) first on the path."""
    env = {**os.environ, "PYTHONPATH": str(source), "PYTHONHASHSEED": "0"}
    done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                           sys.executable, __file__, "--child", stage, str(repeat)],
                          capture_output=True, text=True, env=env, cwd=ROOT, check=False)
    found = _COLLECTED.search(done.stderr)
    if done.returncode != 0 or found is None:
        sys.exit(f"instructions.py: the child for {stage} failed: {done.stderr.strip()[-400:]}")
    return int(found.group(1))


def per_sample(source: Path, stages: list[str], repeat: int, pool: ThreadPoolExecutor) -> dict[str, float]:
    """Instructions (millions) of each stage per sample disclosure."""
    warm = pool.submit(counted, source, stages[0], 0)
    runs = {stage: pool.submit(counted, source, stage, repeat) for stage in stages}
    base = warm.result()
    return {stage: (run.result() - base) / (repeat * len(SAMPLES)) / 1e6 for stage, run in runs.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stages", default=",".join(STAGES), help="comma-separated stages")
    parser.add_argument("--repeat", type=int, default=4, help="runs of each stage per sample")
    parser.add_argument("--baseline", type=Path, help="another checkout, counted beside")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]))
        return
    stages = [s for s in args.stages.split(",") if s]
    if unknown := set(stages) - set(STAGES):
        parser.error(f"unknown stage(s) {', '.join(sorted(unknown))}; known: {', '.join(STAGES)}")
    if shutil.which("valgrind") is None:
        sys.exit("instructions.py: valgrind is not installed (Debian: apt-get install valgrind)")
    sources = {"this": ROOT / "src"}
    if args.baseline:
        sources["baseline"] = args.baseline.resolve() / "src"
    with ThreadPoolExecutor(2) as pool:
        found = {name: per_sample(source, stages, args.repeat, pool) for name, source in sources.items()}
    print(f"million instructions per sample disclosure (mean of {len(SAMPLES)} samples, "
          f"{args.repeat} runs each, after warming up)")
    print(f"  {'stage':<10}" + "".join(f"{name:>12}" for name in found)
          + ("      change" if args.baseline else ""))
    for stage in [*stages, "total"]:
        values = [sum(f.values()) if stage == "total" else f[stage] for f in found.values()]
        change = f"{(values[0] / values[1] - 1) * 100:+11.1f}%" if args.baseline and values[1] else ""
        print(f"  {stage:<10}" + "".join(f"{v:12.1f}" for v in values) + change)


if __name__ == "__main__":
    main()
