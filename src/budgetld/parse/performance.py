"""Project performance-target forms (绩效目标表): label → value sheets, one per project.

Extraction garbles these forms badly: pages of one project's form are interleaved with
repeated copies of another's header, cells are cut off, labels broken over lines. The parser
reads every form as rows of cells and
1. splits them into projects at each 项目名称 row;
2. within a project, a label seen a second time (项目资金 again, 实施期目标 again) means the
   rows that follow belong to another page: they become a *continuation* without a name;
3. a project named like an earlier one is a repeated block and is merged into it (conflicts
   are reported); a continuation is given to the latest new project that lacks everything it
   holds, else it stays a project without a name.
Nothing is invented: what cannot be attributed or read is reported as a parse warning.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from difflib import SequenceMatcher
from itertools import islice
from typing import ClassVar, NamedTuple

from .. import warning_codes as codes
from ..layouts import PerformanceFile, fold
from ..model import Amount, Indicator, PerformanceProject, ProjectFunds, Target
from ..model.performance import Comparator, Period
from ..numbers import is_amount, is_blank_mark, parse_amount
from ..read.blocks import Block, Line, Paragraph, TableBlock
from . import signals
from .context import ParseContext

_TARGET = re.compile(r"^(?P<cmp>[≥≤=><＞＜]|大于等于|小于等于|不低于|不少于|不高于|不超过|大于|小于)?\s*"
                     r"(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>\S{0,8})$")
_COMPARATORS: dict[str, Comparator] = {
    "≥": "≥", "大于等于": "≥", "不低于": "≥", "不少于": "≥", "≤": "≤", "小于等于": "≤", "不高于": "≤",
    "不超过": "≤", "=": "=", ">": ">", "＞": ">", "大于": ">", "<": "<", "＜": "<", "小于": "<"}
_SUPERVISOR = re.compile(r"^\s*(?P<code>\d{2,6})\s*[-－—_]\s*(?P<name>\S.*)$")
_PERIODS: tuple[Period, ...] = ("implementation", "annual")
#: The year printed under a form's title: "（2024年度）".
_FORM_YEAR = re.compile(r"^[（(]\s*\d{4}\s*年度?\s*[）)]$")
_LEVELS = ("level1", "level2")
#: ``其中：`` leading a label of a part (其中：财政拨款).
_OF_WHICH = re.compile(r"^其中[:：]?")
_PUNCTUATION = re.compile(r"[\s，。、；：,.;:！？!?（）()“”\"]")


@dataclass(frozen=True)
class FormRow:
    cells: tuple[str, ...]
    line: Line
    aligned: bool


@dataclass
class Form:
    title: Paragraph
    rows: list[FormRow]


def collect(ctx: ParseContext, blocks: tuple[Block, ...], start: int) -> tuple[Form, int]:
    """Collect the rows of the form titled ``blocks[start]`` up to the next form, table or
    numbered section."""
    title = blocks[start]
    assert isinstance(title, Paragraph)
    form = Form(title=title, rows=[])
    i = start + 1
    while i < len(blocks):
        block = blocks[i]
        if isinstance(block, TableBlock):
            form.rows.extend(FormRow(r.cells if r.aligned else tuple(r.line.text.split()),
                                     r.line, r.aligned) for r in block.rows)
        else:
            text = block.text
            found = signals.heading(ctx.knowledge, text)
            if signals.is_performance_title(ctx.knowledge, text) or \
                    signals.table_title(ctx.knowledge, text)[0] or \
                    (found and found.number and (found.level == 1 or (
                        found.kind is not None and found.level <= 2))):
                break
            form.rows.extend(FormRow(tuple(line.text.split()), line, False)
                             for line in block.lines)
        i += 1
    return form, i


# --- labels ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Label:
    category: str
    key: str


class _Labels:
    """Field labels of the forms, matched exactly or, when cut off, by a long enough prefix."""

    def __init__(self, vocab: PerformanceFile) -> None:
        self.vocab = vocab
        entries: list[tuple[str, _Label]] = []
        for field_key, labels in vocab.fields.items():
            entries += [(fold(x), _Label("field", field_key)) for x in labels]
        for text_key, labels in [*vocab.texts.items(), *vocab.footer.items()]:
            entries += [(fold(x), _Label("text", text_key)) for x in labels]
        entries += [(fold(x), _Label("funds-block", "")) for x in vocab.funds.block]
        entries += [(fold(x), _Label("funds-total", "implementation"))
                    for x in vocab.funds.implementation_total]
        entries += [(fold(x), _Label("funds-total", "annual")) for x in vocab.funds.annual_total]
        canonical: dict[str, str] = {}
        for source in vocab.funds.sources:
            canonical.setdefault(fold(source), source)
        entries += [(key, _Label("funds-source", label)) for key, label in canonical.items()]
        entries += [(fold(x), _Label("objective-header", "implementation"))
                    for x in vocab.objectives.implementation_header]
        entries += [(fold(x), _Label("objective-header", "annual")) for x in vocab.objectives.annual_header]
        entries += [(fold(x), _Label("objective-row", "")) for x in vocab.objectives.rows]
        entries += [(fold(x), _Label("indicator-header", x)) for x in vocab.indicators.header]
        for level1, children in vocab.indicators.children.items():
            entries.append((fold(level1), _Label("level1", level1)))
            entries += [(fold(x), _Label("level2", x)) for x in children]
        entries += [(fold(x), _Label("level2", name)) for x, name in vocab.indicators.synonyms.items()]
        self.exact: dict[str, _Label] = {}
        for text, label in entries:
            self.exact.setdefault(text, label)
        self.entries = sorted(entries, key=lambda entry: entry[0])  # by text, so the labels a key begins are adjacent
        self._texts = [text for text, _ in self.entries]
        self.parent = {child: parent for parent, children in vocab.indicators.children.items()
                       for child in children if child != parent}
        self._found: dict[str, _Label | None] = {}

    def find(self, cell: str) -> _Label | None:
        """The label ``cell`` is, if any (remembered: a form's rows are looked at several
        times over, and every form repeats the same labels)."""
        if cell in self._found:
            return self._found[cell]
        found = self._found[cell] = self._find(cell)
        return found

    def _find(self, cell: str) -> _Label | None:
        key = _OF_WHICH.sub("", fold(cell)).rstrip(":：")
        if not key:
            return None
        if key in self.exact:
            return self.exact[key]
        if len(key) >= self.vocab.min_prefix:
            matches = set()
            start = bisect_left(self._texts, key)
            for text, label in islice(self.entries, start, None):
                if not text.startswith(key):
                    break
                matches.add(label)
            if len(matches) == 1:
                return matches.pop()
        return None

    def is_fragment(self, cell: str) -> bool:
        """A short piece of a label broken over lines (项目 / 绩效 / （元）)."""
        key = fold(cell)
        return 0 < len(key) <= 4 and any(key in text for text, _ in self.entries)


# --- one project's rows ---------------------------------------------------------------------

@dataclass
class _Draft:
    name: str | None = None
    fields: dict[str, str] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    totals: dict[str, tuple[str, Line]] = field(default_factory=dict)
    sources: dict[str, dict[str, tuple[str, Line]]] = field(default_factory=dict)
    objectives: dict[str, str] = field(default_factory=dict)
    indicators: list[Indicator] = field(default_factory=list)
    slots: set[str] = field(default_factory=set)
    lines: list[Line] = field(default_factory=list)

    def filled(self) -> set[str]:
        """What this draft holds, as comparable slot names."""
        out = {f"field:{k}" for k in self.fields} | {f"text:{k}" for k in self.texts}
        out |= {f"total:{k}" for k in self.totals} | {f"objective:{k}" for k in self.objectives}
        out |= {f"source:{p}:{k}" for p, d in self.sources.items() for k in d}
        return out | ({"indicators"} if self.indicators else set())


def _slot(label: _Label) -> str:
    return f"{label.category}:{label.key}"


def _target(text: str) -> Target:
    match = _TARGET.match(fold(text).replace("(%)", "%").replace("（%）", "%"))
    if not match:
        return Target(text=text)
    unit = match.group("unit").strip("()（）") or None
    return Target(text=text, comparator=_COMPARATORS.get(match.group("cmp") or ""),
                  value=Decimal(match.group("num")), unit=unit)


class _Cell(NamedTuple):
    """A non-empty cell of a form row: its column, its text, and the label it reads as (a
    named tuple: made for every cell of every row, and quicker to make than a frozen
    dataclass)."""

    column: int
    text: str
    label: _Label | None


@dataclass
class _IndicatorGroup:
    """What one indicator row says of one period: its level labels, name and target."""

    level1: str | None = None
    level2: str | None = None
    name: str | None = None
    target: str | None = None

    @property
    def described(self) -> bool:
        """Whether the group has its name or target (a level label then starts another)."""
        return bool(self.name or self.target)


#: Categories whose label takes the next (unlabelled) cell as its value.
_VALUED = ("field", "text", "funds-total", "funds-source")
_LEVEL_HEADERS = ("一级指标", "二级指标")


class _Reader:
    """Reads the rows of one form into drafts, splitting at names and repeated labels.

    A row is one of: the 项目名称 row, which starts a project; an indicator row (level labels,
    name, target); a row of the objectives' text while they are open; or label → value cells
    (fields, texts, funds, objective and indicator headers), each category read by its own
    method. A label seen again in a project means the rows after it belong to another page."""

    def __init__(self, ctx: ParseContext, labels: _Labels) -> None:
        self.ctx = ctx
        self.labels = labels
        self.drafts: list[_Draft] = []
        self.current = _Draft()
        self.two_columns = False
        self.split_col: int | None = None
        self.level1: list[str | None] = [None, None]
        self.level2: list[str | None] = [None, None]
        self.objective_open = False
        self.objective_lines: list[FormRow] = []

    def start(self, name: str | None) -> None:
        self._finish_objectives()
        if self.current.lines:
            self.drafts.append(self.current)
        self.current = _Draft(name=name)
        self.split_col = None
        self.level1, self.level2 = [None, None], [None, None]

    def read(self, rows: list[FormRow]) -> list[_Draft]:
        rows = _rejoin_fragments(self.labels,
                                 _rejoin_wrapped_labels(self.labels, _cell_rows(self.labels, rows)))
        for row in rows:
            self.row(row)
        self.start(None)
        return self.drafts

    def row(self, row: FormRow) -> None:
        cells = [_Cell(j, text, self.labels.find(text))
                 for j, text in enumerate(c.strip() for c in row.cells) if text]
        if not cells:
            return
        first = next((c.label for c in cells if c.label is not None), None)
        if first is not None and first.category == "field" and first.key == "name":
            value = self._value_after(cells, 0)
            self.start(value)
            self.current.lines.append(row.line)
            self._fields(cells[1:] if value is None else cells[2:], row)
            return
        if first is not None and self._is_indicator_row(first, cells):
            self._finish_objectives()
            self._indicator(cells, row)
            self.current.lines.append(row.line)
            return
        if first is not None:
            slot = _slot(first)
            if slot in self.current.slots:
                self.start(None)
            self.current.slots.add(slot)
        elif self.objective_open:
            self.objective_lines.append(row)
            self.current.lines.append(row.line)
            return
        elif self.current.slots & {f"indicator-header:{h}" for h in _LEVEL_HEADERS}:
            self._indicator(cells, row)
            self.current.lines.append(row.line)
            return
        self.current.lines.append(row.line)
        self._fields(cells, row)

    def _is_indicator_row(self, first: _Label, cells: list[_Cell]) -> bool:
        """Rows led by a level label, or by 绩效指标 followed by level labels (a form that
        names the indicator block, not a header naming its columns)."""
        if first.category in _LEVELS:
            return True
        return first.category == "indicator-header" and fold(cells[0].text) == "绩效指标" and \
            any(c.label is not None and c.label.category in _LEVELS for c in cells[1:]) and \
            not any(c.label is not None and c.label.key in _LEVEL_HEADERS for c in cells)

    @staticmethod
    def _value_after(cells: list[_Cell], index: int) -> str | None:
        if index + 1 < len(cells) and cells[index + 1].label is None:
            return cells[index + 1].text
        return None

    def _fields(self, cells: list[_Cell], row: FormRow) -> None:
        """Read label → value cells, each category by its method; ``seen`` counts the fund
        sources met so far (the second of a kind is of the other period)."""
        seen: dict[str, int] = {}
        k = 0
        while k < len(cells):
            cell = cells[k]
            if cell.label is None:
                self._unread(cell, row)
                k += 1
                continue
            value = self._value_after(cells, k)
            category = cell.label.category
            if category == "objective-row":
                self._objective_row(cells[k + 1:], row)
                return
            handler = self._HANDLERS.get(category)
            if handler is not None:
                handler(self, cell, value, row, seen, cells)
            k += 2 if value is not None and category in _VALUED else 1

    def _unread(self, cell: _Cell, row: FormRow) -> None:
        if not self.labels.is_fragment(cell.text) and not self.objective_open and \
                not _FORM_YEAR.match(cell.text):
            self.ctx.warn(codes.PERFORMANCE_UNREAD_CELL, row.line, cell=cell.text)

    def _field(self, cell: _Cell, value: str | None, *_: object) -> None:
        assert cell.label is not None
        if value is None:
            return
        key = cell.label.key
        if key == "supervisor" and (match := _SUPERVISOR.match(value)):
            self.current.fields.setdefault("supervisor_code", match.group("code"))
            value = match.group("name").strip()
        self.current.fields.setdefault(key, value)

    def _text(self, cell: _Cell, value: str | None, *_: object) -> None:
        assert cell.label is not None
        if value is not None:
            self.current.texts.setdefault(cell.label.key, value)

    def _funds_total(self, cell: _Cell, value: str | None, row: FormRow, *_: object) -> None:
        assert cell.label is not None
        if cell.label.key == "annual" and row.aligned:
            self.split_col = cell.column
        if value is not None:
            self.current.totals[cell.label.key] = (value, row.line)

    def _funds_source(self, cell: _Cell, value: str | None, row: FormRow,
                      seen: dict[str, int], *_: object) -> None:
        assert cell.label is not None
        key = cell.label.key
        count = seen.get(key, 0)
        seen[key] = count + 1
        period = self._source_period(key, cell.column, count, row.aligned)
        if value is not None:
            self.current.sources.setdefault(period, {})[key] = (value, row.line)

    def _objective_header(self, cell: _Cell, value: str | None, row: FormRow, *_: object) -> None:
        assert cell.label is not None
        annual = cell.label.key == "annual"
        if annual and row.aligned:
            self.split_col = cell.column
        self.two_columns = self.two_columns or annual
        if not row.aligned:
            self.objective_open = True

    def _objective_row(self, rest: list[_Cell], row: FormRow) -> None:
        """总体目标 and the objectives of both periods beside it."""
        values = [c for c in rest if c.label is None]
        for n, cell in enumerate(values[:2]):
            annual = (row.aligned and self.split_col is not None and
                      cell.column >= self.split_col) or n == 1
            self.current.objectives.setdefault("annual" if annual else "implementation", cell.text)

    def _indicator_header(self, cell: _Cell, value: str | None, row: FormRow,
                          seen: dict[str, int], cells: list[_Cell]) -> None:
        self._finish_objectives()
        assert cell.label is not None
        self.current.slots.add(_slot(cell.label))
        level2_headers = sum(1 for c in cells if c.label is not None and c.label.key == "二级指标")
        self.two_columns = level2_headers >= 2

    _HANDLERS: ClassVar[dict[str, Callable[..., None]]] = {
        "field": _field, "text": _text, "funds-total": _funds_total,
        "funds-source": _funds_source, "objective-header": _objective_header,
        "indicator-header": _indicator_header,
    }

    def _source_period(self, label: str, column: int, count: int, aligned: bool) -> str:
        if label in self.labels.vocab.funds.annual_sources:
            return "annual"
        if aligned and self.split_col is not None:
            return "annual" if column >= self.split_col else "implementation"
        return "annual" if count else "implementation"

    def _finish_objectives(self) -> None:
        """Objectives of a text-layer form: two columns of quoted text, rebuilt by following
        the quote marks that open and close each column's cell."""
        if not self.objective_open:
            return
        self.objective_open = False
        columns = ["", ""]
        open_ = [False, False]
        started = [False, False]
        for row in self.objective_lines:
            tokens = [t for t in row.cells if not self.labels.is_fragment(t)]
            if not tokens or re.fullmatch(r"[(（].*[)）]", "".join(tokens)):
                continue
            targets = [0, 1] if len(tokens) >= 2 else [0 if open_[0] or not started[0] else 1]
            for target, token in zip(targets, tokens):
                if not started[target] and token.startswith('"'):
                    open_[target] = started[target] = True
                    token = token[1:]
                elif not started[target]:
                    started[target] = True
                if token.endswith('"') and open_[target]:
                    open_[target] = False
                    token = token[:-1]
                columns[target] += token
        self.objective_lines = []
        for period, text in zip(_PERIODS, columns):
            if text.strip():
                self.current.objectives.setdefault(period, text.strip())

    def _indicator_groups(self, cells: list[_Cell]) -> list[_IndicatorGroup]:
        """The groups an indicator row holds, one per period printed side by side: a level
        label starts a group (or completes its levels), then come the name and the target."""
        children = self.labels.vocab.indicators.children
        groups: list[_IndicatorGroup] = []
        current: _IndicatorGroup | None = None
        for cell in cells:
            label = cell.label
            if label is not None and label.category == "indicator-header":
                continue
            if label is not None and label.category == "level1":
                if current is None or current.described:
                    current = _IndicatorGroup()
                    groups.append(current)
                current.level1 = label.key
            elif label is not None and label.category == "level2":
                if current is not None and not current.name and \
                        label.key in children.get(current.level2 or "", ()):
                    # 成本指标 is level-1 in the 2021 framework: "成本指标 经济成本指标 …".
                    current.level1, current.level2 = current.level2, label.key
                    continue
                if current is None or current.described or current.level2:
                    current = _IndicatorGroup()
                    groups.append(current)
                current.level2 = label.key
            else:
                if current is None or current.target is not None:
                    current = _IndicatorGroup()
                    groups.append(current)
                if current.name is None:
                    current.name = cell.text
                else:
                    current.target = cell.text
        return groups

    def _indicator(self, cells: list[_Cell], row: FormRow) -> None:
        """Add the indicators of a row. A level-2 label fixes its level-1 whatever the
        (often shifted) level-1 cell says; levels carry down to the rows below them."""
        if len(cells) == 1 and cells[0].label is None and self.labels.is_fragment(cells[0].text):
            return
        children = self.labels.vocab.indicators.children
        periods: tuple[Period, ...] = _PERIODS if self.two_columns else ("annual",)
        for group, period in zip(self._indicator_groups(cells), periods):
            p = _PERIODS.index(period)
            level2 = group.level2 or self.level2[p]
            level1 = self.labels.parent.get(level2) if level2 else None
            if group.level1 and level1 and group.level1 != level1:
                self.ctx.warn(codes.PERFORMANCE_LEVEL_MISMATCH, row.line, level2=level2,
                              stated=group.level1, level1=level1)
            level1 = level1 or group.level1 or self.level1[p]
            if level2 is None and level1 in children and len(children[level1]) == 1:
                level2 = children[level1][0]
            self.level1[p], self.level2[p] = level1, level2
            if group.name:
                self.current.indicators.append(Indicator(
                    period=period, level1=level1, level2=level2, name=group.name,
                    target=_target(group.target) if group.target else None,
                    source=self.ctx.ref(row.line)))


