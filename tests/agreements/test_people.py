"""The programme's people: programme leader and resource group, and the leader-left risk rule."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from participation.programme.models import ProgrammeContact, RiskFlag
from participation.programme.services import agreements as service
from participation.programme.services.risks import raise_all_rule_flags, raise_leader_left_flags
from participation.programme.tasks import raise_risk_flags

pytestmark = pytest.mark.django_db

Role = ProgrammeContact.Role
D = datetime.date


def _contact(municipality, name, role=Role.PROGRAMME_LEADER, start=None, end=None):  # type: ignore[no-untyped-def]
    return service.create_contact(
        municipality, actor=None, name=name, role=role, sector="NAV", start_date=start, end_date=end
    )


def test_staff_add_and_edit_a_person(client, staff_bodo, bodo):
    # Given municipal staff in Bodø
    client.force_login(staff_bodo)
    # When they add a programme leader
    response = client.post(
        reverse("participation:contact-create", args=[bodo.number]),
        {"name": "Kari Nordmann", "role": "leader", "sector": "NAV", "start_date": "2024-01-01"},
    )
    # Then it is listed
    assert response.url == reverse("participation:contact-list", args=[bodo.number])
    contact = ProgrammeContact.objects.get(municipality=bodo)
    page = client.get(response.url).content.decode()
    assert "Kari Nordmann" in page
    # When they set an end date
    response = client.post(
        reverse("participation:contact-update", args=[contact.pk]),
        {
            "name": "Kari Nordmann",
            "role": "leader",
            "sector": "NAV",
            "start_date": "2024-01-01",
            "end_date": "2025-06-30",
        },
    )
    # Then it is saved
    contact.refresh_from_db()
    assert contact.end_date == D(2025, 6, 30)
    assert contact.updated_by == staff_bodo


def test_adviser_adds_a_resource_group_member(client, adviser_nord, bodo):
    client.force_login(adviser_nord)
    response = client.post(
        reverse("participation:contact-create", args=[bodo.number]),
        {"name": "Ola Hansen", "role": "resource_group", "sector": "Eiendom"},
    )
    assert response.status_code == 302
    assert ProgrammeContact.objects.get(municipality=bodo).role == Role.RESOURCE_GROUP


def test_end_before_start_is_refused(client, staff_bodo, bodo):
    client.force_login(staff_bodo)
    response = client.post(
        reverse("participation:contact-create", args=[bodo.number]),
        {"name": "Kari", "role": "leader", "start_date": "2025-01-01", "end_date": "2024-01-01"},
    )
    assert response.status_code == 200
    assert "The end cannot be before the start." in response.content.decode()
    assert not ProgrammeContact.objects.exists()


def test_viewer_sees_but_may_not_edit(client, viewer_bodo, bodo):
    # Given a person in Bodø and a viewer
    contact = _contact(bodo, "Kari Nordmann")
    client.force_login(viewer_bodo)
    # Then the viewer sees the list without edit links, and gets 403 on the forms
    response = client.get(reverse("participation:contact-list", args=[bodo.number]))
    assert "Kari Nordmann" in response.content.decode()
    assert (
        reverse("participation:contact-update", args=[contact.pk]) not in response.content.decode()
    )
    assert (
        client.get(reverse("participation:contact-create", args=[bodo.number])).status_code == 403
    )
    assert client.get(reverse("participation:contact-update", args=[contact.pk])).status_code == 403


def test_outsiders_get_404(client, staff_bodo, asker):
    contact = _contact(asker, "Per Asker")
    client.force_login(staff_bodo)
    assert client.get(reverse("participation:contact-list", args=[asker.number])).status_code == 404
    assert client.get(reverse("participation:contact-update", args=[contact.pk])).status_code == 404


def test_people_list_query_count_is_pinned(
    client, adviser_nord, bodo, django_assert_max_num_queries
):
    for n in range(5):
        _contact(bodo, f"Ansatt {n}", role=Role.RESOURCE_GROUP)
    client.force_login(adviser_nord)
    with django_assert_max_num_queries(8):
        client.get(reverse("participation:contact-list", args=[bodo.number]))
    for n in range(5, 10):
        _contact(bodo, f"Ansatt {n}", role=Role.RESOURCE_GROUP)
    with django_assert_max_num_queries(8):
        client.get(reverse("participation:contact-list", args=[bodo.number]))


# The leader-left rule -------------------------------------------------------------------------


def _leader_flags(municipality):  # type: ignore[no-untyped-def]
    return RiskFlag.objects.filter(municipality=municipality, kind=RiskFlag.Kind.LEADER_LEFT)


def test_flag_raised_once_when_the_leader_has_left(bodo):
    # Given a programme leader whose end date was 30 June 2025, and no successor
    _contact(bodo, "Kari Nordmann", start=D(2023, 1, 1), end=D(2025, 6, 30))
    # When the rule runs on the last day of the leader's period
    raise_leader_left_flags(D(2025, 6, 30))
    # Then nothing is raised yet
    assert not _leader_flags(bodo).exists()
    # When it runs the day after, and again a week later
    raised = raise_leader_left_flags(D(2025, 7, 1))
    raise_leader_left_flags(D(2025, 7, 8))
    # Then one rule flag is raised, dated the first day
    flag = _leader_flags(bodo).get()
    assert raised == [flag]
    assert (flag.source, flag.raised_on, flag.closed_on) == (
        RiskFlag.Source.RULE,
        D(2025, 7, 1),
        None,
    )


def test_no_flag_when_a_successor_serves(bodo):
    # Given a leader who left and a successor from the next day
    _contact(bodo, "Kari Nordmann", end=D(2025, 6, 30))
    _contact(bodo, "Ola Hansen", start=D(2025, 7, 1))
    # When the rule runs
    raise_leader_left_flags(D(2025, 8, 1))
    # Then nothing is raised
    assert not _leader_flags(bodo).exists()


def test_flag_when_the_successor_has_not_started(bodo):
    # Given a successor who starts only in September
    _contact(bodo, "Kari Nordmann", end=D(2025, 6, 30))
    _contact(bodo, "Ola Hansen", start=D(2025, 9, 1))
    # Then in August the municipality is without a leader
    raise_leader_left_flags(D(2025, 8, 1))
    assert _leader_flags(bodo).count() == 1


def test_resource_group_members_leaving_raise_nothing(bodo):
    _contact(bodo, "Ola Hansen", role=Role.RESOURCE_GROUP, end=D(2025, 6, 30))
    raise_leader_left_flags(D(2025, 8, 1))
    assert not RiskFlag.objects.exists()


def test_a_closed_flag_is_not_raised_again_for_the_same_departure(bodo):
    # Given a flag raised and closed by an adviser, with still no successor
    _contact(bodo, "Kari Nordmann", end=D(2025, 6, 30))
    flag = raise_leader_left_flags(D(2025, 7, 1))[0]
    flag.closed_on = D(2025, 7, 2)
    flag.save()
    raise_leader_left_flags(D(2025, 7, 3))
    assert _leader_flags(bodo).count() == 1
    # When a new leader comes and leaves in turn
    _contact(bodo, "Ola Hansen", start=D(2025, 8, 1), end=D(2025, 12, 31))
    raise_leader_left_flags(D(2026, 1, 2))
    # Then that departure raises a new flag
    assert _leader_flags(bodo).count() == 2


def test_the_task_runs_the_rules(bodo):
    # Given a leader who left
    _contact(bodo, "Kari Nordmann", end=D(2025, 6, 30))
    # When the scheduled task runs for a given day, twice
    raise_risk_flags.delay("2025-07-01").get()
    raise_risk_flags.delay("2025-07-02").get()
    # Then one flag is raised, and running every rule again raises none
    assert _leader_flags(bodo).count() == 1
    assert not [
        f for f in raise_all_rule_flags(D(2025, 7, 3)) if f.kind == RiskFlag.Kind.LEADER_LEFT
    ]
