"""The demo data (`load_demo`), loaded once for this module's tests (the `demo_data` fixture):
idempotent, one user per role, holds the real café, leaks no personal data. The command on a
database without it (refusing without DEBUG, printing the logins): test_demo_command.py."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.apps import apps
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.db import models

from participation.accounts.models import AuditChainLink, RoleAssignment
from participation.core.fields import is_free_text
from participation.core.models import domain_models
from participation.core.privacy import personal_data_problems
from participation.demo.data import DEMO_PASSWORD
from participation.demo.synthetic import phrases
from participation.involvement.models import Initiative, InvolvementEvent
from participation.places.models import Municipality
from participation.programme.models import ProgrammeAgreement, ProgrammeContact

User = get_user_model()


def _row_counts() -> dict[str, int]:
    counts = {model.__name__: model._default_manager.count() for model in domain_models()}
    counts["User"] = User.objects.count()
    return counts


@pytest.mark.django_db
def test_loading_twice_gives_the_same_rows(demo_data):
    # given the demo data loaded once
    first = _row_counts()
    # when
    call_command("load_demo", "--force", verbosity=0)
    # then
    assert _row_counts() == first
    assert first["Initiative"] >= 11
    assert first["IndicatorValue"] > 0
    assert first["User"] == 4


@pytest.mark.django_db
def test_one_demo_user_per_role_can_log_in(rf, demo_data):
    # given the demo data
    # when (django-axes wants the request that carries the login)
    users = {
        username: authenticate(rf.post("/login/"), username=username, password=DEMO_PASSWORD)
        for username in ("admin", "radgiver", "bodo", "leser")
    }
    # then
    assert all(users.values())
    assert User.objects.filter(username="admin", is_staff=True, is_superuser=True).exists()
    roles = {
        username: (role, region, municipality)
        for username, role, region, municipality in RoleAssignment.objects.values_list(
            "user__username", "role", "region__code", "municipality__number"
        )
    }
    assert roles == {
        "admin": ("admin", None, None),
        "radgiver": ("adviser", "nord", None),
        "bodo": ("municipal", None, "1804"),
        "leser": ("viewer", None, "1804"),
    }
    assert RoleAssignment.objects.get(user__username="bodo").is_programme_leader


@pytest.mark.django_db
def test_the_bodo_dialogue_cafe_has_23_participants_and_the_ten_themes(demo_data):
    # given the demo data
    # when
    cafe = InvolvementEvent.objects.get(
        initiative__municipality__number="1804", method__code="dialogkafe", date=date(2022, 11, 1)
    )
    # then
    assert cafe.participant_total == 23
    assert cafe.themes.count() == 10
    assert cafe.inputs.exists()
    assert not cafe.is_example


@pytest.mark.django_db
def test_demo_municipalities_have_population_and_initiatives(demo_data):
    # given the demo data
    # when
    bodo = Municipality.objects.get(number="1804")
    # then
    assert (bodo.population, bodo.population_year) == (53_066, 2022)
    for number in ("3203", "1804", "5510", "4205", "3103", "5038", "5028"):
        assert Initiative.objects.filter(municipality__number=number).exists(), number
    bolig_nu = Initiative.objects.get(municipality=bodo, name="Bolig Nu")
    assert all((bolig_nu.aim, bolig_nu.strengths, bolig_nu.success_factors))
    assert bolig_nu.target_groups.exists()
    assert bolig_nu.goals.exists()


@pytest.mark.django_db
def test_melhus_second_agreement_renews_the_first(demo_data):
    # given the demo data
    # when
    agreements = ProgrammeAgreement.objects.filter(municipality__number="5028").order_by(
        "start_date"
    )
    # then
    first, second = agreements
    assert (first.start_date.year, first.end_date.year) == (2013, 2016)
    assert (second.start_date.year, second.end_date.year) == (2016, 2020)
    assert second.previous == first
    assert first.check_items.count() == 7


@pytest.mark.django_db
def test_every_page_has_example_data_to_show(demo_data):
    # given the demo data
    # then: events with feedback overdue and answered, values in every status, programme rows
    events = InvolvementEvent.objects.filter(is_example=True)
    assert events.filter(feedback_due__lt=date(2026, 11, 21), feedback_given__isnull=True).exists()
    assert events.filter(feedback_given__isnull=False).exists()
    values = apps.get_model("programme", "IndicatorValue").objects
    assert set(values.values_list("status", flat=True)) == {
        "draft",
        "submitted",
        "approved",
        "returned",
    }
    for name in ("Meeting", "Commitment", "RiskFlag", "Grant", "SuccessCriterionAssessment"):
        assert apps.get_model("programme", name).objects.exists(), name


# --- privacy guard ---------------------------------------------------------------------------------

PERSONAL_DATA_PATTERNS = {
    "national identity number": re.compile(r"(?<!\d)\d{6}\s?\d{5}(?!\d)"),
    "e-mail address": re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    "phone number": re.compile(
        r"\+47|(?<![\d.,])\d{8}(?![\d.,])|(?<!\d)\d{3} \d{2} \d{3}(?!\d)|(?<!\d)\d{2} \d{2} \d{2} \d{2}(?!\d)"
    ),
}


@pytest.mark.parametrize(
    "text",
    [
        "01019012345",
        "010190 12345",
        "navn@example.no",
        "+47 915 12 345",
        "91512345",
        "915 12 345",
        "91 51 23 45",
    ],
)
def test_the_privacy_guard_catches_personal_data(text):
    # then: the patterns below would catch these if they were in demo data
    assert any(pattern.search(text) for pattern in PERSONAL_DATA_PATTERNS.values())


@pytest.mark.django_db
def test_no_demo_text_contains_personal_data(demo_data):
    # given the demo data
    # (not the audit chain's links: hex digests the database writes, in which these crude
    # patterns find digit runs)
    text_models = [m for m in domain_models() if m is not AuditChainLink] + [User]
    # when
    findings = []
    for model in text_models:
        # (the demo users' e-mail addresses are checked below)
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
            and f.name not in ("password", "email")
        ]
        for row in model._default_manager.values_list(*fields):
            for value in row:
                for kind, pattern in PERSONAL_DATA_PATTERNS.items():
                    if value and pattern.search(value):
                        findings.append((model.__name__, kind, value))
    # then
    assert findings == []
    # the demo users' addresses are of the reserved example.org domain, which reaches nobody
    assert sorted(User.objects.values_list("email", flat=True)) == [
        "admin@example.org",
        "bodo@example.org",
        "leser@example.org",
        "radgiver@example.org",
    ]
    assert all(
        name.endswith("(eksempel)")
        for name in ProgrammeContact.objects.values_list("name", flat=True)
    )


@pytest.mark.django_db
def test_every_demo_text_passes_the_personal_data_guard(demo_data):
    # given the demo data (loading it went through the guard on every write)
    # when every free-text value of every model is checked again by the product's own guard
    refused = []
    checked = 0
    for model in domain_models():
        fields = [f for f in model._meta.concrete_fields if is_free_text(f)]
        if not fields:
            continue
        for row in model._default_manager.values_list(*(f.attname for f in fields)):
            for field, value in zip(fields, row, strict=True):
                checked += 1
                if personal_data_problems(value or ""):
                    refused.append((model.__name__, field.name, value))
    # then none is refused
    assert refused == []
    assert checked > 1000


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(value, list | tuple | set | frozenset):
        return [s for item in value for s in _strings(item)]
    return []


def test_every_phrase_of_the_scale_generator_passes_the_personal_data_guard():
    # given every string the synthetic dataset is made of (generate_scale's bulk writer also
    # checks each distinct value it writes to a free-text column: tests/test_free_text_fields.py)
    texts = [
        text
        for name, value in vars(phrases).items()
        if not name.startswith("_")
        for text in _strings(value)
    ]
    assert len(texts) > 100
    # then none looks like personal data
    assert [t for t in texts if personal_data_problems(t)] == []


# --- one load for the module, each test on its own ------------------------------------------------


@pytest.mark.django_db
def test_a_test_may_change_the_demo_data(demo_data):
    # when
    Initiative.objects.filter(name="Bolig Nu").delete()
    # then
    assert not Initiative.objects.filter(name="Bolig Nu").exists()


@pytest.mark.django_db
def test_the_next_test_sees_the_demo_data_unchanged(demo_data):
    # then (this module's tests run in order: the one above deleted Bolig Nu)
    assert Initiative.objects.filter(name="Bolig Nu", municipality__number="1804").exists()
