"""Figures quoted in the narrative, as structured claims the validator can check.

For every number with a unit (万元, %, 个, …) the words just before it say what it is: a
change (``比上年减少``), a percentage of change (``下降``), a share (``占``) or an amount whose
subject the claim vocabulary names (``预算收入总计`` → ``revenue.total``). Changes without a
number (``与上年预算数相同``) are claims too. A change refers to the figure it qualifies: the
one right after ``其中：`` when the enumeration holds a single figure, else the sentence's
leading figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from .. import units as amount_units
from ..layouts import ClaimsFile, fold
from ..model import Claim
from ..model.narrative import ClaimKind, Direction
from ..read.blocks import Paragraph
from .context import ParseContext

_SKIP_SECTIONS = {"assets", "glossary", "toc"}
#: What ends the words that say what a figure is: punctuation, or an enumerator starting the
#: item (（二）公用经费… after a parenthesised remark).
_DELIMITER = re.compile(r"[，。；：:、,;！？\n]|[（(][一二三四五六七八九十]+[）)]")
_SENTENCE_END = "。；;！？"
_SENTENCE_ENDS = re.compile(f"[{_SENTENCE_END}]")
_ITEM_PART = re.compile(r"(?P<name>[^“”\"（）()]+?)[（(](?P<level>类|款|项)[）)]")
_FILLER = re.compile(r"^(?:其中|主要包括|包括|分别为|分别是|即)+|(?:为|是|共计|合计|达到?)$")
_LAST_YEAR = {"上年", "上年度", "上一年", "去年"}
_COMMAS = re.compile("[,，]")
#: What a classification item's money is said to be for, after its figure (``…（项）”3.47万元，
#: 主要用于…``), up to the end of the sentence.
_PURPOSE = re.compile(r"[，,]?\s*(?:主要|全部|均)?(?:是)?用于(?P<purpose>[^。；;！？]+)")
#: A classified figure's claim kind: an unchanged amount is a change of 0.
_CLAIM_KINDS: dict[str, ClaimKind] = {"unchanged": "change", "amount": "amount", "count": "count",
                                      "change": "change", "change_pct": "change_pct", "share": "share"}


@dataclass
class _Found:
    start: int
    end: int
    value: Decimal | None
    unit: str
    kind: str  #: "unchanged", "figure" until classified, or a claim kind
    words: str
    direction: Direction | None = None
    year: str | None = None


def _join(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Rejoin paragraphs a page break cut mid-sentence (the first does not end a sentence)."""
    out: list[Paragraph] = []
    for paragraph in paragraphs:
        if out and out[-1].text and out[-1].text.rstrip()[-1] not in _SENTENCE_END + "：:" \
                and paragraph.text.strip():
            prev = out[-1]
            shift = len(prev.text)
            out[-1] = Paragraph(prev.lines + paragraph.lines, prev.text + paragraph.text,
                                prev.offsets + tuple(o + shift for o in paragraph.offsets))
        else:
            out.append(paragraph)
    return out


def _direction(vocab: ClaimsFile, words: str) -> Direction | None:
    up = any(w in words for w in vocab.phrasing.increase)
    down = any(w in words for w in vocab.phrasing.decrease)
    return None if up == down else (1 if up else -1)


@lru_cache(maxsize=8)
def _figure_pattern(units: tuple[str, ...]) -> re.Pattern[str]:
    """A number followed by one of ``units`` (made once: the paragraphs of a document, and
    documents, share their units)."""
    ordered = sorted(units, key=len, reverse=True)
    # thousands separated by "," or, mistyped, by a full-width "，" (read with its value; the
    # validator reports the comma)
    return re.compile(r"(?<![\d.,])(?P<num>\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*"
                      r"(?P<unit>" + "|".join(re.escape(u) for u in ordered) + ")")


