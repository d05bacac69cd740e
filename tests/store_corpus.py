"""Corpora of bundles made from the published examples: the same unit in other years, other
units, amounts scaled, so that queries across units and years have known answers.

A variant is made from a bundle's RDF, term by term: the disclosure's IRIs move to the new
unit and year (year-versioned code-list concepts move with the year), the unit's name and
the year are replaced in every text, and money (published amounts, amounts in 元, quoted
figures) is multiplied by an integer factor, so every sum still holds exactly.
"""

from __future__ import annotations

import re
import shutil
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox

DATAPACKAGES = Path(__file__).parents[1] / "datapackages"
LVLIANG_BUNDLE = DATAPACKAGES / "shanxi-lvliang-chuangyejiuyefuwuzhongxin-2024"
SHANGHAI_BUNDLE = DATAPACKAGES / "shanghai-putuo-chengshiguanlixingzhengzhifaju-2026"
BLD = "https://w3id.org/budgetld/def#"
_MONEY = {BLD + p for p in ("amount", "amountInYuan", "value", "valueInYuan")}
_GYEAR = "http://www.w3.org/2001/XMLSchema#gYear"
_YEARLY_CODES = re.compile(r"(/code/(?:function|econ-dept|econ-gov)/)(\d{4})(/)")


def _about(bundle: Path) -> tuple[str, str, str]:
    """(unit IRI, unit name, year) of a bundle."""
    for t in ox.parse(path=str(bundle / "disclosure.ttl"), format=ox.RdfFormat.TURTLE):
        if t.predicate.value == "http://purl.org/dc/terms/publisher":
            unit = t.object.value
        if t.predicate.value == BLD + "fiscalYear":
            year = t.object.value
            break
    for t in ox.parse(path=str(bundle / "disclosure.ttl"), format=ox.RdfFormat.TURTLE):
        if t.subject.value == unit and t.predicate.value.endswith("#prefLabel"):
            return unit, t.object.value, year
    raise ValueError(f"{bundle}: no unit name")


def make_variant(bundle: Path, out: Path, *, year: int | None = None, unit_slug: str | None = None,
                 unit_name: str | None = None, factor: int = 1) -> Path:
    """Write a variant of ``bundle`` into ``out`` (a folder of bundles); return its folder."""
    unit, name, old_year = _about(bundle)
    new_year = str(year or old_year)
    new_unit = unit.rsplit("/", 1)[0] + "/" + unit_slug if unit_slug else unit
    new_name = unit_name or name

    def iri(value: str) -> str:
        if value == unit or value.startswith(unit + "/"):
            rest = value[len(unit):]
            if rest == f"/{old_year}" or rest.startswith(f"/{old_year}/"):
                rest = f"/{new_year}" + rest[len(old_year) + 1:]
            value = new_unit + rest
        return _YEARLY_CODES.sub(lambda m: m.group(1) + new_year + m.group(3), value) \
            if value.startswith("https://w3id.org/budgetld/code/") else value

    def term(t, predicate: str | None = None):
        if isinstance(t, ox.NamedNode):
            return ox.NamedNode(iri(t.value))
        if isinstance(t, ox.Literal):
            if t.datatype.value == _GYEAR:
                return ox.Literal(new_year, datatype=t.datatype)
            if predicate in _MONEY:
                return ox.Literal(str(Decimal(t.value) * factor), datatype=t.datatype)
            if t.language or t.datatype.value.endswith("#string"):
                text = t.value.replace(name, new_name).replace(old_year, new_year)
                return ox.Literal(text, language=t.language) if t.language else ox.Literal(text)
        return t

    slug = "-".join(new_unit.removeprefix("https://w3id.org/budgetld/data/").split("/")) + f"-{new_year}"
    target = out / slug
    shutil.copytree(bundle, target, dirs_exist_ok=True)
    for name_ in ("disclosure.ttl", "validation.ttl"):
        triples = [ox.Triple(term(t.subject), term(t.predicate), term(t.object, t.predicate.value))
                   for t in ox.parse(path=str(bundle / name_), format=ox.RdfFormat.TURTLE)]
        (target / name_).write_bytes(ox.serialize(triples, format=ox.RdfFormat.TURTLE))
    return target


def sample_corpus(out: Path) -> list[Path]:
    """Both published examples, and the Lüliang unit's next year (every amount doubled)."""
    out.mkdir(parents=True, exist_ok=True)
    bundles = []
    for bundle in (LVLIANG_BUNDLE, SHANGHAI_BUNDLE):
        bundles.append(out / bundle.name)
        shutil.copytree(bundle, bundles[-1], dirs_exist_ok=True)
    bundles.append(make_variant(LVLIANG_BUNDLE, out, year=2025, factor=2))
    return bundles
