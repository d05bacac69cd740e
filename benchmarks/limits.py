"""Huge and hostile inputs are refused or read within seconds and bounded memory, and reading
grows linearly with the input.

    python benchmarks/limits.py [--only hostile|linearity|validation]

Each case runs ``parse_file`` in a fresh process and prints its wall time, the process's peak
resident memory and how it ended (a model, or the one-line error). The hostile cases: a 50 MB
text file (a sample repeated), a 2,000-page PDF (a sample's pages repeated with pypdfium2) and
one page more than the limit, a PDF stream bomb, zip bombs in Word and Excel form (one member
inflating 1000 times; many members; a total past the limit) and XML entity bombs. The
linearity table parses 1, 10 and 40 copies of each sample form (text files concatenated, PDF
pages repeated, Word and Excel documents with their content repeated); time per copy should
stay flat. The validation table times the shapes on PDFs of 24 to 192 pages: per page, flat too.
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tempfile
import warnings
import zipfile
from pathlib import Path

import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from budgetld.limits import Limits  # noqa: E402
from budgetld.parse import parse_file  # noqa: E402

import forms  # noqa: E402
import pdfgen  # noqa: E402
from conftest import LVLIANG, SHANGHAI  # noqa: E402

PDF_SAMPLE = ROOT / "tests" / "data" / "shanghai-putuo-caizhengju-2025.pdf"
COPIES = (1, 10, 40)
_RUN = """
import sys, time
from budgetld.parse import parse_file
start = time.perf_counter()
try:
    d = parse_file(sys.argv[1])
    outcome = f"model: {len(d.tables)} tables, {len(d.warnings)} warnings"
except Exception as error:
    outcome = f"{type(error).__name__}: {error}"
seconds = time.perf_counter() - start
# VmHWM, not ru_maxrss: a forked child's ru_maxrss starts at its parent's peak
status = open("/proc/self/status").read()
peak = int(status.split("VmHWM:")[1].split()[0]) // 1024
print(f"{seconds:.2f}\\t{peak}\\t{outcome}")
"""


_VALIDATE = """
import sys, time
from budgetld.layouts import load_knowledge
from budgetld.parse import parse_file
from budgetld.rdf import DEFAULT_BASE, build_triples
from budgetld.validate import validate
knowledge = load_knowledge()
d = parse_file(sys.argv[1], knowledge)
triples = build_triples(d, DEFAULT_BASE, knowledge)
validate(d, triples=triples, knowledge=knowledge)  # the code lists loaded once, as in a run
start = time.perf_counter()
report, _ = validate(d, triples=triples, knowledge=knowledge)
seconds = time.perf_counter() - start
status = open("/proc/self/status").read()
peak = int(status.split("VmHWM:")[1].split()[0]) // 1024
print(f"{seconds:.2f}\t{peak}\t{len(triples)} triples, {len(report.findings)} findings")
"""
#: PDF pages (the sample's repeated) whose validation is timed.
VALIDATED_PAGES = (24, 48, 96, 192)


def measure(path: Path, script: str = _RUN) -> tuple[float, int, str]:
    """Seconds, peak MB and outcome of parsing (or validating) ``path`` in a fresh process."""
    done = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True,
                          check=True)
    seconds, peak, outcome = done.stdout.strip().split("\t", 2)
    return float(seconds), int(peak), outcome.replace(str(path.parent) + "/", "")


def pdf_pages(path: Path, pages: int) -> None:
    """A PDF of ``pages`` pages: the sample's pages over and over."""
    source = pdfium.PdfDocument(PDF_SAMPLE.read_bytes())
    target = pdfium.PdfDocument.new()
    while len(target) < pages:
        target.import_pages(source, list(range(min(len(source), pages - len(target)))))
    buffer = io.BytesIO()
    target.save(buffer)
    path.write_bytes(buffer.getvalue())


def _office(form: str, copies: int, path: Path) -> None:
    items = forms.items_of(parse_file(LVLIANG)) * copies
    {"docx": forms.write_docx, "xlsx": forms.write_xlsx}[form](items, path)


def _zip(path: Path, members: list[tuple[str, bytes]]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive, \
            warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names: some bombs repeat a member
        for name, data in members:
            archive.writestr(name, data)


def _office_members(form: str, work: Path) -> list[tuple[str, bytes]]:
    sample = work / f"sample.{form}"
    _office(form, 1, sample)
    with zipfile.ZipFile(sample) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def _stream_bomb(path: Path) -> None:
    path.write_bytes(pdfgen.pdf_with_stream(b" " * (1 << 30)))


_LAUGHS = b'<!DOCTYPE lolz [<!ENTITY lol0 "lol">' + b"".join(
    b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10) for i in range(1, 10)) + b"]>"


