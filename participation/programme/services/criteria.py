"""Success-criteria assessments: per municipality and year, each criterion on the four-step
scale, once by the municipality itself and once by Husbanken's adviser.

Each side saves only its own assessments; django-auditlog records every row it creates or
changes with `actor` as the one who acted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction

from participation.accounts.audit import acting_as
from participation.places.models import Municipality, SuccessCriterion
from participation.programme.models import SuccessCriterionAssessment

Assessor = SuccessCriterionAssessment.Assessor


@dataclass(frozen=True)
class Rating:
    """One criterion as rated in the form."""

    criterion: SuccessCriterion
    rating: int
    reason: str = ""


def criteria() -> list[SuccessCriterion]:
    """The criteria assessed: those of the latest strategy that has any (Bolig for velferd's six)."""
    latest = (
        SuccessCriterion.objects.order_by("-strategy__start_year")
        .values_list("strategy_id", flat=True)
        .first()
    )
    if latest is None:
        return []
    return list(SuccessCriterion.objects.filter(strategy_id=latest).order_by("order"))


@transaction.atomic
def save_assessments(
    municipality: Municipality,
    *,
    actor: User | None,
    year: int,
    assessor: str,
    ratings: Iterable[Rating],
) -> list[SuccessCriterionAssessment]:
    """Create or update `assessor`'s assessment of each criterion rated; unrated ones are left."""
    existing = {
        a.criterion_id: a
        for a in SuccessCriterionAssessment.objects.select_for_update().filter(
            municipality=municipality, year=year, assessor=assessor
        )
    }
    saved = []
    with acting_as(actor):
        for entry in ratings:
            current = existing.get(entry.criterion.pk)
            if current is None:
                saved.append(
                    SuccessCriterionAssessment.objects.create(
                        municipality=municipality,
                        criterion=entry.criterion,
                        year=year,
                        assessor=assessor,
                        rating=entry.rating,
                        reason=entry.reason,
                        created_by=actor,
                        updated_by=actor,
                    )
                )
                continue
            changed = [
                name
                for name, new in (("rating", entry.rating), ("reason", entry.reason))
                if getattr(current, name) != new
            ]
            if changed:
                current.rating = entry.rating
                current.reason = entry.reason
                current.updated_by = actor
                current.save(update_fields=[*changed, "updated_by", "updated_at"])
            saved.append(current)
    return saved
