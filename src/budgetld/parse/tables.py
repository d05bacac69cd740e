"""Budget tables: collect a table's blocks after its title, then resolve header, rows, cells.

A table is what follows a recognised title up to the next title, heading or unrelated text:
its meta lines (单位名称 / 编制部门, 单位：万元), header, body rows (over page breaks, with or
without a repeated header) and notes (an explicit "本表无数据" makes it empty, not missing).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise, takewhile

from .. import warning_codes as codes
from ..layouts import TableKind, fold, fold_header
from ..model import Amount, BudgetTable, Cell, Column, Row, TextNote, Unplaced
from ..model.tables import Placement, RowRole, Side
from ..numbers import chinese_numeral, code_level, is_amount, join_code, parse_amount, split_enumerator
from ..read.blocks import Block, Line, Paragraph, TableBlock, TableRow
from ..read.pdftext import split_cells
from . import headers, signals, wrapped
from .context import ParseContext
from .geometry import HeaderGeometry, amount_spans
from .placement import Slot, candidates, solve

_LEADING_CODE = re.compile(r"^(\d{3}(?:\d{2}){0,2})\s+(\S.*)$")


@dataclass
class TableDraft:
    """The blocks of one table as collected, before interpretation."""

    title: Paragraph
    kind: TableKind | None
    number: str | None
    unit: str | None = None
    unit_name: str | None = None
    header_lines: list[Line] = field(default_factory=list)
    rows: list[TableRow] = field(default_factory=list)
    notes: list[Paragraph] = field(default_factory=list)
    continued: bool = False
    name_line: Line | None = None  #: the line ``unit_name`` was read from, or last ran on to

    @property
    def bare(self) -> bool:
        """Only the title was found: no unit or meta line, header, rows or notes."""
        return not (self.unit or self.unit_name or self.header_lines or self.rows or self.notes)


def _starts_something_else(ctx: ParseContext, text: str) -> bool:
    """A paragraph that cannot belong to a table: another title, a form, a part heading."""
    knowledge = ctx.knowledge
    if signals.table_title(knowledge, text)[0] or signals.is_performance_title(knowledge, text) \
            or signals.number_label(text) or signals.is_toc_line(text):
        return True
    found = signals.heading(knowledge, text)
    return found is not None and found.level == 1 and found.number is not None


def _short_plain(text: str) -> bool:
    return len(fold(text)) <= signals.TITLE_MAX and not re.search(r"[，。；]", text)


def _header_like(ctx: ParseContext, text: str) -> bool:
    """A header line of a text-layer table: short words, not a numbered section heading."""
    found = signals.heading(ctx.knowledge, text)
    return _short_plain(text) and (found is None or found.number is None)


def _row_like(ctx: ParseContext, text: str, rows: list[TableRow]) -> bool:
    """A body row printed without amounts (all its cells blank): short, no prose, and not a
    section heading unless its name is a known row label (四、其他收入) or its number follows
    that of a row just read (十七、金融支出, then 十八、援助其他地区支出)."""
    if not _short_plain(text):
        return False
    found = signals.heading(ctx.knowledge, text)
    name = fold(split_enumerator(text)[1])
    return found is None or found.kind is None or name in ctx.knowledge.totals or \
        ctx.knowledge.column_meaning(name) is not None or _numbered_next(rows[-2:], text)


def _number(label: str) -> int | None:
    token = split_enumerator(label)[0] or ""
    return int(token) if token.isdigit() else chinese_numeral(token)


def _numbered_next(rows: list[TableRow], text: str) -> bool:
    number = _number(text)
    return number is not None and any(
        _number(cell) == number - 1 for row in rows for cell in row.cells)


def _text_rows(block: Paragraph) -> list[TableRow]:
    return [TableRow(split_cells(line.text), line, aligned=False) for line in block.lines]


def collect(ctx: ParseContext, blocks: tuple[Block, ...], start: int, kind: TableKind | None,
            number: str | None) -> tuple[TableDraft, int]:
    """Collect the table whose title is ``blocks[start]``; return it and the next index."""
    title = blocks[start]
    assert isinstance(title, Paragraph)
    draft, end = _collect(ctx, TableDraft(title=title, kind=kind, number=number), blocks, start + 1)
    if draft.header_lines and not (draft.rows or draft.notes or draft.unit or draft.unit_name):
        # short lines under a title with nothing else a table has (a unit, rows, a note): a
        # heading after a listed title, not a header; the title stands alone
        draft.header_lines = []
        return draft, start + 1
    return draft, end


def _collect(ctx: ParseContext, draft: TableDraft, blocks: tuple[Block, ...], i: int
             ) -> tuple[TableDraft, int]:
    while i < len(blocks):
        block = blocks[i]
        i += 1
        if isinstance(block, TableBlock):
            draft.rows.extend(block.rows)
            continue
        text = block.text
        if signals.is_meta(text) and not draft.rows:
            _read_meta(ctx, draft, block)
        elif not draft.rows and not draft.header_lines and draft.unit_name and \
                draft.name_line is not None and len(block.lines) == 1 and \
                _continues_name(ctx, draft.name_line, block.lines[0]):
            draft.unit_name += text.strip()  # the rest of a name wrapped under its meta line
            draft.name_line = block.lines[0]
        elif signals.is_note(text) or (draft.notes and _next_note(draft.notes[-1].text, text)):
            draft.notes.append(block)
        elif draft.rows and not draft.notes and (
                signals.is_meta(text) or fold(text) == fold(draft.title.text)):
            draft.continued = True  # the title or unit line printed again above a continuation
        elif draft.notes or _starts_something_else(ctx, text):
            return draft, i - 1
        elif not draft.rows and fold(split_enumerator(text)[1]) in ctx.knowledge.totals \
                and not _header_continues(ctx, draft, blocks, i):
            draft.rows.extend(_text_rows(block))
        elif not draft.rows and _header_like(ctx, text):
            draft.header_lines.extend(block.lines)
        elif draft.rows and not draft.rows[0].aligned and _is_repeated_header(draft, text):
            draft.continued = True
        elif draft.rows and not draft.rows[0].aligned and _row_like(ctx, text, draft.rows):
            draft.rows.extend(_text_rows(block))
        else:
            return draft, i - 1
    return draft, i


#: Most space between a line and the wrapped end of its text, in heights of the line: lines of
#: one text box are set closer than a header row under it.
WRAP_GAP = 0.75


def _read_meta(ctx: ParseContext, draft: TableDraft, block: Paragraph) -> None:
    """The unit and unit name of a meta line. A paragraph the reader made of the meta line and
    the end of a name wrapped under it is read as such."""
    lines = list(block.lines)
    wrapped = signals.is_meta(lines[0].text) and all(
        _continues_name(ctx, above, line) for above, line in pairwise(lines))
    fields = signals.meta_fields(lines[0].text if wrapped else block.text)
    draft.unit = fields.get("单位", draft.unit)
    name = next((v for k, v in fields.items() if k != "单位"), None)
    if name is not None:
        draft.unit_name = name + ("".join(line.text.strip() for line in lines[1:])
                                  if wrapped and name else "")
        draft.name_line = lines[-1]


def _continues_name(ctx: ParseContext, above: Line, line: Line) -> bool:
    """Whether ``line`` is the rest of a unit name wrapped from the line ``above`` (部门名称：江苏
    省某某 / 委员会办公厅): right under it (where the form gives boxes: starting where it starts,
    as the lines of a text box do, closer below it than :data:`WRAP_GAP` of its height; else
    the next line), short plain words that name no column, row heading or total."""
    text = line.text.strip()
    knowledge = ctx.knowledge
    if " " in text or not _short_plain(text) or signals.is_meta(text) or signals.is_note(text) \
            or knowledge.column_meaning(text) or knowledge.stub_role(text) \
            or fold(split_enumerator(text)[1]) in knowledge.totals or _starts_something_else(ctx, text):
        return False
    if above.box is None or line.box is None:
        return line.number == above.number + 1
    height = above.box.bottom - above.box.top
    return abs(line.box.x0 - above.box.x0) <= height / 2 and \
        0 <= line.box.top - above.box.bottom < WRAP_GAP * height and line.page == above.page


_NOTE_NUMBER = re.compile(r"^\s*(?:[（(]?注\s*[:：]\s*)?[（(]?(\d{1,2})\s*[.．、)）]")


def _next_note(note: str, text: str) -> bool:
    """``text`` is the next of numbered notes (``注：1.…`` then ``2.…``)."""
    last, this = _NOTE_NUMBER.match(note), _NOTE_NUMBER.match(text)
    return last is not None and this is not None and int(this.group(1)) == int(last.group(1)) + 1


def _header_continues(ctx: ParseContext, draft: TableDraft, blocks: tuple[Block, ...],
                      i: int) -> bool:
    """Whether a total label (合计) on a line of its own before ``blocks[i]`` is a header cell
    (text written one cell per line) rather than the row of an empty table: a further header
    line follows, or rows follow a header that names no column yet."""
    if i >= len(blocks):
        return False
    if isinstance(blocks[i], TableBlock):
        return not any(ctx.knowledge.column_meaning(token)
                       for line in draft.header_lines for token in line.text.split())
    block = blocks[i]
    assert isinstance(block, Paragraph)
    text = block.text
    return _header_like(ctx, text) and not signals.is_note(text) and not signals.is_meta(text) \
        and not _starts_something_else(ctx, text)


def _is_repeated_header(draft: TableDraft, text: str) -> bool:
    """A header line printed again above a continuation: one of the header's lines, or a line
    of several words each made of the header's words (its labels wrapped another way)."""
    key = fold(text)
    if any(fold(line.text) == key for line in draft.header_lines):
        return True
    words = {fold(word) for line in draft.header_lines for word in line.text.split()}
    tokens = text.split()
    return len(tokens) > 1 and all(_made_of(fold(token), words) for token in tokens)


