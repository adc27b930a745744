"""The import's columns: Norwegian names, the codes as an alternative, mixed, unknown ones named
with the nearest valid name, and the help that shows both."""

from __future__ import annotations

import datetime

import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from participation.involvement import imports
from participation.involvement.models import InvolvementEvent

from .conftest import HEADER, csv_upload, row, xlsx_upload

# HEADER (the codes) in Norwegian, column by column, as the template writes it
NORWEGIAN = {
    "title": "tittel",
    "date": "dato",
    "start_time": "starttid",
    "method": "metode",
    "channel": "kanal",
    "themes": "temaer",
    "description": "beskrivelse",
    "feedback_due": "tilbakemelding innen",
    "consent_noted": "samtykke registrert",
    "total_participants": "deltakere totalt",
    "count:test-homeless:resident": "antall:test-homeless:beboer",
    "count:test-youth:staff": "antall:test-youth:ansatt",
}
NORWEGIAN_HEADER = [NORWEGIAN[code] for code in HEADER]


def _check(client, initiative, upload):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("participation:event-import", args=[initiative.pk]), {"file": upload}
    )


def _commit(client, initiative, response):  # type: ignore[no-untyped-def]
    """Confirm the checked file; its import task is sent when the confirm commits (here, tests
    in a transaction with tasks in-process, when the confirm is done)."""
    digest = response.context["commit_form"].initial["digest"]
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(
            reverse("participation:event-import-commit", args=[initiative.pk]), {"digest": digest}
        )


def _rows() -> list[list[str]]:
    second = {
        "count:test-homeless:resident": "3",
        "count:test-youth:staff": "",
        "total_participants": "",
    }
    return [
        row(),
        row(title="Husmøte", date="02.03.2025", channel="digital", themes="", **second),
    ]


