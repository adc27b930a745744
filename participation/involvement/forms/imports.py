"""The upload form of the event import."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet (CSV or XLSX)"),
        help_text=_("Start from the template. At most 2 MB and 1000 rows."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )


class ImportCommitForm(forms.Form):
    """Confirms the import checked in the dry run: the file's fingerprint, to match the rows kept
    in the session."""

    digest = forms.CharField(widget=forms.HiddenInput, max_length=64)
