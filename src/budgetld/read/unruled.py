"""Tables drawn without ruling lines (or with rules only under the header, or only a frame),
read by the positions of their characters.

A run of text lines holding amounts is a table body; the lines right above it, up to a line
with a colon (单位：…) or in another size, are its header. Each line breaks into pieces where
a gap wider than :data:`CELL_GAP` or a change between amount and text parts it; lines of one
wrapped cell join into one piece. The body's pieces that overlap horizontally form column
bands: amounts of one column are right-aligned or centred on the same x, so they overlap
whatever their width, and labels of one column start at the same x.

Header labels with no label under them are the header's leaves; every band belongs to the
last leaf starting left of its right end (true whether labels are left-aligned or centred
over their cells, and amounts right-aligned or centred), and a leaf without a band is a column
left blank in every row. A leaf centred on the header's middle spans all of its rows (a stub:
项目, 科目编码). The labels above the leaves, level by level from the top, share the columns
between the leaves that reach up to their level: each column goes to one label, split where
the labels stand best (each at the left of its columns, or centred over them). The table is
then a grid of aligned rows as a ruled grid gives (:mod:`.pdftables`): merged header labels at
their first column, blanks right of and below them.

When the bands are not unambiguous (a band without a label over it, two amounts in one cell,
labels that cannot be placed over the columns), the lines stay text lines: the parser places
their amounts by the table's sums, and a reader warning says so. A table without a header
(the rest of a table continued on the next page) is kept as :class:`Unplaced` rows for the
caller to place in the columns of the table it continues.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise

from ..model import Box
from ..numbers import is_amount, is_blank_mark
from .pages import is_prose
from .pdfpage import Char
from .pdftables import GridRow, PageTable
from .textlines import WORD_GAP, TextLine, cell_text

#: A horizontal gap wider than this many character heights separates two cells' text.
CELL_GAP = 0.5
#: Lines of one wrapped cell are at most this many character heights apart.
WRAP_GAP = 0.35
#: A wrapped line fills its cell: it ends this many character heights short of the column's
#: right, or closer.
FILLS = 1.5
#: Consecutive lines of one table are at most this many character heights apart.
ROW_GAP = 2.5
#: Pieces whose vertical centres are this many character heights apart or less are on one row.
SAME_ROW = 0.4
#: Lines of a table differ in character height by this share at most.
SIZE_RATIO = 0.15
#: Lines above a table's body that can be its header, at most.
HEADER_LINES = 16
#: A label lies over another when their extents overlap, widened by this many heights.
REACH = 0.5
#: A leaf whose centre is this many heights from the header's middle, or closer, is a stub.
STUB = 0.6
#: A spanning label stands at the left of its columns, or centred over them, within this
#: many heights (a cell's padding, and the columns' borders being estimated).
CENTRED = 1.5
#: Below a level, a leaf whose centre is within this share of the way down to the lowest
#: leaves reaches up to that level (a label merged down over the rows under it).
REACHES_UP = 0.7


class Ambiguous(Exception):
    """The table's columns cannot be told by position alone."""


