"""Asset facts from the 国有资产占有使用情况 section: vehicles, floor area, large equipment.

Each figure is read with its item (the words before it), the date the holding is counted at
(``截至2024年12月31日``; a placeholder such as ``0年0月0日`` is kept as text with no date) and
whether it is held or planned (``预算安排购置``).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from ..model import AssetFact
from ..model.narrative import AssetCategory, AssetStatus
from ..read.blocks import Paragraph
from .context import ParseContext

_FIGURE = re.compile(r"(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>辆|平方米|台[（(]套[）)]|台|套)")
_AS_OF = re.compile(r"截[至止](?P<text>(?P<y>\d{1,4})年(?:(?P<m>\d{1,2})月)?(?:(?P<d>\d{1,2})日)?)")
_THRESHOLD = re.compile(r"(?P<wan>\d+(?:\.\d+)?)\s*万元[（(]?(?:原值|含)?[）)]?以上")
_CATEGORY: dict[str, AssetCategory] = {"辆": "vehicles", "平方米": "floor_area"}
_ITEM_START = re.compile(r"[，。；：:、]")


def _as_of(text: str) -> tuple[date | None, str | None]:
    match = _AS_OF.search(text)
    if not match:
        return None, None
    try:
        value = date(int(match.group("y")), int(match.group("m") or 12), int(match.group("d") or 31))
    except ValueError:
        value = None
    if value is not None and value.year < 1949:
        value = None
    return value, match.group("text")


def extract(ctx: ParseContext, sections: list[tuple[str | None, list[Paragraph]]]) -> list[AssetFact]:
    facts: list[AssetFact] = []
    for kind, paragraphs in sections:
        if kind != "assets":
            continue
        for paragraph in paragraphs:
            text = paragraph.text
            as_of, as_of_text = _as_of(text)
            for sentence in re.finditer(r"[^。；;]+", text):
                clause = sentence.group(0)
                status: AssetStatus = "planned" if re.search(r"安排购置|拟购置|计划购置", clause) \
                    else "held"
                threshold = _THRESHOLD.search(clause)
                for match in _FIGURE.finditer(clause):
                    before = clause[:match.start()]
                    starts = [m.end() for m in _ITEM_START.finditer(before)]
                    item = before[starts[-1] if starts else 0:].strip()
                    item = re.sub(r"^.*(?:其中|共有)", "", item).strip() or item
                    unit = match.group("unit")
                    category = _CATEGORY.get(unit, "equipment")
                    start = sentence.start() + match.start()
                    facts.append(AssetFact(
                        category=category, item=item, quantity=Decimal(match.group("num")),
                        unit=unit, status=status, as_of=as_of, as_of_text=as_of_text,
                        value_threshold_wan=Decimal(threshold.group("wan"))
                        if threshold and category == "equipment" else None,
                        text=clause[max(0, match.start() - len(item)):match.end()].strip(),
                        source=ctx.ref(paragraph.line_at(start))))
    return facts
