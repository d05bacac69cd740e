"""The table of contents (目录), however it is printed.

Its entries list the sections and tables that follow, so they look like headings and table
titles. Read as such, every listed table becomes an empty table (and takes the id of the real
one). The entries are printed with leaders and page numbers (``一、部门主要职能 …… 3``), with
page numbers only (a row ``title<TAB>3``), or bare; an entry may wrap over two lines, and a
contents page may print two entries side by side. The contents end where the body starts: at
the first entry printed again (the body's first heading), or at a line followed by running
text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..layouts import fold
from ..model import TocEntry
from ..numbers import ENUMERATOR, split_enumerator
from ..read.blocks import Block, Line, Paragraph, TableBlock
from . import signals
from .context import ParseContext

_PAGE = re.compile(r"^\d{1,3}$")
_LEADER_TAIL = re.compile(r"[.…·\s]+\d*\s*$")
#: An entry printed with leaders: its title, the leaders, its page number if printed. A line
#: may hold several side by side.
_LEADERED = re.compile(r"\s*(?P<title>\S.*?)\s*(?:\.{3,}|…{2,}|·{3,})[.…·\s]*(?P<page>\d{1,3})?(?=\s|$)")
#: Headings or titles listed in a row from which a list without a 目录 heading is contents.
_LISTING = 3
#: Entries of such a list printed again later (the parts it lists), at least.
_LISTED_AGAIN = 2


def _entry(ctx: ParseContext, text: str, page: str | None, line: Line) -> TocEntry:
    title = _LEADER_TAIL.sub("", text).strip()
    number, bare = signals.split_title_number(title)
    if number is None:
        number, bare = split_enumerator(title)
    return TocEntry(number=number, title=bare, page=int(page) if page else None,
                    source=ctx.ref(line))


def _short_plain(text: str) -> bool:
    """What an entry without leaders looks like: short, no sentence punctuation."""
    key = fold(text)
    return 0 < len(key) <= signals.TITLE_MAX and not re.search(r"[，。；]", text)


def _title_key(text: str) -> str:
    """An entry or heading without its number and leaders, to compare the two."""
    title = _LEADER_TAIL.sub("", text).strip()
    number, bare = signals.split_title_number(title)
    if number is None:
        bare = split_enumerator(title)[1]
    return fold(bare)


@dataclass
class Contents:
    """The entries read so far and how they are printed."""

    entries: list[TocEntry] = field(default_factory=list)
    marked: bool = False  #: entries are printed with leaders or page numbers

    def take(self, ctx: ParseContext, blocks: tuple[Block, ...], i: int) -> int:
        """How many blocks from ``blocks[i]`` are entries (0: the contents have ended)."""
        block = blocks[i]
        if isinstance(block, TableBlock):
            entries = self._row_entries(ctx, block)
            if entries is None:
                return 0
            self._add(entries, marked=True)
            return 1
        text = block.text.strip()
        after = blocks[i + 1] if i + 1 < len(blocks) else None
        if signals.is_toc_line(text):
            self._add(self._line_entries(ctx, text, block.first), marked=True)
            return 1
        if not _short_plain(text) or _title_key(text) in {_title_key(e.title) for e in self.entries}:
            return 0  # running text, or the first entry printed again: the body's heading
        if isinstance(after, Paragraph) and signals.is_toc_line(after.text) and \
                ENUMERATOR.match(after.text) is None and self.marked:
            # an entry wrapped over two lines: its leaders and page on the second
            self._add(self._line_entries(ctx, text + after.text.strip(), block.first),
                      marked=True)
            return 2
        if self.marked and not self._listing_goes_on(after):
            return 0
        if not self.marked and self._prose(after):
            return 0
        if self._continues_previous(text):
            last = self.entries[-1]
            self.entries[-1] = last.model_copy(update={"title": last.title + text})
            return 1
        self._add([_entry(ctx, text, None, block.first)], marked=False)
        return 1

    def listed(self, ctx: ParseContext, block: Paragraph) -> None:
        """Add a title found listed among others where no table follows it."""
        self._add([_entry(ctx, block.text, None, block.first)], marked=False)

    def _add(self, entries: list[TocEntry], marked: bool) -> None:
        self.entries += entries
        self.marked |= marked

    @staticmethod
    def _prose(block: Block | None) -> bool:
        return isinstance(block, Paragraph) and not _short_plain(block.text)

    def _listing_goes_on(self, block: Block | None) -> bool:
        """In contents printed with leaders, an entry without them is followed by more."""
        if isinstance(block, TableBlock):
            return True
        return isinstance(block, Paragraph) and (signals.is_toc_line(block.text) or
                                                 _short_plain(block.text))

    def _continues_previous(self, text: str) -> bool:
        """A bare entry wrapped over two lines: the second has no number where the entries
        are numbered."""
        if not self.entries or ENUMERATOR.match(text) or signals.split_title_number(text)[0]:
            return False
        numbered = sum(e.number is not None for e in self.entries)
        return self.entries[-1].number is not None and numbered * 2 > len(self.entries)

    @staticmethod
    def _line_entries(ctx: ParseContext, text: str, line: Line) -> list[TocEntry]:
        """The entries of a line with leaders: one, or several printed side by side."""
        found = list(_LEADERED.finditer(text))
        if len(found) > 1 or (found and found[0].group("page")):
            return [_entry(ctx, m.group("title"), m.group("page"), line) for m in found]
        return [_entry(ctx, text, None, line)]

    @staticmethod
    def _row_entries(ctx: ParseContext, block: TableBlock) -> list[TocEntry] | None:
        """Entries printed as rows: a title (in one or two cells) and its page number, once
        or several times side by side."""
        entries: list[TocEntry] = []
        for row in block.rows:
            titles: list[str] = []
            for cell in (c.strip() for c in row.cells if c.strip()):
                if _PAGE.match(cell) and titles:
                    entries.append(_entry(ctx, " ".join(titles), cell, row.line))
                    titles = []
                elif len(titles) < 2 and not _PAGE.match(cell):
                    titles.append(cell)
                else:
                    return None
            if titles:
                return None
        return entries


def _listed(ctx: ParseContext, block: Block) -> list[str]:
    """The titles ``block`` lists if it may be entries of contents printed without a 目录
    heading (none if it may not)."""
    if isinstance(block, TableBlock):
        entries = Contents._row_entries(ctx, block)
        return [_title_key(e.title) for e in entries or ()]
    text = block.text.strip()
    if signals.is_toc_line(text) or (_short_plain(text) and (
            signals.heading(ctx.knowledge, text) is not None or
            signals.table_title(ctx.knowledge, text)[0])):
        return [_title_key(text)]
    return []


def starts_listing(ctx: ParseContext, blocks: tuple[Block, ...], i: int) -> bool:
    """Whether ``blocks[i]`` starts contents printed without a 目录 heading: a run of headings
    and titles with nothing between them, of which some are printed again later."""
    titles: list[str] = []
    end = i
    while end < len(blocks) and (listed := _listed(ctx, blocks[end])):
        titles += listed
        end += 1
    if len(titles) < _LISTING:
        return False
    later = {_title_key(b.text) for b in blocks[end:] if isinstance(b, Paragraph)}
    return sum(title in later for title in titles) >= _LISTED_AGAIN