@dataclass(frozen=True, slots=True)
class Piece:
    """The text of one cell on one line, or of a whole wrapped cell, with its extent."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    filled: bool = True  #: its last line ends near its column's right (it may wrap on)

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def yc(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def numeric(self) -> bool:
        return is_amount(self.text) or is_blank_mark(self.text)

    @property
    def box(self) -> Box:
        return Box(x0=round(self.x0, 2), top=round(self.top, 2), x1=round(self.x1, 2),
                   bottom=round(self.bottom, 2))


def _joined(a: Piece, b: Piece) -> Piece:
    """``b`` as the next line of the wrapped cell ``a``."""
    return Piece(cell_text([TextLine(a.text, a.box, a.size), TextLine(b.text, b.box, b.size)]),
                 min(a.x0, b.x0), a.top, max(a.x1, b.x1), b.bottom, a.size, b.filled)


def pieces(line: TextLine) -> list[Piece]:
    """The cells' texts on ``line``: words joined unless a wide gap, or an amount next to
    text, parts them (``208 社会保障和就业支出 6,397,096`` is three pieces)."""
    size = line.size
    words: list[list[Char]] = []
    for char in line.chars:
        if words and not char.space_before and char.x0 - words[-1][-1].x1 <= WORD_GAP * size:
            words[-1].append(char)
        else:
            words.append([char])
    out: list[Piece] = []
    last_numeric = False
    for word in words:
        text = "".join(c.text for c in word)
        numeric = is_amount(text) or is_blank_mark(text)
        x0, x1 = word[0].x0, word[-1].x1
        top, bottom = min(c.top for c in word), max(c.bottom for c in word)
        if out and x0 - out[-1].x1 <= CELL_GAP * size and numeric == last_numeric:
            p = out[-1]
            out[-1] = Piece(f"{p.text} {text}", p.x0, min(p.top, top), x1, max(p.bottom, bottom),
                            size)
        else:
            out.append(Piece(text, x0, top, x1, bottom, size))
        last_numeric = numeric
    return out


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return min(a1, b1) - max(a0, b0)


@dataclass
class _Band:
    """Overlapping pieces of the body: one column's content."""

    x0: float
    x1: float
    numeric: bool


def _bands(items: Iterable[Piece]) -> list[_Band]:
    bands: list[_Band] = []
    for p in sorted(items, key=lambda p: p.x0):
        if bands and p.x0 < bands[-1].x1:
            bands[-1].x1 = max(bands[-1].x1, p.x1)
            bands[-1].numeric &= p.numeric
        else:
            bands.append(_Band(p.x0, p.x1, p.numeric))
    return bands


def _is_numbering(row: list[Piece]) -> bool:
    """The ``1 2 3 …`` line some templates print under the header."""
    values = [p.text for p in row]
    return len(values) >= 3 and all(v.isdigit() and len(v) <= 2 for v in values) and \
        [int(v) for v in values] == list(range(int(values[0]), int(values[0]) + len(values)))


def _merge_wrapped(items: list[Piece], anchored: set[int], right_of: dict[int, float]
                   ) -> list[Piece]:
    """Pieces of one column on consecutive lines, close together, joined as one wrapped cell
    when the upper one fills its column (``right_of``: the column's right by piece id) and
    not both stand on a row of amounts of their own (``anchored``)."""
    cells: list[tuple[Piece, int]] = []  # the cell and the id of its last piece
    for p in sorted(items, key=lambda p: (p.top, p.x0)):
        for k in range(len(cells) - 1, -1, -1):
            cell, last = cells[k]
            if _overlap(cell.x0, cell.x1, p.x0, p.x1) > 0 and \
                    0 <= p.top - cell.bottom < WRAP_GAP * p.size + 1 and cell.filled and \
                    not (last in anchored and id(p) in anchored):
                cells[k] = (_joined(cell, p), id(p))
                break
        else:
            filled = p.x1 >= right_of.get(id(p), p.x1) - FILLS * p.size
            cells.append((Piece(p.text, p.x0, p.top, p.x1, p.bottom, p.size, filled), id(p)))
    return [cell for cell, _ in cells]


@dataclass
class Body:
    """A table's body rows: each a list of pieces (wrapped cells joined), top to bottom."""

    rows: list[list[Piece]]
    numbering: list[Piece] = field(default_factory=list)

    def pieces(self) -> list[Piece]:
        return [p for row in self.rows for p in row]


