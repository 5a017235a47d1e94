"""The secretariat's digital seal: every issued PDF signed with its sender's PKCS#12 key.

pyHanko signs (PAdES B-B; B-T when the profile names a timestamp server) each file after its
PDF/A step and before the register hashes and stores it, as an incremental update: the
PDF/A-2b file is left as it was and the signature covers it whole. The QR code's digest is over
the document's text, so it holds for the signed file too.

Where the key is: the `[seal]` table of the sender profile (resources/senders/<key>.toml), which
an installation overrides in its own configuration folder (<config>/senders/<key>.toml, e.g.
~/.config/Verbale/senders/cica-secretariat.toml; `$VERBALE_CONFIG_DIR` moves the folder):

    [seal]
    pkcs12 = "/secure/cica-seal.p12"       # relative paths: to the file that names them
    timestamp_url = "https://tsa.example"  # optional: PAdES B-T
    visible = true                         # a seal box on the last page (default false)
    trust = ["cica-ca.pem"]                # certificates `verify` trusts a seal to

The key's password is never in the register nor in these files: it comes from the system
keyring or $VERBALE_SECRET_SIGNING_KEY (app.services.credentials), else the person is asked.
"""

from __future__ import annotations

import hashlib
import io
import logging
import tomllib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app import paths
from app.domain.note import Note
from app.i18n.messages import _
from app.services.credentials import SIGNING_KEY, lookup_secret

#: The signature field every sealed PDF carries.
FIELD_NAME = "VerbaleSeal"
#: The seal box, in the bottom margin of the last page: this far above the paper's edge and this
#: tall, from this far right of the page's middle (clear of a plan's page number) to this far
#: left of the right edge (clear of the QR code and the verification line).
BOX_BOTTOM_MM = 4.0
BOX_HEIGHT_MM = 14.0
BOX_LEFT_OF_MIDDLE_MM = 12.0
BOX_RIGHT_GAP_MM = 40.0
SEAL_FONT_SIZE = 7
_MM = 72 / 25.4

_SEALED_BY = {
    "en": "Sealed electronically by",
    "ru": "Электронная печать:",
    "kk": "Электрондық мөр:",
}


@contextmanager
def quiet_libraries() -> Iterator[None]:
    """pyHanko logs an untrusted signer with its traceback, fontTools a table it does not
    subset: at warning level, which Python prints on stderr when nobody set up logging. What
    they find is reported by the caller in words; their own warnings are kept to errors."""
    loggers = [
        logging.getLogger(name) for name in ("pyhanko", "pyhanko_certvalidator", "fontTools")
    ]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


class SealError(RuntimeError):
    """The seal cannot be used: what is wrong and where, in words for the person issuing."""


@dataclass(frozen=True)
class SealConfig:
    """Where one sender's seal is and how it is applied."""

    sender: str
    pkcs12: Path
    timestamp_url: str | None = None
    visible: bool = False
    trust: tuple[Path, ...] = ()
    #: The file the configuration was read from (named in errors).
    source: Path | None = None


def _profile_files(sender: str) -> list[Path]:
    return [
        paths.resources_dir() / "senders" / f"{sender}.toml",
        paths.user_config_dir() / "senders" / f"{sender}.toml",
    ]


def _seal_table(path: Path) -> dict[str, Any] | None:
    if not path.is_file():
        return None
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8")).get("seal")
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise SealError(
            _("{path}: the sender profile cannot be read ({error})").format(path=path, error=error)
        ) from error
    if table is None:
        return None
    if not isinstance(table, dict):
        raise SealError(_("{path}: [seal] must be a table").format(path=path))
    return table


