"""Hostile XLSX files made in the tests: zip bombs, a 1 GB cell, entity bombs, broken XML.

The large ones are built without ever holding their unpacked text: the deflate stream of one
1 MiB chunk, ended with a full flush (byte-aligned, no reference back), is the same bytes each
time, so a part of 2.4 GB is that stream repeated. The zip is written by hand around it, with
the true sizes and CRC in its directory, as a zip tool would.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path

from openpyxl import Workbook

MIB = 1024 * 1024
SHEET = "xl/worksheets/sheet1.xml"
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def small_workbook(rows: Iterable[list[object]] = (["No.", "Events"], [1, "Meeting"])) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def parts_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rezip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


class _Member:
    def __init__(self, name: str, compressed: list[bytes], repeat: int, crc: int, size: int):
        self.name = name.encode()
        self.compressed = compressed  # head, chunk (repeated), tail
        self.repeat = repeat
        self.crc = crc
        self.size = size

    @property
    def compressed_size(self) -> int:
        head, chunk, tail = self.compressed
        return len(head) + len(chunk) * self.repeat + len(tail)


def _plain(name: str, content: bytes) -> _Member:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = packer.compress(content) + packer.flush()
    return _Member(name, [packed, b"", b""], 0, zlib.crc32(content), len(content))


def _repeated(name: str, head: bytes, chunk: bytes, repeat: int, tail: bytes) -> _Member:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed_head = packer.compress(head) + packer.flush(zlib.Z_FULL_FLUSH)
    packed_chunk = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    again = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    assert again == packed_chunk, "a fully flushed chunk must pack to the same bytes"
    packed_tail = packer.compress(tail) + packer.flush()
    crc = zlib.crc32(head)
    for _ in range(repeat):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(tail, crc)
    return _Member(
        name,
        [packed_head, packed_chunk, packed_tail],
        repeat,
        crc,
        len(head) + len(chunk) * repeat + len(tail),
    )


def _write_zip(path: Path, members: list[_Member]) -> None:
    directory = io.BytesIO()
    with path.open("wb") as out:
        for member in members:
            offset = out.tell()
            out.write(
                struct.pack(
                    "<IHHHHHIIIHH",
                    0x04034B50,
                    20,
                    0,
                    8,
                    0,
                    0x21,
                    member.crc,
                    member.compressed_size,
                    member.size,
                    len(member.name),
                    0,
                )
            )
            out.write(member.name)
            head, chunk, tail = member.compressed
            out.write(head)
            for _ in range(member.repeat):
                out.write(chunk)
            out.write(tail)
            directory.write(
                struct.pack(
                    "<IHHHHHHIIIHHHHHII",
                    0x02014B50,
                    20,
                    20,
                    0,
                    8,
                    0,
                    0x21,
                    member.crc,
                    member.compressed_size,
                    member.size,
                    len(member.name),
                    0,
                    0,
                    0,
                    0,
                    0,
                    offset,
                )
            )
            directory.write(member.name)
        start = out.tell()
        out.write(directory.getvalue())
        out.write(
            struct.pack(
                "<IHHHHIIH",
                0x06054B50,
                0,
                0,
                len(members),
                len(members),
                len(directory.getvalue()),
                start,
                0,
            )
        )


def _with_part(path: Path, part: str, head: bytes, chunk: bytes, repeat: int, tail: bytes) -> Path:
    parts = parts_of(small_workbook())
    members = [_plain(name, content) for name, content in parts.items() if name != part]
    members.append(_repeated(part, head, chunk, repeat, tail))
    _write_zip(path, members)
    return path


def zip_bomb(path: Path, unpacked_mib: int = 2400) -> Path:
    """A workbook whose sheet unpacks to `unpacked_mib` MiB of XML: millions of cells."""
    head = (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_MAIN}"><sheetData>'
    ).encode()
    cell = b'<row><c t="inlineStr"><is><t>bomb</t></is></c></row>'
    chunk = cell * (MIB // len(cell))
    return _with_part(path, SHEET, head, chunk, unpacked_mib, b"</sheetData></worksheet>")


def gigabyte_cell(path: Path, unpacked_mib: int = 1024) -> Path:
    """A workbook whose cell A1 holds a text of `unpacked_mib` MiB."""
    head = (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_MAIN}"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>'
    ).encode()
    tail = b"</t></is></c></row></sheetData></worksheet>"
    return _with_part(path, SHEET, head, b"A" * MIB, unpacked_mib, tail)


def entity_bomb() -> bytes:
    """A workbook whose sheet expands a billion laughs in cell A1 (a few hundred bytes)."""
    parts = parts_of(small_workbook())
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)
    )
    parts[SHEET] = (
        f'<?xml version="1.0"?><!DOCTYPE worksheet [{entities}]><worksheet xmlns="{_MAIN}">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
        "</sheetData></worksheet>"
    ).encode()
    return rezip(parts)
