"""Row labels a table wrapped over two lines, rejoined.

A label too long for its cell wraps: the text of a PDF page prints its second half as a line
of its own without amounts (``机关事业单位基本养老保险缴`` … ``费支出``), or the first half
with the row's code and the second half with its amounts, splitting the row in two. Read as
they stand, the halves are two rows: one labelled with half a name and no amounts, one with
the amounts and no code. This module puts them together again.

Which row a piece of label belongs to is decided by what is known: the classification's name
of the row's code (``2080505`` is 机关事业单位基本养老保险缴费支出), or a row name of the layout
vocabulary. In a table whose rows carry codes, a piece also joins the one neighbour whose label
is not yet the whole name of its code when the other's is. Otherwise the piece is left as it
stands (and reported): a label is never completed by a guess.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from ..codelists import classification_for
from ..layouts import fold


class Draft(Protocol):
    """What this module needs of a row not yet typed: its label and code it may change."""

    label: str
    code: str | None

    @property
    def side(self) -> str | None: ...

    @property
    def values(self) -> list[str]: ...

    @property
    def extra(self) -> dict[str, str]: ...

    @property
    def outer(self) -> bool: ...


D = TypeVar("D", bound=Draft)


@dataclass(frozen=True)
class Vocabulary:
    """``standalone``: a label that is a row of its own (enumerated, a total, a known row
    name, a "no data" remark); ``known``: a label the layout vocabulary names."""

    standalone: Callable[[str], bool]
    known: Callable[[str], bool]


def _names(code: str | None) -> set[str]:
    """The names the classification gave ``code`` in any year."""
    if not code:
        return set()
    return {fold(c.zh) for c in classification_for(code).codes if c.code == code}


def _join(first: str, second: str) -> str:
    """Two halves of a wrapped label: Chinese wraps without a space."""
    first, second = first.strip(), second.strip()
    if first and second and first[-1].isascii() and first[-1].isalnum() and \
            second[0].isascii() and second[0].isalnum():
        return f"{first} {second}"
    return first + second


def _has_values(draft: Draft) -> bool:
    return any(v.strip() for v in draft.values)


def _piece(draft: Draft, words: Vocabulary) -> bool:
    """A line holding only a piece of a label: no code, no amounts, not a row of its own."""
    return bool(draft.label.strip()) and not draft.code and not _has_values(draft) and \
        not draft.extra and not draft.outer and not words.standalone(draft.label)


def _named(code: str | None, label: str, words: Vocabulary) -> bool:
    """Whether ``label`` is the name of ``code`` or a name the vocabulary knows."""
    key = fold(label)
    return key in _names(code) or words.known(label)


def rejoin(drafts: Sequence[D], words: Vocabulary, unsure: Callable[[D], None]) -> list[D]:
    """``drafts`` with rows split by a wrapped label merged and label pieces rejoined; in a
    table whose rows carry codes, a piece whose row cannot be told is kept as it stands and
    passed to ``unsure``."""
    rows = _merge_split_rows(list(drafts), words)
    coded = sum(bool(d.code) for d in rows) > len(rows) // 2
    out: list[D] = []
    for i, draft in enumerate(rows):
        if not _piece(draft, words):
            out.append(draft)
            continue
        above = next((d for d in reversed(out) if d.side == draft.side), None)
        below = next((d for d in rows[i + 1:] if d.side == draft.side), None)
        # a row that is not yet its whole name (by its code's name) can take the piece
        above_open = coded and above is not None and not _complete(above, words)
        below_open = coded and below is not None and bool(below.code) and \
            not _complete(below, words)
        if above is not None and _named(above.code, _join(above.label, draft.label), words):
            above.label = _join(above.label, draft.label)
        elif below is not None and _named(below.code, _join(draft.label, below.label), words):
            below.label = _join(draft.label, below.label)
        elif above is not None and above_open and not below_open:
            above.label = _join(above.label, draft.label)
        elif below is not None and below_open and not above_open:
            below.label = _join(draft.label, below.label)
        else:
            if coded:  # in a table without codes a row without amounts is ordinary
                unsure(draft)
            out.append(draft)
    return out


def _complete(draft: Draft, words: Vocabulary) -> bool:
    """A row whose label is already the whole name of its code (or a known name)."""
    return bool(draft.label.strip()) and _named(draft.code, draft.label, words)


def _merge_split_rows(drafts: list[D], words: Vocabulary) -> list[D]:
    """A row printed as its code and the first half of its label (no amounts), then the
    second half with the amounts (no code): one row, its amounts where they were printed."""
    out: list[D] = []
    for draft in drafts:
        above = out[-1] if out else None
        if above is not None and above.side == draft.side and above.code and \
                not _has_values(above) and not draft.code and _has_values(draft) and \
                not above.extra and not words.standalone(draft.label):
            draft.code = above.code
            draft.label = _join(above.label, draft.label)
            out[-1] = draft
            continue
        out.append(draft)
    return out
