"""Risk flags by hand and closed with a note; grants with totals per year."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from participation.programme.models import Grant, RiskFlag

from .helpers import flag, grant, instrument

pytestmark = pytest.mark.django_db


def test_adviser_raises_a_flag_by_hand(client, adviser_nord, bodo):
    # given an adviser for Bodø
    client.force_login(adviser_nord)
    # when they raise a flag
    response = client.post(
        reverse("participation:riskflag-create", args=[bodo.number]),
        {"kind": RiskFlag.Kind.NO_LEADERSHIP, "note": "The chief executive is not involved."},
    )
    # then it is open, by hand, attributed to them, and listed
    assert response.url == reverse("participation:riskflag-list", args=[bodo.number])
    raised = RiskFlag.objects.get(municipality=bodo)
    assert raised.source == RiskFlag.Source.MANUAL
    assert raised.closed_on is None
    assert raised.created_by == adviser_nord
    assert "The chief executive is not involved." in client.get(response.url).content.decode()


def test_closing_needs_a_note_and_confirmation(client, adviser_nord, bodo):
    # given an open flag
    open_flag = flag(bodo)
    client.force_login(adviser_nord)
    url = reverse("participation:riskflag-close", args=[open_flag.pk])
    # when the adviser posts a note without confirming, then a confirmation without a note
    assert client.post(url, {"note": "Done"}).status_code == 200
    assert client.post(url, {"confirm": "on", "note": ""}).status_code == 200
    open_flag.refresh_from_db()
    assert open_flag.closed_on is None
    # when they confirm with a note
    response = client.post(url, {"confirm": "on", "note": "New leader appointed."})
    # then the flag is closed with the note
    assert response.status_code == 302
    open_flag.refresh_from_db()
    assert open_flag.closed_on is not None
    assert open_flag.close_note == "New leader appointed."
    assert open_flag.updated_by == adviser_nord
    # and closing again changes nothing
    client.post(url, {"confirm": "on", "note": "Again"})
    open_flag.refresh_from_db()
    assert open_flag.close_note == "New leader appointed."


def test_flags_403_for_staff_404_for_outsiders(client, staff_bodo, adviser_nord, bodo, asker):
    # given a flag in Bodø and one in Asker
    home, foreign = flag(bodo), flag(asker)
    # then staff of Bodø see the list but may not raise or close
    client.force_login(staff_bodo)
    assert client.get(reverse("participation:riskflag-list", args=[bodo.number])).status_code == 200
    assert (
        client.get(reverse("participation:riskflag-create", args=[bodo.number])).status_code == 403
    )
    assert (
        client.post(
            reverse("participation:riskflag-close", args=[home.pk]),
            {"confirm": "on", "note": "x"},
        ).status_code
        == 403
    )
    # and the adviser for the north gets 404 on Asker's flag
    client.force_login(adviser_nord)
    assert client.get(reverse("participation:riskflag-close", args=[foreign.pk])).status_code == 404
    foreign.refresh_from_db()
    assert foreign.closed_on is None


def test_grant_list_shows_totals_and_unspent_per_year(client, viewer_bodo, bodo):
    # given two 2025 grants and one 2024 grant
    grant(bodo, 2025, 300_000, 100_000, index=0)
    grant(bodo, 2025, 200_000, 150_000, index=1)
    grant(bodo, 2024, 50_000, 50_000)
    client.force_login(viewer_bodo)
    # when a viewer opens the list
    response = client.get(reverse("participation:grant-list", args=[bodo.number]))
    # then the 2025 totals are 500 000 granted, 250 000 paid, 250 000 unspent
    years = {y.year: y for y in response.context["years"]}
    assert list(years) == [2025, 2024]
    assert years[2025].granted == Decimal(500_000)
    assert years[2025].paid == Decimal(250_000)
    assert years[2025].unspent == Decimal(250_000)
    assert years[2024].unspent == 0
    page = response.content.decode()
    assert '<td class="text-end" data-total="unspent">250000</td>' in page
    # and no add link for a viewer
    assert reverse("participation:grant-create", args=[bodo.number]) not in page


def test_adviser_adds_and_changes_a_grant(client, adviser_nord, bodo):
    client.force_login(adviser_nord)
    data = {
        "instrument": instrument().pk,
        "year": 2025,
        "applied": 100_000,
        "granted": 80_000,
        "paid": 90_000,
        "purpose": "Kompetanse",
    }
    # when the adviser pays more than granted
    response = client.post(reverse("participation:grant-create", args=[bodo.number]), data)
    # then the form says so and nothing is saved
    assert response.status_code == 200
    assert "paid" in response.context["form"].errors
    assert not Grant.objects.exists()
    # when the amounts are right
    data["paid"] = 30_000
    response = client.post(reverse("participation:grant-create", args=[bodo.number]), data)
    saved = Grant.objects.get()
    assert (saved.municipality, saved.unspent, saved.created_by) == (bodo, 50_000, adviser_nord)
    # when they change it
    data["paid"] = 80_000
    client.post(reverse("participation:grant-update", args=[saved.pk]), data)
    saved.refresh_from_db()
    assert saved.unspent == 0


def test_grant_forms_403_for_staff_404_for_outsiders(client, staff_bodo, adviser_nord, bodo, asker):
    foreign = grant(asker, 2025, 1000)
    client.force_login(staff_bodo)
    assert client.get(reverse("participation:grant-create", args=[bodo.number])).status_code == 403
    client.force_login(adviser_nord)
    assert client.get(reverse("participation:grant-update", args=[foreign.pk])).status_code == 404
    assert client.get(reverse("participation:grant-list", args=[asker.number])).status_code == 404


def test_grant_list_query_count_does_not_grow(
    client, viewer_bodo, bodo, django_assert_max_num_queries
):
    client.force_login(viewer_bodo)
    url = reverse("participation:grant-list", args=[bodo.number])
    for year in (2023, 2024):
        grant(bodo, year, 1000)
    client.get(url)
    with django_assert_max_num_queries(12) as small:
        client.get(url)
    for year in (2020, 2021, 2022, 2025):
        grant(bodo, year, 1000)
        grant(bodo, year, 1000, index=1)
    with django_assert_max_num_queries(12) as large:
        client.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_flag_list_pages_open_flags_first(client, adviser_nord, bodo):
    # given 51 open flags and one closed one, raised before all of them
    import datetime

    from participation.programme.views.risks import PAGE_SIZE

    first_day = datetime.date(2025, 1, 1)
    closed = flag(bodo, raised=first_day)
    closed.closed_on = first_day
    closed.close_note = "Handled"
    closed.save()
    open_flags = [
        flag(bodo, raised=first_day + datetime.timedelta(days=n + 1)) for n in range(PAGE_SIZE + 1)
    ]
    client.force_login(adviser_nord)
    url = reverse("participation:riskflag-list", args=[bodo.number])
    # when
    first = client.get(url)
    second = client.get(url, {"page": 2})
    # then the first page holds the 50 newest open flags, the second the oldest open and the closed
    newest_first = [f.pk for f in reversed(open_flags)]
    assert [f.pk for f in first.context["flags"]] == newest_first[:PAGE_SIZE]
    assert [f.pk for f in second.context["flags"]] == [newest_first[PAGE_SIZE], closed.pk]
    assert 'href="?page=2"' in first.text
    assert "Handled" in second.text
