"""ReportLab's paragraph module, imported through app.render, compiles its URI pattern only when
it is used, and that pattern then finds what the compiled one finds."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from app.render.paragraph_import import PatternOnFirstUse

NOTE = Path(__file__).resolve().parents[2] / "examples" / "par-1453.toml"

URIS = [
    "https://example.com/a/b",
    "http://192.168.0.1:8080/path?q=1",
    "ftp://пример.рф/файл",
    "mailto:someone",
    "not a uri",
]


def test_a_pattern_on_first_use_finds_what_the_compiled_pattern_finds() -> None:
    import re

    source = r"(^(?:[a-z0-9\.\-\+]*)://)(?:\S+)\Z"
    lazy = PatternOnFirstUse(source, re.IGNORECASE, "://")
    compiled = re.compile(source, re.IGNORECASE)
    assert lazy.match("hyphenation") is None
    assert lazy.search("no uri here") is None
    assert "compiled" not in vars(lazy), "compiled for a text without ://"
    for uri in [*URIS, "HTTPS://EXAMPLE.COM"]:
        for found, expected in (
            (lazy.match(uri), compiled.match(uri)),
            (lazy.search(uri), compiled.search(uri)),
        ):
            assert (found and found.groups()) == (expected and expected.groups())
    assert lazy.pattern == source


def test_rendering_modules_leave_the_uri_pattern_to_its_first_use() -> None:
    script = textwrap.dedent(
        f"""
        import re
        compile_before = re.compile
        import app.render.note_pdf
        from reportlab.platypus import paragraph
        from app.render.paragraph_import import PatternOnFirstUse
        assert re.compile is compile_before, "re.compile left replaced"
        assert isinstance(paragraph.uri_pat, PatternOnFirstUse), type(paragraph.uri_pat)
        assert "compiled" not in vars(paragraph.uri_pat), "compiled on import"
        assert paragraph._uri_split_pairs("hyphenation") is None
        assert "compiled" not in vars(paragraph.uri_pat), "compiled for a plain word"
        from pathlib import Path
        from app.services.note_file import load_note
        from app.services.rendering import render_note_pack
        render_note_pack(load_note(Path({str(NOTE)!r})), archival=False)
        assert "compiled" not in vars(paragraph.uri_pat), "compiled rendering №PAR/1453"
        found = [paragraph._uri_split_pairs(uri) for uri in {URIS!r}]
        expected_pattern = re.compile(paragraph.uri_pat.pattern, paragraph.uri_pat.flags)
        paragraph.uri_pat = expected_pattern
        expected = [paragraph._uri_split_pairs(uri) for uri in {URIS!r}]
        assert found == expected, (found, expected)
        assert found[0] == [
            ("https://example.com/a/", "b"),
            ("https://example.com/", "a/b"),
            ("https://", "example.com/a/b"),
        ], found[0]
        print("ok")
        """
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "ok"
