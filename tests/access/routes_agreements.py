"""Routes of programme agreements and the programme's people.

Agreements are Husbanken's: advisers in scope and admins create, change, renew them and edit
their checklist; everyone who sees the municipality sees them. People (programme leader and
resource group) are recorded by both sides: advisers and the municipality's staff add and change
them, viewers only read. The list of agreements nearing their end is for advisers and admins.
"""

from __future__ import annotations

from participation.programme.models import AgreementCheckItem

from .spec import READERS, Route

MANAGERS = frozenset({"adviser", "admin"})
PEOPLE_EDITORS = frozenset({"municipal", "programme_leader", "adviser", "admin"})

AGREEMENT_FORM = {
    "kind": "programme",
    "level": "city",
    "start_date": "2028-01-01",
    "end_date": "2030-12-31",
    "signatories": "Ordfører; regiondirektør",
}
CHECKLIST_FORM = {
    **{f"{item}-status": "in_progress" for item in AgreementCheckItem.Item.values},
    "reporting-evidence": "Rapport levert.",
}
CONTACT_FORM = {"name": "Kari Nordmann", "role": "resource_group", "sector": "NAV"}

ROUTES: list[Route] = [
    Route("participation:agreement-list", target="municipality", allowed=READERS),
    Route("participation:agreement-create", target="municipality", allowed=MANAGERS),
    Route(
        "participation:agreement-create",
        target="municipality",
        method="POST",
        allowed=MANAGERS,
        data=AGREEMENT_FORM,
    ),
    Route("participation:agreement-detail", target="agreement", allowed=READERS),
    Route("participation:agreement-update", target="agreement", allowed=MANAGERS),
    Route(
        "participation:agreement-update",
        target="agreement",
        method="POST",
        allowed=MANAGERS,
        data=AGREEMENT_FORM,
    ),
    Route("participation:agreement-renew", target="agreement", allowed=MANAGERS),
    Route(
        "participation:agreement-renew",
        target="agreement",
        method="POST",
        allowed=MANAGERS,
        data=AGREEMENT_FORM,
        note="the renewal starts after the agreement it renews",
    ),
    Route("participation:agreement-checklist", target="agreement", allowed=MANAGERS),
    Route(
        "participation:agreement-checklist",
        target="agreement",
        method="POST",
        allowed=MANAGERS,
        data=CHECKLIST_FORM,
    ),
    Route("participation:agreement-ending", allowed=MANAGERS),
    Route("participation:contact-list", target="municipality", allowed=READERS),
    Route("participation:contact-create", target="municipality", allowed=PEOPLE_EDITORS),
    Route(
        "participation:contact-create",
        target="municipality",
        method="POST",
        allowed=PEOPLE_EDITORS,
        data=CONTACT_FORM,
    ),
    Route("participation:contact-update", target="contact", allowed=PEOPLE_EDITORS),
    Route(
        "participation:contact-update",
        target="contact",
        method="POST",
        allowed=PEOPLE_EDITORS,
        data=CONTACT_FORM,
    ),
]
