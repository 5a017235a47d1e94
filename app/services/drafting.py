"""What the note editor needs from below: a note's composed text per language while it is still
being typed, a PDF preview of one language, the note pack written to a folder, and the local
recovery copy that keeps typing safe between autosaves."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import html
import json
import os
import re
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from app import paths
from app.domain.note import Note
from app.domain.note_types import NOTE_TYPES
from app.domain.parties import Addressee, AddresseeForms, SenderName, SenderProfile
from app.domain.problems import Problem, ValidationError
from app.i18n.dates import enclosure_lines, long_date
from app.i18n.messages import N_, _
from app.private_files import private_folder
from app.register.codec import note_from_dict, note_to_dict
from app.render.composition import compose_note
from app.render.templates import NoteTemplates
from app.render.verification_mark import verification_line
from app.services.addressee_file import addressee_directory
from app.services.note_file import load_sender_profile
from app.services.plan_io import grid_to_plan, plan_to_grid
from app.services.register import Register
from app.services.rendering import render_note_pack, write_pack

#: Marks an officer's text inside a composed paragraph (private-use characters no note contains).
_OPEN, _CLOSE = "\ue000", "\ue001"
_MARKER = re.compile(f"{_OPEN}([^{_CLOSE}]*){_CLOSE}")
#: A date no real note carries, composed in place of a deadline not yet given and then replaced.
_NO_DATE = dt.date(1901, 1, 1)

ProgressCallback = Callable[[int, int], None]


@dataclass(frozen=True)
class Segment:
    """A run of composed text: the template's fixed phrasing (`field` None) or the officer's text
    for `field` ("fields.document_title", "body[1]", "objection_deadline"); `missing` when the
    officer has not given it yet and `text` is a placeholder naming it."""

    text: str
    field: str | None = None
    missing: bool = False


@dataclass(frozen=True)
class DraftText:
    """One language version of a note as the page will read, fit for an editor's live view."""

    language: str
    heading: tuple[str, ...] = ()
    paragraphs: tuple[tuple[Segment, ...], ...] = ()
    closing: tuple[str, ...] = ()
    #: Why the version cannot be composed yet (e.g. no template for the note type).
    problem: str = ""
    #: An issued note's verification line, as the foot of its pages prints it (else empty).
    verification: str = ""

    def paragraph_texts(self) -> tuple[str, ...]:
        return tuple("".join(part.text for part in paragraph) for paragraph in self.paragraphs)

    def plain_text(self) -> str:
        return "\n".join([*self.heading, *self.paragraph_texts(), *self.closing])


@functools.cache
def _shared_templates() -> NoteTemplates:
    # Composing runs on every pause in typing; one environment keeps its compiled templates.
    return NoteTemplates()


#: The dates a draft may not have yet, as their placeholders name them.
_DATE_LABELS = {
    "objection_deadline": N_("objection deadline"),
    "event_date": N_("event date"),
}


def _placeholder(label: str) -> str:
    """`[Draft document]`, in the interface language: the officer reads it as the field's label
    above the pane, whatever the language of the pane."""
    return f"[{_(label)}]"


def _marked(key: str) -> str:
    return f"{_OPEN}{key}{_CLOSE}"


def _one_line(text: str) -> str:
    # The templates set a paragraph on one line; the officer's line breaks read as spaces there.
    return " ".join(text.replace(_OPEN, "").replace(_CLOSE, "").split())


