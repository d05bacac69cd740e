"""Mutations of sample disclosures, for fuzzing every reader and the stages after them.

A sample is a file of one physical form (text, PDF, Word, Excel, Excel 97-2003). Each mutation
takes its bytes and a seeded :class:`random.Random` and returns damaged bytes of the kind a
user or a hostile party could hand over: lines or pages truncated, deleted, duplicated or
shuffled; the text re-encoded; control and bidi characters, huge numbers, absurdly long lines
and repeated headers inserted; PDF objects and zip members broken. :func:`run_pipeline` runs
one input through reading, parsing, RDF, validation and packaging and says how it ended;
the property fuzzing checks is that it ends in a model or in one :class:`InputError` line.
"""

from __future__ import annotations

import io
import random
import re
import signal
import warnings
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import pypdfium2 as pdfium

from budgetld.errors import InputError
from budgetld.layouts import Knowledge, load_knowledge
from budgetld.parse import parse_file
from budgetld.publish.bundle import BundleOptions, build_bundle

import forms
from conftest import DATA, LVLIANG, SHANGHAI

Mutation = Callable[[bytes, random.Random], bytes]

#: Characters a hostile or broken file may hold: C0 controls, DEL, C1, bidi overrides and
#: isolates, zero-width characters, a BOM inside the text, the replacement character.
HOSTILE = ["\x00", "\x01", "\x07", "\x1b", "\x7f", "\x85", "\u202e", "\u202d", "\u2066",
           "\u2069", "\u200b", "\u200f", "\ufeff", "\ufffd", "\u2028", "\f", "\t", "\r"]
_NUMBER = re.compile(rb"\d[\d,]*(?:\.\d+)?")


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[:rng.randrange(len(data) + 1)]


