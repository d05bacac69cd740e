"""Validation findings as a person or a program wants them.

An engine's results say which rule fired on which node, with the values its query selected.
A finding adds what a reader needs: the stable rule id, the message in Chinese and English,
where it is (table / row / column or section, and the line and page in the source file) and,
when the rule selects them, the expected and actual values. Renderings: a readable text
report (styled by rich on a terminal, plain text elsewhere), stable JSON for CI tools, and the
sh:ValidationReport as Turtle.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pyoxigraph as ox
from pydantic import BaseModel, ConfigDict, Field

from ..rdf.vocab import BLD, DCT, RDFS, SH, XSD, A, Triples, serialize, typed
from .engine import Locator, Result
from .rules import SEVERITIES, Severity

if TYPE_CHECKING:  # rich is imported when a terminal shows the report only
    from rich.console import Console


class Location(BaseModel):
    model_config = ConfigDict(frozen=True)

    table: str | None = None
    row: str | None = None
    column: str | None = None
    section: str | None = None
    line: int | None = None
    line_end: int | None = None
    page: int | None = None
    sheet: str | None = None

    def __str__(self) -> str:
        where = [f"《{self.table}》" if self.table else None, f"“{self.row}”" if self.row else None,
                 f"[{self.column}]" if self.column else None,
                 f"§ {self.section}" if self.section and not self.table else None]
        line = ""
        if self.line:
            lines = f"{self.line}" + (f"-{self.line_end}" if self.line_end and self.line_end != self.line else "")
            if self.sheet is not None:
                line = f"sheet {self.sheet} row {lines}"
            else:
                line = f"L{lines}" + (f" p.{self.page}" if self.page else "")
        return " ".join(x for x in [line, *where] if x)


class Finding(BaseModel):
    model_config = ConfigDict(frozen=True)

    rule: str
    shape: str
    severity: Severity
    message_zh: str
    message_en: str
    focus: str
    expected: str | None = None
    actual: str | None = None
    location: Location = Field(default_factory=Location)


class Report(BaseModel):
    file: str
    conforms: bool
    counts: dict[Severity, int]
    findings: list[Finding]

    def with_findings(self, more: list[Finding]) -> Report:
        """This report with ``more`` findings added (counts and verdict follow)."""
        return _report(self.file, [*self.findings, *more])

    def failed(self, fail_on: Severity = "violation") -> bool:
        levels = SEVERITIES[:SEVERITIES.index(fail_on) + 1]
        return any(f.severity in levels for f in self.findings)


#: Where a finding's node stands, asked of the data its rules ran on (``%s``: the nodes). A
#: cell's row is located only when it has its label and table (the ``EXISTS``), its values
#: each looked up from the row (one pattern an ``OPTIONAL``: a join there is evaluated for
#: every cell of the document first).
LOCATE = f"PREFIX bld: <{BLD.namespace}> PREFIX dct: <{DCT.namespace}> PREFIX rdfs: <{RDFS.namespace}>" + """
SELECT ?node ?line ?end ?page ?sheet ?table ?row ?column ?section WHERE {
  VALUES ?node { %s }
  OPTIONAL { ?node bld:row ?cellRow
             FILTER EXISTS { ?cellRow rdfs:label ?anyRow ; bld:inTable/dct:title ?anyTable }
             OPTIONAL { ?cellRow rdfs:label ?row1 } OPTIONAL { ?cellRow bld:inTable/dct:title ?table1 }
             OPTIONAL { ?cellRow bld:sourceLine ?line1 } OPTIONAL { ?cellRow bld:sourcePage ?page1 }
             OPTIONAL { ?cellRow bld:sourceSheet ?sheet1 } }
  OPTIONAL { ?node a bld:TableRow ; rdfs:label ?row2 ; bld:inTable ?rowTable . ?rowTable dct:title ?table2 }
  OPTIONAL { ?node a bld:BudgetTable ; dct:title ?table3 }
  OPTIONAL { ?node bld:sourceLine ?line2 }
  OPTIONAL { ?node bld:sourceLineEnd ?end }
  OPTIONAL { ?node bld:sourcePage ?page2 }
  OPTIONAL { ?node bld:sourceSheet ?sheet2 }
  OPTIONAL { ?node bld:column ?columnNode . ?columnNode rdfs:label ?column }
  OPTIONAL { ?node bld:inSection ?sectionNode . ?sectionNode dct:title ?section1 }
  OPTIONAL { ?node a bld:Section ; dct:title ?section2 }
  BIND(COALESCE(?line1, ?line2) AS ?line)
  BIND(COALESCE(?page1, ?page2) AS ?page)
  BIND(COALESCE(?sheet1, ?sheet2) AS ?sheet)
  BIND(COALESCE(?table1, ?table2, ?table3) AS ?table)
  BIND(COALESCE(?row1, ?row2) AS ?row)
  BIND(COALESCE(?section1, ?section2) AS ?section)
}"""


def _location(row: ox.QuerySolution) -> Location:
    def value(name: str) -> str | None:
        term = row[name]
        return term.value if term is not None else None

    def number(name: str) -> int | None:
        text = value(name)
        return int(text) if text is not None else None

    return Location(table=value("table"), row=value("row"), column=value("column"),
                    section=value("section"), line=number("line"), line_end=number("end"),
                    page=number("page"), sheet=value("sheet"))


def _locations(locate: Locator, nodes: list[str]) -> dict[str, Location]:
    """Where the findings' nodes stand: table, row, column or section, and source line/page
    (or sheet and row); all looked up in one query, the first answer for each node."""
    iris = []
    for node in dict.fromkeys(nodes):
        try:
            iris.append(str(ox.NamedNode(node)))
        except ValueError:  # not an IRI (a blank node or literal another tool wrote): no place
            continue
    found: dict[str, Location] = {}
    if iris:
        for row in locate(LOCATE % " ".join(iris)):
            node = row["node"]
            if node is not None and node.value not in found:
                found[node.value] = _location(row)
    return found


def build_report(file: str, results: list[Result], locate: Locator) -> Report:
    """The findings of an engine's results, located in the data they were found in."""
    places = _locations(locate, [r.value for r in results])
    findings = [Finding(rule=r.rule.id, shape=r.rule.shape, severity=r.rule.severity,
                        message_zh=r.message_zh, message_en=r.message_en, focus=r.value,
                        expected=r.bindings.get("expected"), actual=r.bindings.get("actual"),
                        location=places.get(r.value, Location())) for r in results]
    return _report(file, findings)


