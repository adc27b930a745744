"""The upload form of the event import."""

from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

# What an import file may hold (participation/involvement/imports.py checks it, and this form
# states it).
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 1000
# Checked before a file is read whole: an XLSX file is a zip archive whose parts may unpack
# to far more than the 2 MB uploaded (a 213 KB file unpacked to a 200 MB row), so the
# parts' sizes as the archive declares them (Python's zipfile never unpacks more than a part
# declares) must add up to at most MAX_UNPACKED_BYTES; and no row of either kind of file may have
# something beyond column MAX_COLUMNS, nor a cell more than MAX_CELL_CHARACTERS characters. The template has 14 columns and 6 a target group; the longest text is a
# description.
MAX_UNPACKED_BYTES = 20 * 1024 * 1024
MAX_COLUMNS = 200
MAX_CELL_CHARACTERS = 10_000

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
