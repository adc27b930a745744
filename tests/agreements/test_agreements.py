"""Programme agreements: create with a checklist, renew (the chain both ways), edit the
checklist, validation, the advisers' list of agreements nearing their end, 403/404."""

from __future__ import annotations

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from participation.core.services import ServiceError
from participation.places.models import SubGoal
from participation.programme.models import AgreementCheckItem, ProgrammeAgreement
from participation.programme.services import agreements as service

pytestmark = pytest.mark.django_db

Item = AgreementCheckItem.Item
Status = AgreementCheckItem.Status


def _agreement(
    municipality, start=datetime.date(2022, 1, 1), end=datetime.date(2024, 12, 31), **kw
):  # type: ignore[no-untyped-def]
    return service.create_agreement(
        municipality,
        actor=None,
        level=ProgrammeAgreement.Level.TOWN,
        start_date=start,
        end_date=end,
        **kw,
    )


def _form(start: str, end: str, **extra: str) -> dict[str, object]:
    return {
        "kind": "programme",
        "level": "town",
        "start_date": start,
        "end_date": end,
        "signatories": "Ordfører; regiondirektør",
        **extra,
    }


def test_adviser_creates_an_agreement_with_the_full_checklist(client, adviser_nord, bodo):
    # Given an adviser for Bodø's region and a sub-goal to prioritise
    goal = SubGoal.objects.first()
    assert goal is not None
    client.force_login(adviser_nord)
    # When they create an agreement for Bodø
    response = client.post(
        reverse("participation:agreement-create", args=[bodo.number]),
        _form("2025-01-01", "2027-12-31", priority_sub_goals=str(goal.pk)),
    )
    # Then it is saved with the seven commitments, each not started, and the detail shows them
    agreement = ProgrammeAgreement.objects.get(municipality=bodo)
    assert response.status_code == 302
    assert response.url == reverse("participation:agreement-detail", args=[agreement.pk])
    assert agreement.created_by == adviser_nord
    assert list(agreement.priority_sub_goals.all()) == [goal]
    assert sorted(agreement.check_items.values_list("item", flat=True)) == sorted(Item.values)
    assert set(agreement.check_items.values_list("status", flat=True)) == {Status.NOT_STARTED}
    page = html.unescape(client.get(response.url).content.decode())
    with translation.override("en"):  # the client asks for English
        for label in Item.labels:
            assert str(label) in page
    assert goal.name in page


def test_end_before_start_is_refused(client, adviser_nord, bodo):
    # Given an adviser
    client.force_login(adviser_nord)
    # When the end is before the start
    response = client.post(
        reverse("participation:agreement-create", args=[bodo.number]),
        _form("2025-01-01", "2024-12-31"),
    )
    # Then the form says so and nothing is saved
    assert response.status_code == 200
    assert "The end cannot be before the start." in response.content.decode()
    assert not ProgrammeAgreement.objects.exists()


def test_renewal_is_prefilled_linked_and_shown_both_ways(client, adviser_nord, bodo):
    # Given an agreement for 2022–2024
    old = _agreement(bodo, signatories="Ordfører")
    client.force_login(adviser_nord)
    url = reverse("participation:agreement-renew", args=[old.pk])
    # When the adviser opens the renewal form
    form = client.get(url).context["form"]
    # Then it is prefilled from the old agreement, for the following period
    assert form.initial["level"] == "town"
    assert form.initial["start_date"] == datetime.date(2025, 1, 1)
    assert form.initial["signatories"] == "Ordfører"
    # When they save it
    response = client.post(url, _form("2025-01-01", "2027-12-31"))
    # Then the new agreement renews the old, with its own checklist
    new = ProgrammeAgreement.objects.get(previous=old)
    assert response.url == reverse("participation:agreement-detail", args=[new.pk])
    assert new.check_items.count() == len(Item.values)
    # And both detail pages show the chain, linking to each other
    old_page = client.get(reverse("participation:agreement-detail", args=[old.pk])).content
    new_page = client.get(reverse("participation:agreement-detail", args=[new.pk])).content
    assert reverse("participation:agreement-detail", args=[new.pk]).encode() in old_page
    assert reverse("participation:agreement-detail", args=[old.pk]).encode() in new_page
    # And the old one offers no second renewal
    assert url.encode() not in old_page


