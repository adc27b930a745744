"""Bounded numbers and dates (issue 13): counts, years and dates between 1900 and 2100 are
refused with a clear message in forms and query parameters, and by the models themselves, so
the Django admin and any later API refuse them too. (Participant counts in the event form:
tests/involvement/test_events.py; every route with hostile values: tests/access/test_fuzz.py.)"""

from __future__ import annotations

import datetime
import html

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from participation.involvement.models import ParticipantCount
from participation.places.models import Municipality
from participation.programme.models import Grant, Meeting
from tests.meetings.conftest import make_meeting

pytestmark = pytest.mark.django_db

DATE_MESSAGE = "Enter a date between Jan. 1, 1900 and Dec. 31, 2100."


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31", "2101-01-01", "9999-12-31"])
def test_a_meeting_date_out_of_bounds_is_refused_with_a_message(client, adviser_nord, bodo, day):
    # given
    client.force_login(adviser_nord)
    # when
    response = client.post(
        reverse("participation:meeting-create"),
        {"kind": "operative", "title": "Driftsmøte", "date": day, "municipalities": [bodo.pk]},
    )
    # then
    assert response.status_code == 200
    assert response.context["form"].errors["date"] == [DATE_MESSAGE]
    assert DATE_MESSAGE in html.unescape(response.text)
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("day", ["1900-01-01", "2100-12-31"])
def test_the_bounds_themselves_are_accepted(client, adviser_nord, bodo, day):
    client.force_login(adviser_nord)
    response = client.post(
        reverse("participation:meeting-create"),
        {"kind": "operative", "title": "Driftsmøte", "date": day, "municipalities": [bodo.pk]},
    )
    assert response.status_code == 302
    assert Meeting.objects.get().date == datetime.date.fromisoformat(day)


def test_a_commitment_due_date_far_away_is_refused(client, adviser_nord, bodo):
    meeting = make_meeting(bodo)
    client.force_login(adviser_nord)
    response = client.post(
        reverse("participation:commitment-add", args=[meeting.pk]),
        {
            "description": "Plan.",
            "municipality": bodo.pk,
            "responsible_name": "Programme leader",
            "due_date": "9999-12-31",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["due_date"] == [DATE_MESSAGE]


@pytest.mark.parametrize("year", ["99999999999999999999", "2101", "-5"])
def test_a_report_year_out_of_bounds_in_the_address_is_a_message_not_an_error(
    client, staff_bodo, year
):
    # given
    client.force_login(staff_bodo)
    # when
    response = client.get(reverse("participation:report-list"), {"year": year})
    # then: the list, with the year field marked and a message beside it
    assert response.status_code == 200
    errors = response.context["filter_form"].errors["year"]
    assert errors
    assert html.escape(errors[0]) in response.text or errors[0] in html.unescape(response.text)
    assert 'id="year-errors"' in response.text


def test_the_models_refuse_out_of_bounds_values_themselves(bodo, vocab):
    # The Django admin and any later API go through full_clean(), which runs these.
    meeting = Meeting(kind=Meeting.Kind.OPERATIVE, title="Møte", date=datetime.date(1, 1, 1))
    with pytest.raises(ValidationError) as refused:
        meeting.full_clean()
    assert refused.value.message_dict["date"] == [DATE_MESSAGE]

    grant = Grant(municipality=bodo, year=2101, granted=1)
    with pytest.raises(ValidationError) as refused:
        grant.full_clean(exclude=["instrument"])
    assert refused.value.message_dict["year"] == ["Enter a year from 1900 to 2100."]

    count = ParticipantCount(target_group=vocab["homeless"], role="resident", count=10**7)
    with pytest.raises(ValidationError) as refused:
        count.full_clean(exclude=["event"])
    assert refused.value.message_dict["count"] == ["Enter a whole number from 0 to 999 999."]

    place = Municipality(number="9999", name="X", population=10**9)
    with pytest.raises(ValidationError) as refused:
        place.full_clean()
    assert refused.value.message_dict["population"] == [
        "Enter a whole number from 0 to 99 999 999."
    ]
