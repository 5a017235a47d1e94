"""Problems and refusals told as sentences in the interface language.

The domain and the services report what is wrong as data (a code and its parameters); this is
the one place that turns them into words, for the GUI and the CLI alike.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from app.domain import plan_edits
from app.domain.languages import LANGUAGE_NAMES
from app.domain.problems import Refusal
from app.i18n.messages import _


def language_name(code: str) -> str:
    """A language's own name (English, Русский, Қазақша); the code for one not known."""
    return LANGUAGE_NAMES.get(code, code)


def _counts(params: Mapping[str, object]) -> str:
    counts = params.get("counts")
    assert isinstance(counts, Mapping)
    return ", ".join(f"{language_name(code)} {count}" for code, count in counts.items())


#: Each refusal code's sentence, given its parameters.
_REFUSALS: dict[str, Callable[[Mapping[str, object]], str]] = {
    plan_edits.NO_ROW_BELOW: lambda p: _("There is no table row below to merge with."),
    plan_edits.CELL_BELOW_HAS_TEXT: lambda p: _(
        "The cell below has text; empty it first, so that nothing is lost."
    ),
    plan_edits.NOT_A_SECTION: lambda p: _("Only section headings have levels (1 to 3)."),
    plan_edits.NO_LANGUAGE: lambda p: _("A plan needs at least one language."),
    plan_edits.PREAMBLE_COUNTS_DIFFER: lambda p: _(
        "The preamble has a different number of paragraphs per language: {counts}."
    ).format(counts=_counts(p)),
    plan_edits.PREAMBLE_BULLET_ONE_LANGUAGE: lambda p: _(
        "Preamble paragraph {number} is a bullet in one language only."
    ).format(**p),
    plan_edits.SIGNATORY_DATE: lambda p: _(
        "Signatory {number}: {text!r} is not a date like 2023-11-29."
    ).format(**p),
    plan_edits.COLUMN_KEY_INVALID: lambda p: _(
        "{key!r} is not a column key: use letters, digits and _"
    ).format(**p),
    plan_edits.COLUMN_KEY_TWICE: lambda p: _("The key {key!r} is used twice.").format(**p),
    plan_edits.COLUMN_WIDTH_INVALID: lambda p: _(
        "Row {row}: the width {text!r} is not a number from 0.05 to 100."
    ).format(**p),
    plan_edits.NO_COLUMNS: lambda p: _("A plan needs at least one column besides the number."),
}


def refusal_text(refusal: Refusal) -> str:
    """The sentence telling why an edit was refused."""
    tell = _REFUSALS.get(refusal.code)
    if tell is None:
        raise KeyError(f"no sentence for the refusal code {refusal.code!r}")
    return tell(refusal.params)