def test_an_agreement_is_renewed_only_once(client, adviser_nord, bodo):
    # Given an agreement already renewed
    old = _agreement(bodo)
    renewal = service.renew_agreement(
        old,
        actor=None,
        level="town",
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2027, 12, 31),
    )
    client.force_login(adviser_nord)
    # When someone tries to renew it again
    response = client.post(
        reverse("participation:agreement-renew", args=[old.pk]), _form("2025-01-01", "2027-12-31")
    )
    # Then they are sent to the existing renewal and nothing new is saved
    assert response.url == reverse("participation:agreement-detail", args=[renewal.pk])
    assert ProgrammeAgreement.objects.count() == 2
    # And the service refuses too
    with pytest.raises(ServiceError):
        service.renew_agreement(
            old, actor=None, level="town", start_date=old.end_date, end_date=old.end_date
        )


def test_a_renewal_cannot_start_before_the_agreement_it_renews(client, adviser_nord, bodo):
    # Given an agreement starting 2022
    old = _agreement(bodo)
    client.force_login(adviser_nord)
    # When a renewal is given an earlier start
    response = client.post(
        reverse("participation:agreement-renew", args=[old.pk]), _form("2021-06-01", "2027-12-31")
    )
    # Then it is refused
    assert response.status_code == 200
    assert "A renewal cannot start before the agreement it renews." in response.content.decode()
    assert not ProgrammeAgreement.objects.filter(previous=old).exists()
    # And editing a renewal to start earlier is refused as well
    new = service.renew_agreement(
        old, actor=None, level="town", start_date=old.start_date, end_date=old.end_date
    )
    response = client.post(
        reverse("participation:agreement-update", args=[new.pk]), _form("2021-06-01", "2024-12-31")
    )
    assert response.status_code == 200
    new.refresh_from_db()
    assert new.start_date == old.start_date


def test_adviser_edits_the_agreement(client, adviser_nord, bodo):
    # Given an agreement
    agreement = _agreement(bodo)
    client.force_login(adviser_nord)
    # When the adviser changes its level
    response = client.post(
        reverse("participation:agreement-update", args=[agreement.pk]),
        {**_form("2022-01-01", "2024-12-31"), "level": "focus"},
    )
    # Then it is saved
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.level == "focus"
    assert agreement.updated_by == adviser_nord


def test_checklist_is_edited_in_one_form(client, adviser_nord, bodo):
    # Given a new agreement
    agreement = _agreement(bodo)
    client.force_login(adviser_nord)
    data: dict[str, str] = {f"{item}-status": Status.NOT_STARTED for item in Item.values}
    data[f"{Item.PROGRAMME_LEADER}-status"] = Status.MET
    data[f"{Item.PROGRAMME_LEADER}-evidence"] = "Kommunestyrevedtak 12/2025"
    data[f"{Item.REPORTING}-status"] = Status.IN_PROGRESS
    # When the adviser saves the checklist
    response = client.post(reverse("participation:agreement-checklist", args=[agreement.pk]), data)
    # Then each commitment has its status and evidence, shown on the agreement
    assert response.status_code == 302
    leader = agreement.check_items.get(item=Item.PROGRAMME_LEADER)
    assert (leader.status, leader.evidence) == (Status.MET, "Kommunestyrevedtak 12/2025")
    assert agreement.check_items.get(item=Item.REPORTING).status == Status.IN_PROGRESS
    page = client.get(response.url).content.decode()
    assert "Kommunestyrevedtak 12/2025" in page


def test_others_may_see_but_not_manage_agreements(client, staff_bodo, viewer_bodo, bodo):
    # Given an agreement in Bodø
    agreement = _agreement(bodo)
    for user in (staff_bodo, viewer_bodo):
        client.force_login(user)
        # Then municipal staff and viewers see it but may not change, renew or create
        assert (
            client.get(reverse("participation:agreement-detail", args=[agreement.pk])).status_code
            == 200
        )
        for name, arg in (
            ("agreement-update", agreement.pk),
            ("agreement-renew", agreement.pk),
            ("agreement-checklist", agreement.pk),
            ("agreement-create", bodo.number),
        ):
            assert client.get(reverse(f"participation:{name}", args=[arg])).status_code == 403
        assert client.get(reverse("participation:agreement-ending")).status_code == 403


