"""The services' one error type, `ServiceError`, and how a view shows it: on the form's fields, or
as page messages."""

from __future__ import annotations

import datetime

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.http import HttpRequest
from django.test import RequestFactory
from django.utils import translation

from participation.accounts.services.users import UserManagementError
from participation.core.services import ServiceError, check_model
from participation.core.views import show_service_error
from participation.involvement.services.involvement import InvolvementError
from participation.programme.models import ProgrammeAgreement
from participation.programme.services.risks import FlagAlreadyClosed
from participation.programme.services.values import ValuesError


class MeetingLikeForm(forms.Form):
    title = forms.CharField(required=False)
    municipalities = forms.CharField(required=False)


def request_with_messages() -> HttpRequest:
    """A request with a session and message storage, as the middleware would give a view."""
    request = RequestFactory().post("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    return request


def test_one_message_reads_as_itself():
    error = ServiceError("Choose at least one municipality.")
    assert str(error) == "Choose at least one municipality."
    assert error.errors == {None: ["Choose at least one municipality."]}


def test_the_refusals_of_each_app_are_service_errors():
    for kind in (InvolvementError, ValuesError, UserManagementError):
        assert issubclass(kind, ServiceError)
    with translation.override("en"):
        assert str(FlagAlreadyClosed()) == "This risk flag is already closed."


def test_a_form_shows_field_errors_on_their_fields_and_the_rest_on_the_form():
    # given a bound, valid form, and a refusal naming one of its fields and one it lacks
    form = MeetingLikeForm({"title": "Møte", "municipalities": "1804"})
    assert form.is_valid()
    error = ServiceError(
        {
            "municipalities": "A municipality with commitments cannot be removed.",
            "start_date": ["Not before the first one."],
            None: "Something about the whole.",
        }
    )
    # when
    show_service_error(request_with_messages(), error, form)
    # then
    assert form.errors["municipalities"] == ["A municipality with commitments cannot be removed."]
    assert form.non_field_errors() == ["Not before the first one.", "Something about the whole."]
    assert not form.is_valid()


def test_without_a_form_each_message_becomes_a_page_message():
    request = request_with_messages()
    show_service_error(request, ServiceError({"a": "First.", None: ["Second.", "Third."]}))
    assert [str(m) for m in get_messages(request)] == ["First.", "Second.", "Third."]


@pytest.mark.django_db
def test_the_models_own_checks_refuse_as_service_errors_field_by_field(bodo):
    # given an agreement that ends before it starts, without its required level
    agreement = ProgrammeAgreement(
        municipality=bodo,
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2025, 1, 1),
    )
    # when / then
    with pytest.raises(ServiceError) as refused:
        check_model(agreement)
    # the required field on its field; the database constraint on the whole
    assert set(refused.value.errors) == {"level", None}
    assert len(refused.value.errors[None]) == 1
