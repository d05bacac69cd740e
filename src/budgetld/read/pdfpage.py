"""What pdfium gives of one PDF page: its characters and its ruling lines.

Both come out in display coordinates: PDF points from the top-left corner of the page as a
viewer shows it (the crop box turned by the page's ``/Rotate``), so that a landscape page and
a portrait page drawn sideways read alike. A page whose text mostly runs sideways on the
display (a landscape table printed turned on a portrait page without ``/Rotate``) is read
turned so that its text stands upright: its coordinates are those of the turned page. Only
ink counts as a ruling: white fills (Word paints every cell white before drawing its borders)
and invisible paths are left out.
"""

from __future__ import annotations

import ctypes
import functools
import math
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

#: Paths thinner than this (points) in one direction are drawn lines, whatever their fill.
THIN = 3.0
#: A colour channel at or above this (0–255) on all three channels counts as white paper.
_WHITE = 240
#: A segment this far from axis-parallel (points over its length) is a slant, not a ruling.
_SLANT = 1.0
#: Characters whose angle is looked at to tell which way the page's text runs.
_ANGLE_SAMPLES = 200


class PageTooComplex(Exception):
    """The page holds more objects or characters than the reader's limits allow."""


@dataclass(frozen=True, slots=True)
class Char:
    """One character with its loose box (font ascent to descent, glyph width), and whether
    the text layer put a space before it."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    space_before: bool = False

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def yc(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(frozen=True, slots=True)
class Segment:
    """A horizontal (``at`` is its y) or vertical (``at`` is its x) ruling from ``start``
    to ``end`` along its direction."""

    horizontal: bool
    at: float
    start: float
    end: float


@dataclass(frozen=True, slots=True)
class PageContent:
    """One page as displayed: its size, characters, rulings and how many images it holds
    (a page of images and no characters is a scan)."""

    number: int
    width: float
    height: float
    chars: tuple[Char, ...]
    segments: tuple[Segment, ...]
    images: int
    unmapped: int = 0  #: characters whose font has no Unicode map (their text is a guess)


class _Transform:
    """PDF user space of the page → display coordinates (the page turned clockwise by
    ``rotation`` degrees, by default its ``/Rotate``)."""

    def __init__(self, page: pdfium.PdfPage, rotation: int | None = None) -> None:
        left, bottom, right, top = page.get_cropbox()
        self.left, self.top = left, top
        self.w0, self.h0 = right - left, top - bottom
        self.rotation = (page.get_rotation() if rotation is None else rotation) % 360
        turned = self.rotation in (90, 270)
        self.width = self.h0 if turned else self.w0
        self.height = self.w0 if turned else self.h0

    def point(self, x: float, y: float) -> tuple[float, float]:
        u, v = x - self.left, self.top - y
        if self.rotation == 90:
            return self.h0 - v, u
        if self.rotation == 180:
            return self.w0 - u, self.h0 - v
        if self.rotation == 270:
            return v, self.w0 - u
        return u, v

    def box(self, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        if self.rotation == 0:  # the common case, kept fast
            return x0 - self.left, self.top - y1, x1 - self.left, self.top - y0
        (a, b), (c, d) = self.point(x0, y0), self.point(x1, y1)
        return min(a, c), min(b, d), max(a, c), max(b, d)


def _upright(textpage: pdfium.PdfTextPage) -> int | None:
    """The turn (clockwise degrees) under which most of the page's characters stand upright,
    or None when no turn has most of them. pdfium gives a character's angle counter-clockwise
    in the page's own space; a page shown turned by ``/Rotate`` r shows upright the
    characters drawn at 360 - r."""
    raw = textpage.raw
    count = pdfium_c.FPDFText_CountChars(raw)
    step = max(1, count // _ANGLE_SAMPLES)
    turns: Counter[int] = Counter()
    for index in range(0, count, step):
        angle = pdfium_c.FPDFText_GetCharAngle(raw, index)
        if angle >= 0 and not chr(pdfium_c.FPDFText_GetUnicode(raw, index)).isspace():
            turns[(360 - round(math.degrees(angle) / 90) * 90) % 360] += 1
    if not turns:
        return None
    turn, votes = turns.most_common(1)[0]
    return turn if votes > sum(turns.values()) / 2 else None


def _chars(textpage: pdfium.PdfTextPage, transform: _Transform, limit: int
           ) -> tuple[list[Char], int]:
    """The page's characters, and how many of them their font could not map to Unicode.
    Spaces are left out: a space of the text layer marks the next character, gaps between
    boxes are measured too."""
    raw = textpage.raw
    count = pdfium_c.FPDFText_CountChars(raw)
    if count > limit:
        raise PageTooComplex(f"{count} characters (limit {limit})")
    text = textpage.get_text_range()
    if len(text) != count:  # characters beyond the BMP came out as surrogate pairs
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(raw, i)) for i in range(count))
    rect = pdfium_c.FS_RECTF()
    chars: list[Char] = []
    space = False
    unmapped = 0
    for index, ch in enumerate(text):
        if ch.isspace():
            space = space or (ch == " " and not pdfium_c.FPDFText_IsGenerated(raw, index))
            continue
        if ch < " " or "\ud800" <= ch < "\ue000" or ch in "\ufffe\uffff":
            continue
        if not pdfium_c.FPDFText_GetLooseCharBox(raw, index, rect):
            continue
        x0, top, x1, bottom = transform.box(rect.left, rect.bottom, rect.right, rect.top)
        if x1 <= 0 or bottom <= 0 or x0 >= transform.width or top >= transform.height:
            continue  # outside the visible page
        chars.append(Char(ch, x0, top, x1, bottom, space))
        space = False
        unmapped += pdfium_c.FPDFText_HasUnicodeMapError(raw, index) == 1
    return chars, unmapped


#: A PDF transformation matrix (a, b, c, d, e, f).
Matrix = tuple[float, float, float, float, float, float]


def _is_ink(obj: Any) -> tuple[bool, bool]:
    """Whether the path's fill and its stroke leave visible, non-white ink."""
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(obj, fill_mode, stroke):
        return False, False
    r, g, b, a = (ctypes.c_uint() for _ in range(4))

    def visible(getter: Any) -> bool:
        if not getter(obj, r, g, b, a):
            return True
        return a.value > 0 and not (r.value >= _WHITE and g.value >= _WHITE and b.value >= _WHITE)

    return (fill_mode.value != 0 and visible(pdfium_c.FPDFPageObj_GetFillColor),
            bool(stroke.value) and visible(pdfium_c.FPDFPageObj_GetStrokeColor))


