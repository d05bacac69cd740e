"""Table grids from a page's ruling lines: where the cells are, which are merged.

Rulings that touch each other form a table. Its grid columns are the x positions of its
vertical rulings and its grid rows the y positions of its horizontal ones (a side left open,
as in tables without an outer frame, is closed at the far end of the rulings that reach it).
Two neighbouring grid slots belong to one merged cell when no ruling separates them over at
least half of their common side; a merged cell is anchored at its top-left slot.

Word lets a table's header rows draw a column border a little off the body's: two vertical
rulings next to each other of which no row has both are one column border drawn in two
places, so the grid slots between them fold into the column on their right.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from .pdfpage import Segment

#: Parallel rulings closer than this (points) are one line (a double or a thick border).
SNAP = 2.0
#: Collinear pieces of a ruling with gaps up to this (points) are one line; a ruling ending
#: this close to another one touches it.
JOIN = 3.0
#: Share of a slot's side a ruling must cover to separate it from its neighbour.
COVER = 0.5
#: Rulings reaching this far (points) beyond a table's outermost crossing ruling close an
#: open side (a table drawn without its outer frame); shorter overshoots are drawing slack.
OPEN_SIDE = 10.0
#: A grid with more slots than this is not read as a table (a hatched drawing, a chart).
MAX_SLOTS = 200_000


class GridTooLarge(Exception):
    """The rulings form more grid slots than :data:`MAX_SLOTS`."""


def merge(segments: list[Segment]) -> list[Segment]:
    """Snap parallel rulings that lie within :data:`SNAP` of each other onto one line and join
    the collinear pieces that meet or nearly meet."""
    merged: list[Segment] = []
    for horizontal in (True, False):
        group = sorted((s for s in segments if s.horizontal == horizontal), key=lambda s: s.at)
        clusters: list[list[Segment]] = []
        for segment in group:
            if clusters and segment.at - clusters[-1][0].at <= SNAP:
                clusters[-1].append(segment)
            else:
                clusters.append([segment])
        for cluster in clusters:
            at = sum(s.at for s in cluster) / len(cluster)
            pieces = sorted(cluster, key=lambda s: s.start)
            start, end = pieces[0].start, pieces[0].end
            for piece in pieces[1:]:
                if piece.start <= end + JOIN:
                    end = max(end, piece.end)
                else:
                    merged.append(Segment(horizontal, at, start, end))
                    start, end = piece.start, piece.end
            merged.append(Segment(horizontal, at, start, end))
    return merged


def _touch(h: Segment, v: Segment) -> bool:
    return h.start - JOIN <= v.at <= h.end + JOIN and v.start - JOIN <= h.at <= v.end + JOIN


def _components(segments: list[Segment]) -> list[list[Segment]]:
    """Groups of rulings connected by crossings."""
    horizontal = [s for s in segments if s.horizontal]
    vertical = [s for s in segments if not s.horizontal]
    parent = list(range(len(segments)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    index = {id(s): i for i, s in enumerate(segments)}
    for h in horizontal:
        for v in vertical:
            if _touch(h, v):
                a, b = find(index[id(h)]), find(index[id(v)])
                if a != b:
                    parent[a] = b
    groups: dict[int, list[Segment]] = {}
    for i, segment in enumerate(segments):
        groups.setdefault(find(i), []).append(segment)
    return list(groups.values())


def _positions(values: list[float]) -> list[float]:
    out: list[float] = []
    for value in sorted(values):
        if not out or value - out[-1] > SNAP:
            out.append(value)
    return out


def _closed(positions: list[float], crossing: list[tuple[float, float]]) -> list[float]:
    """``positions`` of one direction's rulings, with the far ends of the crossing rulings
    where they reach :data:`OPEN_SIDE` or more beyond the outermost of them."""
    low = min(start for start, _ in crossing)
    high = max(end for _, end in crossing)
    return positions + [x for x in (low,) if x < min(positions) - OPEN_SIDE] + \
        [x for x in (high,) if x > max(positions) + OPEN_SIDE]


def _covered(rulings: list[Segment], lo: float, hi: float) -> bool:
    span = hi - lo
    if span <= 0:
        return True
    covered = sum(max(0.0, min(hi, s.end) - max(lo, s.start)) for s in rulings)
    return covered >= COVER * span


@dataclass(frozen=True)
class Grid:
    """A ruled table: column boundaries ``xs``, row boundaries ``ys`` (both increasing) and,
    for every slot ``(row, column)``, the slot its merged cell is anchored at."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]
    anchors: tuple[tuple[tuple[int, int], ...], ...]
    columns: tuple[int, ...]

    @property
    def box(self) -> tuple[float, float, float, float]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]

    @property
    def width(self) -> int:
        """Number of table columns (grid columns after folding)."""
        return self.columns[-1] + 1

    @property
    def column_xs(self) -> tuple[float, ...]:
        """Left edge of every table column, and the right edge of the last."""
        lefts: dict[int, float] = {}
        for slot, column in enumerate(self.columns):
            lefts.setdefault(column, self.xs[slot])
        return (*(lefts[c] for c in range(self.width)), self.xs[-1])

    def slot(self, x: float, y: float) -> tuple[int, int] | None:
        """The grid slot holding point (x, y), or None outside the grid."""
        if not (self.xs[0] <= x <= self.xs[-1] and self.ys[0] <= y <= self.ys[-1]):
            return None
        column = min(bisect_right(self.xs, x) - 1, len(self.xs) - 2)
        row = min(bisect_right(self.ys, y) - 1, len(self.ys) - 2)
        return row, column


