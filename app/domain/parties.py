"""The parties to a note: the sender (a secretariat's profile) and the addressee."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from app.domain.languages import LANGUAGE_ORDER
from app.domain.problems import Problem


@dataclass(frozen=True)
class AddresseeForms:
    """An addressee's name in one language, in the grammatical forms the notes need.

    `foot` is the block at the foot of the note; it is always printed in capitals and keeps
    the line breaks given here.
    """

    nominative: str
    dative: str
    genitive: str
    foot: str = ""

    @property
    def foot_lines(self) -> tuple[str, ...]:
        block = self.foot or self.nominative
        return tuple(line.strip().upper() for line in block.splitlines() if line.strip())


@dataclass(frozen=True)
class Addressee:
    """A state, a group of states, an embassy or an organisation, with its forms per language.

    A group (`kind` "group") lists the keys of its `members`, to each of whom a note to the group
    is dispatched; a member has a `working_language` (its covering e-mail's) and an `email`.
    """

    key: str
    forms: Mapping[str, AddresseeForms]
    kind: str = "group"
    # Directory facts, not the note's text: a note's copy of its addressee (the register's
    # revision) keeps the forms only, and equals the directory's entry.
    working_language: str = field(default="", compare=False)
    email: str = field(default="", compare=False)
    members: tuple[str, ...] = field(default=(), compare=False)

    def in_language(self, language: str) -> AddresseeForms:
        try:
            return self.forms[language]
        except KeyError:
            raise KeyError(f"addressee {self.key!r} has no {language} forms") from None

    def nominative(self, language: str) -> str:
        return self.in_language(language).nominative

    def dative(self, language: str) -> str:
        return self.in_language(language).dative

    def genitive(self, language: str) -> str:
        return self.in_language(language).genitive

    def foot_lines(self, language: str) -> tuple[str, ...]:
        return self.in_language(language).foot_lines

    def problems(self, languages: tuple[str, ...]) -> list[Problem]:
        found: list[Problem] = []
        for language in languages:
            forms = self.forms.get(language)
            if forms is None:
                found.append(Problem("addressee", "no_forms", language, {"key": self.key}))
                continue
            for name in ("nominative", "dative", "genitive"):
                if not getattr(forms, name).strip():
                    found.append(Problem(f"addressee.{name}", "empty", language))
        return found


@dataclass(frozen=True)
class SenderName:
    """How the sender is named in one language.

    `official` is the full name in the letterhead (capitals, line breaks kept), `opening` the
    name that opens the note with its abbreviation, `short` the name in the closing compliment,
    `city` the place as written before the date (`город Астана`).
    """

    official: str
    opening: str
    short: str
    city: str

    @property
    def letterhead_lines(self) -> tuple[str, ...]:
        return tuple(line.strip() for line in self.official.splitlines() if line.strip())


@dataclass(frozen=True)
class SenderProfile:
    """A sending secretariat: its names per language and how its letterhead is laid out."""

    key: str
    names: Mapping[str, SenderName]
    #: For each note language, the languages whose official names head its first page.
    letterhead: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: Optional emblem printed above the letterhead: a path relative to resources/.
    emblem: str | None = None
    #: How an enclosed plan's pages are counted for the enclosure line: None counts the longest
    #: language version, "all" adds every version sent, a language code counts that version.
    enclosure_pages: str | None = None
    #: Whether an objection deadline on a weekend or holiday moves to the next working day.
    deadline_moves_to_working_day: bool = False

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(code for code in LANGUAGE_ORDER if code in self.names)

    def name(self, language: str) -> SenderName:
        try:
            return self.names[language]
        except KeyError:
            raise KeyError(f"sender {self.key!r} has no {language} names") from None

    def letterhead_languages(self, language: str) -> tuple[str, ...]:
        return self.letterhead.get(language, (language,))

    def problems(self, languages: tuple[str, ...]) -> list[Problem]:
        found: list[Problem] = []
        for language in languages:
            name = self.names.get(language)
            if name is None:
                found.append(Problem("sender", "no_names", language, {"key": self.key}))
                continue
            for part in ("official", "opening", "short", "city"):
                if not getattr(name, part).strip():
                    found.append(Problem(f"sender.{part}", "empty", language))
            for head in self.letterhead_languages(language):
                if head not in self.names:
                    found.append(
                        Problem("sender.letterhead", "letterhead_lacks", language, {"head": head})
                    )
        return found