def compose_draft(note: Note, language: str, templates: NoteTemplates | None = None) -> DraftText:
    """The note in `language` as its PDF will read, with the officer's texts marked and every
    text not given yet shown as a bracketed placeholder; incomplete notes compose too."""
    templates = templates or _shared_templates()
    kind = NOTE_TYPES.get(note.note_type)
    values: dict[str, Segment] = {}
    fields: dict[str, str] = {}
    for spec in kind.fields if kind else ():
        text = _one_line(note.field_text(language, spec.key))
        name = f"fields.{spec.key}"
        values[name] = Segment(text or _placeholder(spec.label), name, not text)
        fields[spec.key] = _marked(name)
    body: list[str] = []
    for index, paragraph in enumerate(note.body_paragraphs(language), start=1):
        name = f"body[{index}]"
        values[name] = Segment(paragraph.replace(_OPEN, "").replace(_CLOSE, ""), name)
        body.append(_marked(name))
    if kind is not None and kind.needs_body and not body:
        values["body"] = Segment(_placeholder(N_("text of the note")), "body", True)
        body.append(_marked("body"))

    shown = replace(
        note,
        languages=(language,),
        fields={language: fields},
        body={language: tuple(body)},
        objection_deadline=note.objection_deadline or _NO_DATE,
        event_date=note.event_date or _NO_DATE,
        sender=_with_language(note.sender, language),
        addressee=_addressee_with_language(note.addressee, language),
        number=note.number if note.number and note.number.prefix == note.series else None,
    )
    try:
        composed = compose_note(shown, language, templates)
    except ValidationError as error:
        from app.i18n.problems import problem_text

        told = "; ".join(problem_text(problem, note.note_type) for problem in error.problems)
        return DraftText(language, problem=told)
    except (KeyError, ValueError) as error:
        return DraftText(language, problem=str(error))

    missing_dates = {
        "objection_deadline": note.objection_deadline is None,
        "event_date": note.event_date is None,
    }
    paragraphs = []
    for markup in composed.paragraphs:
        text = html.unescape(str(markup))
        for name, missing in missing_dates.items():
            if missing:
                for case in ("ablative", "nominative"):  # the longer form first
                    try:
                        text = text.replace(long_date(_NO_DATE, language, case), _marked(name))
                    except ValueError:
                        continue
                label = _DATE_LABELS.get(name, name.replace("_", " "))
                values[name] = Segment(_placeholder(label), name, True)
        paragraphs.append(tuple(_segments(text, values)))
    enclosure = composed.enclosure
    if not enclosure and any(item.plan is not None for item in note.enclosures):
        # The plan's pages are counted when it is rendered (the preview); until then "…".
        enclosure = tuple(line.replace("0", "…") for line in enclosure_lines(0, language))
    heading = (
        *(line for block in composed.letterhead for line in block),
        composed.number,
        *enclosure,
    )
    return DraftText(
        language=language,
        heading=tuple(line for line in heading if line),
        paragraphs=tuple(paragraphs),
        closing=(composed.place_and_date, *composed.foot),
        verification=verification_line(note.number, note.issue_mark, language)
        if note.number and note.issue_mark
        else "",
    )


def _segments(text: str, values: Mapping[str, Segment]) -> list[Segment]:
    found: list[Segment] = []
    position = 0
    for match in _MARKER.finditer(text):
        if match.start() > position:
            found.append(Segment(text[position : match.start()]))
        found.append(values.get(match.group(1), Segment("", match.group(1), True)))
        position = match.end()
    if position < len(text):
        found.append(Segment(text[position:]))
    return found


def _with_language(sender: SenderProfile, language: str) -> SenderProfile:
    if language in sender.names:
        return sender
    blank = _placeholder(N_("sender"))
    names = dict(sender.names)
    names[language] = SenderName(blank, blank, blank, _placeholder(N_("place")))
    return replace(sender, names=names)


def _addressee_with_language(addressee: Addressee, language: str) -> Addressee:
    forms = addressee.forms.get(language)
    blank = _placeholder(N_("addressee"))
    if forms is not None and all((forms.nominative, forms.dative, forms.genitive)):
        return addressee
    filled = AddresseeForms(
        nominative=(forms.nominative if forms else "") or blank,
        dative=(forms.dative if forms else "") or blank,
        genitive=(forms.genitive if forms else "") or blank,
        foot=forms.foot if forms else "",
    )
    return replace(addressee, forms={**addressee.forms, language: filled})


def preview_pdf(note: Note, language: str, templates: NoteTemplates | None = None) -> bytes:
    """The PDF of one language version as it would be issued. Texts the officer has not typed yet
    print as bracketed placeholders; anything else wrong raises ValidationError."""
    kind = NOTE_TYPES.get(note.note_type)
    fields = {key: dict(values) for key, values in note.fields.items()}
    body = dict(note.body)
    if kind is not None:
        given = fields.setdefault(language, {})
        for spec in kind.fields:
            if not given.get(spec.key, "").strip():
                given[spec.key] = _placeholder(spec.label)
        if kind.needs_body and not note.body_paragraphs(language):
            body[language] = (_placeholder(N_("text of the note")),)
    single = replace(note, languages=(language,), fields=fields, body=body)
    problems = single.problems()
    if problems:
        raise ValidationError(problems)
    pack = render_note_pack(single, [language], templates, archival=False)
    stem = note.number.file_stem if note.number else f"{note.series}-draft"
    return pack.files[f"{stem}_{language}.pdf"]


