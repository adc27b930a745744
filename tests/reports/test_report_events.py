"""The report's section on involvement events by method and form (issue 14, part 5).

On the known dataset (figures_dataset.py: the events' methods and channels are in its
docstring), every number is worked out by hand; on the demo data, the section's numbers are held
to live counts of the events and participant counts, scope by scope. A municipality's own report
lists its events and their input with the answers given back, exactly and never another
municipality's; region and national reports show only the counts, protected as every count there
(`reports.disclosure`; the attack test covers these tables too). Free text goes through the
product's personal-data rule for text shown away from its record, and text removed by a
redaction never comes back. Every format holds the section.
"""

from __future__ import annotations

import datetime
import io
import re
import subprocess
import zipfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db.models import Count, Q
from django.utils import translation

from participation.accounts.models import RoleAssignment
from participation.core.privacy import WITHHELD_TEXT
from participation.involvement.models import Input, InvolvementEvent, ParticipantCount
from participation.places.models import Municipality, Strategy, Theme
from participation.redaction.services import MARKER, Kind, Needle, redact, search
from participation.reports.document import MemoryRows, ReportDocument, Row
from participation.reports.figures import build_report
from participation.reports.models import ReportRow
from participation.reports.params import Period, ReportScope
from participation.reports.render import render_csv_zip, render_html, render_pdf, render_xlsx
from tests.redaction.support import FNR, save_before_the_guard

from . import figures_dataset
from .generation_support import add_records, make_done_snapshot, municipal_scope, municipality
from .test_figures import P, S, by_label, make

pytestmark = pytest.mark.django_db

EVENT_TABLES = {"methods", "channels", "event_list", "event_input"}
OWN_LISTS = {"event_list", "event_input"}


@pytest.fixture
def data(db) -> figures_dataset.Dataset:  # type: ignore[no-untyped-def]
    return figures_dataset.build()


def rows_of(document: ReportDocument, rows: MemoryRows, key: str) -> list[Row]:
    return list(document.iter_rows(document.table(key), rows.read))


def section_tables(document: ReportDocument) -> list[str]:
    (section,) = [s for s in document.sections if s.key == "events"]
    return [t.key for t in section.tables]


# --- the known dataset: by hand -----------------------------------------------------------------


def test_a_municipality_report_counts_its_events_by_method_and_form_exactly(data) -> None:  # type: ignore[no-untyped-def]
    document, _rows = make(ReportScope.for_municipality(data.bodo), data)
    assert section_tables(document) == ["methods", "channels", "event_list", "event_input"]
    # Bodø's events in Q2 of initiatives serving the strategy: A1, A2, B1, E1 (A3 is in Q1, D1
    # belongs to the unlinked D). Only the methods it used are listed, in the vocabulary's order.
    assert document.table("methods").rows == [
        ["Dialogue café", 2, 16],  # A1 (3 + 12) and E1 (1)
        ["Workshop", 1, 2],  # A2
        ["Residents' meeting", 1, 6],  # B1
    ]
    assert [c.key for c in document.table("channels").columns] == ["channel", "events", "people"]
    assert document.table("channels").rows == [
        ["In person", 1, 15],  # A1
        ["Digital", 1, 2],  # A2
        ["Hybrid", 1, 6],  # B1
        ["Outreach", 1, 1],  # E1
    ]
    # the rows add up to the summary's totals (4 events, 24 people)
    summary = by_label(document.table("summary").rows)
    for table in ("methods", "channels"):
        assert sum(row[1] for row in document.table(table).rows) == summary["Involvement events"][0]
        assert sum(row[2] for row in document.table(table).rows) == summary["People reached"][0]


