"""PDF versions of both text samples, drawn with reportlab from the parsed text sample
(:func:`forms.write_pdf`), read into the same model as the text: the same tables, columns,
rows and amounts (as published), sections, claims and contents.

The PDFs are laid out as published disclosures are: paragraphs wrapped to the text width with
their first line indented, ruled tables with merged header cells, a table wider than a portrait
page on a landscape page, a table too long for its page continued on the next with its header
repeated, page numbers. Variants change the geometry: landscape pages turned by /Rotate,
landscape pages drawn turned on portrait pages without /Rotate (a viewer shows them sideways),
label columns so narrow that labels wrap, the header printed twice, tables without their outer
frame, shorter pages with continued tables that do not repeat their header and a running header.

What a PDF cannot give as the text does, the comparison leaves out, as for the Word and Excel
forms (:func:`compare.assert_same_content`): line numbers and pages (a PDF numbers its own),
and whether a table was continued (the PDF breaks its pages elsewhere).
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from typer.testing import CliRunner

from budgetld.cli import app
from budgetld.parse import parse_file
from budgetld.read import TableBlock, read_file
from compare import amounts_found, assert_same_content

from conftest import SAMPLES
from forms import PdfGeometry, printed_cells, write_pdf_forms

runner = CliRunner()

GEOMETRIES = {
    "a4": PdfGeometry(),
    "landscape-by-rotate": PdfGeometry(rotate=90),
    "landscape-shown-sideways": PdfGeometry(rotate=270, sideways=True),
    "narrow-wrapped-labels": PdfGeometry(narrow=0.45),
    "header-printed-twice": PdfGeometry(header_twice=True),
    "no-outer-frame": PdfGeometry(frame=False),
    "short-pages-header-not-repeated": PdfGeometry(height=560, repeat_header=False,
                                                   running_header="部门预算公开"),
}


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> dict[tuple[str, str], Path]:
    return write_pdf_forms(tmp_path_factory.mktemp("pdf-forms"), SAMPLES, GEOMETRIES)


@pytest.mark.parametrize("geometry", list(GEOMETRIES))
@pytest.mark.parametrize("sample", list(SAMPLES))
def test_each_pdf_reads_as_the_text_sample(request, written, sample, geometry):
    expected = request.getfixturevalue(sample)
    got = parse_file(written[sample, geometry])
    assert got.source.form == "pdf"
    assert amounts_found(expected, got) == (len(_amounts(expected)), len(_amounts(expected)), 0)
    assert_same_content(expected, got)
    assert not [w for w in got.warnings if w.code.startswith("read.")]


def _amounts(d) -> list:
    """The amounts as the document prints them (those the text placed in no column too)."""
    return [a for t in d.tables for r in t.rows for _, a in printed_cells(r).values() if a]


def _pages(path: Path) -> list[tuple[float, float, int]]:
    document = pdfium.PdfDocument(path)
    try:
        return [(round(page.get_width()), round(page.get_height()), page.get_rotation())
                for page in document]
    finally:
        document.close()


def test_the_pdfs_hold_what_they_say(written):
    """Landscape pages (as a landscape box, or a portrait box turned by /Rotate), tables over
    pages with and without their header repeated, wrapped labels, a header printed twice."""
    for sample in SAMPLES:
        a4 = _pages(written[sample, "a4"])
        assert (842, 595, 0) in a4 and (595, 842, 0) in a4
        assert (842, 595, 90) in _pages(written[sample, "landscape-by-rotate"])
        assert {size for size in _pages(written[sample, "landscape-shown-sideways"])} == \
            {(595, 842, 0)}
        short = parse_file(written[sample, "short-pages-header-not-repeated"])
        continued = [t for t in short.tables if len(t.pages) > 1]
        assert continued and not any(t.continued for t in continued)
        assert any(t.continued for t in parse_file(written[sample, "a4"]).tables)
    shanghai = read_file(written["shanghai", "narrow-wrapped-labels"])
    boxes = [r.line.box for b in shanghai.blocks if isinstance(b, TableBlock) for r in b.rows]
    assert any(box.bottom - box.top > 25 for box in boxes)  # rows grown for wrapped labels
    twice = read_file(written["shanghai", "header-printed-twice"])
    first = next(b for b in twice.blocks if isinstance(b, TableBlock))
    assert first.rows[0].cells == first.rows[2].cells


def test_the_commands_accept_pdf(written, tmp_path):
    pdf = written["shanghai", "a4"]
    result = runner.invoke(app, ["parse", str(pdf)])
    assert result.exit_code == 0 and "Tables 表 (9)" in result.output
    result = runner.invoke(app, ["validate", str(pdf), "--format", "json"])
    assert result.exit_code == 0, result.output
    out = tmp_path / "out"
    result = runner.invoke(app, ["publish", str(pdf), str(written["lvliang", "a4"]), "-o",
                                 str(out), "--allow-invalid", "-j", "1"])
    assert result.exit_code == 0, result.output
    assert len([p for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")]) == 2