def save_pdfs(
    note: Note,
    directory: Path,
    progress: ProgressCallback | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[Path]:
    """Render the note's pack (every language, enclosures, the combined file) and write it into
    `directory` atomically. Returns the files written, or [] when cancelled before writing."""
    report = progress or (lambda done, total: None)
    report(0, 2)
    pack = render_note_pack(note)
    report(1, 2)
    if cancelled is not None and cancelled():
        return []
    written = write_pack(pack, directory)
    report(2, 2)
    return written


# -- a new note and the directory --------------------------------------------------------------


def sender_profiles() -> list[SenderProfile]:
    """The sender profiles shipped in resources/senders/."""
    folder = paths.resources_dir() / "senders"
    return [load_sender_profile(path.stem) for path in sorted(folder.glob("*.toml"))]


def find_addressees(register: Register, text: str = "") -> list[Addressee]:
    """Addressees whose key or name contains `text`: the register's directory first, then the
    shipped directory's entries the register does not hold yet."""
    found = register.addressees(text)
    keys = {addressee.key for addressee in found}
    needle = text.strip().casefold()
    for key, addressee in addressee_directory().items():
        if key in keys:
            continue
        names = [key, *(forms.nominative for forms in addressee.forms.values())]
        if not needle or any(needle in name.casefold() for name in names):
            found.append(addressee)
    return found


def default_series(
    register: Register, preferred: str | None = None, today: dt.date | None = None
) -> str:
    """The series a new note starts in: `preferred` (the officer's last) where the register has
    it, else the one furthest on (the highest next number: the series in use, or the one set
    to go on at 1453), else the first ("" with none)."""
    prefixes = [info.prefix for info in register.list_series()]
    if preferred in prefixes:
        return str(preferred)
    day = today or dt.date.today()
    return max(prefixes, key=lambda prefix: register.next_number(prefix, day), default="")


def new_note(register: Register, today: dt.date | None = None, series: str | None = None) -> Note:
    """A blank silence-procedure draft from the first sender profile to the first addressee, in
    the sender's languages and number series `series` (see `default_series` when it is None
    or not the register's)."""
    senders = sender_profiles()
    if not senders:
        raise ValidationError([Problem("sender", "no_sender_profile")])
    sender = senders[0]
    addressees = find_addressees(register)
    addressee = addressees[0] if addressees else Addressee(key="addressee", forms={})
    return Note(
        note_type="silence_procedure",
        languages=sender.languages,
        sender=sender,
        addressee=addressee,
        date=today or dt.date.today(),
        series=default_series(register, series),
    )


# -- the recovery copy ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RecoveredDraft:
    """A draft's text found in the recovery folder: typed but perhaps never saved."""

    path: Path
    note: Note
    note_id: int | None
    written_at: dt.datetime


def recovery_dir() -> Path:
    return private_folder(paths.user_data_dir() / "recovery")


def recovery_path(note_id: int | None, session: str) -> Path:
    """`note-12.json` for a note in the register, `new-<session>.json` for one not saved yet."""
    name = f"note-{note_id}.json" if note_id is not None else f"new-{session}.json"
    return recovery_dir() / name


def write_recovery(path: Path, note: Note, note_id: int | None) -> None:
    """Write the recovery copy atomically and to disk, so a power cut leaves the old or the new."""
    data = {
        "note_id": note_id,
        "written_at": dt.datetime.now(dt.UTC).isoformat(),
        "note": _stored(note),
    }
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(data, stream, ensure_ascii=False)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def find_recovery(note_id: int | None) -> RecoveredDraft | None:
    """The recovery copy of note `note_id`, or for a new note the newest unsaved one."""
    if note_id is not None:
        candidates = [recovery_dir() / f"note-{note_id}.json"]
    else:
        candidates = sorted(
            recovery_dir().glob("new-*.json"), key=lambda p: p.stat().st_mtime, reverse=True
        )
    for path in candidates:
        recovered = read_recovery(path)
        if recovered is not None:
            return recovered
    return None


def read_recovery(path: Path) -> RecoveredDraft | None:
    """The draft in a recovery file, or None when it is missing or unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        note = _from_stored(data["note"])
        written_at = dt.datetime.fromisoformat(data["written_at"])
        note_id = data.get("note_id")
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return RecoveredDraft(path, note, int(note_id) if note_id is not None else None, written_at)


def remove_recovery(path: Path) -> None:
    path.unlink(missing_ok=True)


def _stored(note: Note) -> dict[str, Any]:
    data = note_to_dict(note)
    for stored, enclosure in zip(data["enclosures"], note.enclosures, strict=True):
        if enclosure.plan is not None:
            stored["plan_grid"] = plan_to_grid(enclosure.plan)
    return data


def _from_stored(data: dict[str, Any]) -> Note:
    note = note_from_dict(data)
    grids = [item.get("plan_grid") for item in data.get("enclosures", [])]
    enclosures = tuple(
        dataclasses.replace(enclosure, plan=grid_to_plan(grid) if grid else None)
        for enclosure, grid in zip(note.enclosures, grids, strict=True)
    )
    return replace(note, enclosures=enclosures)
