"""Headings and table titles printed inside running text, split off it.

A reader joins the lines of running text into paragraphs by their layout: a line that fills
the text width runs on into the next; a document copied to text joins every line up to a
blank one. A section heading or a table title that follows a paragraph on the same page
without a blank line (or right after a full line) then ends up inside the paragraph, and
the section or table is lost; an extraction that dropped the line break even glues the
heading to the end of the paragraph's last sentence (``…不单列预算。名词解释``). Headings are
recognised by their words, so this is the parser's job: a paragraph is split before and
after every line that is a heading or title, and a known heading glued after a sentence's
end is cut off it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..layouts import Knowledge, fold
from ..numbers import ENUMERATOR
from ..read.blocks import Block, Line, Paragraph, join_wrapped
from ..read.pages import display_width
from . import signals

#: The end of a sentence, after which a glued heading may follow on the same line.
_SENTENCE_END = re.compile(r"[。；！？]")
#: A heading inside a paragraph is shorter than this share of its widest line (a line of
#: running text that happens to hold a heading's words fills the width).
_SHORT = 0.8
#: A line at least this share of a paragraph's widest line fills the width: it may wrap.
_FULL = 0.9


def _strong(knowledge: Knowledge, text: str, found: signals.Heading | None) -> bool:
    """A line that can only be a heading or a title (``found``: the heading it is, if any):
    an enumerated heading of a known section (not a term ending in a colon, as a glossary's
    are), a part (第二部分 …), a section's keyword itself, a table's title or number label,
    a performance form's title."""
    if found is not None and not fold(text).endswith((":", "：")) and (
            (found.kind is not None and (ENUMERATOR.match(text) or _exact(found, text)))
            or (found.level == 1 and found.number is not None)):
        return True
    is_title, kind, _ = signals.table_title(knowledge, text)
    return (is_title and kind is not None) or signals.number_label(text) is not None or \
        signals.is_performance_title(knowledge, text)


def _exact(found: signals.Heading, text: str) -> bool:
    return found.kind is not None and fold(text) in {fold(k) for k in found.kind.keywords}


def _glued_heading(knowledge: Knowledge, text: str, last: bool) -> int | None:
    """Where a known heading glued after the last sentence of ``text`` starts: a section's
    keyword itself (名词解释), or on a ``last`` line (the paragraph's, or one that does not
    fill the width) an enumerated heading of a known section (二、机构设置情况; at the end
    of a full line it may be a sentence that runs on)."""
    ends = list(_SENTENCE_END.finditer(text))
    if not ends:
        return None
    start = ends[-1].end()
    tail = text[start:].strip()
    found = signals.heading(knowledge, tail) if tail else None
    if found is None or found.kind is None or fold(tail).endswith((":", "：")):
        return None
    return start if _exact(found, tail) or (last and ENUMERATOR.match(tail)) else None


def _lines(knowledge: Knowledge, paragraph: Paragraph) -> list[Line]:
    """The paragraph's lines, a line with a glued heading cut in two."""
    out: list[Line] = []
    widest = max(display_width(line.text) for line in paragraph.lines)
    for i, line in enumerate(paragraph.lines):
        last = i == len(paragraph.lines) - 1 or display_width(line.text) < _FULL * widest
        cut = _glued_heading(knowledge, line.text, last)
        if cut is None:
            out.append(line)
        else:
            out += [replace(line, text=line.text[:cut], box=None),
                    replace(line, text=line.text[cut:], box=None)]
    return out


def _split(knowledge: Knowledge, paragraph: Paragraph) -> list[Block]:
    """A heading line stands apart: it is short beside the paragraph's widest line, and
    follows the end of a sentence, another heading or starts the paragraph, unless it is
    enumerated or a section's keyword (a full line before it made the reader run the text
    on). A paragraph made only of headings and titles (a list of them) is split at every line."""
    lines = _lines(knowledge, paragraph)
    texts = [line.text.strip() for line in lines]
    headings = [signals.heading(knowledge, text) for text in texts]
    strong = [_strong(knowledge, text, found) for text, found in zip(texts, headings)]
    listing = all(strong)
    widest = max(display_width(line.text) for line in lines)
    groups: list[list[Line]] = [[]]
    for i, (line, text, found) in enumerate(zip(lines, texts, headings)):
        apart = i == 0 or strong[i - 1] or lines[i - 1].text.rstrip().endswith(tuple("。；！？")) \
            or (found is not None and (ENUMERATOR.match(text) is not None or _exact(found, text)))
        if len(lines) > 1 and strong[i] and (listing or (
                apart and display_width(text) < _SHORT * widest)):
            groups += [[line], []]
        else:
            groups[-1].append(line)
    groups = [group for group in groups if group]
    if len(groups) == 1 and len(lines) == len(paragraph.lines):
        return [paragraph]
    return [join_wrapped(group) for group in groups]


def split_glued(knowledge: Knowledge, blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """``blocks`` with the headings and titles inside paragraphs made paragraphs of their own."""
    out: list[Block] = []
    for block in blocks:
        out += _split(knowledge, block) if isinstance(block, Paragraph) else [block]
    return tuple(out)
