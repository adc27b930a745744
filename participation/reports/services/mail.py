"""Telling the requester: one e-mail when the report is done (or failed), never two."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from participation.reports.models import ReportSnapshot

Status = ReportSnapshot.Status


def notify_requester(snapshot_id: int) -> bool:
    """E-mail the requester that the report is done (or failed), once: `notified_at` is claimed
    before sending, so a second call sends nothing. Scheduled reports have nobody to tell."""
    snapshot = (
        ReportSnapshot.objects.select_related("requested_by", "municipality", "region")
        .filter(pk=snapshot_id, status__in=[Status.DONE, Status.FAILED])
        .first()
    )
    if snapshot is None or snapshot.requested_by is None or not snapshot.requested_by.email:
        return False
    claimed = ReportSnapshot.objects.filter(pk=snapshot.pk, notified_at__isnull=True).update(
        notified_at=timezone.now()
    )
    if not claimed:
        return False
    link = settings.SITE_URL + snapshot.get_absolute_url()
    with translation.override(snapshot.language):
        names = {"report": str(snapshot), "link": link, "error": snapshot.error}
        if snapshot.status == Status.DONE:
            subject = _("Your report is ready: %(report)s") % names
            body = (
                _(
                    "The report you asked for, %(report)s, is ready.\n\n"
                    "Open it and download it as PDF, XLSX or CSV here:\n%(link)s\n"
                )
                % names
            )
        else:
            subject = _("Your report could not be made: %(report)s") % names
            body = (
                _(
                    "The report you asked for, %(report)s, could not be made.\n\n%(error)s\n\n"
                    "You can try again here:\n%(link)s\n"
                )
                % names
            )
    send_mail(subject, body, None, [snapshot.requested_by.email])
    return True
