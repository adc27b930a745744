"""The permissions on a municipality's own records: initiatives, their events and input.

The table and the decisions behind it are in participation/accounts/rules.py.
"""

from __future__ import annotations

from participation.accounts.rules import can_edit_municipal_records, can_see, register

register(
    {
        # Seeing records (agrees with visible_to).
        "participation.view_initiative": can_see,
        "participation.view_event": can_see,
        "participation.view_input": can_see,
        # The municipality's own records.
        "participation.add_initiative": can_edit_municipal_records,
        "participation.change_initiative": can_edit_municipal_records,
        "participation.add_event": can_edit_municipal_records,
        "participation.change_event": can_edit_municipal_records,
        "participation.add_input": can_edit_municipal_records,
        "participation.change_input": can_edit_municipal_records,
    }
)
