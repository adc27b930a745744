"""Recording initiatives and their success-factor/barrier assessment.

The writes follow `participation.core.services`: `verb_noun(target, *, actor, **fields)`, atomic,
naming their actor (`created_by` / `updated_by`, and the audit entries through `acting_as`), and
never seeing a request: the municipality comes from the caller, which takes it from the URL,
never from a form. The model's own checks refuse with `ServiceError`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from participation.accounts.audit import acting_as
from participation.core.services import check_model
from participation.involvement.models import FactorAssessment, Initiative
from participation.places.models import Factor, Municipality

# Many-to-many fields of an initiative that the forms edit; set after the row is saved.
M2M_FIELDS = ("target_groups", "participation_forms", "goals", "priority_areas")
# Fields the services refuse to take from callers: identity, ownership and attribution.
PROTECTED_FIELDS = frozenset(
    {"id", "pk", "municipality", "reference", "created_by", "updated_by", "is_example"}
)


def _split(fields: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    protected = PROTECTED_FIELDS & set(fields)
    if protected:
        raise ValueError(f"These fields are not set through this service: {sorted(protected)}")
    plain = {k: v for k, v in fields.items() if k not in M2M_FIELDS}
    related = {k: v for k, v in fields.items() if k in M2M_FIELDS}
    return plain, related


@transaction.atomic
def create_initiative(
    municipality: Municipality, *, actor: User | None, **fields: Any
) -> Initiative:
    """A new initiative in `municipality`, with its reference number."""
    plain, related = _split(fields)
    with acting_as(actor):
        initiative = Initiative(
            municipality=municipality, created_by=actor, updated_by=actor, **plain
        )
        check_model(initiative, exclude=["reference"])
        initiative.save()
        for name, values in related.items():
            getattr(initiative, name).set(values)
    return initiative


@transaction.atomic
def update_initiative(initiative: Initiative, *, actor: User | None, **fields: Any) -> Initiative:
    """Change the given fields of `initiative`; fields not given stay as they are."""
    plain, related = _split(fields)
    with acting_as(actor):
        for name, value in plain.items():
            setattr(initiative, name, value)
        initiative.updated_by = actor
        check_model(initiative, exclude=["reference"])
        initiative.save(update_fields=[*plain, "updated_by", "updated_at"])
        for name, values in related.items():
            getattr(initiative, name).set(values)
    return initiative


@dataclass(frozen=True)
class FactorAnswer:
    """One factor's assessment as entered: `presence` is "" for "not assessed"."""

    factor: Factor
    presence: str
    comment: str = ""


@transaction.atomic
def assess_factors(
    initiative: Initiative, *, actor: User | None, answers: Iterable[FactorAnswer]
) -> dict[str, int]:
    """Save the success-factor/barrier assessment of `initiative`.

    A factor answered "not assessed" has no row (an existing one is deleted); unchanged rows are
    not written again, so the audit trail shows only real changes. Returns how many rows were
    created, changed and deleted.
    """
    existing = {a.factor_id: a for a in initiative.factor_assessments.all()}
    counts = {"created": 0, "changed": 0, "deleted": 0}
    with acting_as(actor):
        for answer in answers:
            current = existing.get(answer.factor.pk)
            comment = answer.comment.strip()
            if not answer.presence:
                if current is not None:
                    current.delete()
                    counts["deleted"] += 1
                continue
            if answer.presence not in FactorAssessment.Presence.values:
                raise ValueError(f"Unknown presence {answer.presence!r}")
            if current is None:
                FactorAssessment.objects.create(
                    initiative=initiative,
                    factor=answer.factor,
                    presence=answer.presence,
                    comment=comment,
                    created_by=actor,
                    updated_by=actor,
                )
                counts["created"] += 1
            elif (current.presence, current.comment) != (answer.presence, comment):
                current.presence = answer.presence
                current.comment = comment
                current.updated_by = actor
                current.save(update_fields=["presence", "comment", "updated_by", "updated_at"])
                counts["changed"] += 1
    return counts
