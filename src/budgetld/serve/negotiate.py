"""Content negotiation: the best of the offered media types for an Accept header."""

from __future__ import annotations


def _accepted(header: str) -> list[tuple[str, float, int]]:
    """(media range, quality, order) of an Accept header."""
    found = []
    for order, part in enumerate(header.split(",")):
        media, *params = [p.strip() for p in part.split(";")]
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media:
            found.append((media.lower(), quality, order))
    return found


def best(header: str | None, offered: list[str]) -> str | None:
    """The offered type the client prefers most (ties: its own order, then ours); the
    first offered when it sent no Accept; None when it accepts none of them."""
    if not header:
        return offered[0]
    scored = []
    for index, media in enumerate(offered):
        kind = media.split("/")[0]
        for accepted, quality, order in _accepted(header):
            specificity = 2 if accepted == media else 1 if accepted == f"{kind}/*" else \
                0 if accepted == "*/*" else -1
            if specificity >= 0 and quality > 0:
                scored.append((quality, specificity, -order, -index, media))
    return max(scored)[4] if scored else None
