"""Pinyin for IRI slugs: pypinyin's own conversion, without loading its whole dictionaries.

Imported as is, pypinyin reads its ~47,000-phrase dictionary and builds a prefix set of it
(about 0.3 s, a third of a whole ``budgetld validate`` run), and its 41,923 characters'
readings (about 25 ms more), for the few phrases and characters a unit's or a row's name
contains. Which entries can change a text's pinyin is known beforehand: a character's
reading is its own entry, and pypinyin cuts a run of Han characters by forward maximum
matching, taking at each position the longest dictionary phrase that starts there, so only
phrases that occur in the text can be chosen. So pypinyin is imported without its phrases
(its ``PYPINYIN_NO_PHRASES`` switch) and with an empty table of characters (its module
``pypinyin.pinyin_dict``, which reads them all, stands aside during the import), and before
a text is converted the phrases occurring in it and its characters are looked up in
pypinyin's own ``phrases_dict.json`` and ``pinyin_dict.json`` (their keys are in order, one a
line: a binary search over a file's bytes finds them) and given to
``pypinyin.load_phrases_dict`` and ``pypinyin.load_single_dict``. The pinyin is the same as
with the whole dictionaries (tests/test_pinyin.py compares every name of the code lists).
"""

from __future__ import annotations

import functools
import importlib.util
import json
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

#: How much of a file's start is checked to hold its keys in order before it is searched.
_CHECKED = 1 << 16


@dataclass(frozen=True)
class _Dictionary:
    """One of pypinyin's JSON dictionaries as it writes them: a key a line, keys in order
    (``order`` of their bytes), each followed by ``": "`` and its value; no key holds a quote."""

    raw: bytes
    #: How a key's line goes on after the key: ``": [\\n`` (phrases), ``": "`` (characters).
    key_end: bytes
    order: Callable[[bytes], Any]

    @functools.cached_property
    def key_line(self) -> re.Pattern[bytes]:
        """A key's line, from the end of the line before."""
        return re.compile(rb'\n"([^"\n]+)' + re.escape(self.key_end))

    def in_order(self) -> bool:
        """Whether the file's start is laid out as read here."""
        try:
            first = [self.order(k) for k in self.key_line.findall(self.raw, 0, _CHECKED)]
        except ValueError:  # keys of another kind (characters where code points were)
            return False
        return self.raw.startswith(b'{\n"') and len(first) > 100 and first == sorted(first)

    def entry_from(self, position: int) -> tuple[bytes, int] | None:
        """The first key whose line ends at or after ``position``, and where its line starts."""
        end = self.raw.find(self.key_end, position)
        if end < 0:
            return None
        start = self.raw.rfind(b'\n"', 0, end) + 2
        return self.raw[start:end], start - 2

    def first_at_least(self, key: Any) -> int:
        """Where the line of the first key not below ``key`` (in ``order``) starts; the
        file's end when there is none."""
        low, high = 0, len(self.raw)
        while low < high:
            middle = (low + high) // 2
            entry = self.entry_from(middle)
            if entry is None or self.order(entry[0]) >= key:
                high = middle
            else:
                low = middle + 1
        entry = self.entry_from(low)
        return len(self.raw) if entry is None else entry[1]

    def value(self, at: int) -> Any:
        """The JSON value that starts at ``at`` (it ends before the next key's line)."""
        end = self.raw.find(self.key_end, at)
        return json.JSONDecoder().raw_decode(self.raw[at:end if end >= 0 else len(self.raw)].decode())[0]


def _dictionary(name: str, key_end: bytes, order: Callable[[bytes], Any]) -> _Dictionary | None:
    """pypinyin's dictionary file ``name``; None if it is not laid out as read here, as
    another pypinyin version might do: pypinyin then loads it itself."""
    spec = importlib.util.find_spec("pypinyin")
    if spec is None or not spec.submodule_search_locations:
        return None
    try:
        with open(os.path.join(next(iter(spec.submodule_search_locations)), name), "rb") as f:
            dictionary = _Dictionary(f.read(), key_end, order)
    except OSError:
        return None
    return dictionary if dictionary.in_order() else None