def _grid(component: list[Segment]) -> Grid | None:
    horizontal = [s for s in component if s.horizontal]
    vertical = [s for s in component if not s.horizontal]
    xs = _positions(_closed([v.at for v in vertical], [(h.start, h.end) for h in horizontal]))
    ys = _positions(_closed([h.at for h in horizontal], [(v.start, v.end) for v in vertical]))
    if len(xs) < 3 or len(ys) < 2:
        return None  # a framed box, a single rule or a column of boxes: no table
    rows, columns = len(ys) - 1, len(xs) - 1
    if rows * columns > MAX_SLOTS:
        raise GridTooLarge(f"{rows} × {columns} grid slots")

    def near(rulings: list[Segment], at: float) -> list[Segment]:
        return [s for s in rulings if abs(s.at - at) <= SNAP]

    at_x = [near(vertical, x) for x in xs]
    at_y = [near(horizontal, y) for y in ys]
    parent = {(r, c): (r, c) for r in range(rows) for c in range(columns)}

    def find(slot: tuple[int, int]) -> tuple[int, int]:
        while parent[slot] != slot:
            parent[slot] = parent[parent[slot]]
            slot = parent[slot]
        return slot

    def union(a: tuple[int, int], b: tuple[int, int]) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)  # the top-left slot anchors the cell

    for r in range(rows):
        for c in range(columns - 1):
            if not _covered(at_x[c + 1], ys[r], ys[r + 1]):
                union((r, c), (r, c + 1))
    for r in range(rows - 1):
        for c in range(columns):
            if not _covered(at_y[r + 1], xs[c], xs[c + 1]):
                union((r, c), (r + 1, c))
    anchors = tuple(tuple(find((r, c)) for c in range(columns)) for r in range(rows))
    return Grid(tuple(xs), tuple(ys), anchors, _fold(anchors, columns))


def _fold(anchors: tuple[tuple[tuple[int, int], ...], ...], columns: int) -> tuple[int, ...]:
    """Table column of every grid column: a grid column whose two borders never both
    separate cells in one row folds into the column on its right."""
    def separates(row: tuple[tuple[int, int], ...], border: int) -> bool:
        return row[border - 1] != row[border]

    folded = [c for c in range(1, columns - 1)
              if not any(separates(row, c) and separates(row, c + 1) for row in anchors)]
    out: list[int] = []
    column = 0
    for c in range(columns):
        out.append(column)
        if c not in folded:
            column += 1
    return tuple(out)


def find_grids(segments: list[Segment]) -> list[Grid]:
    """The ruled tables among a page's rulings, top to bottom."""
    rulings = merge(segments)
    horizontal = sum(s.horizontal for s in rulings)
    if horizontal * (len(rulings) - horizontal) > MAX_SLOTS:
        raise GridTooLarge(f"{len(rulings)} rulings")
    grids = [grid for component in _components(rulings)
             if any(s.horizontal for s in component) and not all(s.horizontal for s in component)
             and (grid := _grid(component)) is not None]
    return sorted(grids, key=lambda g: (g.ys[0], g.xs[0]))