def _made_of(text: str, words: set[str]) -> bool:
    """Whether ``text`` is a concatenation of ``words``."""
    ends = {0}
    for end in range(1, len(text) + 1):
        if any(start in ends and text[start:end] in words for start in range(end)):
            ends.add(end)
    return len(text) in ends


def _unrepeated(lines: list[Line]) -> list[Line]:
    """Header lines without a run of them printed twice in a row (a header repeated right
    under itself). A run counts when one of its lines holds several words or it has three
    lines or more: a header written one cell per line legitimately repeats two cells (项目
    预算数 项目 预算数)."""
    keys = [fold(line.text) for line in lines]
    for n in range(len(lines) // 2, 0, -1):
        for i in range(len(lines) - 2 * n + 1):
            if keys[i:i + n] == keys[i + n:i + 2 * n] and \
                    (n >= 3 or any(len(line.text.split()) > 1 for line in lines[i:i + n])):
                return _unrepeated(lines[:i + n] + lines[i + 2 * n:])
    return lines


def _row_key(row: TableRow) -> tuple[str, ...]:
    cells = [fold(c) for c in row.cells]
    while cells and not cells[-1]:
        cells.pop()
    return tuple(cells)


def _without_repeated_header(rows: list[TableRow], head: int) -> tuple[list[TableRow], bool]:
    """An aligned table's body without the header rows printed again (above a continuation,
    or right under the header): rows without amounts equal to a header row. Also says whether
    any was dropped."""
    header = {_row_key(r) for r in rows[:head]}
    body = [r for r in rows[head:] if _row_key(r) not in header
            or any(is_amount(c) for c in r.cells)]
    return body, len(body) < len(rows) - head


# --- building -------------------------------------------------------------------------------


def _is_header_row(ctx: ParseContext, row: TableRow, index: int) -> bool:
    if headers.is_numbering_row(row.cells):
        return True
    if any(is_amount(c) for c in row.cells):
        return False
    labels = [c for c in row.cells if c.strip()]
    first = labels[0] if labels else ""
    knowledge = ctx.knowledge
    return index == 0 or not row.cells[0].strip() or knowledge.stub_role(first) is not None or \
        (len(labels) > 1 and all(knowledge.column_meaning(c) or knowledge.stub_role(c)
                                 for c in labels))


def _distinct(rows: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Header rows without the repeats of an earlier one: a header printed twice (as some
    producers do at a table's start) names the same columns once."""
    seen: set[tuple[str, ...]] = set()
    out = []
    for cells in rows:
        key = tuple(fold(c) for c in cells)
        if key not in seen:
            seen.add(key)
            out.append(cells)
    return out


def _clean_label(label: str) -> str:
    return re.sub(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])", "", label.strip())


def _row_meaning(ctx: ParseContext, name: str, side: Side | None) -> tuple[RowRole, dict[str, str]]:
    """Role of a row and, for rows the vocabulary names, its meaning. Expenditure rows named
    …支出 are function classes (国有资本经营预算支出 is class 223, not a fund source)."""
    key = fold(name)
    role: RowRole = "total" if key in ctx.knowledge.totals else \
        "subtotal" if key in ctx.knowledge.subtotals else "item"
    function_class = side == "expenditure" and key.endswith("支出")
    meaning = ctx.knowledge.column_meaning(name) if role == "item" and not function_class else None
    return role, dict(meaning.dimensions) if meaning else {}


@dataclass
class _RowDraft:
    """A body row read but not yet typed. ``aligned_cells`` says the values already stand one
    per column (blank cells kept); otherwise :func:`_place` puts them in columns."""

    label: str
    code: str | None
    side: Side | None
    line: Line
    values: list[str]
    extra: dict[str, str] = field(default_factory=dict)
    aligned_cells: bool = True
    placement: Placement = "aligned"
    cell_lines: list[Line] = field(default_factory=list)
    columns: list[str] | None = None  #: keys of the row's columns when its part has its own
    outer: bool = False  #: named only in an outer name column: it groups the rows below
    unplaced: list[tuple[str, list[str]]] = field(default_factory=list)  #: (amount, its columns)
    label_col: int | None = None  #: an aligned row's label cell
    measure_cols: list[int] = field(default_factory=list)  #: an aligned row's amount cells


@dataclass(frozen=True)
class _Part:
    """One part of an aligned table's rows: the columns ``lo`` to ``hi`` of one side (a
    two-sided summary prints its revenue and expenditure parts side by side)."""

    side: Side | None
    lo: int
    hi: int

    def holds(self, column: int) -> bool:
        return self.lo <= column < self.hi


@dataclass(frozen=True)
class _Stub:
    """What a row's stub cells in one part say: its code, its label (the last name column it
    fills; names before it are its group), extra names, and the name columns it fills."""

    code: str | None
    label: str
    extra: dict[str, str]
    filled: list[int]


def _parts(layout: headers.Layout) -> list[_Part]:
    """The parts of an aligned table's rows, left to right."""
    if not layout.part_starts:
        return [_Part(None, 0, sys.maxsize)]
    bounds = [0, *layout.part_starts[1:], sys.maxsize]
    return [_Part("revenue" if k == 0 else "expenditure", bounds[k], bounds[k + 1])
            for k in range(len(bounds) - 1)]


def _stub(layout: headers.Layout, cells: list[str], part: _Part, names: list[int]) -> _Stub:
    stubs = [j for j in sorted(layout.code_cols + layout.label_cols + list(layout.extra_cols))
             if part.holds(j)]
    codes = [cells[j] for j in stubs if j in layout.code_cols]
    filled = [j for j in names if part.holds(j) and cells[j].strip()]
    labels = [cells[j] for j in filled if j in layout.label_cols]
    code = join_code([c for c in codes if c.strip()]) if any(c.strip() for c in codes) else None
    texts = [c for c in codes if c.strip() and code is None]
    label = labels[-1] if labels else (texts[0] if texts else "")
    extra = {layout.extra_cols[j]: cells[j] for j in stubs
             if j in layout.extra_cols and cells[j].strip()}
    if len(labels) > 1:
        extra["group"] = " / ".join(labels[:-1])
    if code is None and (m := _LEADING_CODE.match(label)):
        code, label = m.group(1), m.group(2)
    return _Stub(code, label, extra, filled)


def _aligned_rows(layout: headers.Layout, body: list[TableRow]) -> list[_RowDraft]:
    """Rows of an aligned table, one per part and printed row. With several name columns, a
    row that fills only outer ones (采购品目大类 before 采购物品名称) groups the rows below it;
    a label cell merged over the next part's label names the row of that part, and of its own
    part too when the form says the cell covers that part's amount columns."""
    drafts: list[_RowDraft] = []
    stub_cols = sorted(layout.code_cols + layout.label_cols + list(layout.extra_cols))
    names = [j for j in stub_cols if j not in layout.code_cols]
    parts = _parts(layout)
    deepest = {part.lo: max((j for row in body for j in names if part.holds(j) and
                             j < len(row.cells) and row.cells[j].strip()), default=-1)
               for part in parts}
    width = max(stub_cols + layout.measure_cols, default=0) + 1
    for row in body:
        cells = list(row.cells) + [""] * width
        previous: _RowDraft | None = None
        for part in parts:
            stub = _stub(layout, cells, part, names)
            measure = [j for j in layout.measure_cols if part.holds(j)]
            values = [cells[j] for j in measure]
            has_values = any(v.strip() for v in values)
            label = stub.label
            shared: list[int] = []
            if not label and not stub.code and has_values and previous is not None and \
                    previous.label and not any(v.strip() for v in previous.values):
                label = previous.label  # a label cell merged over the next part's label
                drafts.remove(previous)
                shared = _merged_over(row, previous, measure, part.side)
            if not label and not stub.code and not has_values and not stub.extra:
                previous = None
                continue
            previous = _RowDraft(label, stub.code, part.side, row.line, values, stub.extra,
                                 cell_lines=[row.cell_line(j) for j in measure],
                                 columns=[layout.columns[layout.measure_cols.index(j)].key
                                          for j in measure],
                                 outer=bool(stub.filled) and stub.filled[-1] < deepest[part.lo],
                                 label_col=stub.filled[-1] if stub.filled else None,
                                 measure_cols=measure)
            if shared:
                # the merged label spans the earlier part's amount columns: the row is one
                # row of both parts, and its amounts are theirs too, column for column
                previous.columns = [layout.columns[layout.measure_cols.index(j)].key
                                    for j in shared] + (previous.columns or [])
                previous.values = values + values
                previous.cell_lines = previous.cell_lines * 2
            drafts.append(previous)
    return drafts


def _merged_over(row: TableRow, previous: _RowDraft, measure: list[int], side: Side | None
                 ) -> list[int]:
    """The amount columns of the part of ``previous`` that its label cell is merged over, when
    the form says so (a ruled grid, a merge) and that part is parallel to the next (as many amount
    columns as ``measure``, on the same side): those columns are not blank, they belong to
    the merged row."""
    if previous.label_col is None or previous.side != side or \
            not previous.measure_cols or len(previous.measure_cols) != len(measure):
        return []
    end = previous.label_col + row.span(previous.label_col)
    return list(previous.measure_cols) \
        if all(previous.label_col < j < end for j in previous.measure_cols) else []


def _segments(cells: tuple[str, ...]) -> list[tuple[list[str], list[str], list[str]]]:
    """Split a text-layer row into (code parts, label tokens, amounts) segments. An empty
    cell (a form that kept blank cells) is a value: it holds the place of a blank column."""
    segments: list[tuple[list[str], list[str], list[str]]] = []
    codes: list[str] = []
    label: list[str] = []
    values: list[str] = []
    for index, cell in enumerate(cells):
        rest_has_label = any(c and not is_amount(c) for c in cells[index + 1:])
        if not cell:
            values.append(cell)
            continue
        if not label and not values and cell.isdigit() and rest_has_label and \
                join_code(codes + [cell]) is not None:
            codes.append(cell)
            continue
        if is_amount(cell) and (label or codes or not rest_has_label or values):
            values.append(cell)
            continue
        starts_new = values or (label and split_enumerator(cell)[0] and
                                split_enumerator(label[-1])[1] != "")
        if starts_new and (label or codes or values):
            segments.append((codes, label, values))
            codes, label, values = [], [], []
        label.append(cell)
    if codes or label or values:
        segments.append((codes, label, values))
    return segments


def _side_of(label: str) -> Side:
    key = fold(split_enumerator(label)[1])
    return "expenditure" if "支出" in key or key.startswith(("年终", "结转下年")) else "revenue"


def _text_layer_rows(body: list[TableRow], two_sided: bool) -> list[_RowDraft]:
    drafts = []
    for row in body:
        if headers.is_numbering_row(row.cells):
            continue
        segments = _segments(row.cells)
        for position, (code_parts, label, values) in enumerate(segments):
            text = " ".join(label)
            side = None
            if two_sided:
                side = ("revenue", "expenditure")[position] if len(segments) == 2 \
                    else _side_of(text)
            drafts.append(_RowDraft(text, join_code(code_parts) if code_parts else None, side,
                                    row.line, values, aligned_cells=False))
    return drafts


def _header_cell_from_first_row(ctx: ParseContext, draft: TableDraft) -> None:
    """Text written one cell per line puts the header's last cell right before the first
    row's amounts. It is a header cell when those amounts are the numbering row (1 2 3 …),
    or when the header has no row-heading column (项目) and it is a column label: then the
    rows are amounts only. Move it to the header."""
    knowledge = ctx.knowledge
    if not draft.rows or not draft.header_lines:
        return
    first = draft.rows[0]
    lead = list(takewhile(lambda cell: not is_amount(cell), first.cells))
    label = " ".join(lead)
    rest = first.cells[len(lead):]
    stub = any(knowledge.stub_role(t) for line in draft.header_lines for t in line.text.split())
    column_label = not stub and knowledge.column_meaning(label) is not None and \
        fold(label) not in knowledge.totals
    if not lead or not (headers.is_numbering_row(rest) or column_label):
        return
    draft.header_lines.append(Line(first.line.number, first.line.page, label))
    draft.rows[0] = TableRow(rest, Line(first.line.number, first.line.page, " ".join(rest)),
                             aligned=False)


def _amount(ctx: ParseContext, text: str, unit: str | None, line: Line) -> Amount | None:
    value = parse_amount(text)
    if value is None:
        return None
    return Amount(value=value, unit=unit, text=text.strip(), source=ctx.ref(line))


_TOTAL_LABELS = {"合计", "小计", "总计"}


def _sums(columns: list[Column]) -> list[tuple[int, list[int]]]:
    """Total columns (合计 / 小计 under a group) and the columns they add up: the other columns
    of the group; a sub-group counts by its own 小计, or by its columns if it has none."""

    def total_of(group: list[str], side: str | None) -> int | None:
        return next((j for j, c in enumerate(columns) if c.side == side and c.path[:-1] == group
                     and fold_header(c.path[-1]) in _TOTAL_LABELS), None)

    def parts(group: list[str], side: str | None, skip: int) -> list[int]:
        out: list[int] = []
        seen: set[str] = set()
        for j, c in enumerate(columns):
            if j == skip or c.side != side or c.path[:len(group)] != group or len(c.path) <= len(group):
                continue
            if len(c.path) == len(group) + 1:
                out.append(j)
                continue
            sub = c.path[:len(group) + 1]
            if sub[-1] in seen:
                continue
            seen.add(sub[-1])
            subtotal = total_of(sub, side)
            out.extend([subtotal] if subtotal is not None else parts(sub, side, -1))
        return sorted(out)

    sums = []
    for i, column in enumerate(columns):
        if fold_header(column.path[-1]) in _TOTAL_LABELS:
            found = parts(column.path[:-1], column.side, i)
            if found:
                sums.append((i, found))
    return sums


def _place(ctx: ParseContext, drafts: list[_RowDraft], columns: list[Column], title: str,
           header: list[Line]) -> None:
    """Give every row one text per column of its side. Aligned rows already have them; the
    amounts of text-layer rows are placed by the table's arithmetic (:mod:`.placement`), then
    by where they stand under the header (:mod:`.geometry`) when the text keeps its layout.
    An amount neither fixes stays with its row without a column, and is reported."""
    geometry = HeaderGeometry.of([line.text for line in header], columns)
    for side in sorted({d.side for d in drafts}, key=str):
        cols = [c for c in columns if c.side == side]
        width = len(cols)
        members = [i for i, d in enumerate(drafts) if d.side == side]
        if all(drafts[i].aligned_cells for i in members):
            for i in members:
                drafts[i].values = (drafts[i].values + [""] * width)[:width]
            continue
        slots: list[Slot] = []
        placed: set[int] = set()
        sums = _sums(cols)
        for i in members:
            draft = drafts[i]
            printed = [v for v in draft.values if v]
            if len(printed) > width:
                ctx.warn(codes.TABLE_EXTRA_VALUES, draft.line, title=title)
            values = [parse_amount(v) or Decimal(0) for v in printed[:width]]
            if len(draft.values) == width and len(printed) < width:
                # the form kept the blank cells: each amount stands in its column
                placed.add(i)
                choices = [tuple(j for j, v in enumerate(draft.values) if v)]
            else:
                choices = candidates(len(values), width, sums, values)
            draft.values = printed[:width]
            slots.append(Slot(values, choices))
        index = {row: k for k, row in enumerate(members)}
        solve(slots, [(index[p], [index[c] for c in children])
                      for p, children in _hierarchy(ctx, drafts, members)], width)
        for i, slot in zip(members, slots):
            _settle(ctx, drafts[i], slot, cols, geometry, title, i in placed)


def _settle(ctx: ParseContext, draft: _RowDraft, slot: Slot, cols: list[Column],
            geometry: HeaderGeometry | None, title: str, kept_blanks: bool) -> None:
    """Put a text-layer row's amounts in the columns its remaining candidates agree on, or
    where they stand under the header; keep the others unplaced."""
    options = [sorted({choice[k] for choice in slot.candidates}) for k in range(len(slot.values))]
    chosen: list[int | None] = [found[0] if len(found) == 1 else None for found in options]
    placement: Placement = "inferred"
    # positions under the header mean something only in laid-out text, not in a line a PDF
    # reader put together from its text layer (it has a box)
    if None in chosen and geometry is not None and draft.line.box is None:
        spans = amount_spans(draft.line.text, draft.values)
        where = [geometry.column_of(cols, *span) for span in spans] if spans else []
        if where and tuple(where) in slot.candidates:
            chosen, placement = list(where), "positioned"
    texts = [""] * len(cols)
    for column, value in zip(chosen, draft.values):
        if column is not None:
            texts[column] = value
    draft.unplaced = [(value, [cols[j].key for j in found])
                      for column, value, found in zip(chosen, draft.values, options)
                      if column is None]
    draft.values = texts
    if draft.unplaced:
        draft.placement = "unplaced"
        ctx.warn(codes.TABLE_UNPLACED_AMOUNT, draft.line, title=title, row=draft.label,
                 amounts="、".join(value for value, _ in draft.unplaced))
    elif 0 < len(slot.values) < len(cols) and not kept_blanks:
        draft.placement = placement


def _hierarchy(ctx: ParseContext, drafts: list[_RowDraft],
               members: list[int]) -> list[tuple[int, list[int]]]:
    """Parent/children groups by classification code, and the 合计 row over the 类 rows."""
    by_code = {drafts[i].code: i for i in members if drafts[i].code}
    groups: dict[int, list[int]] = {}
    for i in members:
        code = drafts[i].code
        if code and len(code) > 3 and code[:-2] in by_code:
            groups.setdefault(by_code[code[:-2]], []).append(i)
    tops = [i for i in members if len(drafts[i].code or "") == 3]
    for i in members:
        if not drafts[i].code and fold(split_enumerator(drafts[i].label)[1]) in ctx.knowledge.totals \
                and tops:
            groups[i] = tops
    return list(groups.items())


def _resolve(ctx: ParseContext, draft: TableDraft) -> tuple[headers.Layout, list[_RowDraft]]:
    """The table's columns and its body rows, not yet placed: an aligned table's header rows
    are those before the first row with an amount or a row label; a text-layer table's header
    is its header lines, in the family's column order for that kind where it has one."""
    kind = draft.kind
    two_sided = bool(kind and kind.two_sided)
    if draft.rows and draft.rows[0].aligned:
        head = 0
        while head < len(draft.rows) and _is_header_row(ctx, draft.rows[head], head):
            head += 1
        width = max(len(r.cells) for r in draft.rows)
        body, repeated = _without_repeated_header(draft.rows, head)
        draft.continued |= repeated
        layout = headers.resolve_aligned(ctx.knowledge, kind,
                                         _distinct([r.cells for r in draft.rows[:head]]), width)
        if not layout.label_cols and not layout.code_cols:
            layout.label_cols = [j for j in range(width) if j not in layout.measure_cols][:1]
        return layout, _aligned_rows(layout, body)
    if not two_sided:
        _header_cell_from_first_row(ctx, draft)
    template = ctx.family.columns.get(kind.id) if kind else None
    draft.header_lines = _unrepeated(draft.header_lines)
    layout = headers.resolve_text_layer(ctx.knowledge, kind, template,
                                        [line.text for line in draft.header_lines])
    return layout, _text_layer_rows(draft.rows, two_sided)


def _vocabulary(ctx: ParseContext) -> wrapped.Vocabulary:
    """What the layout knowledge says of row labels, for rejoining wrapped ones."""
    knowledge = ctx.knowledge

    def known(label: str) -> bool:
        name = split_enumerator(label)[1]
        key = fold(name)
        return key in knowledge.totals or key in knowledge.subtotals or \
            knowledge.column_meaning(name) is not None

    def standalone(label: str) -> bool:
        return split_enumerator(label)[0] is not None or known(label) or \
            signals.says_empty(label)

    return wrapped.Vocabulary(standalone=standalone, known=known)


def _columns(layout: headers.Layout) -> list[Column]:
    """The columns, each total column knowing the columns it adds up."""
    sums = dict(_sums(layout.columns))
    return [c.model_copy(update={"sum_of": [layout.columns[j].key for j in sums[i]]})
            if i in sums else c for i, c in enumerate(layout.columns)]


def _row(ctx: ParseContext, d: _RowDraft, columns: list[Column], draft: TableDraft,
         title: str) -> Row:
    """A placed row, typed: its amounts in the table's unit, its role and meaning."""
    cols = [c for c in columns if c.side == d.side and (d.columns is None or c.key in d.columns)]
    cells = []
    for k, (column, text) in enumerate(zip(cols, d.values)):
        text = (text or "").strip()
        amount = None
        if text and is_amount(text):
            line = d.cell_lines[k] if k < len(d.cell_lines) else d.line
            amount = _amount(ctx, text, draft.unit, line)
        elif text and text not in ("-", "—", "－"):
            ctx.warn(codes.TABLE_NON_NUMERIC_CELL, d.line, title=title, text=text)
        cells.append(Cell(column=column.key, amount=amount, text=text))
    label = _clean_label(d.label)
    number, name = split_enumerator(label)
    role, dims = _row_meaning(ctx, name, d.side)
    role = "subtotal" if role == "item" and d.outer else role
    unplaced = [Unplaced(amount=amount, columns=keys) for text, keys in d.unplaced
                if (amount := _amount(ctx, text, draft.unit, d.line)) is not None]
    return Row(label=label, name=name, number=number, code=d.code,
               level=code_level(d.code) if d.code else None, role=role, side=d.side,
               dimensions=dims, extra_labels=d.extra, cells=cells, unplaced=unplaced,
               placement=d.placement, source=ctx.ref(d.line))


def _empty_note(ctx: ParseContext, draft: TableDraft, rows: list[Row]
                ) -> tuple[TextNote | None, Paragraph | None]:
    """The table's "no data" note: a note under it, or 此表为空 printed in its first cell (that
    row is then removed from ``rows``). Returns the note and the paragraph it came from."""
    empty = next((n for n in draft.notes if signals.is_empty_note(n.text)), None)
    if empty is not None:
        return TextNote(text=empty.text.strip(), source=ctx.ref(empty.first)), empty
    said = next((r for r in rows if signals.says_empty(r.label) and
                 not any(c.amount for c in r.cells)), None)
    if said is None:
        return None, None
    rows.remove(said)
    return TextNote(text=said.label, source=said.source), None


def build(ctx: ParseContext, draft: TableDraft, table_id: str) -> BudgetTable:
    """The table a draft holds: columns from its header, rows placed in them and typed, its
    notes, pages and source range."""
    title = draft.title.text.strip()
    number, bare_title = signals.split_title_number(title)
    layout, drafts = _resolve(ctx, draft)
    drafts = wrapped.rejoin(drafts, _vocabulary(ctx), lambda piece: ctx.warn(
        codes.TABLE_LABEL_PIECE, piece.line, title=title, text=piece.label))
    columns = _columns(layout)
    for label in layout.unknown:
        ctx.warn(codes.TABLE_UNKNOWN_COLUMN, draft.title.first, title=title, column=label)
    _place(ctx, drafts, columns, title, draft.header_lines)
    rows = [_row(ctx, d, columns, draft, title) for d in drafts]
    empty_note, empty = _empty_note(ctx, draft, rows)
    lines = [draft.title.first, *draft.header_lines, *(r.line for r in draft.rows)]
    if draft.unit is None:
        ctx.warn(codes.TABLE_NO_UNIT, draft.title.first, title=title)
    return BudgetTable(
        id=table_id, kind=draft.kind.id if draft.kind else None, title=bare_title,
        number=draft.number or number, unit=draft.unit, unit_name=draft.unit_name,
        columns=columns, rows=rows, empty_note=empty_note,
        notes=[TextNote(text=n.text.strip(), source=ctx.ref(n.first))
               for n in draft.notes if n is not empty],
        pages=sorted({line.page for line in lines if line.page is not None}),
        continued=draft.continued, source=ctx.ref(draft.title.first, lines[-1]))