def read_body(lines: list[TextLine]) -> Body:
    """Rows of the body ``lines``: amounts on one line make a row; a label wrapped over
    several lines joins the row whose amounts stand within its lines (or nearest to them)."""
    by_line = [pieces(line) for line in lines]
    numbering = [p for row in by_line if _is_numbering(row) for p in row]
    all_pieces = [p for row in by_line if not _is_numbering(row) for p in row]
    numbers = sorted((p for p in all_pieces if p.numeric), key=lambda p: p.yc)
    anchors: list[list[Piece]] = []
    for p in numbers:
        if anchors and p.yc - anchors[-1][0].yc <= SAME_ROW * p.size:
            anchors[-1].append(p)
        else:
            anchors.append([p])
    ys = [sum(p.yc for p in group) / len(group) for group in anchors]
    texts = [p for p in all_pieces if not p.numeric]
    anchored = {id(p) for p in texts if any(abs(p.yc - y) <= SAME_ROW * p.size for y in ys)}
    right_of = {id(p): band.x1 for band in _bands(texts) for p in texts
                if band.x0 <= p.x0 and p.x1 <= band.x1}
    rows: dict[float, list[Piece]] = {y: list(group) for y, group in zip(ys, anchors)}
    alone: list[list[Piece]] = []  # rows without amounts
    for cell in sorted(_merge_wrapped(texts, anchored, right_of), key=lambda p: p.yc):
        inside = [y for y in ys if cell.top <= y <= cell.bottom]
        near = [y for y in ys if abs(y - cell.yc) <= SAME_ROW * cell.size]
        if inside or near:
            rows[(inside or near)[0]].append(cell)
        elif alone and any(q.top <= cell.yc <= q.bottom or cell.top <= q.yc <= cell.bottom
                           for q in alone[-1]):
            alone[-1].append(cell)
        else:
            alone.append([cell])
    for row in alone:
        rows[min(p.yc for p in row)] = row
    return Body([sorted(rows[y], key=lambda p: p.x0) for y in sorted(rows)], numbering)


# --- columns --------------------------------------------------------------------------------


@dataclass
class Columns:
    """A table's columns: their borders (``xs``, one more than columns) and which hold
    amounts (a band of amounts in the body)."""

    xs: list[float]
    numeric: list[bool]

    def of(self, p: Piece) -> int:
        """The column holding most of ``p`` (the outer columns reach out to either side)."""
        edges = [-math.inf, *self.xs[1:-1], math.inf]
        return max(range(len(edges) - 1),
                   key=lambda j: _overlap(p.x0, p.x1, edges[j], edges[j + 1]))


@dataclass
class _Column:
    x0: float
    x1: float
    leaf: Piece
    numeric: bool


def _header_cells(lines: list[TextLine]) -> list[Piece]:
    items = [p for line in lines for p in pieces(line)]
    return _merge_wrapped(items, set(), {})


def _leaves(cells: list[Piece]) -> list[Piece]:
    """Header labels with no label below them: one over each column (or over several)."""
    def below(v: Piece, u: Piece) -> bool:
        return v.yc > u.yc + 0.5 * u.size and v.top >= u.bottom - 0.3 * u.size

    leaves = []
    for u in cells:
        under = [v for v in cells if below(v, u)]
        reach = REACH * u.size
        if any(_overlap(u.x0 - reach, u.x1 + reach, v.x0, v.x1) > 0 for v in under):
            continue
        left = max((v.x1 for v in under if v.x1 <= u.xc), default=None)
        right = min((v.x0 for v in under if v.x0 >= u.xc), default=None)
        if left is not None and right is not None and \
                right - left < u.x1 - u.x0 + 2 * u.size:
            continue  # centred over labels below it that stand clear of it on both sides
        leaves.append(u)
    return sorted(leaves, key=lambda p: p.x0)


def _columns(leaves: list[Piece], bands: list[_Band]) -> list[_Column]:
    """Every band under the last leaf starting left of its right end; a leaf over several
    bands of amounts (类 款 项 codes) heads each of them, over mixed bands one column."""
    owned: dict[int, list[_Band]] = {k: [] for k in range(len(leaves))}
    for band in bands:
        owner = max((k for k, leaf in enumerate(leaves) if leaf.x0 <= band.x1 + 1), default=None)
        if owner is None:
            raise Ambiguous("a column of the body has no label over it")
        owned[owner].append(band)
    columns: list[_Column] = []
    for k, leaf in enumerate(leaves):
        found = owned[k]
        if len(found) > 1 and all(b.numeric for b in found):
            columns += [_Column(b.x0, b.x1, leaf, True) for b in found]
        else:
            x0 = min([leaf.x0] + [b.x0 for b in found])
            x1 = max([leaf.x1] + [b.x1 for b in found])
            columns.append(_Column(x0, x1, leaf, any(b.numeric for b in found)))
    for a, b in pairwise(columns):
        if a.x1 > b.x0 + 1:
            raise Ambiguous("columns overlap")
    return columns


