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

The only change to django-axes is how the counts compare with the limit: the address's count is
scaled to `AXES_FAILURE_LIMIT`, so axes' own `failures >= AXES_FAILURE_LIMIT` means "either
limit reached".
"""

from __future__ import annotations

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_parameters, get_client_username
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


def ip_failure_limit() -> int:
    return int(getattr(settings, "AXES_IP_FAILURE_LIMIT", 20))


class TwoLimitLockoutHandler(AxesDatabaseHandler):  # type: ignore[misc]
    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        limit = int(settings.AXES_FAILURE_LIMIT)
        per_address = ip_failure_limit()
        # axes builds one queryset per lockout group, in the order of get_client_parameters.
        groups = get_client_parameters(
            get_client_username(request, credentials),
            request.axes_ip_address,  # type: ignore[attr-defined]
            request.axes_user_agent,  # type: ignore[attr-defined]
            request,
            credentials,
        )
        failures = 0
        for group, attempts in zip(
            groups, self.get_user_attempts(request, credentials), strict=True
        ):
            count = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            if "username" not in group:
                count = count * limit // per_address
            failures = max(failures, count)
        return failures