#: Share of single-cell rows from which a form counts as written one cell per line.
_CELL_SHARE = 0.75


def _cell_rows(labels: _Labels, rows: list[FormRow]) -> list[FormRow]:
    """A form written one cell per line, rebuilt into the rows a text layer prints: a label
    broken over lines is rejoined (服务对象满意度 / 指标); a field takes the cells up to the next
    label as its value, the pieces of one wrapped cell (阶段 / 性项 / 目); an indicator's level
    labels take its name and target; a fund source printed for both periods (其他资金 0.00
    其他资金 0.00) is one row. Objective texts stay lines: their quotes are followed later."""
    if sum(len(r.cells) == 1 for r in rows) < _CELL_SHARE * len(rows):
        return rows
    out: list[FormRow] = []
    for row in rows:
        prev = out[-1] if out else None
        head = labels.find(prev.cells[0]) if prev is not None and prev.cells else None
        if prev is None or head is None or prev.aligned or row.aligned:
            out.append(row)
            continue
        if len(row.cells) != 1:
            if head.category == "funds-source" and len(prev.cells) == 2 and \
                    labels.find(row.cells[0]) == head:
                out[-1] = FormRow(prev.cells + row.cells, prev.line, False)
            else:
                out.append(row)
            continue
        cell = row.cells[0]
        label = labels.find(cell)
        if label is None and fold(prev.cells[-1] + cell) in labels.exact:
            out[-1] = FormRow(prev.cells[:-1] + (prev.cells[-1] + cell,), prev.line, False)
        elif label is None and head.category in ("field", "text"):
            value = prev.cells[1] + cell if len(prev.cells) > 1 else cell
            out[-1] = FormRow((prev.cells[0], value), prev.line, False)
        elif head.category in _LEVELS and _indicator_cell(labels, prev.cells, label, cell):
            out[-1] = FormRow(prev.cells + (cell,), prev.line, False)
        else:
            out.append(row)
    return out


