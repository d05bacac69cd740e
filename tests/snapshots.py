"""Readable text renderings of a parsed model, compared with files in ``tests/expected``.

Each line states one fact (a cell amount, a claim, an indicator) so that a change in the
parser shows as a reviewable diff. Regenerate after an intended change with
``BUDGETLD_UPDATE_SNAPSHOTS=1 pytest``, then read the diff before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

from budgetld.model import Disclosure

EXPECTED = Path(__file__).parent / "expected"


def _dims(dims: dict[str, str]) -> str:
    return "{" + ",".join(f"{k}={v}" for k, v in sorted(dims.items())) + "}"


def render_tables(d: Disclosure) -> str:
    out = []
    for t in d.tables:
        out.append(f"== {t.id} | kind={t.kind} | {t.title} | number={t.number} | "
                   f"toc-number={t.toc_number} | unit={t.unit} | "
                   f"unit-name={t.unit_name} | pages={t.pages} | continued={t.continued} | "
                   f"lines={t.source.line}-{t.source.line_end}")
        if t.empty_note:
            out.append(f"   empty-note L{t.empty_note.source.line}: {t.empty_note.text}")
        for note in t.notes:
            out.append(f"   note L{note.source.line}: {note.text}")
        for c in t.columns:
            out.append(f"   column {c.key} = {'/'.join(c.path)} {_dims(c.dimensions)} side={c.side}"
                       + (f" sum-of={'+'.join(c.sum_of)}" if c.sum_of else ""))
        for r in t.rows:
            cells = " ".join(f"{c.column}={c.amount.text}({c.amount.value} {c.amount.unit})"
                             for c in r.cells if c.amount)
            extra = f" extra={_dims(r.extra_labels)}" if r.extra_labels else ""
            unplaced = "".join(f" unplaced={u.amount.text}({u.amount.value} {u.amount.unit})"
                               f"@{'|'.join(u.columns)}" for u in r.unplaced)
            out.append(f"   L{r.source.line} p{r.source.page} {r.side or '-'} {r.code or '-'} "
                       f"{r.level or '-'} {r.role} {r.label!r} name={r.name!r} "
                       f"{_dims(r.dimensions)}{extra} {r.placement}: {cells}{unplaced}")
    return "\n".join(out) + "\n"


def render_claims(d: Disclosure) -> str:
    return "\n".join(
        f"{c.id} L{c.source.line} {c.section} {c.kind} subject={c.subject} value={c.value} "
        f"unit={c.unit} direction={c.direction} year={c.compared_year} refers={c.refers_to} "
        f"share-of={c.share_of} "
        f"path={'/'.join(c.item_path)} | {c.text}" for c in d.claims) + "\n"


def render_projects(d: Disclosure) -> str:
    out = []
    for p in d.projects:
        out.append(f"== {p.id} {p.name} | supervisor={p.supervisor} ({p.supervisor_code}) | "
                   f"implementer={p.implementer} | attribute={p.attribute} | "
                   f"category={p.category} | duration={p.duration} | start={p.start_date} | "
                   f"end={p.end_date} | sources={[str(s) for s in p.sources]}")
        for f in p.funds:
            sources = " ".join(f"{k}={a.text}" for k, a in f.by_source.items())
            out.append(f"   funds {f.period} total={f.total.text if f.total else None} {sources}")
        for key, text in sorted(p.objectives.items()):
            out.append(f"   objective {key}: {text}")
        for key, text in sorted(p.texts.items()):
            out.append(f"   text {key}: {text}")
        for i in p.indicators:
            target = i.target
            read = f"({target.comparator} {target.value} {target.unit})" if target else ""
            out.append(f"   L{i.source.line} {i.period} {i.level1}/{i.level2}/{i.name} = "
                       f"{target.text if target else None} {read}")
    return "\n".join(out) + "\n"


def render_rest(d: Disclosure) -> str:
    """Metadata, sections, assets, glossary, TOC and parse warnings."""
    m = d.meta
    out = [f"meta title={m.title} unit={m.unit} supervisor={m.supervisor} region={m.region} "
           f"year={m.fiscal_year} kind={m.kind} level={m.level} layout={m.layout}"]
    out += [f"toc L{e.source.line} {e.number} {e.title} p{e.page}" for e in d.toc]
    out += [f"section {s.id} L{s.source.line}-{s.source.line_end} kind={s.kind} level={s.level} "
            f"parent={s.parent} {s.number} {s.title} chars={len(s.text)}" for s in d.sections]
    out += [f"asset L{a.source.line} {a.category} {a.status} {a.item} {a.quantity} {a.unit} "
            f"as-of={a.as_of} ({a.as_of_text}) threshold={a.value_threshold_wan}" for a in d.assets]
    out += [f"glossary L{g.source.line} {g.term}: {g.definition[:40]}" for g in d.glossary]
    if d.purchase_services:
        out.append(f"purchase-services L{d.purchase_services.source.line}: {d.purchase_services.text}")
    out += [f"unknown L{u.source.line}: {u.text[:40]}" for u in d.unknown]
    out += [f"warning {w.source} [{w.code}] {w.message_en}" for w in d.warnings]
    return "\n".join(out) + "\n"


def check(name: str, actual: str) -> None:
    path = EXPECTED / name
    if os.environ.get("BUDGETLD_UPDATE_SNAPSHOTS"):
        path.write_text(actual, encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{name} changed; diff it against tests/expected/{name}"


def render_findings(report) -> str:
    """One line per finding: rule, severity, where, message (zh and en), expected/actual."""
    out = []
    for f in report.findings:
        out.append(f"{f.rule} {f.severity} {f.location} | {f.message_zh} | {f.message_en}"
                   + (f" | expected={f.expected} actual={f.actual}" if f.expected is not None else "")
                   + f" | {f.focus.rsplit('/', 3)[-3:]}")
    return "\n".join(out) + "\n"