def test_outsiders_get_404(client, adviser_nord, asker):
    # Given an agreement in Asker, outside the adviser's region
    agreement = _agreement(asker)
    client.force_login(adviser_nord)
    # Then every page of it is a 404
    for name in ("agreement-detail", "agreement-update", "agreement-renew", "agreement-checklist"):
        assert client.get(reverse(f"participation:{name}", args=[agreement.pk])).status_code == 404
    assert (
        client.get(reverse("participation:agreement-list", args=[asker.number])).status_code == 404
    )


def test_list_on_the_municipality(client, viewer_bodo, bodo):
    # Given two agreements in Bodø, one renewing the other
    old = _agreement(bodo)
    service.renew_agreement(
        old,
        actor=None,
        level="city",
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2027, 12, 31),
    )
    client.force_login(viewer_bodo)
    # When a viewer opens the list
    response = client.get(reverse("participation:agreement-list", args=[bodo.number]))
    # Then both are listed, and the municipality page links to the list
    assert response.status_code == 200
    assert len(response.context["agreements"]) == 2
    detail = client.get(bodo.get_absolute_url()).content.decode()
    assert reverse("participation:agreement-list", args=[bodo.number]) in detail


# Nearing their end ---------------------------------------------------------------------------


def test_nearing_end_lists_agreements_without_renewal(client, adviser_nord, bodo, asker):
    # Given, relative to today: one ending in 100 days, one in 400, one ended and renewed, one
    # ended without renewal, and one ending soon outside the adviser's scope
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    soon = _agreement(bodo, start=today - 700 * day, end=today + 100 * day)
    later = _agreement(bodo, start=today - 700 * day, end=today + 400 * day)
    renewed = _agreement(bodo, start=today - 900 * day, end=today - 800 * day)
    service.renew_agreement(
        renewed, actor=None, level="town", start_date=today - 799 * day, end_date=today - 750 * day
    )
    lapsed = ProgrammeAgreement.objects.get(previous=renewed)
    foreign = _agreement(asker, start=today - 700 * day, end=today + 10 * day)
    client.force_login(adviser_nord)
    # When the adviser opens the list with the default horizon
    response = client.get(reverse("participation:agreement-ending"))
    # Then they see the one ending soon and the lapsed renewal, soonest first
    listed = list(response.context["page"].object_list)
    assert listed == [lapsed, soon]
    assert later not in listed
    assert renewed not in listed
    assert foreign not in listed
    # And a longer horizon takes in the later one
    response = client.get(reverse("participation:agreement-ending"), {"days": 500})
    assert later in response.context["page"].object_list


def _many(municipality, count: int) -> None:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    for n in range(count):
        agreement = _agreement(
            municipality,
            start=today - datetime.timedelta(days=400 + n),
            end=today + datetime.timedelta(days=n),
        )
        agreement.priority_sub_goals.set(SubGoal.objects.all()[:2])


def test_nearing_end_query_count_is_pinned(
    client, adviser_nord, bodo, django_assert_max_num_queries
):
    # Given ten agreements ending soon
    _many(bodo, 10)
    client.force_login(adviser_nord)
    # Then the list costs a fixed number of queries, also with twice the data
    with django_assert_max_num_queries(8):
        assert client.get(reverse("participation:agreement-ending")).status_code == 200
    _many(bodo, 10)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("participation:agreement-ending")).status_code == 200


def test_list_and_detail_query_counts_are_pinned(
    client, adviser_nord, bodo, django_assert_max_num_queries
):
    # Given several agreements in a renewal chain
    first = _agreement(bodo, start=datetime.date(2010, 1, 1), end=datetime.date(2011, 12, 31))
    agreement = first
    for year in range(2012, 2020, 2):
        agreement = service.renew_agreement(
            agreement,
            actor=None,
            level="town",
            start_date=datetime.date(year, 1, 1),
            end_date=datetime.date(year + 1, 12, 31),
        )
    client.force_login(adviser_nord)
    # Then list and detail stay within a bound
    with django_assert_max_num_queries(8):
        assert (
            client.get(reverse("participation:agreement-list", args=[bodo.number])).status_code
            == 200
        )
    with django_assert_max_num_queries(20):
        assert (
            client.get(reverse("participation:agreement-detail", args=[first.pk])).status_code
            == 200
        )