def _figures(vocab: ClaimsFile, text: str) -> list[_Found]:
    figure = _figure_pattern(amount_units.symbols() + vocab.units.other)
    found: list[_Found] = []
    for match in vocab.phrasing.unchanged.finditer(text):
        found.append(_Found(match.start(), match.end(), None, "", "unchanged", match.group(0),
                            0, match.group("year")))
    for match in figure.finditer(text):
        found.append(_Found(match.start(), match.end(), Decimal(_COMMAS.sub("", match.group("num"))),
                            match.group("unit"), "figure", ""))
    found.sort(key=lambda f: f.start)
    boundary = 0
    for item in found:
        if item.kind == "unchanged":
            boundary = item.end
            continue
        before = text[boundary:item.start]
        delimiters = [m.end() for m in _DELIMITER.finditer(before)]
        words = before[delimiters[-1] if delimiters else 0:].strip()
        item.words = words
        if item.unit == "%" and (m := vocab.phrasing.share.search(words)):
            item.kind = "share"
        elif item.unit == "%" and (m := vocab.phrasing.change_pct.search(words)):
            item.kind = "change_pct"
            item.direction = _direction(vocab, m.group(0))
        elif m := vocab.phrasing.change.search(words):
            item.kind = "change"
            item.direction = _direction(vocab, m.group(0))
            item.year = m.group("year")
        else:
            item.kind = "amount" if item.unit in amount_units.symbols() else "count"
        boundary = item.end
    return found


def _compatible(vocab: ClaimsFile, a: str, b: str) -> bool:
    money = set(amount_units.symbols())
    return (a in money and b in money) or a == b


class _Resolver:
    """Names what a figure is said to be, from the claim vocabulary."""

    def __init__(self, vocab: ClaimsFile) -> None:
        self.vocab = vocab

    def subject(self, words: str, section: str | None, family: str | None) -> str | None:
        """The subject with the longest phrase in ``words``; between phrases as long, one
        restricted to the section, then the one written first (其他资金收入预算总计 is the
        total of 其他资金收入, not the revenue total)."""
        key = fold(words)
        best: tuple[int, int, int, str] | None = None
        for subject in self.vocab.subject:
            if subject.sections and section not in subject.sections:
                continue
            for phrase in subject.folded_phrases:
                if phrase in key:
                    rank = (len(phrase), 1 if subject.sections else 0, -key.index(phrase), subject.id)
                    if best is None or rank[:3] > best[:3]:
                        best = rank
        if best is None:
            return None
        subject_id = best[3]
        if subject_id.startswith("."):
            return f"{family}{subject_id}" if family else None
        return subject_id


def extract(ctx: ParseContext, sections: list[tuple[str, str | None, list[Paragraph]]],
            fiscal_year: int | None) -> list[Claim]:
    vocab = ctx.knowledge.claims
    resolver = _Resolver(vocab)
    claims: list[Claim] = []
    for section_id, kind, paragraphs in sections:
        if kind in _SKIP_SECTIONS:
            continue
        for paragraph in _join(paragraphs):
            claims.extend(_paragraph_claims(ctx, resolver, paragraph, section_id, kind,
                                            fiscal_year, len(claims)))
    return claims


