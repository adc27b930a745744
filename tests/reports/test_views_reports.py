"""The report pages: list, asking for one, a report's page, its progress, downloads, asking
again and the definitions. Done snapshots are made here without a worker
(`make_done_snapshot`); making them for real is tested in test_generation_*.py."""

from __future__ import annotations

import datetime
import json
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from participation.accounts.models import SecurityEvent
from participation.reports.definitions import report_definitions
from participation.reports.models import ReportSnapshot
from participation.reports.params import Period, ReportScope

from .generation_support import (
    Q1_2025,
    STAND_IN_FILES,
    add_records,
    data_of,
    make_done_snapshot,
    municipal_scope,
    municipality,
    strategy,
)

pytestmark = pytest.mark.django_db

Status = ReportSnapshot.Status


@pytest.fixture
def bodo_report(staff_bodo) -> ReportSnapshot:  # type: ignore[no-untyped-def]
    add_records(municipality())
    return make_done_snapshot(municipal_scope(), requested_by=staff_bodo)


def english(client: Client, user, log_in) -> Client:  # type: ignore[no-untyped-def]
    log_in(client, user)
    client.cookies["django_language"] = "en"
    return client


def request_data(**changes: object) -> dict[str, object]:
    return {
        "scope": "municipality",
        "municipality": "1804",
        "strategy": strategy().pk,
        "period_kind": "quarter",
        "year": "2025",
        "number": "1",
        "language": "nb",
        **changes,
    }


# The list --------------------------------------------------------------------------------------


