"""The event import against hostile and broken input (issue 13): numbers too big, damaged XLSX
files, files that unpack to far more than they weigh, dates out of range, and vocabulary names
that a spreadsheet would run as formulas in the template."""

from __future__ import annotations

import datetime
import io
import os
import re
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from participation.involvement.imports import (
    MAX_CELL_CHARACTERS,
    MAX_COLUMNS,
    MAX_UNPACKED_BYTES,
    check_rows,
    read_upload,
)
from participation.involvement.models import (
    MAX_PARTICIPANTS,
    InvolvementEvent,
    ParticipantCount,
)
from participation.involvement.services.involvement import InvolvementError, create_event
from participation.places.models import Method, Theme

from .conftest import HEADER, csv_upload, row, xlsx_upload

NOT_A_SPREADSHEET = "The file is not a spreadsheet. Upload a CSV or XLSX file, as the template."
HUGE = "99999999999999999999"


def _check(client, initiative, upload):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("participation:event-import", args=[initiative.pk]), {"file": upload}
    )


# --- numbers ------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("make", [csv_upload, xlsx_upload], ids=["csv", "xlsx"])
def test_a_huge_count_is_a_row_error_in_the_dry_run_and_nothing_is_offered(
    client, staff_bodo, bodo_initiative, make
):
    # given a file whose count and total are 99999999999999999999
    client.force_login(staff_bodo)
    upload = make([row(total_participants=HUGE, **{"count:test-youth:staff": HUGE})])
    # when it is checked
    response = _check(client, bodo_initiative, upload)
    # then the page answers, names the cells and says why; it offers no import
    assert response.status_code == 200
    errors = {(e.row, e.column): e.message for e in response.context["check"].errors}
    too_many = f"A count cannot be more than {MAX_PARTICIPANTS}."
    assert errors == {
        (2, "count:test-youth:staff"): too_many,
        (2, "total_participants"): too_many,
    }
    page = response.content.decode()
    assert "No errors" not in page
    assert "Import the events" not in page
    assert response.context["commit_form"] is None
    assert not InvolvementEvent.objects.exists()


@pytest.mark.django_db
def test_the_largest_count_allowed_is_imported(client, staff_bodo, bodo_initiative):
    client.force_login(staff_bodo)
    most = str(MAX_PARTICIPANTS)
    upload = csv_upload(
        [row(total_participants="", **{"count:test-youth:staff": most})], header=HEADER
    )
    response = _check(client, bodo_initiative, upload)
    assert response.context["check"].is_clean
    digest = response.context["commit_form"].initial["digest"]
    with TestCase.captureOnCommitCallbacks(execute=True):  # the import's task, in-process
        client.post(
            reverse("participation:event-import-commit", args=[bodo_initiative.pk]),
            {"digest": digest},
        )
    assert ParticipantCount.objects.filter(count=MAX_PARTICIPANTS).count() == 1


@pytest.mark.django_db
def test_the_services_refuse_a_count_above_the_bound(staff_bodo, bodo_initiative, vocab):
    # (the event page's form refuses it first; a caller that skips the form is refused too)
    with pytest.raises(InvolvementError, match=f"cannot be more than {MAX_PARTICIPANTS}"):
        create_event(
            bodo_initiative,
            actor=staff_bodo,
            counts={(vocab["youth"].pk, "staff"): MAX_PARTICIPANTS + 1},
            title="Møte",
            date=datetime.date(2025, 3, 1),
            method=vocab["cafe"],
        )
    assert not InvolvementEvent.objects.exists()


# --- dates --------------------------------------------------------------------------------------

DATES = {
    "1899-12-31": ("date", "Check the year: dates before 2000 are not accepted."),
    "01.01.0001": ("date", "Check the year: dates before 2000 are not accepted."),
    "2101-01-01": ("date", "Check the year: the date is more than a year from today."),
    "31.12.9999": ("date", "Check the year: the date is more than a year from today."),
    "31.12.99999": ("date", "Enter a valid date."),
}