def _saved() -> list[tuple]:  # type: ignore[type-arg]
    return [
        (
            event.title,
            event.date,
            event.start_time,
            event.method.code,
            event.channel,
            sorted(t.code for t in event.themes.all()),
            event.feedback_due,
            event.consent_noted,
            sorted((c.target_group.code, c.role, c.count) for c in event.participant_counts.all()),
        )
        for event in InvolvementEvent.objects.order_by("date", "title")
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("make", [csv_upload, xlsx_upload], ids=["csv", "xlsx"])
def test_norwegian_headers_import_the_same_rows_as_the_codes(
    client, staff_bodo, bodo_initiative, make
):
    # Given the same rows under the Norwegian header and under the codes
    client.force_login(staff_bodo)
    rows = _rows()
    # When the Norwegian file is checked, the check is the codes' check, row for row
    norwegian = imports.check_rows(bodo_initiative, NORWEGIAN_HEADER, rows)
    codes = imports.check_rows(bodo_initiative, HEADER, rows)
    assert norwegian.is_clean
    assert norwegian.plans == codes.plans
    assert [plan.participants for plan in norwegian.plans] == [9, 3]
    # And when it is uploaded and imported, the events are saved with their fields and counts
    response = _check(client, bodo_initiative, make(rows, NORWEGIAN_HEADER))
    assert "No errors. 2 events would be created." in response.content.decode()
    _commit(client, bodo_initiative, response)
    six_pm = datetime.time(18, 0)
    assert _saved() == [
        (
            "Dialogkafé i oppgangen",
            datetime.date(2025, 3, 1),
            six_pm,
            "test-dialogue-cafe",
            "physical",
            ["test-design", "test-safety"],
            datetime.date(2025, 4, 1),
            True,
            [("test-homeless", "resident", 7), ("test-youth", "staff", 2)],
        ),
        (
            "Husmøte",
            datetime.date(2025, 3, 2),
            six_pm,
            "test-dialogue-cafe",
            "digital",
            [],
            datetime.date(2025, 4, 1),
            True,
            [("test-homeless", "resident", 3)],
        ),
    ]
    # And the same rows under the codes are the same events: every one already imported
    response = _check(client, bodo_initiative, make(rows, HEADER))
    check = response.context["check"]
    assert check.is_clean
    assert len(check.already_imported) == 2
    assert not check.to_create


@pytest.mark.django_db
def test_names_and_codes_mixed_in_any_case_and_spacing_are_one_header(
    client, staff_bodo, bodo_initiative
):
    # Given a file whose header mixes Norwegian names and codes, upper case, spaces around
    # names and colons, _ for a space, ae/o/a for æ/ø/å, a target group by its name and a role
    # by its code
    client.force_login(staff_bodo)
    mixed = [
        "  Tittel ",
        "DATE",
        "start time",
        "Metode",
        "channel",
        "TEMAER",
        "description",
        "tilbakemelding_innen",
        "Samtykke  Registrert",
        "total_participants",
        "Antall : Bostedsløse (test) : Beboer",
        "count:test-youth:ansatt",
    ]
    response = _check(client, bodo_initiative, csv_upload(_rows(), mixed))
    # Then it is read as the codes' file
    check = response.context["check"]
    assert check.file_errors == []
    assert check.plans == imports.check_rows(bodo_initiative, HEADER, _rows()).plans
    assert "No errors. 2 events would be created." in response.content.decode()
    # And a role's Norwegian word may be written without æ/ø/å, as the template's help says
    assert imports.canonical_header(
        ["antall:test-youth:parorende", "antall:test-youth:pårørende"]
    ) == [
        "count:test-youth:relative",
        "count:test-youth:relative",
    ]


@pytest.mark.django_db
def test_an_error_names_the_column_as_the_file_wrote_it(client, staff_bodo, bodo_initiative):
    # Given a Norwegian file with a negative count and an unknown method
    client.force_login(staff_bodo)
    upload = csv_upload(
        [row(method="ukjent-metode", **{"count:test-youth:staff": "-2"})], NORWEGIAN_HEADER
    )
    # When it is checked
    response = _check(client, bodo_initiative, upload)
    # Then each error is in the file's own column
    errors = {(e.row, e.column): e.message for e in response.context["check"].errors}
    assert errors == {
        (2, "metode"): "Unknown method “ukjent-metode”. Use a code or name from the list.",
        (2, "antall:test-youth:ansatt"): "A count cannot be negative.",
    }
    assert "<code>antall:test-youth:ansatt</code>" in response.content.decode()


UNKNOWN = {
    "a misspelt Norwegian name": ("titel", "“titel” (did you mean “tittel”?)"),
    "a misspelt code": ("feedbak_due", "“feedbak_due” (did you mean “feedback_due”?)"),
    "a misspelt target group": (
        "antall:test-homles:beboer",
        "“antall:test-homles:beboer” (did you mean “antall:test-homeless:beboer”?)",
    ),
    "a misspelt role code": (
        "count:test-youth:staf",
        "“count:test-youth:staf” (did you mean “count:test-youth:staff”?)",
    ),
    "nothing like any column": ("xyzzy", "“xyzzy”"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", list(UNKNOWN))
def test_an_unknown_column_is_named_with_the_nearest_valid_name(
    client, staff_bodo, bodo_initiative, case
):
    # Given a Norwegian file with one column no name matches
    client.force_login(staff_bodo)
    written, named = UNKNOWN[case]
    header = [*NORWEGIAN_HEADER, written]
    # When it is checked
    response = _check(client, bodo_initiative, csv_upload([[*row(), "1"]], header))
    # Then the file is refused, naming the column and the nearest valid name, and nothing is saved
    expected = f"Unknown columns: {named}. Use the column names from the template."
    assert response.context["check"].file_errors == [expected]
    page = response.content.decode()
    assert expected in page
    assert "Import the events" not in page
    assert not InvolvementEvent.objects.exists()


@pytest.mark.django_db
def test_a_column_named_twice_in_two_languages_is_refused(client, staff_bodo, bodo_initiative):
    client.force_login(staff_bodo)
    header = [*NORWEGIAN_HEADER, "Title"]
    response = _check(client, bodo_initiative, csv_upload([[*row(), "Møte"]], header))
    assert response.context["check"].file_errors == [
        "Columns appear more than once: tittel (as tittel, Title)."
    ]


@pytest.mark.django_db
def test_the_help_page_shows_the_norwegian_names_with_the_codes_beside_them(
    client, staff_bodo, bodo_initiative
):
    # Given a staff member using the product in Norwegian
    client.force_login(staff_bodo)
    with translation.override("nb"):
        response = client.get(
            reverse("participation:event-import", args=[bodo_initiative.pk]),
            headers={"accept-language": "nb"},
        )
    page = response.content.decode()
    # Then the columns' table gives each Norwegian name and its code
    assert '<th scope="col">Kolonne</th><th scope="col">Kode</th>' in page
    assert "<td><code>tittel</code></td><td><code>title</code></td>" in page
    assert (
        "<td><code>forventninger avklart</code></td><td><code>expectations_clarified</code></td>"
        in page
    )
    assert (
        "<td><code>antall:test-homeless:beboer</code></td>"
        "<td><code>count:test-homeless:resident</code></td>" in page
    )
    # and the roles by their Norwegian word, with the code beside
    assert (
        "<code>egenerfaring</code> (Person med egenerfaring eller erfaringskonsulent; kode "
        "<code>peer</code>)" in page
    )
    assert "<code>test-homeless</code> (Bostedsløse (test))" in page
