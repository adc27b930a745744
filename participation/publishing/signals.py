"""Changes that may alter a public page move the cache's generation on (`cache.invalidate`),
after the transaction commits (a rolled-back change leaves the cache as it was)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save


def _changed(sender: Any, **kwargs: Any) -> None:
    from .cache import invalidate

    transaction.on_commit(invalidate)


def connect() -> None:
    from participation.involvement.models import (
        Initiative,
        Input,
        InvolvementEvent,
        ParticipantCount,
    )
    from participation.places.models import Municipality

    from .models import Publication, PublicSite

    for model in (
        Initiative,
        InvolvementEvent,
        ParticipantCount,
        Input,
        Publication,
        PublicSite,
        Municipality,
    ):
        uid = f"publishing.invalidate.{model.__name__}"
        post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}.save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}.delete")
    for through in (
        Publication.events.through,
        Publication.inputs.through,
        Initiative.target_groups.through,
        InvolvementEvent.themes.through,
    ):
        m2m_changed.connect(
            _changed, sender=through, dispatch_uid=f"publishing.invalidate.{through.__name__}"
        )
