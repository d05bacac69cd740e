"""Fuzzing: mutated samples of every physical form end in a model (with warnings) or in one
:class:`InputError` line, through reading, parsing, RDF, validation and packaging; never in
another exception, a hang or runaway memory. The examples are few and bounded so the suite
stays fast; ``benchmarks/fuzz_campaign.py`` runs the same properties for as long as asked."""

from __future__ import annotations

import resource
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mutations
from mutations import MUTATIONS, mutate, run_pipeline, samples, time_limit

#: Seconds one example may take (a sample reads and bundles in about two): hypothesis's
#: deadline, and the processor time after which a hang is interrupted.
EXAMPLE_SECONDS = 30
#: Bytes by which one example may raise the test process's peak memory (a sample takes ~100 MB).
MEMORY_GROWTH = 1 << 30
FORMS = list(MUTATIONS)


def _case(form: str) -> st.SearchStrategy[tuple[str, bytes, list, int]]:
    return st.tuples(st.sampled_from(samples()[form]),
                     st.lists(st.sampled_from(MUTATIONS[form]), min_size=1, max_size=3),
                     st.integers(0, 2**32 - 1)).map(lambda t: (t[0][0], t[0][1], t[1], t[2]))


def _peak() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _check(tmp_path: Path, case: tuple[str, bytes, list, int], bundle: bool) -> None:
    name, data, steps, seed = case
    path = tmp_path / name
    path.write_bytes(mutate(data, steps, seed))
    before = _peak()
    with time_limit(EXAMPLE_SECONDS):
        run_pipeline(path, bundle)
    assert _peak() - before < MEMORY_GROWTH


_SETTINGS = dict(deadline=timedelta(seconds=EXAMPLE_SECONDS), derandomize=True, database=None,
                 suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                        HealthCheck.data_too_large])


@pytest.mark.parametrize("form", FORMS)
def test_mutated_input_reads_or_fails_in_one_line(tmp_path: Path, form: str):
    @settings(max_examples=30, **_SETTINGS)
    @given(case=_case(form))
    def read(case):
        _check(tmp_path, case, bundle=False)

    read()


@pytest.mark.parametrize("form", FORMS)
def test_mutated_input_goes_through_the_pipeline(tmp_path: Path, form: str):
    @settings(max_examples=6, **_SETTINGS)
    @given(case=_case(form))
    def pipeline(case):
        _check(tmp_path, case, bundle=True)

    pipeline()


#: Cases the long campaign found, as (form, sample, mutations, seed): they failed with another
#: exception before their fix.
FOUND = [
    # a performance form repeated with a funds total that is not an amount: ValueError
    ("text", "lvliang-employment-center-2024.txt",
     ["duplicate_lines", "flip_encoding", "duplicate_lines", "huge_numbers"], 1811180649),
    # an OLE2 directory whose entries refer to each other: RecursionError in olefile
    ("xls", "sample.xls", ["flip_bytes"], 1990514405),
]


@pytest.mark.parametrize("form,name,steps,seed", FOUND)
def test_what_the_campaign_found_stays_fixed(tmp_path: Path, form, name, steps, seed):
    data = dict(samples()[form])[name]
    _check(tmp_path, (name, data, [getattr(mutations, step) for step in steps], seed), bundle=True)