def test_region_and_national_reports_show_only_protected_counts(data) -> None:  # type: ignore[no-untyped-def]
    for scope, methods, channels in [
        (
            ReportScope.for_region(data.nord),
            # + Kvæfjord's F1 (a workshop in person, 2 people)
            {"Dialogue café": [P(2), P(16)], "Workshop": [P(2), P(4)]},
            {"In person": [P(2), P(17)], "Digital": [P(1), P(2)]},
        ),
        (
            ReportScope.national(),
            # + Asker's G1 (a digital dialogue café, 20 + 4 people); G2 is after the period
            {"Dialogue café": [P(3), P(40)], "Workshop": [P(2), P(4)]},
            {"In person": [P(2), P(17)], "Digital": [P(2), P(26)]},
        ),
    ]:
        document, rows = make(scope, data)
        assert section_tables(document) == ["methods", "channels"]  # counts only, no lists
        assert not OWN_LISTS & {t.key for t in document.tables()}
        assert not rows.tables.keys() & OWN_LISTS
        by_method = by_label(document.table("methods").rows)
        # every active method is listed, so that being listed tells nothing
        assert len(by_method) == 34
        assert by_method == {
            **dict.fromkeys(by_method, [S, S]),
            **methods,
            "Residents' meeting": [P(1), P(6)],  # B1; D1 is not counted
        }
        assert by_label(document.table("channels").rows) == {
            **channels,
            "Hybrid": [P(1), P(6)],
            "Outreach": [P(1), P(1)],
        }
        # protected figures are never 1–4, and the same figure is shown the same every time
        again, _ = make(scope, data)
        assert again.table("methods").rows == document.table("methods").rows
        cells = [c for t in ("methods", "channels") for r in document.table(t).rows for c in r[1:]]
        assert all(c == S or (isinstance(c, int) and c >= 5) for c in cells)


def test_a_municipality_report_lists_its_events_with_input_and_answers(data) -> None:  # type: ignore[no-untyped-def]
    document, rows = make(ReportScope.for_municipality(data.bodo), data)
    events = document.table("event_list")
    assert events.stored
    assert events.row_count == 4
    assert [c.key for c in events.columns] == [
        "date",
        "reference",
        "event",
        "method",
        "channel",
        "people",
        "input",
        "answered",
        "feedback_due",
        "feedback_given",
    ]
    # by date (A1 before E1: recorded first); D1 (unlinked) and Asker's and Kvæfjord's are not
    assert rows_of(document, rows, "event_list") == [
        ["2025-04-10", "1804-0001", "Møte 10.04.2025", "Dialogue café", "In person", 15, 4, 2,
         "2025-05-10", "2025-05-01"],
        ["2025-04-10", "1804-0005", "Møte 10.04.2025", "Dialogue café", "Outreach", 1, 0, 0,
         "2025-05-01", None],
        ["2025-05-15", "1804-0002", "Møte 15.05.2025", "Residents' meeting", "Hybrid", 6, 3, 1,
         "2025-06-01", "2025-06-10"],
        ["2025-06-20", "1804-0001", "Møte 20.06.2025", "Workshop", "Digital", 2, 2, 1,
         "2025-07-20", None],
    ]  # fmt: skip
    theme = Theme.objects.order_by("pk")[0].name_en
    answered, open_ = "Svar gitt", None
    assert rows_of(document, rows, "event_input") == [
        ["2025-04-10", "Møte 10.04.2025", theme, "Et innspill", "Not assessed", open_, None],
        ["2025-04-10", "Møte 10.04.2025", theme, "Et innspill", "Taken forward", answered, None],
        ["2025-04-10", "Møte 10.04.2025", theme, "Et innspill", "Incorporated", answered, None],
        ["2025-04-10", "Møte 10.04.2025", theme, "Et innspill", "Declined with reasons", open_,
         None],
        ["2025-05-15", "Møte 15.05.2025", theme, "Et innspill",
         "Partly met / alternative offered", answered, None],
        ["2025-05-15", "Møte 15.05.2025", theme, "Et innspill", "Not assessed", open_, None],
        ["2025-05-15", "Møte 15.05.2025", theme, "Et innspill", "Not assessed", open_, None],
        ["2025-06-20", "Møte 20.06.2025", theme, "Et innspill", "Parked for a later phase",
         answered, None],
        ["2025-06-20", "Møte 20.06.2025", theme, "Et innspill", "Not assessed", open_, None],
    ]  # fmt: skip
    # the lists agree with the report's own totals: 4 events, 24 people, 9 items, 4 answered
    summary = by_label(document.table("summary").rows)
    listed = rows_of(document, rows, "event_list")
    assert len(listed) == summary["Involvement events"][0]
    assert sum(r[5] for r in listed) == summary["People reached"][0]  # type: ignore[misc]
    assert sum(r[6] for r in listed) == summary["Input items"][0]  # type: ignore[misc]
    assert sum(r[7] for r in listed) == summary["Answered input"][0]  # type: ignore[misc]


