"""Fixtures for the import tests: an initiative in Bodø and one in Asker for the tests' own
target groups, and helpers to build CSV and XLSX uploads."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from participation.involvement.models import Initiative


@pytest.fixture(autouse=True)
def english_outside_requests(settings):  # type: ignore[no-untyped-def]
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def _initiative(municipality, vocab, initiative_factory) -> Initiative:  # type: ignore[no-untyped-def]
    return initiative_factory(
        municipality=municipality,
        name=f"Bomiljø {municipality.name}",
        aim="Trygge bomiljø.",
        target_groups=[vocab["homeless"], vocab["youth"]],
    )


@pytest.fixture
def bodo_initiative(bodo, vocab, initiative_factory):  # type: ignore[no-untyped-def]
    return _initiative(bodo, vocab, initiative_factory)


@pytest.fixture
def asker_initiative(asker, vocab, initiative_factory):  # type: ignore[no-untyped-def]
    return _initiative(asker, vocab, initiative_factory)


HEADER = [
    "title",
    "date",
    "start_time",
    "method",
    "channel",
    "themes",
    "description",
    "feedback_due",
    "consent_noted",
    "total_participants",
    "count:test-homeless:resident",
    "count:test-youth:staff",
]


def row(**overrides: str) -> list[str]:
    values = {
        "title": "Dialogkafé i oppgangen",
        "date": "01.03.2025",
        "start_time": "18:00",
        "method": "test-dialogue-cafe",
        "channel": "Fysisk",
        "themes": "test-safety|Utforming (test)",
        "description": "Samtale om trygghet i oppgangene.",
        "feedback_due": "2025-04-01",
        "consent_noted": "ja",
        "total_participants": "9",
        "count:test-homeless:resident": "7",
        "count:test-youth:staff": "2",
        **overrides,
    }
    return [values[name] for name in HEADER]


def csv_upload(rows, header=HEADER, delimiter=";", bom=True, name="aktiviteter.csv"):  # type: ignore[no-untyped-def]
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    text = ("\ufeff" if bom else "") + buffer.getvalue()
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def xlsx_upload(rows, header=HEADER, name="aktiviteter.xlsx"):  # type: ignore[no-untyped-def]
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())
