"""The loaders' changes are audited as the system's, and a second run records nothing."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.urls import reverse

from participation.involvement.models import Initiative


@pytest.mark.django_db
def test_load_demo_is_audited_once_and_as_the_system(client, log_in, staff_bodo):  # type: ignore[no-untyped-def]
    # given the demo data loaded once
    last_before = LogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    call_command("load_demo", "--force", verbosity=0)
    demo_entries = LogEntry.objects.filter(pk__gt=last_before)
    first = demo_entries.count()
    # when it is loaded again
    call_command("load_demo", "--force", verbosity=0)
    call_command("load_reference_data", verbosity=0)
    # then the first run recorded its rows, with no actor, and the second run nothing
    assert first > 100
    assert demo_entries.count() == first
    assert not demo_entries.filter(actor__isnull=False).exists()
    # and a demo initiative's history reads "System"
    bolig_nu = Initiative.objects.get(name="Bolig Nu", municipality__number="1804")
    log_in(client, staff_bodo)
    response = client.get(reverse("participation:initiative-history", args=[bolig_nu.pk]))
    assert response.status_code == 200
    assert "System" in response.text
    assert "Created" in response.text