def _matrix(obj: Any) -> Matrix:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
        return 1.0, 0.0, 0.0, 1.0, 0.0, 0.0
    return m.a, m.b, m.c, m.d, m.e, m.f


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    """The matrix applying ``inner`` and then ``outer`` (PDF row-vector convention)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
            e * A + f * C + E, e * B + f * D + F)


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _edges_of_box(x0: float, top: float, x1: float, bottom: float) -> list[Segment]:
    """A path thin in one direction is a line along the other (nothing if thin in both)."""
    if x1 - x0 < THIN and bottom - top >= THIN:
        return [Segment(False, (x0 + x1) / 2, top, bottom)]
    if bottom - top < THIN and x1 - x0 >= THIN:
        return [Segment(True, (top + bottom) / 2, x0, x1)]
    return []


def _path_segments(obj: Any, outer: Matrix, transform: _Transform) -> list[Segment]:
    """The axis-parallel pieces of a path's outline, in display coordinates."""
    matrix = _compose(_matrix(obj), outer)
    count = pdfium_c.FPDFPath_CountSegments(obj)
    x, y = ctypes.c_float(), ctypes.c_float()
    out: list[Segment] = []
    current: tuple[float, float] | None = None
    start: tuple[float, float] | None = None
    for index in range(count):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj, index)
        if not pdfium_c.FPDFPathSegment_GetPoint(segment, x, y):
            continue
        point = transform.point(*_apply(matrix, x.value, y.value))
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO or current is None:
            current = start = point
            continue
        if kind == pdfium_c.FPDF_SEGMENT_LINETO:
            out += _straight(current, point)
        current = point
        if pdfium_c.FPDFPathSegment_GetClose(segment) and start is not None:
            out += _straight(current, start)
            current = start
    return out


