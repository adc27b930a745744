"""Helpers for the redaction tests: personal data written as it was before the guard existed,
and reading a report's files back as a person would."""

from __future__ import annotations

import io
import subprocess
import tempfile
import zipfile
from pathlib import Path

from auditlog.receivers import log_update
from django.db import connection, models

from participation.reports.models import ReportFile, ReportSnapshot

# A fødselsnummer with valid control digits (made up: 15.07.85, individual number 123).
FNR = "15078512323"


def save_before_the_guard(instance: models.Model, **values: str) -> None:
    """Change text fields of `instance` the way saving a form did before the personal-data guard:
    auditlog records the change (its handler runs before the row is written, as it does on
    `pre_save`), then the row is written. The row is written with SQL because today every ORM
    write refuses personal data, which is how such text can no longer get in."""
    for name, value in values.items():
        setattr(instance, name, value)
    log_update(sender=type(instance), instance=instance)
    meta = instance._meta
    quote = connection.ops.quote_name
    columns = []
    for name in values:
        field = meta.get_field(name)
        assert isinstance(field, models.Field)
        columns.append(str(field.column))
    assignments = ", ".join(f"{quote(column)} = %s" for column in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE id = %s",  # noqa: S608
            [*values.values(), instance.pk],
        )


def tables_holding(text: str) -> dict[str, int]:
    """Every table of the database with rows whose text (all columns, JSON included) holds
    `text`, and how many (PostgreSQL: a row cast to text)."""
    found = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            quoted = connection.ops.quote_name(table)
            cursor.execute(
                f"SELECT count(*) FROM {quoted} AS t WHERE t::text LIKE %s",  # noqa: S608
                [f"%{text}%"],
            )
            count = cursor.fetchone()[0]
            if count:
                found[table] = count
    return found


def file_texts(snapshot: ReportSnapshot) -> dict[str, str]:
    """Each of the snapshot's files as text: the PDF through pdftotext, every cell of every sheet
    of the XLSX, every CSV file in the zip."""
    from openpyxl import load_workbook

    texts = {}
    for report_file in snapshot.files.all():
        with report_file.file.open("rb") as handle:
            content = handle.read()
        if report_file.format == ReportFile.Format.PDF:
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / "report.pdf"
                path.write_bytes(content)
                texts["pdf"] = subprocess.run(
                    ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
                ).stdout
        elif report_file.format == ReportFile.Format.XLSX:
            workbook = load_workbook(io.BytesIO(content), read_only=True)
            texts["xlsx"] = "\n".join(
                str(cell)
                for sheet in workbook.worksheets
                for row in sheet.iter_rows(values_only=True)
                for cell in row
                if cell is not None
            )
        else:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                texts["csv"] = "\n".join(
                    archive.read(name).decode("utf-8-sig") for name in archive.namelist()
                )
    return texts
