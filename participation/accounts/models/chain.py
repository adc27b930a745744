"""The hash chain over the audit trail: a link per audit row, written by the database.

Every row inserted into auditlog's change log (`auditlog_logentry`) or into our security events
(`accounts_securityevent`) gets a link here, written in the same transaction by a PostgreSQL
trigger (migration 0004), not by the product: no code path of the application can skip or
forge it. A link holds

- `content_hash`: SHA-256 of the table's name and the row as PostgreSQL's canonical JSON
  (`to_jsonb(row)`, keys sorted, time stamps in UTC), over the columns named in `columns`;
- `previous_hash`: the `chain_hash` of the link before it (64 zeros for the first);
- `chain_hash`: SHA-256 of `previous_hash` followed by `content_hash`.

Links are numbered in the order they were written; a transaction-scoped advisory lock taken by
the trigger makes writers of audit rows take turns, so the chain never forks. Changing, deleting
or slipping in an audit row, or changing a link, breaks the chain from that point:
`manage.py verify_audit` walks it and names the first row where it breaks. The table is
append-only like the audit tables (the same trigger refuses UPDATE and DELETE), and the
application's database role may only read it (`manage.py grant_app_role`).

A row has more than one link only after a redaction of personal data (participation/redaction):
the one database function that may rewrite an audit row's text appends a new link for it, and
the row is checked against its newest link.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditChainLink(models.Model):
    class Source(models.TextChoices):
        LOG_ENTRY = "auditlog_logentry", _("change log entry")
        SECURITY_EVENT = "accounts_securityevent", _("security event")

    source = models.CharField(_("table"), max_length=63, choices=Source.choices)
    row_id = models.BigIntegerField(_("row"))
    columns = models.TextField(_("columns hashed"))
    content_hash = models.CharField(_("hash of the row"), max_length=64)
    previous_hash = models.CharField(_("hash of the link before"), max_length=64)
    chain_hash = models.CharField(_("chain hash"), max_length=64)
    created_at = models.DateTimeField(_("time"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("audit chain link")
        verbose_name_plural = _("audit chain links")
        indexes = [models.Index(fields=["source", "row_id"], name="auditchainlink_row_idx")]

    def __str__(self) -> str:
        return f"{self.pk}: {self.source} {self.row_id}"
