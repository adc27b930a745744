"""The admins' search of the audit trail: row changes and security events together."""

from __future__ import annotations

from typing import Any

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from participation.accounts.audit import ACTION_LABELS
from participation.accounts.models import SecurityEvent
from participation.core.bounds import validate_date_range

CHANGE = "change"
SECURITY = "security"


def _object_type_choices() -> list[tuple[str, Any]]:
    content_types = ContentType.objects.get_for_models(*auditlog.get_models())
    choices = [
        (str(ct.pk), str(capfirst(model._meta.verbose_name))) for model, ct in content_types.items()
    ]
    return [("", _("Any kind of record")), *sorted(choices, key=lambda choice: choice[1])]


def _what_choices(*, security_only: bool) -> list[Any]:
    security = [(f"{SECURITY}:{value}", label) for value, label in SecurityEvent.Kind.choices]
    if security_only:
        return [("", _("Any security event")), *security]
    changes = [
        (f"{CHANGE}:{action}", ACTION_LABELS[action])
        for action in (LogEntry.Action.CREATE, LogEntry.Action.UPDATE, LogEntry.Action.DELETE)
    ]
    return [
        ("", _("Anything")),
        (_("Changes to records"), changes),
        (_("Security events"), security),
    ]


class AuditSearchForm(forms.Form):
    """Filters on who, what, which kind of record, when and the record's name.

    A filter that only one of the two logs knows (the kind of record; a change action; a
    security event kind) leaves the other log out of the results.
    """

    user = forms.CharField(
        label=_("User"),
        required=False,
        max_length=150,
        help_text=_("A username, or part of one."),
    )
    what = forms.ChoiceField(label=_("What happened"), required=False)
    object_type = forms.ChoiceField(label=_("Kind of record"), required=False)
    date_from = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validate_date_range],
    )
    date_to = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validate_date_range],
    )
    q = forms.CharField(
        label=_("Record"),
        required=False,
        max_length=200,
        help_text=_("Part of the record's name, or of the username a security event concerns."),
    )

    def __init__(self, *args: Any, security_only: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.security_only = security_only
        what: forms.ChoiceField = self.fields["what"]  # type: ignore[assignment]
        what.choices = _what_choices(security_only=security_only)
        columns = ["user", "what", "object_type", "date_from", "date_to", "q"]
        if security_only:
            del self.fields["object_type"]
            columns.remove("object_type")
            self.fields["q"].label = _("User concerned")
            self.fields["q"].help_text = _("Part of the username the event concerns.")
        else:
            object_type: forms.ChoiceField = self.fields["object_type"]  # type: ignore[assignment]
            object_type.choices = _object_type_choices()
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.disable_csrf = True
        self.helper.attrs = {"role": "search"}
        self.helper.layout = Layout(
            Row(*(Column(name, css_class="col-sm-6 col-lg-4") for name in columns)),
            # A button without a name, so it adds nothing to the search's address.
            StrictButton(_("Search"), type="submit", css_class="btn-primary"),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The start date is after the end date."), code="dates")
        return data

    @property
    def filtered(self) -> bool:
        return self.is_bound and any(self.data.get(name) for name in self.fields)

    def wants(self, source: str) -> bool:
        """Whether the results should include the log `source` (CHANGE or SECURITY)."""
        what: str = self.cleaned_data.get("what") or ""
        if what:
            return what.startswith(f"{source}:")
        if source == SECURITY:
            return not self.cleaned_data.get("object_type")
        return not self.security_only

    def what_value(self) -> str:
        return (self.cleaned_data.get("what") or "").partition(":")[2]
