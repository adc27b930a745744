"""The pickers of the meeting and commitment forms: municipalities the adviser may act on, as a
list of checkboxes to filter; people by name and role, only those who can act."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from participation.accounts.models import RoleAssignment

from .conftest import make_meeting

pytestmark = pytest.mark.django_db


def test_the_meeting_form_lists_only_the_advisers_municipalities_as_checkboxes(
    client, adviser_nord, bodo, asker
) -> None:  # type: ignore[no-untyped-def]
    # given
    client.force_login(adviser_nord)
    # when
    text = client.get(reverse("participation:meeting-create")).content.decode()
    # then: Bodø (in Husbanken Nord) is a checkbox to filter; Asker (Husbanken Øst) is absent
    inputs = re.findall(r"<input [^>]*>", text)
    bodo_box = [tag for tag in inputs if f'value="{bodo.pk}"' in tag]
    assert len(bodo_box) == 1
    assert 'type="checkbox"' in bodo_box[0]
    assert 'name="municipalities"' in bodo_box[0]
    assert "data-filter-choices" in bodo_box[0]
    assert "Find a municipality by name" in text
    assert f'value="{asker.pk}"' not in text
    assert '<select name="municipalities"' not in text


def test_the_responsible_person_is_chosen_by_name_and_role_among_those_who_can_act(
    client, adviser_nord, bodo, user_factory
) -> None:  # type: ignore[no-untyped-def]
    # given: a named municipal worker and a read-only viewer in Bodø
    meeting = make_meeting(bodo)
    worker = user_factory(username="kari-bodo", first_name="Kari", last_name="Nordmann")
    RoleAssignment.objects.create(
        user=worker, role=RoleAssignment.Role.MUNICIPAL, municipality=bodo
    )
    viewer = user_factory(username="leser", first_name="Lise", last_name="Leser")
    RoleAssignment.objects.create(user=viewer, role=RoleAssignment.Role.VIEWER, municipality=bodo)
    client.force_login(adviser_nord)
    # when
    text = client.get(reverse("participation:commitment-add", args=[meeting.pk])).content.decode()
    # then: the worker by name and role, not username; the viewer not at all
    assert re.search(
        rf'<option value="{worker.pk}">Kari Nordmann \(Municipal staff, Bodø\)</option>', text
    )
    assert f'<option value="{viewer.pk}"' not in text
    assert "Lise Leser" not in text
