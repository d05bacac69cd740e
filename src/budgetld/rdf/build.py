"""Model → RDF triples under the budgetld ontology, aligned with Data Cube, DCAT, PROV, org.

Every published table is a ``qb:DataSet`` with its own ``qb:DataStructureDefinition`` listing
exactly the dimensions its observations carry (so the Data Cube integrity constraints hold);
every amount cell is a ``qb:Observation`` with the exact published decimal, its unit, a
derived amount in 元, and its source line. Claims, performance projects, asset facts, sections
and parse warnings are resources of their own. Triples come out in document order, so the
same input always gives the same serialisation.
"""

from __future__ import annotations

from typing import NamedTuple

from pyoxigraph import Literal, NamedNode, Quad

from .. import units
from ..codelists import classification_for, schemes
from ..figures import Figure, cells, locate, project_named
from ..layouts import Knowledge, load_knowledge
from ..model import Amount, BudgetTable, Column, Disclosure, Row, SourceRef, Unplaced
from ..warning_codes import SCHEME as WARNING_SCHEME
from .iris import Minter
from .vocab import (
    BLD,
    BLDCN,
    DCAT,
    DCT,
    ORG,
    PROV,
    QB,
    RDFS,
    SKOS,
    XSD,
    A,
    Triples,
    code,
    decimal,
    en,
    typed,
    zh,
)

#: Column/row meanings (the layouts' dimension names) → (dimension property, code-list scheme).
_DIMENSIONS = {s.dimension: (BLD.term(s.property or s.dimension), s.id)
               for s in schemes() if s.dimension}
#: A project's fields → the properties that state them.
_PROJECT_FIELDS = {"supervisor": BLD.supervisorName, "implementer": BLD.implementer,
                   "attribute": BLD.projectAttribute, "category": BLD.projectCategory,
                   "duration": BLD.duration}
_OBJECTIVES = {"implementation": BLD.implementationObjective, "annual": BLD.annualObjective}
_CLASSIFICATION_DIMENSIONS = {
    "function": BLDCN.functionClass,
    "econ-dept": BLDCN.economicClassDepartment,
    "econ-gov": BLDCN.economicClassGovernment,
}
_CLASSIFICATION_PROPERTIES = frozenset(_CLASSIFICATION_DIMENSIONS.values())
#: A dimension property → the meaning it states (the first, should two share it).
_MEANING_OF = {prop: meaning for meaning, (prop, _) in reversed(_DIMENSIONS.items())}


class _Classified(NamedTuple):
    """A row's concept in a classification: the scheme, and the concept's local name."""

    scheme: str
    local: str


class _Dimension(NamedTuple):
    """A coded dimension of a table: its property and the code list of its values."""

    property: NamedNode
    scheme: str


class _Observed(NamedTuple):
    """A cell holding an amount: the row's position, the row and the column."""

    position: int
    row: Row
    column: Column


def project_text(key: str) -> NamedNode:
    """The property of a project's long text or signature field that the layouts name ``key``
    (``basis`` → ``bld:textBasis``); a key without a declared property fails."""
    return BLD.term(f"text{key[:1].upper()}{key[1:]}")


def _unit(symbol: str) -> NamedNode:
    """The code-list concept of an amount unit printed as ``symbol``."""
    return code(units.SCHEME, units.unit(symbol).code)


def _money(g: Triples, subject: str, amount: Amount) -> None:
    """An amount as published (value, unit) and, when its unit is stated, in 元."""
    g.add(subject, BLD.amount, decimal(amount.value))
    if amount.unit:
        g.add(subject, BLD.unitMeasure, _unit(amount.unit))
        g.add(subject, BLD.amountInYuan, decimal(units.in_yuan(amount.value, amount.unit)))


def _source(g: Triples, subject: str, ref: SourceRef) -> None:
    g.add(subject, BLD.sourceLine, typed(ref.line, XSD.integer))
    if ref.line_end:
        g.add(subject, BLD.sourceLineEnd, typed(ref.line_end, XSD.integer))
    if ref.page:
        g.add(subject, BLD.sourcePage, typed(ref.page, XSD.integer))
    if ref.sheet is not None:
        g.add(subject, BLD.sourceSheet, Literal(ref.sheet))


