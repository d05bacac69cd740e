"""Shared fixtures: the bundled sample disclosures and helpers to derive variants of them."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetld.model import Disclosure
from budgetld.parse import parse_file

DATA = Path(__file__).parent / "data"
EXPECTED = Path(__file__).parent / "expected"
LVLIANG = DATA / "lvliang-employment-center-2024.txt"
SHANGHAI = DATA / "shanghai-putuo-chengguan-2026.txt"
SAMPLES = {"lvliang": LVLIANG, "shanghai": SHANGHAI}
PDFS = {"jiangsu-procuratorate": "jiangsu-procuratorate-2019.pdf",
        "jiangsu-renda": "jiangsu-renda-2018.pdf",
        "shanghai-caizhengju": "shanghai-putuo-caizhengju-2025.pdf"}


@pytest.fixture(scope="session")
def lvliang() -> Disclosure:
    return parse_file(LVLIANG)


@pytest.fixture(scope="session")
def shanghai() -> Disclosure:
    return parse_file(SHANGHAI)


@pytest.fixture(scope="session")
def pdfs() -> dict[str, Disclosure]:
    """The PDF samples, parsed once."""
    return {name: parse_file(DATA / file) for name, file in PDFS.items()}


@pytest.fixture
def variant(tmp_path: Path):
    """Write a variant of a sample (text or bytes) under the sample's file name and parse it."""

    def make(sample: Path, content: str | bytes) -> Disclosure:
        path = tmp_path / sample.name
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
        return parse_file(path)

    return make
