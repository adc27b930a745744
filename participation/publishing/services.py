"""Publishing an initiative on the public pages, changing what is shown, withdrawing it, and the
municipality's indexing choice. The writes follow `participation.core.services`: atomic,
attributed (`acting_as`, so the audit entries name the actor), refusals as `ServiceError`.

Every change is in the audit trail through django-auditlog (the publication's fields and its
chosen events and input), chained by hash like every entry; the public pages' cache is cleared
when the change commits (`signals.py`).
"""

from __future__ import annotations

from collections.abc import Collection

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from participation.accounts.audit import acting_as
from participation.core.services import ServiceError
from participation.involvement.models import Initiative, Input, InvolvementEvent
from participation.places.models import Municipality

from .content import guard_problems
from .models import Publication, PublicSite


class PublishingError(ServiceError):
    """A publication refused for a reason the user should read."""


@transaction.atomic
def publish_initiative(
    initiative: Initiative,
    *,
    actor: User | None,
    events: Collection[InvolvementEvent],
    inputs: Collection[Input],
) -> Publication:
    """Show `initiative` on the public pages with `events` (its own) and `inputs` (of those
    events): a first publication, a change of what is shown, or publishing again after a
    withdrawal. Refused if any text that would be shown holds personal data."""
    event_ids = {e.pk for e in events}
    if any(e.initiative_id != initiative.pk for e in events):
        raise PublishingError(_("Only the initiative's own events can be published."))
    if any(item.event_id not in event_ids for item in inputs):
        raise PublishingError({"inputs": _("Input can only be published together with its event.")})
    problems = guard_problems(initiative, events, inputs)
    if problems:
        raise PublishingError(
            {None: [_("Nothing was published: remove the personal data first."), *problems]}
        )
    now = timezone.now()
    with acting_as(actor):
        publication = Publication.objects.select_for_update().filter(initiative=initiative).first()
        if publication is None:
            publication = Publication.objects.create(
                initiative=initiative, published_at=now, created_by=actor, updated_by=actor
            )
        else:
            publication.withdrawn_at = None
            publication.updated_by = actor
            publication.save()
        publication.events.set(events)
        publication.inputs.set(inputs)
    return publication


@transaction.atomic
def withdraw_publication(publication: Publication, *, actor: User | None) -> Publication:
    """Take the initiative off the public pages: its page answers 410 Gone from now on."""
    if publication.withdrawn_at is not None:
        raise PublishingError(_("The page has already been withdrawn."))
    with acting_as(actor):
        publication.withdrawn_at = timezone.now()
        publication.updated_by = actor
        publication.save()
    return publication


@transaction.atomic
def set_public_site(
    municipality: Municipality, *, actor: User | None, allow_indexing: bool
) -> PublicSite:
    """The municipality's choice whether search engines may index its public pages."""
    with acting_as(actor):
        site, created = PublicSite.objects.get_or_create(
            municipality=municipality,
            defaults={
                "allow_indexing": allow_indexing,
                "created_by": actor,
                "updated_by": actor,
            },
        )
        if not created and site.allow_indexing != allow_indexing:
            site.allow_indexing = allow_indexing
            site.updated_by = actor
            site.save()
    return site
