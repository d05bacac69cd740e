"""Placing amounts in columns when the text layer dropped the blank cells.

A row printed as ``208 08 抚恤 294,000 294,000`` under 合计 / 基本支出 / 项目支出 could mean
either 294,000 of basic or of project expenditure. The printed order of the amounts is kept,
so a row's possible placements are the increasing choices of columns. The table's own
arithmetic then decides: a total column equals the sum of its sibling columns, and a parent
row (类, 款, or the 合计 row) equals the sum of its child rows in every column. Candidates
that no consistent choice uses are dropped until nothing changes; a row left with several
candidates takes the leftmost and is marked ambiguous.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations, product

#: Joint placements examined for one parent/children group at most.
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
            options = [slots[m].candidates for m in members]
            if all(len(o) == 1 for o in options):
                continue
            total = 1
            for o in options:
                total *= len(o)
            if total > _MAX_COMBINATIONS:
                continue
            # each candidate's cells once, then every joint choice by their indexes
            spreads = [[slots[m].spread(c, width) for c in o] for m, o in zip(members, options)]
            feasible = [combo for combo in product(*(range(len(o)) for o in options))
                        if _adds_up(spreads[0][combo[0]],
                                    [spreads[i][k] for i, k in enumerate(combo[1:], 1)])]
            if not feasible:
                continue
            for position, member in enumerate(members):
                used = {combo[position] for combo in feasible}
                kept = [c for i, c in enumerate(slots[member].candidates) if i in used]
                if len(kept) < len(slots[member].candidates):
                    slots[member].candidates = kept
                    changed = True


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


def _adds_up(parent: list[Decimal], children: list[list[Decimal]]) -> bool:
    """Whether the children's cells add up to the parent's in every column."""
    for column, total in enumerate(parent):
        added = Decimal(0)
        for child in children:
            added += child[column]
        if added != total:
            return False
    return True
