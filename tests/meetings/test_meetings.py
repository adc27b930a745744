"""Meetings and their commitments through the pages: list, create, change, detail, status."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from participation.accounts.access import visible_municipalities
from participation.programme.models import Commitment, Meeting

from .conftest import make_commitment, make_meeting

pytestmark = pytest.mark.django_db


def test_the_list_shows_meetings_with_a_municipality_in_scope(
    client, adviser_nord, bodo, asker
) -> None:  # type: ignore[no-untyped-def]
    # given: one meeting in Bodø, one in Asker, one regional gathering with both
    make_meeting(bodo, title="Bodø operative")
    make_meeting(asker, title="Asker operative")
    make_meeting(bodo, asker, title="Joint gathering")
    client.force_login(adviser_nord)
    # when
    response = client.get(reverse("participation:meeting-list"))
    # then
    text = response.content.decode()
    assert "Bodø operative" in text
    assert "Joint gathering" in text
    assert "Asker operative" not in text
    assert "New meeting" in text


def test_a_viewer_sees_meetings_but_cannot_add_one(client, viewer_bodo, bodo) -> None:  # type: ignore[no-untyped-def]
    # given
    meeting = make_meeting(bodo, title="Bodø operative")
    client.force_login(viewer_bodo)
    # when
    listing = client.get(reverse("participation:meeting-list")).content.decode()
    detail = client.get(reverse("participation:meeting-detail", args=[meeting.pk]))
    # then
    assert "Bodø operative" in listing
    assert "New meeting" not in listing
    assert detail.status_code == 200
    assert "Change meeting" not in detail.content.decode()
    assert client.get(reverse("participation:meeting-create")).status_code == 403


def test_an_adviser_holds_a_meeting(client, adviser_nord, bodo) -> None:  # type: ignore[no-untyped-def]
    # given
    client.force_login(adviser_nord)
    # when
    response = client.post(
        reverse("participation:meeting-create"),
        {
            "kind": "leadership",
            "title": "Ledermøte",
            "date": "2025-05-01",
            "municipalities": [bodo.pk],
            "participants": "NAV (leader), property (operative)",
            "minutes": "Agreed on a plan.",
        },
        follow=True,
    )
    # then
    meeting = Meeting.objects.get()
    assert list(meeting.municipalities.all()) == [bodo]
    assert meeting.created_by == adviser_nord
    text = response.content.decode()
    assert "The meeting was saved." in text
    assert "Leadership meeting" in text
    assert "NAV (leader), property (operative)" in text
    assert "Agreed on a plan." in text


def test_a_forged_municipality_outside_scope_is_refused(client, adviser_nord, bodo, asker) -> None:  # type: ignore[no-untyped-def]
    # given
    client.force_login(adviser_nord)
    # when: the adviser posts Asker's id, which the form never offered
    response = client.post(
        reverse("participation:meeting-create"),
        {
            "kind": "operative",
            "title": "Forged",
            "date": "2025-05-01",
            "municipalities": [bodo.pk, asker.pk],
        },
    )
    # then: the form comes back with an error and nothing is saved
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Meeting.objects.exists()


def test_a_forged_municipality_is_refused_on_change(client, adviser_nord, bodo, asker) -> None:  # type: ignore[no-untyped-def]
    # given
    meeting = make_meeting(bodo, title="Bodø operative")
    client.force_login(adviser_nord)
    # when
    response = client.post(
        reverse("participation:meeting-update", args=[meeting.pk]),
        {
            "kind": "operative",
            "title": "Changed",
            "date": "2025-05-01",
            "municipalities": [asker.pk],
        },
    )
    # then
    assert response.status_code == 200
    meeting.refresh_from_db()
    assert meeting.title == "Bodø operative"
    assert list(meeting.municipalities.all()) == [bodo]


def test_an_adviser_cannot_change_a_meeting_with_a_municipality_outside_scope(
    client, adviser_nord, bodo, asker
) -> None:  # type: ignore[no-untyped-def]
    # given: a joint gathering the adviser sees through Bodø
    meeting = make_meeting(bodo, asker, title="Joint gathering")
    client.force_login(adviser_nord)
    # when / then
    assert client.get(reverse("participation:meeting-detail", args=[meeting.pk])).status_code == 200
    assert client.get(reverse("participation:meeting-update", args=[meeting.pk])).status_code == 403
    assert client.get(reverse("participation:commitment-add", args=[meeting.pk])).status_code == 403


def test_an_outsider_gets_404(client, staff_bodo, asker) -> None:  # type: ignore[no-untyped-def]
    # given
    meeting = make_meeting(asker, title="Asker operative")
    client.force_login(staff_bodo)
    # when / then
    assert client.get(reverse("participation:meeting-detail", args=[meeting.pk])).status_code == 404


def test_a_commitment_is_added_and_closed(client, adviser_nord, bodo) -> None:  # type: ignore[no-untyped-def]
    # given
    meeting = make_meeting(bodo)
    client.force_login(adviser_nord)
    # when: a commitment is recorded
    client.post(
        reverse("participation:commitment-add", args=[meeting.pk]),
        {
            "description": "Write the housing plan draft.",
            "municipality": bodo.pk,
            "responsible_name": "Programme leader",
            "due_date": "2025-06-01",
        },
    )
    commitment = Commitment.objects.get()
    # then: it is open
    assert commitment.status == Commitment.Status.OPEN
    assert commitment.municipality == bodo
    # when: it is marked done with a note
    response = client.post(
        reverse("participation:commitment-status", args=[commitment.pk]),
        {"status": "done", "note": "Draft sent to the council."},
        follow=True,
    )
    # then: it is closed today, and the page says so
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.DONE
    assert commitment.closed_on == timezone.localdate()
    text = response.content.decode()
    assert "Draft sent to the council." in text
    assert "Done" in text
    # when: reopened
    client.post(
        reverse("participation:commitment-status", args=[commitment.pk]),
        {"status": "open", "note": "Not finished after all."},
    )
    # then
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.OPEN
    assert commitment.closed_on is None


def test_a_commitment_needs_someone_responsible(client, adviser_nord, bodo) -> None:  # type: ignore[no-untyped-def]
    # given
    meeting = make_meeting(bodo)
    client.force_login(adviser_nord)
    # when
    response = client.post(
        reverse("participation:commitment-add", args=[meeting.pk]),
        {"description": "Something.", "municipality": bodo.pk, "due_date": "2025-06-01"},
    )
    # then
    assert "Name who is responsible" in response.content.decode()
    assert not Commitment.objects.exists()


def test_a_commitment_for_a_municipality_not_in_the_meeting_is_refused(
    client, admin_user, log_in, bodo, asker
) -> None:  # type: ignore[no-untyped-def]
    # given
    meeting = make_meeting(bodo)
    log_in(client, admin_user)
    # when
    response = client.post(
        reverse("participation:commitment-add", args=[meeting.pk]),
        {
            "description": "Something.",
            "municipality": asker.pk,
            "responsible_name": "Someone",
            "due_date": "2025-06-01",
        },
    )
    # then
    assert response.status_code == 200
    assert not Commitment.objects.exists()


def test_viewers_cannot_change_a_commitment(client, viewer_bodo, bodo) -> None:  # type: ignore[no-untyped-def]
    # given
    commitment = make_commitment(make_meeting(bodo), bodo)
    client.force_login(viewer_bodo)
    # when
    response = client.post(
        reverse("participation:commitment-status", args=[commitment.pk]), {"status": "done"}
    )
    # then
    assert response.status_code == 403
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.OPEN


def test_overdue_commitments_are_listed_for_the_adviser_and_the_municipality(
    client, adviser_nord, bodo, asker
) -> None:  # type: ignore[no-untyped-def]
    # given: in Bodø one overdue, one not yet due, one overdue but done; in Asker one overdue
    today = timezone.localdate()
    past = today - datetime.timedelta(days=3)
    meeting = make_meeting(bodo)
    make_commitment(meeting, bodo, description="Overdue in Bodø", due_date=past)
    make_commitment(
        meeting, bodo, description="Not yet due", due_date=today + datetime.timedelta(days=3)
    )
    make_commitment(meeting, bodo, description="Done already", due_date=past, status="done")
    make_commitment(make_meeting(asker), asker, description="Overdue in Asker", due_date=past)
    client.force_login(adviser_nord)
    # when
    adviser_page = client.get(reverse("participation:commitment-overdue")).content.decode()
    municipality_page = client.get(
        reverse("participation:municipality-commitments", args=[bodo.number])
    ).content.decode()
    # then
    for text in (adviser_page, municipality_page):
        assert "Overdue in Bodø" in text
        assert "Not yet due" not in text
        assert "Done already" not in text
        assert "Overdue in Asker" not in text
    # and the municipality page links to its list
    detail = client.get(bodo.get_absolute_url()).content.decode()
    assert reverse("participation:municipality-commitments", args=[bodo.number]) in detail


def _fill(bodo, asker, n: int) -> None:  # type: ignore[no-untyped-def]
    past = timezone.localdate() - datetime.timedelta(days=3)
    for i in range(n):
        meeting = make_meeting(bodo, asker, title=f"Gathering {i}")
        make_commitment(meeting, bodo, description=f"Item {i}", due_date=past)


@pytest.mark.parametrize(
    "url",
    [
        "participation:meeting-list",
        "participation:commitment-overdue",
    ],
)
def test_list_query_counts_stay_flat(
    client, adviser_nord, bodo, asker, django_assert_max_num_queries, url
) -> None:  # type: ignore[no-untyped-def]
    # given
    _fill(bodo, asker, 3)
    client.force_login(adviser_nord)
    limit = 8
    # when / then: the bound holds, and holds again with more data
    with django_assert_max_num_queries(limit):
        assert client.get(reverse(url)).status_code == 200
    _fill(bodo, asker, 6)
    with django_assert_max_num_queries(limit):
        assert client.get(reverse(url)).status_code == 200


def test_detail_and_municipality_query_counts_stay_flat(
    client, adviser_nord, bodo, asker, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    # given
    meeting = make_meeting(bodo)
    past = timezone.localdate() - datetime.timedelta(days=3)
    for i in range(3):
        make_commitment(
            meeting, bodo, description=f"Item {i}", due_date=past, responsible=adviser_nord
        )
    client.force_login(adviser_nord)
    detail = reverse("participation:meeting-detail", args=[meeting.pk])
    overdue = reverse("participation:municipality-commitments", args=[bodo.number])
    limit = 8
    with django_assert_max_num_queries(limit):
        assert client.get(detail).status_code == 200
    with django_assert_max_num_queries(limit):
        assert client.get(overdue).status_code == 200
    # when: three times the commitments
    for i in range(6):
        make_commitment(meeting, bodo, description=f"More {i}", due_date=past)
    # then
    with django_assert_max_num_queries(limit):
        assert client.get(detail).status_code == 200
    with django_assert_max_num_queries(limit):
        assert client.get(overdue).status_code == 200


def test_the_list_counts_each_meetings_open_and_overdue_commitments_once(
    client, adviser_nord, bodo
) -> None:  # type: ignore[no-untyped-def]
    # given a joint meeting of two municipalities in scope, with two open commitments (one
    # overdue) and a done one, and a meeting without commitments

    other = visible_municipalities(adviser_nord).exclude(pk=bodo.pk).first()
    assert other is not None
    joint = make_meeting(bodo, other, title="Joint gathering", date=datetime.date(2025, 3, 2))
    make_meeting(bodo, title="Quiet meeting")
    today = timezone.localdate()
    make_commitment(joint, bodo, due_date=today - datetime.timedelta(days=1))
    make_commitment(joint, other, due_date=today + datetime.timedelta(days=30))
    make_commitment(joint, bodo, status=Commitment.Status.DONE)
    client.force_login(adviser_nord)
    # when
    response = client.get(reverse("participation:meeting-list"))
    # then each meeting once, the joint one first (newest), counted once despite two municipalities
    rows = [(m.title, m.open_count, m.overdue_count) for m in response.context["page"]]
    assert rows == [("Joint gathering", 2, 1), ("Quiet meeting", 0, 0)]


def test_a_joint_meeting_counts_and_shows_only_the_viewers_items(
    client, staff_bodo, bodo, asker
) -> None:  # type: ignore[no-untyped-def]
    # given: a joint meeting of Bodø and Asker, with an open Bodø item and an overdue Asker item
    joint = make_meeting(bodo, asker, title="Joint gathering")
    today = timezone.localdate()
    make_commitment(
        joint, bodo, description="Bodø item", due_date=today + datetime.timedelta(days=9)
    )
    make_commitment(
        joint, asker, description="Asker item", due_date=today - datetime.timedelta(days=1)
    )
    client.force_login(staff_bodo)
    # when
    listing = client.get(reverse("participation:meeting-list"))
    detail = client.get(reverse("participation:meeting-detail", args=[joint.pk]))
    # then: Bodø's staff count and see only Bodø's item
    rows = [(m.title, m.open_count, m.overdue_count) for m in listing.context["page"]]
    assert rows == [("Joint gathering", 1, 0)]
    assert "Bodø item" in detail.text
    assert "Asker item" not in detail.text


def test_the_responsible_person_must_be_one_of_the_items_municipalitys_people(
    client, adviser_nord, user_factory, bodo
) -> None:  # type: ignore[no-untyped-def]
    from participation.accounts.models import RoleAssignment

    # given: a joint meeting of Bodø and another municipality the adviser follows, with staff
    other = visible_municipalities(adviser_nord).exclude(pk=bodo.pk).first()
    assert other is not None
    joint = make_meeting(bodo, other)
    other_staff = user_factory(
        username="other-staff", role=RoleAssignment.Role.MUNICIPAL, role__municipality=other
    )
    bodo_staff = user_factory(
        username="bodo-staff", role=RoleAssignment.Role.MUNICIPAL, role__municipality=bodo
    )
    client.force_login(adviser_nord)
    add = reverse("participation:commitment-add", args=[joint.pk])

    def post(responsible):  # type: ignore[no-untyped-def]
        return client.post(
            add,
            {
                "description": "Bodø's plan.",
                "municipality": bodo.pk,
                "responsible": responsible.pk,
                "due_date": "2025-06-01",
            },
        )

    # when: the other municipality's staff is named responsible for a Bodø item
    refused = post(other_staff)
    # then: refused with a clear message, nothing saved
    assert refused.status_code == 200
    assert f"must work in {bodo.name} or be its Husbanken adviser" in refused.text
    assert not Commitment.objects.exists()
    # when: Bodø's own staff, or the adviser
    assert post(bodo_staff).status_code == 302
    assert post(adviser_nord).status_code == 302
    # then
    assert sorted(Commitment.objects.values_list("responsible__username", flat=True)) == sorted(
        ["bodo-staff", adviser_nord.username]
    )
