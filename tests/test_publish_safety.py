"""Publishing survives faults: a kill at any moment, a fault at any step of writing and swapping
a bundle, a full disk, a read-only folder, and a second run into the same folder. Earlier
bundles stay byte-identical (or are replaced whole), nothing partial or temporary remains once
the next run has started, and the catalog matches the bundles."""

from __future__ import annotations

import errno
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from budgetld.cli import app
from budgetld.publish import BundleOptions, CatalogOptions, exclusive, publish, recover, write_catalog
from budgetld.publish import write as bundle_writer
from budgetld.publish.catalog import bundle_dirs
from budgetld.publish.record import RECORDS
from budgetld.rdf import DEFAULT_BASE
from budgetld.rdf.vocab import DCAT

from conftest import LVLIANG, SHANGHAI

runner = CliRunner()
OPTIONS = BundleOptions(base=DEFAULT_BASE)
OLD_DATE, NEW_DATE = "2026-11-26T00:00:00Z", "2027-01-01T00:00:00Z"
INPUTS = [LVLIANG, SHANGHAI]
#: Kills of a real ``budgetld publish`` at random moments.
KILLS = 20


def _snapshot(directory: Path) -> dict[str, bytes]:
    return {p.relative_to(directory).as_posix(): p.read_bytes()
            for p in sorted(directory.rglob("*")) if p.is_file()}


def _bundles(out: Path) -> dict[str, dict[str, bytes]]:
    return {p.name: _snapshot(p) for p in sorted(out.iterdir()) if p.is_dir() and not p.name.startswith(".")}


def _hidden(out: Path) -> list[str]:
    """Hidden entries but the build records: what a killed run may have left."""
    return sorted(p.name for p in out.iterdir() if p.name.startswith(".") and p.name != RECORDS)


@pytest.fixture(scope="module")
def versions(tmp_path_factory) -> tuple[Path, dict[str, dict[str, bytes]], dict[str, dict[str, bytes]]]:
    """A folder published with the old date, and the bundles of the old and the new date."""
    old = tmp_path_factory.mktemp("old")
    new = tmp_path_factory.mktemp("new")
    publish(INPUTS, old, OPTIONS, created=OLD_DATE, allow_invalid=True)
    publish(INPUTS, new, OPTIONS, created=NEW_DATE, allow_invalid=True)
    write_catalog(old, CatalogOptions(base_url="https://example.org/", iri=DEFAULT_BASE + "catalog"))
    return old, _bundles(old), _bundles(new)


def _catalogued(out: Path) -> set[str]:
    """The datasets the catalog lists."""
    graph = ox.parse(path=str(out / "catalog.ttl"), format=ox.RdfFormat.TURTLE)
    return {t.object.value for t in graph if t.predicate == DCAT.dataset}


def _datasets(out: Path) -> set[str]:
    """The datasets of the bundles in ``out``."""
    found = set()
    for bundle in bundle_dirs(out):
        for t in ox.parse(path=str(bundle / "disclosure.ttl"), format=ox.RdfFormat.TURTLE):
            if t.object == ox.NamedNode("https://w3id.org/budgetld/def#BudgetDisclosure"):
                found.add(t.subject.value)
    return found


def _whole(out: Path, old: dict, new: dict) -> None:
    """Every bundle in ``out`` is byte-identical to its old or its new version."""
    for name, files in _bundles(out).items():
        assert files in (old.get(name), new.get(name)), f"{name} is neither the old nor the new bundle"


# --- a real process killed at random moments ---------------------------------------------------

def _command(out: Path) -> list[str]:
    return [sys.executable, "-m", "budgetld", "publish", *map(str, INPUTS), "-o", str(out), "-j", "1",
            "--created", NEW_DATE, "--allow-invalid", "--base-url", "https://example.org/"]