def _straight(p: tuple[float, float], q: tuple[float, float]) -> list[Segment]:
    (x0, y0), (x1, y1) = p, q
    if abs(y1 - y0) <= _SLANT and abs(x1 - x0) >= THIN:
        return [Segment(True, (y0 + y1) / 2, min(x0, x1), max(x0, x1))]
    if abs(x1 - x0) <= _SLANT and abs(y1 - y0) >= THIN:
        return [Segment(False, (x0 + x1) / 2, min(y0, y1), max(y0, y1))]
    return []


_LEFT, _BOTTOM, _RIGHT, _TOP = (ctypes.c_float() for _ in range(4))


def _bounds(obj: Any, outer: Matrix, transform: _Transform) -> tuple[float, float, float, float]:
    pdfium_c.FPDFPageObj_GetBounds(obj, _LEFT, _BOTTOM, _RIGHT, _TOP)
    left, bottom, right, top = _LEFT.value, _BOTTOM.value, _RIGHT.value, _TOP.value
    if outer is _IDENTITY:
        return transform.box(left, bottom, right, top)
    corners = [_apply(outer, x, y) for x in (left, right) for y in (bottom, top)]
    xs = [c[0] for c in corners]
    ys = [c[1] for c in corners]
    return transform.box(min(xs), min(ys), max(xs), max(ys))


_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _objects(page: pdfium.PdfPage, limit: int) -> Iterator[tuple[Any, int, Matrix]]:
    """Every page object with the matrix of the forms it is nested in, depth first."""
    stack: list[tuple[int, Callable[[int], Any], Matrix, int]] = [(pdfium_c.FPDFPage_CountObjects(page.raw),
              lambda i: pdfium_c.FPDFPage_GetObject(page.raw, i), _IDENTITY, 0)]
    seen = 0
    while stack:
        count, get, outer, index = stack.pop()
        if index >= count:
            continue
        stack.append((count, get, outer, index + 1))
        obj = get(index)
        seen += 1
        if seen > limit:
            raise PageTooComplex(f"more than {limit} objects")
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            inner = _compose(_matrix(obj), outer)
            stack.append((pdfium_c.FPDFFormObj_CountObjects(obj),
                          functools.partial(pdfium_c.FPDFFormObj_GetObject, obj), inner, 0))
        else:
            yield obj, kind, outer


def read_page(page: pdfium.PdfPage, number: int, max_chars: int, max_objects: int
              ) -> PageContent:
    """Characters and rulings of ``page`` (1-based ``number``), within the given limits."""
    transform = _Transform(page)
    textpage = page.get_textpage()
    try:
        turn = _upright(textpage)
        if turn is not None and turn != transform.rotation:
            transform = _Transform(page, turn)
        chars, unmapped = _chars(textpage, transform, max_chars)
    finally:
        textpage.close()
    segments: list[Segment] = []
    images = 0
    for obj, kind, outer in _objects(page, max_objects):
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            images += 1
            continue
        if kind != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        fill, stroke = _is_ink(obj)
        if not (fill or stroke):
            continue
        x0, top, x1, bottom = _bounds(obj, outer, transform)
        if min(x1 - x0, bottom - top) < THIN:
            segments += _edges_of_box(x0, top, x1, bottom)
        else:
            segments += _path_segments(obj, outer, transform)
    return PageContent(number, transform.width, transform.height, tuple(chars),
                       tuple(segments), images, unmapped)
