"""Fixtures for the import tests: an initiative in Bodø and one in Asker, vocabulary entries of
the tests' own, and helpers to build CSV and XLSX uploads."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from participation.involvement.models import Initiative
from participation.places.models import Method, TargetGroup, Theme


@pytest.fixture(autouse=True)
def english_outside_requests(settings):  # type: ignore[no-untyped-def]
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def _vocab(model, code: str, name: str):  # type: ignore[no-untyped-def]
    return model.objects.get_or_create(code=code, defaults={"name": name})[0]


@pytest.fixture
def vocab(db):  # type: ignore[no-untyped-def]
    return {
        "homeless": _vocab(TargetGroup, "test-homeless", "Bostedsløse (test)"),
        "youth": _vocab(TargetGroup, "test-youth", "Unge (test)"),
        "cafe": _vocab(Method, "test-dialogue-cafe", "Dialogkafé (test)"),
        "safety": _vocab(Theme, "test-safety", "Trygghet (test)"),
        "design": _vocab(Theme, "test-design", "Utforming (test)"),
    }


def _initiative(municipality, vocab) -> Initiative:  # type: ignore[no-untyped-def]
    initiative = Initiative.objects.create(
        municipality=municipality, name=f"Bomiljø {municipality.name}", aim="Trygge bomiljø."
    )
    initiative.target_groups.add(vocab["homeless"], vocab["youth"])
    return initiative


@pytest.fixture
def bodo_initiative(bodo, vocab):  # type: ignore[no-untyped-def]
    return _initiative(bodo, vocab)


@pytest.fixture
def asker_initiative(asker, vocab):  # type: ignore[no-untyped-def]
    return _initiative(asker, vocab)


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