def _indicator_cell(labels: _Labels, cells: tuple[str, ...], label: _Label | None,
                    cell: str) -> bool:
    """Whether ``cell`` continues an indicator row: a level-2 label after level labels only,
    or the indicator's name or target."""
    found = [labels.find(c) for c in cells]
    if label is not None:
        return label.category == "level2" and all(f is not None and f.category in _LEVELS
                                                  for f in found)
    return sum(f is None for f in found) < 2 and not labels.is_fragment(cell)


def _rejoin_wrapped_labels(labels: _Labels, rows: list[FormRow]) -> list[FormRow]:
    """Text-layer rows with a label the PDF wrapped onto the next line (``满意度指`` / ``标``):
    a cell that is no label, joined with a cell of the next row, makes one. The label stays
    on its row, the piece leaves the next; a row left holding only labels takes the next
    row's cells (the label was printed above its indicator)."""
    out = list(rows)
    for i in range(len(out) - 1):
        row, below = out[i], out[i + 1]
        if row.aligned or below.aligned:
            continue
        cells, rest = list(row.cells), list(below.cells)
        for k, cell in enumerate(cells):
            if labels.find(cell) is not None:
                continue
            piece = next((n for n, other in enumerate(rest) if labels.find(other) is None
                          and fold(cell + other) in labels.exact), None)
            if piece is not None:
                cells[k] = cell + rest.pop(piece)
        if len(rest) == len(below.cells):
            continue
        if rest and all(labels.find(c) is not None for c in cells):
            out[i], out[i + 1] = FormRow((), row.line, False), \
                FormRow(tuple(cells + rest), below.line, False)
        else:
            out[i], out[i + 1] = FormRow(tuple(cells), row.line, False), \
                FormRow(tuple(rest), below.line, False)
    return out


