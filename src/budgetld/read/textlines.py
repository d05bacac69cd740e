"""Characters placed on a page → text lines, and lines → the text of a table cell.

A line is the characters whose vertical centres lie close together, read left to right; a
space of the text layer, or a gap wider than a share of the characters' height, is a word
space. Boxes are rounded to a
hundredth of a point so the same file always gives the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Box
from .pdfpage import Char

#: A character belongs to a line when its vertical centre is this share of the line's
#: character height from the line's centre, or closer.
SAME_LINE = 0.45
#: A horizontal gap wider than this share of the character height is a word space.
WORD_GAP = 0.35
#: The same character drawn again closer than this share of its height is fake bold.
OVERPRINT = 0.3


@dataclass(frozen=True, slots=True)
class TextLine:
    """One line of characters: its text, box and character height (the font size), and its
    characters left to right (a table without rulings is read by their positions)."""

    text: str
    box: Box
    size: float
    chars: tuple[Char, ...] = field(default=(), repr=False, compare=False)

    @property
    def x0(self) -> float:
        return self.box.x0

    @property
    def x1(self) -> float:
        return self.box.x1

    @property
    def top(self) -> float:
        return self.box.top

    @property
    def bottom(self) -> float:
        return self.box.bottom


def box_of(chars: list[Char]) -> Box:
    return Box(x0=round(min(c.x0 for c in chars), 2), top=round(min(c.top for c in chars), 2),
               x1=round(max(c.x1 for c in chars), 2),
               bottom=round(max(c.bottom for c in chars), 2))


def _median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def _text(chars: list[Char], size: float) -> str:
    parts: list[str] = []
    previous: Char | None = None
    for char in chars:
        if previous is not None and (char.space_before or char.x0 - previous.x1 > WORD_GAP * size):
            parts.append(" ")
        parts.append(char.text)
        previous = char
    return "".join(parts)


def _without_overprint(chars: list[Char], size: float) -> list[Char]:
    """A line without the copies of fake bold: the same character drawn again a little off
    the first (``合合计计`` → ``合计``)."""
    out: list[Char] = []
    for char in chars:
        if out and char.text == out[-1].text and abs(char.x0 - out[-1].x0) < OVERPRINT * size:
            continue
        out.append(char)
    return out


def group_lines(chars: list[Char]) -> list[TextLine]:
    """The text lines ``chars`` form, top to bottom."""
    groups: list[list[Char]] = []
    centres: list[float] = []
    for char in sorted(chars, key=lambda c: (c.yc, c.x0)):
        if groups and abs(char.yc - centres[-1]) <= SAME_LINE * max(char.height,
                                                                    groups[-1][0].height):
            groups[-1].append(char)
        else:
            groups.append([char])
            centres.append(char.yc)
    lines = []
    for group in groups:
        group.sort(key=lambda c: c.x0)
        size = _median([c.height for c in group])
        group = _without_overprint(group, size)
        lines.append(TextLine(_text(group, size), box_of(group), size, tuple(group)))
    return lines


def cell_text(lines: list[TextLine]) -> str:
    """The lines of a cell as one text: the cell wrapped them, so they join without a space,
    except between two Latin letters."""
    out = ""
    for line in lines:
        if out and out[-1].isascii() and out[-1].isalpha() and line.text[0].isascii() \
                and line.text[0].isalpha():
            out += " "
        out += line.text
    return out