def test_another_municipality_report_lists_only_its_own_events(data) -> None:  # type: ignore[no-untyped-def]
    document, rows = make(ReportScope.for_municipality(data.asker), data)
    # G1 only (G2 is after the period; H serves another strategy)
    assert [r[:5] for r in rows_of(document, rows, "event_list")] == [
        ["2025-04-20", "3203-0001", "Møte 20.04.2025", "Dialogue café", "Digital"]
    ]
    assert {r[1] for r in rows_of(document, rows, "event_input")} == {"Møte 20.04.2025"}
    assert len(rows_of(document, rows, "event_input")) == 5
    assert document.table("methods").rows == [["Dialogue café", 1, 24]]


def test_free_text_holding_personal_data_is_withheld_in_the_report(data) -> None:  # type: ignore[no-untyped-def]
    # given an input item, an answer and an event title written before the guard existed
    item = Input.objects.filter(
        event__initiative=data.initiatives["A"], event__date=datetime.date(2025, 4, 10)
    ).order_by("pk")[1]
    assert item.answer == "Svar gitt"
    save_before_the_guard(item, summary=f"Beboer {FNR} vil flytte.", answer="Ring 912 34 567")
    save_before_the_guard(item.event, title=f"Møte med {FNR}")
    document, rows = make(ReportScope.for_municipality(data.bodo), data)
    listed = rows_of(document, rows, "event_list") + rows_of(document, rows, "event_input")
    text = repr(listed)
    # then the report shows the product's notice in their place, never the text
    assert FNR not in text
    assert "912 34 567" not in text
    with translation.override("en"):
        notice = str(WITHHELD_TEXT)
    assert notice == "[This text is withheld: it may hold personal data.]"
    assert ["2025-04-10", "1804-0001", notice] == rows_of(document, rows, "event_list")[0][:3]
    withheld = [r for r in rows_of(document, rows, "event_input") if r[3] == notice]
    assert len(withheld) == 1
    assert withheld[0][1] == notice  # the event's title
    assert withheld[0][5] == notice  # the answer
    # and the other items read as they are
    assert sum(1 for r in rows_of(document, rows, "event_input") if r[3] == "Et innspill") == 8


def test_text_removed_by_a_redaction_never_appears_again(db) -> None:  # type: ignore[no-untyped-def]
    # given input whose answer held a text that an admin then removes
    secret = "Hemmelig adresse Storgata"
    add_records(municipality(), events=1)
    Input.objects.filter(answer__startswith="Neste møte").update(answer=f"{secret} 7 neste gang.")
    # and a report made before the removal, its lists stored as the task stores them
    snapshot = make_done_snapshot(municipal_scope())
    stored = ReportRow.objects.filter(snapshot=snapshot, table="event_input")
    assert any(secret in str(r.cells) for r in stored)
    admin = User.objects.create_user("admin-events")
    RoleAssignment.objects.create(user=admin, role=RoleAssignment.Role.ADMIN)
    needle = Needle(Kind.TEXT, secret)
    redact(
        needle, reason="Sak 2026/9: adresse.", actor=admin, fingerprint=search(needle).fingerprint
    )
    # then the stored report reads the marker where the text was
    assert all(secret not in str(r.cells) for r in ReportRow.objects.all())
    answers = [r.cells[5] for r in stored.order_by("ordinal")]
    assert f"{MARKER} 7 neste gang." in answers
    # and a report made afterwards has the marker, not the text
    rows = MemoryRows()
    with translation.override("nb"):
        document = build_report(
            municipal_scope(),
            Period("quarter", datetime.date(2025, 1, 1), datetime.date(2025, 3, 31)),
            Strategy.objects.get(code="alle-trenger-et-trygt-hjem"),
            today=datetime.date(2025, 4, 1),
            sink=rows.write,
        )
    listed = repr(rows_of(document, rows, "event_input"))
    assert secret not in listed
    assert f"{MARKER} 7 neste gang." in listed


# --- the demo data: live counts, every scope, every format -------------------------------------


class _Exact(ReportScope):
    """A region or national scope with protection off: the true figures, for the test only."""

    @property
    def suppressed(self) -> bool:
        return False