def _rejoin_fragments(labels: _Labels, rows: list[FormRow]) -> list[FormRow]:
    """Text-layer rows whose values the PDF broke over the lines above and below: rejoin them
    (``某区市场监督管理`` / ``主管部门 实施单位`` / ``局执法大队 法大队``)."""
    out = list(rows)
    for i in range(1, len(out) - 1):
        row = out[i]
        if row.aligned:
            continue
        above, below = out[i - 1], out[i + 1]
        if not (_fragment_row(labels, above) and _fragment_row(labels, below)):
            continue
        cells = list(row.cells)
        missing = [k for k, c in enumerate(cells) if labels.find(c) and
                   (k + 1 == len(cells) or labels.find(cells[k + 1]))]
        # a known value broken around its middle (阶段 / 性项 / 目) comes first: an empty cell
        # beside it must stay empty rather than take the pieces
        known = next((k for k, cell in enumerate(cells) if len(above.cells) == len(below.cells) == 1
                      and above.cells[0] + cell + below.cells[0] in labels.vocab.attributes), None)
        if known is not None:
            cells[known] = above.cells[0] + cells[known] + below.cells[0]
        elif missing and len(missing) == len(above.cells) == len(below.cells):
            for n, k in enumerate(missing):
                cells.insert(k + 1 + n, above.cells[n] + below.cells[n])
        else:
            continue
        out[i] = FormRow(tuple(cells), row.line, False)
        out[i - 1] = FormRow((), above.line, False)
        out[i + 1] = FormRow((), below.line, False)
    return out