def _until_writing(out: Path, process: subprocess.Popen, seconds: float) -> None:
    """Wait until ``process`` has made a hidden temporary entry in ``out`` (or has ended)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end and process.poll() is None and not _hidden(out):
        time.sleep(0.001)


def test_killing_publish_at_random_moments_loses_nothing(versions, tmp_path):
    folder, old, new = versions
    out = shutil.copytree(folder, tmp_path / "out")
    start = time.monotonic()
    subprocess.run(_command(tmp_path / "calibration"), check=True, capture_output=True)
    whole_run = time.monotonic() - start
    rng = random.Random(13)
    killed = settled = 0
    for kill in range(KILLS):
        process = subprocess.Popen(_command(out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if kill % 2:  # at a random moment of the run
            time.sleep(rng.uniform(0.2, whole_run))
        else:  # while it writes (a few milliseconds of the run): when a temporary entry
            # appears, at once or a little later (at once every other time, so that some kill
            # lands mid-write however fast the writing has become)
            _until_writing(out, process, 2 * whole_run)
            time.sleep(rng.uniform(0, 0.03) if kill % 4 else 0)
        if process.poll() is None:
            process.kill()
            killed += 1
        process.wait()
        _whole(out, old, new)  # visible bundles are whole even before any recovery
        settled += bool(recover(out))  # what the next run does first
        assert _hidden(out) == []
        assert set(_bundles(out)) == set(old)  # a bundle moved aside is back
        _whole(out, old, new)
        shutil.rmtree(out)  # the next kill starts from the old folder again
        shutil.copytree(folder, out)
    assert killed >= KILLS // 2, f"only {killed} of {KILLS} runs were still running when killed"
    assert settled, "no kill left anything to settle: the writing was never interrupted"


def test_the_next_run_settles_leftovers_and_rebuilds_the_catalog(versions, tmp_path):
    folder, old, _new = versions
    out = shutil.copytree(folder, tmp_path / "out")
    lvliang, shanghai = sorted(old)[1], sorted(old)[0]
    # a kill between the two renames of a swap, one while a bundle was written, one while
    # a catalog page was written; and a bundle removed by hand, so the catalog is stale
    aside = Path(tempfile.mkdtemp(dir=out, prefix=f".{lvliang}.", suffix=".old"))
    os.replace(out / lvliang, aside / lvliang)
    (Path(tempfile.mkdtemp(dir=out, prefix=f".{shanghai}.", suffix=".new")) / "facts.csv").write_text("x")
    (out / ".catalog.ttl.abc123.tmp").write_text("partial")
    shutil.rmtree(out / shanghai)
    result = runner.invoke(app, ["catalog", str(out), "--base-url", "https://example.org/"])
    assert result.exit_code == 0, result.output
    assert _hidden(out) == []
    assert _bundles(out) == {lvliang: old[lvliang]}
    assert _catalogued(out) == _datasets(out) and len(_datasets(out)) == 1


def test_publish_rebuilds_a_stale_catalog_before_it_starts(versions, tmp_path, monkeypatch):
    folder, old, _ = versions
    out = shutil.copytree(folder, tmp_path / "out")
    shutil.rmtree(out / sorted(old)[0])  # the catalog still lists it
    seen: list[set[str]] = []
    real = bundle_writer.install_bundle
    monkeypatch.setattr("budgetld.publish.run.install_bundle",
                        lambda *args: seen.append(_catalogued(out)) or real(*args))
    result = runner.invoke(app, ["publish", str(LVLIANG), "-o", str(out), "-j", "1",
                                 "--created", NEW_DATE, "--allow-invalid"])
    assert result.exit_code == 0, result.output
    assert seen == [_datasets(tmp_path / "out")]
    assert _catalogued(out) == _datasets(out)


# --- injected faults at each step of writing and swapping a bundle ---------------------------

class _Faults:
    """Make the ``at``-th call of the patched operations fail (with ``error``), once."""

    def __init__(self, at: int, error: int = errno.EIO) -> None:
        self.at, self.error, self.calls = at, error, 0

    def wrap(self, operation):
        def faulty(*args, **kwargs):
            self.calls += 1
            if self.calls == self.at:
                raise OSError(self.error, os.strerror(self.error))
            return operation(*args, **kwargs)
        return faulty


def _patch_steps(monkeypatch, faults: _Faults) -> None:
    for module, name in ((os, "replace"), (tempfile, "mkdtemp"), (os, "chmod")):
        monkeypatch.setattr(module, name, faults.wrap(getattr(module, name)))
    monkeypatch.setattr(Path, "write_bytes", faults.wrap(Path.write_bytes))


def test_a_fault_at_any_step_leaves_the_old_bundle_or_the_new(versions, tmp_path):
    folder, old, new = versions
    name = sorted(old)[1]
    files = new[name]
    steps = 0
    for at in range(1, 100):
        out = shutil.copytree(folder, tmp_path / f"out{at}")
        faults = _Faults(at)
        with pytest.MonkeyPatch.context() as monkeypatch:
            _patch_steps(monkeypatch, faults)
            try:
                bundle_writer.write_bundle(out, name, files)
                failed = False
            except OSError:
                failed = True
        assert _bundles(out)[name] == (old[name] if failed else new[name])
        assert _hidden(out) == []  # the failed step cleaned up after itself
        if not failed:
            steps = at - 1
            break
    assert steps >= len(files) + 4  # every file, both temporary folders, both renames


def test_a_failed_restore_keeps_the_old_bundle_aside_for_the_next_run(versions, tmp_path, monkeypatch):
    folder, old, new = versions
    out = shutil.copytree(folder, tmp_path / "out")
    name = sorted(old)[1]
    real = os.replace
    renames = []

    def replace(source, target):
        renames.append(source)
        if len(renames) in (2, 3):  # the new bundle into place, then the old one back
            raise OSError(errno.EIO, "I/O error")
        real(source, target)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(OSError):
        bundle_writer.write_bundle(out, name, new[name])
    monkeypatch.undo()
    assert name not in _bundles(out)
    assert recover(out) and _hidden(out) == []
    assert _bundles(out)[name] == old[name]


@pytest.mark.parametrize("error", [errno.ENOSPC, errno.EROFS, errno.EACCES])
def test_a_full_disk_or_read_only_folder_is_one_line_and_loses_nothing(versions, tmp_path,
                                                                      monkeypatch, error):
    folder, _old, _ = versions
    out = shutil.copytree(folder, tmp_path / "out")
    before = _snapshot(out)
    faults = _Faults(1, error)
    monkeypatch.setattr(tempfile, "mkdtemp", faults.wrap(tempfile.mkdtemp))
    monkeypatch.setattr(tempfile, "mkstemp", faults.wrap(tempfile.mkstemp))
    result = runner.invoke(app, ["publish", str(LVLIANG), "-o", str(out), "-j", "1",
                                 "--created", NEW_DATE, "--allow-invalid",
                                 "--base-url", "https://example.org/"])
    assert result.exit_code == 2, result.output
    assert os.strerror(error) in result.output and "Traceback" not in result.output
    assert _snapshot(out) == before


# --- two runs into one folder ----------------------------------------------------------------

def test_a_second_run_into_a_busy_folder_is_refused_in_one_line(versions, tmp_path):
    folder, _, _ = versions
    out = shutil.copytree(folder, tmp_path / "out")
    before = _snapshot(out)
    with exclusive(out):
        result = runner.invoke(app, ["publish", str(LVLIANG), "-o", str(out), "-j", "1",
                                     "--created", NEW_DATE])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"budgetld: {out}: another budgetld run is publishing into this folder; try again when "
        "it has finished"]
    assert _snapshot(out) == before


def test_two_real_runs_at_once_leave_a_consistent_folder(versions, tmp_path):
    folder, _old, new = versions
    out = shutil.copytree(folder, tmp_path / "out")
    runs = [subprocess.Popen(_command(out), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    results = [(run.wait(), run.stderr.read()) for run in runs]
    for run in runs:
        run.stdout.close()
        run.stderr.close()
    codes = sorted(code for code, _ in results)
    assert codes in ([0, 0], [0, 2]), results
    if codes == [0, 2]:
        assert "another budgetld run is publishing into this folder" in max(results)[1]
    assert _bundles(out) == new and _hidden(out) == []
    assert _catalogued(out) == _datasets(out)
