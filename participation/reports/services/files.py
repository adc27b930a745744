"""A report's files: rendered into a temporary file, stored through Django's default storage with
their size and SHA-256, and named for the user when downloaded.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable
from typing import BinaryIO

from django.core.files import File
from django.core.files.storage import default_storage
from django.utils.text import slugify

from participation.reports.document import ReportDocument, RowSource
from participation.reports.models import ReportFile, ReportSnapshot

FORMATS = (ReportFile.Format.PDF, ReportFile.Format.XLSX, ReportFile.Format.CSV)


EXTENSIONS = {
    ReportFile.Format.PDF: "pdf",
    ReportFile.Format.XLSX: "xlsx",
    ReportFile.Format.CSV: "zip",
}

Renderer = Callable[[ReportDocument, RowSource | None, BinaryIO], None]


def store_file(
    snapshot: ReportSnapshot,
    fmt: str,
    render: Renderer,
    document: ReportDocument,
    source: RowSource,
    using: str,
) -> None:
    """Render into a temporary file, then store it with its size and SHA-256."""
    with tempfile.TemporaryFile() as out:
        render(document, source, out)
        out.flush()
        out.seek(0)
        digest = hashlib.sha256()
        size = 0
        for chunk in iter(lambda: out.read(1 << 20), b""):
            digest.update(chunk)
            size += len(chunk)
        out.seek(0)
        record = ReportFile(
            snapshot_id=snapshot.pk, format=fmt, size=size, sha256=digest.hexdigest()
        )
        name = f"{snapshot.pk}-v{snapshot.version}.{EXTENSIONS[fmt]}"  # type: ignore[index]
        record.file.save(name, File(out, name=name), save=False)
        record.save(using=using)


def delete_stored_files(snapshot_id: int) -> None:
    """Files an interrupted attempt stored: their records were never committed."""
    folder = f"reports/{snapshot_id}"
    try:
        _, names = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in names:
        default_storage.delete(f"{folder}/{name}")


def download_name(report_file: ReportFile, snapshot: ReportSnapshot) -> str:
    """A file name for the user: place, period, version."""
    place = slugify(snapshot.place_name.translate(_ASCII))
    period = f"{snapshot.period_start:%Y%m%d}-{snapshot.period_end:%Y%m%d}"
    extension = EXTENSIONS[report_file.format]  # type: ignore[index]
    return f"rapport-{place}-{period}-v{snapshot.version}.{extension}"


_ASCII = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A"})