def _fragment_row(labels: _Labels, row: FormRow) -> bool:
    return bool(row.cells) and not row.aligned and all(
        labels.find(c) is None and not is_amount(c) for c in row.cells)


# --- projects -------------------------------------------------------------------------------

#: Similarity above which two copies of a text cell count as the same text extracted twice.
_SAME_TEXT = 0.9


def _key(text: str) -> str:
    return _PUNCTUATION.sub("", fold(text))


def _cut_off(mine: str, other: str) -> bool:
    """``mine`` is ``other`` cut off by the extraction (possibly mid-word): take ``other``."""
    short, long_ = _key(mine), _key(other)
    return len(long_) > len(short) and long_.startswith(short[:-1])


def _compatible(a: str, b: str) -> bool:
    """Two copies of a text cell agree if one is the other cut off, or they differ only by
    punctuation and a few characters lost in extraction."""
    short, long_ = sorted((_key(a), _key(b)), key=len)
    if long_.startswith(short[:-1]):
        return True
    return SequenceMatcher(None, short, long_[:len(short) + 2]).ratio() >= _SAME_TEXT


#: The parts a project's form is merged from, in the warnings' English messages.
_PARTS_EN = {"重复表": "a repeated block", "续表": "a continuation"}


def _comparable(text: str) -> Decimal | str | None:
    """A funds total as read, for comparing two copies of a form: its value if it is an
    amount (``1,000`` and ``1000.00`` agree), else its text (reported when it is used)."""
    return parse_amount(text) if is_amount(text) or is_blank_mark(text) else text.strip()


