"""The readable summary ``budgetld parse`` prints: what was found, and what could not be read."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from ..model import Disclosure


def print_summary(console: Console, d: Disclosure) -> None:
    meta = d.meta
    console.print(f"[bold]{meta.title or d.source.name}[/bold]")
    region = " ".join(x for x in (meta.region.province, meta.region.city, meta.region.county) if x)
    console.print(f"unit 单位: {meta.unit.name if meta.unit else '?'}   "
                  f"主管部门: {meta.supervisor.name if meta.supervisor else '?'}"
                  f"{' (' + meta.supervisor.code + ')' if meta.supervisor and meta.supervisor.code else ''}")
    console.print(f"year 年度: {meta.fiscal_year or '?'}   kind: {meta.kind or '?'}   "
                  f"level: {meta.level or '?'}   region: {region or '?'}   layout: {meta.layout}")
    src = d.source
    console.print(f"source: {src.name} ({src.form}, {src.encoding or 'binary'}"
                  f"{', ' + src.encoding_evidence if src.encoding_evidence else ''}"
                  f"{', normalised ' + ', '.join(src.normalised) if src.normalised else ''}), "
                  f"sha256 {src.sha256[:12]}…")

    tables = Table(title=f"Tables 表 ({len(d.tables)})", title_justify="left")
    for column in ("id", "number", "title", "unit", "rows", "amounts", "status", "where"):
        tables.add_column(column)
    for t in d.tables:
        amounts = sum(1 for r in t.rows for c in r.cells if c.amount is not None)
        unplaced = sum(len(r.unplaced) for r in t.rows)
        status = "empty (note)" if t.empty_note else ("data" if t.has_data else "no data, no note")
        tables.add_row(t.id, t.number or "", t.title, t.unit or "?", str(len(t.rows)),
                       f"{amounts} +{unplaced} in no column" if unplaced else str(amounts),
                       status, str(t.source))
    console.print(tables)

    console.print(f"Sections 章节: {len(d.sections)}   claims 数字陈述: {len(d.claims)}   "
                  f"projects 绩效项目: {len(d.projects)}   asset facts 资产: {len(d.assets)}   "
                  f"glossary 名词: {len(d.glossary)}   toc 目录: {len(d.toc)}")
    if d.projects:
        projects = Table(title="Performance projects 项目绩效目标", title_justify="left")
        for column in ("id", "name", "annual funds 元", "indicators", "where"):
            projects.add_column(column)
        for p in d.projects:
            annual = p.funds_for("annual")
            total = annual.total.text if annual and annual.total else ""
            projects.add_row(p.id, p.name or "(name not readable)", total,
                             str(len(p.indicators)), ", ".join(str(s) for s in p.sources[:2]))
        console.print(projects)
    if d.warnings:
        console.print(f"[yellow]Parse warnings 解析提示 ({len(d.warnings)})[/yellow]")
        for w in d.warnings:
            where = f"{w.source}: " if w.source else ""
            console.print(f"  {where}[{w.code}] {w.message_zh} / {w.message_en}", highlight=False,
                          markup=False)