def delete_lines(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    start = rng.randrange(len(lines))
    del lines[start:start + rng.randint(1, 20)]
    return b"\n".join(lines)


def duplicate_lines(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    start = rng.randrange(len(lines))
    chunk = lines[start:start + rng.randint(1, 30)]
    at = rng.randrange(len(lines) + 1)
    return b"\n".join(lines[:at] + chunk * rng.randint(1, 3) + lines[at:])


def shuffle_blocks(data: bytes, rng: random.Random) -> bytes:
    blocks = data.split(b"\n\n")
    rng.shuffle(blocks)
    return b"\n\n".join(blocks)


def repeat_header(data: bytes, rng: random.Random) -> bytes:
    """Repeat a short line (a title, a column header) in many places, as a page break does."""
    lines = _lines(data)
    short = [line for line in lines if 0 < len(line.strip()) < 80] or [b"header"]
    header = rng.choice(short)
    for _ in range(rng.randint(1, 10)):
        lines.insert(rng.randrange(len(lines) + 1), header)
    return b"\n".join(lines)


def flip_encoding(data: bytes, rng: random.Random) -> bytes:
    """The text in another encoding, with or without a BOM, or mis-decoded and saved again."""
    text = data.decode("utf-8", errors="replace")
    codec = rng.choice(["gb18030", "utf-16-le", "utf-16-be", "utf-16", "utf-8-sig", "big5",
                        "latin-1-mojibake"])
    if codec == "latin-1-mojibake":
        return data.decode("latin-1").encode("utf-8")
    return text.encode(codec, errors="replace")


def insert_characters(data: bytes, rng: random.Random) -> bytes:
    text = data.decode("utf-8", errors="replace")
    for _ in range(rng.randint(1, 20)):
        at = rng.randrange(len(text) + 1)
        text = text[:at] + rng.choice(HOSTILE) * rng.randint(1, 3) + text[at:]
    return text.encode("utf-8", errors="surrogatepass")


def huge_numbers(data: bytes, rng: random.Random) -> bytes:
    """Replace amounts by numbers of hundreds of digits, exponents, or signs in odd places."""
    numbers = list(_NUMBER.finditer(data))
    if not numbers:
        return data
    out = bytearray(data)
    for match in sorted(rng.sample(numbers, min(len(numbers), rng.randint(1, 10))),
                        key=lambda m: -m.start()):
        digits = rng.randint(20, 2000)
        huge = rng.choice([b"9" * digits, b"1," + b"000," * (digits // 4) + b"000",
                           b"1e" + str(digits).encode(), b"-" * rng.randint(1, 5) + b"0.",
                           b"." + b"5" * digits])
        out[match.start():match.end()] = huge
    return bytes(out)


def long_line(data: bytes, rng: random.Random) -> bytes:
    """An absurdly long line: digits, an amount repeated, or text without spaces."""
    unit = rng.choice([b"9", b"1,234,567.89 ", b"\xe5\x90\x88\xe8\xae\xa1", b"208 ", b"-"])
    line = unit * (rng.randint(1_000, 40_000) // len(unit))
    lines = _lines(data)
    lines.insert(rng.randrange(len(lines) + 1), line)
    return b"\n".join(lines)


def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 12)):
        if not out:
            break
        at = rng.randrange(len(out))
        out[at:at + rng.randint(1, 8)] = rng.randbytes(rng.randint(0, 8))
    return bytes(out)


def overwrite_bytes(data: bytes, rng: random.Random) -> bytes:
    """Bytes overwritten in place: the size stays, so a binary format's structure is kept
    while what it describes is damaged."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 12)):
        at = rng.randrange(len(out))
        out[at:at + 4] = rng.randbytes(len(out[at:at + 4]))
    return bytes(out)


TEXT_MUTATIONS: list[Mutation] = [truncate, delete_lines, duplicate_lines, shuffle_blocks,
                                  repeat_header, flip_encoding, insert_characters, huge_numbers,
                                  long_line, flip_bytes]


# --- PDF ------------------------------------------------------------------------------------

def _rearranged(data: bytes, pages: Callable[[int], list[int]]) -> bytes:
    """A PDF made of the pages of ``data`` chosen by ``pages(count)``, in that order."""
    source = pdfium.PdfDocument(data)
    try:
        chosen = pages(len(source)) or [0]
        target = pdfium.PdfDocument.new()
        target.import_pages(source, chosen)
        buffer = io.BytesIO()
        target.save(buffer)
        target.close()
        return buffer.getvalue()
    finally:
        source.close()


def delete_pages(data: bytes, rng: random.Random) -> bytes:
    return _rearranged(data, lambda n: sorted(rng.sample(range(n), rng.randint(1, n))))


def duplicate_pages(data: bytes, rng: random.Random) -> bytes:
    def pages(n: int) -> list[int]:
        out = list(range(n))
        at = rng.randrange(n)
        return out[:at + 1] + [at] * rng.randint(1, 4) + out[at + 1:]
    return _rearranged(data, pages)


def shuffle_pages(data: bytes, rng: random.Random) -> bytes:
    return _rearranged(data, lambda n: rng.sample(range(n), n))


def break_object(data: bytes, rng: random.Random) -> bytes:
    """Damage an indirect object: its number, its dictionary, its stream length or its end."""
    objects = list(re.finditer(rb"\d+ \d+ obj", data))
    if not objects:
        return flip_bytes(data, rng)
    start = rng.choice(objects).start()
    end = data.find(b"endobj", start)
    end = len(data) if end < 0 else end
    out = bytearray(data)
    choice = rng.randrange(4)
    if choice == 0:  # a wrong /Length
        length = re.search(rb"/Length \d+", data[start:end])
        if length:
            out[start + length.start():start + length.end()] = b"/Length " + str(rng.randrange(10**7)).encode()
    elif choice == 1:  # garbage inside the object
        at = rng.randrange(start, max(end, start + 1))
        out[at:at + rng.randint(1, 64)] = rng.randbytes(rng.randint(0, 64))
    elif choice == 2:  # the object cut short
        del out[rng.randrange(start, max(end, start + 1)):end]
    else:  # a reference to an object that does not exist, or to itself
        out[start:start] = b"999999 0 obj << /Parent 999999 0 R /Kids [999999 0 R] >> endobj\n"
    return bytes(out)


def break_xref(data: bytes, rng: random.Random) -> bytes:
    at = data.rfind(b"startxref")
    if at < 0:
        return flip_bytes(data, rng)
    out = bytearray(data)
    out[at + 10:at + 20] = str(rng.randrange(len(data) * 2)).encode().ljust(10)
    return bytes(out)


PDF_MUTATIONS: list[Mutation] = [delete_pages, duplicate_pages, shuffle_pages, break_object,
                                 break_xref, truncate, flip_bytes]


# --- zip-based documents (Word, Excel) -------------------------------------------------------

def _rezip(members: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a duplicated member is the point
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


def _members(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def _xml_member(members: list[tuple[str, bytes]], rng: random.Random) -> int:
    """A member holding the document's content (its body, a sheet or the shared strings)."""
    content = [i for i, (name, _) in enumerate(members)
               if re.search(r"document\.xml|sheet\d*\.xml|sharedStrings\.xml", name)]
    return rng.choice(content or list(range(len(members))))


def drop_member(data: bytes, rng: random.Random) -> bytes:
    members = _members(data)
    del members[rng.randrange(len(members))]
    return _rezip(members)


def duplicate_member(data: bytes, rng: random.Random) -> bytes:
    members = _members(data)
    members.append(members[rng.randrange(len(members))])
    return _rezip(members)


def damage_member(data: bytes, rng: random.Random) -> bytes:
    """A member's XML truncated or with bytes flipped, re-zipped (CRCs right, XML wrong)."""
    members = _members(data)
    i = _xml_member(members, rng)
    name, content = members[i]
    members[i] = (name, rng.choice([truncate, flip_bytes])(content, rng))
    return _rezip(members)


def mutate_member_text(data: bytes, rng: random.Random) -> bytes:
    """The text inside a member's XML mutated as a text file would be (escaped, so the XML
    stays well-formed): hostile characters, huge numbers, long runs, repeated rows."""
    members = _members(data)
    i = _xml_member(members, rng)
    name, content = members[i]
    xml = content.decode("utf-8", errors="replace")
    texts = list(re.finditer(r">([^<]+)<", xml))
    if rng.random() < 0.3:  # repeat table rows (w:tr, row) as a repeated header would
        rows = list(re.finditer(r"<(w:tr|row)\b.*?</\1>", xml, re.S))
        if rows:
            row = rng.choice(rows)
            xml = xml[:row.end()] + row.group(0) * rng.randint(1, 20) + xml[row.end():]
    elif texts:
        for match in sorted(rng.sample(texts, min(len(texts), rng.randint(1, 8))),
                            key=lambda m: -m.start()):
            mutation = rng.choice([insert_characters, huge_numbers, long_line])
            new = mutation(match.group(1).encode(), rng).decode("utf-8", errors="replace")
            new = "".join(ch for ch in new if ch in "\t\n\r" or ord(ch) >= 32)  # XML 1.0 chars
            new = new.replace("&", "&amp;").replace("<", "&lt;")
            xml = xml[:match.start(1)] + new + xml[match.end(1):]
    members[i] = (name, xml.encode("utf-8"))
    return _rezip(members)


def corrupt_archive(data: bytes, rng: random.Random) -> bytes:
    """The archive itself broken: bytes flipped (CRCs and headers fail) or cut short."""
    return rng.choice([flip_bytes, truncate])(data, rng)


ZIP_MUTATIONS: list[Mutation] = [drop_member, duplicate_member, damage_member,
                                 mutate_member_text, corrupt_archive]
#: An Excel 97-2003 workbook is a binary compound file: only byte-level damage applies.
XLS_MUTATIONS: list[Mutation] = [overwrite_bytes, overwrite_bytes, flip_bytes, truncate]


# --- samples --------------------------------------------------------------------------------

@cache
def knowledge() -> Knowledge:
    return load_knowledge()


@cache
def office_sample(form: str) -> bytes:
    """A Word, Excel or Excel 97-2003 form of both text samples' disclosures (one each)."""
    items = forms.items_of(parse_file(LVLIANG if form != "xls" else SHANGHAI, knowledge()))
    path = Path(f"/tmp/budgetld-fuzz-sample-{form}.{form}")
    {"docx": forms.write_docx, "xlsx": forms.write_xlsx, "xls": forms.write_xls}[form](items, path)
    data = path.read_bytes()
    path.unlink()
    return data


def samples() -> dict[str, list[tuple[str, bytes]]]:
    """Samples by physical form: name (with the form's suffix) and bytes."""
    return {
        "text": [(p.name, p.read_bytes()) for p in sorted(DATA.glob("*.txt"))],
        "pdf": [(p.name, p.read_bytes()) for p in sorted(DATA.glob("*.pdf"))],
        "docx": [("sample.docx", office_sample("docx"))],
        "xlsx": [("sample.xlsx", office_sample("xlsx"))],
        "xls": [("sample.xls", office_sample("xls"))],
    }


MUTATIONS: dict[str, list[Mutation]] = {"text": TEXT_MUTATIONS, "pdf": PDF_MUTATIONS,
                                        "docx": ZIP_MUTATIONS + [flip_bytes],
                                        "xlsx": ZIP_MUTATIONS + [flip_bytes], "xls": XLS_MUTATIONS}


def mutate(data: bytes, mutations: list[Mutation], seed: int) -> bytes:
    """Apply ``mutations`` in turn, seeded; a mutation that cannot apply to what the previous
    ones left (pages of a PDF no longer readable) leaves the bytes as they are."""
    rng = random.Random(seed)
    for mutation in mutations:
        try:
            data = mutation(data, rng)
        except Exception:  # noqa: BLE001 - damage the mutation itself cannot read (a member
            continue  # a previous mutation broke): the harness's concern, not the reader's
    return data


def run_pipeline(path: Path, bundle: bool) -> str:
    """Read and parse ``path`` (and, if ``bundle``, build its RDF, validation report and data
    package); return ``"model"`` or the :class:`InputError` line. Any other exception
    propagates: that is the defect fuzzing looks for."""
    try:
        d = parse_file(path, knowledge())
    except InputError as error:
        line = str(error)
        assert "\n" not in line and line.startswith(str(path)), line
        return line
    if bundle:
        built = build_bundle(d, BundleOptions(base="https://example.org/"), "2024-01-01T00:00:00Z",
                             knowledge())
        assert built.files["disclosure.ttl"] and built.files["datapackage.json"]
    return "model"


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`TimeoutError` in the main thread when the block has used ``seconds`` of
    processor time: a hang is a failure too, not a stuck test run. Processor time, not wall
    time, so a busy shared machine does not pass for a hang."""
    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"still running after {seconds} s of processor time")

    previous = signal.signal(signal.SIGPROF, expire)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)
