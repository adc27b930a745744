"""The event import: template, dry run, all-or-nothing commit, idempotence, wrong files, access."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from participation.core.privacy import EMAIL_MESSAGE, IDENTITY_NUMBER_MESSAGE, PHONE_NUMBER_MESSAGE
from participation.involvement.imports import MAX_FILE_BYTES
from participation.involvement.models import EventImport, InvolvementEvent, ParticipantCount
from tests.conftest import log_in

from .conftest import HEADER, csv_upload, row, xlsx_upload


def _import_url(initiative) -> str:  # type: ignore[no-untyped-def]
    return reverse("participation:event-import", args=[initiative.pk])


def _check(client, initiative, upload):  # type: ignore[no-untyped-def]
    return client.post(_import_url(initiative), {"file": upload})


def _commit(client, initiative, response):  # type: ignore[no-untyped-def]
    """Confirm the checked file. The import's task is sent when the confirm's transaction
    commits; here (tests in a transaction, tasks run in-process) when the confirm is done."""
    digest = response.context["commit_form"].initial["digest"]
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(
            reverse("participation:event-import-commit", args=[initiative.pk]), {"digest": digest}
        )


# --- the template ------------------------------------------------------------------------


@pytest.mark.django_db
def test_csv_template_has_the_columns_the_importer_accepts(client, staff_bodo, bodo_initiative):
    # Given a staff member of the initiative's municipality
    client.force_login(staff_bodo)
    # When they download the CSV template
    response = client.get(
        reverse("participation:event-import-template-csv", args=[bodo_initiative.pk])
    )
    # Then it is a UTF-8 CSV whose header names the fields and a count column per group × role
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(text), delimiter=";"))
    # in Norwegian: the event's fields, then antall:<target group>:<role in Norwegian>
    assert header[:4] == ["tittel", "dato", "starttid", "metode"]
    assert header[:14] == [
        "tittel",
        "dato",
        "starttid",
        "metode",
        "kanal",
        "temaer",
        "beskrivelse",
        "tilrettelegging",
        "forventninger avklart",
        "lovet deltakerne",
        "tilbakemelding innen",
        "samtykke registrert",
        "samtykke hvordan",
        "deltakere totalt",
    ]
    assert header[14:21] == [
        "antall:test-homeless:beboer",
        "antall:test-homeless:pårørende",
        "antall:test-homeless:brukerrepresentant",
        "antall:test-homeless:innbygger",
        "antall:test-homeless:egenerfaring",
        "antall:test-homeless:ansatt",
        "antall:test-homeless:annet",
    ]
    assert len([h for h in header if h.startswith("antall:")]) == 2 * len(ParticipantCount.Role)
    assert len(header) == 14 + 2 * len(ParticipantCount.Role)
    # And the template filled with one row is accepted as it is
    values = dict.fromkeys(header, "")
    values.update(tittel="Beboermøte", dato="2025-03-01", metode="test-dialogue-cafe")
    values["antall:test-youth:beboer"] = "4"
    response = _check(client, bodo_initiative, csv_upload([[values[h] for h in header]], header))
    assert response.context["check"].is_clean
    assert "No errors. 1 event would be created." in response.content.decode()


@pytest.mark.django_db
def test_xlsx_template_has_the_columns_and_explains_them(client, staff_bodo, bodo_initiative):
    # Given a staff member
    client.force_login(staff_bodo)
    # When they download the XLSX template
    response = client.get(
        reverse("participation:event-import-template-xlsx", args=[bodo_initiative.pk])
    )
    # Then the first sheet's header is the CSV template's, and the other sheets explain it
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    sheets = workbook.worksheets
    header = [c.value for c in next(sheets[0].iter_rows(max_row=1))]
    csv_response = client.get(
        reverse("participation:event-import-template-csv", args=[bodo_initiative.pk])
    )
    csv_header = next(
        csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig")), delimiter=";")
    )
    assert header == csv_header
    help_rows = list(sheets[1].iter_rows(values_only=True))
    assert help_rows[0] == ("Column", "Code", "Meaning", "Format")
    assert [r[0] for r in help_rows[1:]] == header
    # with each column's code beside its Norwegian name
    assert help_rows[1][:2] == ("tittel", "title")
    assert help_rows[9][:2] == ("forventninger avklart", "expectations_clarified")
    assert ("antall:test-homeless:beboer", "count:test-homeless:resident") in [
        r[:2] for r in help_rows
    ]
    allowed = list(sheets[2].iter_rows(min_row=2, values_only=True))
    assert ("metode", "test-dialogue-cafe", "Dialogkafé (test)") in allowed
    assert ("kanal", "physical", "Fysisk") in allowed
    assert ("antall:<målgruppe>:…", "test-homeless", "Bostedsløse (test)") in allowed
    roles = list(sheets[3].iter_rows(values_only=True))
    assert roles[0] == ("Role in a column name", "Code", "Meaning")
    assert roles[1:] == [
        ("beboer", "resident", "Resident or service user"),
        ("pårørende", "relative", "Relative or next of kin"),
        ("brukerrepresentant", "representative", "User representative or organisation"),
        ("innbygger", "citizen", "Citizen"),
        ("egenerfaring", "peer", "Person with lived experience or peer worker"),
        ("ansatt", "staff", "Staff"),
        ("annet", "other", "Other"),
    ]
    # And the template filled with one row is accepted as it is
    values = dict.fromkeys(header, "")
    values.update(tittel="Beboermøte", dato="2025-03-01", metode="Dialogkafé (test)")
    response = _check(client, bodo_initiative, xlsx_upload([[values[h] for h in header]], header))
    assert response.context["check"].is_clean


# --- dry run and commit --------------------------------------------------------------------


@pytest.mark.django_db
def test_dry_run_lists_each_rows_errors_and_saves_nothing(client, staff_bodo, bodo_initiative):
    # Given a file with a good row and two broken ones
    client.force_login(staff_bodo)
    upload = csv_upload(
        [
            row(),
            row(title="Befaring", method="ukjent-metode", **{"count:test-youth:staff": "-2"}),
            row(title="Nabolagsvandring", date="31.02.2025", description="Ring 912 34 567."),
        ]
    )
    # When they check it
    response = _check(client, bodo_initiative, upload)
    # Then each error is listed with its row, column and a plain message; nothing is saved
    errors = {(e.row, e.column): e.message for e in response.context["check"].errors}
    assert errors[(3, "method")].startswith("Unknown method “ukjent-metode”")
    assert errors[(3, "count:test-youth:staff")] == "A count cannot be negative."
    assert errors[(4, "date")] == "Enter a valid date."
    assert errors[(4, "description")].startswith("Description: This looks like a phone number.")
    page = response.content.decode()
    assert "Nothing was saved" in page
    assert "Import the events" not in page
    assert not InvolvementEvent.objects.exists()


@pytest.mark.django_db
def test_personal_data_in_any_text_column_is_refused_with_the_fields_name(
    client, staff_bodo, bodo_initiative
):
    # Given a file with a fødselsnummer, a phone number and an e-mail address in text columns
    client.force_login(staff_bodo)
    header = [*HEADER, "accessibility_measures", "promise_to_participants", "consent_how"]
    texts = [
        {"title": "Møte om 01019000083"},
        {"title": "Befaring", "accessibility_measures": "Ring 912-34-567 for skyss"},
        {"title": "Vandring", "promise_to_participants": "Svar fra ola.nordmann@example.no"},
        {"title": "Kafé", "consent_how": "Skjema, spørsmål til 0047 412 34 567"},
    ]
    rows = [
        row(title=t["title"])
        + [
            t.get(c, "")
            for c in ("accessibility_measures", "promise_to_participants", "consent_how")
        ]
        for t in texts
    ]
    upload = csv_upload(rows, header=header)
    # When they check it
    response = _check(client, bodo_initiative, upload)
    # Then each is refused in its column, naming the field and saying what to write instead
    errors = {(e.row, e.column): e.message for e in response.context["check"].errors}
    with translation.override("en"):
        assert errors == {
            (2, "title"): f"Title: {IDENTITY_NUMBER_MESSAGE}",
            (3, "accessibility_measures"): f"Accessibility measures: {PHONE_NUMBER_MESSAGE}",
            (4, "promise_to_participants"): f"Promise to participants: {EMAIL_MESSAGE}",
            (5, "consent_how"): f"How consent was obtained: {PHONE_NUMBER_MESSAGE}",
        }
    assert not InvolvementEvent.objects.exists()


@pytest.mark.django_db
def test_clean_file_commits_every_row_attributed_to_the_user(
    client, staff_bodo, bodo_initiative, vocab
):
    # Given a clean file of two events (semicolon CSV with BOM)
    client.force_login(staff_bodo)
    upload = csv_upload([row(), row(title="Beboermøte", start_time="", total_participants="")])
    # When they check it, then confirm
    checked = _check(client, bodo_initiative, upload)
    assert "No errors. 2 events would be created." in checked.content.decode()
    assert not InvolvementEvent.objects.exists()
    response = _commit(client, bodo_initiative, checked)
    # Then they are sent to the import's page
    job = EventImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == job.get_absolute_url()
    # And both events exist, as the event form would have saved them, attributed to the user
    event = InvolvementEvent.objects.get(title="Dialogkafé i oppgangen")
    assert event.initiative == bodo_initiative
    assert event.date == datetime.date(2025, 3, 1)
    assert event.start_time == datetime.time(18, 0)
    assert event.method == vocab["cafe"]
    assert event.channel == "physical"
    assert set(event.themes.all()) == {vocab["safety"], vocab["design"]}
    assert event.consent_noted
    assert event.participant_total == 9
    assert event.created_by == staff_bodo
    assert InvolvementEvent.objects.filter(title="Beboermøte", start_time=None).exists()
    entry = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(InvolvementEvent),
        object_id=event.pk,
        action=LogEntry.Action.CREATE,
    )
    assert entry.actor == staff_bodo
    # And the import's page says how it ended, with a way back to the initiative
    page = client.get(response["Location"]).content.decode()
    assert "2 events imported." in page
    assert f'href="{bodo_initiative.get_absolute_url()}"' in page
    job.refresh_from_db()
    assert (job.status, job.created_count, job.skipped_count) == ("done", 2, 0)
    assert job.payload is None


@pytest.mark.django_db
def test_broken_row_in_the_middle_refuses_the_whole_commit(
    client, staff_bodo, bodo_initiative, vocab
):
    # Given a file that was clean when checked
    client.force_login(staff_bodo)
    upload = csv_upload([row(title="Først"), row(title="Midten"), row(title="Sist")])
    checked = _check(client, bodo_initiative, upload)
    # And the method of the middle row is made inactive before the user confirms
    vocab["cafe"].is_active = False
    vocab["cafe"].save()
    # When they confirm
    response = _commit(client, bodo_initiative, checked)
    # Then nothing is saved, and the import's page says which row broke and why
    assert response.status_code == 302
    assert not InvolvementEvent.objects.exists()
    page = client.get(response["Location"])
    text = page.content.decode()
    assert "The import failed. Nothing was saved." in text
    assert "some of its rows have become invalid" in text
    job = page.context["job"]
    errors = [(row, column) for row, column, _message in job.row_errors]
    assert (3, "method") in errors
    # and the rows it held are gone
    job.refresh_from_db()
    assert job.payload is None


@pytest.mark.django_db
def test_same_file_twice_creates_nothing_new(client, staff_bodo, bodo_initiative):
    # Given a file already imported (comma CSV without BOM)
    client.force_login(staff_bodo)
    rows = [row(), row(title="Beboermøte")]
    checked = _check(client, bodo_initiative, csv_upload(rows, delimiter=",", bom=False))
    _commit(client, bodo_initiative, checked)
    assert InvolvementEvent.objects.count() == 2
    # When the same file is uploaded again, as XLSX this time
    response = _check(client, bodo_initiative, xlsx_upload(rows))
    # Then both rows are reported as already imported, not as errors, and nothing can be saved
    check = response.context["check"]
    assert check.is_clean
    assert len(check.already_imported) == 2
    page = response.content.decode()
    assert "2 rows are already imported and will be skipped." in page
    assert "Already imported" in page
    assert response.context["commit_form"] is None
    assert InvolvementEvent.objects.count() == 2


@pytest.mark.django_db
def test_checking_a_big_file_costs_the_same_queries_as_a_small_one(
    client, staff_bodo, bodo_initiative
):
    # given two files, of 10 and of 100 events, the last row of each with feedback due before
    # its event and a theme that does not exist
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(staff_bodo)
    costs = []
    for size in (10, 100):
        rows = [row(title=f"Møte {i}") for i in range(size - 1)]
        rows.append(row(title="Sist", feedback_due="2025-02-01", themes="ukjent-tema"))
        # when checked
        with CaptureQueriesContext(connection) as queries:
            response = _check(client, bodo_initiative, csv_upload(rows))
        costs.append(len(queries.captured_queries))
        # then only the last row is refused, in the form's words
        errors = {(e.row, e.column): e.message for e in response.context["check"].errors}
        assert set(errors) == {(size + 1, "feedback_due"), (size + 1, "themes")}
        assert errors[(size + 1, "feedback_due")] == (
            "Feedback cannot be due before the event. Choose a later date."
        )
        assert errors[(size + 1, "themes")].startswith("Unknown theme “ukjent-tema”")
    # and checking ten times as many rows costs no more queries
    assert costs[0] == costs[1]
    assert not InvolvementEvent.objects.exists()


@pytest.mark.django_db
def test_the_same_event_twice_in_one_file_is_an_error(client, staff_bodo, bodo_initiative):
    client.force_login(staff_bodo)
    response = _check(client, bodo_initiative, csv_upload([row(), row()]))
    messages = [e.message for e in response.context["check"].errors]
    assert messages == ["The same event (title, date, start time) as row 2."]


@pytest.mark.django_db
def test_commit_without_a_checked_file_saves_nothing(client, staff_bodo, bodo_initiative):
    client.force_login(staff_bodo)
    response = client.post(
        reverse("participation:event-import-commit", args=[bodo_initiative.pk]),
        {"digest": "0" * 64},
        follow=True,
    )
    assert "The checked file is no longer available." in response.content.decode()
    assert not InvolvementEvent.objects.exists()


# --- wrong files -----------------------------------------------------------------------------


def _xlsx_with_formula() -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    values = row()
    values[HEADER.index("total_participants")] = "=7+2"
    sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("aktiviteter.xlsx", buffer.getvalue())


WRONG_FILES = {
    "missing and unknown columns": (
        lambda: csv_upload([["Møte", "2025-03-01"]], header=["title", "datum"]),
        "Required columns are missing: dato (date), metode (method). Start from the template.",
    ),
    "unknown column, named with the nearest valid name": (
        lambda: csv_upload([["Møte", "2025-03-01"]], header=["title", "datum"]),
        "Unknown columns: “datum” (did you mean “dato”?). Use the column names from the template.",
    ),
    "latin-1 bytes": (
        lambda: SimpleUploadedFile(
            "aktiviteter.csv", "title;date;method\nMøte på Bodø;2025-03-01;x\n".encode("latin-1")
        ),
        "The file is not UTF-8 text.",
    ),
    "too big": (
        lambda: SimpleUploadedFile(
            "aktiviteter.csv", b"title;date;method\n" + b"x" * MAX_FILE_BYTES
        ),
        "The file is too big: at most 2 MB is accepted.",
    ),
    "not a spreadsheet": (
        lambda: SimpleUploadedFile("rapport.pdf", b"%PDF-1.4 binary"),
        "The file is not a spreadsheet. Upload a CSV or XLSX file, as the template.",
    ),
    "broken xlsx": (
        lambda: SimpleUploadedFile("aktiviteter.xlsx", b"PK\x03\x04 not really a zip"),
        "The file is not a spreadsheet. Upload a CSV or XLSX file, as the template.",
    ),
    "formula in xlsx": (
        _xlsx_with_formula,
        "This cell holds a formula or starts with =, +, - or @.",
    ),
    "formula-like text in csv": (
        lambda: csv_upload([row(description="@SUM(A1:A2)")]),
        "This cell holds a formula or starts with =, +, - or @.",
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", list(WRONG_FILES))
def test_a_wrong_file_gets_a_clear_message_and_nothing_is_saved(
    client, staff_bodo, bodo_initiative, case
):
    # Given a file that cannot be imported
    client.force_login(staff_bodo)
    make, message = WRONG_FILES[case]
    # When it is checked
    response = _check(client, bodo_initiative, make())
    # Then the page says why, offers no import, and nothing is saved
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "Import the events" not in page
    assert not InvolvementEvent.objects.exists()


@pytest.mark.django_db
def test_negative_number_in_csv_is_not_taken_for_a_formula(client, staff_bodo, bodo_initiative):
    client.force_login(staff_bodo)
    response = _check(
        client, bodo_initiative, csv_upload([row(**{"count:test-youth:staff": "-2"})])
    )
    messages = [(e.column, e.message) for e in response.context["check"].errors]
    assert messages == [("count:test-youth:staff", "A count cannot be negative.")]


@pytest.mark.django_db
def test_too_many_rows_is_refused(client, staff_bodo, bodo_initiative, settings):
    client.force_login(staff_bodo)
    rows = [row(title=f"Møte {i}") for i in range(1001)]
    response = _check(client, bodo_initiative, csv_upload(rows))
    assert "The file has more than 1000 rows." in response.content.decode()
    assert not InvolvementEvent.objects.exists()


# --- access ----------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["viewer_bodo", "adviser_nord"])
def test_viewers_and_advisers_may_not_import(client, request, bodo_initiative, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(_import_url(bodo_initiative)).status_code == 403
    response = client.post(_import_url(bodo_initiative), {"file": csv_upload([row()])})
    assert response.status_code == 403
    assert not InvolvementEvent.objects.exists()


@pytest.mark.django_db
def test_outsiders_get_404(client, staff_bodo, asker_initiative):
    client.force_login(staff_bodo)
    assert client.get(_import_url(asker_initiative)).status_code == 404
    response = client.post(_import_url(asker_initiative), {"file": csv_upload([row()])})
    assert response.status_code == 404
    template = reverse("participation:event-import-template-xlsx", args=[asker_initiative.pk])
    assert client.get(template).status_code == 404


@pytest.mark.django_db
def test_admin_may_import_anywhere(client, admin_user, asker_initiative):
    log_in(client, admin_user)
    checked = _check(client, asker_initiative, csv_upload([row()]))
    _commit(client, asker_initiative, checked)
    assert InvolvementEvent.objects.get().initiative == asker_initiative


@pytest.mark.django_db
def test_initiative_page_links_to_the_import_for_editors_only(
    client, staff_bodo, viewer_bodo, bodo_initiative
):
    client.force_login(staff_bodo)
    assert (
        _import_url(bodo_initiative)
        in client.get(bodo_initiative.get_absolute_url()).content.decode()
    )
    client.force_login(viewer_bodo)
    assert (
        _import_url(bodo_initiative)
        not in client.get(bodo_initiative.get_absolute_url()).content.decode()
    )


@pytest.mark.django_db
def test_import_page_query_count_is_bounded(
    client, staff_bodo, bodo_initiative, django_assert_max_num_queries
):
    # Given a staff member
    client.force_login(staff_bodo)
    # When they open the import page, the query count is fixed
    with django_assert_max_num_queries(20):
        response = client.get(_import_url(bodo_initiative))
    assert response.status_code == 200
    # And checking a file costs a fixed part plus the event form's own checks per row (the
    # method and themes looked up, the method's existence, the model's check constraints): six
    # queries a row, so doubling the rows at most doubles the per-row part, never more.
    for rows in (25, 50):
        upload = csv_upload([row(title=f"Møte {i}") for i in range(rows)])
        with django_assert_max_num_queries(20 + 6 * rows):
            response = _check(client, bodo_initiative, upload)
        assert response.context["check"].is_clean


# --- the commit in bulk ------------------------------------------------------------------------


def _normalised_entries(initiative):  # type: ignore[no-untyped-def]
    """The audit entries of the initiative's rows, told apart from another initiative's by
    nothing but their ids: each row's id replaced by its place among its kind."""
    entries = list(
        LogEntry.objects.filter(additional_data__initiative=initiative.pk)
        .exclude(
            content_type=ContentType.objects.get_for_model(initiative), object_id=initiative.pk
        )
        .select_related("content_type", "actor")
        .order_by("pk")
    )
    places: dict[tuple[int, int], int] = {}
    for entry in entries:
        places.setdefault((entry.content_type_id, entry.object_id), len(places))
    event_type = ContentType.objects.get_for_model(InvolvementEvent).pk
    normalised = []
    for entry in entries:
        changes = dict(entry.changes or {})
        changes.pop("initiative", None)  # the initiative's own name, the one difference
        if "event" in changes:  # a count names its event by id: its place instead
            old, new = changes["event"]
            changes["event"] = [old, places[(event_type, int(new))]]
        normalised.append(
            (
                entry.content_type.model,
                entry.action,
                places[(entry.content_type_id, entry.object_id)],
                entry.object_repr,
                entry.actor,
                sorted(entry.additional_data),
                entry.additional_data["municipalities"],
                repr(changes),
            )
        )
    return normalised


