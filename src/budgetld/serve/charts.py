"""Charts drawn on the server as SVG, so pages need no JavaScript: horizontal bars, one per
item, longest first, each with its label and amount written beside it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup, escape

_WIDTH = 640
_LABEL = 200
_BAR = 22
_GAP = 8
_COLOURS = ("#2b6cb0", "#c05621", "#2f855a", "#6b46c1", "#b7791f", "#c53030", "#2c7a7b")


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal


def yuan(value: Decimal) -> str:
    """An amount in 元 as people write it: grouped thousands, decimals only when present."""
    text = f"{value:,.2f}"
    return text[:-3] if text.endswith(".00") else text


def bar_chart(chart_id: str, title: str, bars: list[Bar]) -> Markup:
    """An accessible SVG bar chart (its title, and each bar's label and amount, as text)."""
    top = max((b.value for b in bars), default=Decimal(0))
    total = sum((b.value for b in bars), Decimal(0))
    room = _WIDTH - _LABEL - 150
    height = len(bars) * (_BAR + _GAP) + 10
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{escape(chart_id)}" '
             f'role="img" aria-labelledby="{escape(chart_id)}-title" width="{_WIDTH}" '
             f'height="{height}" viewBox="0 0 {_WIDTH} {height}">',
             f'<title id="{escape(chart_id)}-title">{escape(title)}</title>']
    for n, bar in enumerate(bars):
        y = 5 + n * (_BAR + _GAP)
        width = 0 if top <= 0 or bar.value <= 0 else max(1, round(float(bar.value / top) * room))
        share = f" ({bar.value / total * 100:.1f}%)" if total > 0 else ""
        text = f"{yuan(bar.value)} 元{share}"
        parts.append(
            f'<g class="bar" data-label="{escape(bar.label)}" data-value="{bar.value}">'
            f'<title>{escape(bar.label)}: {escape(text)}</title>'
            f'<text x="{_LABEL - 6}" y="{y + 16}" text-anchor="end" font-size="13">{escape(bar.label)}</text>'
            f'<rect x="{_LABEL}" y="{y}" width="{width}" height="{_BAR}" '
            f'fill="{_COLOURS[n % len(_COLOURS)]}"/>'
            f'<text class="value" x="{_LABEL + width + 6}" y="{y + 16}" font-size="13">{escape(text)}</text>'
            '</g>')
    parts.append("</svg>")
    return Markup("".join(parts))