def _config_from(sender: str, path: Path, table: Mapping[str, Any]) -> SealConfig:
    def located(value: object, name: str) -> Path:
        if not isinstance(value, str) or not value.strip():
            raise SealError(
                _("{path}: seal.{name} must be the path of a file").format(path=path, name=name)
            )
        found = Path(value).expanduser()
        return found if found.is_absolute() else path.parent / found

    url = table.get("timestamp_url")
    if url is not None and (
        not isinstance(url, str) or not url.startswith(("http://", "https://"))
    ):
        raise SealError(
            _("{path}: seal.timestamp_url must be an http(s) address").format(path=path)
        )
    visible = table.get("visible", False)
    if not isinstance(visible, bool):
        raise SealError(_("{path}: seal.visible must be true or false").format(path=path))
    trust = table.get("trust", [])
    if isinstance(trust, str):
        trust = [trust]
    if not isinstance(trust, list):
        raise SealError(
            _("{path}: seal.trust must be a list of certificate files").format(path=path)
        )
    return SealConfig(
        sender=sender,
        pkcs12=located(table.get("pkcs12"), "pkcs12"),
        timestamp_url=url or None,
        visible=visible,
        trust=tuple(located(item, "trust") for item in trust),
        source=path,
    )


def seal_config(sender: str) -> SealConfig | None:
    """The seal of sender profile `sender`, or None when it has none (its PDFs go unsigned).
    The installation's own profile file overrides the shipped one."""
    chosen: tuple[Path, dict[str, Any]] | None = None
    for path in _profile_files(sender):
        table = _seal_table(path)
        if table is not None:
            chosen = (path, table)
    if chosen is None or not chosen[1].get("pkcs12"):
        return None
    return _config_from(sender, *chosen)


def seal_configs() -> list[SealConfig]:
    """Every sender profile's seal (for the certificates `verify` trusts)."""
    senders = {
        path.stem
        for folder in (paths.resources_dir(), paths.user_config_dir())
        for path in (folder / "senders").glob("*.toml")
    }
    found = []
    for sender in sorted(senders):
        config = seal_config(sender)
        if config is not None:
            found.append(config)
    return found


def stored_password(config: SealConfig) -> str | None:
    """The key's password from the keyring (or $VERBALE_SECRET_SIGNING_KEY), if kept there."""
    return lookup_secret(SIGNING_KEY, config.sender)


class Seal:
    """One sender's signing key, opened; signs PDFs (`sign`) and renderings (`renderer`)."""

    def __init__(self, config: SealConfig, signer: Any, timestamper: Any | None) -> None:
        self.config = config
        self._signer = signer
        self._timestamper = timestamper
        certificate = signer.signing_cert
        #: The certificate's subject, as a person reads it, and the SHA-256 of its DER.
        self.signer_name: str = str(certificate.subject.human_friendly)
        self.common_name: str = str(
            certificate.subject.native.get("common_name") or self.signer_name
        )
        self.fingerprint: str = hashlib.sha256(certificate.dump()).hexdigest()

    @property
    def level(self) -> str:
        """The PAdES baseline level the seal gives: B-T with a timestamp, else B-B."""
        return "B-T" if self._timestamper is not None else "B-B"

    def sign(self, data: bytes, language: str = "en") -> bytes:
        """`data` (a finished PDF) signed by the seal, as an incremental update."""
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.sign import fields, signers

        writer = IncrementalPdfFileWriter(io.BytesIO(data))
        metadata = signers.PdfSignatureMetadata(
            field_name=FIELD_NAME,
            subfilter=fields.SigSeedSubFilter.PADES,
            md_algorithm="sha256",
            reason="Issued by Verbale",
            use_pades_lta=False,
        )
        spec = None
        style = None
        if self.config.visible:
            spec = fields.SigFieldSpec(FIELD_NAME, on_page=-1, box=_seal_box(data))
            style = _stamp_style(language)
        pdf_signer = signers.PdfSigner(
            metadata,
            signer=self._signer,
            timestamper=self._timestamper,
            stamp_style=style,
            new_field_spec=spec,
        )
        with quiet_libraries():
            output = pdf_signer.sign_pdf(
                writer, appearance_text_params={"signer": self.common_name}
            )
        return bytes(output.getvalue())

    def sign_files(self, files: Mapping[str, bytes]) -> dict[str, bytes]:
        """Every file of a rendering signed (its language read from the file name)."""
        return {name: self.sign(data, _language_of(name)) for name, data in files.items()}

    def renderer(
        self, render: Callable[[Note], Mapping[str, bytes]]
    ) -> Callable[[Note], Mapping[str, bytes]]:
        """`render` followed by the seal on every file (what the register then hashes)."""

        def sealed(note: Note) -> Mapping[str, bytes]:
            return self.sign_files(render(note))

        return sealed