@pytest.mark.django_db
def test_the_bulk_commit_writes_the_audit_entries_that_saving_row_by_row_writes(
    staff_bodo, bodo, bodo_initiative, vocab
):
    # given a checked file of three events, one without themes or counts
    from participation.involvement.imports import check_rows
    from participation.involvement.models import Initiative
    from participation.involvement.services.imports import import_events
    from participation.involvement.services.involvement import create_event

    rows = [
        row(),
        row(title="Beboermøte", start_time="", themes="", total_participants=""),
        row(title="Husmøte", date="02.03.2025", **{"count:test-youth:staff": "0"}),
    ]
    rows[1][HEADER.index("count:test-homeless:resident")] = ""
    rows[1][HEADER.index("count:test-youth:staff")] = ""
    rows[2][HEADER.index("total_participants")] = "7"
    twin = Initiative.objects.create(municipality=bodo, name="Tvilling", aim="Samme rader.")
    twin.target_groups.add(vocab["homeless"], vocab["youth"])
    # when the file is imported in bulk into one initiative
    created, _check_result = import_events(
        bodo_initiative, actor=staff_bodo, header=HEADER, rows=rows
    )
    # and the same rows are saved one by one, as the event form does, into its twin
    for plan in check_rows(twin, HEADER, rows).to_create:
        create_event(twin, actor=staff_bodo, themes=plan.themes, counts=plan.counts, **plan.fields)
    # then every created row has its entry, attributed to the user, the same as row by row
    assert len(created) == 3
    bulk = _normalised_entries(bodo_initiative)
    one_by_one = _normalised_entries(twin)
    assert bulk == one_by_one
    kinds = [(model, action) for model, action, *_rest in bulk]
    assert kinds.count(("involvementevent", LogEntry.Action.CREATE)) == 3
    assert kinds.count(("involvementevent", LogEntry.Action.UPDATE)) == 2  # themes added
    assert kinds.count(("participantcount", LogEntry.Action.CREATE)) == 3  # 2 + 1, no zero
    assert all(entry[4] == staff_bodo for entry in bulk)

    # and the rows themselves are the same
    def rows_of(initiative):  # type: ignore[no-untyped-def]
        return sorted(
            (
                e.title,
                e.date,
                e.start_time,
                e.method_id,
                e.channel,
                e.consent_noted,
                e.created_by_id,
                e.updated_by_id,
                sorted(e.themes.values_list("pk", flat=True)),
                sorted(e.participant_counts.values_list("target_group_id", "role", "count")),
            )
            for e in InvolvementEvent.objects.filter(initiative=initiative)
        )

    assert rows_of(bodo_initiative) == rows_of(twin)


