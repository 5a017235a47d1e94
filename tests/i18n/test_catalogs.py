"""The Russian and Kazakh interface catalogs are complete for the current source.

Extraction here uses the same keywords as `make translations`, so a string added to app/ without
running it (and translating) fails this test instead of showing up in English to officers.
"""

from __future__ import annotations

import ast
import gettext
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from app.i18n.messages import _, catalog_path, load_translations, set_ui_language, ui_language

ROOT = Path(__file__).resolve().parents[2]
APP_DIR = ROOT / "app"
#: The Makefile's `pybabel extract -k _ -k N_ -k ngettext:1,2`.
KEYWORDS: dict[str, tuple[int, ...] | None] = {"_": None, "N_": None, "ngettext": (1, 2)}
TRANSLATED = ("ru", "kk")
#: str.format fields ({name}, {0:>3}) and printf conversions (%s, %d, %(name)s).
PLACEHOLDER = re.compile(
    r"\{[^{}]*\}"
    r"|%(?:\([A-Za-z_]\w*\))?[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]"
)


def extracted() -> dict[str, str | tuple[str, ...]]:
    """msgid (singular) -> message as extracted from app/ now, keyed for lookup in a catalog."""
    found: dict[str, str | tuple[str, ...]] = {}
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(APP_DIR), keywords=KEYWORDS, comment_tags=()
    ):
        key = message if isinstance(message, str) else message[0]
        found[key] = message
    return found


def catalog(language: str) -> Catalog:
    with catalog_path(language).open("rb") as po_file:
        return read_po(po_file, locale=language)


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text.replace("{{", "").replace("}}", "")))


@pytest.fixture
def english_afterwards() -> Iterator[None]:
    before = ui_language()
    yield
    set_ui_language(before)


def test_extraction_finds_the_interface_strings() -> None:
    messages = extracted()
    # Strings of the committed main window and register table: extraction really reads app/.
    assert {"&File", "Number", "Objection deadline", "Issued documents"} <= set(messages)


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_extracted_message_is_translated(language: str) -> None:
    entries = catalog(language)
    problems = []
    for msgid in sorted(extracted()):
        entry = entries.get(msgid)
        if entry is None:
            problems.append(f"missing: {msgid!r}")
        elif entry.fuzzy:
            problems.append(f"fuzzy: {msgid!r}")
        else:
            forms = entry.string if isinstance(entry.string, tuple) else (entry.string,)
            if not all(form.strip() for form in forms):
                problems.append(f"untranslated: {msgid!r}")
    assert not problems, (
        f"{language} catalog is behind the source; run `make translations` and translate:\n"
        + "\n".join(problems)
    )


@pytest.mark.parametrize("language", TRANSLATED)
def test_placeholders_survive_translation(language: str) -> None:
    problems = []
    for entry in catalog(language):
        if not entry.id or not entry.string:
            continue
        if isinstance(entry.id, tuple):
            wanted = placeholders(entry.id[1])
            forms = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        else:
            wanted = placeholders(entry.id)
            forms = (str(entry.string),)
        for form in forms:
            if form and placeholders(form) != wanted:
                problems.append(f"{entry.id!r}: {form!r} has {placeholders(form)}, wants {wanted}")
    assert not problems, "\n".join(problems)


def test_no_translation_call_inside_an_f_string() -> None:
    # pybabel does not look inside f-strings: such a string would never reach the catalogs.
    hidden = []
    for path in sorted(APP_DIR.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.JoinedStr):
                continue
            for inner in ast.walk(node):
                if (
                    isinstance(inner, ast.Call)
                    and isinstance(inner.func, ast.Name)
                    and inner.func.id in KEYWORDS
                    and inner.args
                    # _(spec.label) is fine anywhere: its literal is marked with N_() elsewhere.
                    and isinstance(inner.args[0], ast.Constant)
                ):
                    hidden.append(f"{path.relative_to(ROOT)}:{inner.lineno}")
    assert not hidden, "call _() outside the f-string: " + ", ".join(hidden)


def test_catalogs_declare_their_plural_forms() -> None:
    assert catalog("ru").num_plurals == 3
    assert catalog("kk").num_plurals == 2


def test_kazakh_interface_speaks_kazakh(english_afterwards: None) -> None:
    set_ui_language("kk")
    assert _("Number") == "Нөмір"
    assert _("Objection deadline") == "Қарсылық білдіру мерзімі"
    set_ui_language("ru")
    assert _("Objection deadline") == "Срок представления возражений"
    set_ui_language("en")
    assert _("Objection deadline") == "Objection deadline"


def test_russian_plural_rule_has_three_forms() -> None:
    rule = gettext.c2py(catalog("ru").plural_expr)
    assert [rule(n) for n in (1, 3, 5, 11, 21, 22, 25)] == [0, 1, 2, 2, 0, 1, 2]


def test_russian_counted_messages_pick_three_forms() -> None:
    counted = [message for message in extracted().values() if isinstance(message, tuple)]
    if not counted:
        pytest.skip("no ngettext() message in app/ yet")
    russian = load_translations("ru")
    for singular, plural in counted:
        forms = [russian.ngettext(singular, plural, n) for n in (1, 3, 5)]
        assert len(set(forms)) == 3, (singular, forms)
