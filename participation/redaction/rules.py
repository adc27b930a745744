"""Who may remove personal data: admins only (`participation.redact_personal_data`).

Found and loaded by `rules.apps.AutodiscoverRulesConfig` like every app's `rules.py`. The same
predicates as participation/accounts/rules.py: an active, logged-in admin. Admins have no scope,
so a redaction searches every municipality's records.
"""

from __future__ import annotations

import rules

from participation.accounts.rules import is_active_user, is_admin

rules.set_perm("participation.redact_personal_data", is_active_user & is_admin)
