"""Programme agreements between a municipality and Husbanken, and the programme's people.

The writes follow `participation.core.services`: `verb_noun(target, *, actor, **fields)`, atomic,
naming their actor (`created_by` / `updated_by`, and the audit entries through `acting_as`), and
never seeing a request: the municipality comes from the caller, which takes it from the URL (or
from the record), never from a form. A refused change raises `ServiceError`.

- A new agreement gets the checklist of the seven commitments (`AgreementCheckItem.Item`), each
  "not started", so the checklist is always complete.
- A renewal is a new agreement that names the one it follows (`previous`); an agreement can be
  renewed once, and a renewal cannot start before the agreement it renews.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from participation.accounts.audit import acting_as
from participation.core.services import ServiceError, check_model
from participation.places.models import Municipality
from participation.programme.models import AgreementCheckItem, ProgrammeAgreement, ProgrammeContact

# Days before its end that an agreement without a renewal shows in the advisers' list.
ENDING_WITHIN_DAYS = 180

AGREEMENT_FIELDS = frozenset(
    {"kind", "level", "start_date", "end_date", "signatories", "priority_sub_goals"}
)
CONTACT_FIELDS = frozenset({"name", "role", "sector", "start_date", "end_date"})


def _checked(fields: Mapping[str, Any], allowed: frozenset[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"These fields are not set through this service: {sorted(unknown)}")


def _save_agreement(agreement: ProgrammeAgreement, fields: Mapping[str, Any]) -> None:
    sub_goals = fields.get("priority_sub_goals")
    for name, value in fields.items():
        if name != "priority_sub_goals":
            setattr(agreement, name, value)
    check_model(agreement)
    agreement.save()
    if sub_goals is not None:
        agreement.priority_sub_goals.set(sub_goals)


@transaction.atomic
def create_agreement(
    municipality: Municipality,
    *,
    actor: User | None,
    previous: ProgrammeAgreement | None = None,
    **fields: Any,
) -> ProgrammeAgreement:
    """A new agreement in `municipality` with its full checklist; a renewal if `previous`."""
    _checked(fields, AGREEMENT_FIELDS)
    if previous is not None:
        # Lock the agreement being renewed: two renewals at once cannot both pass the check.
        previous = ProgrammeAgreement.objects.select_for_update().get(pk=previous.pk)
        if previous.municipality_id != municipality.pk:
            raise ValueError("A renewal belongs to the municipality of the agreement it renews.")
        if ProgrammeAgreement.objects.filter(previous=previous).exists():
            raise ServiceError(_("This agreement has already been renewed."))
        start = fields.get("start_date")
        if start is not None and start < previous.start_date:
            raise ServiceError(
                {"start_date": _("A renewal cannot start before the agreement it renews.")}
            )
    with acting_as(actor):
        agreement = ProgrammeAgreement(
            municipality=municipality, previous=previous, created_by=actor, updated_by=actor
        )
        _save_agreement(agreement, fields)
        AgreementCheckItem.objects.bulk_create(
            AgreementCheckItem(agreement=agreement, item=item)
            for item in AgreementCheckItem.Item.values
        )
    return agreement


def renew_agreement(
    previous: ProgrammeAgreement, *, actor: User | None, **fields: Any
) -> ProgrammeAgreement:
    """The agreement that follows `previous`, in the same municipality."""
    return create_agreement(previous.municipality, actor=actor, previous=previous, **fields)


def renewal_defaults(previous: ProgrammeAgreement) -> dict[str, Any]:
    """A renewal's form, prefilled from the agreement it renews: same terms, the next period."""
    length = previous.end_date - previous.start_date
    start = previous.end_date + datetime.timedelta(days=1)
    return {
        "kind": previous.kind,
        "level": previous.level,
        "start_date": start,
        "end_date": start + length,
        "signatories": previous.signatories,
        "priority_sub_goals": list(previous.priority_sub_goals.values_list("pk", flat=True)),
    }


@transaction.atomic
def update_agreement(
    agreement: ProgrammeAgreement, *, actor: User | None, **fields: Any
) -> ProgrammeAgreement:
    """Change the given fields; a renewal still may not start before the one it renews."""
    _checked(fields, AGREEMENT_FIELDS)
    start = fields.get("start_date")
    previous = agreement.previous
    if start is not None and previous is not None and start < previous.start_date:
        raise ServiceError(
            {"start_date": _("A renewal cannot start before the agreement it renews.")}
        )
    with acting_as(actor):
        agreement.updated_by = actor
        _save_agreement(agreement, fields)
    return agreement


@transaction.atomic
def update_checklist(
    agreement: ProgrammeAgreement,
    *,
    actor: User | None,
    entries: Mapping[str, tuple[str, str]],
) -> int:
    """Set status and evidence per commitment (`item` → (status, evidence)); returns how many
    changed. Missing items are created, so an agreement from before the checklist gets one."""
    changed = 0
    with acting_as(actor):
        existing = {c.item: c for c in agreement.check_items.select_for_update()}
        for item, (status, evidence) in entries.items():
            if item not in AgreementCheckItem.Item.values:
                raise ValueError(f"Unknown commitment: {item!r}")
            check = existing.get(item) or AgreementCheckItem(agreement=agreement, item=item)
            if check.pk is not None and (check.status, check.evidence) == (status, evidence):
                continue
            check.status, check.evidence = status, evidence
            check_model(check)
            check.save()
            changed += 1
        if changed:
            agreement.updated_by = actor
            agreement.save(update_fields=["updated_by", "updated_at"])
    return changed


def ending_agreements(
    agreements: QuerySet[ProgrammeAgreement], *, today: datetime.date, within_days: int
) -> QuerySet[ProgrammeAgreement]:
    """Agreements without a renewal that end within `within_days` of `today` or have ended."""
    horizon = today + datetime.timedelta(days=within_days)
    return agreements.filter(end_date__lte=horizon, renewal__isnull=True).order_by(
        "end_date", "municipality__name"
    )


# People ---------------------------------------------------------------------------------------


@transaction.atomic
def create_contact(
    municipality: Municipality, *, actor: User | None, **fields: Any
) -> ProgrammeContact:
    """A programme leader or resource-group member (municipal staff, never a resident)."""
    _checked(fields, CONTACT_FIELDS)
    with acting_as(actor):
        contact = ProgrammeContact(
            municipality=municipality, created_by=actor, updated_by=actor, **fields
        )
        check_model(contact)
        contact.save()
    return contact


@transaction.atomic
def update_contact(
    contact: ProgrammeContact, *, actor: User | None, **fields: Any
) -> ProgrammeContact:
    _checked(fields, CONTACT_FIELDS)
    with acting_as(actor):
        for name, value in fields.items():
            setattr(contact, name, value)
        contact.updated_by = actor
        check_model(contact)
        contact.save()
    return contact


def current_leaders(
    contacts: QuerySet[ProgrammeContact], today: datetime.date
) -> QuerySet[ProgrammeContact]:
    """Programme leaders serving on `today` (no start date counts as started)."""
    return contacts.filter(
        Q(start_date__isnull=True) | Q(start_date__lte=today),
        Q(end_date__isnull=True) | Q(end_date__gte=today),
        role=ProgrammeContact.Role.PROGRAMME_LEADER,
    )
