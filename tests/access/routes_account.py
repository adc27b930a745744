"""Routes of login, the account page and the second factor. Filled in by that work.

- The account page, the password change, My tasks and the choice of notices are every logged-in
  user's own: no target, no scope.
- Setting up an authenticator app is for admins only (only they are asked for a second factor);
  others get 403. The matrix's admin already has a verified device, so the page offers a new one.
- The code page is reachable by everyone logged in: those with nothing to verify (everyone but an
  unverified admin) are sent on to the page they asked for, a redirect that counts as success.
- Resetting another user's second factor is user management: admins only, everyone else 403
  for any account, in scope or not (`USER_MANAGEMENT`). The matrix's target account has no
  authenticator app, so admins are sent back to its page with a message; the reset itself is
  tested in tests/views/test_users.py.
"""

from __future__ import annotations

from .routes_core import USER_MANAGEMENT
from .spec import EVERY_ROLE, Route

ADMINS = frozenset({"admin"})

ROUTES: list[Route] = [
    Route("participation:account", allowed=EVERY_ROLE),
    # My tasks and the choice of notices are every logged-in user's own (tests/front/
    # test_my_tasks.py, tests/account/test_notifications.py).
    Route("participation:my-tasks", allowed=EVERY_ROLE),
    Route(
        "participation:notification-settings",
        method="POST",
        allowed=EVERY_ROLE,
        data={"email": "none"},
        note="saved, and sent back to the account page",
    ),
    Route("participation:password-change", allowed=EVERY_ROLE),
    Route(
        "participation:password-change",
        method="POST",
        allowed=EVERY_ROLE,
        data={"old_password": "not-the-password", "new_password1": "x", "new_password2": "y"},
        note="a wrong current password shows the form again and changes nothing",
    ),
    Route("participation:totp-enrol", allowed=ADMINS),
    Route(
        "participation:totp-enrol",
        method="POST",
        allowed=ADMINS,
        data={"code": "000000"},
        note="a wrong code shows the form again; the new device stays unconfirmed",
    ),
    Route("participation:totp-verify", allowed=EVERY_ROLE, note="nothing to verify: sent on"),
    Route(
        "participation:totp-verify",
        method="POST",
        allowed=EVERY_ROLE,
        data={"code": "000000"},
        note="nothing to verify: sent on, the code is not checked",
    ),
    Route(
        "participation:user-second-factor-reset",
        target="user",
        note="the target has no authenticator app: admins are sent back to the user page",
        **USER_MANAGEMENT,
    ),
    Route(
        "participation:user-second-factor-reset",
        target="user",
        method="POST",
        data={"reason": "Lost phone"},
        **USER_MANAGEMENT,
    ),
]
