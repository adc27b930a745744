"""Idempotent writes: a client sends `Idempotency-Key: <a key of its own>` with a write, and a
retry with the same key (a lost answer, a timeout) gets the first answer again instead of doing
the write twice.

The key is claimed by inserting an `IdempotentRequest` row in the same transaction as the write:
a second request with the key waits on the row's unique index until the first commits, then
finds it and replays its answer. A write that fails (an error answer or an exception) rolls the
claim back with it, so the client may correct the data and send the same key again. The same
key with another method, address or body is refused (422): it names another request.

An answer is kept `API_IDEMPOTENCY_HOURS` (24 by default): the daily task
`participation.delete_old_idempotency_answers` (`delete_old_answers`) deletes older ones, after
which the key is free again.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Callable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from .models import IdempotentRequest

IDEMPOTENCY_HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 200


class KeyReused(APIException):
    status_code = 422
    default_code = "idempotency_key_reused"


class _Failed(Exception):
    """Carries an error answer out of the transaction, so the claim is rolled back."""

    def __init__(self, response: Response) -> None:
        self.response = response


def _fingerprint(request: Request) -> str:
    body = json.dumps(request.data, sort_keys=True, default=str)
    return hashlib.sha256(f"{request.method} {request.path}\n{body}".encode()).hexdigest()


def run_idempotent(request: Request, write: Callable[[], Response]) -> Response:
    """Do `write` once per (user, Idempotency-Key); without the header, just do it (atomic)."""
    key = request.headers.get(IDEMPOTENCY_HEADER, "").strip()
    if not key:
        with transaction.atomic():
            return write()
    if len(key) > MAX_KEY_LENGTH:
        raise ValidationError(
            {
                IDEMPOTENCY_HEADER: [
                    _("The key is longer than %(n)s characters.") % {"n": MAX_KEY_LENGTH}
                ]
            }
        )
    fingerprint = _fingerprint(request)
    try:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    claim = IdempotentRequest.objects.create(
                        user=request.user,
                        key=key,
                        method=request.method or "",
                        path=request.path[:500],
                        fingerprint=fingerprint,
                    )
            except IntegrityError:
                return _replay(request, key, fingerprint)
            response = write()
            if response.status_code >= 300:
                raise _Failed(response)
            claim.status_code = response.status_code
            claim.response = json.loads(json.dumps(response.data, default=str))
            claim.save(update_fields=["status_code", "response"])
            return response
    except _Failed as failed:
        return failed.response


def _replay(request: Request, key: str, fingerprint: str) -> Response:
    earlier = IdempotentRequest.objects.get(user=request.user, key=key)
    if earlier.fingerprint != fingerprint:
        raise KeyReused(
            _("This Idempotency-Key was used for another request. Use a new key for a new request.")
        )
    response = Response(earlier.response, status=earlier.status_code)
    response["Idempotent-Replayed"] = "true"
    return response


def answer_lifetime() -> datetime.timedelta:
    """How long a write's answer is kept for replay (`API_IDEMPOTENCY_HOURS`)."""
    return datetime.timedelta(hours=int(settings.API_IDEMPOTENCY_HOURS))


def delete_old_answers(now: datetime.datetime | None = None) -> int:
    """Delete the stored answers older than their lifetime; the number deleted."""
    cutoff = (now or timezone.now()) - answer_lifetime()
    deleted, _by_model = IdempotentRequest.objects.filter(created_at__lt=cutoff).delete()
    return int(deleted)
