"""Publishing many inputs: collect them, make their bundles in parallel, write, summarise.

Workers (separate processes, ``--jobs``) parse, build and validate; the parent writes the
bundles one by one, so two inputs of the same unit and year cannot race for one directory:
the second is reported as failed instead of silently replacing the first.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Literal

from ..errors import InputError
from ..layouts import load_knowledge
from ..parse import parse_file
from .bundle import Bundle, BundleOptions, build_bundle
from .write import write_bundle

Status = Literal["published", "unchanged", "refused", "failed"]


@dataclass(frozen=True)
class Outcome:
    """What became of one input: its bundle (if any), and why it was refused or failed."""

    input: Path
    status: Status
    slug: str | None = None
    reason: str | None = None  #: one line, starting with the file (and line) it is about
    violations: int = 0
    warnings: int = 0


def collect_inputs(paths: Iterable[Path]) -> list[Path]:
    """The files named, and every non-hidden file under the folders named, in sorted order.
    A path that does not exist is kept so that it is reported like any unusable input."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and
                            not any(part.startswith(".") for part in p.relative_to(path).parts))
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def created_date(path: Path, given: str | None) -> str:
    """The bundle's creation date: as given, else ``SOURCE_DATE_EPOCH`` (reproducible builds),
    else the input file's modification time, so republishing an unchanged file changes nothing."""
    if given:
        return given
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    seconds = int(epoch) if epoch and epoch.isdigit() else int(path.stat().st_mtime)
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _make(path: Path, options: BundleOptions, created: str | None, debug: bool = False
          ) -> Bundle | InputError:
    """Worker: one input → its bundle in memory, or the reason it is unusable. An internal
    error is reported as this input's failure (one document's bug must not stop a corpus),
    unless ``debug`` asks for its traceback."""
    try:
        knowledge = load_knowledge(options.layouts)
        return build_bundle(parse_file(path, knowledge), options, created_date(path, created),
                            knowledge)
    except InputError as error:
        return error
    except OSError as error:
        return InputError(path, error.strerror or str(error))
    except Exception as error:
        if debug:
            raise
        return InputError(path, f"budgetld failed on this document ({type(error).__name__}: "
                                f"{error}); rerun with --debug for the traceback and please "
                                "report it with the file")


def _results(inputs: list[Path], options: BundleOptions, created: str | None, jobs: int,
             debug: bool) -> Iterator[tuple[Path, Bundle | InputError]]:
    if jobs <= 1 or len(inputs) <= 1:
        for path in inputs:
            yield path, _make(path, options, created, debug)
        return
    # spawn, not fork: the parent may hold pyoxigraph and rich threads
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=min(jobs, len(inputs)), mp_context=context) as pool:
        # map yields in input order and lets go of each result once yielded
        yield from zip(inputs, pool.map(partial(_make, options=options, created=created,
                                                debug=debug), inputs))


def publish(inputs: list[Path], out: Path, options: BundleOptions, *, created: str | None = None,
            jobs: int = 1, allow_invalid: bool = False, debug: bool = False,
            progress: Callable[[Outcome], None] = lambda outcome: None) -> list[Outcome]:
    """Publish each input as a bundle under ``out``; one :class:`Outcome` per input, in input
    order. A disclosure with violations is refused unless ``allow_invalid``."""
    outcomes: list[Outcome] = []
    owners: dict[str, Path] = {}
    for path, result in _results(inputs, options, created, jobs, debug):
        outcome = _settle(path, result, out, owners, allow_invalid)
        outcomes.append(outcome)
        progress(outcome)
    return outcomes


def _settle(path: Path, result: Bundle | InputError, out: Path, owners: dict[str, Path],
            allow_invalid: bool) -> Outcome:
    """Write a worker's bundle, or say why the input was refused or failed."""
    if isinstance(result, InputError):
        return Outcome(path, "failed", reason=str(result))
    counts = result.report.counts

    def outcome(status: Status, reason: str | None = None) -> Outcome:
        return Outcome(path, status, result.slug, reason, violations=counts["violation"],
                       warnings=counts["warning"])

    if result.slug in owners:
        return outcome("failed", f"{path}: same unit and year as {owners[result.slug]} "
                                 f"(bundle {result.slug})")
    owners[result.slug] = path
    if counts["violation"] and not allow_invalid:
        rules = sorted({f.rule for f in result.report.findings if f.severity == "violation"})
        return outcome("refused", f"{path}: {counts['violation']} validation violation(s): "
                                  f"{', '.join(rules)}")
    try:
        written = write_bundle(out, result.slug, result.files)
    except OSError as error:
        return outcome("failed", f"{out / result.slug}: cannot write the bundle: "
                                 f"{error.strerror or error}")
    return outcome("published" if written == "written" else "unchanged")
