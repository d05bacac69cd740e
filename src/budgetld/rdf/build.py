"""Model → RDF triples under the budgetld ontology, aligned with Data Cube, DCAT, PROV, org.

Every published table is a ``qb:DataSet`` with its own ``qb:DataStructureDefinition`` listing
exactly the dimensions its observations carry (so the Data Cube integrity constraints hold);
every amount cell is a ``qb:Observation`` with the exact published decimal, its unit, a
derived amount in 元, and its source line. Claims, performance projects, asset facts, sections
and parse warnings are resources of their own. Triples come out in document order, so the
same input always gives the same serialisation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from pyoxigraph import Literal, NamedNode, Triple

from ..codelists import classification_for
from ..figures import Figure, cells, locate, project_named
from ..model import BudgetTable, Column, Disclosure, Row, SourceRef
from ..parse.knowledge import Knowledge, load_knowledge
from .iris import Minter, slug
from .vocab import (A, BLDCN, DCAT, DCT, LABEL, ORG, PROV, QB, RDFS, SKOS, bld, code, decimal,
                    en, grouped, iri, typed, zh)

_UNIT_CODE = {"元": "yuan", "万元": "wan-yuan"}
#: Column/row meanings → (dimension property, code-list scheme).
_DIMENSIONS = {
    "fundSource": (bld("fundSource"), "fund-source"),
    "expenditureType": (bld("expenditureType"), "expenditure-type"),
    "budgetOrigin": (bld("budgetOrigin"), "budget-origin"),
    "item": (bld("expenseItem"), "expense-item"),
}
_CLASSIFICATION_DIMENSIONS = {
    "function": NamedNode(BLDCN + "functionClass"),
    "econ-dept": NamedNode(BLDCN + "economicClassDepartment"),
    "econ-gov": NamedNode(BLDCN + "economicClassGovernment"),
}


@dataclass
class _Graph:
    triples: list[Triple] = field(default_factory=list)

    def add(self, s: str | NamedNode, p: NamedNode, o: str | NamedNode | Literal | None) -> None:
        if o is None:
            return
        self.triples.append(Triple(NamedNode(s) if isinstance(s, str) else s, p,
                                   NamedNode(o) if isinstance(o, str) else o))


def _source(g: _Graph, subject: str, ref: SourceRef) -> None:
    g.add(subject, bld("sourceLine"), typed(ref.line, "integer"))
    if ref.line_end:
        g.add(subject, bld("sourceLineEnd"), typed(ref.line_end, "integer"))
    if ref.page:
        g.add(subject, bld("sourcePage"), typed(ref.page, "integer"))
    if ref.sheet is not None:
        g.add(subject, bld("sourceSheet"), Literal(ref.sheet))


class _Builder:
    def __init__(self, d: Disclosure, base: str, knowledge: Knowledge) -> None:
        self.d = d
        self.k = knowledge
        self.m = Minter(d, base, knowledge)
        self.g = _Graph()
        self.year = d.meta.fiscal_year
        self.unlisted: list[str] = []

    # --- the disclosure, its source and its organisations ---------------------------------
    def disclosure(self) -> None:
        d, m, g = self.d, self.m, self.g
        ds, meta = m.dataset, d.meta
        g.add(ds, A, iri(DCAT, "Dataset"))
        g.add(ds, A, bld("BudgetDisclosure"))
        title = meta.title or d.source.name
        g.add(ds, iri(DCT, "title"), zh(title))
        unit = meta.unit.name if meta.unit else d.source.name
        g.add(ds, iri(DCT, "description"), zh(
            f"{unit}{self.year or ''}年{meta.kind or '预算'}公开：{len(d.tables)}张预算表、"
            f"{len(d.sections)}个说明章节、{len(d.projects)}个项目绩效目标表"))
        g.add(ds, iri(DCT, "description"), en(
            f"Budget disclosure of {unit} for {self.year or 'an unknown year'}: {len(d.tables)} "
            f"tables, {len(d.sections)} narrative sections, {len(d.projects)} project "
            "performance-target tables."))
        g.add(ds, iri(DCT, "identifier"), Literal(ds.removeprefix(m.base)))
        g.add(ds, iri(DCT, "publisher"), m.unit())
        if self.year:
            g.add(ds, bld("fiscalYear"), typed(self.year, "gYear"))
            g.add(ds, iri(DCT, "temporal"), m.period())
            g.add(m.period(), A, iri(DCT, "PeriodOfTime"))
            g.add(m.period(), iri(DCAT, "startDate"), typed(f"{self.year}-01-01", "date"))
            g.add(m.period(), iri(DCAT, "endDate"), typed(f"{self.year}-12-31", "date"))
        g.add(ds, iri(DCT, "spatial"), m.region())
        g.add(m.region(), A, iri(DCT, "Location"))
        region = [x for x in (meta.region.province, meta.region.city, meta.region.county) if x]
        if region:
            g.add(m.region(), LABEL, zh("".join(region)))
        if meta.kind:
            g.add(ds, bld("budgetKind"), zh(meta.kind))
        if meta.level:
            g.add(ds, bld("governmentLevel"), zh(meta.level))
        g.add(ds, bld("layoutFamily"), code("layout-family", meta.layout))
        g.add(ds, bld("budgetPhase"), code("budget-phase", "approved"))
        g.add(ds, iri(PROV, "wasDerivedFrom"), m.source())
        self._organisations()
        src = d.source
        g.add(m.source(), A, iri(PROV, "Entity"))
        g.add(m.source(), A, bld("SourceFile"))
        g.add(m.source(), iri(DCT, "title"), Literal(src.name))
        g.add(m.source(), bld("sha256"), Literal(src.sha256))
        g.add(m.source(), iri(DCAT, "byteSize"), typed(src.size, "nonNegativeInteger"))
        g.add(m.source(), bld("physicalForm"), Literal(src.form))
        if src.encoding:
            g.add(m.source(), bld("encoding"), Literal(src.encoding))
            g.add(m.source(), bld("encodingEvidence"), Literal(src.encoding_evidence))
        for normalisation in src.normalised:
            g.add(m.source(), bld("normalisation"), Literal(normalisation))

    def _organisations(self) -> None:
        meta, m, g = self.d.meta, self.m, self.g
        g.add(m.unit(), A, iri(ORG, "Organization"))
        if meta.unit:
            g.add(m.unit(), iri(SKOS, "prefLabel"), zh(meta.unit.name))
        supervisor = meta.supervisor
        if supervisor and (not meta.unit or supervisor.name != meta.unit.name):
            other = m.organisation(supervisor.name)
            if other != m.unit():
                g.add(other, A, iri(ORG, "Organization"))
                g.add(other, iri(SKOS, "prefLabel"), zh(supervisor.name))
                g.add(other, iri(SKOS, "notation"), Literal(supervisor.code) if supervisor.code else None)
                g.add(m.unit(), iri(ORG, "subOrganizationOf"), other)
                g.add(m.dataset, bld("supervisor"), other)

    # --- tables ---------------------------------------------------------------------------
    def tables(self) -> None:
        for table in self.d.tables:
            self.table(table)

    def _classification(self, table: BudgetTable, row: Row) -> tuple[str, str] | None:
        """(classification id, concept local name) of a row: its code, or for the
        expenditure rows of a summary its 类 looked up by name."""
        year = self.year or 0
        if row.code:
            scheme = classification_for(row.code)
            if not scheme.at(row.code, year) and row.code not in self.unlisted:
                self.unlisted.append(row.code)
            return scheme.id, f"{year}/{row.code}"
        kind = self.k.kind(table.kind) if table.kind else None
        if kind is not None and kind.two_sided and row.side == "expenditure" and row.role == "item":
            found = classification_for("2").by_name(row.name, year)
            if found is not None:
                return "function", f"{year}/{found.code}"
        return None

    def _flow(self, table: BudgetTable, row: Row) -> str:
        if row.side:
            return row.side
        kind = self.k.kind(table.kind) if table.kind else None
        return kind.flow if kind else "expenditure"

    def table(self, table: BudgetTable) -> None:
        g, m = self.g, self.m
        t = m.table(table)
        g.add(t, A, iri(QB, "DataSet"))
        g.add(t, A, bld("BudgetTable"))
        g.add(t, iri(DCT, "title"), zh(table.title))
        g.add(t, iri(DCT, "isPartOf"), m.dataset)
        g.add(m.dataset, bld("hasTable"), t)
        g.add(t, bld("tableKind"), code("table-kind", table.kind) if table.kind else None)
        g.add(t, bld("publishedNumber"), zh(table.number) if table.number else None)
        g.add(t, bld("tocNumber"), zh(table.toc_number) if table.toc_number else None)
        g.add(t, bld("amountUnit"), code("unit", _UNIT_CODE[table.unit]) if table.unit else None)
        g.add(t, bld("unitName"), zh(table.unit_name) if table.unit_name else None)
        if table.empty_note:
            g.add(t, bld("emptyNote"), zh(table.empty_note.text))
        for note in table.notes:
            g.add(t, iri(SKOS, "note"), zh(note.text))
        g.add(t, bld("continuedOverPages"), typed(str(table.continued).lower(), "boolean"))
        g.add(t, iri(PROV, "wasDerivedFrom"), m.source())
        _source(g, t, table.source)

        for order, column in enumerate(table.columns, 1):
            c = m.column(table, column)
            g.add(c, A, bld("TableColumn"))
            g.add(c, bld("columnOrder"), typed(order, "integer"))
            g.add(c, LABEL, zh(column.label))
            g.add(c, bld("columnKey"), Literal(column.key))
            g.add(c, bld("inTable"), t)
            g.add(c, bld("flow"), code("flow", column.side) if column.side else None)
            for dim, value in sorted(column.dimensions.items()):
                g.add(c, _DIMENSIONS[dim][0], code(_DIMENSIONS[dim][1], value))
            for part in column.sum_of:
                g.add(c, bld("sumOf"), m.column(table, next(x for x in table.columns if x.key == part)))

        observations: list[tuple[int, Row, Column]] = []
        for index, row in enumerate(table.rows):
            r = m.row(table, index)
            g.add(r, A, bld("TableRow"))
            g.add(r, LABEL, zh(row.name or row.label or table.title))
            g.add(r, bld("publishedLabel"), zh(row.label) if row.label else None)
            g.add(r, iri(SKOS, "notation"), Literal(row.code) if row.code else None)
            g.add(r, bld("classificationLevel"), zh(row.level) if row.level else None)
            g.add(r, bld("rowRole"), Literal(row.role))
            g.add(r, bld("flow"), code("flow", row.side) if row.side else None)
            g.add(r, bld("rowOrder"), typed(index + 1, "integer"))
            g.add(r, bld("rowNumber"), Literal(row.number) if row.number else None)
            g.add(r, bld("placement"), Literal(row.placement))
            g.add(r, bld("inTable"), t)
            found = self._classification(table, row)
            if found:
                g.add(r, _CLASSIFICATION_DIMENSIONS[found[0]], code(found[0], found[1]))
            for dim, value in sorted(row.dimensions.items()):
                g.add(r, _DIMENSIONS[dim][0], code(_DIMENSIONS[dim][1], value))
            for key, label in sorted(row.extra_labels.items()):
                g.add(r, bld("extraLabel"), zh(label))
            _source(g, r, row.source)
            for column in table.columns:
                if column.side == row.side and row.amount(column.key) is not None:
                    observations.append((index, row, column))

        classified = sorted({found[0] for row in table.rows if (found := self._classification(table, row))
                             and row.code})
        for scheme in classified:
            g.add(t, bld("rowsClassifiedBy"), code(scheme))
        if any("item" in row.dimensions for row in table.rows):
            g.add(t, bld("rowsNamedBy"), code("expense-item"))
        if any(column.side for column in table.columns):
            g.add(t, bld("twoSided"), typed("true", "boolean"))
        dims = self._structure(table, observations)
        for index, row, column in observations:
            self.observation(table, index, row, column, dims)

    def _structure(self, table: BudgetTable, observations: list) -> list[tuple[NamedNode, str]]:
        """Write the table's DSD; return its coded dimensions (property, code scheme)."""
        g, m = self.g, self.m
        s = m.structure(table)
        g.add(m.table(table), iri(QB, "structure"), s)
        g.add(s, A, iri(QB, "DataStructureDefinition"))
        coded: dict[str, tuple[NamedNode, str]] = {}
        for _, row, column in observations:
            found = self._classification(table, row)
            if found:
                coded[found[0]] = (_CLASSIFICATION_DIMENSIONS[found[0]], found[0])
            for dim in (*row.dimensions, *column.dimensions):
                coded[dim] = _DIMENSIONS[dim]
        if any(self._classification(table, row) for row in table.rows):
            classification = next(c for c in (self._classification(table, r) for r in table.rows) if c)
            coded.setdefault(classification[0], (_CLASSIFICATION_DIMENSIONS[classification[0]],
                                                  classification[0]))
        dims = [bld("row"), bld("column"), *([bld("fiscalYear")] if self.year else []),
                bld("budgetPhase"), bld("organization"), bld("flow"),
                *(p for p, _ in sorted(coded.values(), key=lambda x: str(x[0])))]
        for order, prop in enumerate(dims, 1):
            spec = m.component(table, prop.value.rsplit("#", 1)[-1])
            g.add(s, iri(QB, "component"), spec)
            g.add(spec, A, iri(QB, "ComponentSpecification"))
            g.add(spec, iri(QB, "dimension"), prop)
            g.add(spec, iri(QB, "order"), typed(order, "integer"))
        for kind, prop in (("measure", bld("amount")), ("measure", bld("amountInYuan")),
                           ("attribute", bld("unitMeasure")), ("attribute", bld("currency"))):
            spec = m.component(table, prop.value.rsplit("#", 1)[-1])
            g.add(s, iri(QB, "component"), spec)
            g.add(spec, A, iri(QB, "ComponentSpecification"))
            g.add(spec, iri(QB, kind), prop)
            if kind == "attribute":
                g.add(spec, iri(QB, "componentRequired"), typed("true", "boolean"))
        return sorted(coded.values(), key=lambda x: str(x[0]))

    def observation(self, table: BudgetTable, index: int, row: Row, column: Column,
                    dims: list[tuple[NamedNode, str]]) -> None:
        g, m = self.g, self.m
        amount = row.amount(column.key)
        o = m.observation(table, index, column)
        g.add(o, A, iri(QB, "Observation"))
        g.add(o, iri(QB, "dataSet"), m.table(table))
        g.add(o, bld("row"), m.row(table, index))
        g.add(o, bld("column"), m.column(table, column))
        g.add(o, bld("fiscalYear"), typed(self.year, "gYear") if self.year else None)
        g.add(o, bld("budgetPhase"), code("budget-phase", "approved"))
        g.add(o, bld("organization"), m.unit())
        g.add(o, bld("flow"), code("flow", self._flow(table, row)))
        classification = self._classification(table, row)
        meanings = {**column.dimensions, **row.dimensions}
        for prop, scheme in dims:
            if prop in _CLASSIFICATION_DIMENSIONS.values():
                if classification and _CLASSIFICATION_DIMENSIONS[classification[0]] == prop:
                    value = code(scheme, classification[1])
                else:
                    value = code(scheme, "_T" if row.role == "total" else "_Z")
            else:
                dim = next(k for k, (p, _) in _DIMENSIONS.items() if p == prop)
                value = code(scheme, meanings.get(dim, "_T"))
            g.add(o, prop, value)
        g.add(o, bld("amount"), decimal(amount.value))
        g.add(o, bld("amountInYuan"), decimal(amount.in_yuan()))
        g.add(o, bld("unitMeasure"), code("unit", _UNIT_CODE[amount.unit]))
        g.add(o, bld("currency"), Literal("CNY"))
        g.add(o, bld("publishedText"), Literal(amount.text))
        _source(g, o, amount.source)

    # --- narrative ------------------------------------------------------------------------
    def sections(self) -> None:
        g, m = self.g, self.m
        for section in self.d.sections:
            s = m.section(section.id)
            g.add(s, A, bld("Section"))
            g.add(s, iri(DCT, "title"), zh(section.title))
            g.add(s, bld("sectionKind"), code("section-kind", section.kind) if section.kind else None)
            g.add(s, bld("sectionNumber"), zh(section.number) if section.number else None)
            g.add(s, bld("headingLevel"), typed(section.level, "integer"))
            g.add(s, iri(DCT, "isPartOf"), m.dataset)
            g.add(s, bld("parentSection"), m.section(section.parent) if section.parent else None)
            g.add(s, bld("text"), zh(section.text) if section.text else None)
            _source(g, s, section.source)

    def claims(self) -> None:
        g, m, d = self.g, self.m, self.d
        tables = {t.id: t for t in d.tables}
        for claim in d.claims:
            c = m.claim(claim.id)
            g.add(c, A, bld("NarrativeClaim"))
            g.add(c, iri(DCT, "isPartOf"), m.dataset)
            g.add(c, bld("claimKind"), code("claim-kind", claim.kind))
            g.add(c, bld("claimSubject"), code("claim-subject", claim.subject) if claim.subject else None)
            g.add(c, bld("subjectText"), zh(claim.subject_text) if claim.subject_text else None)
            if claim.value is not None:
                g.add(c, bld("value"), decimal(claim.value))
                g.add(c, bld("publishedDecimals"), typed(max(0, -claim.value.as_tuple().exponent), "integer"))
                if claim.unit in _UNIT_CODE:
                    g.add(c, bld("valueInYuan"), decimal(claim.value * (10000 if claim.unit == "万元" else 1)))
            g.add(c, bld("unitText"), zh(claim.unit) if claim.unit else None)
            g.add(c, bld("direction"), typed(claim.direction, "integer") if claim.direction is not None else None)
            g.add(c, bld("comparedYear"), typed(claim.compared_year, "gYear") if claim.compared_year else None)
            g.add(c, bld("qualifies"), m.claim(claim.refers_to) if claim.refers_to else None)
            g.add(c, bld("shareOf"), m.claim(claim.share_of) if claim.share_of else None)
            if claim.item_path:
                g.add(c, bld("itemPath"), zh("/".join(claim.item_path)))
            g.add(c, bld("text"), zh(claim.text))
            g.add(c, bld("inSection"), m.section(claim.section) if claim.section else None)
            figure = locate(d, claim, self.k)
            if figure is not None:
                g.add(c, bld("figureCell"), self.cell(figure))
                if figure.amount is not None:
                    table = tables[figure.table.id]
                    g.add(c, bld("statesFigure"),
                          m.observation(table, table.rows.index(figure.row), figure.column))
            project = project_named(d, claim)
            g.add(c, bld("namesProject"), m.project(project.id) if project else None)
            _source(g, c, claim.source)

    def cell(self, figure: Figure, subject: str | None = None) -> str:
        """The FigureCell resource of a table cell a named figure stands in."""
        g, m = self.g, self.m
        table = figure.table
        index = table.rows.index(figure.row)
        cell = m.cell(table, index, figure.column)
        g.add(cell, A, bld("FigureCell"))
        g.add(cell, bld("row"), m.row(table, index))
        g.add(cell, bld("column"), m.column(table, figure.column))
        g.add(cell, iri(DCT, "isPartOf"), m.table(table))
        if figure.amount is not None:
            g.add(cell, bld("observation"), m.observation(table, index, figure.column))
        g.add(cell, bld("representsFigure"), code("claim-subject", subject) if subject else None)
        return cell

    def figure_cells(self) -> None:
        """Every cell each named figure stands in, so that the validator can check that the
        tables agree with each other (a blank cell counts as 0)."""
        for subject in self.k.figures:
            for figure in cells(self.d, subject, self.k):
                self.cell(figure, subject)

    def projects(self) -> None:
        g, m = self.g, self.m
        for project in self.d.projects:
            p = m.project(project.id)
            g.add(p, A, bld("PerformanceProject"))
            g.add(p, iri(DCT, "isPartOf"), m.dataset)
            g.add(p, LABEL, zh(project.name) if project.name else None)
            g.add(p, bld("nameUnreadable"), typed("true", "boolean") if project.name is None else None)
            for prop, value in (("supervisorName", project.supervisor), ("implementer", project.implementer),
                                ("projectAttribute", project.attribute), ("projectCategory", project.category),
                                ("duration", project.duration)):
                g.add(p, bld(prop), zh(value) if value else None)
            g.add(p, bld("supervisorCode"), Literal(project.supervisor_code) if project.supervisor_code else None)
            g.add(p, bld("startDate"), Literal(project.start_date) if project.start_date else None)
            g.add(p, bld("endDate"), Literal(project.end_date) if project.end_date else None)
            for key, text in sorted(project.texts.items()):
                g.add(p, bld(f"text{key[0].upper()}{key[1:]}"), zh(text))
            for period, text in sorted(project.objectives.items()):
                g.add(p, bld(f"{period}Objective"), zh(text))
            for funds in project.funds:
                f = m.funds(project.id, funds.period)
                g.add(p, bld("funds"), f)
                g.add(f, A, bld("ProjectFunds"))
                g.add(f, bld("period"), code("period", funds.period))
                if funds.total:
                    g.add(f, bld("amount"), decimal(funds.total.value))
                    g.add(f, bld("unitMeasure"), code("unit", _UNIT_CODE[funds.total.unit]))
                    _source(g, f, funds.total.source)
                for label, amount in funds.by_source.items():
                    s = m.fund_source(project.id, funds.period, label)
                    g.add(f, bld("fundSourceAmount"), s)
                    g.add(s, A, bld("ProjectFundSource"))
                    g.add(s, LABEL, zh(label))
                    g.add(s, bld("amount"), decimal(amount.value))
                    g.add(s, bld("unitMeasure"), code("unit", _UNIT_CODE[amount.unit]))
                    _source(g, s, amount.source)
            for n, indicator in enumerate(project.indicators, 1):
                i = m.indicator(project.id, n)
                g.add(p, bld("indicator"), i)
                g.add(i, A, bld("PerformanceIndicator"))
                g.add(i, bld("period"), code("period", indicator.period))
                ids = self.k.performance.indicator_ids
                if indicator.level1 and (indicator.level1, None) in ids:
                    g.add(i, bld("indicatorLevel1"), code("indicator", ids[(indicator.level1, None)][0]))
                if indicator.level1 and (indicator.level1, indicator.level2) in ids:
                    g.add(i, bld("indicatorLevel2"),
                          code("indicator", ids[(indicator.level1, indicator.level2)][0]))
                g.add(i, LABEL, zh(indicator.name))
                target = indicator.target
                if target:
                    g.add(i, bld("targetText"), zh(target.text))
                    g.add(i, bld("comparator"), Literal(target.comparator) if target.comparator else None)
                    g.add(i, bld("targetValue"), decimal(target.value) if target.value is not None else None)
                    g.add(i, bld("targetUnit"), zh(target.unit) if target.unit else None)
                _source(g, i, indicator.source)
            for ref in project.sources:
                g.add(p, bld("sourceRange"), Literal(str(ref)))
            if project.sources:
                _source(g, p, project.sources[0])

    def assets(self) -> None:
        g, m = self.g, self.m
        for n, fact in enumerate(self.d.assets, 1):
            a = m.asset(n)
            g.add(a, A, bld("AssetFact"))
            g.add(a, iri(DCT, "isPartOf"), m.dataset)
            g.add(a, bld("assetCategory"), code("asset-category", fact.category))
            g.add(a, LABEL, zh(fact.item))
            g.add(a, bld("quantity"), decimal(fact.quantity))
            g.add(a, bld("unitText"), zh(fact.unit))
            g.add(a, bld("assetStatus"), Literal(fact.status))
            g.add(a, bld("asOfDate"), typed(fact.as_of.isoformat(), "date") if fact.as_of else None)
            g.add(a, bld("asOfText"), zh(fact.as_of_text) if fact.as_of_text else None)
            g.add(a, bld("valueThresholdWan"),
                  decimal(fact.value_threshold_wan) if fact.value_threshold_wan is not None else None)
            g.add(a, bld("text"), zh(fact.text))
            _source(g, a, fact.source)

    def glossary(self) -> None:
        g, m = self.g, self.m
        for n, entry in enumerate(self.d.glossary, 1):
            e = m.glossary(n)
            g.add(e, A, bld("GlossaryEntry"))
            g.add(e, iri(DCT, "isPartOf"), m.dataset)
            g.add(e, iri(SKOS, "prefLabel"), zh(entry.term))
            g.add(e, iri(SKOS, "definition"), zh(entry.definition))
            _source(g, e, entry.source)
        if self.d.purchase_services:
            g.add(m.dataset, bld("purchaseServicesNote"), zh(self.d.purchase_services.text))

    def warnings(self) -> None:
        g, m = self.g, self.m
        for n, warning in enumerate(self.d.warnings, 1):
            w = m.warning(n)
            g.add(w, A, bld("ParseWarning"))
            g.add(w, iri(DCT, "isPartOf"), m.dataset)
            g.add(w, bld("warningCode"), Literal(warning.code))
            g.add(w, iri(RDFS, "comment"), zh(warning.message_zh))
            g.add(w, iri(RDFS, "comment"), en(warning.message_en))
            if warning.source:
                _source(g, w, warning.source)
        for unlisted in self.unlisted:
            w = f"{m.dataset}/warning/unlisted-{unlisted}"
            g.add(w, A, bld("ParseWarning"))
            g.add(w, iri(DCT, "isPartOf"), m.dataset)
            g.add(w, bld("warningCode"), Literal("code.unlisted"))
            g.add(w, iri(RDFS, "comment"), zh(f"科目编码{unlisted}不在{self.year}年的分类代码表中"))
            g.add(w, iri(RDFS, "comment"), en(f"code {unlisted} is not in the {self.year} code list"))


def build_triples(d: Disclosure, base: str, knowledge: Knowledge | None = None) -> list[Triple]:
    """All triples of one disclosure, in a deterministic order."""
    builder = _Builder(d, base, knowledge or load_knowledge())
    builder.disclosure()
    builder.tables()
    builder.sections()
    builder.figure_cells()
    builder.claims()
    builder.projects()
    builder.assets()
    builder.glossary()
    builder.warnings()
    return grouped(builder.g.triples)
