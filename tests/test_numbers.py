"""Property tests for reading amounts, classification codes and enumerators."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from budgetld.numbers import (
    chinese_numeral,
    format_amount,
    is_amount,
    join_code,
    parse_amount,
    split_code,
    split_enumerator,
)
from budgetld.read.pdftext import split_cells

amounts = st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=2,
                      allow_nan=False, allow_infinity=False)
FULL = str.maketrans("0123456789,.-", "０１２３４５６７８９，．－")


@given(amounts, st.booleans())
def test_printed_amounts_read_back_exactly(value, grouping):
    printed = format_amount(value, grouping)
    assert is_amount(printed)
    assert parse_amount(printed) == value
    assert str(parse_amount(printed)) == str(value)  # the published decimals are kept


@given(amounts)
def test_full_width_amounts_read_the_same(value):
    assert parse_amount(format_amount(value).translate(FULL)) == value


@given(st.integers(min_value=1000, max_value=10**9))
def test_bad_grouping_is_not_an_amount(value):
    printed = format_amount(Decimal(value))
    broken = printed.replace(",", "", 1)[:-1] + "," + printed[-1]
    assert not is_amount(broken)
    with pytest.raises(ValueError):
        parse_amount(broken)


@pytest.mark.parametrize("blank", ["", " ", "-", "—", "－", "/"])
def test_blank_marks_are_no_amount(blank):
    assert parse_amount(blank) is None


codes = st.builds(lambda a, b, c, n: "".join([f"{a:03d}", f"{b:02d}", f"{c:02d}"][:n]),
                  st.integers(201, 599), st.integers(1, 99), st.integers(1, 99), st.integers(1, 3))


@given(codes)
def test_codes_split_and_join(code):
    assert join_code(split_code(code)) == code
    assert join_code([code]) == code


@given(st.lists(st.integers(0, 999).map(str), min_size=1, max_size=3))
def test_split_codes_need_two_digit_parts(parts):
    """A 类 code and at most two further parts (款, 项) of exactly two digits each."""
    joined = join_code(["208", *parts])
    assert (joined is not None) == (len(parts) <= 2 and all(len(p) == 2 for p in parts))


def _to_chinese(n: int) -> str:
    digits = "零一二三四五六七八九"
    tens, units = divmod(n, 10)
    if not tens:
        return digits[units]
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[units] if units else "")


@given(st.integers(1, 99))
def test_chinese_numerals(n):
    assert chinese_numeral(_to_chinese(n)) == n
    assert split_enumerator(f"{_to_chinese(n)}、一般公共预算") == (_to_chinese(n), "一般公共预算")


@given(amounts.filter(lambda v: v >= 0), st.sampled_from(["一、社会保障和就业支出", "合计", "二、卫生健康支出"]))
def test_glued_amount_and_label_are_split(value, label):
    printed = format_amount(value)
    assert split_cells(f"一、财政拨款收入 {printed}{label} 1,439,040") == \
        ("一、财政拨款收入", printed, label, "1,439,040")
