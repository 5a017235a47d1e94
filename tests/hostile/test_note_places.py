"""Issue 12, point 12: a note takes its sender profile and emblem only from resources/ or its
own folder; a missing, unreadable or non-image emblem is a problem, never a traceback."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from PIL import Image

from app.cli import main
from app.domain.problems import ValidationError
from app.paths import resources_dir
from app.services.note_file import load_note
from app.services.rendering import render_note_pack

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = (ROOT / "examples" / "par-1453.toml").read_text(encoding="utf-8")
PROFILE = (resources_dir() / "senders" / "cica-secretariat.toml").read_text(encoding="utf-8")


def note_folder(tmp_path: Path, sender: str, emblem: str | None = None) -> Path:
    """A note in tmp_path/notes naming `sender`; beside it our.toml, the shipped profile with
    `emblem`, and logo.png, a small image."""
    folder = tmp_path / "notes"
    folder.mkdir(exist_ok=True)
    (folder / "par-1453-plan.csv").write_bytes(
        (ROOT / "examples" / "par-1453-plan.csv").read_bytes()
    )
    profile = PROFILE if emblem is None else f'emblem = "{emblem}"\n' + PROFILE
    (folder / "our.toml").write_text(profile, encoding="utf-8")
    Image.new("RGB", (60, 60), (20, 40, 160)).save(folder / "logo.png")
    path = folder / "note.toml"
    path.write_text(EXAMPLE.replace('"cica-secretariat"', f'"{sender}"'), encoding="utf-8")
    return path


def problems_of(path: Path) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as caught:
        load_note(path)
    return [(problem.field, problem.message) for problem in caught.value.problems]


def test_a_sender_outside_resources_and_the_note_s_folder_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.toml"
    outside.write_text(PROFILE, encoding="utf-8")
    depth = "../" * len(resources_dir().resolve().parts)
    for sender in (f"{depth}{outside.with_suffix('')}", f"../{outside.name}", str(outside)):
        found = problems_of(note_folder(tmp_path, sender))
        assert [field for field, _message in found] == ["sender"], sender
        assert found[0][1].startswith(f'no sender profile "{sender}"')


def test_a_sender_in_the_note_s_folder_or_in_resources_is_taken(tmp_path: Path) -> None:
    assert load_note(note_folder(tmp_path, "our.toml")).sender.key == "cica-secretariat"
    assert load_note(note_folder(tmp_path, "cica-secretariat")).sender.key == "cica-secretariat"


@pytest.mark.parametrize(
    ("emblem", "said"),
    [
        ("/etc/passwd", 'the emblem "/etc/passwd" is outside resources/ and the note\'s folder'),
        ("../../outside.png", "is outside resources/ and the note's folder"),
        ("fonts/../../../../etc/hostname", "is outside resources/ and the note's folder"),
        ("missing.png", 'the emblem "missing.png" does not exist'),
        ("our.toml", "is not an image (PNG or JPEG)"),
        (".", "cannot be read"),
    ],
)
def test_a_bad_emblem_is_a_problem(tmp_path: Path, emblem: str, said: str) -> None:
    (tmp_path / "outside.png").write_bytes(b"not read")
    found = problems_of(note_folder(tmp_path, "our.toml", emblem))
    assert len(found) == 1 and found[0][0] == "sender.emblem"
    assert said in found[0][1]


def test_an_emblem_beside_the_note_is_printed(tmp_path: Path) -> None:
    note = load_note(note_folder(tmp_path, "our.toml", "logo.png"))
    assert note.sender.emblem == str((tmp_path / "notes" / "logo.png").resolve())
    pack = render_note_pack(note, ["en"], archival=False)
    assert b"/Subtype /Image" in pack.files["PAR-1453_en.pdf"]


def test_an_emblem_gone_or_edited_in_the_register_is_a_problem_at_rendering(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = note_folder(tmp_path, "our.toml", "logo.png")
    note = load_note(path)
    (tmp_path / "notes" / "logo.png").unlink()
    for emblem in (note.sender.emblem, "../../../../etc/passwd", "/etc/passwd"):
        edited = dataclasses.replace(note, sender=dataclasses.replace(note.sender, emblem=emblem))
        with pytest.raises(ValidationError) as caught:
            render_note_pack(edited, ["en"], archival=False)
        assert [p.field for p in caught.value.problems] == ["sender.emblem"]
    code = main(["render", str(path), "--out", str(tmp_path / "out")])
    assert code == 2 and "Emblem: the emblem" in capsys.readouterr().err