def _borders(columns: list[_Column]) -> list[float]:
    inner = [(a.x1 + b.x0) / 2 for a, b in pairwise(columns)]
    return [columns[0].x0 - 1, *inner, columns[-1].x1 + 1]


# --- header ---------------------------------------------------------------------------------


class _Header:
    """Places the header's labels over the columns: each label's span and level."""

    def __init__(self, cells: list[Piece], leaves: list[Piece], columns: list[_Column],
                 xs: list[float]) -> None:
        self.xs = xs
        self.columns = columns
        leaf_ids = {id(p) for p in leaves}
        self.uppers = sorted((c for c in cells if id(c) not in leaf_ids), key=lambda p: p.yc)
        top = min(c.top for c in cells)
        bottom = max(c.bottom for c in cells)
        middle = (top + bottom) / 2
        self.stub = [abs(c.leaf.yc - middle) <= STUB * c.leaf.size or
                     c.leaf.top - top <= 0.3 * c.leaf.size for c in columns]
        self.lowest = max(c.leaf.yc for c in columns)
        self.paths: list[list[Piece]] = [[] for _ in columns]

    def _touched(self, p: Piece, lo: int, hi: int) -> list[int]:
        return [j for j in range(lo, hi + 1)
                if _overlap(p.x0, p.x1, self.xs[j], self.xs[j + 1]) > 1]

    def _blocked(self, j: int, level: float) -> bool:
        """Column ``j``'s leaf reaches up to the labels at height ``level``."""
        leaf = self.columns[j].leaf
        return self.stub[j] or leaf.yc - level < REACHES_UP * (self.lowest - level)

    def place(self, lo: int, hi: int, uppers: list[Piece]) -> None:
        """Give the labels ``uppers`` lying over columns ``lo``..``hi`` their spans, top
        level first, and add them to the columns' paths. The labels of a level share the
        columns between the leaves that reach up to them: each of these columns is under one
        label, split where the labels stand best (at the left of, or centred over, theirs)."""
        if not uppers:
            return
        level = uppers[0].yc
        row = sorted((p for p in uppers if p.yc - level <= 0.5 * p.size), key=lambda p: p.x0)
        rest = [p for p in uppers if p.yc - level > 0.5 * p.size]
        free = [j for j in range(lo, hi + 1) if not self._blocked(j, level)]
        segments: list[list[int]] = []
        for j in free:
            if segments and segments[-1][-1] == j - 1:
                segments[-1].append(j)
            else:
                segments.append([j])
        covered: set[int] = set()
        for segment in segments:
            labels = [p for p in row if self._touched(p, segment[0], segment[-1])]
            if not labels:
                continue
            for p, (a, b) in zip(labels, self._split(labels, segment[0], segment[-1])):
                for j in range(a, b + 1):
                    self.paths[j].append(p)
                covered.update(range(a, b + 1))
                self.place(a, b, [q for q in rest if self.xs[a] <= q.xc <= self.xs[b + 1]])
        if any(not self._touched(p, lo, hi) or
               not set(self._touched(p, lo, hi)) & covered for p in row):
            raise Ambiguous("a header label stands over no column")
        start = lo
        for j in range(lo, hi + 2):
            if j > hi or j in covered:
                if start < j:
                    self.place(start, j - 1, [q for q in rest
                                              if self.xs[start] <= q.xc <= self.xs[j]])
                start = j + 1

    def _misfit(self, p: Piece, a: int, b: int) -> float:
        """How far ``p`` stands from the left of columns ``a``..``b`` or from their middle,
        beyond the slack of a cell's padding."""
        slack = CENTRED * p.size
        left = abs(p.x0 - self.xs[a])
        centre = abs(p.xc - (self.xs[a] + self.xs[b + 1]) / 2)
        return max(0.0, min(left, centre) - slack)

    def _split(self, labels: list[Piece], lo: int, hi: int) -> list[tuple[int, int]]:
        """Spans of ``labels`` (left to right) tiling columns ``lo``..``hi``, each holding the
        columns its label stands over, placed as well as the labels fit them."""
        touched = [self._touched(p, lo, hi) for p in labels]
        best: tuple[float, list[tuple[int, int]]] | None = None

        def search(k: int, start: int, spans: list[tuple[int, int]], cost: float) -> None:
            nonlocal best
            if best is not None and cost >= best[0] + 1e-9:
                return
            if k == len(labels):
                if start == hi + 1 and (best is None or cost < best[0] - 1e-9):
                    best = (cost, list(spans))  # ties: the first found, labels to the left
                return
            if start > touched[k][0]:
                return
            last = hi if k == len(labels) - 1 else touched[k + 1][0] - 1
            for end in range(last, touched[k][-1] - 1, -1):
                search(k + 1, end + 1, [*spans, (start, end)],
                       cost + self._misfit(labels[k], start, end))

        search(0, lo, [], 0.0)
        if best is None:
            raise Ambiguous("header labels overlap")
        return best[1]

    def rows(self) -> list[list[Piece | None]]:
        """The header as rows of labels at their first column, None elsewhere. A leaf
        stands in the last row, unless it stands higher (merged down over the rows below
        its place, as a stub is over all of them)."""
        paths = [path + [column.leaf] for path, column in zip(self.paths, self.columns)]
        if any(len({p.text for p in path}) < len(path) for path in paths):
            raise Ambiguous("a label stands twice over one column")
        depth = max(len(path) for path in paths)
        grid: list[list[Piece | None]] = [[None] * len(paths) for _ in range(depth)]
        for j, path in enumerate(paths):
            leaf = path[-1]
            low = abs(leaf.yc - self.lowest) <= 0.5 * leaf.size
            for r, label in enumerate(path):
                row = depth - 1 if label is leaf and low else r
                if all(label is not other for other in paths[j - 1]) or j == 0:
                    grid[row][j] = label
        return grid


