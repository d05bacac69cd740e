"""Precision: no false findings on clean documents, every real defect of the samples found.

The corpus is made of clean variants of every text sample (``corpus.py``): their real
defects repaired, then renamed to other units and regions, moved to other years, their
classification codes replaced by other codes valid that year. A clean variant must give no
violation and no warning. The samples themselves, the PDFs included, must give exactly their
real defects (pinned in ``defects.py``, each with what it is); where a sample still gives a finding that is
not a real defect because of a parser defect, the case is marked ``xfail(strict=True)`` with
the reason, so that it turns green when the parser is fixed.
"""

from __future__ import annotations

from collections import Counter

import pytest

from budgetld.parse import parse_file
from budgetld.validate import Report, validate
from defects import REAL

from conftest import DATA, LVLIANG, SHANGHAI
from corpus import Variant, lvliang_variant, shanghai_cells_variant, shanghai_variant

CELLS = DATA / "shanghai-putuo-chengguan-2026-cells.txt"

#: (sample, how a clean variant is made of it, the variants)
CORPUS = [
    (SHANGHAI, shanghai_variant, [
        Variant(2026, 0, district="普陀区", unit="城市管理行政执法局"),
        Variant(2019, 11, district="静安区", unit="市场监督管理局"),
        Variant(2020, 12, district="徐汇区", unit="教育局"),
        Variant(2021, 13, district="浦东新区", unit="民政局"),
        Variant(2022, 14, district="杨浦区", unit="司法局"),
        Variant(2023, 15, district="闵行区", unit="卫生健康委员会"),
        Variant(2024, 16, district="嘉定区", unit="水务局"),
        Variant(2025, 17, district="黄浦区", unit="生态环境局"),
    ]),
    (LVLIANG, lvliang_variant, [
        Variant(2024, 0, city="吕梁市", unit="创业就业服务中心"),
        Variant(2019, 21, city="大同市", unit="人才交流服务中心"),
        Variant(2020, 22, city="晋城市", unit="就业服务中心"),
        Variant(2021, 23, city="长治市", unit="社会保险中心"),
        Variant(2022, 24, city="忻州市", unit="档案馆"),
        Variant(2023, 25, city="临汾市", unit="机关事务服务中心"),
        Variant(2025, 26, city="运城市", unit="农业技术推广站"),
        Variant(2026, 27, city="朔州市", unit="图书馆"),
    ]),
    (CELLS, shanghai_cells_variant, [
        Variant(2026, 0, district="普陀区", unit="城市管理行政执法局"),
        Variant(2020, 31, district="长宁区", unit="文化旅游局"),
        Variant(2024, 32, district="宝山区", unit="规划资源局"),
    ]),
]
CASES = [pytest.param(sample, make, v, id=f"{sample.stem.split('-')[0]}-{v.id}")
         for sample, make, variants in CORPUS for v in variants]


def not_clean(report: Report) -> list[tuple[str, str, str]]:
    return [(f.rule, str(f.location), f.message_en) for f in report.findings
            if f.severity in ("violation", "warning")]


@pytest.mark.parametrize("sample,make,v", CASES)
def test_clean_variant_gives_no_violation_or_warning(variant, sample, make, v):
    d = variant(sample, make(sample.read_text(encoding="utf-8"), v))
    assert d.meta.fiscal_year == v.year
    assert d.meta.unit is not None and d.meta.unit.name.endswith(v.unit)
    report, _ = validate(d)
    assert not_clean(report) == []


def test_the_corpus_uses_many_codes_and_years():
    """The variants move the codes across many 类 and years (so the corpus is not the samples
    renamed)."""
    classes, years = set(), set()
    for sample, make, variants in CORPUS[:2]:
        for variant in variants:
            text = make(sample.read_text(encoding="utf-8"), variant)
            classes |= {line.split()[0][:3] for line in text.split("\n")
                        if line[:3].isdigit() and line[:1] == "2"}
            years.add(variant.year)
    assert len(classes) >= 12 and years == set(range(2019, 2027))


# --- the samples' real defects ---------------------------------------------------------------

#: Findings that are not real defects, with their causes: what the claim vocabulary does not
#: know.
PARSER = {
    # the claim vocabulary cannot know every misspelling
    "shanghai-putuo-caizhengju-2025.pdf": (
        "COMP-005: the narrative states the item under a misspelt name (公务车用车运行费), which the "
        "claim vocabulary does not read as 公务用车运行维护费"),
}

@pytest.fixture(scope="module")
def sample_reports(lvliang, shanghai, pdfs) -> dict[str, Report]:
    parsed = {d.source.name: d for d in (lvliang, shanghai, *pdfs.values())}
    parsed[CELLS.name] = parse_file(CELLS)
    return {name: validate(parsed[name])[0] for name in REAL}


def findings(report: Report) -> Counter:
    return Counter((f.rule, f.location.line) for f in report.findings
                   if f.severity in ("violation", "warning"))


@pytest.mark.parametrize("name", list(REAL))
def test_every_real_defect_is_found(sample_reports, name):
    missing = Counter(REAL[name]) - findings(sample_reports[name])
    assert not missing, missing


@pytest.mark.parametrize("name", [
    pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=PARSER[name]))
    if name in PARSER else name for name in REAL])
def test_no_finding_but_the_real_defects(sample_reports, name):
    extra = findings(sample_reports[name]) - Counter(REAL[name])
    assert not extra, extra


def test_a_part_the_template_gained_is_required_from_its_first_year_only(pdfs):
    """The Jiangsu family requires 国有资产占有使用情况 from 2019 (layouts/, ``since``): the
    2018 document without it is complete; the same document as a 2019 budget is not."""
    d = pdfs["jiangsu-renda"]
    assert d.meta.fiscal_year == 2018 and d.section("assets") is None

    def missing(year: int) -> list[str]:
        moved = d.model_copy(update={"meta": d.meta.model_copy(update={"fiscal_year": year})})
        return [f.message_en for f in validate(moved)[0].findings if f.rule == "COMP-004"]

    assert missing(2018) == []
    assert missing(2019) == ["required narrative section missing: State-owned assets held and used"]