def test_the_list_shows_reports_with_status_and_version_in_few_queries(
    client, staff_bodo, bodo_report, log_in, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    # given a done report, a second version being made and a foreign report
    ReportSnapshot.objects.create(
        scope="municipality",
        municipality=bodo_report.municipality,
        strategy=bodo_report.strategy,
        period_kind="quarter",
        period_start=Q1_2025.start,
        period_end=Q1_2025.end,
        version=2,
        status=Status.RUNNING,
        progress=40,
    )
    make_done_snapshot(municipal_scope("3203"))
    english(client, staff_bodo, log_in)
    # when
    # (session, user, roles, count, page; one more for the scope of the list)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("participation:report-list"))
    # then: Bodø's two versions, not Asker's
    assert response.status_code == 200
    html = response.content.decode()
    assert "2 reports" in html
    assert "Bodø" in html
    assert "Asker" not in html
    assert "Q1 2025" in html
    assert "Done" in html
    assert "Being made" in html
    assert "New report" in html


def test_the_list_filters_and_has_an_empty_state(client, staff_bodo, bodo_report, log_in) -> None:  # type: ignore[no-untyped-def]
    english(client, staff_bodo, log_in)
    # when
    by_year = client.get(reverse("participation:report-list"), {"period_kind": "year"})
    # then
    assert "No report matches these filters" in by_year.content.decode()
    by_quarter = client.get(reverse("participation:report-list"), {"period_kind": "quarter"})
    assert "1 report" in by_quarter.content.decode()


def test_a_viewer_sees_reports_but_is_not_offered_to_ask(client, viewer_bodo, log_in) -> None:  # type: ignore[no-untyped-def]
    english(client, viewer_bodo, log_in)
    # when
    response = client.get(reverse("participation:report-list"))
    # then
    html = response.content.decode()
    assert "No reports yet" in html
    assert reverse("participation:report-request") not in html


def test_the_list_pages_through_many_reports(client, admin_user, log_in) -> None:  # type: ignore[no-untyped-def]
    # given 30 queued reports
    bodo = municipality()
    for number in range(30):
        ReportSnapshot.objects.create(
            scope="municipality",
            municipality=bodo,
            strategy=strategy(),
            period_kind="year",
            period_start=datetime.date(1990 + number, 1, 1),
            period_end=datetime.date(1990 + number, 12, 31),
        )
    english(client, admin_user, log_in)
    # when
    first = client.get(reverse("participation:report-list")).content.decode()
    second = client.get(reverse("participation:report-list"), {"page": 2}).content.decode()
    # then
    assert "30 reports" in first
    assert first.count("/rapporter/") > 25
    assert "2019" in first  # newest first
    assert "1990" in second
    assert 'aria-current="page"><span class="visually-hidden">' not in second


# A report's page -------------------------------------------------------------------------------


def test_a_done_report_shows_its_meta_downloads_body_and_versions(
    client, staff_bodo, bodo_report, log_in, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    # given an older, failed try of a second version
    ReportSnapshot.objects.create(
        scope="municipality",
        municipality=bodo_report.municipality,
        strategy=bodo_report.strategy,
        period_kind="quarter",
        period_start=Q1_2025.start,
        period_end=Q1_2025.end,
        version=2,
        status=Status.FAILED,
        error="The report could not be made (ValueError).",
    )
    english(client, staff_bodo, log_in)
    # when
    # (session, user, roles, the snapshot, its files, other versions, the stored tables' first
    # rows, all in one)
    with django_assert_max_num_queries(8):
        response = client.get(bodo_report.get_absolute_url())
    # then
    assert response.status_code == 200
    html = response.content.decode()
    assert "Report for Bodø (1804), Q1 2025" in html
    assert bodo_report.checksum in html
    assert bodo_report.generator_version in html
    for fmt in ("pdf", "xlsx", "csv"):
        assert reverse(f"participation:report-download-{fmt}", args=[bodo_report.pk]) in html
    assert "Version 2" in html  # the other version
    assert 'class="report-body' in html
    for section in data_of(bodo_report)["sections"]:
        assert escape(section["title"]) in html
    assert "data-report-progress-url" not in html  # nothing to poll
    assert "Make a new version from today" in html
    # what a reader needs comes before the report; how it was made, after it
    body_at = html.index('class="report-body')
    about_at = html.index('<section id="report-about"')
    assert body_at < about_at
    before = html[:body_at]
    for fact in ("Asked for", "Made", "Data cut-off", "Period"):
        assert f">{fact}</dt>" in before, fact
    assert bodo_report.checksum not in before
    assert html.count(bodo_report.checksum) == 1
    assert bodo_report.generator_version not in before
    about = html[about_at:]
    assert '<h2 id="report-about-heading" class="h4">About the report</h2>' in about
    assert bodo_report.checksum in about
    assert bodo_report.generator_version in about
    assert html.count('id="report-about"') == 1  # the body's contents link to it
    assert 'href="#report-about"' in html[body_at:about_at]
    # the language by its name, no raw parameters
    assert re.search(r">Language</dt>\s*<dd[^>]*>Norwegian Bokmål</dd>", about)
    assert ">nb</dd>" not in html
    assert "scope=municipality" not in html  # the old raw parameter text
    assert "Parameters" not in html


def test_a_report_page_in_bokmal_names_the_language_and_ends_with_om_rapporten(
    client, staff_bodo, bodo_report, log_in
) -> None:  # type: ignore[no-untyped-def]
    log_in(client, staff_bodo)
    client.cookies["django_language"] = "nb"
    html = client.get(bodo_report.get_absolute_url()).content.decode()
    about_at = html.index('<section id="report-about"')
    assert html.index('class="report-body') < about_at
    about = html[about_at:]
    assert '<h2 id="report-about-heading" class="h4">Om rapporten</h2>' in about
    assert re.search(r">Språk</dt>\s*<dd[^>]*>Norsk bokmål</dd>", about)
    assert re.search(r">Antall fra 1 til 4 skjult</dt>\s*<dd[^>]*>nei</dd>", about)
    assert bodo_report.checksum in about
    assert "Parametere" not in html


def test_a_report_being_made_shows_a_progress_bar_that_polls(client, staff_bodo, log_in) -> None:  # type: ignore[no-untyped-def]
    # given
    snapshot = ReportSnapshot.objects.create(
        scope="municipality",
        municipality=municipality(),
        strategy=strategy(),
        period_kind="quarter",
        period_start=Q1_2025.start,
        period_end=Q1_2025.end,
        status=Status.RUNNING,
        progress=42,
        progress_step="Counting participation",
        dispatched_at=datetime.datetime(2025, 4, 2, tzinfo=datetime.UTC),
    )
    english(client, staff_bodo, log_in)
    # when
    html = client.get(snapshot.get_absolute_url()).content.decode()
    progress = client.get(reverse("participation:report-progress", args=[snapshot.pk]))
    # then
    assert (
        '<progress class="w-100 report-progress" id="report-progress-bar" max="100" value="42">'
        in html
    )
    assert 'aria-live="polite"' in html
    assert "Counting participation" in html
    assert "/static/js/report-progress.js" in html
    assert progress["Cache-Control"].startswith("max-age=0")
    assert json.loads(progress.content) == {
        "status": "running",
        "status_label": "Being made",
        "progress": 42,
        "message": "Counting participation",
        "finished": False,
        "waiting_for_broker": False,
    }


def test_a_report_waiting_for_the_broker_says_so_plainly(client, staff_bodo, log_in) -> None:  # type: ignore[no-untyped-def]
    snapshot = ReportSnapshot.objects.create(
        scope="municipality",
        municipality=municipality(),
        strategy=strategy(),
        period_kind="quarter",
        period_start=Q1_2025.start,
        period_end=Q1_2025.end,
    )
    english(client, staff_bodo, log_in)
    # when
    html = client.get(snapshot.get_absolute_url()).content.decode()
    state = client.get(reverse("participation:report-progress", args=[snapshot.pk])).json()
    # then
    assert "The report queue is not reachable right now" in html
    assert "Try again now" in html
    assert state["waiting_for_broker"] is True
    assert state["message"] == "Waiting for the report queue to come back."


def test_outsiders_get_404_for_a_report_and_its_files(
    client, bodo_report, log_in, django_user_model
) -> None:  # type: ignore[no-untyped-def]
    # given municipal staff of Asker
    from participation.accounts.models import RoleAssignment
    from participation.places.models import Municipality

    outsider = django_user_model.objects.create_user("asker-staff")
    RoleAssignment.objects.create(
        user=outsider,
        role=RoleAssignment.Role.MUNICIPAL,
        municipality=Municipality.objects.get(number="3203"),
    )
    log_in(client, outsider)
    # when / then
    for url in (
        bodo_report.get_absolute_url(),
        reverse("participation:report-progress", args=[bodo_report.pk]),
        reverse("participation:report-download-pdf", args=[bodo_report.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(reverse("participation:report-again", args=[bodo_report.pk])).status_code == 404
    )
    assert not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.EXPORT).exists()


# Downloads -------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["pdf", "xlsx", "csv"])
def test_a_download_gives_the_stored_file_and_is_recorded(
    client, viewer_bodo, bodo_report, log_in, fmt: str
) -> None:  # type: ignore[no-untyped-def]
    # given a viewer, who may read reports
    log_in(client, viewer_bodo)
    # when
    response = client.get(reverse(f"participation:report-download-{fmt}", args=[bodo_report.pk]))
    # then: the bytes stored, as an attachment with a readable name
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == STAND_IN_FILES[fmt]  # type: ignore[attr-defined,index]
    extension = {"pdf": "pdf", "xlsx": "xlsx", "csv": "zip"}[fmt]
    assert response["Content-Disposition"] == (
        f'attachment; filename="rapport-bodo-1804-20250101-20250331-v1.{extension}"'
    )
    # never kept in a browser's or proxy's cache
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    # and the security log has it
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.EXPORT)
    assert event.actor == viewer_bodo
    assert event.data["report"] == bodo_report.pk
    assert event.data["format"] == fmt
    assert event.data["version"] == 1


def test_a_file_missing_from_storage_is_said_plainly_and_not_recorded_as_a_download(
    client, viewer_bodo, bodo_report, log_in
) -> None:  # type: ignore[no-untyped-def]
    # given a report whose PDF was lost from the media folder
    report_file = bodo_report.files.get(format="pdf")
    report_file.file.storage.delete(report_file.file.name)
    log_in(client, viewer_bodo)
    # when the viewer downloads it
    response = client.get(
        reverse("participation:report-download-pdf", args=[bodo_report.pk]), follow=True
    )
    # then they are back on the report's page, told what happened and what to do
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == bodo_report.get_absolute_url()
    assert "The file of this report is missing from the storage." in response.content.decode()
    # and no download was recorded
    assert not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.EXPORT).exists()


def test_a_report_not_done_has_no_download(client, staff_bodo, log_in) -> None:  # type: ignore[no-untyped-def]
    snapshot = ReportSnapshot.objects.create(
        scope="municipality",
        municipality=municipality(),
        strategy=strategy(),
        period_kind="quarter",
        period_start=Q1_2025.start,
        period_end=Q1_2025.end,
        status=Status.RUNNING,
    )
    log_in(client, staff_bodo)
    response = client.get(reverse("participation:report-download-pdf", args=[snapshot.pk]))
    assert response.status_code == 404


# Asking for one ------------------------------------------------------------------------------


def test_a_viewer_may_not_ask_for_a_report(client, viewer_bodo, bodo_report, log_in) -> None:  # type: ignore[no-untyped-def]
    log_in(client, viewer_bodo)
    # when / then
    assert client.get(reverse("participation:report-request")).status_code == 403
    assert client.post(reverse("participation:report-request"), request_data()).status_code == 403
    again = client.post(reverse("participation:report-again", args=[bodo_report.pk]))
    assert again.status_code == 403
    assert ReportSnapshot.objects.count() == 1


def test_staff_ask_for_their_municipality_and_nothing_else(
    client, staff_bodo, log_in, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    english(client, staff_bodo, log_in)
    # when: the form offers Bodø only, and municipal reports only
    form = client.get(reverse("participation:report-request")).content.decode()
    assert '<option value="1804" selected>Bodø (1804)</option>' in form
    assert "3203" not in form
    assert 'value="national"' not in form
    assert 'value="region"' not in form
    # when: a forged post asks for Asker, or for the country
    for forged in (request_data(municipality="3203"), request_data(scope="national")):
        response = client.post(reverse("participation:report-request"), forged)
        assert response.status_code == 200
        assert "is-invalid" in response.content.decode() or "alert" in response.content.decode()
    assert not ReportSnapshot.objects.exists()
    # when: a proper request (the task is sent after the commit; not run here)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("participation:report-request"), request_data())
    # then
    snapshot = ReportSnapshot.objects.get()
    assert response.status_code == 302
    assert response["Location"] == snapshot.get_absolute_url()
    assert (snapshot.requested_by, snapshot.municipality) == (staff_bodo, municipality())
    assert (snapshot.period_start, snapshot.period_end) == (Q1_2025.start, Q1_2025.end)
    assert len(callbacks) == 1


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"year": "2099"}, "Ensure this value is less than or equal to"),
        ({"number": "5"}, "Ensure this value is less than or equal to 4"),
        ({"period_kind": "half_year", "number": "3"}, "Give a number from 1 to 2"),
        ({"period_kind": "quarter", "number": ""}, "Give a number from 1 to 4"),
        ({"scope": "municipality", "municipality": ""}, "Choose the municipality."),
    ],
)
def test_the_form_refuses_what_cannot_be_reported(
    client, staff_bodo, log_in, changes: dict[str, str], error: str
) -> None:  # type: ignore[no-untyped-def]
    english(client, staff_bodo, log_in)
    response = client.post(reverse("participation:report-request"), request_data(**changes))
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not ReportSnapshot.objects.exists()