def _merge(ctx: ParseContext, target: _Draft, other: _Draft, what: str) -> None:
    """Merge ``other`` (a repeated block or a continuation) into ``target``."""
    for mine, theirs in ((target.fields, other.fields), (target.texts, other.texts),
                         (target.objectives, other.objectives)):
        for key, value in theirs.items():
            if key not in mine or _cut_off(mine[key], value):
                mine[key] = value
            elif _compatible(mine[key], value):
                continue
            else:
                ctx.warn(codes.PERFORMANCE_CONFLICT, other.lines[0], project=target.name,
                         part=what, part_en=_PARTS_EN[what], key=key, value=value)
    for period, total in other.totals.items():
        if period not in target.totals:
            target.totals[period] = total
        elif _comparable(target.totals[period][0]) != _comparable(total[0]):
            ctx.warn(codes.PERFORMANCE_FUNDS_CONFLICT, total[1], project=target.name, part=what,
                     part_en=_PARTS_EN[what], value=total[0])
    for period, sources in other.sources.items():
        for source, amount in sources.items():
            target.sources.setdefault(period, {}).setdefault(source, amount)
    if not target.indicators:
        target.indicators = list(other.indicators)
    target.lines.extend(other.lines)


def _amount(ctx: ParseContext, text: str, line: Line, unit: str) -> Amount | None:
    value = parse_amount(text) if is_amount(text) else None
    if value is None:
        ctx.warn(codes.PERFORMANCE_BAD_AMOUNT, line, text=text)
        return None
    return Amount(value=value, unit=unit, text=text, source=ctx.ref(line))


