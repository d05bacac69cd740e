"""Build records: what each bundle of an output folder was made from, so that republishing an
unchanged input skips the work.

A bundle is made from its source file and from budgetld itself: the code, the layout files
(built-in and a province's own folder), the shapes and the code lists. The record of a source
(``DIR/.budgetld-builds/<sha256 of the source>.json``, hidden, so never taken for a bundle)
holds a fingerprint of all of these with the options the bundle was made with, and what the
bundle's validation found. An input whose record matches, and whose bundle still names the
same source, needs neither parsing nor validation: a changed rule, layout, code list or
line of code changes the fingerprint and the input is made again.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

from .. import __version__
from ..files import publishable
from ..resources import data_dir

RECORDS = ".budgetld-builds"
_PACKAGE = Path(__file__).resolve().parents[1]


def _folder_digest(digest: hashlib._Hash, folder: Path, pattern: str) -> None:
    for path in sorted(folder.rglob(pattern)):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())


@cache
def fingerprint(layouts: Path | None = None) -> str:
    """The sha256 of budgetld's code, layout files (with ``layouts``, a province's own
    folder), shapes and code lists: computed once per process."""
    digest = hashlib.sha256(__version__.encode() + b"\0")
    sources = [("code", _PACKAGE, "*.py"), ("layouts", data_dir("layouts"), "*"),
               ("shapes", data_dir("shapes"), "*"), ("ontology", data_dir("ontology"), "*")]
    if layouts is not None:
        sources.append(("own layouts", layouts, "*"))
    for name, folder, pattern in sources:
        digest.update(name.encode() + b"\0")
        _folder_digest(digest, folder, pattern)
    return digest.hexdigest()


@dataclass(frozen=True)
class Record:
    """What a bundle was made from (``made_with``: the fingerprint and the options) and what
    its validation found."""

    source: str  #: sha256 of the source file
    made_with: dict[str, str]
    slug: str
    violations: int
    warnings: int
    violated: tuple[str, ...]  #: the rules with violations, for a refusal's line


def source_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _path(out: Path, source: str) -> Path:
    return out / RECORDS / f"{source}.json"


def matching(out: Path, source: str, made_with: dict[str, str]) -> Record | None:
    """The record of ``source`` when its bundle was made the same way and still stands,
    naming the same source in its data package; else None (the input is to be made)."""
    try:
        data = json.loads(_path(out, source).read_text(encoding="utf-8"))
        record = Record(**{**data, "violated": tuple(data["violated"])})
        package = json.loads((out / record.slug / "datapackage.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, TypeError, KeyError):
        return None
    sources = [s.get("sha256") for s in package.get("sources", []) if isinstance(s, dict)]
    if record.source != source or record.made_with != made_with or sources != [source]:
        return None
    return record


def write_record(out: Path, record: Record) -> None:
    """Store ``record`` once its bundle stands (atomically: a reader sees the old record or
    the new one)."""
    path = _path(out, record.source)
    text = json.dumps(asdict(record), ensure_ascii=False, sort_keys=True, indent=1) + "\n"
    try:
        if path.read_text(encoding="utf-8") == text:
            return
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    publishable(Path(temp))
    os.replace(temp, path)
