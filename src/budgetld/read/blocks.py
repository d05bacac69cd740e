"""The neutral blocks every reader produces, whatever the physical form of the file.

A reader knows only the physical layout (lines, pages, cell separators), not the meaning:
it never decides that a line is a table title or a section heading. That is the parser's job.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..model import Box, SourceFile
from ..warning_codes import WarningCode
from .decode import DecodedText


@dataclass(frozen=True, slots=True)
class Line:
    """One physical line of the source: 1-based line number and page, as each form counts
    them. A text file counts its lines (pages by form feeds); a PDF numbers its text lines in
    reading order through the document and gives the box a line's text occupies; a Word
    document counts its paragraphs and table rows; a workbook gives the row number as line,
    the sheet's position as page and its name as ``sheet``, so a finding can say "sheet 表3,
    row 12"."""

    number: int
    page: int | None
    text: str
    sheet: str | None = None
    box: Box | None = None


@dataclass(frozen=True, slots=True)
class Paragraph:
    """Running text: one or more physical lines joined (wrapped lines are rejoined).
    ``offsets[i]`` is where ``lines[i]`` starts in ``text``; ``style`` is set only when the
    source marks it (e.g. a Word heading style), never guessed."""

    lines: tuple[Line, ...]
    text: str
    offsets: tuple[int, ...]
    style: str | None = None

    @property
    def first(self) -> Line:
        return self.lines[0]

    def line_at(self, offset: int) -> Line:
        """The physical line that holds character ``offset`` of ``text``."""
        index = 0
        for i, start in enumerate(self.offsets):
            if start <= offset:
                index = i
        return self.lines[index]


@dataclass(frozen=True, slots=True)
class TableRow:
    """A row of cells. When ``aligned`` the i-th cell is the i-th column (blank cells kept);
    otherwise the form dropped blank cells (a PDF text layer) and the parser must place them.
    ``spans[i]``, where the form says it (a PDF's ruled grid, a Word or Excel merge), is the
    number of columns cell ``i`` is merged over: the blank cells it covers are not blank
    cells of their own."""

    cells: tuple[str, ...]
    line: Line
    aligned: bool
    boxes: tuple[Box | None, ...] = ()
    spans: tuple[int, ...] = ()

    def span(self, index: int) -> int:
        """How many columns cell ``index`` covers (1 where the form does not say)."""
        return self.spans[index] if index < len(self.spans) else 1

    def cell_line(self, index: int) -> Line:
        """The row's line narrowed to cell ``index``: its box where the form gives one."""
        box = self.boxes[index] if index < len(self.boxes) else None
        return replace(self.line, box=box) if box is not None else self.line


@dataclass(frozen=True, slots=True)
class TableBlock:
    rows: tuple[TableRow, ...]

    @property
    def first(self) -> Line:
        return self.rows[0].line


Block = Paragraph | TableBlock


@dataclass(frozen=True, slots=True)
class ReadWarning:
    """Something the reader could not read as the document shows it (a table whose grid
    failed, a page without text); the parser reports it with its own warnings."""

    code: WarningCode
    params: dict[str, str | int]
    line: Line | None = None


@dataclass(frozen=True, slots=True)
class ReadDocument:
    """A file read into blocks, with its provenance."""

    path: Path
    source: SourceFile
    blocks: tuple[Block, ...]
    lines: tuple[Line, ...] = field(repr=False, default=())
    warnings: tuple[ReadWarning, ...] = ()


def provenance(path: Path, data: bytes, form: str, *, pages: int | None = None,
               normalised: Sequence[str] = (), decoded: DecodedText | None = None) -> SourceFile:
    """The :class:`SourceFile` of ``data`` read as ``form`` (``decoded`` for a text file)."""
    return SourceFile(
        name=path.name, sha256=hashlib.sha256(data).hexdigest(), size=len(data), form=form,
        encoding=decoded.encoding if decoded else None,
        encoding_evidence=decoded.evidence if decoded else None,
        newline=decoded.newline if decoded else None,
        normalised=list(decoded.normalised if decoded else normalised), pages=pages)


def join_text(parts: list[str]) -> tuple[str, tuple[int, ...]]:
    """Join physically wrapped pieces of text; return the text and where each piece starts.
    Chinese text wraps without a space; a space is kept only between two Latin letters or
    digits."""
    pieces: list[str] = []
    offsets: list[int] = []
    length = 0
    for part in parts:
        text = part.strip()
        if pieces and pieces[-1] and text and pieces[-1][-1].isascii() and \
                pieces[-1][-1].isalnum() and text[0].isascii() and text[0].isalnum():
            pieces.append(" ")
            length += 1
        offsets.append(length)
        pieces.append(text)
        length += len(text)
    return "".join(pieces), tuple(offsets)


def join_wrapped(lines: list[Line]) -> Paragraph:
    """Join physically wrapped lines into one paragraph (see :func:`join_text`)."""
    text, offsets = join_text([line.text for line in lines])
    return Paragraph(tuple(lines), text, offsets)