def _live(
    scope: ReportScope, period: Period, strategy: Strategy
) -> dict[str, dict[Any, list[int]]]:
    """Events and people by method (its Norwegian name) and by channel, counted straight from
    the records: events in the period of initiatives in scope linked to the strategy."""
    serves = Q(initiative__goals__strategy=strategy) | Q(
        initiative__priority_areas__strategy=strategy
    )
    ids = set(
        InvolvementEvent.objects.filter(
            serves,
            date__gte=period.start,
            date__lte=period.end,
            initiative__municipality__in=scope.municipalities(),
        ).values_list("pk", flat=True)
    )
    events = Counter(
        InvolvementEvent.objects.filter(pk__in=ids).values_list("method__name", "channel")
    )
    people: dict[tuple[str, str], int] = defaultdict(int)
    for method, channel, n in ParticipantCount.objects.filter(event__in=ids).values_list(
        "event__method__name", "event__channel", "count"
    ):
        people[method, channel] += n
    labels = dict(InvolvementEvent.Channel.choices)
    live: dict[str, dict[Any, list[int]]] = {"methods": {}, "channels": {}}
    for (method, channel), n in events.items():
        for table, key in (("methods", method), ("channels", str(labels[channel]))):
            figures = live[table].setdefault(key, [0, 0])
            figures[0] += n
            figures[1] += people[method, channel]
    return live


def _demo() -> tuple[Strategy, Period, Municipality]:
    call_command("load_demo", "--force", verbosity=0)
    bodo = Municipality.objects.get(number="1804")
    # the year with the most events in the demo, and the strategy most of its events serve
    year = (
        InvolvementEvent.objects.values("date__year")
        .annotate(n=Count("pk"))
        .order_by("-n", "-date__year")
        .values_list("date__year", flat=True)[0]
    )
    period = Period("year", datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    strategy = Strategy.objects.filter(start_year__lte=year).order_by("-start_year")[0]
    return strategy, period, bodo


def test_the_section_equals_live_counts_on_the_demo_data_in_every_scope() -> None:
    strategy, period, bodo = _demo()
    today = period.end + datetime.timedelta(days=30)
    assert bodo.region is not None
    scopes = [
        ReportScope.for_municipality(bodo),
        ReportScope.for_region(bodo.region),
        ReportScope.national(),
    ]
    counted = 0
    for scope in scopes:
        with translation.override("nb"):  # the labels, whatever an earlier test left active
            live = _live(scope, period, strategy)
            protected = build_report(scope, period, strategy, today=today, sink=MemoryRows().write)
            exact = build_report(
                _Exact(scope.kind, municipality=scope.municipality, region=scope.region),
                period,
                strategy,
                today=today,
                sink=MemoryRows().write,
            )
        for table in ("methods", "channels"):
            true = by_label(exact.table(table).rows)
            used = {label: figures for label, figures in true.items() if figures != [0, 0]}
            assert used == live[table], (scope.kind, table)
            shown = by_label(protected.table(table).rows)
            assert set(shown) >= set(used)
            for label, figures in shown.items():
                if scope.suppressed:
                    assert figures == [P(n) for n in true.get(label, [0, 0])], (label, figures)
                else:
                    assert figures == true[label]
        counted += sum(n for n, _people in live["methods"].values())
    assert counted > 0  # the demo has events in that year


def _files(document: ReportDocument, rows: MemoryRows) -> dict[str, str]:
    """The report in every format, as text a person would read."""
    from openpyxl import load_workbook

    texts: dict[str, str] = {"html": str(render_html(document, rows.read))}
    pdf = io.BytesIO()
    render_pdf(document, rows.read, pdf)
    texts["pdf"] = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf.getvalue(), capture_output=True, check=True
    ).stdout.decode()
    xlsx = io.BytesIO()
    render_xlsx(document, rows.read, xlsx)
    workbook = load_workbook(io.BytesIO(xlsx.getvalue()), read_only=True)
    texts["xlsx"] = "\n".join(
        [sheet.title for sheet in workbook.worksheets]
        + [
            str(cell)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for cell in row
            if cell is not None
        ]
    )
    archive = io.BytesIO()
    render_csv_zip(document, rows.read, archive)
    with zipfile.ZipFile(archive) as opened:
        names = opened.namelist()
        texts["csv"] = "\n".join(names + [opened.read(n).decode("utf-8-sig") for n in names])
    return texts


def _spaced(text: str) -> str:
    return " ".join(text.split())