def _project(ctx: ParseContext, draft: _Draft, index: int) -> PerformanceProject:
    unit = ctx.knowledge.performance.funds.unit
    funds = []
    for period in _PERIODS:
        total = draft.totals.get(period)
        sources = {k: a for k, (text, line) in draft.sources.get(period, {}).items()
                   if (a := _amount(ctx, text, line, unit)) is not None}
        if total or sources:
            funds.append(ProjectFunds(
                period=period, total=_amount(ctx, *total, unit) if total else None,
                by_source=sources))
    lines = sorted(set(draft.lines), key=lambda line: (line.number, line.page or 0))
    ranges: list[list[Line]] = []
    for line in lines:
        if ranges and line.number - ranges[-1][1].number <= 2:
            ranges[-1][1] = line
        else:
            ranges.append([line, line])
    f = draft.fields
    return PerformanceProject(
        id=f"p{index:02d}", name=draft.name, supervisor=f.get("supervisor"),
        supervisor_code=f.get("supervisor_code"), implementer=f.get("implementer"),
        attribute=f.get("attribute"), category=f.get("category"), duration=f.get("duration"),
        start_date=f.get("start_date"), end_date=f.get("end_date"), funds=funds,
        texts=dict(draft.texts), objectives=dict(draft.objectives),
        indicators=draft.indicators, sources=[ctx.ref(a, b) for a, b in ranges])


