"""Zip-packed documents (XLSX, ODS, DOCX) opened only after they are shown to be harmless.

Before any XML library sees a part of the file, the zip's directory is read: a file whose
parts would unpack to more than MAX_UNPACKED_BYTES (a zip bomb: 7 MB that unpacks to 2.4 GB,
or one 1 GB cell) is refused there, without unpacking anything. Python's zipfile never gives
more bytes of a part than the directory declares, so the directory is a true bound. Then every
XML part is read once by expat, a chunk at a time, refusing a document type declaration (the
way to an entity bomb or an external entity), malformed XML and more than MAX_XML_ELEMENTS
elements, so the parsers that then build a tree (openpyxl, odfpy, python-docx) work within a
known size.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from typing import Final, Protocol
from xml.parsers import expat

from app.i18n.messages import _
from app.services.plan_io.errors import PlanFileError

#: All the parts of one file together, unpacked. A 1,000-row plan with 600-word cells is
#: under 10 MB of XML; this leaves room and keeps a parsed workbook well under 300 MB.
MAX_UNPACKED_BYTES: Final = 48 * 1024 * 1024
MAX_PARTS: Final = 2_000
MAX_XML_ELEMENTS: Final = 2_000_000
_CHUNK: Final = 1024 * 1024
_XML_SUFFIXES: Final = (".xml", ".rels", ".vml")


class XmlHandler(Protocol):
    """What a scan of one XML part tells its reader, element by element."""

    def start(self, name: str, attributes: dict[str, str]) -> None: ...

    def end(self, name: str) -> None: ...

    def text(self, data: str) -> None: ...


class _Refused(Exception):
    """Raised inside expat's callbacks to stop a scan."""


def megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:,.1f}"


class CheckedArchive:
    """A zip file whose directory has been checked; `scan` reads an XML part safely."""

    def __init__(self, data: bytes, name: str, kind: str, unreadable: str) -> None:
        """`kind` names the format (XLSX); `unreadable` says what the file is not, for a file
        that is no zip archive at all."""
        self.name = name
        self.kind = kind
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except (
            zipfile.BadZipFile,
            zipfile.LargeZipFile,
            OSError,
            ValueError,
            EOFError,
            NotImplementedError,  # a damaged header asking for "zip file version 6.4"
        ):
            reason = (
                _("its zip archive is damaged")
                if data.startswith(b"PK")
                else _("it is not a zip archive, as every {kind} file is").format(kind=kind)
            )
            raise PlanFileError(name, [f"{unreadable} ({reason})"]) from None
        if len(infos) > MAX_PARTS:
            raise PlanFileError(
                name,
                [
                    _("the file has {count} parts; a {kind} file of a plan has far fewer").format(
                        count=len(infos), kind=kind
                    )
                ],
            )
        total = sum(info.file_size for info in infos)
        if total > MAX_UNPACKED_BYTES:
            largest = max(infos, key=lambda info: info.file_size)
            raise PlanFileError(
                name,
                [
                    _(
                        "the file would unpack to {total} MB ({part} alone is {size} MB); a "
                        "plan file may unpack to at most {limit} MB, so it was not opened"
                    ).format(
                        total=megabytes(total),
                        part=largest.filename,
                        size=megabytes(largest.file_size),
                        limit=MAX_UNPACKED_BYTES // 1024 // 1024,
                    )
                ],
            )
        if any(info.flag_bits & 0x1 for info in infos):
            raise PlanFileError(
                name,
                [_("the file is protected by a password; save a copy without the password")],
            )
        self.parts = {info.filename for info in infos}
        self._elements = 0

    def has(self, part: str) -> bool:
        return part in self.parts

    def xml_parts(self) -> list[str]:
        return sorted(part for part in self.parts if part.lower().endswith(_XML_SUFFIXES))

    def read(self, part: str) -> bytes:
        """A part's bytes (after `check_all`, or for a part that is not XML)."""
        try:
            return self.zip.read(part)
        except (
            zipfile.BadZipFile,
            zlib.error,
            OSError,
            EOFError,
            KeyError,
            NotImplementedError,
        ) as error:
            raise self._damaged(part, error) from None

    def check_all(self, handlers: dict[str, XmlHandler] | None = None) -> None:
        """Scan every XML part (with its handler, if one is given for it)."""
        handlers = handlers or {}
        for part in self.xml_parts():
            self.scan(part, handlers.get(part))

    def scan(self, part: str, handler: XmlHandler | None = None) -> None:
        """Read one XML part through expat: well-formed, no DTD, bounded; raise PlanFileError."""
        parser = expat.ParserCreate()

        def refuse_doctype(*_args: object) -> None:
            raise _Refused(
                _(
                    "the part {part} declares a document type (entities): spreadsheets and "
                    "documents never need one, and it can make a small file enormous"
                ).format(part=part)
            )

        def start(element: str, attributes: dict[str, str]) -> None:
            self._elements += 1
            if self._elements > MAX_XML_ELEMENTS:
                raise _Refused(
                    _("the file holds more than {count} XML elements; a plan has far fewer").format(
                        count=MAX_XML_ELEMENTS
                    )
                )
            if handler is not None:
                handler.start(element.rpartition(":")[2], attributes)

        parser.StartDoctypeDeclHandler = refuse_doctype
        parser.EntityDeclHandler = refuse_doctype
        parser.StartElementHandler = start
        if handler is not None:
            parser.EndElementHandler = lambda element: handler.end(element.rpartition(":")[2])
            parser.CharacterDataHandler = handler.text
        try:
            with self.zip.open(part) as stream:
                while chunk := stream.read(_CHUNK):
                    parser.Parse(chunk, False)
                parser.Parse(b"", True)
        except _Refused as refusal:
            raise PlanFileError(self.name, [str(refusal)]) from None
        except expat.ExpatError as error:
            raise PlanFileError(
                self.name,
                [
                    _(
                        "the part {part} is not well-formed XML (line {line}, column {column}: "
                        "{reason}); the file is damaged or was not written by a spreadsheet or "
                        "word processor"
                    ).format(
                        part=part,
                        line=error.lineno,
                        column=error.offset + 1,
                        reason=expat.ErrorString(error.code),
                    )
                ],
            ) from None
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError) as error:
            raise self._damaged(part, error) from None
        except HandlerRefusal as refusal:
            raise PlanFileError(self.name, [str(refusal)]) from None

    def _damaged(self, part: str, error: BaseException) -> PlanFileError:
        return PlanFileError(
            self.name,
            [
                _(
                    "the part {part} of the file cannot be unpacked ({error}); the file is damaged"
                ).format(part=part, error=error)
            ],
        )


class HandlerRefusal(Exception):
    """A handler's reason to stop reading a part (a sheet too large, say); its text is shown."""
