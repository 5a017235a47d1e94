"""The addressee directory: `verbale addressees forms|add|list|show`.

`forms` proposes the dative, genitive and foot block of a nominative; `add` stores an addressee
with the proposed forms, each of which may be replaced (`--set ru.genitive=...`): the stored
forms are the source of truth.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from typing import Any

from app.cli.acting import Passwords, add_acting_options, login, open_register, refused
from app.i18n.messages import _

_FORM_NAMES = ("nominative", "dative", "genitive", "foot")
_KINDS = ("group", "state", "ministry", "embassy", "organisation")


def add_parser(subparsers: Any) -> None:
    addressees = subparsers.add_parser(
        "addressees", help="the directory of addressees; propose an addressee's forms"
    )
    commands = addressees.add_subparsers(dest="addressees_command", metavar="ACTION", required=True)

    forms = commands.add_parser("forms", help="propose the dative and genitive of a nominative")
    forms.add_argument("--lang", required=True, choices=("ru", "kk", "en"))
    forms.add_argument("nominative", help="the name as it opens a sentence")
    forms.add_argument("--foot", action="store_true", help="print the foot block as well")
    forms.set_defaults(handler=_forms)

    add = commands.add_parser("add", help="add (or replace) an addressee in the register")
    add.add_argument("key", help="a short key, e.g. mfa-japan")
    add.add_argument("--kind", choices=_KINDS, default="state")
    for language in ("en", "ru", "kk"):
        add.add_argument(f"--{language}", metavar="NOMINATIVE", help=f"the {language} nominative")
    add.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="LANG.FORM=TEXT",
        help="replace a proposed form, e.g. ru.genitive='Посольства Японии' (repeatable)",
    )
    add_acting_options(add)
    add.set_defaults(handler=_add)

    listing = commands.add_parser("list", help="the addressees, optionally those matching TEXT")
    listing.add_argument("text", nargs="?", default="")
    listing.set_defaults(handler=_list)

    show = commands.add_parser("show", help="an addressee's forms in each language")
    show.add_argument("key")
    show.set_defaults(handler=_show)

    members = commands.add_parser(
        "members", help="whom a note to an addressee goes to: a group's members, in order"
    )
    members.add_argument("key")
    members.set_defaults(handler=_members)


def _forms(args: argparse.Namespace) -> int:
    from app.services.addressee_forms import propose_forms

    proposed = propose_forms(args.lang, args.nominative)
    if not proposed.nominative:
        print(_("The nominative is empty: type the addressee's name."), file=sys.stderr)
        return 2
    print(f"nominative: {proposed.nominative}")
    print(f"dative: {proposed.dative}")
    print(f"genitive: {proposed.genitive}")
    if args.foot:
        print("foot:")
        print(proposed.foot)
    return 0


def _overrides(items: list[str]) -> dict[tuple[str, str], str]:
    found: dict[tuple[str, str], str] = {}
    for item in items:
        target, equals, text = item.partition("=")
        language, _dot, form = target.partition(".")
        if not equals or language not in ("en", "ru", "kk") or form not in _FORM_NAMES:
            raise ValueError(
                _(
                    "--set {item!r}: write LANG.FORM=TEXT, LANG one of en, ru, kk and FORM one of "
                    "nominative, dative, genitive, foot."
                ).format(item=item)
            )
        found[(language, form)] = text.replace("\\n", "\n")
    return found


def _add(args: argparse.Namespace) -> int:
    from app.domain.parties import Addressee
    from app.services.addressee_forms import propose_forms
    from app.services.register import RegisterError
    from app.services.users import LoginRefused

    try:
        overrides = _overrides(args.set)
    except ValueError as error:
        return refused(error)
    forms = {}
    for language in ("en", "ru", "kk"):
        nominative = getattr(args, language) or overrides.get((language, "nominative"))
        if not nominative:
            continue
        proposal = propose_forms(language, nominative)
        changes = {form: text for (lang, form), text in overrides.items() if lang == language}
        forms[language] = replace(proposal, **changes)
    if not forms:
        return refused(_("Give at least one nominative: --en, --ru or --kk."))
    register = open_register(args)
    try:
        login(args, register, Passwords(args.password_stdin))
        register.save_addressee(Addressee(key=args.key, forms=forms, kind=args.kind))
    except (RegisterError, LoginRefused) as error:
        return refused(error)
    print(_("Addressee {key} saved.").format(key=args.key))
    _print_addressee(Addressee(key=args.key, forms=forms, kind=args.kind))
    return 0


def _list(args: argparse.Namespace) -> int:
    from app.services.drafting import find_addressees

    for addressee in find_addressees(open_register(args, reading=True), args.text):
        forms = addressee.forms.get("en") or next(iter(addressee.forms.values()), None)
        print(f"{addressee.key}\t{addressee.kind}\t{forms.nominative if forms else ''}")
    return 0


def _show(args: argparse.Namespace) -> int:
    from app.services.drafting import find_addressees

    for addressee in find_addressees(open_register(args, reading=True), args.key):
        if addressee.key == args.key:
            _print_addressee(addressee)
            return 0
    return refused(_("There is no addressee {key!r} in the directory.").format(key=args.key))


def _members(args: argparse.Namespace) -> int:
    from app.services.distribution import recipients
    from app.services.register import RegisterError

    try:
        found = recipients(open_register(args, reading=True), args.key)
    except RegisterError as error:
        return refused(error)
    for number, member in enumerate(found, start=1):
        print(
            f"{number}\t{member.key}\t{member.working_language}\t{member.email or '-'}\t"
            f"{member.name}"
        )
    return 0


def _print_addressee(addressee: Any) -> None:
    print(f"{addressee.key} ({addressee.kind})")
    if addressee.working_language:
        print(_("working language: {language}").format(language=addressee.working_language))
    if addressee.email:
        print(_("e-mail: {address}").format(address=addressee.email))
    if addressee.members:
        print(
            _("members ({count}): {keys}").format(
                count=len(addressee.members), keys=", ".join(addressee.members)
            )
        )
    for language, forms in addressee.forms.items():
        print(f"[{language}]")
        for name in ("nominative", "dative", "genitive"):
            print(f"  {name}: {getattr(forms, name)}")
        print("  foot: " + " / ".join(forms.foot_lines))