def build_projects(ctx: ParseContext, forms: list[Form]) -> list[PerformanceProject]:
    labels = _Labels(ctx.knowledge.performance)
    projects: list[_Draft] = []
    by_name: dict[str, _Draft] = {}
    latest_new: _Draft | None = None
    for form in forms:
        for draft in _Reader(ctx, labels).read(form.rows):
            if not draft.filled() and draft.name is None:
                continue
            first, last = draft.lines[0], draft.lines[-1]
            if draft.name is not None:
                key = fold(draft.name)
                if key in by_name:
                    ctx.warn(codes.PERFORMANCE_REPEATED_BLOCK, first, last, project=draft.name,
                             start=first.number, end=last.number)
                    _merge(ctx, by_name[key], draft, "重复表")
                    continue
                by_name[key] = draft
                projects.append(draft)
                latest_new = draft
                continue
            if latest_new is not None and not (draft.filled() & latest_new.filled()):
                ctx.warn(codes.PERFORMANCE_CONTINUATION, first, last, project=latest_new.name,
                         start=first.number, end=last.number)
                _merge(ctx, latest_new, draft, "续表")
                continue
            ctx.warn(codes.PERFORMANCE_UNNAMED, first, last, start=first.number, end=last.number)
            projects.append(draft)
    return [_project(ctx, draft, n) for n, draft in enumerate(projects, 1)]
