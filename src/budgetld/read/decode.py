"""Bytes → text, detecting the encoding from evidence rather than guessing silently.

Order of evidence: a byte-order mark; UTF-16 without BOM (NUL bytes in a regular pattern);
valid UTF-8; GB18030 (a superset of GBK and GB2312). Whatever was used, and why, is recorded
in the model's provenance. Full-width digits and number punctuation are normalised so that
amounts read the same in every encoding; the list of normalisations applied is recorded too.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..model.disclosure import Newline

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig", "UTF-8"),
    (b"\xff\xfe", "utf-16-le", "UTF-16LE"),
    (b"\xfe\xff", "utf-16-be", "UTF-16BE"),
)

#: A number written in full-width digits, with its grouping and decimal marks (also full-width).
_FULLWIDTH_NUMBER = re.compile(r"[－−]?[０-９]+(?:[，,．.][０-９]+)*")
_FULLWIDTH_TO_ASCII = str.maketrans("０１２３４５６７８９，．－−", "0123456789,.--")
_FULLWIDTH_SIGNS = re.compile(r"[－−](?=[0-9])|％")
_SPACES = re.compile(r"[\u3000\u00a0]")

#: Non-ASCII characters that must precede the first invalid byte for a file to count as UTF-8
#: with a corrupt byte rather than as some other encoding.
_UTF8_EVIDENCE = 16


@dataclass(frozen=True, slots=True)
class DecodedText:
    text: str
    encoding: str
    evidence: str
    newline: Newline
    normalised: tuple[str, ...]


def _line_of(data: bytes, position: int) -> int:
    return data.count(b"\n", 0, position) + 1


def _utf16_without_bom(data: bytes) -> str | None:
    """Detect BOM-less UTF-16 from where the NUL bytes fall: ASCII characters (digits,
    spaces, newlines) put them all on one side of each byte pair."""
    if len(data) % 2:
        return None
    sample = data[:8192]
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    if odd > 4 * even + 2:
        return "utf-16-le"
    if even > 4 * odd + 2:
        return "utf-16-be"
    return None


def _strict(path: Path, data: bytes, codec: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as err:
        if err.end >= len(data) and "end of data" in err.reason:
            raise InputError(path, f"truncated: file ends inside a {codec} character",
                             _line_of(data, err.start)) from None
        raise InputError(path, f"undecodable byte 0x{data[err.start]:02x} ({codec})",
                         _line_of(data, err.start)) from None


def _detect(path: Path, data: bytes) -> tuple[str, str, str]:
    """Return (text, encoding name, evidence)."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            if codec.startswith("utf-16") and len(data) % 2:
                raise InputError(path, "truncated: odd number of bytes in a UTF-16 file",
                                 _line_of(data, len(data)))
            return _strict(path, data[len(bom):] if codec != "utf-8-sig" else data, codec), \
                name, "byte-order mark"
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise InputError(path, "binary file (NUL bytes), not a text disclosure",
                             _line_of(data, data.index(b"\x00")))
        name = "UTF-16LE" if utf16.endswith("le") else "UTF-16BE"
        return _strict(path, data, utf16), name, "NUL byte pattern of UTF-16 without BOM"
    try:
        return data.decode("utf-8"), "UTF-8", "valid UTF-8"
    except UnicodeDecodeError as err:
        prefix = data[: err.start].decode("utf-8", errors="ignore")
        if err.end >= len(data) and "end of data" in err.reason:
            raise InputError(path, "truncated: file ends inside a UTF-8 character",
                             _line_of(data, err.start)) from None
        if sum(not ch.isascii() for ch in prefix) >= _UTF8_EVIDENCE:
            raise InputError(path, f"invalid UTF-8 byte 0x{data[err.start]:02x}",
                             _line_of(data, err.start)) from None
    text = _strict(path, data, "gb18030")
    if _looks_garbled(text):
        raise InputError(path, "undecodable: neither UTF-8, UTF-16 nor GB18030 text")
    return text, "GB18030", "not valid UTF-8; valid GB18030 (GBK superset)"


def _looks_garbled(text: str) -> bool:
    """GB18030 decodes almost any byte soup. Real Chinese text is mostly the 3,755 common
    hanzi and the symbols of GB2312 (lead bytes 0xA1–0xD7); decoded garbage is not."""
    letters = [ch for ch in text if not ch.isascii() and not ch.isspace()]
    if not letters:
        return False
    common = 0
    for ch in letters:
        with contextlib.suppress(UnicodeEncodeError):
            common += 0xA1 <= ch.encode("gb2312")[0] <= 0xD7
    return common / len(letters) < 0.8


#: A control character other than tab (09), newline (0A), form feed (0C) and CR (0D).
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f]")


def _control_line(text: str) -> int | None:
    """Line of the first control character other than tab, newline, CR and form feed."""
    found = _CONTROL.search(text)
    return None if found is None else text.count("\n", 0, found.start()) + 1


def decode(path: Path, data: bytes) -> DecodedText:
    """Decode ``data`` (the bytes of ``path``) to normalised text, or raise :class:`InputError`."""
    if not data.strip():
        raise InputError(path, "empty file")
    text, encoding, evidence = _detect(path, data)
    if (bad := _control_line(text)) is not None:
        raise InputError(path, "binary content (control characters) in a text file", bad)
    newline: Newline = "CRLF" if "\r\n" in text else "CR" if "\r" in text else "LF"
    text, normalised = normalise(text.replace("\r\n", "\n").replace("\r", "\n"))
    return DecodedText(text, encoding, evidence, newline, normalised)


def normalise(text: str) -> tuple[str, tuple[str, ...]]:
    """Fold full-width digits and number signs and odd spaces, so that amounts read the same
    in every form; return the text and the names of the normalisations applied."""
    normalised: list[str] = []
    if _FULLWIDTH_NUMBER.search(text):
        normalised.append("full-width digits")
        text = _FULLWIDTH_NUMBER.sub(lambda m: m.group(0).translate(_FULLWIDTH_TO_ASCII), text)
    if _FULLWIDTH_SIGNS.search(text):
        normalised.append("full-width signs")
        text = _FULLWIDTH_SIGNS.sub(lambda m: "%" if m.group(0) == "％" else "-", text)
    if _SPACES.search(text):
        normalised.append("ideographic and no-break spaces")
        text = _SPACES.sub(" ", text)
    return text, tuple(normalised)


class Normaliser:
    """Applies :func:`normalise` to each piece of text of a document read piece by piece (the
    cells and paragraphs of a Word or Excel file) and remembers what it applied."""

    def __init__(self) -> None:
        self._applied: dict[str, None] = {}

    def __call__(self, text: str) -> str:
        text, applied = normalise(text)
        self._applied.update(dict.fromkeys(applied))
        return text

    @property
    def applied(self) -> list[str]:
        """The normalisations applied, in the order first met."""
        return list(self._applied)
