"""The limits on what one input may cost, defined once, with their defaults.

budgetld reads whatever file it is given, also unattended over thousands of files: a huge,
damaged or hostile file must be refused quickly with one line (:class:`~budgetld.errors.InputError`,
exit code 2) instead of taking minutes and gigabytes. Every reader checks the limits below.
Each can be changed by an environment variable ``BUDGETLD_MAX_<NAME>`` (``BUDGETLD_MAX_PAGES=5000``)
or by the command line option ``--limit NAME=VALUE`` (which sets that variable, so worker
processes see it too). The defaults leave ample room for the largest real disclosures.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from .errors import InputError

ENV_PREFIX = "BUDGETLD_MAX_"


def _limit(default: int, doc: str) -> int:
    """A limit field: its default, and what it bounds."""
    value: int = field(default=default, metadata={"doc": doc})
    return value


@dataclass(frozen=True)
class Limits:
    """What one input may hold; every value is an upper bound (inclusive)."""

    input_bytes: int = _limit(128 << 20, "bytes of an input file")
    text_chars: int = _limit(5_000_000, "characters of text in one document (a 2,000-page "
                                        "disclosure holds about 3 million)")
    line_chars: int = _limit(20_000, "characters of one line, paragraph or table cell")
    pages: int = _limit(2000, "pages of a PDF")
    page_chars: int = _limit(100_000, "characters on one PDF page (a dense table page holds "
                                      "a few thousand)")
    page_objects: int = _limit(100_000, "objects (text runs, paths, images, forms) on one PDF page")
    pdf_stream_bytes: int = _limit(32 << 20, "bytes one compressed PDF stream other than an "
                                             "image may inflate to (an embedded CJK font takes "
                                             "up to about 20 MB)")
    pdf_inflated_bytes: int = _limit(512 << 20, "bytes all compressed PDF streams other than "
                                                "images may inflate to together")
    grid_slots: int = _limit(200_000, "slots of a grid of PDF rulings read as a table (more is "
                                      "a hatched drawing or a chart: read as text, with a warning)")
    table_rows: int = _limit(100_000, "table rows in one document (sheet rows of a workbook)")
    table_cells: int = _limit(1_000_000, "table cells in one document")
    archive_members: int = _limit(10_000, "members of a Word or Excel zip archive (a document "
                                          "has a few dozen)")
    archive_bytes: int = _limit(128 << 20, "uncompressed bytes of all members of a Word or "
                                           "Excel zip archive")
    archive_ratio: int = _limit(200, "uncompressed / compressed size of one archive member "
                                     "over 1 MB (real XML compresses 5 to 50 times, a zip "
                                     "bomb about 1000 times)")

    @staticmethod
    def names() -> list[str]:
        return [f.name for f in fields(Limits)]

    @staticmethod
    def describe() -> list[tuple[str, int, str]]:
        """Each limit's name, default and what it bounds."""
        return [(f.name, f.default, f.metadata["doc"]) for f in fields(Limits)]  # type: ignore[misc]

    def exceeded(self, path: Path | str, name: str, what: str, value: int | None = None,
                 line: int | None = None) -> InputError:
        """The error for ``what`` (counted ``value``, when counted whole) over the limit
        ``name``, naming the settings that raise it."""
        counted = f" {value:,}," if value is not None else ""
        return InputError(path, f"{what}:{counted} more than the limit of {getattr(self, name):,} "
                                f"(raise it with --limit {name}=N or {env_name(name)}=N)", line)


def env_name(name: str) -> str:
    return ENV_PREFIX + name.upper()


def _parse(name: str, text: str, source: str) -> int:
    value = text.strip().replace("_", "")
    if not value.isdigit() or int(value) < 1:
        raise InputError(source, f"limit {name} must be a positive whole number, not {text!r}")
    return int(value)


def current(environ: Mapping[str, str] | None = None) -> Limits:
    """The limits in force: the defaults, changed by ``BUDGETLD_MAX_*`` variables. Read anew
    on each call (once per input), so a setting made for one run applies to the next file."""
    environ = os.environ if environ is None else environ
    changed = {name: _parse(name, environ[env_name(name)], env_name(name))
               for name in Limits.names() if env_name(name) in environ}
    return replace(Limits(), **changed)


def set_from_option(setting: str) -> None:
    """Apply ``NAME=VALUE`` (the ``--limit`` option) for this process and the workers it starts."""
    name, equals, value = setting.partition("=")
    name = name.strip().lower().replace("-", "_")
    if not equals or name not in Limits.names():
        raise InputError("--limit", f"expected NAME=VALUE with NAME one of "
                                    f"{', '.join(Limits.names())}, not {setting!r}")
    os.environ[env_name(name)] = str(_parse(name, value, "--limit"))
