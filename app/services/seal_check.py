"""Is a PDF's seal sound? pyHanko's validator on the file's signature, against the
certificates the sender profiles trust (app.services.seal: `[seal] trust`), offline.

valid: the signed bytes are unchanged, the signature is cryptographically valid, the signer's
certificate leads to a trusted certificate, and nothing was added after signing.
untrusted: the same, but the signer leads to no certificate trusted here.
modified: the signature is sound, but the file was changed after it (an incremental update).
invalid: the signature does not match the file (a changed byte) or cannot be read.
absent: the file carries no signature.
"""

from __future__ import annotations

import datetime as dt
import enum
import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.services.seal import quiet_libraries, seal_configs

log = logging.getLogger(__name__)


class SignatureState(enum.StrEnum):
    VALID = "valid"
    UNTRUSTED = "untrusted"
    MODIFIED = "modified"
    INVALID = "invalid"
    ABSENT = "absent"


@dataclass(frozen=True)
class SignatureCheck:
    state: SignatureState
    #: The signer's certificate subject (its common name), when a signature was read.
    signer: str = ""
    #: When the signer's clock (or the timestamp, with B-T) says it was signed.
    signed_at: dt.datetime | None = None
    timestamped: bool = False
    #: Why it is not valid, in pyHanko's words (for the log and the curious).
    detail: str = ""

    @property
    def ok(self) -> bool:
        """Nothing wrong with the seal (an absent seal is no mismatch: issuing without a key
        is allowed, and the stored copy then has none either)."""
        return self.state in (SignatureState.VALID, SignatureState.ABSENT)


def trusted_certificates(files: Sequence[Path] | None = None) -> list[Any]:
    """The certificates in `files` (PEM or DER), by default those the sender profiles trust
    their seals to."""
    from asn1crypto import pem, x509

    if files is None:
        files = [path for config in seal_configs() for path in config.trust]
    found = []
    for path in files:
        try:
            data = path.read_bytes()
        except OSError as error:
            log.warning("trusted certificate %s cannot be read: %s", path, error)
            continue
        blocks = (
            [der for _kind, _headers, der in pem.unarmor(data, multiple=True)]
            if (pem.detect(data))
            else [data]
        )
        for der in blocks:
            try:
                found.append(x509.Certificate.load(der))
            except ValueError as error:
                log.warning("%s holds no certificate: %s", path, error)
    return found


def check_signature(data: bytes, trusted: Sequence[Any] | None = None) -> SignatureCheck:
    """The seal of the PDF `data`, validated offline against `trusted` (else the profiles')."""
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
    except (PdfReadError, ValueError, KeyError, TypeError, IndexError) as error:
        if b"/ByteRange" in data:
            return SignatureCheck(SignatureState.INVALID, detail=f"unreadable: {error}")
        return SignatureCheck(SignatureState.ABSENT)
    if not signatures:
        return SignatureCheck(SignatureState.ABSENT)
    return _validate(signatures[0], trusted_certificates() if trusted is None else trusted)


def _validate(signature: Any, trusted: Sequence[Any]) -> SignatureCheck:
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.errors import SignatureValidationError
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    context = ValidationContext(trust_roots=list(trusted), allow_fetching=False)
    try:
        with quiet_libraries():
            status = validate_pdf_signature(signature, context)
    # pyHanko raises its own errors and asn1crypto's on a damaged signature: all "invalid".
    except (SignatureValidationError, ValueError, KeyError, TypeError) as error:
        return SignatureCheck(SignatureState.INVALID, detail=str(error))
    certificate = status.signing_cert
    signer = str(
        certificate.subject.native.get("common_name") or certificate.subject.human_friendly
    )
    timestamp = status.timestamp_validity
    signed_at = timestamp.timestamp if timestamp is not None else status.signer_reported_dt
    found = SignatureCheck(
        SignatureState.VALID, signer, signed_at, timestamp is not None, status.summary()
    )
    if not (status.intact and status.valid):
        return _with(found, SignatureState.INVALID)
    if status.coverage != SignatureCoverageLevel.ENTIRE_FILE or status.modification_level not in (
        None,
        ModificationLevel.NONE,
    ):
        return _with(found, SignatureState.MODIFIED)
    if not status.bottom_line:
        return _with(found, SignatureState.UNTRUSTED)
    return found


def _with(check: SignatureCheck, state: SignatureState) -> SignatureCheck:
    return SignatureCheck(state, check.signer, check.signed_at, check.timestamped, check.detail)
