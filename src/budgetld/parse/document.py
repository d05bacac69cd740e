"""Parse stage entry point: read blocks → :class:`~budgetld.model.Disclosure`.

One pass over the blocks dispatches each to what it is by its words: table of contents,
table number label, performance-target form, budget table, section heading, or running text
of the current section. Claims, asset facts, the glossary and metadata are then read from the
sections and tables found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import warning_codes as codes
from ..errors import InputError
from ..layouts import Knowledge, fold, load_knowledge
from ..model import BudgetTable, Disclosure, Section, TextNote, TocEntry, UnknownBlock
from ..read import read_file
from ..read.blocks import Block, Line, Paragraph, ReadDocument, TableBlock
from . import assets, claims, glossary, performance, signals, tables
from .context import ParseContext
from .metadata import build_meta, detect_family

_PAGE = re.compile(r"^\d{1,3}$")
#: Paragraphs shorter than this (in folded characters) may repeat legitimately.
_REPEAT_MIN = 20
_LEADER_TAIL = re.compile(r"[.…·\s]+\d*\s*$")


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
    toc: list[TocEntry] = field(default_factory=list)
    tables: list[BudgetTable] = field(default_factory=list)
    sections: list[_OpenSection] = field(default_factory=list)
    stack: list[_OpenSection] = field(default_factory=list)
    preamble: list[Paragraph] = field(default_factory=list)
    forms: list[performance.Form] = field(default_factory=list)
    unknown: list[UnknownBlock] = field(default_factory=list)
    toc_marked: bool = False  #: the table of contents marks its entries (leaders, page numbers)
    toc_texts: set[str] = field(default_factory=set)  #: the entries as printed, folded

    @property
    def current(self) -> _OpenSection | None:
        return self.stack[-1] if self.stack else None


def _toc_entry(ctx: ParseContext, text: str, page: str | None, line: Line) -> TocEntry:
    title = _LEADER_TAIL.sub("", text).strip()
    number, bare = signals.split_title_number(title)
    if number is None:
        from ..numbers import split_enumerator
        number, bare = split_enumerator(title)
    return TocEntry(number=number, title=bare, page=int(page) if page else None,
                    source=ctx.ref(line))


def _bare_toc_entry(state: _State, text: str) -> bool:
    """An entry of a table of contents printed without leaders or page numbers (as all its
    entries so far): a short line without sentence punctuation that does not repeat an entry
    (the first repeat is the body's first heading)."""
    key = fold(text)
    return not state.toc_marked and 0 < len(key) <= signals.TITLE_MAX and \
        not re.search(r"[，。；]", text) and key not in state.toc_texts


def _toc_rows(ctx: ParseContext, block: TableBlock) -> list[TocEntry] | None:
    entries = []
    for row in block.rows:
        cells = [c for c in row.cells if c.strip()]
        if not cells or not _PAGE.match(cells[-1]) or len(cells) > 3:
            return None
        entries.append(_toc_entry(ctx, " ".join(cells[:-1]), cells[-1], row.line))
    return entries


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
    blocks = doc.blocks
    pending_number: str | None = None
    in_toc = False
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if isinstance(block, TableBlock):
            entries = _toc_rows(ctx, block) if in_toc else None
            if entries is not None:
                state.toc.extend(entries)
                state.toc_marked = True
            else:
                in_toc = False
                text = "\n".join("\t".join(r.cells) for r in block.rows)
                state.unknown.append(UnknownBlock(text=text, source=ctx.ref(block.first,
                                                                             block.rows[-1].line)))
                ctx.warn(codes.BLOCK_UNKNOWN_TABLE, block.first, block.rows[-1].line)
            i += 1
            continue
        text = block.text.strip()
        if in_toc and (signals.is_toc_line(text) or _bare_toc_entry(state, text)):
            state.toc_marked |= signals.is_toc_line(text)
            state.toc_texts.add(fold(text))
            state.toc.append(_toc_entry(ctx, text, None, block.first))
            i += 1
            continue
        in_toc = False
        found = signals.heading(knowledge, text)
        if found and found.kind and found.kind.id == "toc":
            in_toc = True
            i += 1
            continue
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
            if kind is None:
                ctx.warn(codes.TABLE_UNKNOWN_KIND, block.first, title=text)
            ids = {t.id for t in state.tables}
            base = kind.id if kind else f"table-{len(state.tables) + 1}"
            table_id = base if base not in ids else f"{base}-{len(state.tables) + 1}"
            state.tables.append(tables.build(ctx, draft, table_id))
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
    return Disclosure(source=doc.source, meta=meta, toc=state.toc,
                      tables=_with_toc_numbers(state.tables, state.toc),
                      sections=sections, claims=found_claims, projects=projects,
                      assets=found_assets, glossary=entries, purchase_services=purchase_note,
                      unknown=state.unknown, warnings=ctx.warnings)


def parse_file(path: Path | str, knowledge: Knowledge | None = None) -> Disclosure:
    """Read and parse one disclosure file (with the built-in layouts unless ``knowledge``
    is given)."""
    return parse_document(read_file(path), knowledge or load_knowledge())
