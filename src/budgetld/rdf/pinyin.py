"""Pinyin for IRI slugs: pypinyin's own conversion, without loading its whole phrase dictionary.

Imported as is, pypinyin reads its ~47,000-phrase dictionary and builds a prefix set of it:
about 0.3 s, a third of a whole ``budgetld validate`` run, for the few phrases a unit's or a
row's name contains. Which phrases can change a text's pinyin is known beforehand: pypinyin
cuts a run of Han characters by forward maximum matching, taking at each position the longest
dictionary phrase that starts there, so only phrases that occur in the text can be chosen. So
pypinyin is imported without its phrases (its ``PYPINYIN_NO_PHRASES`` switch), and before a
text is converted the phrases occurring in it are looked up in pypinyin's own
``phrases_dict.json`` (its keys are sorted: a binary search over the file's bytes) and given to
``pypinyin.load_phrases_dict``. The pinyin is the same as with the whole dictionary
(tests/test_pinyin.py compares every name of the code lists).
"""

from __future__ import annotations

import functools
import importlib.util
import json
import os
from pathlib import Path
from types import ModuleType

#: How a phrase's line ends in phrases_dict.json (``"长江": [``); no key holds a quote.
_KEY_END = b'": [\n'
_KEY_START = b'\n"'


@functools.cache
def _pypinyin() -> ModuleType:
    """pypinyin, imported without its phrase dictionary (unless it was imported already)."""
    before = os.environ.get("PYPINYIN_NO_PHRASES")
    os.environ["PYPINYIN_NO_PHRASES"] = "1"
    try:
        import pypinyin
    finally:
        if before is None:
            del os.environ["PYPINYIN_NO_PHRASES"]
        else:
            os.environ["PYPINYIN_NO_PHRASES"] = before
    return pypinyin


@functools.cache
def _phrase_file() -> bytes:
    spec = importlib.util.find_spec("pypinyin")
    assert spec is not None and spec.submodule_search_locations is not None
    return (Path(next(iter(spec.submodule_search_locations))) / "phrases_dict.json").read_bytes()


def _entry_from(raw: bytes, position: int) -> tuple[bytes, int] | None:
    """The first phrase whose line ends at or after ``position``, and where its line ends."""
    end = raw.find(_KEY_END, position)
    if end < 0:
        return None
    return raw[raw.rfind(_KEY_START, 0, end) + len(_KEY_START):end], end


def _first_at_least(raw: bytes, key: bytes) -> tuple[bytes, int] | None:
    """The first phrase not below ``key`` (UTF-8 byte order is code point order)."""
    low, high = 0, len(raw)
    while low < high:
        middle = (low + high) // 2
        entry = _entry_from(raw, middle)
        if entry is None or entry[0] >= key:
            high = middle
        else:
            low = middle + 1
    return _entry_from(raw, low)


def _phrases_in(text: str) -> dict[str, list[list[str]]]:
    """pypinyin's phrases that occur in ``text``, with their pinyin as in its dictionary."""
    raw, found = _phrase_file(), {}
    for start in range(len(text)):
        for stop in range(start + 1, len(text) + 1):
            key = text[start:stop].encode()
            entry = _first_at_least(raw, key)
            if entry is None or not entry[0].startswith(key):
                break  # no phrase starts with this: none starts with a longer one either
            if entry[0] == key:
                value_at = entry[1] + len(_KEY_END) - 2  # the value's opening bracket
                following = _entry_from(raw, entry[1] + 1)
                chunk = raw[value_at:following[1] if following else len(raw)].decode()
                found[text[start:stop]] = json.JSONDecoder().raw_decode(chunk)[0]
    return found


def lazy_pinyin(text: str) -> list[str]:
    """``pypinyin.lazy_pinyin(text, v_to_u=False)``, as with pypinyin's whole dictionary."""
    pypinyin = _pypinyin()
    from pypinyin.constants import PHRASES_DICT

    missing = {k: v for k, v in _phrases_in(text).items() if k not in PHRASES_DICT}
    if missing:
        pypinyin.load_phrases_dict(missing)
    syllables: list[str] = pypinyin.lazy_pinyin(text, v_to_u=False)
    return syllables
