"""Who may publish: the staff who may edit the initiative (its municipality's staff, admins)."""

from __future__ import annotations

from participation.accounts.rules import can_edit_municipal_records, register

register({"participation.publish_initiative": can_edit_municipal_records})
