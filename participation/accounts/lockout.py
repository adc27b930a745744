"""django-axes' database handler with two limits (settings.AXES_HANDLER).

django-axes counts failures for each group in `AXES_LOCKOUT_PARAMETERS` and locks when the
largest count reaches `AXES_FAILURE_LIMIT`; it has one limit for every group. We count two
groups (settings: `[["username", "ip_address"], "ip_address"]`):

- a username *from one client address*: `AXES_FAILURE_LIMIT` (5) wrong passwords lock that
  username from that address only, so nobody elsewhere can lock a named account (an admin's
  included) by typing wrong passwords for it;
- a client address, whatever the usernames: `AXES_IP_FAILURE_LIMIT` (higher, 20 by default,
  since municipal offices sit behind one address), so trying many usernames from one client is
  stopped too.

Two changes to django-axes: how the counts compare with the limit (the address's count is
scaled to `AXES_FAILURE_LIMIT`, so axes' own `failures >= AXES_FAILURE_LIMIT` means "either
limit reached"), and what a successful login forgets: only that username's failures from that
address, never the address's count of failures for other usernames (`reset_user_attempts`).
`address_is_locked` tells the lockout page which limit was reached.
"""

from __future__ import annotations

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_parameters, get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


def ip_failure_limit() -> int:
    return int(getattr(settings, "AXES_IP_FAILURE_LIMIT", 20))


class TwoLimitLockoutHandler(AxesDatabaseHandler):  # type: ignore[misc]
    def _counts(
        self, request: HttpRequest, credentials: dict[str, Any] | None = None
    ) -> list[tuple[bool, int, int]]:
        """Each lockout group's failures within the cool-off: (is the address group, failures,
        the group's limit)."""
        # axes builds one queryset per lockout group, in the order of get_client_parameters.
        groups = get_client_parameters(
            get_client_username(request, credentials),
            request.axes_ip_address,  # type: ignore[attr-defined]
            request.axes_user_agent,  # type: ignore[attr-defined]
            request,
            credentials,
        )
        counts = []
        for group, attempts in zip(
            groups, self.get_user_attempts(request, credentials), strict=True
        ):
            count = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            by_address = "username" not in group
            limit = ip_failure_limit() if by_address else int(settings.AXES_FAILURE_LIMIT)
            counts.append((by_address, count, limit))
        return counts

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        limit = int(settings.AXES_FAILURE_LIMIT)
        failures = 0
        for by_address, count, group_limit in self._counts(request, credentials):
            # the address's count scaled to AXES_FAILURE_LIMIT (see the module's docstring)
            failures = max(failures, count * limit // group_limit if by_address else count)
        return failures

    def address_is_locked(
        self, request: HttpRequest, credentials: dict[str, Any] | None = None
    ) -> bool:
        """Whether the client's address has reached its own limit (`AXES_IP_FAILURE_LIMIT`),
        whatever the username: the lockout page then speaks of the address, not the username."""
        return any(
            by_address and count >= limit
            for by_address, count, limit in self._counts(request, credentials)
        )

    def reset_user_attempts(
        self, request: HttpRequest, credentials: dict[str, Any] | None = None
    ) -> int:
        """On a successful login (`AXES_RESET_ON_SUCCESS`): forget the failures of *this
        username from this address* only.

        django-axes deletes every group's attempts, the address group's included, and that
        group is every attempt from the address: logging in to one account one knows the
        password of would wipe the failures against every other username from that address,
        so anyone holding one password could guess others without end, a few at a time. The
        failures for other usernames stay, and still count towards the address's limit and
        their usernames' own, until the cool-off ends or an administrator unlocks.
        """
        username = get_client_username(request, credentials)
        if not username:
            return 0
        count, _deleted = AccessAttempt.objects.filter(
            username=username,
            ip_address=request.axes_ip_address,  # type: ignore[attr-defined]
        ).delete()
        return int(count)
