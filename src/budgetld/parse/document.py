"""Parse stage entry point: read blocks → :class:`~budgetld.model.Disclosure`.

One pass over the blocks dispatches each to what it is by its words: table of contents,
table number label, performance-target form, budget table, section heading, or running text
of the current section. Claims, asset facts, the glossary and metadata are then read from the
sections and tables found.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import warning_codes as codes
from ..errors import InputError
from ..layouts import Knowledge, fold, load_knowledge
from ..model import BudgetTable, Disclosure, Section, TextNote, TocEntry, UnknownBlock
from ..read import read_file
from ..read.blocks import Block, Paragraph, ReadDocument, TableBlock
from . import assets, claims, glossary, performance, signals, tables
from .context import ParseContext
from .glued import split_glued
from .metadata import build_meta, detect_family
from .toc import Contents, starts_listing

#: Paragraphs shorter than this (in folded characters) may repeat legitimately.
_REPEAT_MIN = 20


@dataclass
class _OpenSection:
    id: str
    kind: str | None
    number: str | None
    title: str
    level: int
    parent: str | None
    heading: Paragraph
    paragraphs: list[Paragraph] = field(default_factory=list)


@dataclass
class _State:
    toc: Contents = field(default_factory=Contents)
    tables: list[BudgetTable] = field(default_factory=list)
    table_ids: set[str] = field(default_factory=set)  # of ``tables``
    sections: list[_OpenSection] = field(default_factory=list)
    stack: list[_OpenSection] = field(default_factory=list)
    preamble: list[Paragraph] = field(default_factory=list)
    forms: list[performance.Form] = field(default_factory=list)
    unknown: list[UnknownBlock] = field(default_factory=list)

    @property
    def current(self) -> _OpenSection | None:
        return self.stack[-1] if self.stack else None


def _open_section(ctx: ParseContext, state: _State, found: signals.Heading,
                  block: Paragraph) -> None:
    while state.stack and state.stack[-1].level >= found.level:
        state.stack.pop()
    parent = state.current
    kind = found.kind.id if found.kind else (parent.kind if parent else None)
    if kind is None:
        ctx.warn(codes.SECTION_UNKNOWN, block.first, heading=block.text.strip())
    section = _OpenSection(f"s{len(state.sections) + 1:02d}", kind, found.number, found.title,
                           found.level, parent.id if parent else None, block)
    state.sections.append(section)
    state.stack.append(section)


def _is_heading_here(state: _State, found: signals.Heading) -> bool:
    """Inside the glossary, enumerated entries (六、财政专户管理资金：) are terms, not headings."""
    in_glossary = any(s.kind == "glossary" for s in state.stack)
    return not in_glossary or found.level == 1 or (
        found.kind is not None and found.kind.id != "glossary")


def parse_document(doc: ReadDocument, knowledge: Knowledge) -> Disclosure:
    """The model of a document read into blocks, recognised with ``knowledge``."""
    family = detect_family(knowledge, "\n".join(line.text for line in doc.lines))
    ctx = ParseContext(doc.source.name, knowledge, family)
    for warning in doc.warnings:
        ctx.report(warning.code, warning.params, warning.line)
    state = _State()
    blocks = split_glued(knowledge, doc.blocks)
    pending_number: str | None = None
    in_toc = False
    i = 0
    while i < len(blocks):
        block = blocks[i]
        found = signals.heading(knowledge, block.text) if isinstance(block, Paragraph) else None
        if found and found.kind and found.kind.id == "toc":
            in_toc = True
            i += 1
            continue
        if not in_toc and not state.tables and not state.sections and \
                starts_listing(ctx, blocks, i):
            in_toc = True  # contents printed without a 目录 heading
        if in_toc and (taken := state.toc.take(ctx, blocks, i)):
            i += taken
            continue
        in_toc = False
        if isinstance(block, TableBlock):
            text = "\n".join("\t".join(r.cells) for r in block.rows)
            state.unknown.append(UnknownBlock(text=text, source=ctx.ref(block.first,
                                                                         block.rows[-1].line)))
            ctx.warn(codes.BLOCK_UNKNOWN_TABLE, block.first, block.rows[-1].line)
            i += 1
            continue
        text = block.text.strip()
        if number := signals.number_label(text):
            pending_number = number
            i += 1
            continue
        if signals.is_performance_title(knowledge, text):
            form, i = performance.collect(ctx, blocks, i)
            state.forms.append(form)
            continue
        is_title, kind, number = signals.table_title(knowledge, text)
        if is_title and (kind is not None or _table_follows(blocks, i)):
            draft, i = tables.collect(ctx, blocks, i, kind, pending_number or number)
            pending_number = None
            if draft.bare and not state.tables and \
                    not any(section.paragraphs for section in state.sections):
                state.toc.listed(ctx, block)  # a title listed before the body: contents
                continue
            if kind is None:
                ctx.warn(codes.TABLE_UNKNOWN_KIND, block.first, title=text)
            base = kind.id if kind else f"table-{len(state.tables) + 1}"
            table_id = base if base not in state.table_ids else f"{base}-{len(state.tables) + 1}"
            state.tables.append(tables.build(ctx, draft, table_id))
            state.table_ids.add(table_id)
            continue
        if found is not None and _is_heading_here(state, found):
            _open_section(ctx, state, found, block)
        elif state.current is not None:
            state.current.paragraphs.append(block)
        else:
            state.preamble.append(block)
        i += 1
    return _assemble(ctx, doc, state)


def _table_follows(blocks: tuple[Block, ...], i: int) -> bool:
    return any(isinstance(b, TableBlock) for b in blocks[i + 1:i + 8])


def _with_toc_numbers(tables: list[BudgetTable], toc: list[TocEntry]) -> list[BudgetTable]:
    """Give each table the number the table of contents lists it under (表一, 1., …)."""
    listed = {fold(e.title): e.number for e in toc if e.number}
    return [t.model_copy(update={"toc_number": listed.get(fold(t.title))}) for t in tables]


def _warn_repeated_text(ctx: ParseContext, sections: list[_OpenSection]) -> None:
    """Extraction sometimes prints a page twice: report each repeated run of paragraphs once."""
    seen: dict[str, Paragraph] = {}
    previous_repeated = False
    for section in sections:
        for paragraph in section.paragraphs:
            key = fold(paragraph.text)
            first = seen.get(key) if len(key) >= _REPEAT_MIN else None
            if first is not None and not previous_repeated:
                ctx.warn(codes.TEXT_REPEATED, paragraph.first, at=paragraph.first.number,
                         earlier=first.first.number)
            previous_repeated = first is not None
            seen.setdefault(key, paragraph)


def _assemble(ctx: ParseContext, doc: ReadDocument, state: _State) -> Disclosure:
    _warn_repeated_text(ctx, state.sections)
    sections = [Section(id=s.id, kind=s.kind, number=s.number, title=s.title, level=s.level,
                        parent=s.parent, text="\n".join(p.text for p in s.paragraphs),
                        paragraphs=[TextNote(text=p.text, source=ctx.ref(p.first, p.lines[-1]))
                                    for p in s.paragraphs],
                        source=ctx.ref(s.heading.first,
                                       (s.paragraphs[-1].lines[-1] if s.paragraphs else None)))
                for s in state.sections]
    projects = performance.build_projects(ctx, state.forms)
    meta = build_meta(ctx, state.preamble, state.tables, projects,
                      [f.title.text for f in state.forms])
    found_claims = claims.extract(ctx, [(s.id, s.kind, s.paragraphs) for s in state.sections],
                                  meta.fiscal_year)
    found_assets = assets.extract(ctx, [(s.kind, s.paragraphs) for s in state.sections])
    entries = glossary.extract(ctx, [p for s in state.sections if s.kind == "glossary"
                                     for p in s.paragraphs])
    purchase = next((s for s in state.sections if s.kind == "purchase-services"), None)
    purchase_note = None
    if purchase is not None and purchase.paragraphs:
        purchase_note = TextNote(text="\n".join(p.text for p in purchase.paragraphs),
                                 source=ctx.ref(purchase.paragraphs[0].first))
    if not state.tables and not sections and not projects:
        raise InputError(doc.path, "unrecognised layout: no budget table, section or "
                                          "performance form found")
    return Disclosure(source=doc.source, meta=meta, toc=state.toc.entries,
                      tables=_with_toc_numbers(state.tables, state.toc.entries),
                      sections=sections, claims=found_claims, projects=projects,
                      assets=found_assets, glossary=entries, purchase_services=purchase_note,
                      unknown=state.unknown, warnings=ctx.warnings)


def parse_file(path: Path | str, knowledge: Knowledge | None = None) -> Disclosure:
    """Read and parse one disclosure file (with the built-in layouts unless ``knowledge``
    is given)."""
    return parse_document(read_file(path), knowledge or load_knowledge())