@pytest.mark.django_db
def test_committing_a_big_file_costs_the_same_queries_as_a_small_one(
    client, staff_bodo, bodo_initiative
):
    # given two clean files, of 10 and of 100 events
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(staff_bodo)
    costs = []
    for size, prefix in ((10, "Liten"), (100, "Stor")):
        checked = _check(
            client, bodo_initiative, csv_upload([row(title=f"{prefix} {i}") for i in range(size)])
        )
        # when committed
        with CaptureQueriesContext(connection) as queries:
            response = _commit(client, bodo_initiative, checked)
        assert response.status_code == 302
        assert EventImport.objects.get(created_count=size).status == "done"
        # the commit's inserts: not one per row
        inserts = [q for q in queries.captured_queries if q["sql"].startswith("INSERT")]
        costs.append((len(queries.captured_queries), len(inserts)))
    # then the inserts are the same few, and the rows' checks cost no query a row (the event
    # form checks the choices against the vocabularies read once per file): the commit's
    # (events, themes, counts, audit entries), and the import's record with its two audit
    # entries (confirmed, done)
    (small_total, small_inserts), (big_total, big_inserts) = costs
    assert small_inserts == big_inserts <= 5 + 3
    assert big_total == small_total
    assert InvolvementEvent.objects.filter(initiative=bodo_initiative).count() == 110