def _laughing(xml: bytes, text: bytes) -> bytes:
    """``xml`` declaring the entities of a billion laughs and using them in its first ``text``."""
    head = xml.index(b"?>") + 2 if xml.startswith(b"<?xml") else 0
    return xml[:head] + _LAUGHS + xml[head:].replace(text, text + b"&lol9;", 1)


def hostile(work: Path) -> list[tuple[str, Path]]:
    """The hostile cases, written under ``work``."""
    cases = []
    text = work / "50mb.txt"
    sample = LVLIANG.read_bytes()
    text.write_bytes(sample * (50_000_000 // len(sample) + 1))
    cases.append(("text, 50 MB (a sample repeated)", text))
    limit = Limits().pages
    for pages in (limit, limit + 1):
        pdf_pages(work / f"{pages}.pdf", pages)
        cases.append((f"PDF, {pages:,} pages", work / f"{pages}.pdf"))
    _stream_bomb(work / "stream-bomb.pdf")
    cases.append(("PDF, a 1 GB content stream (1 MB compressed)", work / "stream-bomb.pdf"))
    for form, body in (("docx", "word/document.xml"), ("xlsx", "xl/worksheets/sheet1.xml")):
        members = _office_members(form, work)
        bomb = work / f"ratio-bomb.{form}"
        _zip(bomb, [(n, b" " * (1 << 30) if n == body else d) for n, d in members])
        cases.append((f"{form}, one member inflating to 1 GB", bomb))
        many = work / f"members-bomb.{form}"
        _zip(many, members + [(f"customXml/many{i}.xml", b"<a/>") for i in range(20_000)])
        cases.append((f"{form}, 20,000 members", many))
        total = work / f"total-bomb.{form}"
        _zip(total, members + [(f"customXml/item{i}.xml", b"\n" * (1 << 20)) for i in range(200)])
        cases.append((f"{form}, 200 members of 1 MB (200 MB in all)", total))
        laughs = work / f"laughs.{form}"
        _zip(laughs, [(n, _laughing(d, b"<w:t>" if form == "docx" else b"<t>") if n == body else d)
                      for n, d in members])
        cases.append((f"{form}, XML entity bomb (billion laughs)", laughs))
    return cases


def linearity(work: Path) -> list[tuple[str, int, Path]]:
    """(form, copies, file) of each sample form in 1, 10 and 40 copies."""
    cases = []
    for copies in COPIES:
        for sample in (LVLIANG, SHANGHAI, ROOT / "tests" / "data" / "shanghai-putuo-chengguan-2026-cells.txt"):
            path = work / f"{copies}-{sample.name}"
            path.write_bytes(sample.read_bytes() * copies)
            cases.append((sample.name, copies, path))
        pdf = work / f"{copies}-{PDF_SAMPLE.name}"
        pdf_pages(pdf, len(pdfium.PdfDocument(PDF_SAMPLE.read_bytes())) * copies)
        cases.append((PDF_SAMPLE.name, copies, pdf))
        for form in ("docx", "xlsx"):
            path = work / f"{copies}-lvliang.{form}"
            _office(form, copies, path)
            cases.append((f"lvliang as {form}", copies, path))
    return sorted(cases, key=lambda case: (case[0], case[1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["hostile", "linearity", "validation"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        if args.only in (None, "hostile"):
            print("| input | size | time | peak memory | outcome |\n|---|---:|---:|---:|---|")
            for name, path in hostile(work):
                seconds, peak, outcome = measure(path)
                print(f"| {name} | {path.stat().st_size / 1e6:.1f} MB | {seconds:.2f} s | {peak} MB "
                      f"| {outcome[:160]} |", flush=True)
        if args.only in (None, "validation"):
            print("\n| validated | time | per page | peak memory | |\n|---|---:|---:|---:|---|")
            for pages in VALIDATED_PAGES:
                path = work / f"validated-{pages}.pdf"
                pdf_pages(path, pages)
                seconds, peak, outcome = measure(path, _VALIDATE)
                print(f"| PDF, {pages} pages | {seconds:.2f} s | {seconds / pages * 1000:.0f} ms | {peak} MB "
                      f"| {outcome} |", flush=True)
        if args.only in (None, "linearity"):
            print("\n| input | copies | size | time | per copy | peak memory |\n|---|---:|---:|---:|---:|---:|")
            for name, copies, path in linearity(work):
                seconds, peak, _ = measure(path)
                print(f"| {name} | {copies} | {path.stat().st_size / 1e6:.2f} MB | {seconds:.2f} s "
                      f"| {seconds / copies * 1000:.0f} ms | {peak} MB |", flush=True)


if __name__ == "__main__":
    main()
