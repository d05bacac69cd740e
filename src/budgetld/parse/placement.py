"""Placing amounts in columns when the text layer dropped the blank cells.

A row printed as ``208 08 抚恤 294,000 294,000`` under 合计 / 基本支出 / 项目支出 could mean
either 294,000 of basic or of project expenditure. The printed order of the amounts is kept,
so a row's possible placements are the increasing choices of columns. The table's own
arithmetic then decides: a total column equals the sum of its sibling columns, and a parent
row (类, 款, or the 合计 row) equals the sum of its child rows in every column. Candidates
that no consistent choice uses are dropped until nothing changes. An amount stands in the
column all the candidates left agree on; where they disagree, the sums cannot tell, and the
parser does not guess.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations
from operator import add, sub

#: Joint placements of one parent/children group examined at most.
_MAX_COMBINATIONS = 100_000


@dataclass
class Slot:
    """A row waiting for placement: its printed values and the candidate column choices."""

    values: list[Decimal]
    candidates: list[tuple[int, ...]]

    def spread(self, choice: tuple[int, ...], width: int) -> list[Decimal]:
        out = [Decimal(0)] * width
        for column, value in zip(choice, self.values):
            out[column] = value
        return out


def candidates(count: int, width: int, sums: list[tuple[int, list[int]]],
               values: list[Decimal]) -> list[tuple[int, ...]]:
    """Increasing column choices for ``count`` values, keeping those that satisfy the row's
    own total columns (``sums``: total column → part columns) when any does."""
    if count >= width:
        return [tuple(range(width))]
    choices = list(combinations(range(width), count))
    slot = Slot(values, choices)
    consistent = [c for c in choices if _row_ok(slot.spread(c, width), sums)]
    return consistent or choices


def _row_ok(cells: list[Decimal], sums: list[tuple[int, list[int]]]) -> bool:
    return all(cells[total] == sum((cells[p] for p in parts), Decimal(0))
               for total, parts in sums)


def solve(slots: list[Slot], groups: list[tuple[int, list[int]]], width: int) -> None:
    """Narrow each slot's candidates using ``groups`` (parent slot index, child indexes)."""
    changed = True
    while changed:
        changed = False
        for parent, children in groups:
            members = [parent, *children]
            changed |= _bound_by_parent(slots, parent, children, width)
            choices = 1
            for m in members:
                choices *= len(slots[m].candidates)
            if choices == 1 or choices > _MAX_COMBINATIONS:
                continue
            used = _used_candidates([[tuple(slots[m].spread(c, width)) for c in slots[m].candidates]
                                     for m in members])
            if used is None:
                continue
            for member, indexes in zip(members, used):
                kept = [c for i, c in enumerate(slots[member].candidates) if i in indexes]
                if len(kept) < len(slots[member].candidates):
                    slots[member].candidates = kept
                    changed = True


Cells = tuple[int, ...]


def _integers(spreads: list[list[tuple[Decimal, ...]]]) -> list[list[Cells]]:
    """The cells as whole numbers of the smallest unit any of them is printed in (cents of
    ``1.50``): the sums below are the same, made exactly, and cheaper than on Decimals,
    which the sets also hash anew for every sum (with the sums made by ``map``, the groups
    of a sample's tables took 2.2 ms instead of 5.4 ms)."""
    places = max((-int(v.as_tuple().exponent) for options in spreads for cells in options
                  for v in cells), default=0)
    scale: int = 10 ** max(places, 0)

    def whole(value: Decimal) -> int:
        numerator, denominator = value.as_integer_ratio()
        return numerator * (scale // denominator)

    return [[tuple(map(whole, cells)) for cells in options] for options in spreads]


def _sums(options: list[list[Cells]], zero: Cells) -> list[set[Cells]]:
    """The sums that the first 0, 1, … of ``options`` can make (one choice from each)."""
    out = [{zero}]
    for cells in options:
        out.append({tuple(map(add, total, c)) for total in out[-1] for c in set(cells)})
    return out


def _used_candidates(spreads: list[list[tuple[Decimal, ...]]]) -> list[set[int]] | None:
    """For a parent's candidates (``spreads[0]``, as cells) and its children's, the indexes
    each member keeps: those some joint choice uses in which the children add up to the
    parent in every column. Worked out on the sums the children can make before and after
    each one rather than on every joint choice: rows of equal cells (blank or zero rows have
    many placements alike) multiply the choices, not the sums. None when no joint choice
    adds up."""
    parent, *children = _integers(spreads)
    zero: Cells = (0,) * len(parent[0])
    before = _sums(children, zero)
    after = _sums(children[::-1], zero)
    targets = {cells for cells in parent if cells in before[-1]}
    if not targets:
        return None
    used = [{i for i, cells in enumerate(parent) if cells in targets}]
    for k, options in enumerate(children):
        # what candidate k must add to the sum of those before it: a target less those after it
        needed = {tuple(map(sub, target, rest))
                  for target in targets for rest in after[len(children) - k - 1]}
        used.append({i for i, cells in enumerate(options)
                     if any(tuple(map(add, total, cells)) in needed for total in before[k])})
    return used


def _bound_by_parent(slots: list[Slot], parent: int, children: list[int], width: int) -> bool:
    """With a fixed parent and no negative amounts, a child cannot put more in a column than
    the parent has there: drop such candidates (keeps big groups small enough to enumerate)."""
    if len(slots[parent].candidates) != 1 or any(v < 0 for c in children for v in slots[c].values):
        return False
    limit = slots[parent].spread(slots[parent].candidates[0], width)
    changed = False
    for child in children:
        kept = [c for c in slots[child].candidates
                if all(v <= bound for v, bound in zip(slots[child].spread(c, width), limit))]
        if kept and len(kept) < len(slots[child].candidates):
            slots[child].candidates = kept
            changed = True
    return changed