def test_a_period_not_yet_begun_is_refused(client, staff_bodo, log_in, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # given a day in the second quarter of 2025
    monkeypatch.setattr(
        "participation.reports.forms.timezone.localdate", lambda: datetime.date(2025, 5, 10)
    )
    english(client, staff_bodo, log_in)
    url = reverse("participation:report-request")
    # when / then: the third quarter has not begun; the current one may be reported on
    later = client.post(url, request_data(number="3"))
    assert "The period has not begun yet." in later.content.decode()
    assert not ReportSnapshot.objects.exists()
    current = client.post(url, request_data(number="2"))
    assert current.status_code == 302


def test_an_admin_asks_for_the_national_report_and_an_adviser_for_the_region(
    client, admin_user, adviser_nord, region_nord, log_in, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    # given
    log_in(client, admin_user)
    # when
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(
            reverse("participation:report-request"),
            request_data(scope="national", period_kind="year", number=""),
        )
    # then
    national = ReportSnapshot.objects.get(scope="national")
    assert response["Location"] == national.get_absolute_url()
    assert (national.period_start, national.period_end) == (
        datetime.date(2025, 1, 1),
        datetime.date(2025, 12, 31),
    )
    # when the adviser for Nord asks for Nord's report
    adviser = Client()
    log_in(adviser, adviser_nord)
    assert (
        'value="national"'
        not in adviser.get(reverse("participation:report-request")).content.decode()
    )
    with django_capture_on_commit_callbacks(execute=False):
        response = adviser.post(
            reverse("participation:report-request"),
            request_data(scope="region", region=region_nord.code, municipality=""),
        )
    # then
    regional = ReportSnapshot.objects.get(scope="region")
    assert response["Location"] == regional.get_absolute_url()
    assert regional.region == region_nord
    assert regional.is_suppressed


def test_asking_again_for_a_done_report_makes_a_new_version(
    client, staff_bodo, bodo_report, log_in, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    english(client, staff_bodo, log_in)
    # when the user asks through the form for the same report, without a new version
    response = client.post(reverse("participation:report-request"), request_data(), follow=True)
    # then they get the existing one, and are told so
    assert response.redirect_chain[-1][0] == bodo_report.get_absolute_url()
    assert "This report already exists" in response.content.decode()
    assert ReportSnapshot.objects.count() == 1
    # when they ask for a new version on its page
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(reverse("participation:report-again", args=[bodo_report.pk]))
    # then version 2 is queued, and version 1 stays
    new = ReportSnapshot.objects.get(version=2)
    assert response["Location"] == new.get_absolute_url()
    assert new.status == Status.QUEUED
    bodo_report.refresh_from_db()
    assert bodo_report.status == Status.DONE


def test_the_definitions_page_shows_the_reports_appendix(client, viewer_bodo, log_in) -> None:  # type: ignore[no-untyped-def]
    english(client, viewer_bodo, log_in)
    # when
    html = client.get(reverse("participation:report-definitions")).content.decode()
    # then every definition the reports append, word for word
    from django.utils import translation

    with translation.override("en"):
        definitions = report_definitions()
    assert definitions
    for definition in definitions:
        assert escape(definition.term) in html
        assert escape(definition.text) in html


def test_the_menu_offers_reports_to_everyone_with_a_role(
    client, viewer_bodo, no_role_user, log_in
) -> None:  # type: ignore[no-untyped-def]
    english(client, viewer_bodo, log_in)
    assert 'href="/rapporter/"' in client.get("/").content.decode()
    other = Client()
    log_in(other, no_role_user)
    assert 'href="/rapporter/"' not in other.get("/").content.decode()


def test_a_region_report_is_for_its_advisers_and_viewers_only(
    client, adviser_nord, staff_bodo, log_in
) -> None:  # type: ignore[no-untyped-def]
    # given Nord's report
    region = municipality().region
    assert region is not None
    snapshot = make_done_snapshot(
        ReportScope.for_region(region),
        Period("year", datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)),
    )
    # when / then: the adviser sees it; Bodø's own staff do not
    log_in(client, adviser_nord)
    assert client.get(snapshot.get_absolute_url()).status_code == 200
    staff = Client()
    log_in(staff, staff_bodo)
    assert staff.get(snapshot.get_absolute_url()).status_code == 404


def test_a_report_put_back_after_its_worker_died_can_be_sent_again_from_its_page(
    client, staff_bodo, log_in, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    # given a report the beat put back in the queue and sent again after its worker died
    note = "The worker making this report stopped at 60 % (started 01.04.2025 10:00)."
    snapshot = ReportSnapshot.objects.create(
        scope="municipality",
        municipality=municipality(),
        strategy=strategy(),
        period_kind="quarter",
        period_start=Q1_2025.start,
        period_end=Q1_2025.end,
        language="en",
        status=Status.QUEUED,
        dispatched_at=datetime.datetime(2025, 4, 1, 8, 5, tzinfo=datetime.UTC),
        error=note,
    )
    english(client, staff_bodo, log_in)
    # when the staff member opens it
    page = client.get(snapshot.get_absolute_url()).content.decode()
    # then it says what happened and offers to try again
    assert "The report is being made again" in page
    assert escape(note) in page
    assert "Try again now" in page
    # when they do
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("participation:report-again", args=[snapshot.pk]))
    # then the same report (no new version) is sent to the workers once more
    assert response["Location"] == snapshot.get_absolute_url()
    assert ReportSnapshot.objects.count() == 1
    assert len(callbacks) == 1
