"""Where the words of a laid-out text layer stand, to put amounts under their header.

Some PDF text extractions keep the page's layout: runs of spaces stand for the gaps between
table columns, so an amount printed under 财政拨款收入 stands under those words on its line,
whatever cells were blank beside it. When a text-layer row's amounts cannot be placed by the
table's own sums, their positions can place them: each column reaches from halfway to its
left neighbour's header to halfway to its right neighbour's; an amount belongs to the column
its middle stands in. Positions are counted in display cells (a CJK character takes two), as
a monospaced rendering shows them. Text that keeps only single spaces between words has lost
its layout: its positions say nothing, and are not used.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from ..model import Column

#: Two spaces or more between words: the text keeps the page's layout.
_GAP = re.compile(r"\S {2,}\S")


def _cells(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def laid_out(text: str) -> bool:
    """Whether a line keeps the gaps of the page's layout."""
    return bool(_GAP.search(text))


def _occurrences(label: str, lines: Sequence[str]) -> list[tuple[int, float, float]]:
    """Where ``label`` stands in ``lines``: (line, start, end) in display cells."""
    out = []
    for number, line in enumerate(lines):
        start = line.find(label)
        while start >= 0:
            left = _cells(line[:start])
            out.append((number, float(left), float(left + _cells(label))))
            start = line.find(label, start + 1)
    return out


def _span(label: str, lines: Sequence[str]) -> list[tuple[int, float, float]]:
    """Where a header label stands: whole on a line, or broken over two lines (事业单位 /
    经营收入: the two pieces' joint extent)."""
    found = _occurrences(label, lines)
    if found:
        return found
    for k in range(1, len(label)):
        head, tail = _occurrences(label[:k], lines), _occurrences(label[k:], lines)
        if len(head) == 1 and len(tail) == 1 and head[0][0] != tail[0][0]:
            return [(head[0][0], min(head[0][1], tail[0][1]), max(head[0][2], tail[0][2]))]
    return []


class HeaderGeometry:
    """The middles of a laid-out header's column labels (``None`` where a label cannot be
    found, or stands in more places than columns bear it)."""

    def __init__(self, lines: Sequence[str], columns: Sequence[Column]) -> None:
        self.middles: dict[str, float | None] = {}
        by_label: dict[str, list[Column]] = {}
        for column in columns:
            by_label.setdefault(column.path[-1], []).append(column)
        for label, bearers in by_label.items():
            found = sorted(_span(label, lines), key=lambda s: (s[1], s[0]))
            usable = len(found) == len(bearers)
            for column, span in zip(bearers, found if usable else [None] * len(bearers)):
                self.middles[column.key] = (span[1] + span[2]) / 2 if span else None

    @classmethod
    def of(cls, lines: Sequence[str], columns: Sequence[Column]) -> HeaderGeometry | None:
        """The geometry of a header that keeps its layout, else ``None``."""
        if not any(laid_out(line) for line in lines):
            return None
        return cls(lines, columns)

    def column_of(self, columns: Sequence[Column], left: float, right: float) -> int | None:
        """The index in ``columns`` (one side's, in order) of the column an amount standing
        from ``left`` to ``right`` belongs to, if every column's header was found."""
        middles = [m for c in columns if (m := self.middles.get(c.key)) is not None]
        if len(middles) < len(columns):
            return None
        order = sorted(range(len(middles)), key=middles.__getitem__)
        bounds = [(a + b) / 2 for a, b in zip(sorted(middles), sorted(middles)[1:])]
        middle = (left + right) / 2
        position = sum(bound <= middle for bound in bounds)
        return order[position]


def amount_spans(text: str, amounts: Sequence[str]) -> list[tuple[float, float]] | None:
    """Where each of ``amounts`` (printed in this order) stands on the line ``text``, in
    display cells; ``None`` if the line does not keep its layout or an amount is not found."""
    if not laid_out(text):
        return None
    out = []
    cursor = 0
    for amount in amounts:
        start = text.find(amount, cursor)
        if start < 0:
            return None
        left = _cells(text[:start])
        out.append((float(left), float(left + _cells(amount))))
        cursor = start + len(amount)
    return out
