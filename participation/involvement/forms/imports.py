"""The upload form of the event import."""

from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from participation.involvement.imports import (
    MAX_CELL_CHARACTERS,
    MAX_COLUMNS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    MAX_UNPACKED_BYTES,
)

MB = 1024 * 1024


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet (CSV or XLSX)"),
        help_text=format_lazy(
            _(
                "Start from the template. At most {size} MB ({unpacked} MB unpacked, for XLSX), "
                "{rows} rows, {columns} columns and {characters} characters in a cell."
            ),
            size=MAX_FILE_BYTES // MB,
            unpacked=MAX_UNPACKED_BYTES // MB,
            rows=MAX_ROWS,
            columns=MAX_COLUMNS,
            characters=MAX_CELL_CHARACTERS,
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )


class ImportCommitForm(forms.Form):
    """Confirms the import checked in the dry run: the file's fingerprint, to match the rows kept
    in the session."""

    digest = forms.CharField(widget=forms.HiddenInput, max_length=64)
