"""Loading the layout files: validated on load, merged with a province's own, cross-checked.

``load_knowledge()`` reads the built-in ``layouts/`` folder; ``load_knowledge(DIR)`` adds a
folder of a province's own files over it. In such a folder every file is optional and may
hold only what it adds: an entry whose id (``id``, ``subject`` or ``code``) is already known
replaces the built-in one where it stands; other entries and labels come first, so that a
province's more specific table kinds and labels are tried before the generic ones. The
merged knowledge is then checked for references between files (a family requiring a table
kind nobody defines, a figure in a table kind that does not exist, an unknown dimension
value), and every problem is reported with its file and entry.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from ..codelists import schemes
from ..errors import InputError
from ..resources import data_dir
from ..text import fold
from .files import (
    FILES,
    ClaimsFile,
    ColumnsFile,
    Entry,
    Family,
    FiguresFile,
    PerformanceFile,
    RegionsFile,
    SectionsFile,
    TablesFile,
)
from .knowledge import Knowledge

M = TypeVar("M", bound=Entry)
_KEYS = ("id", "subject", "code")


class LayoutError(InputError):
    """A layout file that cannot be used: unreadable, mistyped, or referring to nothing."""


def _entry_name(raw: Any, loc: tuple[int | str, ...]) -> str:
    """``kind[3] (id 'revenue')`` for the location of an error inside a file."""
    parts: list[str] = []
    node = raw
    for step in loc:
        if isinstance(step, int) and parts:
            parts[-1] += f"[{step}]"
            node = node[step] if isinstance(node, list) and step < len(node) else None
            key = next((k for k in _KEYS if isinstance(node, dict) and k in node), None)
            if key is not None and isinstance(node, dict):
                parts[-1] += f" ({key} {node[key]!r})"
            continue
        parts.append(str(step))
        node = node.get(step) if isinstance(node, dict) else None
    return ".".join(parts) or "(top level)"


def _validate(path: Path, model: type[M]) -> M:
    try:
        with path.open("rb") as handle:
            raw = tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise LayoutError(path, f"not valid TOML: {error}") from None
    except OSError as error:
        raise LayoutError(path, f"cannot read: {error.strerror}") from None
    try:
        return model.model_validate(raw)
    except ValidationError as error:
        first = error.errors()[0]
        more = f" (and {error.error_count() - 1} more)" if error.error_count() > 1 else ""
        raise LayoutError(path, f"{_entry_name(raw, first['loc'])}: {first['msg']}{more}") from None


def _key(entry: object) -> object | None:
    return next((getattr(entry, k) for k in _KEYS if isinstance(entry, Entry) and
                 k in type(entry).model_fields), None)


def _merge_value(old: Any, new: Any) -> Any:
    if isinstance(new, tuple) and isinstance(old, tuple):
        if new and _key(new[0]) is not None:
            replaced = {_key(e): e for e in new}
            kept = tuple(replaced.pop(_key(e), e) for e in old)
            return tuple(replaced.values()) + kept
        if all(isinstance(e, str) for e in new + old):  # labels: the province's come first
            return tuple(dict.fromkeys(new + old))
    if isinstance(new, dict) and isinstance(old, dict):
        return {**old, **{k: _merge_value(old[k], v) if k in old else v for k, v in new.items()}}
    if isinstance(new, Entry) and isinstance(old, type(new)):
        return merge(old, new)
    return new


def merge(base: M, over: M) -> M:
    """``over`` (a province's own file) merged over ``base``: only the keys it sets count."""
    return base.model_copy(update={name: _merge_value(getattr(base, name), getattr(over, name))
                                   for name in over.model_fields_set})


def _files(folder: Path, required: bool) -> dict[str, Entry]:
    found: dict[str, Entry] = {}
    for name, model in FILES.items():
        path = folder / name
        if path.is_file():
            found[name] = _validate(path, model)
        elif required:
            raise LayoutError(path, "missing layout file")
    families = sorted((folder / "families").glob("*.toml")) if (folder / "families").is_dir() else []
    for path in families:
        found[f"families/{path.name}"] = _validate(path, Family)
    return found


def _assemble(files: dict[str, Entry], origin: dict[str, Path]) -> Knowledge:
    def get(name: str, model: type[M]) -> M:
        value = files.get(name)
        return value if isinstance(value, model) else model()

    columns = get("columns.toml", ColumnsFile)
    claims = get("claims.toml", ClaimsFile)
    figures = get("figures.toml", FiguresFile)
    if claims.patterns is None:
        raise LayoutError(origin.get("claims.toml", Path("claims.toml")), "[patterns] missing")
    stubs = {fold(label): stub.role for stub in reversed(columns.stub) if stub.role != "extra"
             for label in stub.labels}
    extra = {fold(label): stub.key or "" for stub in reversed(columns.stub)
             if stub.role == "extra" for label in stub.labels}
    families: dict[str, Family] = {}
    for value in reversed(files.values()):  # a province's own family wins over a built-in one
        if isinstance(value, Family):
            families.setdefault(value.id, value)
    return Knowledge(
        tables=get("tables.toml", TablesFile).kind, columns=columns.column, stubs=stubs,
        extra_stubs=extra, totals=frozenset(fold(t) for t in columns.totals.total),
        subtotals=frozenset(fold(t) for t in columns.totals.subtotal),
        sections=get("sections.toml", SectionsFile).section, claims=claims,
        performance=get("performance.toml", PerformanceFile),
        families=tuple(sorted(families.values(), key=lambda f: f.id)),
        provinces=get("regions.toml", RegionsFile).province,
        figures={f.subject: f.cells for f in figures.figure},
        function_item_tables=figures.function_items.tables)


Problem = tuple[str, str]  #: (file, what is wrong)


class _References:
    """The ids one file may refer to in another: table kinds, sections, claim subjects, and
    the codes of each dimension."""

    def __init__(self, k: Knowledge) -> None:
        self.kinds = {kind.id for kind in k.tables}
        self.sections = {s.id for s in k.sections}
        self.subjects = set(k.claims.subject_ids())
        self.concepts = {s.dimension: {c.id for c in s.concepts} for s in schemes() if s.dimension}

    def kind(self, file: str, where: str, kind: str) -> list[Problem]:
        return [] if kind in self.kinds else [(file, f"{where}: unknown table kind {kind!r}")]

    def section(self, file: str, where: str, section: str) -> list[Problem]:
        return [] if section in self.sections else [(file, f"{where}: unknown section {section!r}")]

    def dimensions(self, file: str, where: str, values: dict[str, str]) -> list[Problem]:
        out = []
        for name, value in values.items():
            if name not in self.concepts:
                out.append((file, f"{where}: unknown dimension {name!r}"))
            elif value not in self.concepts[name]:
                out.append((file, f"{where}: {value!r} is not a {name} code"))
        return out


def _family_problems(k: Knowledge, refs: _References) -> list[Problem]:
    out = []
    for family in k.families:
        file = f"families/{family.id}.toml"
        out += [p for t in family.tables for p in refs.kind(file, "tables", t)]
        out += [p for s in family.sections for p in refs.section(file, "sections", s)]
        out += [p for t in family.columns for p in refs.kind(file, "columns", t)]
        out += [(file, f"since: {part!r} is not one of the family's tables or sections")
                for part in family.since if part not in family.tables + family.sections]
    if not any(f.id == "generic" for f in k.families):
        out.append(("families/generic.toml", "the generic family is missing"))
    return out


def _figure_problems(k: Knowledge, refs: _References) -> list[Problem]:
    out: list[Problem] = []
    for subject, cells in k.figures.items():
        where = f"figure {subject!r}"
        if subject not in refs.subjects:
            out.append(("figures.toml", f"{where}: no such claim subject"))
        for cell in cells:
            out += refs.kind("figures.toml", where, cell.table)
            out += refs.dimensions("figures.toml", where, cell.row_dims)
            out += [p for column in cell.columns for p in refs.dimensions("figures.toml", where, column)]
    out += [p for t in k.function_item_tables for p in refs.kind("figures.toml", "function_items", t)]
    return out


def _vocabulary_problems(k: Knowledge, refs: _References) -> list[Problem]:
    """Claim subjects' and families' sections, column meanings, extra stubs, duplicate ids."""
    out = [p for subject in k.claims.subject for s in subject.sections
           for p in refs.section("claims.toml", f"subject {subject.id!r}", s)]
    out += [p for s in k.claims.families for p in refs.section("claims.toml", "families", s)]
    out += [p for meaning in k.columns
            for p in refs.dimensions("columns.toml", f"column {meaning.labels[0]!r}", meaning.dimensions)]
    out += [("columns.toml", f"stub {label!r}: role 'extra' needs a key")
            for label, key in k.extra_stubs.items() if not key]
    for name, ids in (("tables.toml", [t.id for t in k.tables]),
                      ("sections.toml", [s.id for s in k.sections])):
        out += [(name, f"id {i!r} defined twice") for i in sorted({i for i in ids if ids.count(i) > 1})]
    return out


def _problems(k: Knowledge) -> list[Problem]:
    """Every reference between files that leads nowhere."""
    refs = _References(k)
    return [*_family_problems(k, refs), *_figure_problems(k, refs), *_vocabulary_problems(k, refs)]


@cache
def load_knowledge(extra: Path | None = None) -> Knowledge:
    """The built-in layout knowledge, with the files of ``extra`` (a province's own folder)
    merged over it. Raises :class:`LayoutError` naming the file and entry of a problem."""
    builtin = data_dir("layouts")
    files = _files(builtin, required=True)
    origin = {name: builtin / name for name in files}
    if extra is not None:
        if not extra.is_dir():
            raise LayoutError(extra, "not a folder of layout files")
        own = _files(extra, required=False)
        if not own:
            raise LayoutError(extra, "no layout files (tables.toml, families/*.toml, …) in it")
        for name, value in own.items():
            files[name] = merge(files[name], value) if name in files else value
            origin[name] = extra / name
    knowledge = _assemble(files, origin)
    problems = _problems(knowledge)
    if problems:
        file, problem = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise LayoutError(origin.get(file, Path(file)), problem + more)
    return knowledge
