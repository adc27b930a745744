"""The adviser's review of submitted indicator values: approve, return with a comment, approve
all; what the review page shows; and that only approved values count where figures are shown."""

from __future__ import annotations

import pytest
from django.urls import reverse

from participation.accounts.access import visible_municipalities
from participation.programme.models import IndicatorValue
from participation.programme.services import values as service

Status = IndicatorValue.Status
pytestmark = pytest.mark.django_db


def review_url(municipality, period) -> str:  # type: ignore[no-untyped-def]
    return reverse("participation:value-review", args=[municipality.number, period.pk])


# Services ------------------------------------------------------------------------------------


def test_approve_moves_a_submitted_value_to_approved(indicators, period, make_value, adviser_nord):
    # given
    value = make_value(indicators[0], period)
    # when
    service.approve(value, actor=adviser_nord)
    # then
    value.refresh_from_db()
    assert value.status == Status.APPROVED
    assert value.updated_by == adviser_nord


def test_return_needs_a_comment(indicators, period, make_value, adviser_nord):
    # given
    value = make_value(indicators[0], period)
    # when / then
    with pytest.raises(service.ValuesError):
        service.return_value(value, comment="  ", actor=adviser_nord)
    value.refresh_from_db()
    assert value.status == Status.SUBMITTED


def test_return_keeps_the_comment(indicators, period, make_value, adviser_nord):
    # given
    value = make_value(indicators[0], period)
    # when
    service.return_value(value, comment="Count households, not people.", actor=adviser_nord)
    # then
    value.refresh_from_db()
    assert value.status == Status.RETURNED
    assert value.comment == "Count households, not people."


@pytest.mark.parametrize("status", [Status.DRAFT, Status.APPROVED, Status.RETURNED])
def test_only_submitted_values_can_be_reviewed(
    indicators, period, make_value, adviser_nord, status
):
    # given
    value = make_value(indicators[0], period, status=status)
    # when / then
    with pytest.raises(service.ValuesError):
        service.approve(value, actor=adviser_nord)
    with pytest.raises(service.ValuesError):
        service.return_value(value, comment="Why", actor=adviser_nord)
    value.refresh_from_db()
    assert value.status == status


def test_approve_all_approves_only_the_submitted(
    indicators, period, make_value, adviser_nord, bodo
):
    # given
    submitted = make_value(indicators[0], period)
    draft = make_value(indicators[1], period, status=Status.DRAFT)
    # when
    approved = service.approve_all(bodo, actor=adviser_nord, period=period)
    # then
    assert [v.pk for v in approved] == [submitted.pk]
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_the_review_is_in_the_values_history(indicators, period, make_value, adviser_nord):
    # given
    from auditlog.models import LogEntry

    value = make_value(indicators[0], period)
    # when
    service.return_value(value, comment="Check the source.", actor=adviser_nord)
    # then
    entries = LogEntry.objects.get_for_object(value).filter(actor=adviser_nord)
    assert entries.count() == 1
    assert entries.get().changes["status"] == ["submitted", "returned"]


# The review page -----------------------------------------------------------------------------


def test_review_page_shows_the_value_beside_previous_period_baseline_and_target(
    client, indicators, previous_period, period, make_value, adviser_nord, bodo
):
    # given
    make_value(indicators[0], previous_period, value="17", status=Status.APPROVED)
    value = make_value(indicators[0], period, value="23")
    client.force_login(adviser_nord)
    # when
    response = client.get(review_url(bodo, period))
    # then
    assert response.status_code == 200
    html = response.content.decode()
    row = html[html.index(f'id="value-{value.pk}"') :]
    row = row[: row.index("</tr>")]
    assert '<td class="text-end current-value" data-label="Value">23</td>' in row
    assert '<td class="text-end previous-value" data-label="Previous period">17</td>' in row
    assert '<td class="text-end" data-label="Baseline">10</td>' in row
    assert '<td class="text-end" data-label="Target">40</td>' in row
    assert "Compared with Year 2024" in html


def test_review_page_leaves_drafts_out(client, indicators, period, make_value, adviser_nord, bodo):
    # given
    make_value(indicators[0], period, status=Status.DRAFT)
    client.force_login(adviser_nord)
    # when
    response = client.get(review_url(bodo, period))
    # then
    assert "Review indicator 1" not in response.content.decode()
    assert "1 value is still a draft" in response.content.decode()


def test_adviser_approves_a_value_on_the_review_page(
    client, indicators, period, make_value, adviser_nord, bodo
):
    # given
    value = make_value(indicators[0], period)
    client.force_login(adviser_nord)
    # when
    response = client.post(
        review_url(bodo, period), {"action": "approve", "value": value.pk}, follow=True
    )
    # then
    value.refresh_from_db()
    assert value.status == Status.APPROVED
    assert "The value of Review indicator 1 was approved." in response.content.decode()


