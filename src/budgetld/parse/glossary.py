"""The glossary (名词解释): enumerated terms with their definitions."""

from __future__ import annotations

import re

from .. import warning_codes as codes
from ..model import GlossaryEntry
from ..numbers import ENUMERATOR, split_enumerator
from ..read.blocks import Paragraph
from .context import ParseContext

#: ``基本支出：指…`` / ``一般公共预算是指…`` / ``国有资本经营预算是对…``.
_TERM = re.compile(r"^(?P<term>[^：:，。]{1,30}?)(?:[:：]|(?=是指|是对|指|是))\s*(?P<definition>.*)$")


def extract(ctx: ParseContext, paragraphs: list[Paragraph]) -> list[GlossaryEntry]:
    """One entry per enumerated paragraph; unnumbered paragraphs continue the definition."""
    entries: list[tuple[str, str, Paragraph]] = []
    for paragraph in paragraphs:
        text = paragraph.text.strip()
        if ENUMERATOR.match(text):
            _, rest = split_enumerator(text)
            match = _TERM.match(rest)
            if match:
                entries.append((match.group("term").strip(), match.group("definition").strip(),
                                paragraph))
                continue
        if entries:
            term, definition, first = entries[-1]
            entries[-1] = (term, definition + text, first)
        else:
            ctx.warn(codes.GLOSSARY_UNREAD, paragraph.first, text=text[:30])
    return [GlossaryEntry(term=term, definition=definition, source=ctx.ref(p.first))
            for term, definition, p in entries]
