"""Precision of budgetld on every form of the samples: amounts at their right cell, and
findings that are not real defects.

    python benchmarks/precision.py

For each document, the amounts of its tables: how many stand at their right table, row and
column (as a share of the amounts the document prints), how many stand in a wrong cell, how
many are kept in no column (unplaced); then its violations and warnings that are not among
the sample's pinned real defects (``tests/defects.py``), before the parse of that form, the
rules they come from.

What "right" is compared with:

- the forms the tests draw of the two text samples (ruled and unruled PDFs, Word, Excel),
  and the sample's second text extraction (``-cells.txt``): the model of the text sample
  itself (``tests/compare.py``: an amount the text kept in no column counts where the
  document prints it). Their findings are compared by rule with the sample's real defects
  (a form numbers its lines its own way);
- the text samples: themselves (their amounts in no column are what they leave unplaced);
- the published PDFs, which have no second form: the reading pinned and reviewed in
  ``tests/expected/<sample>-tables.txt``. This measures a change against that reading, not
  an independent truth. Their findings are compared by rule and line with the real defects.

Measured on 2026-12-02 (46 documents: 6 samples, 40 forms drawn of the two text samples):
6102 of 6156 amounts at their right cell (99.12 %), 0 in a wrong cell, 54 kept in no column
(24 in each of the two text extractions of the Shanghai sample, whose tables' sums cannot
tell 财政拨款 from the other sources; 6 in the Lüliang PDF continued without its header), and
1 false finding (COMP-005 on a misspelt 公务车用车运行费, which the claim vocabulary does not
read). Before the merged-cell, wrapped-name and year-bound requirement changes: 5 false
findings (ARITH-006 twice, NAME-002, COMP-004 on the Jiangsu PDFs, and that COMP-005).
"""

from __future__ import annotations

import re
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from budgetld.model import Disclosure  # noqa: E402
from budgetld.parse import parse_file  # noqa: E402
from budgetld.validate import validate  # noqa: E402
from compare import amount_cells  # noqa: E402
from defects import REAL  # noqa: E402
from test_office import FORMS  # noqa: E402
from test_pdf_forms import GEOMETRIES as RULED  # noqa: E402
from test_pdf_unruled import GEOMETRIES as UNRULED  # noqa: E402

from conftest import DATA, LVLIANG, PDFS, SHANGHAI  # noqa: E402
from forms import items_of, write_pdf  # noqa: E402
from snapshots import EXPECTED  # noqa: E402

CELLS = DATA / "shanghai-putuo-chengguan-2026-cells.txt"
Cells = dict[tuple[str, str, str], tuple[Decimal, str]]

_TABLE = re.compile(r"^== \S+ \| kind=(?P<kind>\S+) ")
_ROW = re.compile(r"^   L\S+ p\S+ (?P<side>\S+) (?P<code>\S+) \S+ \S+ .*? name=(?P<q>['\"])"
                  r"(?P<name>.*?)(?P=q) \{[^}]*\}(?: extra=\{[^}]*\})? \w+: (?P<cells>.*)$")
_CELL = re.compile(r"(?:^| )(?P<column>[^ =]+)=[^ (]+\((?P<value>\S+) (?P<unit>[^)]+)\)")


def pinned_cells(name: str) -> Cells:
    """The amounts of the reading pinned in ``tests/expected/<name>-tables.txt``, by the keys
    of :func:`compare.amount_cells`."""
    out: Cells = {}
    kind, seen = "", Counter[str]()
    for line in (EXPECTED / f"{name}-tables.txt").read_text(encoding="utf-8").splitlines():
        if table := _TABLE.match(line):
            kind, seen = table["kind"], Counter()
        elif row := _ROW.match(line):
            side = "" if row["side"] == "-" else row["side"]
            key = f"{side}:{row['name'] if row['code'] == '-' else row['code']}"
            seen[key] += 1
            placed = row["cells"].split(" unplaced=", 1)[0]
            for cell in _CELL.finditer(placed):
                out[kind, f"{key}#{seen[key]}", cell["column"]] = (Decimal(cell["value"]),
                                                                   cell["unit"])
    return out