@functools.cache
def _phrases() -> _Dictionary | None:
    """``phrases_dict.json``: ``"长江": [\\n["cháng"], …``, in UTF-8 byte order (which is code
    point order)."""
    return _dictionary("phrases_dict.json", b'": [\n', bytes)


@functools.cache
def _characters() -> _Dictionary | None:
    """``pinyin_dict.json``: ``"38271": "cháng,zhǎng",``, a character's code point in
    decimal, in numeric order."""
    return _dictionary("pinyin_dict.json", b'": "', int)


@functools.cache
def _pypinyin() -> ModuleType:
    """pypinyin, imported without the dictionaries that can be searched here (unless it was
    imported already)."""
    if "pypinyin" in sys.modules:
        return sys.modules["pypinyin"]
    before = os.environ.get("PYPINYIN_NO_PHRASES")
    if _phrases() is not None:
        os.environ["PYPINYIN_NO_PHRASES"] = "1"
    if _characters() is not None:
        empty = ModuleType("pypinyin.pinyin_dict")
        empty.pinyin_dict = {}  # type: ignore[attr-defined]
        sys.modules[empty.__name__] = empty
    try:
        import pypinyin
    finally:
        if before is None:
            os.environ.pop("PYPINYIN_NO_PHRASES", None)
        else:
            os.environ["PYPINYIN_NO_PHRASES"] = before
        if _characters() is not None:  # pypinyin holds its own copy of the table now
            del sys.modules["pypinyin.pinyin_dict"]
    return pypinyin


@functools.lru_cache(maxsize=8192)
def _starting_with(char: str) -> dict[str, int]:
    """pypinyin's phrases that start with ``char`` → where their pinyin starts in the file."""
    phrases = _phrases()
    assert phrases is not None
    prefix = char.encode()
    found: dict[str, int] = {}
    for match in phrases.key_line.finditer(phrases.raw, phrases.first_at_least(prefix)):
        if not match.group(1).startswith(prefix):  # the keys that start with it end here
            break
        found[match.group(1).decode()] = match.end() - 2
    return found


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


def _phrase_pinyin(at: int) -> list[list[str]]:
    phrases = _phrases()
    assert phrases is not None
    pinyin: list[list[str]] = phrases.value(at)
    return pinyin


@functools.lru_cache(maxsize=8192)
def _reading(code: int) -> str | None:
    """pypinyin's readings of the character ``code`` (``"cháng,zhǎng"``); None if it has none."""
    characters = _characters()
    assert characters is not None
    entry = characters.entry_from(characters.first_at_least(code))
    if entry is None or int(entry[0]) != code:
        return None
    reading: str = characters.value(entry[1] + 2 + len(entry[0]) + 3)  # past '\n"', the key, '": '
    return reading


def lazy_pinyin(text: str) -> list[str]:
    """``pypinyin.lazy_pinyin(text, v_to_u=False)``, as with pypinyin's whole dictionaries."""
    pypinyin = _pypinyin()
    from pypinyin.constants import PHRASES_DICT, PINYIN_DICT

    if _phrases() is not None:
        missing = {phrase: _phrase_pinyin(at) for phrase, at in _phrases_in(text).items()
                   if phrase not in PHRASES_DICT}
        if missing:
            pypinyin.load_phrases_dict(missing)
    if _characters() is not None:
        readings = {code: reading for code in {ord(char) for char in text} - PINYIN_DICT.keys()
                    if (reading := _reading(code)) is not None}
        if readings:
            pypinyin.load_single_dict(readings)
    syllables: list[str] = pypinyin.lazy_pinyin(text, v_to_u=False)
    return syllables