def test_every_format_holds_the_section_and_only_the_own_report_its_events() -> None:
    call_command("load_demo", "--force", verbosity=0)
    bodo = Municipality.objects.get(number="1804")
    strategy = Strategy.objects.get(code="alle-trenger-et-trygt-hjem")
    period = Period("year", datetime.date(2022, 1, 1), datetime.date(2022, 12, 31))
    cafe = InvolvementEvent.objects.get(
        initiative__municipality=bodo, date=datetime.date(2022, 11, 1)
    )
    item = cafe.inputs.exclude(answer="").order_by("pk")[0]
    for scope in (ReportScope.for_municipality(bodo), ReportScope.national()):
        rows = MemoryRows()
        with translation.override("nb"):
            document = build_report(
                scope, period, strategy, today=datetime.date(2023, 3, 1), sink=rows.write
            )
        for fmt, text in _files(document, rows).items():
            plain = _spaced(re.sub(r"<[^>]+>", " ", text))
            # the section: its title (a sheet's name in the workbook, of at most 31 characters),
            # or in the zip the files named by its key and its tables' keys
            title = "Medvirkningsaktiviteter etter metode og form"
            if fmt == "csv":
                assert "events-methods.csv" in plain
                assert "events-channels.csv" in plain
                assert "Metode,Medvirkningsaktiviteter,Deltakere nådd" in plain
                assert "Kanal,Medvirkningsaktiviteter,Deltakere nådd" in plain
            else:
                assert (title[:31] if fmt == "xlsx" else title) in plain, fmt
                assert "Medvirkningsaktiviteter etter metode" in plain, fmt
                assert "Medvirkningsaktiviteter etter form (kanal)" in plain, fmt
            assert "Dialogkafé" in plain, fmt
            own = scope.municipality is not None
            # the café itself, an input item and the answer given back: the own report only
            for words in (cafe.title, item.summary[:40], item.answer[:40]):
                if fmt == "pdf":  # a table's text wraps within its column: the longest word
                    words = max(words.split(), key=len)
                assert (_spaced(words) in plain) is own, (fmt, scope.kind, words)
            listed = (
                "events-event_input.csv" if fmt == "csv" else "Innspill og svarene som ble gitt"
            )
            assert (listed in plain) is own, fmt


# --- the PDF: tables fit the page, words stay whole ---------------------------------------------


def _words_outside_the_margins(pdf: Path) -> list[tuple[int, str]]:
    """Every word pdftotext finds outside the page's side margins (15 mm), by page."""
    layout = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    margin = 15 / 25.4 * 72
    outside = []
    pages = re.findall(r'<page width="([\d.]+)" height="[\d.]+">(.*?)</page>', layout, re.S)
    for number, (width, body) in enumerate(pages, 1):
        for x_min, x_max, word in re.findall(
            r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</word>', body
        ):
            if float(x_min) < margin - 1 or float(x_max) > float(width) - margin + 1:
                outside.append((number, word))
    return outside


def test_the_national_pdf_fits_its_pages_and_keeps_header_words_whole(tmp_path) -> None:  # type: ignore[no-untyped-def]
    strategy, period, _bodo = _demo()
    rows = MemoryRows()
    with translation.override("nb"):
        document = build_report(
            ReportScope.national(), period, strategy, today=period.end, sink=rows.write
        )
    pdf = tmp_path / "national.pdf"
    with pdf.open("wb") as out:
        render_pdf(document, rows.read, out)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    # the goal tables' first column is headed "Kode", one word, not "Kod" over "e"
    assert re.search(r"^Kode\s+Hovedmål eller", text, re.MULTILINE)
    assert not re.search(r"^Kod\s", text, re.MULTILINE)
    assert not re.search(r"^(Ko|Kod)$", text, re.MULTILINE)
    # no word of a column label is hyphenated or split
    assert "\u2010" not in text
    assert "Medvirkningsaktiviteter" in text
    # every table fits its page: nothing runs into the side margins
    assert _words_outside_the_margins(pdf) == []
    # the widest tables are on landscape pages, the rest on portrait ones
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True, check=True, text=True
    ).stdout
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)
    landscape = [float(w) > float(h) for w, h in sizes]
    assert landscape[0] is False
    assert any(landscape)
    pages_of = {
        n: page
        for n, page in enumerate(text.split("\f"), 1)
        if "Tilbakemelding på innspill per mål" in page and "Kode" in page
    }
    assert pages_of
    assert all(landscape[n - 1] for n in pages_of)
