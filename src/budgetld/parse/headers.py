"""Resolving table headers into columns.

Aligned forms (tab-separated text, a PDF's table grid) keep blank header cells, so spans can
be rebuilt: a label spans rightwards over blank cells, but never past the span of the label
above it, and a blank cell below a label continues it downwards. A PDF text layer keeps only
the words, sometimes a label broken over two lines; there the columns are the known labels
found in the header, in the family's column order for that table kind when it has one,
otherwise in the order printed (fragments rejoined and placed by their vocabulary rank).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..layouts import Knowledge, TableKind, fold, fold_header
from ..model import Column
from ..model.tables import Side

#: A column's header path and the side of a two-sided table it stands on.
ColumnSpec = tuple[list[str], Side | None]
_NUMBERING_ROW = re.compile(r"^\d{1,2}$")
#: Share of single-cell lines from which a header counts as printed one cell per line (a text
#: layer prints most header cells of a row on one line; such text sometimes puts two there).
_CELL_SHARE = 0.75
_TOTALS = ("合计", "小计", "总计")


@dataclass
class Layout:
    """Resolved header: measure columns, and for aligned tables where the stub cells are."""

    columns: list[Column]
    code_cols: list[int] = field(default_factory=list)
    label_cols: list[int] = field(default_factory=list)
    extra_cols: dict[int, str] = field(default_factory=dict)
    measure_cols: list[int] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    part_starts: list[int] = field(default_factory=list)  #: where a two-sided table's parts start


def is_numbering_row(cells: list[str] | tuple[str, ...]) -> bool:
    """The ``1 2 3 4 …`` row some templates print under the header."""
    values = [c for c in cells if c.strip()]
    return len(values) >= 3 and all(_NUMBERING_ROW.match(v) for v in values) and \
        [int(v) for v in values] == list(range(int(values[0]), int(values[0]) + len(values)))


def _dimensions(knowledge: Knowledge, path: list[str]) -> tuple[dict[str, str], bool]:
    dims: dict[str, str] = {}
    known = False
    for label in path:
        meaning = knowledge.column_meaning(label)
        if meaning is not None:
            dims.update(meaning.dimensions)
            known = True
    return dims, known


def column_key(dims: dict[str, str], side: str | None) -> str:
    """Readable, stable key of a column from its meaning: ``general-public-budget``,
    ``expenditure-current-year``; ``total`` when it has no dimension."""
    parts = [dims[d].replace(".", "-") for d in sorted(dims)] or ["total"]
    return "-".join(([side] if side else []) + parts)


def _unique(key: str, taken: set[str]) -> str:
    candidate, n = key, 2
    while candidate in taken:
        candidate, n = f"{key}-{n}", n + 1
    taken.add(candidate)
    return candidate


def _make_columns(knowledge: Knowledge, specs: list[ColumnSpec],
                  unknown: list[str]) -> list[Column]:
    taken: set[str] = set()
    columns = []
    for path, side in specs:
        dims, known = _dimensions(knowledge, path)
        if not known:
            unknown.append("/".join(path))
        columns.append(Column(key=_unique(column_key(dims, side), taken), path=path,
                              dimensions=dims, side=side))
    return columns


def _clean(cell: str) -> str:
    """A header cell as published, without the spaces of line wrapping."""
    return re.sub(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])", "", cell.strip())


def resolve_aligned(knowledge: Knowledge, kind: TableKind | None,
                    rows: list[tuple[str, ...]], width: int) -> Layout:
    """Columns of an aligned header (``rows``: the header rows, padded to ``width``)."""
    grid = [[_clean(c) for c in row] + [""] * (width - len(row))
            for row in rows if not is_numbering_row(row)]
    filled: list[list[str]] = []
    bounds = [(0, width)]
    for row in grid:
        spans: list[tuple[int, int]] = []
        out = list(row)
        for start, end in bounds:
            j = start
            while j < end:
                if row[j]:
                    k = j + 1
                    while k < end and not row[k]:
                        out[k] = row[j]
                        k += 1
                    spans.append((j, k))
                    j = k
                else:
                    spans.append((j, j + 1))
                    j += 1
        filled.append(out)
        bounds = spans
    paths: list[list[str]] = []
    for j in range(width):
        path: list[str] = []
        for row in filled:
            if row[j] and (not path or path[-1] != row[j]):
                path.append(row[j])
        paths.append(path)

    layout = Layout(columns=[])
    sides = _side_starts(knowledge, paths) if kind is not None and kind.two_sided else []
    layout.part_starts = sides
    specs: list[ColumnSpec] = []
    for j, path in enumerate(paths):
        if not path:
            continue
        roles = [knowledge.stub_role(label) for label in path]
        side: Side | None = None
        if sides:
            side = "revenue" if j < sides[1] else "expenditure"
        if "extra" in roles:
            layout.extra_cols[j] = knowledge.extra_stubs[fold_header(path[roles.index("extra")])]
        elif "code" in roles:
            layout.code_cols.append(j)
        elif "label" in roles:
            layout.label_cols.append(j)
        else:
            layout.measure_cols.append(j)
            specs.append((path, side))
    layout.columns = _make_columns(knowledge, specs, layout.unknown)
    return layout


def _side_starts(knowledge: Knowledge, paths: list[list[str]]) -> list[int]:
    """Column indexes where the parts of a two-sided table start: the label (项目) columns
    that follow a measure column. The first part is revenue, the others expenditure (some
    layouts break expenditure down twice, by function and by use)."""
    starts: list[int] = []
    seen_measure = False
    for j, path in enumerate(paths):
        roles = {knowledge.stub_role(label) for label in path}
        if roles & {"label", "code"}:
            if not starts or seen_measure:
                starts.append(j)
                seen_measure = False
        elif path:
            seen_measure = True
    return starts if len(starts) >= 2 else []


def resolve_text_layer(knowledge: Knowledge, kind: TableKind | None,
                       template: tuple[tuple[str, ...], ...] | None,
                       lines: list[str]) -> Layout:
    """Columns of a header printed as text lines (a PDF text layer), or one cell per line."""
    layout = Layout(columns=[])
    if len(lines) > 2 and sum(len(line.split()) == 1 for line in lines) >= _CELL_SHARE * len(lines):
        lines = _cell_rows(knowledge, [cell for line in lines for cell in line.split()])
    tokens_by_line = [line.split() for line in lines]
    if kind is not None and kind.two_sided:
        specs = _two_sided_specs(knowledge, tokens_by_line)
        if specs:
            layout.columns = _make_columns(knowledge, specs, layout.unknown)
            return layout
    tokens = [fold(t) for line in tokens_by_line for t in line]
    if template and all(_present(fold(path[-1]), tokens) for path in template):
        specs = [(list(path), None) for path in template]
        layout.columns = _make_columns(knowledge, specs, layout.unknown)
        return layout
    group: list[str] = []
    leaves: list[tuple[int, int, str]] = []  # (rank, order, label)
    used: set[tuple[int, int]] = set()
    for i, tokens in enumerate(tokens_by_line):
        for t, token in enumerate(tokens):
            if (i, t) in used or knowledge.stub_role(token):
                continue
            meaning = knowledge.column_meaning(token)
            if i == 0 and any(knowledge.stub_role(x) == "label" for x in tokens):
                group.append(token)
                continue
            if meaning is None:
                joined = _rejoin(knowledge, tokens_by_line, i, t, used)
                rejoined = knowledge.column_meaning(joined) if joined else None
                if joined and rejoined is not None:
                    leaves.append((rejoined.rank, len(leaves), joined))
                continue
            leaves.append((meaning.rank, len(leaves), token))
    if any(label for _, _, label in leaves if label not in " ".join(lines).split()):
        leaves.sort()
    specs = [(group + [label], None) for _, _, label in leaves]
    layout.columns = _make_columns(knowledge, specs, layout.unknown)
    return layout


def _cell_rows(knowledge: Knowledge, cells: list[str]) -> list[str]:
    """A header printed one cell per line, row by row, as the lines a text layer prints: the
    pieces of a wrapped label rejoined, then a first line holding the cells before the first
    row-heading cell (a two-sided table's 本年收入 本年支出) or, when the header starts with
    such cells (项目), these and the group cells after them (收入预算), up to the next."""
    joined = _rejoin_pieces(knowledge, cells)
    stubs = [i for i, cell in enumerate(joined) if knowledge.stub_role(cell)]
    if not stubs:
        return [" ".join(joined)]
    end = stubs[0]
    if not end:
        start = next((i for i in range(len(joined)) if i not in stubs), len(joined))
        found = next((i for i in stubs if i > start), None)
        if found is not None:
            end = found
        else:  # no row of stub sub-headings follows: a group cell is one 合计 follows
            group = start + 1 < len(joined) and fold_header(joined[start + 1]) in _TOTALS \
                and fold_header(joined[start]) not in _TOTALS
            end = start + group
    return [" ".join(joined[:end]), " ".join(joined[end:])]


def _rejoin_pieces(knowledge: Knowledge, cells: list[str]) -> list[str]:
    """Cells that are one wrapped label (事业单位 / 经营收入, 政府性 / 基金预 / 算) joined: together
    they are a known label, not all known on their own, and the first is more than a year
    (2024年 / 项目 are two cells)."""
    def known(label: str) -> bool:
        return knowledge.stub_role(label) is not None or knowledge.column_meaning(label) is not None

    out: list[str] = []
    i = 0
    while i < len(cells):
        for n in (3, 2, 1):
            pieces = cells[i:i + n]
            label = "".join(pieces)
            if n == 1 or (len(pieces) == n and known(label) and not all(map(known, pieces))
                          and fold_header(label) != fold_header("".join(pieces[1:]))):
                out.append(label)
                i += n
                break
    return out


def _present(label: str, tokens: list[str]) -> bool:
    """Whether a header printed as ``tokens`` shows ``label``, whole or broken in two."""
    joined = "".join(tokens)
    return label in joined or any(label[:k] in tokens and label[k:] in tokens
                                  for k in range(1, len(label)))


def _rejoin(knowledge: Knowledge, tokens_by_line: list[list[str]], i: int, t: int,
            used: set[tuple[int, int]]) -> str | None:
    """A label the PDF broke over two lines: this fragment joined with one on the next or
    previous line, when the result is a known label."""
    token = tokens_by_line[i][t]
    for j in (i + 1, i - 1, i + 2, i - 2):
        if not 0 <= j < len(tokens_by_line):
            continue
        for u, other in enumerate(tokens_by_line[j]):
            if (j, u) in used:
                continue
            joined = token + other if j > i else other + token
            if knowledge.column_meaning(joined) is not None:
                used.update({(i, t), (j, u)})
                return joined
    return None


def _two_sided_specs(knowledge: Knowledge, tokens_by_line: list[list[str]]
                     ) -> list[ColumnSpec]:
    """Header of a two-sided table: the line holding two 项目 labels splits into halves."""
    for i, tokens in enumerate(tokens_by_line):
        stubs = [t for t, token in enumerate(tokens) if knowledge.stub_role(token) == "label"]
        if len(stubs) != 2:
            continue
        groups = tokens_by_line[i - 1] if i and len(tokens_by_line[i - 1]) == 2 else [None, None]
        specs: list[ColumnSpec] = []
        halves: list[tuple[Side, int, int]] = [("revenue", stubs[0] + 1, stubs[1]),
                                               ("expenditure", stubs[1] + 1, len(tokens))]
        for side, start, end in halves:
            group = groups[0 if side == "revenue" else 1]
            for token in tokens[start:end]:
                specs.append(([group, token] if group else [token], side))
        return specs
    return []
