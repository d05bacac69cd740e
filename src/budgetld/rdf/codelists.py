"""SKOS concept schemes generated from the code-list sources and the layout knowledge.

``budgetld codelists`` writes them to ``ontology/codelists/``: one scheme per classification
and budget year (``function-2024.ttl``: 支出功能分类科目 as valid in 2024, with 类/款/项 as
skos:broader hierarchy, the Ministry of Finance edition as dct:source of the scheme and of
each concept, and what the list covers as dct:description), an all-years scheme per
classification that data dimensions point at (with the "_T" total and "_Z" not-applicable
codes), the small schemes of ``schemes.toml``, and the kinds the parser knows (table kinds,
section kinds, claim subjects, layout families, performance indicators). The files are generated, committed, and a test
fails if they are out of date.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
from pyoxigraph import Literal, NamedNode, Quad

from ..codelists import CLASSIFICATIONS, FIRST_YEAR, LAST_YEAR, classification, edition, schemes
from ..layouts import Knowledge, load_knowledge
from ..numbers import code_level
from ..warning_codes import REGISTRY
from ..warning_codes import SCHEME as WARNING_SCHEME
from .vocab import BLD, DCT, OWL, PREFIXES, SKOS, XSD, A, Triples, code, decimal, en, serialize, typed, zh

_VERSION = "0.1.0"


class _Scheme(Triples):
    """Collects the triples of one concept scheme."""

    def __init__(self, scheme: NamedNode, zh_title: str, en_title: str,
                 definition: str | None = None) -> None:
        super().__init__()
        self.scheme = scheme
        self.add(scheme, A, SKOS.ConceptScheme)
        self.add(scheme, SKOS.prefLabel, zh(zh_title))
        self.add(scheme, SKOS.prefLabel, en(en_title))
        self.add(scheme, DCT.title, en(en_title))
        self.add(scheme, OWL.versionInfo, Literal(_VERSION))
        if definition:
            self.add(scheme, SKOS.definition, en(definition))

    def concept(self, concept: NamedNode, zh_label: str, en_label: str,
                notation: str | None = None, broader: NamedNode | None = None,
                schemes: tuple[NamedNode, ...] = ()) -> None:
        self.add(concept, A, SKOS.Concept)
        self.add(concept, SKOS.prefLabel, zh(zh_label))
        self.add(concept, SKOS.prefLabel, en(en_label))
        if notation:
            self.add(concept, SKOS.notation, Literal(notation))
        for scheme in (self.scheme, *schemes):
            self.add(concept, SKOS.inScheme, scheme)
        if broader is not None:
            self.add(concept, SKOS.broader, broader)
        else:
            self.add(concept, SKOS.topConceptOf, self.scheme)
            self.add(self.scheme, SKOS.hasTopConcept, concept)


def _classification_year(scheme_id: str, year: int) -> _Scheme:
    c = classification(scheme_id)
    umbrella = code(scheme_id)
    out = _Scheme(code(scheme_id, str(year)), f"{year}年{c.zh}", f"{c.en} ({year})")
    out.add(out.scheme, DCT.isVersionOf, umbrella)
    out.add(out.scheme, DCT.source, zh(edition(year)))
    codes = c.year_codes(year)
    present = {x.code for x in codes}
    complete = [x for x in c.items_complete if x in present]
    out.add(out.scheme, DCT.description,
            zh(c.coverage_zh + (f"以下款的项在{year}年完整：{'、'.join(complete)}。" if complete else "")))
    out.add(out.scheme, DCT.description,
            en(c.coverage_en + (f" Items complete in {year} for sections {', '.join(complete)}."
                                if complete else "")))
    for gap in c.coverage_gaps:
        out.add(out.scheme, BLD.coverageGap, Literal(gap))
    done: set[str] = set()
    for entry in sorted(codes, key=lambda x: (x.code, -x.from_year)):
        concept = code(scheme_id, f"{year}/{entry.code}")
        if entry.code in done:  # an older name still valid this year (edition uncertain)
            out.add(concept, SKOS.altLabel, zh(entry.zh))
            out.add(concept, DCT.source, zh(entry.source))
            continue
        done.add(entry.code)
        parent = entry.code[:-2] if len(entry.code) > 3 and entry.code[:-2] in present else None
        out.concept(concept, entry.zh, entry.en, entry.code,
                    code(scheme_id, f"{year}/{parent}") if parent else None, (umbrella,))
        out.add(concept, SKOS.note, zh(code_level(entry.code) or entry.level))
        out.add(concept, DCT.source, zh(entry.source))
        if entry.code in c.items_complete:
            out.add(concept, BLD.itemsComplete, typed("true", XSD.boolean))
        for name in c.other_names(entry.code, year):  # its name in other years' editions
            out.add(concept, SKOS.hiddenLabel, zh(name))
        previous = [x for x in c.at(entry.code, year - 1) if x.zh == entry.zh]
        if year > FIRST_YEAR and previous:
            out.add(concept, SKOS.exactMatch, code(scheme_id, f"{year - 1}/{entry.code}"))
    return out


def _classification_umbrella(scheme_id: str) -> _Scheme:
    c = classification(scheme_id)
    out = _Scheme(code(scheme_id), c.zh, c.en,
                  f"{c.en}, all budget years {FIRST_YEAR}-{LAST_YEAR}: every year's concepts "
                  "are also in this scheme; _T and _Z stand for totals and rows it does not apply to.")
    out.add(out.scheme, DCT.description, zh(c.coverage_zh))
    out.add(out.scheme, DCT.description, en(c.coverage_en))
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        out.add(out.scheme, DCT.hasVersion, code(scheme_id, str(year)))
        out.add(out.scheme, DCT.source, zh(edition(year)))
    out.concept(code(scheme_id, "_T"), "合计", "Total", "_T")
    out.concept(code(scheme_id, "_Z"), "不适用", "Not applicable", "_Z")
    return out


def _small_schemes() -> list[tuple[str, _Scheme]]:
    out = []
    for scheme in schemes():
        s = _Scheme(code(scheme.id), scheme.zh, scheme.en, scheme.definition_en)
        for c in scheme.concepts:
            broader = code(scheme.id, c.broader) if c.broader else None
            s.concept(code(scheme.id, c.id), c.zh, c.en, c.id, broader)
            if c.factor is not None:
                s.add(code(scheme.id, c.id), BLD.factorToYuan, decimal(Decimal(c.factor)))
        out.append((scheme.id, s))
    return out


def _knowledge_schemes(k: Knowledge) -> list[tuple[str, _Scheme]]:
    tables = _Scheme(code("table-kind"), "预算公开标准表格", "Standard table kinds",
                     "The kinds of standard table budget disclosures publish, across layouts.")
    for kind in k.tables:
        tables.concept(code("table-kind", kind.id), kind.zh, kind.en, kind.id)
    sections = _Scheme(code("section-kind"), "预算公开说明章节", "Narrative section kinds",
                       "The kinds of narrative section budget disclosures have.")
    for section in k.sections:
        sections.concept(code("section-kind", section.id), section.zh, section.en, section.id)
    subjects = _Scheme(code("claim-subject"), "数字陈述对象", "Claim subjects",
                       "What a figure quoted in a disclosure's narrative is said to be.")
    for subject in k.claims.subject:
        ids = [(subject.id, subject.en)] if not subject.id.startswith(".") else \
            [(family + subject.id, f"{subject.en} ({family})")  # a relative id, per family
             for family in dict.fromkeys(k.claims.families.values())]
        for subject_id, label in ids:
            concept = code("claim-subject", subject_id)
            subjects.concept(concept, subject.phrases[0], label, subject_id)
            for phrase in subject.phrases[1:]:  # the other words the narrative names it by
                subjects.add(concept, SKOS.altLabel, zh(phrase))
    families = _Scheme(code("layout-family"), "预算公开版式", "Layout families",
                       "Templates of budget disclosures, by province and level.")
    for layout in k.families:
        concept = code("layout-family", layout.id)
        families.concept(concept, layout.zh, layout.en, layout.id)
        for kind_id in layout.tables:
            families.add(concept, BLD.requiresTable, code("table-kind", kind_id))
        for section_id in layout.sections:
            families.add(concept, BLD.requiresSection, code("section-kind", section_id))
        for part, year in sorted(layout.since.items()):
            requirement = code("layout-family", f"{layout.id}/{part}")
            families.add(concept, BLD.requirement, requirement)
            families.add(requirement, BLD.requiredPart, code(
                "section-kind" if part in layout.sections else "table-kind", part))
            families.add(requirement, BLD.firstYear, typed(year, XSD.integer))
    indicators = _Scheme(code("indicator"), "绩效指标体系", "Performance indicator levels",
                         "Level-1 and level-2 indicators of project performance targets.")
    indicator_ids = k.performance.indicators.ids
    for (level1, level2), (path, label) in sorted(indicator_ids.items(),
                                                   key=lambda item: (item[0][1] is not None, item[1][0])):
        parent = code("indicator", indicator_ids[(level1, None)][0]) if level2 is not None else None
        indicators.concept(code("indicator", path), level2 or level1, label, path, parent)
    return [("table-kind", tables), ("section-kind", sections), ("claim-subject", subjects),
            ("layout-family", families), ("indicator", indicators)]


def _warning_scheme() -> tuple[str, _Scheme]:
    warnings = _Scheme(code(WARNING_SCHEME), "解析警告", "Parse warnings",
                       "What a reader or the parser could not read or had to infer.")
    for warning in REGISTRY.values():
        warnings.concept(code(WARNING_SCHEME, warning.code), warning.zh, warning.en, warning.code)
    return WARNING_SCHEME, warnings


def codelist_files() -> dict[str, bytes]:
    """File name → Turtle text of every generated concept scheme."""
    out: dict[str, list[Quad]] = {}
    for scheme_id in CLASSIFICATIONS:
        out[f"{scheme_id}.ttl"] = _classification_umbrella(scheme_id).grouped()
        for year in range(FIRST_YEAR, LAST_YEAR + 1):
            out[f"{scheme_id}-{year}.ttl"] = _classification_year(scheme_id, year).grouped()
    for name, scheme in [*_small_schemes(), *_knowledge_schemes(load_knowledge()), _warning_scheme()]:
        out[f"{name}.ttl"] = scheme.grouped()
    prefixes = {k: v for k, v in PREFIXES.items() if k in ("skos", "dct", "owl", "rdf", "xsd", "bld")}
    return {name: serialize(triples, ox.RdfFormat.TURTLE, prefixes)
            for name, triples in sorted(out.items())}


def write_codelists(directory: Path) -> list[Path]:
    """Write the generated schemes to ``directory`` (rewriting only files that changed)."""
    written = []
    for name, text in codelist_files().items():
        path = directory / name
        if not path.exists() or path.read_bytes() != text:
            path.write_bytes(text)
            written.append(path)
    return written
