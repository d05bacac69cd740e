"""budgetld publish: the bundles, their data packages (checked with frictionless), atomic and
idempotent writing, refusal of invalid disclosures, mixed folders, and the repository's
published examples in datapackages/ kept up to date."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
from decimal import Decimal
from pathlib import Path

import frictionless
import openpyxl
import pandas
import pytest
import rdflib
from typer.testing import CliRunner

from budgetld.cli import app
from budgetld.publish import BundleOptions, collect_inputs, publish
from budgetld.publish import record as build_record
from budgetld.publish import run as publish_run
from budgetld.publish import write as bundle_writer
from budgetld.publish.record import RECORDS, fingerprint
from budgetld.rdf import DEFAULT_BASE

from conftest import LVLIANG, SHANGHAI

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[1]
PUBLISHED = ROOT / "datapackages"
#: How datapackages/ is made (see datapackages/README.md); the test below remakes it.
EXAMPLE_ARGS = ["--created", "2026-11-26T00:00:00Z", "--allow-invalid",
                "--base-url", "https://w3id.org/budgetld/datapackages/"]
OPTIONS = BundleOptions(base=DEFAULT_BASE)
CREATED = "2026-11-26T00:00:00Z"
BUNDLE_FILES = {"README.md", "codes.csv", "datapackage.json", "disclosure.jsonld", "disclosure.ttl",
                "disclosure.xlsx", "facts.csv", "tables.csv", "validation.json", "validation.ttl"}


def _snapshot(directory: Path) -> dict[str, bytes]:
    """The published files under ``directory`` (not the build records beside the bundles)."""
    return {p.relative_to(directory).as_posix(): p.read_bytes()
            for p in sorted(directory.rglob("*")) if p.is_file() and RECORDS not in p.parts}


def _hidden(out: Path) -> list[Path]:
    """Hidden entries of an output folder other than the build records: temporary folders."""
    return [p for p in out.iterdir() if p.name.startswith(".") and p.name != RECORDS]


@pytest.fixture(scope="module")
def bundles(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("published")
    outcomes = publish([LVLIANG, SHANGHAI], out, OPTIONS, created=CREATED, allow_invalid=True)
    assert [o.status for o in outcomes] == ["published", "published"]
    return out


def _bundle(out: Path, region: str) -> Path:
    return next(p for p in out.iterdir() if p.name.startswith(region))


def test_a_bundle_holds_package_rdf_report_and_readme(bundles):
    for region in ("shanxi-lvliang", "shanghai-putuo"):
        bundle = _bundle(bundles, region)
        names = set(_snapshot(bundle))
        assert names >= BUNDLE_FILES
        tables = {n for n in names if n.startswith("tables/")}
        assert len(tables) == len(json.loads((bundle / "datapackage.json").read_text())["resources"]) - 3
    lvliang = _bundle(bundles, "shanxi-lvliang")
    report = json.loads((lvliang / "validation.json").read_text())
    assert report["conforms"] is False and report["counts"]["violation"] > 0
    readme = (lvliang / "README.md").read_text()
    assert "未通过 / fails" in readme and "吕梁市创业就业服务中心" in readme
    assert "`tables/three-public.csv`" in readme


@pytest.mark.parametrize("region", ["shanxi-lvliang", "shanghai-putuo"])
def test_frictionless_passes_on_every_bundle_including_foreign_keys(bundles, region):
    bundle = _bundle(bundles, region)
    report = frictionless.validate(bundle / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "message"])
    descriptor = json.loads((bundle / "datapackage.json").read_text())
    facts = next(r for r in descriptor["resources"] if r["name"] == "facts")
    assert {fk["reference"]["resource"] for fk in facts["schema"]["foreignKeys"]} == {"tables", "codes"}
    assert descriptor["profile"] == "tabular-data-package"
    assert descriptor["sources"][0]["sha256"] == hashlib.sha256(
        (LVLIANG if region == "shanxi-lvliang" else SHANGHAI).read_bytes()).hexdigest()


def test_frictionless_reports_a_broken_csv(bundles, tmp_path):
    bundle = shutil.copytree(_bundle(bundles, "shanghai-putuo"), tmp_path / "broken")
    facts = _rows(bundle / "facts.csv")
    facts[0] |= {"amount": "一百", "table": "no-such-table"}  # not a number; a dangling foreign key
    with (bundle / "facts.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, list(facts[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(facts)
    report = frictionless.validate(bundle / "datapackage.json")
    assert not report.valid
    types = {error[2] for error in report.flatten(["rowNumber", "fieldName", "type"])}
    assert {"type-error", "foreign-key"} <= types


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_amounts_keep_their_published_digits_and_unit(bundles):
    first = _rows(_bundle(bundles, "shanxi-lvliang") / "facts.csv")[0]
    assert (first["amount"], first["unit"], first["amount_yuan"]) == ("340.43", "万元", "3404300.00")
    assert first["source_line"]


def test_every_table_csv_gives_the_unit_of_its_amounts(bundles):
    for bundle in (_bundle(bundles, "shanxi-lvliang"), _bundle(bundles, "shanghai-putuo")):
        units = {r["table"]: r["unit"] for r in _rows(bundle / "tables.csv")}
        for table, unit in units.items():
            assert {r["amount_unit"] for r in _rows(bundle / "tables" / f"{table}.csv")} <= {unit}, table
    facts = _rows(_bundle(bundles, "shanghai-putuo") / "facts.csv")
    assert {r["unit"] for r in facts} == {"元", "万元"} and all(r["unit"] and r["amount"] for r in facts)


def test_facts_say_whether_a_row_is_an_item_a_subtotal_or_a_total(bundles):
    facts = _rows(_bundle(bundles, "shanghai-putuo") / "facts.csv")
    roles = {(r["table"], r["row_label"]): r["row_role"] for r in facts}
    assert roles[("expenditure-summary", "合计")] == "total"
    assert roles[("expenditure-summary", "城乡社区支出")] == "item"
    assert set(roles.values()) <= {"item", "subtotal", "total"}
    # the items of one level add up to the total
    table = [r for r in facts if r["table"] == "expenditure-summary" and r["column"] == "total"]
    classes = sum(Decimal(r["amount"]) for r in table if r["row_role"] == "item" and len(r["function_code"]) == 3)
    assert classes == next(Decimal(r["amount"]) for r in table if r["row_role"] == "total")


def test_codes_stay_text_in_every_reader_told_the_types(bundles):
    bundle = _bundle(bundles, "shanghai-putuo")
    codes = {r["function_code"] for r in _rows(bundle / "facts.csv") if r["function_code"]}
    assert "2120104" in codes
    # frictionless reads by the package's Table Schema
    package = frictionless.Package(bundle / "datapackage.json")
    read = {row["function_code"] for row in package.get_resource("facts").read_rows()}
    assert codes <= read and all(isinstance(c, str) for c in read - {None})
    # Python's csv reader honours the quotes: quoted fields stay text, bare ones are numbers
    with (bundle / "facts.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, quoting=csv.QUOTE_NONNUMERIC))
    column = rows[0].index("function_code")
    assert codes <= {r[column] for r in rows[1:]}
    assert all(isinstance(r[rows[0].index("amount")], float) for r in rows[1:])
    # pandas infers numbers regardless of quotes: the README's dtype keeps the codes as published
    frame = pandas.read_csv(bundle / "facts.csv", dtype={"function_code": str, "economic_code": str})
    assert codes == set(frame["function_code"].dropna())
    assert 'dtype={"function_code": str, "economic_code": str}' in (bundle / "README.md").read_text()


def test_the_workbook_holds_every_csv_with_text_as_text(bundles):
    bundle = _bundle(bundles, "shanghai-putuo")
    book = openpyxl.load_workbook(bundle / "disclosure.xlsx")
    descriptor = json.loads((bundle / "datapackage.json").read_text())
    assert book.sheetnames == [r["name"][:31] for r in descriptor["resources"]]
    facts = list(book["facts"].iter_rows(values_only=True))
    assert list(facts[0]) == list(_rows(bundle / "facts.csv")[0])
    header = facts[0]
    city = next(r for r in facts[1:] if r[header.index("function_code")] == "2120104")
    assert city[header.index("row_label")].endswith("城管执法")
    assert isinstance(city[header.index("amount")], float | int) and city[header.index("fiscal_year")] == 2026
    assert len(facts) - 1 == len(_rows(bundle / "facts.csv"))
    assert "disclosure.xlsx" in (bundle / "README.md").read_text()


def test_publishing_again_rewrites_nothing(bundles, tmp_path):
    out = shutil.copytree(bundles, tmp_path / "again")
    before = {p: (p.stat().st_mtime_ns, p.stat().st_ino) for p in out.rglob("*")}
    outcomes = publish([LVLIANG, SHANGHAI], out, OPTIONS, created=CREATED, allow_invalid=True)
    assert [o.status for o in outcomes] == ["unchanged", "unchanged"]
    assert {p: (p.stat().st_mtime_ns, p.stat().st_ino) for p in out.rglob("*")} == before


def test_publishing_elsewhere_gives_byte_identical_bundles(bundles, tmp_path):
    publish([SHANGHAI], tmp_path, OPTIONS, created=CREATED, jobs=1)
    bundle = _bundle(tmp_path, "shanghai-putuo")
    assert _snapshot(bundle) == _snapshot(_bundle(bundles, "shanghai-putuo"))


class _Counting:
    """build_bundle, counting the disclosures actually made."""

    def __init__(self) -> None:
        self.made: list[str] = []
        self.real = publish_run.build_bundle

    def __call__(self, d, *args, **kwargs):
        self.made.append(d.source.name)
        return self.real(d, *args, **kwargs)


@pytest.fixture
def counting(monkeypatch) -> _Counting:
    counter = _Counting()
    monkeypatch.setattr(publish_run, "build_bundle", counter)
    return counter


def test_republishing_unchanged_inputs_skips_the_work(bundles, tmp_path, counting):
    out = shutil.copytree(bundles, tmp_path / "out")
    outcomes = publish([LVLIANG, SHANGHAI], out, OPTIONS, created=CREATED, allow_invalid=True)
    assert [o.status for o in outcomes] == ["unchanged", "unchanged"] and counting.made == []
    assert {o.slug for o in outcomes} == {p.name for p in bundles.iterdir() if p.name != RECORDS}
    assert outcomes[0].violations > 0  # what validation found comes from the record
    # the record does not excuse a disclosure with violations from being refused
    refused = publish([LVLIANG], out, OPTIONS, created=CREATED)
    assert refused[0].status == "refused" and counting.made == []
    assert _snapshot(out) == _snapshot(bundles)


def test_a_changed_shape_republishes(bundles, tmp_path, counting, monkeypatch):
    out = shutil.copytree(bundles, tmp_path / "out")
    real = build_record.data_dir
    shapes = shutil.copytree(real("shapes"), tmp_path / "shapes")
    rules = shapes / "arithmetic.ttl"
    rules.write_text(rules.read_text(encoding="utf-8").replace("sh:Violation", "sh:Warning", 1),
                     encoding="utf-8")
    monkeypatch.setattr(build_record, "data_dir", lambda name: shapes if name == "shapes" else real(name))
    fingerprint.cache_clear()
    try:
        outcomes = publish([LVLIANG, SHANGHAI], out, OPTIONS, created=CREATED, allow_invalid=True)
    finally:
        fingerprint.cache_clear()
    assert counting.made == [LVLIANG.name, SHANGHAI.name]
    # the fingerprint changed, the rules this process loaded did not: nor do the bundles
    assert [o.status for o in outcomes] == ["unchanged", "unchanged"]
    assert _snapshot(out) == _snapshot(bundles)


def test_a_changed_input_republishes(bundles, tmp_path, counting):
    out = shutil.copytree(bundles, tmp_path / "out")
    changed = tmp_path / "in" / SHANGHAI.name
    changed.parent.mkdir()
    changed.write_text(SHANGHAI.read_text(encoding="utf-8").replace("机关运行经费预算为507.25万元",
                                                                    "机关运行经费预算为507.26万元"),
                       encoding="utf-8")
    outcomes = publish([LVLIANG, changed], out, OPTIONS, created=CREATED, allow_invalid=True)
    assert [o.status for o in outcomes] == ["unchanged", "published"]
    assert counting.made == [SHANGHAI.name]
    fresh = tmp_path / "fresh"
    publish([LVLIANG, changed], fresh, OPTIONS, created=CREATED, allow_invalid=True)
    assert _snapshot(out) == _snapshot(fresh)
    again = publish([LVLIANG, changed], out, OPTIONS, created=CREATED, allow_invalid=True, jobs=2)
    assert [o.status for o in again] == ["unchanged", "unchanged"]


class _FailingDisk:
    """A writer that fails after a few files, as a full disk would in the middle of a bundle."""

    def __init__(self, after: int) -> None:
        self.left = after
        self.real = bundle_writer._write_file

    def __call__(self, path: Path, data: bytes) -> None:
        if self.left == 0:
            raise OSError(28, "No space left on device")
        self.left -= 1
        self.real(path, data)


def test_a_failure_mid_bundle_leaves_no_partial_bundle(tmp_path, monkeypatch):
    monkeypatch.setattr(bundle_writer, "_write_file", _FailingDisk(after=3))
    [outcome] = publish([SHANGHAI], tmp_path, OPTIONS, created=CREATED)
    assert outcome.status == "failed" and "No space left on device" in outcome.reason
    assert list(tmp_path.iterdir()) == []  # neither the bundle nor its temporary folder


def test_a_failure_mid_bundle_leaves_the_earlier_bundle_untouched(bundles, tmp_path, monkeypatch):
    out = shutil.copytree(bundles, tmp_path / "out")
    before = _snapshot(out)
    monkeypatch.setattr(bundle_writer, "_write_file", _FailingDisk(after=5))
    # a newer creation date changes the bundle, so it must be rewritten, and that fails
    [outcome] = publish([SHANGHAI], out, OPTIONS, created="2027-01-01T00:00:00Z")
    assert outcome.status == "failed"
    assert _snapshot(out) == before
    assert not _hidden(out)


def test_a_changed_bundle_replaces_the_old_one_whole(bundles, tmp_path):
    out = shutil.copytree(bundles, tmp_path / "out")
    [outcome] = publish([SHANGHAI], out, OPTIONS, created="2027-01-01T00:00:00Z")
    assert outcome.status == "published"
    package = json.loads((_bundle(out, "shanghai-putuo") / "datapackage.json").read_text())
    assert package["created"] == "2027-01-01T00:00:00Z"
    assert not _hidden(out)


def test_two_inputs_of_the_same_unit_and_year_do_not_overwrite_each_other(tmp_path):
    twin = tmp_path / "inputs" / "copy.txt"
    twin.parent.mkdir()
    twin.write_bytes(SHANGHAI.read_bytes())
    outcomes = publish([SHANGHAI, twin], tmp_path / "out", OPTIONS, created=CREATED)
    assert [o.status for o in outcomes] == ["published", "failed"]
    assert "same unit and year" in outcomes[1].reason and str(SHANGHAI) in outcomes[1].reason


def test_parallel_publishing_gives_the_same_bundles(bundles, tmp_path):
    outcomes = publish([LVLIANG, SHANGHAI], tmp_path, OPTIONS, created=CREATED, jobs=2,
                       allow_invalid=True)
    assert [o.status for o in outcomes] == ["published", "published"]
    for region in ("shanxi-lvliang", "shanghai-putuo"):
        assert _snapshot(_bundle(tmp_path, region)) == _snapshot(_bundle(bundles, region))


def test_inputs_are_files_and_folders_without_hidden_files(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    for name in ("a/one.txt", "a/b/two.txt", "a/.hidden.txt", "three.txt"):
        (tmp_path / name).write_text("x")
    (tmp_path / "a" / ".git").mkdir()
    (tmp_path / "a" / ".git" / "config").write_text("x")
    found = collect_inputs([tmp_path / "a", tmp_path / "three.txt", tmp_path / "a" / "one.txt"])
    assert found == [tmp_path / "a/b/two.txt", tmp_path / "a/one.txt", tmp_path / "three.txt"]


# --- from the command line ------------------------------------------------------------------
def test_a_disclosure_with_violations_is_refused(tmp_path):
    result = runner.invoke(app, ["publish", str(LVLIANG), "-o", str(tmp_path), "-j", "1"],
                           env={"COLUMNS": "200"})
    assert result.exit_code == 1
    assert "refused" in result.output and "validation violation(s)" in result.output
    assert not [p for p in tmp_path.iterdir() if p.is_dir()]


def test_allow_invalid_publishes_it_with_its_report(tmp_path):
    result = runner.invoke(app, ["publish", str(LVLIANG), "-o", str(tmp_path), "-j", "1",
                                 "--allow-invalid", "--created", CREATED])
    assert result.exit_code == 0, result.output
    report = json.loads((_bundle(tmp_path, "shanxi-lvliang") / "validation.json").read_text())
    assert report["counts"]["violation"] > 0


def test_a_mixed_folder_publishes_the_good_and_lists_the_bad(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(SHANGHAI, inputs)
    (inputs / "scan.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    (inputs / "garbage.txt").write_bytes(b"\x00\x01\x02" * 50)
    (inputs / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    result = runner.invoke(app, ["publish", str(inputs), "-o", str(out), "-j", "1"],
                           env={"COLUMNS": "200"})
    assert result.exit_code == 2
    assert [p.name for p in out.iterdir() if p.is_dir() and p.name != RECORDS] == [
        "shanghai-putuo-chengshiguanlixingzhengzhifaju-2026"]
    assert "published 1" in result.output and "failed 3" in result.output
    for line in (f"{inputs / 'scan.pdf'}: truncated PDF: it does not end with %%EOF",
                 f"{inputs / 'garbage.txt'}:1: binary file", f"{inputs / 'empty.txt'}: empty file"):
        assert line in result.output
    assert "Traceback" not in result.output


def test_an_unknown_license_is_refused_before_anything_is_written(tmp_path):
    result = runner.invoke(app, ["publish", str(SHANGHAI), "-o", str(tmp_path / "out"),
                                 "--license", "all-rights-reserved"])
    assert result.exit_code == 2 and "Invalid value for '--license'" in result.output
    assert not (tmp_path / "out").exists()


def test_a_published_bundle_validates_from_the_command_line(bundles):
    result = runner.invoke(app, ["validate", str(_bundle(bundles, "shanghai-putuo")), "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.output)["conforms"] is True


def test_the_repository_examples_are_up_to_date(tmp_path):
    result = runner.invoke(app, ["publish", str(LVLIANG), str(SHANGHAI), "-o", str(tmp_path),
                                 "-j", "1", *EXAMPLE_ARGS])
    assert result.exit_code == 0, result.output
    expected = _snapshot(tmp_path)
    assert _snapshot(PUBLISHED) == {**expected, "README.md": (PUBLISHED / "README.md").read_bytes()}, (
        "datapackages/ is out of date: remake it with the command in datapackages/README.md")


def test_rdflib_reads_the_published_rdf(bundles):
    bundle = _bundle(bundles, "shanghai-putuo")
    turtle = rdflib.Graph().parse(bundle / "disclosure.ttl")
    jsonld = rdflib.Graph().parse(bundle / "disclosure.jsonld", format="json-ld")
    assert len(turtle) == len(jsonld) > 5000


def test_validating_a_bundle_checks_its_data_package_too(bundles, tmp_path):
    bundle = tmp_path / "bundle"
    shutil.copytree(_bundle(bundles, "shanghai-putuo"), bundle)
    facts = bundle / "facts.csv"
    lines = facts.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(",", ",x", 1)
    facts.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(bundle), "--format", "json"])
    assert result.exit_code == 1
    [finding] = [f for f in json.loads(result.output)["findings"] if f["rule"].startswith("PKG-")]
    assert finding["rule"] == "PKG-type-error" and finding["location"]["table"] == "facts"
    assert finding["location"]["row"] == "4" and finding["location"]["column"] == "row"


def test_a_worker_collects_garbage_as_a_command_does_and_shares_the_cores():
    import gc

    from budgetld.collection import THRESHOLD
    from budgetld.publish.run import _start_worker
    from budgetld.validate import engine

    try:
        _start_worker(engine._cores())
        assert gc.get_threshold()[0] == THRESHOLD
        assert engine.validator().threads == 1
    finally:
        engine.share_cores(1)
