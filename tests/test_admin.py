"""The Django admin is usable for every registered model: lists, search, add forms."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst

from participation.accounts.models import (
    Notification,
    NotificationSettings,
    RoleAssignment,
    SecurityEvent,
)
from participation.core.models import domain_models
from participation.involvement.models import EventImport
from participation.places.models import Municipality
from participation.reports.models import ReportSnapshot

# Model names that Bokmål writes as English does.
SAME_IN_BOTH: set[str] = set()

ADMINS = [
    (model, model_admin)
    for model, model_admin in admin.site._registry.items()
    if model._meta.app_config.name.startswith("participation.")
]


@pytest.fixture
def superuser_client(client, db, log_in):  # type: ignore[no-untyped-def]
    user = get_user_model().objects.create_superuser("root-test", password="pw-for-tests-only")
    log_in(client, user)
    return client


def test_every_domain_model_is_registered() -> None:

    registered = {model for model, _ in ADMINS}
    unregistered = [m.__name__ for m in domain_models() if m not in registered]
    # ParticipantCount and the checklist rows are edited inline on their parents; a report's
    # files are shown inline on it, and its stored rows only in the report itself. The audit
    # chain's links are written by the database and checked by `manage.py verify_audit`. API
    # tokens are made and revoked on their own pages (security events), never edited; the
    # addresses they were used from and the answers kept for idempotent writes are the API's
    # bookkeeping.
    assert sorted(unregistered) == [
        "AgreementCheckItem",
        "ApiToken",
        "ApiTokenAddress",
        "AuditChainLink",
        "FactorAssessment",
        "IdempotentRequest",
        "ParticipantCount",
        "ReportFile",
        "ReportRow",
    ]


@pytest.mark.parametrize(("model", "model_admin"), ADMINS, ids=[m.__name__ for m, _ in ADMINS])
def test_changelist_search_and_add_form_render(superuser_client, model, model_admin) -> None:  # type: ignore[no-untyped-def]
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")

    response = superuser_client.get(changelist)
    assert response.status_code == 200

    if model_admin.search_fields:
        response = superuser_client.get(changelist, {"q": "Bodø"})
        assert response.status_code == 200

    # Role assignments are read-only here: they are managed under /brukere/ (audited). Security
    # events are append-only (tests/audit/test_append_only.py). Reports are made by the product
    # and frozen. Notices and their settings are made by the services and by each user, event
    # imports by the import page and its task.
    response = superuser_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    read_only = (
        RoleAssignment,
        SecurityEvent,
        ReportSnapshot,
        Notification,
        NotificationSettings,
        EventImport,
    )
    assert response.status_code == (403 if model in read_only else 200)


def test_municipality_search_and_autocomplete(superuser_client) -> None:  # type: ignore[no-untyped-def]
    # given the reference data
    changelist = reverse("admin:places_municipality_changelist")

    # when searching by name
    response = superuser_client.get(changelist, {"q": "Kvæfjord"})

    # then Kvæfjord is listed
    assert "5510" in response.content.decode()

    # and the autocomplete used by the initiative form finds municipalities by name
    response = superuser_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "Bod",
            "app_label": "involvement",
            "model_name": "initiative",
            "field_name": "municipality",
        },
    )
    assert response.status_code == 200
    names = [r["text"] for r in response.json()["results"]]
    assert str(Municipality.objects.get(number="1804")) in names


def test_saving_through_admin_records_the_user(superuser_client) -> None:  # type: ignore[no-untyped-def]
    # given
    bodo = Municipality.objects.get(number="1804")

    # when an initiative is added through the admin
    response = superuser_client.post(
        reverse("admin:involvement_initiative_add"),
        {
            "municipality": bodo.pk,
            "name": "Testtiltak",
            "aim": "Et mål",
            "directness": "direct",
            "status": "planned",
            "factor_assessments-TOTAL_FORMS": "0",
            "factor_assessments-INITIAL_FORMS": "0",
        },
    )

    # then it is saved, numbered, and attributed to the admin user
    assert response.status_code == 302, response.content.decode()[:2000]
    initiative = bodo.initiatives.get(name="Testtiltak")
    assert initiative.reference == "1804-0001"
    assert initiative.created_by is not None
    assert initiative.created_by.username == "root-test"


def test_admin_index_speaks_bokmal_for_every_app_and_model(superuser_client) -> None:  # type: ignore[no-untyped-def]
    # given an admin with the Norwegian interface
    # when they open the admin's front page
    html = superuser_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="nb").content.decode()
    # then every app, model and column heading is in Bokmål, the third-party ones included
    untranslated = []
    with translation.override("nb"):
        for model in admin.site._registry:
            plural = capfirst(str(model._meta.verbose_name_plural))
            assert plural in html.replace("&#x27;", "'"), plural
            with translation.override("en"):
                english = capfirst(str(model._meta.verbose_name_plural))
            if plural == english and english not in SAME_IN_BOTH:
                untranslated.append(english)
    assert untranslated == []
    for english in [
        "Model name",
        "Add link",
        "Access attempts",
        "TOTP devices",
        "Periodic tasks",
        "Otp_Totp",
        ">Axes<",
    ]:
        assert english not in html, english