@pytest.mark.django_db
@pytest.mark.parametrize("value", list(DATES))
def test_a_date_out_of_range_is_a_row_error(bodo_initiative, value):
    column, message = DATES[value]
    checked = check_rows(bodo_initiative, HEADER, [row(date=value, feedback_due="")])
    assert [(e.column, e.message) for e in checked.errors] == [(column, message)]


@pytest.mark.django_db
def test_a_feedback_date_far_off_is_a_row_error(bodo_initiative):
    checked = check_rows(bodo_initiative, HEADER, [row(feedback_due="9999-12-31")])
    assert [(e.column, e.message) for e in checked.errors] == [
        ("feedback_due", "Check the year: feedback due more than a year after the event.")
    ]


# --- damaged files ------------------------------------------------------------------------------


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _workbook_parts() -> dict[str, bytes]:
    content = xlsx_upload([row()]).read()
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


DAMAGED = {
    "random bytes named .xlsx": lambda: os.urandom(4096),
    "a zip that is not a workbook": lambda: _zip({"notes.txt": b"hello"}),
    "a workbook whose content list is not XML": lambda: _zip(
        {**_workbook_parts(), "[Content_Types].xml": b"<<< not xml"}
    ),
    "a workbook whose sheet is cut off": lambda: _zip(
        {
            **_workbook_parts(),
            "xl/worksheets/sheet1.xml": b"<worksheet><sheetData><row><c r='A1'><v>1</v></c>",
        }
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", list(DAMAGED))
def test_a_damaged_xlsx_gets_a_clear_message(client, staff_bodo, bodo_initiative, case):
    client.force_login(staff_bodo)
    upload = SimpleUploadedFile("aktiviteter.xlsx", DAMAGED[case]())
    response = _check(client, bodo_initiative, upload)
    assert response.status_code == 200
    page = response.content.decode()
    assert NOT_A_SPREADSHEET in page
    assert "Import the events" not in page
    assert not InvolvementEvent.objects.exists()


# --- files that expand --------------------------------------------------------------------------


def _expanding_xlsx() -> bytes:
    """A valid workbook whose one row holds a cell of 25 MB of text: a few tens of KB packed."""
    parts = _workbook_parts()
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    big = "a" * (25 * 1024 * 1024)
    cell = f'<c r="A3" t="inlineStr"><is><t>{big}</t></is></c>'
    sheet = sheet.replace("</sheetData>", f'<row r="3">{cell}</row></sheetData>')
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    return _zip(parts)


@pytest.mark.django_db
def test_an_xlsx_that_unpacks_beyond_the_limit_is_refused_before_it_is_read(
    client, staff_bodo, bodo_initiative
):
    # given a file of a few tens of KB that unpacks to more than 20 MB
    content = _expanding_xlsx()
    assert len(content) < 200 * 1024
    # when it is read, then it is refused, and without unpacking it (a few MB at most)
    tracemalloc.start()
    try:
        with pytest.raises(Exception, match="The file unpacks to more than 20 MB.") as refused:
            read_upload("aktiviteter.xlsx", content)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 5 * 1024 * 1024, peak
    assert type(refused.value).__name__ == "ImportFileError"
    # and the page says so
    client.force_login(staff_bodo)
    response = _check(client, bodo_initiative, SimpleUploadedFile("aktiviteter.xlsx", content))
    assert response.status_code == 200
    assert f"The file unpacks to more than {MAX_UNPACKED_BYTES // (1024 * 1024)} MB." in (
        response.content.decode()
    )
    assert not InvolvementEvent.objects.exists()


def _xlsx(rows: list[list[str]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


TOO_BIG = {
    "csv row of too many columns": (
        lambda: csv_upload([[*row(), *["x"] * MAX_COLUMNS]]).read(),
        f"Row 2 has more than {MAX_COLUMNS} columns.",
    ),
    "xlsx row of too many columns": (
        lambda: _xlsx([HEADER, [*row(), *["x"] * MAX_COLUMNS]]),
        f"more than {MAX_COLUMNS} columns.",
    ),
    "csv cell too long": (
        lambda: csv_upload([row(description="a" * (MAX_CELL_CHARACTERS + 1))]).read(),
        f"Row 2, column 7 holds more than {MAX_CELL_CHARACTERS} characters.",
    ),
    "xlsx cell too long": (
        lambda: _xlsx([HEADER, row(description="a" * (MAX_CELL_CHARACTERS + 1))]),
        f"Row 2, column 7 holds more than {MAX_CELL_CHARACTERS} characters.",
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", list(TOO_BIG))
def test_rows_and_cells_beyond_the_limits_are_refused(client, staff_bodo, bodo_initiative, case):
    make, message = TOO_BIG[case]
    name = "aktiviteter.xlsx" if case.startswith("xlsx") else "aktiviteter.csv"
    client.force_login(staff_bodo)
    response = _check(client, bodo_initiative, SimpleUploadedFile(name, make()))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not InvolvementEvent.objects.exists()


def test_an_xlsx_whose_dimension_says_less_than_it_holds_is_read_whole() -> None:
    # given a workbook of three rows of 12 columns that declares itself A1:C2
    parts = _workbook_parts()
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    parts["xl/worksheets/sheet1.xml"] = re.sub(
        r'<dimension ref="[^"]*"\s*/>', '<dimension ref="A1:C2"/>', sheet
    ).encode()
    assert b'<dimension ref="A1:C2"/>' in parts["xl/worksheets/sheet1.xml"]
    second = row(title="Andre møte")
    parts["xl/worksheets/sheet1.xml"] = (
        parts["xl/worksheets/sheet1.xml"]
        .decode()
        .replace(
            "</sheetData>",
            '<row r="3">'
            + "".join(
                f'<c r="{chr(65 + i)}3" t="inlineStr"><is><t>{value}</t></is></c>'
                for i, value in enumerate(second)
            )
            + "</row></sheetData>",
        )
        .encode()
    )
    # when it is read, then no row and no cell is dropped
    sheet_read = read_upload("aktiviteter.xlsx", _zip(parts))
    assert sheet_read.header == [name.lower() for name in HEADER]
    assert sheet_read.rows == [row(), second]


@pytest.mark.django_db
def test_the_limits_are_stated_on_the_import_page(client, staff_bodo, bodo_initiative):
    client.force_login(staff_bodo)
    page = client.get(reverse("participation:event-import", args=[bodo_initiative.pk]))
    assert (
        "At most 2 MB (20 MB unpacked, for XLSX), 1000 rows, 200 columns and 10000 characters "
        "in a cell." in page.content.decode()
    )


# --- the template -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_template_writes_formula_like_names_as_text(client, staff_bodo, bodo_initiative):
    # given vocabulary entries whose names a spreadsheet would run
    Method.objects.create(code="formel", name='=HYPERLINK("http://x.example","klikk")', order=99)
    Theme.objects.create(code="pluss", name="+1 tema", order=99)
    Theme.objects.create(code="at", name="@SUM(A1)", order=98)
    client.force_login(staff_bodo)
    # when the XLSX template is downloaded
    response = client.get(
        reverse("participation:event-import-template-xlsx", args=[bodo_initiative.pk])
    )
    workbook = load_workbook(io.BytesIO(response.content))
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    # then no cell is a formula, and those names are written as text, as the exports write them
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    values = {cell.value for cell in cells}
    assert '\'=HYPERLINK("http://x.example","klikk")' in values
    assert {"'+1 tema", "'@SUM(A1)"} <= values
    # and a row naming the method as the template writes it is understood
    checked = check_rows(
        bodo_initiative,
        HEADER,
        [row(method='\'=HYPERLINK("http://x.example","klikk")', themes="'+1 tema")],
    )
    assert checked.is_clean, checked.errors
    assert checked.plans[0].fields["method"].code == "formel"