class _Builder:
    def __init__(self, d: Disclosure, base: str, knowledge: Knowledge) -> None:
        self.d = d
        self.k = knowledge
        self.m = Minter(d, base, knowledge)
        self.g = Triples()
        self.year = d.meta.fiscal_year
        #: each row's position in its table, by identity: the figures are rows of these
        #: tables, and ``list.index`` compared them field by field with every row before
        self._positions = {id(row): index for table in d.tables
                           for index, row in enumerate(table.rows)}

    # --- the disclosure, its source and its organisations ---------------------------------
    def disclosure(self) -> None:
        d, m, g = self.d, self.m, self.g
        ds, meta = m.dataset, d.meta
        g.add(ds, A, DCAT.Dataset)
        g.add(ds, A, BLD.BudgetDisclosure)
        title = meta.title or d.source.name
        g.add(ds, DCT.title, zh(title))
        unit = meta.unit.name if meta.unit else d.source.name
        g.add(ds, DCT.description, zh(
            f"{unit}{self.year or ''}年{meta.kind or '预算'}公开：{len(d.tables)}张预算表、"
            f"{len(d.sections)}个说明章节、{len(d.projects)}个项目绩效目标表"))
        g.add(ds, DCT.description, en(
            f"Budget disclosure of {unit} for {self.year or 'an unknown year'}: {len(d.tables)} "
            f"tables, {len(d.sections)} narrative sections, {len(d.projects)} project "
            "performance-target tables."))
        g.add(ds, DCT.identifier, Literal(ds.removeprefix(m.base)))
        g.add(ds, DCT.publisher, m.unit())
        if self.year:
            g.add(ds, BLD.fiscalYear, typed(self.year, XSD.gYear))
            g.add(ds, DCT.temporal, m.period())
            g.add(m.period(), A, DCT.PeriodOfTime)
            g.add(m.period(), DCAT.startDate, typed(f"{self.year}-01-01", XSD.date))
            g.add(m.period(), DCAT.endDate, typed(f"{self.year}-12-31", XSD.date))
        g.add(ds, DCT.spatial, m.region())
        g.add(m.region(), A, DCT.Location)
        region = [x for x in (meta.region.province, meta.region.city, meta.region.county) if x]
        if region:
            g.add(m.region(), RDFS.label, zh("".join(region)))
        if meta.kind:
            g.add(ds, BLD.budgetKind, zh(meta.kind))
        if meta.level:
            g.add(ds, BLD.governmentLevel, zh(meta.level))
        g.add(ds, BLD.layoutFamily, code("layout-family", meta.layout))
        g.add(ds, BLD.budgetPhase, code("budget-phase", "approved"))
        g.add(ds, PROV.wasDerivedFrom, m.source())
        self._organisations()
        src = d.source
        g.add(m.source(), A, PROV.Entity)
        g.add(m.source(), A, BLD.SourceFile)
        g.add(m.source(), DCT.title, Literal(src.name))
        g.add(m.source(), BLD.sha256, Literal(src.sha256))
        g.add(m.source(), DCAT.byteSize, typed(src.size, XSD.nonNegativeInteger))
        g.add(m.source(), BLD.physicalForm, Literal(src.form))
        if src.encoding:
            g.add(m.source(), BLD.encoding, Literal(src.encoding))
            g.add(m.source(), BLD.encodingEvidence,
                  Literal(src.encoding_evidence) if src.encoding_evidence else None)
        for normalisation in src.normalised:
            g.add(m.source(), BLD.normalisation, Literal(normalisation))

    def _organisations(self) -> None:
        meta, m, g = self.d.meta, self.m, self.g
        g.add(m.unit(), A, ORG.Organization)
        if meta.unit:
            g.add(m.unit(), SKOS.prefLabel, zh(meta.unit.name))
        supervisor = meta.supervisor
        if supervisor and (not meta.unit or supervisor.name != meta.unit.name):
            other = m.organisation(supervisor.name)
            if other != m.unit():
                g.add(other, A, ORG.Organization)
                g.add(other, SKOS.prefLabel, zh(supervisor.name))
                g.add(other, SKOS.notation, Literal(supervisor.code) if supervisor.code else None)
                g.add(m.unit(), ORG.subOrganizationOf, other)
                g.add(m.dataset, BLD.supervisor, other)

    # --- tables ---------------------------------------------------------------------------
    def tables(self) -> None:
        for table in self.d.tables:
            self.table(table)

    def _classification(self, table: BudgetTable, row: Row) -> _Classified | None:
        """The classification concept of a row: its code, or for the expenditure rows of a
        summary its 类 looked up by name."""
        year = self.year or 0
        if row.code:
            return _Classified(classification_for(row.code).id, f"{year}/{row.code}")
        kind = self.k.kind(table.kind) if table.kind else None
        if kind is not None and kind.two_sided and row.side == "expenditure" and row.role == "item":
            found = classification_for("2").by_name(row.name, year)
            if found is not None:
                return _Classified("function", f"{year}/{found.code}")
        return None

    def _flow(self, table: BudgetTable, row: Row) -> str:
        if row.side:
            return row.side
        kind = self.k.kind(table.kind) if table.kind else None
        return kind.flow if kind else "expenditure"

    def table(self, table: BudgetTable) -> None:
        """A table as a qb:DataSet: its description, columns, rows, structure and one
        observation per amount."""
        self._table_description(table)
        for order, column in enumerate(table.columns, 1):
            self._column(table, order, column)
        for index, row in enumerate(table.rows):
            self._row(table, index, row)
        observed = [_Observed(index, row, column) for index, row in enumerate(table.rows)
                    for column in table.columns
                    if column.side == row.side and row.amount(column.key) is not None]
        dims = self._structure(table, observed)
        for cell in observed:
            self.observation(table, cell.position, cell.row, cell.column, dims)
        for index, row in enumerate(table.rows):
            for position, unplaced in enumerate(row.unplaced, 1):
                self.unplaced(table, index, row, position, unplaced)

    def unplaced(self, table: BudgetTable, index: int, row: Row, position: int,
                 unplaced: Unplaced) -> None:
        """An amount whose column is not known: with its row, table and the columns it may
        stand in, never as an observation (no rule counts it in a column)."""
        g, m = self.g, self.m
        u = m.unplaced(table, index, position)
        g.add(u, A, BLD.UnplacedAmount)
        g.add(u, BLD.row, m.row(table, index))
        g.add(u, BLD.inTable, m.table(table))
        g.add(u, BLD.flow, code("flow", self._flow(table, row)))
        for key in unplaced.columns:
            g.add(u, BLD.possibleColumn, m.column(table, next(c for c in table.columns if c.key == key)))
        _money(g, u, unplaced.amount)
        g.add(u, BLD.currency, Literal("CNY"))
        _source(g, u, unplaced.amount.source)

    def observed_codes(self) -> None:
        """Every classification code the tables use that the year's code list lacks, once,
        with the name it is published under and the rows it is seen in: the list may be
        incomplete there (see its coverage), so the code is recorded rather than dropped."""
        g, m, year = self.g, self.m, self.year or 0
        seen: dict[str, list[tuple[BudgetTable, int, Row]]] = {}
        for table in self.d.tables:
            for index, row in enumerate(table.rows):
                if row.code and not classification_for(row.code).at(row.code, year):
                    seen.setdefault(row.code, []).append((table, index, row))
        for number, rows in seen.items():
            o = m.observed_code(number)
            first = rows[0][2]
            g.add(o, A, BLD.ObservedCode)
            g.add(o, SKOS.notation, Literal(number))
            g.add(o, SKOS.prefLabel, zh(first.name or first.label))
            g.add(o, BLD.classificationLevel, zh(first.level) if first.level else None)
            g.add(o, BLD.notInCodeList, code(classification_for(number).id, str(year)))
            g.add(o, DCT.isPartOf, m.dataset)
            for table, index, _ in rows:
                g.add(o, BLD.seenIn, m.row(table, index))
            _source(g, o, first.source)

    def _table_description(self, table: BudgetTable) -> None:
        g, m = self.g, self.m
        t = m.table(table)
        g.add(t, A, QB.DataSet)
        g.add(t, A, BLD.BudgetTable)
        g.add(t, DCT.title, zh(table.title))
        g.add(t, DCT.isPartOf, m.dataset)
        g.add(m.dataset, BLD.hasTable, t)
        g.add(t, BLD.tableKind, code("table-kind", table.kind) if table.kind else None)
        g.add(t, BLD.publishedNumber, zh(table.number) if table.number else None)
        g.add(t, BLD.tocNumber, zh(table.toc_number) if table.toc_number else None)
        g.add(t, BLD.amountUnit, _unit(table.unit) if table.unit else None)
        g.add(t, BLD.unitName, zh(table.unit_name) if table.unit_name is not None else None)
        g.add(t, BLD.emptyNote, zh(table.empty_note.text) if table.empty_note else None)
        for note in table.notes:
            g.add(t, SKOS.note, zh(note.text))
        g.add(t, BLD.continuedOverPages, typed(str(table.continued).lower(), XSD.boolean))
        g.add(t, PROV.wasDerivedFrom, m.source())
        _source(g, t, table.source)
        for scheme in sorted({found.scheme for row in table.rows
                              if row.code and (found := self._classification(table, row))}):
            g.add(t, BLD.rowsClassifiedBy, code(scheme))
        if any("item" in row.dimensions for row in table.rows):
            g.add(t, BLD.rowsNamedBy, code("expense-item"))
        if any(column.side for column in table.columns):
            g.add(t, BLD.twoSided, typed("true", XSD.boolean))

    def _column(self, table: BudgetTable, order: int, column: Column) -> None:
        g, m = self.g, self.m
        c = m.column(table, column)
        g.add(c, A, BLD.TableColumn)
        g.add(c, BLD.columnOrder, typed(order, XSD.integer))
        g.add(c, RDFS.label, zh(column.label))
        g.add(c, BLD.columnKey, Literal(column.key))
        g.add(c, BLD.inTable, m.table(table))
        g.add(c, BLD.flow, code("flow", column.side) if column.side else None)
        for dim, value in sorted(column.dimensions.items()):
            g.add(c, _DIMENSIONS[dim][0], code(_DIMENSIONS[dim][1], value))
        for part in column.sum_of:
            g.add(c, BLD.sumOf, m.column(table, next(x for x in table.columns if x.key == part)))

    def _row(self, table: BudgetTable, index: int, row: Row) -> None:
        g, m = self.g, self.m
        r = m.row(table, index)
        g.add(r, A, BLD.TableRow)
        g.add(r, RDFS.label, zh(row.name or row.label or table.title))
        g.add(r, BLD.publishedLabel, zh(row.label) if row.label else None)
        g.add(r, SKOS.notation, Literal(row.code) if row.code else None)
        g.add(r, BLD.classificationLevel, zh(row.level) if row.level else None)
        g.add(r, BLD.rowRole, Literal(row.role))
        g.add(r, BLD.flow, code("flow", row.side) if row.side else None)
        g.add(r, BLD.rowOrder, typed(index + 1, XSD.integer))
        g.add(r, BLD.rowNumber, Literal(row.number) if row.number else None)
        g.add(r, BLD.placement, Literal(row.placement))
        g.add(r, BLD.inTable, m.table(table))
        found = self._classification(table, row)
        if found:
            g.add(r, _CLASSIFICATION_DIMENSIONS[found.scheme], code(found.scheme, found.local))
        for dim, value in sorted(row.dimensions.items()):
            g.add(r, _DIMENSIONS[dim][0], code(_DIMENSIONS[dim][1], value))
        for _, label in sorted(row.extra_labels.items()):
            g.add(r, BLD.extraLabel, zh(label))
        _source(g, r, row.source)

    def _structure(self, table: BudgetTable, observed: list[_Observed]) -> list[_Dimension]:
        """Write the table's DSD: exactly the dimensions its observations carry (so the Data
        Cube integrity constraints hold); return its coded dimensions."""
        g, m = self.g, self.m
        s = m.structure(table)
        g.add(m.table(table), QB.structure, s)
        g.add(s, A, QB.DataStructureDefinition)
        coded: dict[str, _Dimension] = {}
        for cell in observed:
            found = self._classification(table, cell.row)
            if found:
                coded[found.scheme] = _Dimension(_CLASSIFICATION_DIMENSIONS[found.scheme], found.scheme)
            for dim in (*cell.row.dimensions, *cell.column.dimensions):
                coded[dim] = _Dimension(*_DIMENSIONS[dim])
        first = next((c for c in (self._classification(table, r) for r in table.rows) if c), None)
        if first is not None:
            coded.setdefault(first.scheme, _Dimension(_CLASSIFICATION_DIMENSIONS[first.scheme],
                                                      first.scheme))
        dims = [BLD.row, BLD.column, *([BLD.fiscalYear] if self.year else []),
                BLD.budgetPhase, BLD.organization, BLD.flow,
                *(d.property for d in sorted(coded.values(), key=lambda x: str(x.property)))]
        for order, prop in enumerate(dims, 1):
            spec = m.component(table, prop.value.rsplit("#", 1)[-1])
            g.add(s, QB.component, spec)
            g.add(spec, A, QB.ComponentSpecification)
            g.add(spec, QB.dimension, prop)
            g.add(spec, QB.order, typed(order, XSD.integer))
        # without a stated unit there is no amount in 元 and no unit to require
        stated = (("measure", BLD.amountInYuan), ("attribute", BLD.unitMeasure)) \
            if table.unit else ()
        for kind, prop in (("measure", BLD.amount), *stated, ("attribute", BLD.currency)):
            spec = m.component(table, prop.value.rsplit("#", 1)[-1])
            g.add(s, QB.component, spec)
            g.add(spec, A, QB.ComponentSpecification)
            g.add(spec, QB.term(kind), prop)
            if kind == "attribute":
                g.add(spec, QB.componentRequired, typed("true", XSD.boolean))
        return sorted(coded.values(), key=lambda x: str(x.property))

    def observation(self, table: BudgetTable, index: int, row: Row, column: Column,
                    dims: list[_Dimension]) -> None:
        g, m = self.g, self.m
        amount = row.amount(column.key)
        assert amount is not None  # observations are made of the cells holding an amount
        o = m.observation(table, index, column)
        g.add(o, A, QB.Observation)
        g.add(o, QB.dataSet, m.table(table))
        g.add(o, BLD.row, m.row(table, index))
        g.add(o, BLD.column, m.column(table, column))
        g.add(o, BLD.fiscalYear, typed(self.year, XSD.gYear) if self.year else None)
        g.add(o, BLD.budgetPhase, code("budget-phase", "approved"))
        g.add(o, BLD.organization, m.unit())
        g.add(o, BLD.flow, code("flow", self._flow(table, row)))
        classification = self._classification(table, row)
        meanings = {**column.dimensions, **row.dimensions}
        for prop, scheme in dims:
            if prop in _CLASSIFICATION_PROPERTIES:
                if classification and _CLASSIFICATION_DIMENSIONS[classification.scheme] == prop:
                    value = code(scheme, classification.local)
                else:
                    value = code(scheme, "_T" if row.role == "total" else "_Z")
            else:
                value = code(scheme, meanings.get(_MEANING_OF[prop], "_T"))
            g.add(o, prop, value)
        _money(g, o, amount)
        g.add(o, BLD.currency, Literal("CNY"))
        g.add(o, BLD.publishedText, Literal(amount.text))
        _source(g, o, amount.source)

    # --- narrative ------------------------------------------------------------------------
    def sections(self) -> None:
        g, m = self.g, self.m
        for section in self.d.sections:
            s = m.section(section.id)
            g.add(s, A, BLD.Section)
            g.add(s, DCT.title, zh(section.title))
            g.add(s, BLD.sectionKind, code("section-kind", section.kind) if section.kind else None)
            g.add(s, BLD.sectionNumber, zh(section.number) if section.number else None)
            g.add(s, BLD.headingLevel, typed(section.level, XSD.integer))
            g.add(s, DCT.isPartOf, m.dataset)
            g.add(s, BLD.parentSection, m.section(section.parent) if section.parent else None)
            g.add(s, BLD.text, zh(section.text) if section.text else None)
            _source(g, s, section.source)
            for n, paragraph in enumerate(section.paragraphs, 1):
                p = m.paragraph(section.id, n)
                g.add(p, A, BLD.Paragraph)
                g.add(p, BLD.inSection, s)
                g.add(p, BLD.text, zh(paragraph.text))
                _source(g, p, paragraph.source)

    def claims(self) -> None:
        g, m, d = self.g, self.m, self.d
        tables = {t.id: t for t in d.tables}
        for claim in d.claims:
            c = m.claim(claim.id)
            g.add(c, A, BLD.NarrativeClaim)
            g.add(c, DCT.isPartOf, m.dataset)
            g.add(c, BLD.claimKind, code("claim-kind", claim.kind))
            g.add(c, BLD.claimSubject, code("claim-subject", claim.subject) if claim.subject else None)
            g.add(c, BLD.subjectText, zh(claim.subject_text) if claim.subject_text else None)
            if claim.value is not None:
                g.add(c, BLD.value, decimal(claim.value))
                g.add(c, BLD.publishedDecimals, typed(max(0, -int(claim.value.as_tuple().exponent)), XSD.integer))
                if claim.unit in units.symbols():
                    g.add(c, BLD.unitMeasure, _unit(claim.unit))
                    g.add(c, BLD.valueInYuan, decimal(units.in_yuan(claim.value, claim.unit)))
            g.add(c, BLD.unitText, zh(claim.unit) if claim.unit else None)
            g.add(c, BLD.direction, typed(claim.direction, XSD.integer) if claim.direction is not None else None)
            g.add(c, BLD.comparedYear, typed(claim.compared_year, XSD.gYear) if claim.compared_year else None)
            g.add(c, BLD.qualifies, m.claim(claim.refers_to) if claim.refers_to else None)
            g.add(c, BLD.shareOf, m.claim(claim.share_of) if claim.share_of else None)
            if claim.item_path:
                g.add(c, BLD.itemPath, zh("/".join(claim.item_path)))
            g.add(c, BLD.purposeText, zh(claim.purpose) if claim.purpose else None)
            g.add(c, BLD.text, zh(claim.text))
            g.add(c, BLD.inSection, m.section(claim.section) if claim.section else None)
            figure = locate(d, claim, self.k)
            if figure is not None:
                g.add(c, BLD.figureCell, self.cell(figure))
                if figure.amount is not None and figure.row and figure.column:
                    table = tables[figure.table.id]
                    g.add(c, BLD.statesFigure,
                          m.observation(table, self._positions[id(figure.row)], figure.column))
            project = project_named(d, claim)
            g.add(c, BLD.namesProject, m.project(project.id) if project else None)
            _source(g, c, claim.source)

    def cell(self, figure: Figure, subject: str | None = None) -> str:
        """The FigureCell resource of a table cell a named figure stands in (in a table with
        no data, where the table would show it)."""
        g, m = self.g, self.m
        table = figure.table
        if figure.row is None or figure.column is None:
            cell = m.no_data_cell(table)
        else:
            index = self._positions[id(figure.row)]
            cell = m.cell(table, index, figure.column)
            g.add(cell, BLD.row, m.row(table, index))
            g.add(cell, BLD.column, m.column(table, figure.column))
            if figure.amount is not None:
                g.add(cell, BLD.observation, m.observation(table, index, figure.column))
        g.add(cell, A, BLD.FigureCell)
        g.add(cell, DCT.isPartOf, m.table(table))
        if subject:
            g.add(cell, BLD.expectsFigure if figure.presence else BLD.representsFigure,
                  code("claim-subject", subject))
        return cell

    def figure_cells(self) -> None:
        """Every cell each named figure stands in, so that the validator can check that the
        tables agree with each other (a blank cell counts as 0, unless an amount of its row
        has no known column; a table with no data is reported, not read as 0)."""
        for subject in self.k.figures:
            for figure in cells(self.d, subject, self.k):
                self.cell(figure, subject)

    def projects(self) -> None:
        g, m = self.g, self.m
        for project in self.d.projects:
            p = m.project(project.id)
            g.add(p, A, BLD.PerformanceProject)
            g.add(p, DCT.isPartOf, m.dataset)
            g.add(p, RDFS.label, zh(project.name) if project.name else None)
            g.add(p, BLD.nameUnreadable, typed("true", XSD.boolean) if project.name is None else None)
            for field, prop in _PROJECT_FIELDS.items():
                value = getattr(project, field)
                g.add(p, prop, zh(value) if value else None)
            g.add(p, BLD.supervisorCode, Literal(project.supervisor_code) if project.supervisor_code else None)
            g.add(p, BLD.startDate, Literal(project.start_date) if project.start_date else None)
            g.add(p, BLD.endDate, Literal(project.end_date) if project.end_date else None)
            for key, text in sorted(project.texts.items()):
                g.add(p, project_text(key), zh(text))
            for period, text in sorted(project.objectives.items()):
                g.add(p, _OBJECTIVES[period], zh(text))
            for funds in project.funds:
                f = m.funds(project.id, funds.period)
                g.add(p, BLD.funds, f)
                g.add(f, A, BLD.ProjectFunds)
                g.add(f, BLD.period, code("period", funds.period))
                if funds.total:
                    _money(g, f, funds.total)
                    _source(g, f, funds.total.source)
                for label, amount in funds.by_source.items():
                    s = m.fund_source(project.id, funds.period, label)
                    g.add(f, BLD.fundSourceAmount, s)
                    g.add(s, A, BLD.ProjectFundSource)
                    g.add(s, RDFS.label, zh(label))
                    _money(g, s, amount)
                    _source(g, s, amount.source)
            for n, indicator in enumerate(project.indicators, 1):
                i = m.indicator(project.id, n)
                g.add(p, BLD.indicator, i)
                g.add(i, A, BLD.PerformanceIndicator)
                g.add(i, BLD.period, code("period", indicator.period))
                ids = self.k.performance.indicators.ids
                if indicator.level1 and (indicator.level1, None) in ids:
                    g.add(i, BLD.indicatorLevel1, code("indicator", ids[(indicator.level1, None)][0]))
                if indicator.level1 and (indicator.level1, indicator.level2) in ids:
                    g.add(i, BLD.indicatorLevel2,
                          code("indicator", ids[(indicator.level1, indicator.level2)][0]))
                g.add(i, RDFS.label, zh(indicator.name))
                target = indicator.target
                if target:
                    g.add(i, BLD.targetText, zh(target.text))
                    g.add(i, BLD.comparator, Literal(target.comparator) if target.comparator else None)
                    g.add(i, BLD.targetValue, decimal(target.value) if target.value is not None else None)
                    g.add(i, BLD.targetUnit, zh(target.unit) if target.unit else None)
                _source(g, i, indicator.source)
            for ref in project.sources:
                g.add(p, BLD.sourceRange, Literal(str(ref)))
            if project.sources:
                _source(g, p, project.sources[0])

    def assets(self) -> None:
        g, m = self.g, self.m
        for n, fact in enumerate(self.d.assets, 1):
            a = m.asset(n)
            g.add(a, A, BLD.AssetFact)
            g.add(a, DCT.isPartOf, m.dataset)
            g.add(a, BLD.assetCategory, code("asset-category", fact.category))
            g.add(a, RDFS.label, zh(fact.item))
            g.add(a, BLD.quantity, decimal(fact.quantity))
            g.add(a, BLD.unitText, zh(fact.unit))
            g.add(a, BLD.assetStatus, Literal(fact.status))
            g.add(a, BLD.asOfDate, typed(fact.as_of.isoformat(), XSD.date) if fact.as_of else None)
            g.add(a, BLD.asOfText, zh(fact.as_of_text) if fact.as_of_text else None)
            g.add(a, BLD.valueThresholdWan,
                  decimal(fact.value_threshold_wan) if fact.value_threshold_wan is not None else None)
            g.add(a, BLD.text, zh(fact.text))
            _source(g, a, fact.source)

    def glossary(self) -> None:
        g, m = self.g, self.m
        for n, entry in enumerate(self.d.glossary, 1):
            e = m.glossary(n)
            g.add(e, A, BLD.GlossaryEntry)
            g.add(e, DCT.isPartOf, m.dataset)
            g.add(e, SKOS.prefLabel, zh(entry.term))
            g.add(e, SKOS.definition, zh(entry.definition))
            _source(g, e, entry.source)
        if self.d.purchase_services:
            g.add(m.dataset, BLD.purchaseServicesNote, zh(self.d.purchase_services.text))

    def warnings(self) -> None:
        g, m = self.g, self.m
        for n, warning in enumerate(self.d.warnings, 1):
            w = m.warning(n)
            g.add(w, A, BLD.ParseWarning)
            g.add(w, DCT.isPartOf, m.dataset)
            g.add(w, BLD.warningCode, code(WARNING_SCHEME, warning.code))
            g.add(w, RDFS.comment, zh(warning.message_zh))
            g.add(w, RDFS.comment, en(warning.message_en))
            if warning.source:
                _source(g, w, warning.source)


def build_triples(d: Disclosure, base: str, knowledge: Knowledge | None = None) -> list[Quad]:
    """All triples of one disclosure, in a deterministic order."""
    builder = _Builder(d, base, knowledge or load_knowledge())
    builder.disclosure()
    builder.tables()
    builder.observed_codes()
    builder.sections()
    builder.figure_cells()
    builder.claims()
    builder.projects()
    builder.assets()
    builder.glossary()
    builder.warnings()
    return builder.g.grouped()