def measure(want: Cells, got: Disclosure) -> tuple[int, int, int, int]:
    """Amounts ``got`` has at their right cell, the amounts ``want`` has, those ``got`` has
    in another cell (or where ``want`` has none), and those it keeps in no column."""
    have = amount_cells(got)
    right = sum(have.get(key) == value for key, value in want.items())
    unplaced = sum(len(r.unplaced) for t in got.tables for r in t.rows)
    return right, len(want), len(have) - right, unplaced


def false_findings(name: str, got: Disclosure, by_line: bool) -> Counter:
    """Violations and warnings of ``got`` beyond the real defects of sample ``name``: by
    rule and line, or by rule only (a form numbers its lines its own way)."""
    report, _ = validate(got)
    found = Counter((f.rule, f.location.line) if by_line else f.rule for f in report.findings
                    if f.severity in ("violation", "warning"))
    real = Counter(REAL[name]) if by_line else Counter(rule for rule, _ in REAL[name])
    return found - real


def forms(folder: Path) -> list[tuple[str, Path, Path]]:
    """(form name, its text sample, the file) of every form the tests draw of the samples."""
    writers: dict[str, tuple[str, Callable[[list, Path], None]]] = {
        **{f"pdf-ruled-{name}": (".pdf", lambda items, path, g=geometry: write_pdf(items, path, g))
           for name, geometry in RULED.items()},
        **{f"pdf-unruled-{name}": (".pdf", lambda items, path, g=geometry: write_pdf(items, path, g))
           for name, geometry in UNRULED.items()},
        **{name: (suffix, write) for name, (suffix, write) in FORMS.items()},
    }
    out = []
    for sample in (LVLIANG, SHANGHAI):
        items = items_of(parse_file(sample))
        for name, (suffix, write) in writers.items():
            path = folder / f"{sample.stem.split('-')[0]}-{name}{suffix}"
            write(items, path)
            out.append((name, sample, path))
    return out


def _row(document: str, counts: tuple[int, int, int, int], false: int, listed: str = "") -> str:
    right, total, wrong, unplaced = counts
    share = f"{100 * right / total:.2f} %" if total else "-"
    return (f"{document:<58} {right:>5}/{total:<5} {share:>9} {wrong:>6} {unplaced:>9} "
            f"{false:>6}  {listed}").rstrip()


def _listed(false: Counter) -> str:
    """``ARITH-006@281``, ``NAME-002×2``: the false findings, by rule (and line)."""
    names = {key: key if isinstance(key, str) else f"{key[0]}@{key[1]}" for key in false}
    return ", ".join(names[key] + (f"×{n}" if n > 1 else "")
                     for key, n in sorted(false.items(), key=lambda item: names[item[0]]))


def main() -> None:
    print(f"{'document':<58} {'right':>11} {'share':>9} {'wrong':>6} {'unplaced':>9} "
          f"{'false':>6}  false findings (rule@line, or rule for a form)")
    totals = [0, 0, 0, 0, 0]

    def report(document: str, want: Cells, got: Disclosure, false: Counter) -> None:
        counts = measure(want, got)
        for k, n in enumerate((*counts, sum(false.values()))):
            totals[k] += n
        print(_row(document, counts, sum(false.values()), _listed(false)), flush=True)

    texts = {sample: parse_file(sample) for sample in (LVLIANG, SHANGHAI)}
    for sample, d in texts.items():
        report(sample.name, amount_cells(d, printed=True), d, false_findings(sample.name, d, True))
    cells = parse_file(CELLS)
    report(CELLS.name, amount_cells(texts[SHANGHAI], printed=True), cells,
           false_findings(CELLS.name, cells, True))
    for name, file in PDFS.items():
        d = parse_file(DATA / file)
        report(file, pinned_cells(name), d, false_findings(file, d, True))
    with tempfile.TemporaryDirectory() as folder:
        for name, sample, path in forms(Path(folder)):
            d = parse_file(path)
            report(f"{sample.stem.split('-')[0]} as {name}", amount_cells(texts[sample], printed=True),
                   d, false_findings(sample.name, d, False))
    right, total, wrong, unplaced, false = totals
    print(_row("all", (right, total, wrong, unplaced), false))


if __name__ == "__main__":
    main()