def _report(file: str, findings: list[Finding]) -> Report:
    order = {s: i for i, s in enumerate(SEVERITIES)}
    findings = sorted(findings, key=lambda f: (order[f.severity], f.location.line or 0, f.rule, f.focus))
    counts = {s: sum(f.severity == s for f in findings) for s in SEVERITIES}
    return Report(file=file, conforms=counts["violation"] == 0, counts=counts, findings=findings)


def to_json(report: Report) -> str:
    return json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


_SEVERITY_TERMS = {"violation": SH.Violation, "warning": SH.Warning, "info": SH.Info}


def to_turtle(report: Report, dataset: str) -> bytes:
    """The sh:ValidationReport as SHACL defines it, with a named (not blank) node per result
    so the text is the same for the same findings; each result also carries its rule id and
    source line."""
    g = Triples()
    node = f"{dataset}/validation"
    g.add(node, A, SH.ValidationReport)
    g.add(node, SH.conforms, typed(str(report.conforms).lower(), XSD.boolean))
    for i, f in enumerate(report.findings, 1):
        r = f"{dataset}/validation/result/{i}"
        g.add(node, SH.result, r)
        g.add(r, A, SH.ValidationResult)
        g.add(r, SH.resultSeverity, _SEVERITY_TERMS[f.severity])
        g.add(r, SH.focusNode, dataset)
        g.add(r, SH.value, f.focus)
        g.add(r, SH.sourceShape, f.shape)
        g.add(r, SH.sourceConstraintComponent, SH.SPARQLConstraintComponent)
        g.add(r, SH.resultMessage, ox.Literal(f.message_zh, language="zh"))
        g.add(r, SH.resultMessage, ox.Literal(f.message_en, language="en"))
        g.add(r, BLD.ruleId, ox.Literal(f.rule))
        g.add(r, BLD.sourceLine, typed(f.location.line, XSD.integer) if f.location.line else None)
        g.add(r, BLD.sourceSheet, ox.Literal(f.location.sheet) if f.location.sheet is not None else None)
    return serialize(g.grouped(), ox.RdfFormat.TURTLE,
                     {"sh": SH.namespace, "bld": BLD.namespace, "xsd": XSD.namespace})


_TITLES = {"violation": ("错误", "Violations"), "warning": ("警告", "Warnings"), "info": ("提示", "Info")}
_STYLES = {"violation": "bold red", "warning": "yellow", "info": "cyan"}


#: A line of the text report: its parts, each with the style a terminal shows it in ("": none).
Line = tuple[tuple[str, str], ...]


def text_lines(report: Report, lang: str = "zh") -> list[Line]:
    """The text report: grouped by severity, then by table or section."""
    verdict = ("通过" if report.conforms else "未通过") if lang == "zh" else \
        ("passes" if report.conforms else "fails")
    counts = "  ".join(f"{_TITLES[s][0 if lang == 'zh' else 1]} {report.counts[s]}" for s in SEVERITIES)
    lines: list[Line] = [((report.file, "bold"), (f": {verdict}   {counts}", ""))]
    for severity in SEVERITIES:
        found = [f for f in report.findings if f.severity == severity]
        if not found:
            continue
        lines += [(("", ""),), ((_TITLES[severity][0 if lang == "zh" else 1], _STYLES[severity]),)]
        groups: dict[str, list[Finding]] = {}
        for f in found:
            key = f.location.table or f.location.section or ("文件" if lang == "zh" else "document")
            groups.setdefault(key, []).append(f)
        for key, items in groups.items():
            lines.append(((f"  {key}", "bold"),))
            for f in items:
                message = f.message_zh if lang == "zh" else f.message_en
                if lang == "en" and f.expected is not None:
                    message += f" (expected {f.expected}, actual {f.actual})"
                where = str(f.location.model_copy(update={"table": None, "section": None}))
                lines.append(((f"    {f.rule} {where}: {message}", ""),))
    return lines


def print_text(console: Console, report: Report, lang: str = "zh") -> None:
    """The text report, styled, on a terminal."""
    from rich.text import Text

    for line in text_lines(report, lang):
        console.print(Text.assemble(*line), highlight=False)


def plain_text(report: Report, lang: str = "zh") -> str:
    """The text report as it goes to a file or a pipe: the text as written, no styles (rich
    is not imported for it)."""
    return "".join("".join(part for part, _ in line) + "\n" for line in text_lines(report, lang))