# --- tables ---------------------------------------------------------------------------------


@dataclass
class Unplaced:
    """Rows of amounts without a header over them: the rest of a table continued from the
    page before, to be placed in that table's columns (else read as its text lines)."""

    lines: list[TextLine]
    body: Body


def _line_box(items: list[Piece]) -> tuple[float, float]:
    return min(p.top for p in items), max(p.bottom for p in items)


def place_rows(page: int, body: Body, columns: Columns, header: list[list[Piece | None]]
               ) -> PageTable:
    """The table of ``header`` rows and ``body`` rows slotted in ``columns``."""
    width = len(columns.xs) - 1
    rows: list[GridRow] = []
    bodies = list(body.rows)
    if body.numbering:
        bodies.append(body.numbering)
        bodies.sort(key=lambda row: _line_box(row)[0])
    for labels in header:
        present = [p for p in labels if p is not None]
        top, bottom = _line_box(present)
        rows.append(GridRow(tuple(p.text if p else "" for p in labels),
                            tuple(p.box if p else None for p in labels),
                            _table_box(columns, top, bottom)))
    for row in bodies:
        cells: list[list[Piece]] = [[] for _ in range(width)]
        for p in row:
            j = columns.of(p)
            if p.numeric and row is not body.numbering and \
                    (not columns.numeric[j] or any(q.numeric for q in cells[j])):
                raise Ambiguous("an amount falls in a column of labels, or two in one cell")
            cells[j].append(p)
        top, bottom = _line_box(row)
        rows.append(GridRow(
            tuple(" ".join(p.text for p in c) for c in cells),
            tuple(Box(x0=round(min(p.x0 for p in c), 2), top=round(min(p.top for p in c), 2),
                      x1=round(max(p.x1 for p in c), 2), bottom=round(max(p.bottom for p in c), 2))
                  if c else None for c in cells),
            _table_box(columns, top, bottom)))
    box = Box(x0=round(columns.xs[0], 2), top=rows[0].box.top, x1=round(columns.xs[-1], 2),
              bottom=rows[-1].box.bottom)
    return PageTable(page, tuple(columns.xs), box, rows, tuple(columns.numeric))


def _table_box(columns: Columns, top: float, bottom: float) -> Box:
    return Box(x0=round(columns.xs[0], 2), top=round(top, 2), x1=round(columns.xs[-1], 2),
               bottom=round(bottom, 2))


