"""The pages of PDFs ReportLab wrote, reassembled into one file under a catalog of Verbale's own,
without a PDF library: how every PDF of a cold render becomes PDF/A (app.render.pdfa) and how the
combined volume is bound (app.render.binding), in a few milliseconds and no imports.

It reads only files ReportLab wrote (their header says so) in the plain layout it writes:
`N 0 obj ... endobj` objects, one cross-reference table with one section, a trailer without
/Prev or /Encrypt, a flat page tree, every /Length direct, literal strings with their
parentheses escaped. `read_classic` returns None for any other file, and the callers then hand
it to pikepdf. `assemble` copies the objects the pages reach (contents, resources, fonts,
images), renumbered, drops ReportLab's empty /Trans, and writes the catalog, page tree,
document information dictionary and any further objects the caller gives (the XMP packet, the
output intent), one cross-reference table and an /ID computed from the bytes, so the same input
gives the same file.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

#: Strings (kept as they are), references (renumbered) and the keyword that starts stream data.
_TOKEN = re.compile(
    rb"(?P<string>\((?:\\.|[^\\)])*\))"
    rb"|(?P<hex>(?<!<)<(?!<)[0-9A-Fa-f\s]*>)"
    rb"|(?<![\d.])(?P<ref>\d+)\s+0\s+R(?![A-Za-z0-9])"
    rb"|(?P<stream>\bstream(?:\r\n|\n))",
    re.S,
)
_OBJECT = re.compile(rb"(\d+)\s+(\d+)\s+obj\b\s*")
_XREF = re.compile(rb"xref\s+(\d+)\s+(\d+)\s+")
_EMPTY_TRANSITION = re.compile(rb"/Trans\s*<<\s*>>")
_BINARY_COMMENT = b"%\xe2\xe3\xcf\xd3\n"
#: How ReportLab begins every file it writes (reportlab.pdfbase.pdfdoc.PDFFile): the version,
#: then its binary comment naming it. Only such files are read here.
_REPORTLAB_HEADER = re.compile(
    rb"%PDF-(\d\.\d)\r?\n%[\x80-\xff]{4} ReportLab Generated PDF document"
)


@dataclass(frozen=True)
class ClassicPdf:
    """A PDF in ReportLab's plain layout, taken apart: each object's text between `obj` and
    `endobj`, by number."""

    version: bytes
    objects: dict[int, bytes]
    root: int


def read_classic(data: bytes) -> ClassicPdf | None:
    """`data` taken apart, or None when it is not in the plain layout this module reads."""
    header = _REPORTLAB_HEADER.match(data)
    at = data.rfind(b"startxref")
    if header is None or at < 0:
        return None
    try:
        xref = int(data[at + len(b"startxref") : at + 40].split()[0])
    except (ValueError, IndexError):
        return None
    table = _XREF.match(data, xref)
    if table is None:
        return None
    first, count = int(table[1]), int(table[2])
    entries = data[table.end() : table.end() + 20 * count]
    trailer = data[table.end() + 20 * count : at]
    root = re.search(rb"/Root\s+(\d+)\s+0\s+R", trailer)
    if (
        len(entries) != 20 * count
        or not trailer.lstrip().startswith(b"trailer")
        or b"/Prev" in trailer
        or b"/Encrypt" in trailer
        or root is None
    ):
        return None
    offsets: list[tuple[int, int]] = []
    for index in range(count):
        entry = entries[20 * index : 20 * index + 20]
        if entry[17:18] == b"n":
            offsets.append((int(entry[:10]), first + index))
    offsets.sort()
    objects: dict[int, bytes] = {}
    for index, (start, number) in enumerate(offsets):
        end = offsets[index + 1][0] if index + 1 < len(offsets) else xref
        opened = _OBJECT.match(data, start)
        if opened is None or int(opened[1]) != number or opened[2] != b"0":
            return None
        close = data.rfind(b"endobj", opened.end(), end)
        if close < 0:
            return None
        objects[number] = data[opened.end() : close]
    return ClassicPdf(header[1], objects, int(root[1]))


def _head(body: bytes) -> tuple[bytes, bytes, list[int]]:
    """An object's dictionary (or value), its stream part (from `stream` on, or empty) and the
    objects it refers to."""
    refs: list[int] = []
    for match in _TOKEN.finditer(body):
        if match["stream"] is not None:
            return body[: match.start()], body[match.start() :], refs
        if match["ref"] is not None:
            refs.append(int(match["ref"]))
    return body, b"", refs


def _renumber(head: bytes, numbers: dict[int, int]) -> bytes:
    def replace(match: re.Match[bytes]) -> bytes:
        if match["ref"] is None:
            return match[0]
        return b"%d 0 R" % numbers[int(match["ref"])]

    return _TOKEN.sub(replace, head)


def _only_ref(head: bytes, key: bytes) -> int:
    found = re.search(re.escape(key) + rb"\s+(\d+)\s+0\s+R", head)
    if found is None:
        raise KeyError(key)
    return int(found[1])


class _Writer:
    def __init__(self, version: bytes) -> None:
        self.chunks = [b"%PDF-" + version + b"\n" + _BINARY_COMMENT]
        self.size = len(self.chunks[0])
        self.offsets: dict[int, int] = {}

    def put(self, number: int, body: bytes) -> None:
        self.offsets[number] = self.size
        chunk = b"%d 0 obj\n%s\nendobj\n" % (number, body)
        self.chunks.append(chunk)
        self.size += len(chunk)

    def finish(self, root: int, info: int) -> bytes:
        count = max(self.offsets) + 1
        rows = [b"0000000000 65535 f \n"] + [
            b"%010d 00000 n \n" % self.offsets[number] for number in range(1, count)
        ]
        digest = hashlib.md5(b"".join(self.chunks), usedforsecurity=False).hexdigest().encode()
        xref = self.size
        self.chunks += [
            b"xref\n0 %d\n" % count,
            *rows,
            b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R /ID [ <%s> <%s> ] >>\n"
            % (count, root, info, digest, digest),
            b"startxref\n%d\n%%%%EOF\n" % xref,
        ]
        return b"".join(self.chunks)


#: Given the first free object number, the objects to add (number -> body) and the catalog's
#: further entries that name them.
Extras = Callable[[int], tuple[dict[int, bytes], bytes]]


def assemble(parts: Sequence[ClassicPdf], info: bytes, extras: Extras | None = None) -> bytes:
    """One PDF holding every page of `parts` in order, `info` its document information
    dictionary, `extras` the further objects of its catalog. Raises KeyError when a part is not
    as ReportLab writes it (a nested page tree, a reference to a missing object)."""
    catalog_number, pages_number, info_number = 1, 2, 3
    version = max(part.version for part in parts)
    writer = _Writer(version)
    kids: list[int] = []
    next_number = 4
    copied: list[tuple[int, bytes]] = []
    for part in parts:
        old_root = _only_ref(_head(part.objects[part.root])[0], b"/Pages")
        tree_head = _head(part.objects[old_root])[0]
        kids_list = re.search(rb"/Kids\s*\[([^\]]*)\]", tree_head)
        if kids_list is None:
            raise KeyError("/Kids")
        part_kids = [int(found) for found in re.findall(rb"(\d+)\s+0\s+R", kids_list[1])]
        heads = {}
        seen = set(part_kids)
        waiting = list(part_kids)
        while waiting:
            number = waiting.pop()
            head, stream, refs = _head(part.objects[number])
            heads[number] = (head, stream)
            for ref in refs:
                if ref != old_root and ref not in seen:
                    seen.add(ref)
                    waiting.append(ref)
        for number in part_kids:
            if re.search(rb"/Type\s*/Page(?![s\w])", heads[number][0]) is None:
                raise KeyError("a page tree of more than one level")
        numbers = {old_root: pages_number}
        for number in sorted(heads):
            numbers[number] = next_number
            next_number += 1
        kids += [numbers[number] for number in part_kids]
        for number in sorted(heads):
            head, stream = heads[number]
            head = _renumber(head, numbers)
            if number in part_kids:
                head = _EMPTY_TRANSITION.sub(b"", head)
            copied.append((numbers[number], head + stream))
    added, catalog_entries = extras(next_number) if extras else ({}, b"")
    writer.put(
        catalog_number,
        b"<< /Type /Catalog /Pages %d 0 R%s /PageMode /UseNone >>"
        % (pages_number, catalog_entries),
    )
    writer.put(
        pages_number,
        b"<< /Type /Pages /Count %d /Kids [ %s ] >>"
        % (len(kids), b" ".join(b"%d 0 R" % kid for kid in kids)),
    )
    writer.put(info_number, info)
    for number, body in copied:
        writer.put(number, body)
    for number in sorted(added):
        writer.put(number, added[number])
    return writer.finish(catalog_number, info_number)


def pdf_text(value: str) -> bytes:
    """`value` as a PDF text string: literal when ASCII, else UTF-16BE with its mark."""
    try:
        raw = value.encode("ascii")
    except UnicodeEncodeError:
        return b"<feff" + value.encode("utf-16-be").hex().encode("ascii") + b">"
    for char, escaped in ((b"\\", b"\\\\"), (b"(", b"\\("), (b")", b"\\)"), (b"\r", b"\\r")):
        raw = raw.replace(char, escaped)
    return b"(" + raw + b")"


def pdf_name(value: str) -> bytes:
    """`value` as a PDF name (letters, digits, `-`, `_` and `.` only)."""
    if not re.fullmatch(r"[A-Za-z0-9_.-]+", value):
        raise ValueError(f"not a plain PDF name: {value!r}")
    return b"/" + value.encode("ascii")


def pdf_dictionary(entries: dict[str, bytes]) -> bytes:
    return (
        b"<< " + b" ".join(pdf_name(key) + b" " + value for key, value in entries.items()) + b" >>"
    )


def pdf_stream(entries: dict[str, bytes], data: bytes) -> bytes:
    return (
        pdf_dictionary({**entries, "Length": b"%d" % len(data)})
        + b"\nstream\n"
        + data
        + b"\nendstream"
    )
