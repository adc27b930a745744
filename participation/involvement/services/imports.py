"""Committing an event import: every row or none.

The rows are checked again here, inside the transaction, by the same check the dry run showed
(`participation.involvement.imports.check_rows`, which runs the event form's rules): what was clean a
minute ago may not be now (a method made inactive, the same event typed in meanwhile). Any
error refuses the whole import; a failure half-way rolls every event back.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from participation.accounts.audit import acting_as
from participation.core.services import ServiceError
from participation.involvement.imports import ImportCheck, check_rows
from participation.involvement.models import Initiative, InvolvementEvent
from participation.involvement.services.involvement import create_event


class ImportRefused(ServiceError):
    """The file has errors; nothing was saved. `check` holds them, row by row."""

    def __init__(self, check: ImportCheck) -> None:
        super().__init__(
            _("Nothing was imported: the file has errors. Correct them and upload it again.")
        )
        self.check = check


@transaction.atomic
def import_events(
    initiative: Initiative,
    *,
    actor: User | None,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
) -> tuple[list[InvolvementEvent], ImportCheck]:
    """Create the events of `rows` not already there. Raises `ImportRefused` on any error."""
    # Lock the initiative so two imports of the same file cannot both create its events.
    Initiative.objects.select_for_update().filter(pk=initiative.pk).first()
    check = check_rows(initiative, header, rows)
    if not check.is_clean:
        raise ImportRefused(check)
    created = []
    with acting_as(actor):
        for plan in check.to_create:
            created.append(
                create_event(
                    initiative,
                    actor=actor,
                    themes=plan.themes,
                    counts=plan.counts,
                    **plan.fields,
                )
            )
    return created, check
