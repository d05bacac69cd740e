"""The RDF vocabularies budgetld writes, as closed namespaces, and the helpers that make terms.

``BLD`` is budgetld's own ontology (``ontology/budgetld.ttl``) and ``BLDCN`` its Chinese
national extension (``ontology/budgetld-cn.ttl``): every term is declared here once, a test
checks that these declarations and the ontology files list the same terms, and a misspelt
term fails (an attribute error, and a mypy error) instead of minting an undeclared predicate.
The W3C and community vocabularies declare the terms budgetld uses. ``CODE`` is the root of
budgetld's SKOS code lists (``ontology/codelists/``).
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from itertools import chain
from typing import ClassVar

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, RdfFormat, Triple
from pyoxigraph import serialize as ox_serialize


class UnknownTerm(AttributeError):
    """A term that its vocabulary does not declare."""


class Vocabulary:
    """A closed namespace: the terms are the class's annotated names, each a ``NamedNode``
    under ``namespace`` (given as a class keyword); a name that is a Python keyword is
    written with a trailing underscore (``VOID.class_`` is ``void:class``)."""

    namespace: ClassVar[str]
    _terms: ClassVar[dict[str, NamedNode]]

    def __init_subclass__(cls, namespace: str, **kwargs: object) -> None:
        super().__init_subclass__()
        cls.namespace = namespace
        cls._terms = {}
        for name in cls.__annotations__:  # the subclass's own: its terms
            cls._terms[name] = NamedNode(namespace + name.removesuffix("_"))
            setattr(cls, name, cls._terms[name])

    @classmethod
    def terms(cls) -> dict[str, NamedNode]:
        """Every declared term, by local name."""
        return dict(cls._terms)

    @classmethod
    def term(cls, name: str) -> NamedNode:
        """The term ``name``, looked up at run time (e.g. from a layout key)."""
        try:
            return cls._terms[name]
        except KeyError:
            raise UnknownTerm(f"{cls.namespace}{name} is not declared in {cls.__name__}") from None


class BLD(Vocabulary, namespace="https://w3id.org/budgetld/def#"):
    AssetFact: NamedNode
    BudgetDisclosure: NamedNode
    BudgetTable: NamedNode
    ClaimCheck: NamedNode
    FigureCell: NamedNode
    GlossaryEntry: NamedNode
    NarrativeClaim: NamedNode
    ObservedCode: NamedNode
    Paragraph: NamedNode
    ParseWarning: NamedNode
    PerformanceIndicator: NamedNode
    PerformanceProject: NamedNode
    ProjectFunds: NamedNode
    ProjectFundSource: NamedNode
    RuleFindings: NamedNode
    Section: NamedNode
    SourceFile: NamedNode
    Summary: NamedNode
    TableColumn: NamedNode
    TableRow: NamedNode
    UnplacedAmount: NamedNode
    amount: NamedNode
    amountInYuan: NamedNode
    amountUnit: NamedNode
    annualObjective: NamedNode
    arithmeticTolerance: NamedNode
    asOfDate: NamedNode
    asOfText: NamedNode
    assetCategory: NamedNode
    assetStatus: NamedNode
    budgetKind: NamedNode
    budgetOrigin: NamedNode
    budgetPhase: NamedNode
    checksClaim: NamedNode
    claimKind: NamedNode
    claimSubject: NamedNode
    classificationLevel: NamedNode
    column: NamedNode
    columnKey: NamedNode
    columnOrder: NamedNode
    comparator: NamedNode
    comparedYear: NamedNode
    continuedOverPages: NamedNode
    contradictsTable: NamedNode
    coverageGap: NamedNode
    currency: NamedNode
    direction: NamedNode
    duration: NamedNode
    economicClassification: NamedNode
    emptyNote: NamedNode
    encoding: NamedNode
    encodingEvidence: NamedNode
    endDate: NamedNode
    expenditureType: NamedNode
    expectsFigure: NamedNode
    expenseItem: NamedNode
    extraLabel: NamedNode
    factorToYuan: NamedNode
    figureCell: NamedNode
    findingCount: NamedNode
    fiscalYear: NamedNode
    firstYear: NamedNode
    flow: NamedNode
    functionalClassification: NamedNode
    funds: NamedNode
    fundSource: NamedNode
    fundSourceAmount: NamedNode
    governmentLevel: NamedNode
    hasTable: NamedNode
    headingLevel: NamedNode
    implementationObjective: NamedNode
    implementer: NamedNode
    indicator: NamedNode
    indicatorLevel1: NamedNode
    indicatorLevel2: NamedNode
    inSection: NamedNode
    inTable: NamedNode
    itemsComplete: NamedNode
    itemPath: NamedNode
    layoutFamily: NamedNode
    namesProject: NamedNode
    nameUnreadable: NamedNode
    normalisation: NamedNode
    notInCodeList: NamedNode
    observation: NamedNode
    organization: NamedNode
    parentSection: NamedNode
    period: NamedNode
    physicalForm: NamedNode
    possibleColumn: NamedNode
    placement: NamedNode
    projectAttribute: NamedNode
    projectCategory: NamedNode
    publishedDecimals: NamedNode
    publishedLabel: NamedNode
    publishedNumber: NamedNode
    publishedText: NamedNode
    purchaseServicesNote: NamedNode
    purposeText: NamedNode
    qualifies: NamedNode
    quantity: NamedNode
    representsFigure: NamedNode
    requirement: NamedNode
    requiredPart: NamedNode
    requiresSection: NamedNode
    requiresTable: NamedNode
    row: NamedNode
    rowNumber: NamedNode
    rowOrder: NamedNode
    rowRole: NamedNode
    rowsClassifiedBy: NamedNode
    rowsNamedBy: NamedNode
    ruleId: NamedNode
    sectionKind: NamedNode
    sectionNumber: NamedNode
    seenIn: NamedNode
    sha256: NamedNode
    shareOf: NamedNode
    sourceLine: NamedNode
    sourceLineEnd: NamedNode
    sourcePage: NamedNode
    sourceSheet: NamedNode
    sourceRange: NamedNode
    startDate: NamedNode
    statesFigure: NamedNode
    subjectText: NamedNode
    summarizes: NamedNode
    sumOf: NamedNode
    supervisor: NamedNode
    supervisorCode: NamedNode
    supervisorName: NamedNode
    tableKind: NamedNode
    tableValueInYuan: NamedNode
    targetText: NamedNode
    targetUnit: NamedNode
    targetValue: NamedNode
    text: NamedNode
    textBasis: NamedNode
    textFilled: NamedNode
    textHandler: NamedNode
    textMeasures: NamedNode
    textNecessity: NamedNode
    textOverview: NamedNode
    textPhone: NamedNode
    textPlan: NamedNode
    textResponsible: NamedNode
    tocNumber: NamedNode
    twoSided: NamedNode
    unitMeasure: NamedNode
    unitName: NamedNode
    unitText: NamedNode
    value: NamedNode
    valueInYuan: NamedNode
    valueThresholdWan: NamedNode
    warningCode: NamedNode


class BLDSUM(Vocabulary, namespace="https://w3id.org/budgetld/def/summary#"):
    """The corpus summaries (``ontology/summaries.ttl``): data sets whose slices the store
    computes from each disclosure when its bundle is loaded."""

    ExpenditureByFunctionClass: NamedNode
    ExpenditureByType: NamedNode
    ThreePublicExpenses: NamedNode
    amountComponent: NamedNode
    amountInYuan: NamedNode
    claimLine: NamedNode
    claimText: NamedNode
    code: NamedNode
    codeComponent: NamedNode
    expenditureType: NamedNode
    expenditureTypeComponent: NamedNode
    expenditureTypeStructure: NamedNode
    expenseItem: NamedNode
    expenseItemComponent: NamedNode
    functionClass: NamedNode
    functionClassComponent: NamedNode
    functionClassStructure: NamedNode
    name: NamedNode
    nameComponent: NamedNode
    tableLine: NamedNode
    threePublicStructure: NamedNode
    unit: NamedNode
    unitComponent: NamedNode
    unitName: NamedNode
    unitNameComponent: NamedNode
    unitYear: NamedNode
    year: NamedNode
    yearComponent: NamedNode


class BLDCN(Vocabulary, namespace="https://w3id.org/budgetld/def/cn#"):
    economicClassDepartment: NamedNode
    economicClassGovernment: NamedNode
    functionClass: NamedNode


class RDF(Vocabulary, namespace="http://www.w3.org/1999/02/22-rdf-syntax-ns#"):
    type: NamedNode
    langString: NamedNode


class RDFS(Vocabulary, namespace="http://www.w3.org/2000/01/rdf-schema#"):
    comment: NamedNode
    label: NamedNode


class XSD(Vocabulary, namespace="http://www.w3.org/2001/XMLSchema#"):
    boolean: NamedNode
    date: NamedNode
    dateTime: NamedNode
    decimal: NamedNode
    gYear: NamedNode
    hexBinary: NamedNode
    integer: NamedNode
    nonNegativeInteger: NamedNode
    string: NamedNode


class OWL(Vocabulary, namespace="http://www.w3.org/2002/07/owl#"):
    versionInfo: NamedNode


class QB(Vocabulary, namespace="http://purl.org/linked-data/cube#"):
    ComponentSpecification: NamedNode
    DataSet: NamedNode
    DataStructureDefinition: NamedNode
    Observation: NamedNode
    Slice: NamedNode
    attribute: NamedNode
    component: NamedNode
    componentRequired: NamedNode
    dataSet: NamedNode
    dimension: NamedNode
    measure: NamedNode
    observation: NamedNode
    order: NamedNode
    slice: NamedNode
    sliceStructure: NamedNode
    structure: NamedNode


class DCAT(Vocabulary, namespace="http://www.w3.org/ns/dcat#"):
    Catalog: NamedNode
    Dataset: NamedNode
    Distribution: NamedNode
    accessURL: NamedNode
    byteSize: NamedNode
    dataset: NamedNode
    distribution: NamedNode
    downloadURL: NamedNode
    endDate: NamedNode
    keyword: NamedNode
    landingPage: NamedNode
    mediaType: NamedNode
    startDate: NamedNode
    theme: NamedNode
    themeTaxonomy: NamedNode


class DCT(Vocabulary, namespace="http://purl.org/dc/terms/"):
    LicenseDocument: NamedNode
    LinguisticSystem: NamedNode
    Location: NamedNode
    MediaType: NamedNode
    MediaTypeOrExtent: NamedNode
    PeriodOfTime: NamedNode
    Standard: NamedNode
    conformsTo: NamedNode
    description: NamedNode
    format: NamedNode
    hasVersion: NamedNode
    identifier: NamedNode
    isPartOf: NamedNode
    isVersionOf: NamedNode
    issued: NamedNode
    language: NamedNode
    license: NamedNode
    modified: NamedNode
    publisher: NamedNode
    source: NamedNode
    spatial: NamedNode
    temporal: NamedNode
    title: NamedNode


class PROV(Vocabulary, namespace="http://www.w3.org/ns/prov#"):
    Entity: NamedNode
    wasDerivedFrom: NamedNode


class ORG(Vocabulary, namespace="http://www.w3.org/ns/org#"):
    Organization: NamedNode
    subOrganizationOf: NamedNode


class SKOS(Vocabulary, namespace="http://www.w3.org/2004/02/skos/core#"):
    Concept: NamedNode
    ConceptScheme: NamedNode
    altLabel: NamedNode
    broader: NamedNode
    definition: NamedNode
    exactMatch: NamedNode
    hasTopConcept: NamedNode
    hiddenLabel: NamedNode
    inScheme: NamedNode
    notation: NamedNode
    note: NamedNode
    prefLabel: NamedNode
    topConceptOf: NamedNode


class FOAF(Vocabulary, namespace="http://xmlns.com/foaf/0.1/"):
    Agent: NamedNode
    homepage: NamedNode
    name: NamedNode


class SPDX(Vocabulary, namespace="http://spdx.org/rdf/terms#"):
    Checksum: NamedNode
    algorithm: NamedNode
    checksum: NamedNode
    checksumAlgorithm_sha256: NamedNode
    checksumValue: NamedNode


class HYDRA(Vocabulary, namespace="http://www.w3.org/ns/hydra/core#"):
    PagedCollection: NamedNode
    first: NamedNode
    itemsPerPage: NamedNode
    last: NamedNode
    next: NamedNode
    previous: NamedNode
    totalItems: NamedNode


class SD(Vocabulary, namespace="http://www.w3.org/ns/sparql-service-description#"):
    Dataset: NamedNode
    Graph: NamedNode
    SPARQL11Query: NamedNode
    Service: NamedNode
    UnionDefaultGraph: NamedNode
    defaultDataset: NamedNode
    defaultGraph: NamedNode
    endpoint: NamedNode
    feature: NamedNode
    resultFormat: NamedNode
    supportedLanguage: NamedNode


class VOID(Vocabulary, namespace="http://rdfs.org/ns/void#"):
    Dataset: NamedNode
    class_: NamedNode
    classPartition: NamedNode
    dataDump: NamedNode
    entities: NamedNode
    inDataset: NamedNode
    rootResource: NamedNode
    sparqlEndpoint: NamedNode
    triples: NamedNode
    uriLookupEndpoint: NamedNode
    uriSpace: NamedNode
    vocabulary: NamedNode


class FORMATS(Vocabulary, namespace="http://www.w3.org/ns/formats/"):
    JSON_LD: NamedNode
    N_Triples: NamedNode
    SPARQL_Results_CSV: NamedNode
    SPARQL_Results_JSON: NamedNode
    SPARQL_Results_TSV: NamedNode
    SPARQL_Results_XML: NamedNode
    Turtle: NamedNode


class SH(Vocabulary, namespace="http://www.w3.org/ns/shacl#"):
    Info: NamedNode
    SPARQLConstraintComponent: NamedNode
    ValidationReport: NamedNode
    ValidationResult: NamedNode
    Violation: NamedNode
    Warning: NamedNode
    conforms: NamedNode
    focusNode: NamedNode
    message: NamedNode
    result: NamedNode
    resultMessage: NamedNode
    resultSeverity: NamedNode
    sourceConstraintComponent: NamedNode
    sourceShape: NamedNode
    value: NamedNode


CODE = "https://w3id.org/budgetld/code/"
SHAPES = "https://w3id.org/budgetld/shapes"

#: Prefixes written in Turtle output.
PREFIXES = {v.__name__.lower(): v.namespace for v in (BLD, BLDCN, RDF, RDFS, XSD, OWL, QB, DCAT,
                                                      DCT, PROV, ORG, SKOS, FOAF, SPDX)}
A = RDF.type


@lru_cache(maxsize=8192)  # the same concepts recur in every observation and row
def code(scheme: str, local: str | None = None) -> NamedNode:
    """A code-list concept (or, without ``local``, the scheme itself)."""
    return NamedNode(f"{CODE}{scheme}" + (f"/{local}" if local is not None else ""))


def zh(text: str) -> Literal:
    return Literal(text, language="zh")


def en(text: str) -> Literal:
    return Literal(text, language="en")


def typed(value: object, datatype: NamedNode) -> Literal:
    return Literal(str(value), datatype=datatype)


def decimal(value: Decimal) -> Literal:
    """An exact xsd:decimal from a Decimal (its published digits kept; never a float)."""
    return Literal(format(value, "f"), datatype=XSD.decimal)


Subject = NamedNode | BlankNode | str
Object = NamedNode | BlankNode | Literal | str | None


class Triples:
    """The one way budgetld builds RDF: triples in the order they are added (so the same
    input gives the same text); an absent object (``None``) adds nothing, and a string
    subject or object is an IRI.

    The triples are kept as quads of the default graph, the form a pyoxigraph store takes
    them in, so that validation loads them without converting each one; the serialisers
    write them as triples. An IRI given as a string is made a node once (the same subject
    recurs in many triples, and checking an IRI costs more than looking it up)."""

    def __init__(self) -> None:
        self.triples: list[Quad] = []
        self._nodes: dict[str, NamedNode] = {}
        #: the triples of each subject (keyed by its IRI, or by the blank node), in the order
        #: subjects first appear: kept as they are added, as grouping them afterwards cost a
        #: second pass hashing every subject node
        self._groups: dict[str | BlankNode | Triple, list[Quad]] = {}

    def node(self, iri: str) -> NamedNode:
        found = self._nodes.get(iri)
        if found is None:
            found = self._nodes[iri] = NamedNode(iri)
        return found

    def add(self, s: Subject, p: NamedNode, o: Object) -> None:
        if o is None:
            return
        if isinstance(s, str):
            key: str | BlankNode | Triple = s
            s = self._nodes.get(s) or self.node(s)
        else:
            key = s.value if isinstance(s, NamedNode) else s
        if isinstance(o, str):
            o = self._nodes.get(o) or self.node(o)
        quad = Quad(s, p, o)
        self.triples.append(quad)
        group = self._groups.get(key)
        if group is None:
            self._groups[key] = [quad]
        else:
            group.append(quad)

    def extend(self, triples: list[Quad]) -> None:
        self.triples.extend(triples)
        for quad in triples:
            subject = quad.subject
            key = subject.value if isinstance(subject, NamedNode) else subject
            self._groups.setdefault(key, []).append(quad)

    def grouped(self) -> list[Quad]:
        """The triples grouped by subject, subjects in order of first appearance, so that
        Turtle writes each resource as one block; deterministic for a deterministic input."""
        return list(chain.from_iterable(self._groups.values()))


def serialize(triples: list[Triple] | list[Quad], fmt: RdfFormat,
              prefixes: dict[str, str] | None = None) -> bytes:
    """Triples as RDF text (pyoxigraph writes to memory when given no output)."""
    out = ox_serialize(triples, format=fmt, prefixes=prefixes)
    assert out is not None
    return out
