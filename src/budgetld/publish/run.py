"""Publishing many inputs: collect them, make their bundles in parallel, install, summarise.

Workers (separate processes, ``--jobs``, each keeping the layouts, shapes and code lists it
loaded for the inputs that follow) do all the work of an input: they skip it when its build
record matches (:mod:`.record`), else parse, build, validate and write its bundle's files
into a temporary directory. The parent only decides which input owns a bundle and renames
the directory into place, so two inputs of the same unit and year cannot race for one
directory: the second is reported as failed instead of silently replacing the first.
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

from ..collection import fewer_collections
from ..errors import InputError
from ..layouts import load_knowledge
from ..parse import parse_file
from ..validate.engine import share_cores
from .bundle import BundleOptions, build_bundle
from .record import Record, fingerprint, matching, source_digest, write_record
from .write import discard, install_bundle, stage_bundle

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


@dataclass(frozen=True)
class Made:
    """A worker's answer for one input: its bundle's record, and the directory its files were
    staged in (None when the bundle in place already is this one, or the input is refused)."""

    record: Record
    staged: Path | None


def made_with(path: Path, options: BundleOptions, created: str | None) -> dict[str, str]:
    """Everything besides the source that a bundle depends on."""
    return {"fingerprint": fingerprint(options.layouts), "base": options.base,
            "license": options.license_id, "tolerance": str(options.tolerance),
            "created": created_date(path, created)}


def _make(path: Path, out: Path, options: BundleOptions, created: str | None,
          allow_invalid: bool, debug: bool = False) -> Made | str:
    """Worker: one input → its bundle staged under ``out`` (or found already made), or the
    one-line reason it failed. An internal error is reported as this input's failure (one
    document's bug must not stop a corpus), unless ``debug`` asks for its traceback."""
    try:
        source = source_digest(path)
        how = made_with(path, options, created)
        record = matching(out, source, how)
        if record is not None:
            return Made(record, None)
        knowledge = load_knowledge(options.layouts)
        bundle = build_bundle(parse_file(path, knowledge), options, how["created"], knowledge)
    except InputError as error:
        return str(error)
    except OSError as error:
        return str(InputError(path, error.strerror or str(error)))
    except Exception as error:
        if debug:
            raise
        return str(InputError(path, f"budgetld failed on this document ({type(error).__name__}: "
                                    f"{error}); rerun with --debug for the traceback and please "
                                    "report it with the file"))
    counts = bundle.report.counts
    record = Record(source, how, bundle.slug, counts["violation"], counts["warning"],
                    tuple(sorted({f.rule for f in bundle.report.findings if f.severity == "violation"})))
    if record.violations and not allow_invalid:
        return Made(record, None)
    try:
        return Made(record, stage_bundle(out, bundle.slug, bundle.files))
    except OSError as error:
        return f"{out / bundle.slug}: cannot write the bundle: {error.strerror or error}"


def _start_worker(workers: int) -> None:
    """A worker collects garbage as a command does, and runs the rules on its share of the
    cores."""
    fewer_collections()
    share_cores(workers)


def _results(inputs: list[Path], make: Callable[[Path], Made | str], jobs: int
             ) -> Iterator[tuple[Path, Made | str]]:
    if jobs <= 1 or len(inputs) <= 1:
        for path in inputs:
            yield path, make(path)
        return
    # spawn, not fork: the parent may hold pyoxigraph and rich threads
    context = multiprocessing.get_context("spawn")
    workers = min(jobs, len(inputs))
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_start_worker,
                             initargs=(workers,)) as pool:
        # map yields in input order and lets go of each result once yielded
        yield from zip(inputs, pool.map(make, inputs))


def publish(inputs: list[Path], out: Path, options: BundleOptions, *, created: str | None = None,
            jobs: int = 1, allow_invalid: bool = False, debug: bool = False,
            progress: Callable[[Outcome], None] = lambda outcome: None) -> list[Outcome]:
    """Publish each input as a bundle under ``out``; one :class:`Outcome` per input, in input
    order. A disclosure with violations is refused unless ``allow_invalid``."""
    outcomes: list[Outcome] = []
    owners: dict[str, Path] = {}
    make = partial(_make, out=out, options=options, created=created, allow_invalid=allow_invalid,
                   debug=debug)
    for path, result in _results(inputs, make, jobs):
        outcome = _settle(path, result, out, owners, allow_invalid)
        outcomes.append(outcome)
        progress(outcome)
    return outcomes


def _settle(path: Path, result: Made | str, out: Path, owners: dict[str, Path],
            allow_invalid: bool) -> Outcome:
    """Install a worker's bundle, or say why the input was refused or failed."""
    if isinstance(result, str):
        return Outcome(path, "failed", reason=result)
    record = result.record

    def outcome(status: Status, reason: str | None = None) -> Outcome:
        return Outcome(path, status, record.slug, reason, violations=record.violations,
                       warnings=record.warnings)

    if record.slug in owners:
        if result.staged is not None:
            discard(result.staged)
        return outcome("failed", f"{path}: same unit and year as {owners[record.slug]} "
                                 f"(bundle {record.slug})")
    owners[record.slug] = path
    if record.violations and not allow_invalid:
        return outcome("refused", f"{path}: {record.violations} validation violation(s): "
                                  f"{', '.join(record.violated)}")
    try:
        if result.staged is not None:
            install_bundle(out, record.slug, result.staged)
        write_record(out, record)
    except OSError as error:
        return outcome("failed", f"{out / record.slug}: cannot write the bundle: "
                                 f"{error.strerror or error}")
    return outcome("published" if result.staged is not None else "unchanged")
