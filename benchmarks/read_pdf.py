"""Time reading PDFs: budgetld's reader per page and per document, beside pdfplumber's own
``extract_tables`` on the same pages in the same run.

    python benchmarks/read_pdf.py [PDF ...]      (default: the PDFs in tests/data)

budgetld's per-page time is loading the page and reading its characters, rulings, grids and
lines; pdfplumber's is ``extract_tables`` on a page it has not parsed before. Each is the
best of a few passes over a freshly opened document. The per-document time is ``read_file``
once: the safety checks of the file, every page and the assembly of blocks. The target is
20 ms per page (median).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium

from budgetld.limits import Limits
from budgetld.read import read_file
from budgetld.read.pdf import layout_page
from budgetld.read.pdfpage import read_page

ROOT = Path(__file__).resolve().parent.parent
#: Repetitions of each measurement; the best is kept (the machine is shared).
REPEAT = 3
LIMITS = Limits()


def _per_page(passes) -> list[float]:
    """Best time of each page over :data:`REPEAT` passes; ``passes()`` yields page times of
    one pass over a freshly opened document (so no pass profits from another's caches)."""
    best: list[float] = []
    for _ in range(REPEAT):
        times = list(passes())
        best = [min(a, b) for a, b in zip(best, times)] if best else times
    return best


def budgetld_pages(path: Path) -> list[float]:
    """Seconds to read each page (pdfium load, characters, rulings, grids, lines)."""
    def one_pass():
        document = pdfium.PdfDocument(path.read_bytes())
        for index in range(len(document)):
            start = time.perf_counter()
            page = document[index]
            layout_page(read_page(page, index + 1, LIMITS.page_chars, LIMITS.page_objects), [],
                        LIMITS.grid_slots)
            page.close()
            yield time.perf_counter() - start
        document.close()
    return _per_page(one_pass)


def pdfplumber_pages(path: Path) -> list[float]:
    """Seconds pdfplumber's ``extract_tables`` takes on each page (parsing it included)."""
    def one_pass():
        with pdfplumber.open(path) as document:
            for page in document.pages:
                start = time.perf_counter()
                page.extract_tables()
                yield time.perf_counter() - start
                page.flush_cache()
    return _per_page(one_pass)


def whole(path: Path) -> float:
    best = float("inf")
    for _ in range(REPEAT):
        start = time.perf_counter()
        read_file(path)
        best = min(best, time.perf_counter() - start)
    return best


def main(paths: list[Path]) -> None:
    print(f"{'document':38} {'pages':>5} {'budgetld ms/page':>17} {'pdfplumber ms/page':>19} "
          f"{'budgetld ms/doc':>16}")
    print(f"{'':38} {'':>5} {'median':>8} {'max':>8} {'median':>9} {'max':>9}")
    for path in paths:
        ours = budgetld_pages(path)
        theirs = pdfplumber_pages(path)
        print(f"{path.name:38} {len(ours):5} {1000 * statistics.median(ours):8.1f} "
              f"{1000 * max(ours):8.1f} {1000 * statistics.median(theirs):9.1f} "
              f"{1000 * max(theirs):9.1f} {1000 * whole(path):16.1f}")


if __name__ == "__main__":
    given = [Path(p) for p in sys.argv[1:]]
    main(given or sorted((ROOT / "tests" / "data").glob("*.pdf")))
