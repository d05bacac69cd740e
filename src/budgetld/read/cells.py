"""Reader for PDF text written one table cell per line, as several PDF tools extract it.

Such text keeps the reading order of a page but not its rows: every table cell stands on a
line of its own (a cell's wrapped text on several), a 类/款/项 code is split over the lines of
its columns (``208`` / ``05`` / ``01``), empty cells are missing or left as blank lines, and
neighbouring cells are sometimes put on one line (``12,906,310 一、教育支出``).
Running text is printed as wrapped lines, as in a text layer (:mod:`.pdftext`).

The reader regroups the cells into rows: a row starts at a code or a label, and the amounts
that follow are its values. Cells that no amount follows (titles, header cells, rows whose
cells are all empty) stay lines of text, as a text layer prints them, for the parser to tell
apart. Rows are not aligned: the parser places their amounts in columns. Blank lines are kept
as empty cells only where they are consistent (every row of a table block then has the same
number of value cells) and do not merely separate the text (a single blank line after most
lines, or one between the parts of a code), so that the parser can use them to place amounts.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import groupby

from ..numbers import is_amount, join_code
from .blocks import Block, Line, TableRow
from .pages import assemble, is_prose, page_lines

#: What a classification code part can look like: 类 (3 digits), 款/项 (2), or a whole code.
_CODE_PART = re.compile(r"^(?:\d{2,3}|\d{5}|\d{7})$")
#: Lines holding a single amount that text must have to count as one cell per line.
_MIN_CELLS = 10
#: Blank lines separate the text when there are this many per line of text, nearly all single.
_SEPARATED_SHARE = 0.3
_SINGLE_SHARE = 0.9
#: Kinds of cell that head a row (its code and label) rather than hold its values.
_STUB = ("code", "late-code", "label")


def is_cell_lines(text: str) -> bool:
    """Whether ``text`` is written one table cell per line: lines holding a single amount
    or code part are many, and outnumber twice the lines that hold an amount among other
    cells (the rows of a text layer). A page's last line is left out: it may be its number."""
    single = rows = 0
    for page in text.split("\f"):
        lines = [line.split() for line in page.split("\n") if line.strip()]
        for n, tokens in enumerate(lines):
            amounts = sum(is_amount(token) for token in tokens)
            if len(tokens) == 1 and amounts == 1:
                single += n < len(lines) - 1
            elif amounts and not is_prose(" ".join(tokens)):
                rows += 1
    return single >= _MIN_CELLS and single > 2 * rows


@dataclass(frozen=True, slots=True)
class _Token:
    text: str
    line: Line
    kind: str  # "code", "late-code" (after its name), "label", "amount" or "blank"


@dataclass
class _Row:
    tokens: list[_Token] = field(default_factory=list)

    def has(self, *kinds: str) -> bool:
        return any(t.kind in kinds for t in self.tokens)

    @property
    def values(self) -> list[_Token]:
        start = max((i + 1 for i, t in enumerate(self.tokens) if t.kind in _STUB), default=0)
        return self.tokens[start:]


def _tokens(lines: list[Line]) -> list[_Token]:
    tokens: list[_Token] = []
    for line in lines:
        if not line.text.strip():
            tokens.append(_Token("", line, "blank"))
            continue
        for text in line.text.split():
            kind = "code" if _CODE_PART.match(text) else "amount" if is_amount(text) else "label"
            tokens.append(_Token(text, line, kind))
    return _resolve_codes(tokens)


@dataclass(frozen=True)
class _CodeCandidate:
    """Token indexes that join into a code, and whether a neighbour must confirm it."""

    indexes: list[int]
    doubtful: bool


def _code_candidates(tokens: list[_Token], kinds: list[str]) -> list[_CodeCandidate]:
    """Mark each run of code-like numbers as code or amount (in ``kinds``); return the codes
    found, each with whether it needs a neighbouring row's confirmation."""

    def before(index: int) -> str | None:
        return next((kinds[k] for k in range(index - 1, -1, -1) if kinds[k] != "blank"), None)

    found: list[_CodeCandidate] = []
    i = 0
    while i < len(tokens):
        if kinds[i] != "code":
            i += 1
            continue
        j = i
        while j < len(tokens) and kinds[j] in ("code", "blank"):
            j += 1
        run = [k for k in range(i, j) if kinds[k] == "code"]
        after = kinds[j] if j < len(tokens) else None
        late = after == "amount" and before(run[0]) == "label"
        code: list[int] = []
        if after == "label" or late:
            code = next((run[start:] for start in range(1 if late else len(run))
                         if join_code([tokens[k].text for k in run[start:]]) is not None), [])
        for k in run:
            kinds[k] = ("late-code" if late else "code") if k in code else "amount"
        if code:
            found.append(_CodeCandidate(code, late or (len(code) == 1 and before(code[0]) == "amount")))
        i = j
    return found


