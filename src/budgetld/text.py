"""How words are compared with document text: folded, so that full-width forms,
spaces and quote marks never decide whether a title or a label matches."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_QUOTES = str.maketrans("", "", "“”\"'‘’「」")
_YEAR = re.compile(r"^(?:19|20)\d{2}年?度?")


@lru_cache(maxsize=16384)  # the same labels and headings are folded over and over
def fold(text: str) -> str:
    """The key text is compared by: NFKC (full-width → ASCII), no spaces, no quote marks."""
    return "".join(unicodedata.normalize("NFKC", text).split()).translate(_QUOTES)


def fold_header(text: str) -> str:
    """A header label's key: :func:`fold` without a leading year (``2024年合计`` → ``合计``)."""
    return _YEAR.sub("", fold(text))