def _paragraph_claims(ctx: ParseContext, resolver: _Resolver, paragraph: Paragraph,
                      section_id: str, kind: str | None, fiscal_year: int | None,
                      offset: int) -> list[Claim]:
    vocab = resolver.vocab
    text = paragraph.text
    found = _figures(vocab, text)
    units = [m.end() for m in _SENTENCE_ENDS.finditer(text)]

    def unit_start(position: int) -> int:
        return max((u for u in units if u <= position), default=0)

    made: list[tuple[_Found, Claim]] = []
    default_family = vocab.families.get(kind or "")
    for item in found:
        claim_id = f"c{offset + len(made) + 1:03d}"
        start = unit_start(item.start)
        in_unit = [(f, c) for f, c in made if f.start >= start]
        target = _target(vocab, item, in_unit, made, text, start)
        if item.kind in ("amount", "count"):
            head = next((c for f, c in in_unit if f.kind == "amount" and c.subject), None)
            family = head.subject.split(".")[0] if head and head.subject and "." in head.subject \
                else default_family
            parts = [(m.group("name").strip(" “”\"的0123456789.、"), m.group("level"))
                     for m in _ITEM_PART.finditer(item.words)]
            subject = "expenditure.function-item" if parts else \
                resolver.subject(_FILLER.sub("", item.words), kind, family)
            words = item.words
            refers = None
        else:
            subject = target.subject if target else None
            words = item.words
            refers = target.id if target else None
            parts = []
        value: Decimal | None = Decimal(0) if item.kind == "unchanged" else item.value
        unit = (target.unit if target else "") if item.kind == "unchanged" else item.unit
        share_of = None
        if item.kind == "share" and target is not None:
            share_of = _denominator(resolver, item, made, target, kind)
        year = None
        if item.year:
            year = fiscal_year - 1 if item.year.rstrip("度") in _LAST_YEAR and fiscal_year \
                else int(item.year[:4]) if item.year[:4].isdigit() else None
        span_start = item.start - (len(words) if item.kind != "unchanged" else 0)
        claim = Claim(
            id=claim_id, section=section_id,
            kind=_CLAIM_KINDS[item.kind],
            subject=subject, subject_text=words.strip(), value=value, unit=unit,
            direction=item.direction if item.kind != "amount" else None,
            compared_year=year, refers_to=refers, share_of=share_of,
            item_path=[name for name, _ in parts],
            purpose=_purpose(text, item.end) if parts and item.kind == "amount" else None,
            text=text[max(0, span_start):item.end].strip(),
            source=ctx.ref(paragraph.line_at(item.start)))
        made.append((item, claim))
    return [claim for _, claim in made]


def _purpose(text: str, end: int) -> str | None:
    """The purpose the sentence gives right after the figure ending at ``end``, if any."""
    found = _PURPOSE.match(text, end)
    return found.group("purpose").strip() if found else None


def _denominator(resolver: _Resolver, item: _Found, made: list[tuple[_Found, Claim]],
                 target: Claim, section: str | None) -> str | None:
    """What a share is of: the figure it names (``占“三公”经费的26.69%``), else the leading
    figure of its paragraph (``收入1286.05万元，主要包括…0万元，占0%``)."""
    share = resolver.vocab.phrasing.share.search(item.words)
    named = share.group("of") if share else None
    if named:
        subject = resolver.subject(named, section, None)
        found = [c for f, c in made if f.kind == "amount" and subject and c.subject == subject]
        return found[-1].id if found else None
    lead = next((c for f, c in made if f.kind == "amount"), None)
    return lead.id if lead is not None and lead.id != target.id else None


def _target(vocab: ClaimsFile, item: _Found, in_unit: list[tuple[_Found, Claim]],
            made: list[tuple[_Found, Claim]], text: str, start: int) -> Claim | None:
    """The claim a change, percentage or share qualifies."""
    if item.kind in ("amount", "count"):
        return None
    if item.kind == "share":
        return next((c for f, c in reversed(made) if f.kind == "amount"), None)
    if item.kind == "change_pct":
        previous = next((c for f, c in reversed(in_unit) if f.kind == "change"), None)
        if previous is not None and previous.refers_to:
            return next(c for _, c in made if c.id == previous.refers_to)
    candidates = [(f, c) for f, c in in_unit if f.kind in ("amount", "count") and
                  (item.kind != "change" or _compatible(vocab, f.unit, item.unit))]
    marker = text.rfind("其中", start, item.start)
    if marker >= 0:
        after = [(f, c) for f, c in candidates if f.start > marker]
        if len(after) == 1:
            return after[0][1]
    if candidates:
        return candidates[0][1]
    earlier = [(f, c) for f, c in made if f.kind in ("amount", "count") and
               (item.kind != "change" or _compatible(vocab, f.unit, item.unit))]
    return earlier[-1][1] if earlier else None
