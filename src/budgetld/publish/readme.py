"""The short ``README.md`` of a bundle: what it is, what each file holds, whether it passed
validation and how to check it again, in Chinese and English."""

from __future__ import annotations

from .. import __version__
from ..model import Disclosure
from ..package import display_title
from ..validate import Report

#: What each kind of file in a bundle is, in Chinese and English.
FILE_ROLES = {
    "datapackage.json": ("数据包描述（Frictionless Data Package）", "data package descriptor (Frictionless)"),
    "facts.csv": ("全部金额，每个金额一行", "every amount, one per row"),
    "tables.csv": ("预算表清单", "the budget tables"),
    "codes.csv": ("所用政府收支分类科目", "classification codes used"),
    "disclosure.xlsx": ("全部 CSV 的 Excel 工作簿：中文直接可读，科目编码为文本",
                        "every CSV as a sheet of an Excel workbook: Chinese opens as it is, codes stay text"),
    "disclosure.ttl": ("关联数据（RDF Turtle）", "linked data (RDF Turtle)"),
    "disclosure.jsonld": ("关联数据（JSON-LD）", "linked data (JSON-LD)"),
    "validation.json": ("校验报告（JSON）", "validation report (JSON)"),
    "validation.ttl": ("校验报告（SHACL，Turtle）", "validation report (SHACL, Turtle)"),
    "README.md": ("简要说明（供人阅读）", "a short description for people"),
}
_SHOWN_FINDINGS = 20


def file_role(name: str) -> tuple[str, str]:
    """What a bundle file holds; the other files are the published tables' CSVs."""
    return FILE_ROLES.get(name, ("预算表（按公布格式）", "a budget table as published"))


def bundle_readme(d: Disclosure, report: Report, files: dict[str, bytes], created: str) -> bytes:
    meta = d.meta
    unit = meta.unit.name if meta.unit else d.source.name
    title = display_title(d)
    verdict = "通过 / passes" if report.conforms else "未通过 / fails"
    counts = report.counts
    lines = [
        f"# {title}", "",
        f"- 单位 / Unit: {unit}",
        f"- 预算年度 / Fiscal year: {meta.fiscal_year or '未知 / unknown'}",
        f"- 源文件 / Source: `{d.source.name}` (sha256 `{d.source.sha256}`)",
        f"- 内容 / Contents: {len(d.tables)} 张预算表 tables, {len(d.sections)} 个说明章节 "
        f"sections, {len(d.claims)} 个说明数字 narrative figures, {len(d.projects)} 个绩效目标表 "
        "performance-target tables",
        f"- 校验 / Validation: {verdict} — 错误 violations {counts['violation']}, 警告 warnings "
        f"{counts['warning']}, 提示 info {counts['info']}",
        f"- 生成 / Made: {created} with budgetld {__version__}", "",
    ]
    if report.findings:
        lines += ["## 校验发现 / Findings", ""]
        for f in report.findings[:_SHOWN_FINDINGS]:
            where = str(f.location)
            lines.append(f"- **{f.rule}** {f.severity}{' — ' + where if where else ''}: "
                         f"{f.message_zh} / {f.message_en}")
        if len(report.findings) > _SHOWN_FINDINGS:
            lines.append(f"- …… 其余 {len(report.findings) - _SHOWN_FINDINGS} 条见 `validation.json` / "
                         "the rest are in `validation.json`")
        lines.append("")
    lines += ["## 文件 / Files", "", "| 文件 File | 内容 Contents | 字节 Bytes |", "|---|---|---:|"]
    titles = {f"tables/{t.id}.csv": t.title for t in d.tables}
    for name in sorted({*files, "README.md"}):
        zh, en = file_role(name)
        if name in titles:
            zh = f"《{titles[name]}》"
        size = len(files[name]) if name in files else ""  # README cannot state its own size
        lines.append(f"| `{name}` | {zh} / {en} | {size} |")
    lines += [
        "", "## 复核 / Check it again", "",
        "```", "frictionless validate datapackage.json", "budgetld validate .", "```", "",
        "金额均按公布数字与单位（元或万元）记录，并注明在源文件中的行号与页码。 Every amount is "
        "kept exactly as published, in its published unit (yuan or 10,000 yuan), with its line "
        "and page in the source.", "",
        "## 使用数据 / Using the data", "",
        "- 用电子表格打开 `disclosure.xlsx`（CSV 为 UTF-8 编码，双击打开可能乱码）。 Open "
        "`disclosure.xlsx` in a spreadsheet: the CSVs are UTF-8, which a spreadsheet may not "
        "assume when one is opened by double-click.",
        "- 科目编码是文本，不是数字：CSV 中的文本字段都加了引号，但 pandas 仍会把 `2080501` 读成数字，"
        "读取时请指定类型。 Codes are text, not numbers: every text field of the CSVs is quoted, "
        "yet pandas still reads `2080501` as a number unless told otherwise:",
        "",
        "  ```python",
        '  pandas.read_csv("facts.csv", dtype={"function_code": str, "economic_code": str})',
        "  ```",
        "",
        "  `frictionless` 按 `datapackage.json` 的字段类型读取，编码保持为文本。 `frictionless` "
        "reads the fields by the types `datapackage.json` gives them, so codes stay text.",
        "- `facts.csv` 的 `row_role` 标明每行是项目（item）、小计（subtotal）还是合计（total）；加总时只加同一"
        "级次的项目行。 `row_role` in `facts.csv` says whether a row is an item, a subtotal or a "
        "total: add up the item rows of one level only.",
        "- 每个金额都有单位：`facts.csv` 的 `unit`，各表 CSV 的 `amount_unit`。 Every amount has its "
        "unit: `unit` in `facts.csv`, `amount_unit` in each table's CSV.", "",
    ]
    return "\n".join(lines).encode("utf-8")