@pytest.mark.django_db
def test_checking_with_forms_reused_row_after_row_gives_what_new_forms_give(bodo_initiative):
    # given clean and broken rows mixed, so a row follows one with other errors and values
    from participation.involvement import imports

    rows = [
        row(),
        row(title="Befaring", method="ukjent-metode", **{"count:test-youth:staff": "-2"}),
        row(title="Vandring", date="31.02.2025", description="Ring 912 34 567."),
        row(title="Kafé", themes="", start_time="", total_participants="", feedback_due=""),
        row(title="Husmøte", feedback_due="2025-01-01", total_participants="8"),
        row(title="", method="", consent_noted="kanskje", **{"count:test-homeless:resident": "x"}),
        row(title="Siste", date="2025-03-02", channel="Digital"),
    ]
    # when the file is checked (one event form and one count form for all its rows)
    checked = imports.check_rows(bodo_initiative, HEADER, rows)
    # then each row's plan (its errors, or its fields, themes and counts) is the one that new
    # forms for that row alone give
    vocabulary = imports._Vocabulary()
    groups = sorted(
        {vocabulary.groups[name.split(":")[1]] for name in HEADER if name.startswith("count:")},
        key=lambda g: (g.order, g.name),
    )
    alone = [
        imports._check_row(number, dict(zip(HEADER, cells, strict=True)), vocabulary, groups)
        for number, cells in enumerate(rows, start=2)
    ]
    assert checked.plans == alone
    assert [bool(plan.errors) for plan in alone] == [False, True, True, False, True, True, False]


@pytest.mark.django_db
def test_the_creation_changes_are_auditlogs_own(staff_bodo, bodo_initiative):
    # given events and counts as the bulk commit creates them (every column, and few)
    from auditlog.diff import model_instance_diff

    from participation.involvement.services.imports import _CreationDiff, import_events

    full = row()
    sparse = row(title="Befaring", start_time="", themes="", feedback_due="", consent_noted="")
    created, _check_result = import_events(
        bodo_initiative, actor=staff_bodo, header=HEADER, rows=[full, sparse]
    )
    instances = [
        *created,
        *ParticipantCount.objects.filter(event__in=created).select_related("target_group"),
    ]
    # then the import's changes of each created row are those auditlog computes for it
    diff = _CreationDiff()
    assert len(instances) == 6  # two events, two counts each
    for instance in instances:
        assert diff(instance) == model_instance_diff(None, instance)
