"""The personal-data validator (participation/core/privacy.py): what it refuses and what it lets by."""

from __future__ import annotations

import pytest
from django import forms
from django.core.exceptions import ValidationError

from participation.core.privacy import (
    EMAIL_MESSAGE,
    IDENTITY_NUMBER_MESSAGE,
    PERSONAL_DATA_WARNING,
    PHONE_NUMBER_MESSAGE,
    is_identity_number,
    personal_data_problems,
    protect_free_text,
    validate_no_personal_data,
)

# Synthetic numbers with right control digits (generated; not anyone's number).
VALID_IDENTITY_NUMBERS = ["15076500565", "01010750160", "29029900157", "15038110036"]
D_NUMBER = "55038140018"  # day + 40


@pytest.mark.parametrize("number", [*VALID_IDENTITY_NUMBERS, D_NUMBER])
def test_numbers_with_right_control_digits_are_identity_numbers(number):
    assert is_identity_number(number)


@pytest.mark.parametrize(
    "number",
    ["12345678901", "01017012345", "15076500566", "1507650056", "150765005650", "abcdefghijk"],
)
def test_other_numbers_are_not_identity_numbers(number):
    assert not is_identity_number(number)


@pytest.mark.parametrize(
    "text",
    [
        "Beboer med fnr 15076500565 ønsket svar.",
        "150765 00565",
        "Nr.01010750160.",
        "(29029900157)",
        f"D-nummer {D_NUMBER}",
    ],
)
def test_identity_numbers_are_refused(text):
    assert personal_data_problems(text) == [str(IDENTITY_NUMBER_MESSAGE)]


@pytest.mark.parametrize(
    "text",
    [
        "Ring 41234567 for mer informasjon.",
        "tlf. 412 34 567",
        "22 33 44 55",
        "9876 5432",
        "+47 41234567",
        "+4741234567",
        "0047 412 34 567",
        "+47 22 33 44 55",
    ],
)
def test_phone_numbers_are_refused(text):
    assert personal_data_problems(text) == [str(PHONE_NUMBER_MESSAGE)]


@pytest.mark.parametrize(
    "text",
    [
        "ola.nordmann@example.com",
        "Send til post@bodo.kommune.no",
        "kari+bolig@gmail.com.",
        "første.beboer@eksempel.no",
    ],
)
def test_email_addresses_are_refused(text):
    assert personal_data_problems(text) == [str(EMAIL_MESSAGE)]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Beboerne ønsker bedre belysning i oppgangene.",
        "Ordrenummer 12345678901 er bestilt.",  # 11 digits, wrong control digits
        "Saksnummer 2024/12345",
        "Tilskudd på kr 12 500 000 ble innvilget.",
        "Orgnr 974760673",  # 9 digits
        "Kontonummer 1234.56.78903",
        "Møtet var 01.02.2025 kl. 18.00.",
        "Rundt 2000 beboere i 2024",
        "12345678",  # 8 digits starting with 1: no Norwegian subscriber number
        "1234 5678",
        "Ring kommunens sentralbord",
        "Vi møttes @ biblioteket",
        "123456789012",  # 12 digits
    ],
)
def test_ordinary_text_and_numbers_pass(text):
    assert personal_data_problems(text) == []
    validate_no_personal_data(text)


def test_each_kind_found_is_explained_once():
    # given text with all three kinds
    text = "15076500565, 41234567 og ola@example.com"
    # when / then
    with pytest.raises(ValidationError) as raised:
        validate_no_personal_data(text)
    assert raised.value.messages == [
        str(IDENTITY_NUMBER_MESSAGE),
        str(PHONE_NUMBER_MESSAGE),
        str(EMAIL_MESSAGE),
    ]


def test_explanations_say_what_to_write_instead():
    assert "office or service instead" in str(PHONE_NUMBER_MESSAGE)
    assert "cannot tell a private address from an official one" in str(EMAIL_MESSAGE)
    assert "without saying who it concerns" in str(IDENTITY_NUMBER_MESSAGE)


def test_protect_free_text_validates_text_fields_and_warns_on_text_areas():
    # given
    class Form(forms.Form):
        title = forms.CharField()
        notes = forms.CharField(widget=forms.Textarea, help_text="Notes.")
        count = forms.IntegerField()

    form = Form({"title": "Ring 41234567", "notes": "ola@example.com", "count": "41234567"})
    # when
    protect_free_text(form)
    # then
    assert not form.is_valid()
    # each message names the field (its label, or its name made readable) before the problem
    assert form.errors["title"] == [f"Title: {PHONE_NUMBER_MESSAGE}"]
    assert form.errors["notes"] == [f"Notes: {EMAIL_MESSAGE}"]
    assert "count" not in form.errors
    assert str(PERSONAL_DATA_WARNING) in str(form.fields["notes"].help_text)
    assert "Notes." in str(form.fields["notes"].help_text)
    assert not form.fields["title"].help_text
