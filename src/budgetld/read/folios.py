"""Page numbers printed in the text of a document: found so that they are not read as content.

A PDF's text layer, a copy of it one cell per line, or a document copied to text keeps the
page number of every page (``7``, ``- 7 -``, ``第7页``, ``第 7 页 共 24 页``) as a line of its
own at the end or start of the page. Left in, a bare ``7`` reads as a table row holding the
amount 7. A decorated number is unmistakable; a bare one is taken only where the pages agree
on it: the numbers at the page edges run with the pages (the same offset between the printed
number and the page's position on at least two pages).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from .blocks import Line

#: A page number: ``3``, ``- 3 -``, ``第3页``, ``3/24``, ``第 3 页，共 24 页``, ``第3页/共24页``.
PAGE_NUMBER = re.compile(r"^[-—–－\s]*(?:第\s*)?(?P<number>\d{1,4})(?:\s*页)?"
                         r"(?:\s*(?:[，,]?\s*共|[/／]\s*(?:共\s*)?)\s*\d{1,4}\s*页?)?"
                         r"[-—–－\s]*$")
#: A bare number (a leading minus alone makes a negative amount, not a decorated number).
_BARE = re.compile(r"^\s*[-－]?\s*\d{1,4}\s*$")
#: Bare numbers at the page edges that run with the pages on this many pages are page numbers.
_AGREEING_PAGES = 2


def number(text: str) -> int | None:
    """The page number ``text`` prints, if it is one."""
    found = PAGE_NUMBER.match(text)
    return int(found.group("number")) if found else None


def is_decorated(text: str) -> bool:
    """A page number that says it is one (dashes, 第…页, 共…页, a slash): not a bare number."""
    return number(text) is not None and not _BARE.match(text)


def _edges(lines: Sequence[Line]) -> list[Line]:
    """The first and last non-blank line of every page."""
    pages: dict[int | None, list[Line]] = {}
    for line in lines:
        if line.text.strip():
            pages.setdefault(line.page, []).append(line)
    return [edge for page in pages.values() for edge in dict.fromkeys((page[0], page[-1]))]


#: Where a line stands: its number and page (a form feed inside a line starts a page, so two
#: pieces of one line can share its number).
Place = tuple[int, int | None]


def _place(line: Line) -> Place:
    return line.number, line.page


def page_number_lines(lines: Sequence[Line]) -> set[Place]:
    """Where the page numbers stand among ``lines`` (paged by form feeds)."""
    edges = [(line, found) for line in _edges(lines) if (found := number(line.text)) is not None]
    places = {_place(line) for line, _ in edges if is_decorated(line.text)}
    bare = [(line, found - line.page) for line, found in edges
            if not is_decorated(line.text) and line.page is not None]
    offsets = Counter(offset for _, offset in bare)
    return places | {_place(line) for line, offset in bare if offsets[offset] >= _AGREEING_PAGES}


def lone_page_numbers(lines: Sequence[Line], lone: Sequence[bool]) -> set[Place]:
    """Where the page numbers stand in text without page breaks (a document copied to
    text): lines that may be one (``lone``: not a table row) printing a decorated page number,
    or bare numbers when at least two of them rise through the document."""
    candidates = [(line, found) for line, alone in zip(lines, lone)
                  if alone and (found := number(line.text)) is not None]
    places = {_place(line) for line, _ in candidates if is_decorated(line.text)}
    bare = [(line, found) for line, found in candidates if not is_decorated(line.text)]
    values = [found for _, found in bare]
    if len(bare) >= _AGREEING_PAGES and values == sorted(set(values)):
        places |= {_place(line) for line, _ in bare}
    return places


def without_page_numbers(lines: list[Line]) -> list[Line]:
    """``lines`` (paged by form feeds) without the page numbers at the page edges."""
    drop = page_number_lines(lines)
    return [line for line in lines if _place(line) not in drop] if drop else lines
