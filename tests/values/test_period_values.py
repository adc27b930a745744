"""The indicator-value form of a reporting period: validation by unit, draft and submit,
returned and approved values, closed periods, and who may do what."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse

from participation.accounts.models import RoleAssignment
from participation.programme.models import IndicatorValue

from .conftest import values_url

Status = IndicatorValue.Status


def _field(indicator) -> str:  # type: ignore[no-untyped-def]
    return f"value_{indicator.pk}"


@pytest.mark.parametrize(
    ("unit", "entered", "message"),
    [
        ("percent", "120", "A percentage must be between 0 and 100."),
        ("percent", "-1", "A percentage must be between 0 and 100."),
        ("count", "-3", "A count cannot be negative."),
        ("count", "2.5", "A count must be a whole number."),
        ("nok", "-100", "The value cannot be negative."),
        ("rate", "-0.5", "The value cannot be negative."),
        ("yes_no", "maybe", "Select a valid choice."),
    ],
)
def test_a_value_outside_its_unit_is_refused_with_a_message(
    client, staff_bodo, bodo, open_period, indicators, unit, entered, message
):
    # given
    client.force_login(staff_bodo)
    # when
    response = client.post(
        values_url(bodo, open_period), {_field(indicators[unit]): entered, "action": "draft"}
    )
    # then
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not IndicatorValue.objects.exists()


def test_values_within_their_units_are_saved_as_draft(
    client, staff_bodo, bodo, open_period, indicators
):
    # given
    client.force_login(staff_bodo)
    data = {
        _field(indicators["percent"]): "42.5",
        _field(indicators["count"]): "17",
        _field(indicators["nok"]): "1000",
        _field(indicators["rate"]): "0.35",
        _field(indicators["yes_no"]): "1",
        f"source_{indicators['count'].pk}": "Fagsystemet",
        "action": "draft",
    }
    # when
    response = client.post(values_url(bodo, open_period), data, follow=True)
    # then
    assert "5 values were saved as draft." in response.content.decode()
    saved = {v.indicator.unit: v for v in IndicatorValue.objects.select_related("indicator")}
    assert saved["percent"].value == Decimal("42.5")
    assert saved["count"].value == 17
    assert saved["count"].source == "Fagsystemet"
    assert saved["yes_no"].value == 1
    assert {v.status for v in saved.values()} == {Status.DRAFT}
    assert saved["count"].created_by == staff_bodo
    # every row is in the audit trail, with the user as actor
    entries = LogEntry.objects.get_for_objects(IndicatorValue.objects.all())
    assert entries.count() == 5
    assert {e.actor_id for e in entries} == {staff_bodo.pk}


def test_norwegian_users_may_write_a_decimal_comma(staff_bodo, bodo, open_period, indicators):
    # given a user with the Norwegian interface
    norwegian = Client(HTTP_ACCEPT_LANGUAGE="nb")
    norwegian.force_login(staff_bodo)
    # when
    norwegian.post(values_url(bodo, open_period), {_field(indicators["percent"]): "42,5"})
    # then
    assert IndicatorValue.objects.get().value == Decimal("42.5")


def test_draft_is_submitted_and_then_read_only(
    client, staff_bodo, bodo, open_period, indicators, make_value
):
    # given a draft
    value = make_value(indicators["count"], open_period, "3")
    client.force_login(staff_bodo)
    # when it is submitted with a corrected figure
    response = client.post(
        values_url(bodo, open_period),
        {_field(indicators["count"]): "4", "action": "submit"},
        follow=True,
    )
    # then
    assert "1 value was submitted for approval." in response.content.decode()
    value.refresh_from_db()
    assert (value.status, value.value) == (Status.SUBMITTED, 4)
    # and the row can no longer be changed: the field is disabled, a forged POST changes nothing
    page = client.get(values_url(bodo, open_period)).content.decode()
    assert f'name="{_field(indicators["count"])}"' in page
    assert page.count("disabled") >= 2
    client.post(values_url(bodo, open_period), {_field(indicators["count"]): "9"})
    value.refresh_from_db()
    assert (value.status, value.value) == (Status.SUBMITTED, 4)


def test_returned_value_shows_the_comment_and_can_be_resubmitted(
    client, staff_bodo, bodo, open_period, indicators, make_value
):
    # given a value the adviser returned with a comment
    value = make_value(
        indicators["percent"], open_period, "80", Status.RETURNED, "Tallet virker for høyt."
    )
    client.force_login(staff_bodo)
    # when
    page = client.get(values_url(bodo, open_period)).content.decode()
    # then the comment shows prominently
    assert "Values returned by the adviser" in page
    assert "Tallet virker for høyt." in page
    # when it is corrected and saved as draft, it stays returned (the comment stays in view)
    client.post(values_url(bodo, open_period), {_field(indicators["percent"]): "60"})
    value.refresh_from_db()
    assert (value.status, value.value) == (Status.RETURNED, 60)
    # when it is submitted again
    client.post(
        values_url(bodo, open_period), {_field(indicators["percent"]): "61", "action": "submit"}
    )
    value.refresh_from_db()
    assert (value.status, value.value) == (Status.SUBMITTED, 61)


def test_approved_value_is_read_only(client, staff_bodo, bodo, open_period, indicators, make_value):
    # given
    value = make_value(indicators["nok"], open_period, "500", Status.APPROVED)
    client.force_login(staff_bodo)
    # when a forged POST tries to change it
    client.post(
        values_url(bodo, open_period), {_field(indicators["nok"]): "600", "action": "submit"}
    )
    # then
    value.refresh_from_db()
    assert (value.status, value.value) == (Status.APPROVED, 500)
    page = client.get(values_url(bodo, open_period)).content.decode()
    assert "Approved" in page


def test_a_saved_value_cannot_be_emptied(
    client, staff_bodo, bodo, open_period, indicators, make_value
):
    # given
    make_value(indicators["count"], open_period, "3")
    client.force_login(staff_bodo)
    # when
    response = client.post(values_url(bodo, open_period), {_field(indicators["count"]): ""})
    # then
    assert "cannot be emptied" in response.content.decode()


def test_submitting_nothing_is_refused_with_a_message(client, staff_bodo, bodo, open_period):
    # given
    client.force_login(staff_bodo)
    # when
    response = client.post(values_url(bodo, open_period), {"action": "submit"}, follow=True)
    # then
    assert "Enter at least one value before submitting." in response.content.decode()


def test_closed_period_is_read_only(
    client, staff_bodo, bodo, closed_period, indicators, make_value
):
    # given
    value = make_value(indicators["count"], closed_period, "3")
    client.force_login(staff_bodo)
    # when
    page = client.get(values_url(bodo, closed_period)).content.decode()
    response = client.post(
        values_url(bodo, closed_period), {_field(indicators["count"]): "7"}, follow=True
    )
    # then
    assert "This reporting period is not open" in page
    assert "Save as draft" not in page
    assert "This reporting period is not open: its values cannot be changed." in (
        response.content.decode()
    )
    value.refresh_from_db()
    assert value.value == 3


@pytest.mark.parametrize("role", ["viewer_bodo", "adviser_nord"])
def test_viewer_and_adviser_see_the_values_but_may_not_post(
    client, request, role, bodo, open_period, indicators, make_value
):
    # given
    value = make_value(indicators["count"], open_period, "3")
    client.force_login(request.getfixturevalue(role))
    # when
    page = client.get(values_url(bodo, open_period))
    response = client.post(values_url(bodo, open_period), {_field(indicators["count"]): "7"})
    # then
    assert page.status_code == 200
    assert "Save as draft" not in page.content.decode()
    assert response.status_code == 403
    value.refresh_from_db()
    assert value.value == 3


def test_outsider_gets_404(client, staff_bodo, asker, open_period, indicators):
    # given a Bodø user and Asker's page
    client.force_login(staff_bodo)
    # when / then
    assert client.get(values_url(asker, open_period)).status_code == 404
    assert client.post(values_url(asker, open_period), {"action": "draft"}).status_code == 404
    periods = reverse("participation:period-list", args=[asker.number])
    assert client.get(periods).status_code == 404


def test_anonymous_is_sent_to_login(client, bodo, open_period):
    response = client.get(values_url(bodo, open_period))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_period_list_counts_values_by_status(
    client, staff_bodo, bodo, asker, open_period, closed_period, indicators, make_value
):
    # given
    make_value(indicators["count"], open_period, status=Status.DRAFT)
    make_value(indicators["nok"], open_period, status=Status.RETURNED)
    make_value(indicators["count"], closed_period, status=Status.APPROVED)
    make_value(indicators["nok"], closed_period, status=Status.APPROVED)
    make_value(indicators["rate"], open_period, status=Status.SUBMITTED, municipality=asker)
    client.force_login(staff_bodo)
    # when
    response = client.get(reverse("participation:period-list", args=[bodo.number]))
    # then
    rows = {p.name: p for p in response.context["periods"]}
    assert (rows["2025"].draft_count, rows["2025"].returned_count) == (1, 1)
    assert rows["2025"].submitted_count == 0  # Asker's value is not counted
    assert rows["2024"].approved_count == 2
    assert rows["2025"].indicator_count == len(indicators)
    assert values_url(bodo, open_period) in response.content.decode()


def test_norwegian_form_shows_a_saved_count_as_a_whole_number_and_one_value_in_the_singular(
    staff_bodo, bodo, open_period, indicators, make_value
):
    # given a saved count of 74 and a user with the Norwegian interface
    make_value(indicators["count"], open_period, "74")
    norwegian = Client(HTTP_ACCEPT_LANGUAGE="nb")
    norwegian.force_login(staff_bodo)
    # when they open the form
    page = norwegian.get(values_url(bodo, open_period)).content.decode()
    # then the count is 74, not "74,00"
    field = re.search(rf'<input[^>]*name="{_field(indicators["count"])}"[^>]*>', page)
    assert field
    assert 'value="74"' in field.group(0)
    assert "74,00" not in page
    # when they submit it alone
    response = norwegian.post(
        values_url(bodo, open_period),
        {_field(indicators["count"]): "74", "action": "submit"},
        follow=True,
    )
    # then the message speaks of one value
    assert "1 verdi ble sendt inn til godkjenning." in response.content.decode()


def test_a_submitted_value_can_be_withdrawn_before_review_and_corrected(
    client, staff_bodo, bodo, open_period, indicators, make_value
):
    # given a value submitted but not yet reviewed
    value = make_value(indicators["count"], open_period, "12", Status.SUBMITTED)
    client.force_login(staff_bodo)
    page = client.get(values_url(bodo, open_period)).content.decode()
    assert f'name="withdraw" value="{value.pk}"' in page
    # when the worker withdraws it
    response = client.post(values_url(bodo, open_period), {"withdraw": value.pk}, follow=True)
    # then it is a draft again, said so, and the change is in the audit trail with them as actor
    assert "Test indicator count was withdrawn and is a draft again" in response.content.decode()
    value.refresh_from_db()
    assert value.status == Status.DRAFT
    entry = LogEntry.objects.get_for_object(value).latest("timestamp")
    assert entry.actor == staff_bodo
    assert entry.changes_dict["status"] == [Status.SUBMITTED, Status.DRAFT]
    # and it can be corrected and submitted again
    client.post(
        values_url(bodo, open_period), {_field(indicators["count"]): "13", "action": "submit"}
    )
    value.refresh_from_db()
    assert (value.status, value.value) == (Status.SUBMITTED, 13)


@pytest.mark.parametrize("status", [Status.APPROVED, Status.RETURNED, Status.DRAFT])
def test_only_an_unreviewed_submitted_value_can_be_withdrawn(
    client, staff_bodo, bodo, open_period, indicators, make_value, status
):
    # given a value that is not waiting for review
    value = make_value(indicators["count"], open_period, "12", status)
    client.force_login(staff_bodo)
    assert (
        f'name="withdraw" value="{value.pk}"'
        not in client.get(values_url(bodo, open_period)).content.decode()
    )
    # when a forged POST withdraws it
    response = client.post(values_url(bodo, open_period), {"withdraw": value.pk}, follow=True)
    # then it is refused with a message and nothing changes
    assert "Only a submitted value that has not been reviewed yet can be withdrawn." in (
        response.content.decode()
    )
    value.refresh_from_db()
    assert value.status == status


def test_a_viewer_or_another_municipality_cannot_withdraw(
    client, viewer_bodo, user_factory, asker, bodo, open_period, indicators, make_value
):
    # given a submitted value of Bodø
    value = make_value(indicators["count"], open_period, "12", Status.SUBMITTED)
    # when Bodø's viewer tries: refused
    client.force_login(viewer_bodo)
    assert client.post(values_url(bodo, open_period), {"withdraw": value.pk}).status_code == 403
    # when a user of another municipality tries: the page does not exist for them
    client.force_login(
        user_factory(
            username="asker-test", role=RoleAssignment.Role.MUNICIPAL, role__municipality=asker
        )
    )
    assert client.post(values_url(bodo, open_period), {"withdraw": value.pk}).status_code == 404
    value.refresh_from_db()
    assert value.status == Status.SUBMITTED


def test_a_withdrawal_in_a_closed_period_is_refused(
    client, staff_bodo, bodo, closed_period, indicators, make_value
):
    value = make_value(indicators["count"], closed_period, "12", Status.SUBMITTED)
    client.force_login(staff_bodo)
    client.post(values_url(bodo, closed_period), {"withdraw": value.pk})
    value.refresh_from_db()
    assert value.status == Status.SUBMITTED
