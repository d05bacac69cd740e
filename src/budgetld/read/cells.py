"""Reader for PDF text written one table cell per line, as several PDF tools extract it.

Such text keeps the reading order of a page but not its rows: every table cell stands on a
line of its own (a cell's wrapped text on several), a 类/款/项 code is split over the lines of
its columns (``208`` / ``05`` / ``01``), empty cells are missing or left as blank lines, and
neighbouring cells are sometimes put on one line (``47,483,458 一、社会保障和就业支出``).
Running text is printed as wrapped lines, as in a text layer (:mod:`.pdftext`).

The reader regroups the cells into rows: a row starts at a code or a label, and the amounts
that follow are its values. Cells that no amount follows (titles, header cells, rows whose
cells are all empty) stay lines of text, as a text layer prints them, for the parser to tell
apart. Rows are not aligned: the parser places their amounts in columns. Blank lines are kept
as empty cells only where they are consistent (every row of a table block then has the same
number of value cells), so that the parser can use them to place amounts.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..numbers import is_amount, join_code
from .blocks import Block, Line, TableRow
from .pages import assemble, is_prose, page_lines

#: What a classification code part can look like: 类 (3 digits), 款/项 (2), or a whole code.
_CODE_PART = re.compile(r"^(?:\d{2,3}|\d{5}|\d{7})$")
#: Share of non-blank lines holding a single amount or code part from which text counts as
#: one cell per line (a text layer puts a row's amounts on one line: it has almost none).
_CELL_SHARE = 0.15


def is_cell_lines(text: str) -> bool:
    """Whether ``text`` is written one table cell per line: many lines hold a single amount
    or code part, and they outnumber the lines holding several amounts (rows of a text
    layer)."""
    single = several = total = 0
    for line in text.split("\n"):
        tokens = line.split()
        if not tokens:
            continue
        total += 1
        amounts = sum(is_amount(token) for token in tokens)
        single += len(tokens) == 1 and amounts == 1
        several += amounts >= 2
    return total > 0 and single >= _CELL_SHARE * total and single > 2 * several


@dataclass(frozen=True, slots=True)
class _Token:
    text: str
    line: Line
    kind: str  # "code", "label", "amount" or "blank"


@dataclass
class _Row:
    tokens: list[_Token] = field(default_factory=list)

    def has(self, *kinds: str) -> bool:
        return any(t.kind in kinds for t in self.tokens)

    @property
    def values(self) -> list[_Token]:
        start = max((i + 1 for i, t in enumerate(self.tokens) if t.kind in ("code", "label")),
                    default=0)
        return self.tokens[start:]


def _tokens(lines: list[Line]) -> list[_Token]:
    tokens: list[_Token] = []
    for line in lines:
        if not line.text.strip():
            tokens.append(_Token("", line, "blank"))
            continue
        for text in line.text.split():
            kind = "amount" if is_amount(text) else "label"
            tokens.append(_Token(text, line, "code" if _CODE_PART.match(text) else kind))
    return _resolve_codes(tokens)


def _resolve_codes(tokens: list[_Token]) -> list[_Token]:
    """Decide which code-like numbers are codes: a run of them right before a label (blank
    cells aside), the longest tail of the run that joins into a code. A lone 类 code that
    follows an amount must be confirmed by the code of a neighbouring row of the same class;
    otherwise it is an amount (``500`` in one row, the next row's label after it)."""
    kinds = [t.kind for t in tokens]
    candidates: list[tuple[list[int], bool]] = []  # (code token indexes, needs confirmation)
    i = 0
    while i < len(tokens):
        if kinds[i] != "code":
            i += 1
            continue
        run = []
        j = i
        while j < len(tokens) and kinds[j] in ("code", "blank"):
            if kinds[j] == "code":
                run.append(j)
            j += 1
        followed = j < len(tokens) and kinds[j] == "label"
        code: list[int] = []
        if followed:
            for start in range(len(run)):
                if join_code([tokens[k].text for k in run[start:]]) is not None:
                    code = run[start:]
                    break
        for k in run:
            if k not in code:
                kinds[k] = "amount"
        if code:
            before = next((kinds[k] for k in range(code[0] - 1, -1, -1) if kinds[k] != "blank"),
                          None)
            candidates.append((code, len(code) == 1 and before == "amount"))
        i = j
    for n, (code, doubtful) in enumerate(candidates):
        if not doubtful:
            continue
        cls = tokens[code[0]].text[:3]
        neighbours = [candidates[m][0] for m in (n - 1, n + 1) if 0 <= m < len(candidates)]
        if not any(tokens[other[0]].text[:3] == cls for other in neighbours):
            kinds[code[0]] = "amount"
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
            if row.has("amount"):
                close()
            elif row.has("label") and not row.has("code") and \
                    token.line is not row.tokens[-1].line:
                close()
        elif token.kind == "blank" and not row.has("label", "amount"):
            continue
        row.tokens.append(token)
    close()
    return out


def _trim(rows: list[_Row]) -> list[TableRow]:
    """Table rows of one block. Blank cells stay (as empty cells) only where every row has
    the same number of value cells, the last row's trailing blanks aside; otherwise the blank
    lines were not cells and are dropped."""
    counts = [len(r.values) for r in rows]
    has_blank = any(t.kind == "blank" for r in rows for t in r.tokens)
    width = Counter(counts[:-1] or counts).most_common(1)[0][0]
    last = rows[-1].values
    reliable = has_blank and all(c == width for c in counts[:-1]) and len(last) >= width and \
        all(t.kind == "blank" for t in last[width:])
    out = []
    for row in rows:
        tokens = [t for t in row.tokens if t.kind != "blank"]
        cells = [t.text for t in tokens]
        if reliable:
            head = len(row.tokens) - len(row.values)
            cells = [t.text for t in row.tokens[:head] if t.kind != "blank"] + \
                [t.text for t in row.values[:width]]
        out.append(TableRow(tuple(cells), _as_line(tokens), aligned=False))
    return out


def read_cells(text: str) -> tuple[tuple[Block, ...], tuple[Line, ...]]:
    """Split ``text`` into pages and lines, regroup table cells into rows, rejoin wrapped
    running text."""
    lines = page_lines(text, keep_blank=True)
    items: list[Line | TableRow] = []
    run: list[Line] = []

    def flush() -> None:
        pending: list[_Row] = []
        for item in _regroup(_tokens(run)) + [None]:
            if isinstance(item, _Row):
                pending.append(item)
                continue
            if pending:
                items.extend(_trim(pending))
                pending = []
            if item is not None:
                items.append(item)
        run.clear()

    for line in lines:
        if line.text.strip() and is_prose(line.text):
            flush()
            items.append(line)
        else:
            run.append(line)
    flush()
    return assemble(items), tuple(line for line in lines if line.text.strip())
