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
    ]
    return "\n".join(lines).encode("utf-8")
