"""A number stored in a spreadsheet, rendered as the sheet shows it.

A workbook keeps an amount as a binary float and a number format (``#,##0.00``) that says
how to print it: 2.8 is published as ``2.80``. The value is first taken to the 15 significant
digits a spreadsheet works with, so that a float's binary noise (2.7999999999999998) never
appears, then rounded half away from zero, as spreadsheets do, to the decimals the format
shows. The result is exact decimal text, never the repr of a float.

Handled: decimals (``0.00``, ``0.0#``), minimum integer digits (``000``), thousands
separators, scaling by trailing commas, percent, literal text (``"元"``, ``\\x``, ``[$¥-804]``),
sections for negative and zero values. Anything else (scientific, fractions) is shown as the
General format would.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Context, Decimal

#: Significant digits a spreadsheet keeps (IEEE doubles shown as Excel shows them).
SIGNIFICANT_DIGITS = 15
#: Room for any double's digits (up to 1e308) and its decimals, rounding as spreadsheets do.
_CONTEXT = Context(prec=400, rounding=ROUND_HALF_UP)

_TOKEN = re.compile(r'"(?P<quoted>[^"]*)"|\\(?P<escaped>.)|[_*].|\[\$(?P<currency>[^\]-]*)[^\]]*\]'
                    r"|\[[^\]]*\]|(?P<char>.)", re.S)
_PLACEHOLDERS = set("0#?.,")


def exact(value: int | float | Decimal) -> Decimal:
    """The decimal a spreadsheet means by ``value``: a float cut to 15 significant digits."""
    if isinstance(value, float):
        return Decimal(format(value, f".{SIGNIFICANT_DIGITS}g"))
    return Decimal(value)


def general(value: int | float | Decimal) -> str:
    """The General format: the value's digits, no trailing zeros, no grouping."""
    text = format(exact(value).normalize(), "f")
    return "0" if text == "-0" else text


def _sections(code: str) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    quoted = False
    for ch in code:
        if ch == '"':
            quoted = not quoted
        if ch == ";" and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def _tokens(section: str) -> list[tuple[str, bool]]:
    """(text, is_placeholder) pieces of one format section."""
    out: list[tuple[str, bool]] = []
    for m in _TOKEN.finditer(section):
        if m.group("quoted") is not None:
            out.append((m.group("quoted"), False))
        elif m.group("escaped") is not None:
            out.append((m.group("escaped"), False))
        elif m.group("currency") is not None:
            out.append((m.group("currency"), False))
        elif m.group("char") is not None:
            ch = m.group("char")
            out.append((ch, ch in _PLACEHOLDERS))
    return out


def _number(value: Decimal, pattern: str) -> str:
    """``value`` (not negative) printed by the placeholders ``pattern`` (e.g. ``#,##0.00``)."""
    integer, dot, decimals = pattern.partition(".")
    scale = len(integer) - len(integer.rstrip(","))
    integer = integer.rstrip(",")
    grouping = "," in integer
    digits = [ch for ch in decimals if ch in "0#?"]
    shown = len(digits)
    required = max((i + 1 for i, ch in enumerate(digits) if ch in "0?"), default=0)
    value = value.scaleb(-3 * scale, _CONTEXT).quantize(Decimal(1).scaleb(-shown), context=_CONTEXT)
    whole, _, fraction = f"{value:f}".partition(".")
    fraction = fraction.rstrip("0").ljust(required, "0") if shown > required else fraction
    minimum = integer.count("0")
    whole = "" if whole == "0" and minimum == 0 else whole.zfill(minimum)
    if grouping and whole:
        whole = f"{int(whole):,}"
    return whole + (dot + fraction if dot else "")


def render(value: int | float | Decimal, code: str | None) -> str:
    """``value`` as a cell with number format ``code`` shows it."""
    number = exact(value)
    if not number.is_finite():
        return "#NUM!"
    if not code or code.lower() in ("general", "@"):
        return general(value)
    sections = _sections(code)
    signed = True
    section = sections[0]
    if number < 0 and len(sections) > 1 and sections[1]:
        section, signed = sections[1], False
    elif number == 0 and len(sections) > 2 and sections[2]:
        section = sections[2]
    tokens = _tokens(section)
    pattern = "".join(text for text, placeholder in tokens if placeholder)
    if "general" in section.lower() or re.search(r"[Ee][+-]|/", section):
        return general(value)
    if not any(ch in "0#?" for ch in pattern):  # a section of text only, e.g. "-" for zero
        return "".join(text for text, placeholder in tokens if not placeholder).strip()
    magnitude = abs(number).scaleb(2 * sum(text == "%" for text, _ in tokens), _CONTEXT)
    out, printed = [], False
    for text, placeholder in tokens:
        if not placeholder:
            out.append(text)
        elif not printed:
            out.append(_number(magnitude, pattern))
            printed = True
    text = "".join(out).strip()
    return "-" + text if signed and number < 0 and any(ch.isdigit() and ch != "0" for ch in text) \
        else text
