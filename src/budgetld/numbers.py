"""Reading the numbers of budget documents: amounts, classification codes, enumerators.

Pure functions, shared by the reader (to tell a table row from prose) and the parser.
Amounts are :class:`~decimal.Decimal` built from the published digits, never floats, so
``"2.80"`` keeps its two decimals.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import Literal

#: An amount as tables print it: optional sign, digits with or without thousands groups,
#: optional decimals. Groups must be exactly three digits, so "1,23" is not an amount.
AMOUNT = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_AMOUNT_FULL = re.compile(rf"^{AMOUNT.pattern}$")
#: Marks used for "nothing here" in a cell.
_BLANK_MARKS = {"", "-", "—", "－", "--", "——", "/", "／"}

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

#: A leading enumerator: 第一部分 / 一、 / （一） / (一) / 1、 / 1. / 1． / ①.
ENUMERATOR = re.compile(
    r"^\s*(第[一二三四五六七八九十百零〇]+部分|[一二三四五六七八九十百]+、|[（(][一二三四五六七八九十]+[）)]"
    r"|[（(]\d{1,2}[）)]|\d{1,2}(?:[、．]|\.(?!\d))|[①-⑳])\s*"
)


def normalise_number_text(text: str) -> str:
    """Fold full-width forms and spaces out of a number as printed (``１，２３０`` → ``1,230``)."""
    return unicodedata.normalize("NFKC", text).replace(" ", "").replace("−", "-")


def is_amount(text: str) -> bool:
    """True if ``text`` is a number as printed in a table cell."""
    return bool(_AMOUNT_FULL.match(normalise_number_text(text)))


def is_blank_mark(text: str) -> bool:
    return text.strip() in _BLANK_MARKS


def parse_amount(text: str) -> Decimal | None:
    """The exact value of a printed amount, or ``None`` for a blank or a dash.

    Raises :class:`ValueError` for text that is not an amount."""
    if is_blank_mark(text):
        return None
    folded = normalise_number_text(text)
    if not _AMOUNT_FULL.match(folded):
        raise ValueError(f"not an amount: {text!r}")
    return Decimal(folded.replace(",", ""))


def format_amount(value: Decimal, grouping: bool = True) -> str:
    """Print ``value`` as budget tables do (used to write test variants and CSV text)."""
    return f"{value:,f}" if grouping else f"{value:f}"


#: The levels of a classification code: 类, 款, 项.
Level = Literal["类", "款", "项"]
_LEVELS: dict[int, Level] = {3: "类", 5: "款", 7: "项"}


def code_level(code: str) -> Level | None:
    """Level of a classification code by its length: 类 (3), 款 (5), 项 (7)."""
    return _LEVELS.get(len(code))


def join_code(parts: list[str] | tuple[str, ...]) -> str | None:
    """Join a code printed in separate 类 / 款 / 项 columns (``208 05 01`` → ``2080501``).

    The first part has three digits and each further part two; a code printed whole
    (``2080501``) is accepted as a single part. Returns ``None`` if the parts are not a code."""
    parts = [normalise_number_text(p) for p in parts if p.strip()]
    if not parts or not all(p.isdigit() for p in parts):
        return None
    if len(parts) == 1:
        return parts[0] if len(parts[0]) in (3, 5, 7) else None
    if len(parts[0]) != 3 or any(len(p) != 2 for p in parts[1:]) or len(parts) > 3:
        return None
    return "".join(parts)


def split_code(code: str) -> list[str]:
    """``2080501`` → ``["208", "05", "01"]``."""
    return [code[:3]] + [code[i:i + 2] for i in range(3, len(code), 2)]


def chinese_numeral(text: str) -> int | None:
    """Value of a Chinese numeral up to 99 (``十二`` → 12, ``二十一`` → 21)."""
    if not text or any(ch not in _CN_DIGITS and ch != "十" for ch in text):
        return None
    if "十" not in text:
        return _CN_DIGITS[text] if len(text) == 1 else None
    tens, _, units = text.partition("十")
    if "十" in units:
        return None
    return (_CN_DIGITS.get(tens, 0) if tens else 1) * 10 + (_CN_DIGITS.get(units, 0) if units else 0)


def split_enumerator(label: str) -> tuple[str | None, str]:
    """Split a leading enumerator off a label: ``"一、一般公共预算"`` → ``("一", "一般公共预算")``."""
    match = ENUMERATOR.match(label)
    if not match:
        return None, label.strip()
    token = re.sub(r"[、．.（）()第部分\s]", "", match.group(1))
    if token and token in _CIRCLED:
        token = str(_CIRCLED.index(token) + 1)
    return token or None, label[match.end():].strip()