def test_return_without_comment_is_refused_on_the_review_page(
    client, indicators, period, make_value, adviser_nord, bodo
):
    # given
    value = make_value(indicators[0], period)
    client.force_login(adviser_nord)
    # when
    response = client.post(review_url(bodo, period), {"action": "return", "value": value.pk})
    # then
    assert response.status_code == 200
    assert "a comment is required" in response.content.decode()
    value.refresh_from_db()
    assert value.status == Status.SUBMITTED


def test_adviser_returns_a_value_with_a_comment(
    client, indicators, period, make_value, adviser_nord, bodo
):
    # given
    value = make_value(indicators[0], period)
    client.force_login(adviser_nord)
    # when
    response = client.post(
        review_url(bodo, period),
        {"action": "return", "value": value.pk, f"value-{value.pk}-comment": "Too high?"},
        follow=True,
    )
    # then
    value.refresh_from_db()
    assert (value.status, value.comment) == (Status.RETURNED, "Too high?")
    html = response.content.decode()
    assert "was returned to the municipality" in html
    assert "History of Review indicator 1" in html
    assert "Too high?" in html


def test_approve_all_on_the_review_page(client, indicators, period, make_value, adviser_nord, bodo):
    # given
    values = [make_value(i, period) for i in indicators]
    client.force_login(adviser_nord)
    # when
    client.post(review_url(bodo, period), {"action": "approve_all"})
    # then
    assert {v.status for v in IndicatorValue.objects.filter(pk__in=[v.pk for v in values])} == {
        Status.APPROVED
    }


def test_adviser_out_of_scope_gets_404(client, indicators, period, make_value, adviser_nord, asker):
    # given
    value = make_value(indicators[0], period, municipality=asker)
    client.force_login(adviser_nord)
    # when
    get = client.get(review_url(asker, period))
    post = client.post(review_url(asker, period), {"action": "approve", "value": value.pk})
    # then
    assert (get.status_code, post.status_code) == (404, 404)
    value.refresh_from_db()
    assert value.status == Status.SUBMITTED


def test_municipal_staff_may_not_approve(client, indicators, period, make_value, staff_bodo, bodo):
    # given
    value = make_value(indicators[0], period)
    client.force_login(staff_bodo)
    # when
    response = client.post(review_url(bodo, period), {"action": "approve", "value": value.pk})
    # then
    assert response.status_code == 403
    value.refresh_from_db()
    assert value.status == Status.SUBMITTED


def test_a_value_of_another_municipality_cannot_be_reviewed_through_this_page(
    client, indicators, period, make_value, admin_user, log_in, bodo, asker
):
    # given
    foreign = make_value(indicators[0], period, municipality=asker)
    log_in(client, admin_user)
    # when
    response = client.post(review_url(bodo, period), {"action": "approve", "value": foreign.pk})
    # then
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == Status.SUBMITTED


# The list of periods × municipalities ---------------------------------------------------------


def test_review_list_shows_submitted_counts_in_scope(
    client, indicators, period, make_value, adviser_nord, bodo, asker
):
    # given
    make_value(indicators[0], period)
    make_value(indicators[1], period)
    make_value(indicators[0], period, municipality=asker)
    client.force_login(adviser_nord)
    # when
    response = client.get(reverse("participation:review-list"))
    # then
    html = response.content.decode()
    assert "Review Bodø, Year 2025" in html
    assert "Asker" not in html
    assert '<td class="text-end fw-bold">2</td>' in html


def test_review_list_orders_by_period_then_most_submitted_then_name(
    client, indicators, period, previous_period, make_value, adviser_nord
):
    # given, in three municipalities of the region, values of this and the previous period

    first, second, third = visible_municipalities(adviser_nord).order_by("name")[:3]
    make_value(indicators[0], previous_period, municipality=third, status=Status.APPROVED)
    make_value(indicators[0], period, municipality=first)
    make_value(indicators[0], period, municipality=third)
    make_value(indicators[1], period, municipality=third)
    make_value(indicators[0], period, municipality=second, status=Status.RETURNED)
    make_value(indicators[1], period, municipality=second, status=Status.DRAFT)
    client.force_login(adviser_nord)
    # when
    response = client.get(reverse("participation:review-list"))
    # then the newest period first; in it, the most submitted first, then by name
    rows = [
        (
            row["period__name"],
            row["municipality__name"],
            row["submitted"],
            row["approved"],
            row["returned"],
        )
        for row in response.context["page"].object_list
    ]
    assert rows == [
        ("Year 2025", third.name, 2, 0, 0),
        ("Year 2025", first.name, 1, 0, 0),
        ("Year 2025", second.name, 0, 0, 1),
        ("Year 2024", third.name, 0, 1, 0),
    ]
    assert f"Review {third.name}, Year 2025" in response.text


