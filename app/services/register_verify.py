"""`verbale verify` whole: every stored PDF re-hashed and held against the documents table,
the note's manifest and its issue entry in the audit log; the audit chain, its MACs and its
anchor; every note's status moves and every user's row against the log."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.domain.workflow import Action
from app.services.audit import AuditProblem, count_entries, verify_chain, verify_statuses
from app.services.audit_anchor import AuditKeyError, audit_key
from app.services.audit_checks import (
    AuditFindings,
    anchor_sound_log,
    verify_anchor,
    verify_approved_content,
    verify_macs,
    verify_users,
)
from app.services.register import Register, VerifyReport


@dataclass(frozen=True)
class RegisterVerdict:
    """What `verify_register` found."""

    documents: VerifyReport
    audit_entries: int
    #: Changes made behind the application's back, found in the audit log or held against it.
    problems: tuple[AuditProblem, ...]
    #: What this computer could not check (said, so that nobody reads more into an ok).
    notices: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.documents.ok and not self.problems


def verify_register(
    register: Register, progress: Callable[[int, int], None] | None = None
) -> RegisterVerdict:
    """Check the whole register; a register found sound is anchored here at its newest entry."""
    documents = register.verify(progress)
    problems = verify_chain(register)
    problems += verify_statuses(register, {action.value for action in Action})
    findings = AuditFindings()
    try:
        key = audit_key()
    except AuditKeyError as error:
        problems.append(AuditProblem(0, "anchor", str(error)))
    else:
        findings = verify_macs(register, key) + verify_anchor(register, key)
    problems += findings.problems
    problems += verify_approved_content(register)
    problems += verify_users(register)
    verdict = RegisterVerdict(documents, count_entries(register), tuple(problems), findings.notices)
    if verdict.ok:
        anchor_sound_log(register, findings)
    return verdict
