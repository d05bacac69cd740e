"""Recognisers for the kinds of paragraph a disclosure is made of.

They look at the words only (never at positions), so tables and sections are found wherever a
layout puts them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import units
from ..layouts import Knowledge, SectionKind, TableKind, fold
from ..numbers import ENUMERATOR, chinese_numeral, split_enumerator

_SENTENCE = re.compile(r"[，。；！？,;]")
_LEADERS = re.compile(r"\.{3,}|…{2,}|·{3,}|-{4,}")
_NUMBER_LABEL = re.compile(r"^(?:(?:预算|部门|单位)?公开\s*(?:表\s*\d+|\d+\s*表)|表[一二三四五六七八九十]+)$")
_TITLE_PREFIX = re.compile(r"^(?:表[一二三四五六七八九十]+|(?:预算|部门|单位)?公开\d+表|\d+[.．、])\s*")
_TITLE_END = re.compile(r"表(?:[（(][^（）()]{1,20}[）)])?$")
_META = re.compile(r"(?P<key>单位名称|编制部门|编制单位|部门名称|预算主管部门|主管部门|部门)"
                   r"\s*[:：]\s*(?P<value>(?:(?!单\s*位\s*[:：])[^\s:：])*)")
#: Keys of a table's meta line that name the unit: printed with nothing after them (``编制部门：
#: 单位：元``), the name was left blank, which is kept as an empty name.
_NAME_KEYS = ("单位名称", "编制部门", "编制单位", "部门名称")
_UNIT = re.compile(rf"(?:金额)?单\s*位\s*[:：]\s*(?P<unit>{units.pattern()})")
_NOTE = re.compile(r"^\s*[（(]?注\s*[:：]")
_EMPTY = re.compile(r"本表无数据|无数据|空表|本表为空|此表为空|不涉及|本表无|无此项|无相关收支"
                    r"|没有.{0,12}(?:收入|支出|经费|数据)"
                    r"|(?:本单位|本部门|本年度?)(?:无|未安排).{0,12}(?:收入|支出|经费|数据|项目)")

TITLE_MAX = 60
HEADING_MAX = 40


def number_label(text: str) -> str | None:
    """``预算公开表1`` / ``部门公开表9`` / ``公开 01表`` printed above a table."""
    stripped = text.strip()
    return "".join(stripped.split()) if _NUMBER_LABEL.match(fold(stripped)) else None


def is_toc_line(text: str) -> bool:
    return bool(_LEADERS.search(text))


def table_title(knowledge: Knowledge, text: str) -> tuple[bool, TableKind | None, str | None]:
    """Whether ``text`` is a table title, its kind, and a number printed in front of it."""
    key = fold(text)
    if len(key) > TITLE_MAX or _SENTENCE.search(key) or is_toc_line(text):
        return False, None, None
    prefix = _TITLE_PREFIX.match(key)
    body = key[prefix.end():] if prefix else key
    if not _TITLE_END.search(body) or "绩效" in body or body.endswith("报表") \
            or re.match(r"^第[一二三四五六七八九十]+部分", body):
        return False, None, None
    kind = knowledge.table_kind(body)
    if kind is None and not re.search(r"预算|决算|经费|收支", body):
        return False, None, None
    number = prefix.group(0).rstrip(".．、") if prefix else None
    return True, kind, number


def is_performance_title(knowledge: Knowledge, text: str) -> bool:
    key = fold(text)
    return len(key) <= TITLE_MAX and not _SENTENCE.search(key) and \
        any(fold(t) in key for t in knowledge.performance.titles)


def meta_fields(text: str) -> dict[str, str]:
    """``单位名称：…``, ``编制部门：… 单位：元`` → the fields they hold (a unit name left
    blank as ``""``)."""
    found = {m.group("key"): m.group("value") for m in _META.finditer(text)
             if (m.group("value") or m.group("key") in _NAME_KEYS)
             and not m.group("value").startswith(units.symbols())}
    if unit := _UNIT.search(text):
        found["单位"] = unit.group("unit")
    return found


def is_meta(text: str) -> bool:
    fields = meta_fields(text)
    return bool(fields) and len(fold(text)) <= TITLE_MAX


def is_note(text: str) -> bool:
    return bool(_NOTE.match(text))


def is_empty_note(text: str) -> bool:
    return is_note(text) and says_empty(text)


def says_empty(text: str) -> bool:
    """``本表无数据`` and its variants, in a note or in a cell of the table itself."""
    return bool(_EMPTY.search(text))


@dataclass(frozen=True)
class Heading:
    number: str | None
    title: str
    level: int
    kind: SectionKind | None


def _level(enumerator: str) -> int:
    token = enumerator.strip()
    if token.startswith("第"):
        return 1
    if token[0] in "（(":
        return 3
    if token[0].isdigit() or token[0] in "①②③④⑤⑥⑦⑧⑨⑩":
        return 4
    return 2


def heading(knowledge: Knowledge, text: str) -> Heading | None:
    """A section heading: short, no sentence punctuation, enumerated (第一部分 / 一、 / （一） /
    1、) or naming a known section. Chart captions (…图) and bracketed remarks are not."""
    stripped = text.strip()
    key = fold(stripped)
    if not key or len(key) > HEADING_MAX or _SENTENCE.search(key.rstrip(":：")) \
            or is_toc_line(stripped) or key.endswith("图") \
            or (key[0] in "（(" and key[-1] in "）)" and ENUMERATOR.match(stripped) is None):
        return None
    colon = key.endswith((":", "："))
    match = ENUMERATOR.match(stripped)
    kind = knowledge.section_kind(stripped)
    if match:
        level = _level(match.group(1))
        if level == 4 and kind is None and not colon:
            return None
        number, title = split_enumerator(stripped)
        if number and chinese_numeral(number) is None and not number.isdigit():
            return None
        return Heading(number, title.rstrip(":："), level, kind)
    if kind is None or colon:
        return None
    return Heading(None, stripped, 1, kind)


def split_title_number(text: str) -> tuple[str | None, str]:
    """``表一2024年预算收支总表`` → ``("表一", "2024年预算收支总表")``."""
    key = text.strip()
    match = _TITLE_PREFIX.match(key)
    if not match:
        return None, key
    return match.group(0).strip().rstrip(".．、"), key[match.end():].strip()
