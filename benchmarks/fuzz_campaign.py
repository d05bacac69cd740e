"""A long fuzzing campaign: mutated samples of every form through the whole pipeline.

    python benchmarks/fuzz_campaign.py --minutes 30 [--seed 1] [--out DIR]

Each case picks a physical form (text, PDF, Word, Excel, Excel 97-2003), a sample of it, one
to four mutations of ``tests/mutations.py`` and a seed, writes the mutated file and runs it
through reading, parsing, RDF, validation and packaging. A case passes when it ends in a
model or in one :class:`InputError` line, within :data:`CASE_SECONDS` and with the process's
peak memory under :data:`MEMORY_BOUND`. A failing case's input and traceback are saved under
``--out``; a case is replayed with ``--replay FILE``. Prints cases run, outcomes and failures
by kind. Seeded: the same seed runs the same cases.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
import traceback
import warnings
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from mutations import MUTATIONS, mutate, run_pipeline, samples, time_limit  # noqa: E402

#: Seconds one case may take before it counts as a hang.
CASE_SECONDS = 60
#: Peak memory of the campaign process above which a case counts as runaway memory.
MEMORY_BOUND = 2 << 30
#: Share of cases that also build the bundle (RDF, validation, packaging): they take ~1 s.
BUNDLE_SHARE = 0.3


def _peak() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def run_case(path: Path, bundle: bool) -> tuple[str, str | None]:
    """(outcome, failure kind or None) of one case."""
    try:
        with time_limit(CASE_SECONDS):
            outcome = run_pipeline(path, bundle)
    except TimeoutError:
        return "hang", "hang"
    except MemoryError:
        return "memory", "memory"
    except Exception as error:  # noqa: BLE001 - any other exception is what the campaign looks for
        where = traceback.extract_tb(error.__traceback__)[-1]
        return "exception", f"{type(error).__name__} at {Path(where.filename).name}:{where.lineno}"
    if _peak() > MEMORY_BOUND:
        return "memory", "memory"
    return ("model" if outcome == "model" else "input error"), None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=Path("fuzz-failures"))
    parser.add_argument("--replay", type=Path, help="run one saved input and show its traceback")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    if args.replay:
        print(run_pipeline(args.replay, bundle=True))
        return
    pool = samples()
    rng = random.Random(args.seed)
    work = args.out / "work"
    work.mkdir(parents=True, exist_ok=True)
    outcomes: Counter[str] = Counter()
    failures: Counter[str] = Counter()
    by_form: Counter[str] = Counter()
    start = time.monotonic()
    end = start + args.minutes * 60
    cases = 0
    while time.monotonic() < end:
        form = rng.choice(list(pool))
        name, data = rng.choice(pool[form])
        chosen = [rng.choice(MUTATIONS[form]) for _ in range(rng.randint(1, 4))]
        seed = rng.randrange(2**32)
        path = work / name
        path.write_bytes(mutate(data, chosen, seed))
        bundle = rng.random() < BUNDLE_SHARE
        outcome, failure = run_case(path, bundle)
        cases += 1
        by_form[form] += 1
        outcomes[outcome] += 1
        if failure:
            failures[failure] += 1
            if failures[failure] <= 3:  # keep a few inputs of each kind to replay
                kept = args.out / f"{failure.replace(' ', '_').replace(':', '_')}-{failures[failure]}-{name}"
                kept.write_bytes(path.read_bytes())
                print(f"FAIL {failure}: {form} {name} "
                      f"{'+'.join(m.__name__ for m in chosen)} seed {seed} → {kept}", flush=True)
        if cases % 200 == 0:
            print(f"{(time.monotonic() - start) / 60:.1f} min, {cases} cases, "
                  f"{sum(failures.values())} failures", flush=True)
    minutes = (time.monotonic() - start) / 60
    print(f"\nfuzz campaign: {minutes:.1f} minutes, {cases} cases "
          f"({', '.join(f'{form} {n}' for form, n in sorted(by_form.items()))})")
    print(f"outcomes: {', '.join(f'{k} {v}' for k, v in outcomes.most_common())}")
    print(f"peak memory: {_peak() >> 20} MB")
    print(f"failures: {sum(failures.values())}")
    for kind, count in failures.most_common():
        print(f"  {count:5d}  {kind}")


if __name__ == "__main__":
    main()