def test_review_list_query_count_does_not_grow(
    client, indicators, strategy, period, make_value, adviser_nord, django_assert_max_num_queries
):
    # given

    nord = visible_municipalities(adviser_nord)[:6]
    for municipality in nord[:3]:
        make_value(indicators[0], period, municipality=municipality)
    client.force_login(adviser_nord)
    with django_assert_max_num_queries(7):
        client.get(reverse("participation:review-list"))
    # when the data doubles
    for municipality in nord[3:6]:
        make_value(indicators[0], period, municipality=municipality)
    # then
    with django_assert_max_num_queries(7):
        response = client.get(reverse("participation:review-list"))
    assert response.content.decode().count("Review ") >= 6


def test_review_page_query_count_does_not_grow(
    client,
    indicators,
    strategy,
    period,
    make_value,
    adviser_nord,
    bodo,
    django_assert_max_num_queries,
):
    # given
    from participation.places.models import Indicator

    make_value(indicators[0], period)
    client.force_login(adviser_nord)
    with django_assert_max_num_queries(14):
        client.get(review_url(bodo, period))
    # when the data doubles
    more = Indicator.objects.create(
        strategy=strategy,
        code="review-3",
        name="Review indicator 3",
        unit=Indicator.Unit.COUNT,
        direction=Indicator.Direction.HIGHER,
    )
    service.approve(make_value(indicators[1], period), actor=adviser_nord)
    make_value(more, period)
    # then
    with django_assert_max_num_queries(14):
        response = client.get(review_url(bodo, period))
    assert response.content.decode().count("History of ") == 3


# Only approved values count -------------------------------------------------------------------


def test_municipality_page_counts_only_approved_values(
    client, indicators, previous_period, period, make_value, adviser_nord, bodo
):
    # given an approved value in 2024 and a draft and a submitted one in 2025
    make_value(indicators[0], previous_period, value="17", status=Status.APPROVED)
    make_value(indicators[0], period, value="99", status=Status.DRAFT)
    make_value(indicators[1], period, value="88", status=Status.SUBMITTED)
    client.force_login(adviser_nord)
    # when
    response = client.get(reverse("participation:municipality-detail", args=[bodo.number]))
    # then
    html = response.content.decode()
    section = html[html.index('id="indicators-heading"') :]
    assert ">17<" in section
    assert ">99<" not in section
    assert ">88<" not in section
    assert "Review indicator 2" not in section


def test_approved_queryset(indicators, period, make_value):
    # given
    approved = make_value(indicators[0], period, status=Status.APPROVED)
    make_value(indicators[1], period, status=Status.SUBMITTED)
    # then
    assert list(IndicatorValue.objects.approved()) == [approved]


# Four eyes: nobody approves what they submitted, admins included ----------------------------


def test_an_admin_cannot_approve_values_they_submitted(
    client, log_in, indicators, period, admin_user, user_factory, bodo
):  # type: ignore[no-untyped-def]
    from decimal import Decimal

    from participation.accounts.models import RoleAssignment

    # given: an admin submits Bodø's values
    service.submit(
        bodo,
        actor=admin_user,
        period=period,
        entries=[
            service.Entry(indicators[0], Decimal("7")),
            service.Entry(indicators[1], Decimal("8")),
        ],
    )
    first, second = IndicatorValue.objects.order_by("indicator__code")
    log_in(client, admin_user)
    # when: they approve one, then all, on the review page
    one = client.post(
        review_url(bodo, period), {"action": "approve", "value": first.pk}, follow=True
    )
    everything = client.post(review_url(bodo, period), {"action": "approve_all"}, follow=True)
    # then: refused with a clear message, nothing approved
    for response in (one, everything):
        assert response.status_code == 200
        assert "someone else must approve it" in response.text
    assert set(IndicatorValue.objects.values_list("status", flat=True)) == {Status.SUBMITTED}
    with pytest.raises(service.ValuesError):
        service.approve(second, actor=admin_user)
    # when: another admin approves
    other = user_factory(username="admin-two", role=RoleAssignment.Role.ADMIN)
    service.approve(first, actor=other)
    approved = service.approve_all(bodo, actor=other, period=period)
    # then
    assert [v.pk for v in approved] == [second.pk]
    assert set(IndicatorValue.objects.values_list("status", flat=True)) == {Status.APPROVED}


def test_the_django_admin_cannot_approve_a_value(client, log_in, indicators, period, make_value):  # type: ignore[no-untyped-def]
    from django.contrib.auth import get_user_model

    # given a submitted value, and a superuser in the Django admin
    value = make_value(indicators[0], period)
    log_in(client, get_user_model().objects.create_superuser("root-test", password="pw-tests-only"))
    change = reverse("admin:programme_indicatorvalue_change", args=[value.pk])
    # then the status is shown, not offered
    page = client.get(change)
    assert page.status_code == 200
    assert 'name="status"' not in page.text
    # and a forged status is ignored
    client.post(
        change,
        {
            "municipality": value.municipality_id,
            "indicator": value.indicator_id,
            "period": value.period_id,
            "value": "5",
            "source": "",
            "comment": "",
            "status": "approved",
        },
    )
    value.refresh_from_db()
    assert value.status == Status.SUBMITTED
