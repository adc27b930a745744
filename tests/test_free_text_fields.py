"""Every free-text field of every model refuses personal data, whichever way the text arrives.

The fields are discovered from the models (`domain_models()`), so a text field added later is
either a free-text field (`participation.core.fields`) or has to be named below with the reason
it is not: it cannot be forgotten. Each free-text field is then shown to refuse a fødselsnummer,
a phone number written `912-34-567` and an e-mail address, as a model field (`full_clean`), as
the form field it makes (model forms and the admin) and when written to the database (services,
`bulk_create`, `update`). Then the same refusal through a service, a plain form, a model form's
page, the import and the Django admin.
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst

from participation.core.fields import FreeText, is_free_text
from participation.core.models import domain_models
from participation.core.privacy import EMAIL_MESSAGE, IDENTITY_NUMBER_MESSAGE, PHONE_NUMBER_MESSAGE
from participation.core.services import ServiceError
from participation.demo.synthetic.bulk import BulkLoader
from participation.involvement.models import Initiative
from participation.involvement.services.initiatives import create_initiative
from participation.places.models import Theme
from participation.programme.models import RiskFlag
from participation.programme.services.risks import raise_flag
from tests.conftest import log_in

# Text fields that are not free text, with the reason. Fields with `choices` hold one of a fixed
# set of codes and slugs are codes (letters, digits, hyphens): neither is written in, so neither
# is listed. Anything else not a free-text field must be here.
NOT_FREE_TEXT = {
    "places.County.number": "the official two-digit county number",
    "places.Municipality.number": "the official four-digit municipality number",
    "places.Goal.code": "the goal's number in the strategy document (1, 1.2)",
    "places.PriorityArea.code": "the priority area's number in the strategy document",
    "places.SubGoal.code": "the sub-goal's number in the strategy document",
    "accounts.SecurityEvent.username": (
        "the name typed at a failed login, kept as typed: a security record that must be written "
        "whatever it holds, append-only and shown only on the audit pages"
    ),
    "accounts.AuditChainLink.columns": "column names, written by the database's audit trigger",
    "accounts.AuditChainLink.content_hash": "a SHA-256 digest written by the database",
    "accounts.AuditChainLink.previous_hash": "a SHA-256 digest written by the database",
    "accounts.AuditChainLink.chain_hash": "a SHA-256 digest written by the database",
    "accounts.Notification.key": "the occasion's name the services make (kind and row ids)",
    "accounts.Notification.url": "a link to a page of the product, made by the services",
    "involvement.Initiative.reference": "the reference number the product gives (not editable)",
    "involvement.EventImport.language": "a language code",
    "involvement.EventImport.digest": "a SHA-256 digest of the imported file",
    "involvement.EventImport.error": (
        "written by the product when an import fails: its own message and the check's messages"
    ),
    "reports.ReportSnapshot.language": "a language code",
    "reports.ReportSnapshot.task_id": "the Celery task's id",
    "reports.ReportSnapshot.progress_step": "written by the report generator from its step names",
    "reports.ReportSnapshot.error": (
        "written by the product from a failed generation's exception, for diagnosis"
    ),
    "reports.ReportSnapshot.schedule_name": "the name of the schedule in settings that asked",
    "reports.ReportSnapshot.generator_version": "the generator's version string",
    "reports.ReportSnapshot.checksum": "a SHA-256 digest",
    "reports.ReportSnapshot.original_checksum": "a SHA-256 digest, kept when a redaction remade the report",
    "reports.ReportRow.table": "the key of a report table",
    "reports.ReportFile.sha256": "a SHA-256 digest",
    "api.ApiToken.prefix": "the token's random public prefix, written by the product",
    "api.ApiToken.key_hash": "a SHA-256 digest of the token",
    "api.IdempotentRequest.key": (
        "a client system's idempotency key (a UUID or the like), compared, never shown"
    ),
    "api.IdempotentRequest.method": "an HTTP method",
    "api.IdempotentRequest.path": "the API address written to, from the request",
    "api.IdempotentRequest.fingerprint": "a SHA-256 digest of the request",
}

# Synthetic: right control digits, nobody's number (tests/test_privacy_detection.py).
FODSELSNUMMER = "01019000083"
PERSONAL_DATA = [
    (f"Gjelder {FODSELSNUMMER}", IDENTITY_NUMBER_MESSAGE),
    ("Ring 912-34-567 etterpå", PHONE_NUMBER_MESSAGE),
    ("Skriv til ola.nordmann@example.no", EMAIL_MESSAGE),
]


def _label(model: type[models.Model], field: models.Field) -> str:  # type: ignore[type-arg]
    return f"{model._meta.label}.{field.name}"


TEXT_FIELDS = [
    (model, field)
    for model in domain_models()
    for field in model._meta.concrete_fields
    if isinstance(field, models.CharField | models.TextField)
]
FREE_TEXT_FIELDS = [(m, f) for m, f in TEXT_FIELDS if is_free_text(f)]


def _expected(field: models.Field, problem) -> str:  # type: ignore[no-untyped-def,type-arg]
    with translation.override("en"):
        return f"{capfirst(str(field.verbose_name))}: {problem}"


def test_every_text_field_is_free_text_or_named_with_a_reason():
    # given every character field of every model
    unguarded = {
        _label(model, field)
        for model, field in TEXT_FIELDS
        if not is_free_text(field) and not field.choices and not isinstance(field, models.SlugField)
    }
    # then the only ones that are not free-text fields are the listed ones, and the list is current
    assert unguarded == set(NOT_FREE_TEXT)
    # and the free-text fields are the many that people write in
    free = {_label(m, f) for m, f in FREE_TEXT_FIELDS}
    assert {
        "involvement.Initiative.aim",
        "involvement.Input.summary",
        "involvement.Input.answer",
        "involvement.FactorAssessment.comment",
        "programme.Meeting.minutes",
        "programme.Commitment.description",
        "programme.IndicatorValue.source",
        "programme.ProgrammeContact.name",
        "places.Theme.description",
    } <= free
    assert len(free) == 65  # 63, a notice's text and an API token's name


@pytest.mark.parametrize(
    ("model", "field"), FREE_TEXT_FIELDS, ids=[_label(m, f) for m, f in FREE_TEXT_FIELDS]
)
def test_every_free_text_field_refuses_personal_data(model, field):
    with translation.override("en"):
        for text, problem in PERSONAL_DATA:
            expected = [_expected(field, problem)]
            # as a model field: what full_clean, model forms' model validation and the admin run
            with pytest.raises(ValidationError) as raised:
                field.clean(text, model())
            assert raised.value.messages == expected, text
            # as the form field it makes: model forms, the admin, forms built from the model
            with pytest.raises(ValidationError) as raised:
                field.formfield().clean(text)
            assert raised.value.messages == expected, text
            # when written: save(), create(), bulk_create(), update(), whatever calls it
            with pytest.raises(ValidationError) as raised:
                field.get_db_prep_save(text, connection)
            assert raised.value.message_dict == {field.name: expected}, text
        # ordinary text passes all three
        ordinary = "Møte 12.03.2025 kl. 18 i 2. etasje, 23 deltakere, budsjett 12 500 000 kr"
        field.clean(ordinary[: field.max_length], model())
        assert field.get_db_prep_save(ordinary, connection) == ordinary


def test_free_text_fields_need_no_migration():
    # deconstruct() gives the plain Django field: the migration state does not change
    for _model, field in FREE_TEXT_FIELDS:
        _name, path, _args, _kwargs = field.deconstruct()
        assert path in {"django.db.models.TextField", "django.db.models.CharField"}
    assert issubclass(type(Initiative._meta.get_field("aim")), FreeText)


# --- through each way in ---------------------------------------------------------------------


@pytest.mark.django_db
def test_a_service_that_cleans_refuses_and_saves_nothing(bodo, staff_bodo):
    # the service runs the model's checks and refuses as services do, field by field
    with translation.override("en"), pytest.raises(ServiceError) as raised:
        create_initiative(bodo, actor=staff_bodo, name="Bomiljø", aim="Ring 912-34-567")
    with translation.override("en"):
        assert raised.value.errors["aim"] == [f"Aim and content: {PHONE_NUMBER_MESSAGE}"]
    assert not Initiative.objects.exists()


@pytest.mark.django_db
def test_a_service_that_saves_without_cleaning_still_refuses(bodo, adviser_nord):
    # raise_flag creates the row directly, without full_clean: the field refuses the write
    with pytest.raises(ValidationError) as raised:
        raise_flag(
            bodo,
            kind=RiskFlag.Kind.NO_MEETING,
            note=f"Gjelder {FODSELSNUMMER}",
            actor=adviser_nord,
            today=datetime.date(2025, 3, 1),
        )
    with translation.override("en"):
        assert raised.value.message_dict == {"note": [f"Note: {IDENTITY_NUMBER_MESSAGE}"]}
    assert not RiskFlag.objects.exists()


@pytest.mark.django_db
def test_bulk_create_and_update_refuse(bodo):
    initiative = Initiative.objects.create(municipality=bodo, reference="T-1", name="A", aim="B")
    # (each in its own savepoint: a refused write marks the transaction for rollback)
    with pytest.raises(ValidationError) as raised, transaction.atomic():
        Initiative.objects.filter(pk=initiative.pk).update(aim="ola.nordmann@example.no")
    assert list(raised.value.message_dict) == ["aim"]
    with pytest.raises(ValidationError), transaction.atomic():
        Initiative.objects.bulk_create(
            [Initiative(municipality=bodo, reference="T-2", name="912 34 567", aim="B")]
        )
    initiative.refresh_from_db()
    assert initiative.aim == "B"
    assert Initiative.objects.count() == 1


@pytest.mark.django_db
def test_the_synthetic_bulk_loader_refuses_personal_data():
    # generate_scale writes with COPY, past the ORM: its writer runs the same guard
    loader = BulkLoader(connection)
    writer = loader.writer(Initiative, ["id", "name", "aim"])
    writer.add((1, "Bomiljø", "Vanlig tekst"))
    with pytest.raises(ValidationError) as raised:
        writer.add((2, "Bomiljø", "Ring 912-34-567"))
    with translation.override("en"):
        assert raised.value.message_dict == {"aim": [f"Aim and content: {PHONE_NUMBER_MESSAGE}"]}
    assert len(writer.pending) == 1


@pytest.fixture
def english_client():  # type: ignore[no-untyped-def]
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def _page(response) -> str:  # type: ignore[no-untyped-def]
    import html

    return html.unescape(response.content.decode())


@pytest.mark.django_db
def test_a_plain_form_refuses_with_the_fields_name(english_client, bodo, adviser_nord):
    # the risk flag form is a plain form: its note refuses before the service is called
    log_in(english_client, adviser_nord)
    response = english_client.post(
        reverse("participation:riskflag-create", args=[bodo.number]),
        {"kind": RiskFlag.Kind.NO_MEETING, "note": "Ring 912-34-567 om dette"},
    )
    assert response.status_code == 200
    with translation.override("en"):
        expected = f"Note: {PHONE_NUMBER_MESSAGE}"
    assert response.context["form"].errors["note"] == [expected]
    assert expected in _page(response)
    assert not RiskFlag.objects.exists()


@pytest.mark.django_db
def test_a_model_form_page_refuses_with_the_fields_name(english_client, bodo, staff_bodo):
    # given an initiative, edited on its page
    initiative = create_initiative(bodo, actor=staff_bodo, name="Bomiljø", aim="Trygge hjem.")
    log_in(english_client, staff_bodo)
    url = reverse("participation:initiative-update", args=[initiative.pk])
    form = english_client.get(url).context["form"]
    data = {
        name: (
            [getattr(v, "pk", v) for v in value]
            if isinstance(value, list | tuple | models.QuerySet)
            else value
        )
        for name, value in ((n, form[n].value()) for n in form.fields)
        if value is not None
    }
    # when someone writes an e-mail address in the aim
    data["aim"] = "Spørsmål til ola.nordmann@example.no"
    response = english_client.post(url, data)
    # then the page says which field and what to write instead; nothing changed
    assert response.status_code == 200
    with translation.override("en"):
        expected = f"Aim and content: {EMAIL_MESSAGE}"
    assert response.context["form"].errors["aim"] == [expected]
    initiative.refresh_from_db()
    assert initiative.aim == "Trygge hjem."


@pytest.mark.django_db
def test_the_django_admin_refuses_with_the_fields_name(english_client):
    # given a vocabulary entry, changed in the Django admin
    theme = Theme.objects.create(code="test-theme", name="Trygghet (test)")
    user = get_user_model().objects.create_superuser("root-test", password="pw-for-tests-only")
    log_in(english_client, user)
    url = reverse("admin:places_theme_change", args=[theme.pk])
    form = english_client.get(url).context["adminform"].form
    data = {n: form[n].value() for n in form.fields if form[n].value() is not None}
    # when the description gets a fødselsnummer
    data["description"] = f"Gjelder {FODSELSNUMMER}"
    response = english_client.post(url, data)
    # then
    assert response.status_code == 200
    with translation.override("en"):
        expected = f"Description: {IDENTITY_NUMBER_MESSAGE}"
    assert response.context["adminform"].form.errors["description"] == [expected]
    theme.refresh_from_db()
    assert theme.description == ""
