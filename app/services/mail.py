"""E-mail for a dispatch: the sender profile's SMTP settings, one message per recipient with the
issued PDFs attached, its covering text in the recipient's working language (templates/email/).

The SMTP password is never kept in the register: it comes from the operating system's keyring
(app.services.credentials, purpose `smtp`, account = the SMTP user) or is asked for.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import smtplib
import ssl
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from app.i18n.messages import _
from app.i18n.replies import kazakh_attributive_date
from app.paths import templates_dir
from app.services.note_places import find_sender

#: How a connection to the SMTP server is secured.
SECURITIES = ("starttls", "ssl", "none")
SMTP_KEYS = ("host", "port", "security", "user", "from_address", "timeout")
_SUBJECTS = {"en": "Note {number}", "ru": "Нота {number}", "kk": "{number} нота"}


class MailError(RuntimeError):
    """The SMTP settings are missing or wrong, or a message could not be sent."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 587
    security: str = "starttls"
    user: str = ""
    from_address: str = ""
    timeout: float = 30.0


@dataclass(frozen=True)
class Attachment:
    file_name: str
    content: bytes


def smtp_settings(sender_key: str) -> SmtpSettings:
    """The `[smtp]` table of the sender profile `resources/senders/<key>.toml`."""
    place = find_sender(sender_key, None)
    if place is None:
        raise MailError(_("There is no sender profile {key!r}.").format(key=sender_key))
    with place.path.open("rb") as handle:
        raw = tomllib.load(handle).get("smtp")
    if not isinstance(raw, Mapping) or not raw.get("host"):
        raise MailError(
            _(
                "The sender profile {key} has no [smtp] settings (host, port, security, user, "
                "from_address): e-mail cannot be sent."
            ).format(key=sender_key)
        )
    return settings_from(raw)


def settings_from(raw: Mapping[str, object]) -> SmtpSettings:
    unknown = sorted(set(raw) - set(SMTP_KEYS))
    if unknown:
        raise MailError(_("[smtp]: unknown keys {keys}").format(keys=", ".join(unknown)))
    security = str(raw.get("security", "starttls"))
    if security not in SECURITIES:
        raise MailError(
            _("[smtp] security must be one of {known}, not {found!r}").format(
                known=", ".join(SECURITIES), found=security
            )
        )
    try:
        port = int(str(raw.get("port", 465 if security == "ssl" else 587)))
        timeout = float(str(raw.get("timeout", 30)))
    except ValueError as error:
        raise MailError(_("[smtp]: {error}").format(error=error)) from None
    return SmtpSettings(
        host=str(raw["host"]),
        port=port,
        security=security,
        user=str(raw.get("user", "")),
        from_address=str(raw.get("from_address", "")),
        timeout=timeout,
    )


def covering_text(
    language: str,
    *,
    sender: str,
    number: str,
    day: dt.date,
    subject: str,
    attachments: Sequence[str],
) -> tuple[str, str]:
    """(subject line, body) of the covering e-mail in `language` (en, ru or kk)."""
    from app.i18n.dates import long_date

    language = language if language in _SUBJECTS else "en"
    date = kazakh_attributive_date(day) if language == "kk" else long_date(day, language)
    template = (templates_dir() / "email" / f"dispatch_{language}.txt").read_text("utf-8")
    body = template.format(
        sender=sender,
        number=number,
        date=date,
        subject=subject,
        attachments="\n".join(f"  - {name}" for name in attachments),
    )
    return _SUBJECTS[language].format(number=number), body


def compose(
    settings: SmtpSettings,
    to: str,
    subject: str,
    body: str,
    attachments: Sequence[Attachment],
) -> EmailMessage:
    """One message with a fresh Message-ID; every attachment exactly as given."""
    message = EmailMessage()
    sender = settings.from_address or settings.user or "verbale@localhost"
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    domain = sender.rpartition("@")[2] or "verbale.invalid"
    message["Message-ID"] = make_msgid(domain=domain)
    message.set_content(body)
    for attachment in attachments:
        message.add_attachment(
            attachment.content, maintype="application", subtype="pdf", filename=attachment.file_name
        )
    return message


class Mailer:
    """One SMTP connection for a dispatch, opened on the first message."""

    def __init__(self, settings: SmtpSettings, password: str | None = None) -> None:
        self.settings = settings
        self.password = password
        self._smtp: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        settings = self.settings
        if settings.security == "ssl":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                settings.host,
                settings.port,
                timeout=settings.timeout,
                context=ssl.create_default_context(),
            )
        else:
            smtp = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
            if settings.security == "starttls":
                smtp.starttls(context=ssl.create_default_context())
        if settings.user and self.password is not None:
            smtp.login(settings.user, self.password)
        return smtp

    def send(self, message: EmailMessage) -> None:
        """Send one message; MailError saying why if the server did not take it."""
        try:
            if self._smtp is None:
                self._smtp = self._connect()
            refused = self._smtp.send_message(message)
        except (smtplib.SMTPException, OSError) as error:
            self.close()
            raise MailError(f"{type(error).__name__}: {error}") from error
        if refused:
            raise MailError(_("the server refused {who}").format(who=", ".join(refused)))

    def close(self) -> None:
        if self._smtp is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self._smtp.quit()
            self._smtp = None