@dataclass
class Found:
    """A table found among a page's lines: the lines it takes, and what they are."""

    lines: list[TextLine]
    table: PageTable | Unplaced | None  #: None: the columns are ambiguous
    reason: str = ""


def _has_amount(line: TextLine) -> bool:
    return not is_prose(line.text) and any(is_amount(p.text) for p in pieces(line))


def _label_like(line: TextLine, starts: list[float], bands: list[_Band]) -> bool:
    """Every piece of ``line`` is a label of the body: it starts where the body's labels
    start (``starts``), or stands left of every column of amounts, and lies over none
    (a body row without amounts, or a line of a wrapped label; not a header line)."""
    numeric = [b for b in bands if b.numeric]
    left = min((b.x0 for b in numeric), default=0.0)
    return all(not p.numeric and
               not any(_overlap(p.x0, p.x1, b.x0, b.x1) > 0 for b in numeric) and
               (p.x1 < left or any(abs(p.x0 - x) <= 0.5 * p.size for x in starts))
               for p in pieces(line))


def _colon(line: TextLine) -> bool:
    return "：" in line.text or ":" in line.text


def _runs(lines: list[TextLine]) -> list[list[TextLine]]:
    """Lines close together, in one size, without prose: where tables can be."""
    runs: list[list[TextLine]] = []
    for line in lines:
        previous = runs[-1][-1] if runs and runs[-1] else None
        if is_prose(line.text):
            runs.append([])
            continue
        if previous is None or line.top - previous.bottom > ROW_GAP * line.size or \
                abs(line.size - previous.size) > SIZE_RATIO * max(line.size, previous.size):
            runs.append([])
        runs[-1].append(line)
    return [run for run in runs if run]


def _table_of(page: int, run: list[TextLine]) -> Found | None:
    rows = [i for i, line in enumerate(run) if _has_amount(line)]
    if not rows:
        return None
    first, last = rows[0], rows[-1]
    starts = sorted({p.x0 for line in run[first:] for p in pieces(line) if not p.numeric})
    bands = _bands(read_body(run[first:last + 1]).pieces())

    def body_line(k: int) -> bool:
        return 0 <= k < len(run) and not _colon(run[k]) and _label_like(run[k], starts, bands)

    while body_line(first - 1):
        first -= 1
    while body_line(last + 1):
        last += 1
    zone: list[TextLine] = []
    for line in reversed(run[:first]):
        if _colon(line) or len(zone) == HEADER_LINES:
            break
        zone.insert(0, line)
    lines = zone + run[first:last + 1]
    body = read_body(run[first:last + 1])
    if not zone:
        return Found(lines, Unplaced(lines, body))
    try:
        columns, header = _layout(_header_cells(_printed_once(zone)), body)
        return Found(lines, place_rows(page, body, columns, header))
    except Ambiguous as err:
        return Found(lines, None, reason=str(err))


def _printed_once(zone: list[TextLine]) -> list[TextLine]:
    """The header lines, without the copy above them of a header printed twice."""
    texts = [line.text for line in zone]
    for k in range(1, len(zone) // 2 + 1):
        if texts[-k:] == texts[-2 * k:-k]:
            return zone[-k:]
    return zone


def _layout(cells: list[Piece], body: Body) -> tuple[Columns, list[list[Piece | None]]]:
    """The columns of a table and its header rows."""
    bands = _bands(p for p in body.pieces() if not is_blank_mark(p.text))
    leaves = _leaves(cells)
    columns = _columns(leaves, bands)
    if len(columns) < 2 or not any(c.numeric for c in columns):
        raise Ambiguous("fewer than two columns")
    xs = _borders(columns)
    header = _Header(cells, leaves, columns, xs)
    header.place(0, len(columns) - 1, header.uppers)
    return Columns(xs, [c.numeric for c in columns]), header.rows()


def find_tables(page: int, lines: list[TextLine]) -> list[Found]:
    """The tables drawn without rulings among a page's text ``lines`` (top to bottom)."""
    found = []
    for run in _runs(lines):
        table = _table_of(page, run)
        if table is not None:
            found.append(table)
    return found
