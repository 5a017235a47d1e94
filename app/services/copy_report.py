"""What `verify` tells a person about a copy (app.services.copy_check), in the interface
language: the same lines for the command line and the window."""

from __future__ import annotations

import datetime as dt

from app.i18n.dates import long_date
from app.i18n.messages import _, ngettext, ui_language
from app.services.copy_check import CopyCheck, Finding, IssuedNote
from app.services.seal_check import SignatureCheck, SignatureState


def _status_text(status: str) -> str:
    """A register status in the interface language (the register list's words)."""
    return {
        "issued": _("issued"),
        "dispatched": _("dispatched"),
        "withdrawn": _("withdrawn"),
    }.get(status, status)


def _issued_on(note: IssuedNote) -> str:
    """The note's date, as printed on it."""
    return long_date(note.dated, ui_language())


def _anchor_lines(check: CopyCheck) -> list[str]:
    """Which register entry and audit chain head the file matches."""
    note, document = check.note, check.document
    if note is None:
        return []
    lines = []
    if document is not None:
        lines.append(
            _("register entry: note {id}, document {file} (SHA-256 {digest}…)").format(
                id=note.note_id, file=document.file_name, digest=document.sha256[:16]
            )
        )
    if note.audit_entry is not None:
        lines.append(
            _("audit log: issue entry {entry}, chain head at issue {head}…").format(
                entry=note.audit_entry, head=note.chain_head[:16]
            )
        )
    else:
        lines.append(_("audit log: no issue entry for this note"))
    if document is not None and not check.audit_confirms:
        lines.append(
            _("the audit log's issue entry does not list {file} with this SHA-256").format(
                file=document.file_name
            )
        )
    if not check.chain_head_matches:
        lines.append(
            _("the chain head in the file ({found}…) is not the register's ({stored}…)").format(
                found=check.claimed_chain_head[:16], stored=note.chain_head[:16]
            )
        )
    return lines


def _difference_lines(check: CopyCheck) -> list[str]:
    lines = []
    document = check.document
    stored_name = document.file_name if document else "?"
    if check.finding is Finding.APPENDED:
        lines.append(
            ngettext(
                "differs from the stored copy {file}: an incremental update of {n} byte was "
                "appended after the issued file",
                "differs from the stored copy {file}: an incremental update of {n} bytes was "
                "appended after the issued file",
                check.appended_bytes,
            ).format(file=stored_name, n=check.appended_bytes)
        )
    elif check.changed_bytes:
        assert check.first_changed_byte is not None
        lines.append(
            ngettext(
                "differs from the stored copy {file}: {n} byte changed, at offset {offset}",
                "differs from the stored copy {file}: {n} bytes changed, the first at offset "
                "{offset}",
                check.changed_bytes,
            ).format(file=stored_name, n=check.changed_bytes, offset=check.first_changed_byte)
        )
    elif document is not None:
        lines.append(
            _("differs from the stored copy {file}: {size} bytes instead of {stored} bytes").format(
                file=stored_name, size=check.size, stored=document.size
            )
        )
    if check.pages is not None:
        lines.append(
            _("it has {found} pages, the stored copy {stored}").format(
                found=check.pages[0], stored=check.pages[1]
            )
        )
    for change in check.text_changes:
        lines.append(
            _("page {page}: the text “{stored}” reads “{found}”").format(
                page=change.page, stored=change.stored, found=change.found
            )
        )
    if not check.text_changes and check.pages is None and document is not None:
        lines.append(_("the text of its pages is the same as the stored copy's"))
    return lines


def signature_line(signature: SignatureCheck) -> str:
    """The seal's verdict in one line."""
    when = (
        signature.signed_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        if signature.signed_at
        else "?"
    )
    stamped = " " + _("(timestamped)") if signature.timestamped else ""
    if signature.state is SignatureState.VALID:
        return _("signature: valid, sealed by {signer} on {when}{stamped}").format(
            signer=signature.signer, when=when, stamped=stamped
        )
    if signature.state is SignatureState.UNTRUSTED:
        return _(
            "signature: intact, sealed by {signer} on {when}, but the signer is not among the "
            "certificates trusted here"
        ).format(signer=signature.signer, when=when)
    if signature.state is SignatureState.MODIFIED:
        return _("signature: by {signer}, but the file was changed after it was sealed").format(
            signer=signature.signer
        )
    if signature.state is SignatureState.INVALID:
        return _("signature: INVALID — it does not match the file")
    return _("signature: absent (the file is not sealed)")


def copy_lines(check: CopyCheck) -> list[str]:
    """The verdict on one file, a line each, the first naming the file."""
    lines = [f"{check.path}:"]
    note = check.note
    if check.finding is Finding.UNREADABLE:
        return [*lines, _("cannot be read: {reason}").format(reason=check.error)]
    if check.finding is Finding.NOT_PDF:
        return [*lines, _("not a PDF file")]
    if check.finding is Finding.FOREIGN:
        return [*lines, _("not a document issued by Verbale (no stored copy, no Verbale mark)")]
    if check.finding is Finding.UNKNOWN:
        return [
            *lines,
            _(
                "carries the marks of a Verbale note (№{number}, code {code}), but this "
                "register issued no such note"
            ).format(number=check.claimed_number or "?", code=check.claimed_code or "?"),
        ]
    assert note is not None
    if check.finding is Finding.IDENTICAL:
        lines.append(
            _("issued by Verbale as №{number} on {date}").format(
                number=note.number, date=_issued_on(note)
            )
        )
        lines.append(_("identical to the stored copy, byte for byte"))
    else:
        lines.append(
            _("claims to be №{number}, issued by Verbale on {date}").format(
                number=note.number, date=_issued_on(note)
            )
        )
        if check.claimed_number and check.claimed_number != note.number:
            lines.append(
                _("its metadata names №{claimed}, the register №{number}").format(
                    claimed=check.claimed_number, number=note.number
                )
            )
        lines += _difference_lines(check)
    lines.append(signature_line(check.signature))
    lines += _anchor_lines(check)
    lines.append(
        _("verdict: the document Verbale issued")
        if check.ok
        else _("verdict: NOT the document Verbale issued")
    )
    return lines


def code_lines(typed: str, note: IssuedNote | None) -> list[str]:
    """What the register says of a code typed from a printout."""
    if note is None:
        return [_("code {code}: this register issued no note with it").format(code=typed)]
    lines = [
        _("code {code}: №{number}, issued by Verbale on {date}").format(
            code=note.code, number=note.number, date=_issued_on(note)
        ),
        _("to: {addressee}").format(addressee=note.addressee),
        _("subject: {subject}").format(subject=" ".join(note.subject.split())),
        _("status: {status}").format(status=_status_text(note.status)),
    ]
    for document in note.documents:
        lines.append(
            _("document {file}: SHA-256 {digest}").format(
                file=document.file_name, digest=document.sha256
            )
        )
    if note.audit_entry is not None:
        lines.append(
            _("audit log: issue entry {entry}, chain head at issue {head}…").format(
                entry=note.audit_entry, head=note.chain_head[:16]
            )
        )
    return lines