def _resolve_codes(tokens: list[_Token]) -> list[_Token]:
    """Decide which code-like numbers are codes. A run of them right before a label (blank
    cells aside) ends in a code: the longest tail of the run that joins into one. A lone 类
    code after an amount must be confirmed by a neighbouring row's code of the same class,
    else it is an amount (``500`` in one row, the next row's label after it). A run between
    a label and amounts is a code printed after its name (a tool that orders a row's cells
    by height), if it joins into a code and a neighbouring row's code confirms it."""
    kinds = [t.kind for t in tokens]
    candidates = _code_candidates(tokens, kinds)
    for n, candidate in enumerate(candidates):
        cls = tokens[candidate.indexes[0]].text[:3]
        neighbours = [candidates[m].indexes for m in (n - 1, n + 1) if 0 <= m < len(candidates)]
        if candidate.doubtful and not any(tokens[other[0]].text[:3] == cls for other in neighbours):
            for k in candidate.indexes:
                kinds[k] = "amount"
    return [_Token(t.text, t.line, kind) for t, kind in zip(tokens, kinds)]


def _as_line(tokens: list[_Token]) -> Line:
    """The cells of a row as one line, numbered where the row starts."""
    first = tokens[0].line
    return Line(first.number, first.page, " ".join(t.text for t in tokens if t.text))


def _regroup(tokens: list[_Token]) -> list[Line | _Row]:
    """Rows from a run of cells: a code, or a label after a row's amounts, starts a row;
    a label after another label starts one too unless the first is a code's name broken
    over lines or stands on the same line (``1. 一般公共预算``)."""
    out: list[Line | _Row] = []
    row = _Row()

    def close() -> None:
        nonlocal row
        if row.has("amount"):
            out.append(row)
        elif row.has("code", "label"):
            out.append(_as_line([t for t in row.tokens if t.kind != "blank"]))
        row = _Row()

    for token in tokens:
        if token.kind == "code":
            if row.has("label", "amount"):
                close()
        elif token.kind == "label":
            if row.has("amount") or (row.has("label") and not row.has("code") and \
                    token.line is not row.tokens[-1].line):
                close()
        elif token.kind == "blank" and not row.tokens:
            continue
        # an amount and a late code just join the row
        row.tokens.append(token)
    close()
    return out


def _table_rows(rows: list[_Row]) -> list[TableRow]:
    """Table rows of one block. Blank cells stay (as empty cells) only where every row has
    the same number of value cells, the last row's trailing blanks aside, and no blank line
    stands between the parts of a code; otherwise the blank lines were no cells."""
    counts = [len(r.values) for r in rows]
    has_blank = any(t.kind == "blank" for r in rows for t in r.tokens) and not any(
        a.kind == "code" and b.kind == "blank" and c.kind == "code"
        for r in rows for a, b, c in zip(r.tokens, r.tokens[1:], r.tokens[2:]))
    width = Counter(counts[:-1] or counts).most_common(1)[0][0]
    last = rows[-1].values
    reliable = has_blank and all(c == width for c in counts[:-1]) and len(last) >= width and \
        all(t.kind == "blank" for t in last[width:])
    out = []
    for row in rows:
        head = [t for t in row.tokens[:len(row.tokens) - len(row.values)] if t.kind != "blank"]
        head.sort(key=lambda t: t.kind == "label")  # a code printed after its name goes first
        values = row.values[:width] if reliable else [t for t in row.values if t.kind != "blank"]
        cells = tuple(t.text for t in head + values)
        first = row.tokens[0].line
        out.append(TableRow(cells, Line(first.number, first.page, " ".join(c for c in cells if c)),
                            aligned=False))
    return out


def _blank_separated(lines: list[Line]) -> bool:
    """Whether blank lines separate the text rather than stand for empty cells: there is one
    after most lines (tools that print a blank line after every text box), single ones; empty
    cells leave runs of blank lines where a row's last cells are empty."""
    runs: list[int] = []
    for previous, line in zip([None, *lines], lines):
        if not line.text:
            if previous is not None and not previous.text:
                runs[-1] += 1
            else:
                runs.append(1)
    filled = sum(1 for line in lines if line.text)
    return len(runs) >= _SEPARATED_SHARE * filled and runs.count(1) >= _SINGLE_SHARE * len(runs)


def read_cells(text: str) -> tuple[tuple[Block, ...], tuple[Line, ...]]:
    """Split ``text`` into pages and lines, regroup table cells into rows, rejoin wrapped
    running text."""
    lines = page_lines(text, keep_blank=True)
    if _blank_separated(lines):
        lines = [line for line in lines if line.text]
    items: list[Line | TableRow] = []
    run: list[Line] = []

    def flush() -> None:
        for rows, group in groupby(_regroup(_tokens(run)), key=lambda i: isinstance(i, _Row)):
            members = list(group)
            if rows:
                items.extend(_table_rows([m for m in members if isinstance(m, _Row)]))
            else:
                items.extend(m for m in members if isinstance(m, Line))
        run.clear()

    for line in lines:
        if line.text.strip() and is_prose(line.text):
            flush()
            items.append(line)
        else:
            run.append(line)
    flush()
    return assemble(items), tuple(line for line in lines if line.text.strip())
