"""Pinyin for IRI slugs: pypinyin's own conversion, without loading its whole phrase dictionary.

Imported as is, pypinyin reads its ~47,000-phrase dictionary and builds a prefix set of it:
about 0.3 s, a third of a whole ``budgetld validate`` run, for the few phrases a unit's or a
row's name contains. Which phrases can change a text's pinyin is known beforehand: pypinyin
cuts a run of Han characters by forward maximum matching, taking at each position the longest
dictionary phrase that starts there, so only phrases that occur in the text can be chosen. So
pypinyin is imported without its phrases (its ``PYPINYIN_NO_PHRASES`` switch), and before a
text is converted the phrases occurring in it are looked up in pypinyin's own
``phrases_dict.json`` (its keys are sorted: a binary search over the file's bytes finds the
phrases that start with a character) and given to
``pypinyin.load_phrases_dict``. The pinyin is the same as with the whole dictionary
(tests/test_pinyin.py compares every name of the code lists).
"""

from __future__ import annotations

import functools
import importlib.util
import json
import os
import re
from pathlib import Path
from types import ModuleType

#: How a phrase's line ends in phrases_dict.json (``"长江": [``); no key holds a quote.
_KEY_END = b'": [\n'
_KEY_START = b'\n"'
#: A phrase's line, from the end of the line before.
_KEY_LINE = re.compile(rb'\n"([^"\n]+)": \[\n')
#: How much of the file's start is checked to hold phrases in order before it is searched.
_CHECKED = 1 << 16


@functools.cache
def _pypinyin() -> ModuleType:
    """pypinyin, imported without its phrase dictionary (unless it was imported already, or
    its dictionary file cannot be searched)."""
    if _phrase_file() is None:
        import pypinyin as whole

        return whole
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
def _phrase_file() -> bytes | None:
    """pypinyin's ``phrases_dict.json``; None if it is not laid out as read here (a phrase a
    line, in order), as another pypinyin version might do: pypinyin then loads it itself."""
    spec = importlib.util.find_spec("pypinyin")
    if spec is None or not spec.submodule_search_locations:
        return None
    try:
        raw = (Path(next(iter(spec.submodule_search_locations))) / "phrases_dict.json").read_bytes()
    except OSError:
        return None
    first = _KEY_LINE.findall(raw, 0, _CHECKED)
    return raw if raw.startswith(b'{\n"') and len(first) > 100 and first == sorted(first) else None


def _entry_from(raw: bytes, position: int) -> tuple[bytes, int] | None:
    """The first phrase whose line ends at or after ``position``, and where its line starts."""
    end = raw.find(_KEY_END, position)
    if end < 0:
        return None
    start = raw.rfind(_KEY_START, 0, end) + len(_KEY_START)
    return raw[start:end], start - len(_KEY_START)


def _first_at_least(raw: bytes, key: bytes) -> int:
    """Where the line of the first phrase not below ``key`` starts (UTF-8 byte order is code
    point order); the file's end when there is none."""
    low, high = 0, len(raw)
    while low < high:
        middle = (low + high) // 2
        entry = _entry_from(raw, middle)
        if entry is None or entry[0] >= key:
            high = middle
        else:
            low = middle + 1
    entry = _entry_from(raw, low)
    return len(raw) if entry is None else entry[1]


@functools.lru_cache(maxsize=8192)
def _starting_with(char: str) -> dict[str, int]:
    """pypinyin's phrases that start with ``char`` → where their pinyin starts in the file."""
    raw = _phrase_file()
    assert raw is not None
    start = _first_at_least(raw, char.encode())
    block = raw[start:_first_at_least(raw, char.encode() + b"\xff")]  # past any UTF-8 after it
    return {match.group(1).decode(): start + match.end() - 2 for match in _KEY_LINE.finditer(block)}


def _phrase_pinyin(value_at: int) -> list[list[str]]:
    raw = _phrase_file()
    assert raw is not None
    end = raw.find(_KEY_END, value_at)
    pinyin: list[list[str]] = json.JSONDecoder().raw_decode(raw[value_at:end if end >= 0 else len(raw)]
                                                            .decode())[0]
    return pinyin


def _phrases_in(text: str) -> dict[str, int]:
    """pypinyin's phrases that occur in ``text`` → where their pinyin starts in the file."""
    found: dict[str, int] = {}
    for start, char in enumerate(text):
        phrases = _starting_with(char)
        if phrases:
            longest = max(map(len, phrases))
            found.update((text[start:stop], phrases[text[start:stop]])
                         for stop in range(start + 1, min(len(text), start + longest) + 1)
                         if text[start:stop] in phrases)
    return found


def lazy_pinyin(text: str) -> list[str]:
    """``pypinyin.lazy_pinyin(text, v_to_u=False)``, as with pypinyin's whole dictionary."""
    pypinyin = _pypinyin()
    from pypinyin.constants import PHRASES_DICT

    if _phrase_file() is not None:
        missing = {phrase: _phrase_pinyin(at) for phrase, at in _phrases_in(text).items()
                   if phrase not in PHRASES_DICT}
        if missing:
            pypinyin.load_phrases_dict(missing)
    syllables: list[str] = pypinyin.lazy_pinyin(text, v_to_u=False)
    return syllables
