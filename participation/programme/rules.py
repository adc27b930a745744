"""The permissions on the programme: indicator values, success criteria, agreements and the
programme's people.

The table and the decisions behind it are in participation/accounts/rules.py.
"""

from __future__ import annotations

from typing import Any

import rules

from participation.accounts.rules import (
    can_act_for_programme,
    can_edit_municipal_records,
    has_in_scope,
    is_municipal_staff_of,
    register,
)


@rules.predicate
def is_responsible_for(user: Any, commitment: Any) -> bool:
    """The commitment names the user as the one responsible for it."""
    return commitment is not None and getattr(commitment, "responsible_id", None) == user.pk


register(
    {
        # The municipality's side: its values and its self-assessment on the success criteria.
        "participation.submit_indicatorvalue": can_edit_municipal_records,
        "participation.self_assess_successcriteria": can_edit_municipal_records,
        # Husbanken's side of the programme.
        "participation.approve_indicatorvalue": can_act_for_programme,
        "participation.assess_successcriteria": can_act_for_programme,
        "participation.manage_agreements": can_act_for_programme,
        # Recorded by both sides; never by viewers.
        "participation.manage_programme_people": (can_act_for_programme | is_municipal_staff_of),
        # A commitment's status: Husbanken's side, and the person responsible for it (who
        # marks it done from "My tasks").
        "participation.update_commitment_status": (
            can_act_for_programme | (has_in_scope & is_responsible_for)
        ),
    }
)
