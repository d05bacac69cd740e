"""Every parse warning budgetld can give, defined once: its code and its message templates.

A reader or the parser reports what it could not read or had to infer with one of these
(``ctx.warn(TABLE_NO_UNIT, line, title=…)``); the model keeps the code, the parameters and
the messages; the RDF names the code by its concept in the ``parse-warning`` code list
(generated from this registry); the shapes refer to those concepts, and a test checks that
every code a shape names is defined here.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass

#: The code list the RDF names warning codes in (``code/parse-warning/<code>``).
SCHEME = "parse-warning"


@dataclass(frozen=True)
class WarningCode:
    """A kind of parse warning: ``code`` is stable (it names the concept in the code list),
    ``zh``/``en`` are message templates whose ``{names}`` are the warning's parameters."""

    code: str
    zh: str
    en: str

    @property
    def parameters(self) -> frozenset[str]:
        return frozenset(name for template in (self.zh, self.en)
                         for _, name, _, _ in string.Formatter().parse(template) if name)

    def messages(self, params: Mapping[str, object]) -> tuple[str, str]:
        """The Chinese and English messages with ``params`` filled in (all must be given)."""
        missing = self.parameters - params.keys()
        if missing:
            raise KeyError(f"warning {self.code} needs {', '.join(sorted(missing))}")
        return self.zh.format(**params), self.en.format(**params)


SECTION_UNKNOWN = WarningCode(
    "section.unknown", "未识别的章节标题“{heading}”", "section heading not recognised: '{heading}'")
BLOCK_UNKNOWN_TABLE = WarningCode(
    "block.unknown-table", "无标题的表格，未能识别", "table without a title; not recognised")
TABLE_UNKNOWN_KIND = WarningCode(
    "table.unknown-kind", "未识别的表格“{title}”", "table kind not recognised: '{title}'")
TEXT_REPEATED = WarningCode(
    "text.repeated", "第{at}行起的文字重复了第{earlier}行起的内容",
    "text from line {at} repeats text from line {earlier}")
TABLE_EXTRA_VALUES = WarningCode(
    "table.extra-values", "《{title}》一行的金额多于列数，多出的金额未读取",
    "table '{title}': a row has more amounts than columns; extra ignored")
TABLE_UNPLACED_AMOUNT = WarningCode(
    "table.unplaced-amount",
    "《{title}》“{row}”行的金额{amounts}无法确定所在列（文本丢失了空白单元格，表头位置与表内合计关系都不能确定），"
    "保留在该行，不归入任何列",
    "table '{title}', row '{row}': amount(s) {amounts} cannot be put in a column (the text lost "
    "the blank cells, and neither the header's positions nor the table's sums fix them); kept "
    "with the row, in no column")
TABLE_LABEL_PIECE = WarningCode(
    "table.label-piece", "《{title}》中“{text}”像是换行的行名的一部分，无法确定属于哪一行，按单独一行读取",
    "table '{title}': '{text}' looks like part of a wrapped row label, but its row cannot be "
    "told; read as a row of its own")
TABLE_UNKNOWN_COLUMN = WarningCode(
    "table.unknown-column", "《{title}》的列“{column}”含义未识别",
    "table '{title}': column '{column}' not recognised")
TABLE_NON_NUMERIC_CELL = WarningCode(
    "table.non-numeric-cell", "《{title}》单元格“{text}”不是金额",
    "table '{title}': cell '{text}' is not an amount")
TABLE_NO_UNIT = WarningCode(
    "table.no-unit", "《{title}》未注明金额单位，金额不折算为元",
    "table '{title}': no amount unit given; amounts are kept without a unit")
GLOSSARY_UNREAD = WarningCode(
    "glossary.unread", "名词解释中的段落未能识别为词条：“{text}”",
    "glossary paragraph not read as an entry: '{text}'")
PERFORMANCE_UNREAD_CELL = WarningCode(
    "performance.unread-cell", "绩效目标表单元格“{cell}”未能读取",
    "performance form: cell '{cell}' not read")
PERFORMANCE_LEVEL_MISMATCH = WarningCode(
    "performance.level-mismatch", "二级指标“{level2}”不属于所列一级指标“{stated}”，按“{level1}”读取",
    "level-2 indicator '{level2}' does not belong to the stated level-1 '{stated}'; read under "
    "'{level1}'")
PERFORMANCE_CONFLICT = WarningCode(
    "performance.conflict", "项目“{project}”的{part}中“{key}”与前文不一致：“{value}”",
    "project '{project}': {part_en} differs in '{key}': '{value}'")
PERFORMANCE_FUNDS_CONFLICT = WarningCode(
    "performance.funds-conflict", "项目“{project}”的{part}中资金总额与前文不一致：{value}",
    "project '{project}': {part_en} gives another fund total: {value}")
PERFORMANCE_BAD_AMOUNT = WarningCode(
    "performance.bad-amount", "绩效目标表资金“{text}”不是金额",
    "performance form: funds '{text}' is not an amount")
PERFORMANCE_REPEATED_BLOCK = WarningCode(
    "performance.repeated-block", "项目“{project}”的绩效目标表重复出现（第{start}–{end}行），已合并",
    "performance table of '{project}' repeated (lines {start}-{end}); merged")
PERFORMANCE_CONTINUATION = WarningCode(
    "performance.continuation", "第{start}–{end}行的内容接续项目“{project}”（被重复表打断）",
    "lines {start}-{end} continue project '{project}' (interrupted by a repeated block)")
PERFORMANCE_UNNAMED = WarningCode(
    "performance.unnamed", "第{start}–{end}行的绩效目标内容无法确定所属项目（项目名称缺失）",
    "lines {start}-{end}: performance targets whose project name is missing")

READ_PDF_UNMAPPED = WarningCode(
    "read.pdf-unmapped", "第{page}页有{chars}个字符的字体没有Unicode映射，文字可能有误",
    "page {page}: {chars} characters in fonts without a Unicode map; their text may be wrong")
READ_PDF_RULINGS = WarningCode(
    "read.pdf-rulings", "第{page}页：未能读取表格线（{reason}）",
    "page {page}: rulings not read ({reason})")
READ_PDF_TABLE = WarningCode(
    "read.pdf-table", "第{page}页：有一个表格未能按表格线读取（{reason}），已按文字行读取",
    "page {page}: a table could not be read as a grid ({reason}); its text is read as lines")
READ_PDF_NO_TEXT = WarningCode(
    "read.pdf-no-text", "第{page}页没有文字层（扫描件？），未读取",
    "page {page} has no text layer (scanned?); not read")

#: Every warning code, by its code.
REGISTRY: dict[str, WarningCode] = {w.code: w for w in (
    SECTION_UNKNOWN, BLOCK_UNKNOWN_TABLE, TABLE_UNKNOWN_KIND, TEXT_REPEATED, TABLE_EXTRA_VALUES,
    TABLE_UNPLACED_AMOUNT, TABLE_LABEL_PIECE, TABLE_UNKNOWN_COLUMN, TABLE_NON_NUMERIC_CELL, TABLE_NO_UNIT,
    GLOSSARY_UNREAD, PERFORMANCE_UNREAD_CELL, PERFORMANCE_LEVEL_MISMATCH, PERFORMANCE_CONFLICT,
    PERFORMANCE_FUNDS_CONFLICT, PERFORMANCE_BAD_AMOUNT, PERFORMANCE_REPEATED_BLOCK,
    PERFORMANCE_CONTINUATION, PERFORMANCE_UNNAMED, READ_PDF_UNMAPPED, READ_PDF_RULINGS,
    READ_PDF_TABLE, READ_PDF_NO_TEXT)}