def _language_of(file_name: str) -> str:
    stem = file_name.rsplit(".", 1)[0]
    language = stem.rsplit("_", 1)[-1]
    return language if language in _SEALED_BY else "en"


def _seal_box(data: bytes) -> tuple[int, int, int, int]:
    """The seal box on the last page, in its bottom margin, clear of the QR code."""
    from pypdf import PdfReader

    width = float(PdfReader(io.BytesIO(data)).pages[-1].mediabox.width)
    return (
        round(width / 2 + BOX_LEFT_OF_MIDDLE_MM * _MM),
        round(BOX_BOTTOM_MM * _MM),
        round(width - BOX_RIGHT_GAP_MM * _MM),
        round((BOX_BOTTOM_MM + BOX_HEIGHT_MM) * _MM),
    )


_SEAL_FONT: list[Path] = []


def _seal_font() -> Path:
    """The embedded serif with 1000 units per em, written once per process: pyHanko writes a
    glyph's advance in font units into the PDF's widths, which PDF reads as thousandths of an
    em (right only for 1000-unit fonts; Liberation Serif has 2048)."""
    if not _SEAL_FONT:
        import atexit
        import tempfile

        from fontTools.ttLib import TTFont
        from fontTools.ttLib.scaleUpem import scale_upem

        font = TTFont(str(paths.fonts_dir() / "LiberationSerif-Regular.ttf"))
        scale_upem(font, 1000)
        handle, name = tempfile.mkstemp(prefix="verbale-seal-", suffix=".ttf")
        with open(handle, "wb") as stream:
            font.save(stream)
        _SEAL_FONT.append(Path(name))
        atexit.register(_SEAL_FONT[0].unlink, missing_ok=True)
    return _SEAL_FONT[0]


def _stamp_style(language: str) -> Any:
    """The seal box's look: the sender and the moment, in the embedded serif (PDF/A)."""
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStampStyle

    return TextStampStyle(
        stamp_text=_SEALED_BY[language] + "\n%(signer)s\n%(ts)s",
        text_box_style=TextBoxStyle(
            font=GlyphAccumulatorFactory(str(_seal_font()), font_size=SEAL_FONT_SIZE),
            font_size=SEAL_FONT_SIZE,
        ),
        border_width=1,
        timestamp_format="%Y-%m-%d %H:%M:%S UTC",
    )


def open_seal(config: SealConfig, password: str | None, timestamper: Any | None = None) -> Seal:
    """The seal of `config` opened with `password`; SealError says why it cannot be. The
    timestamps (PAdES B-T) come from the profile's timestamp server, or from `timestamper`
    (any pyHanko TimeStamper)."""
    from pyhanko.sign import signers

    try:
        data = config.pkcs12.read_bytes()
    except OSError as error:
        raise SealError(
            _("the signing key of sender {sender} cannot be read from {path}: {reason}").format(
                sender=config.sender, path=config.pkcs12, reason=error.strerror or error
            )
        ) from error
    try:
        signer = signers.SimpleSigner.load_pkcs12_data(
            data, other_certs=[], passphrase=password.encode() if password else None
        )
    except (ValueError, TypeError) as error:
        raise SealError(
            _(
                "the signing key {path} of sender {sender} does not open with this password "
                "(or is not a PKCS#12 file)"
            ).format(path=config.pkcs12, sender=config.sender)
        ) from error
    if timestamper is None and config.timestamp_url:
        from pyhanko.sign.timestamps import HTTPTimeStamper

        timestamper = HTTPTimeStamper(config.timestamp_url)
    return Seal(config, signer, timestamper)


def seal_for(sender: str, ask_password: Callable[[SealConfig], str | None]) -> Seal | None:
    """The opened seal of sender profile `sender`, or None when it has no key configured. The
    password comes from the keyring (or the environment), else `ask_password` (a prompt; None:
    the person declined, and SealError says so)."""
    config = seal_config(sender)
    if config is None:
        return None
    password = stored_password(config)
    if password is None:
        password = ask_password(config)
        if password is None:
            raise SealError(
                _(
                    "the signing key of sender {sender} needs its password; nothing was issued"
                ).format(sender=sender)
            )
    return open_seal(config, password)
