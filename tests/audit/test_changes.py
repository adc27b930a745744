"""An audit row for each kind of change: create, update (fields from → to), delete and
many-to-many, made through a request (the actor is the request's user) and outside one (the
actor set with `acting_as`, or none: "System")."""

from __future__ import annotations

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.auth import get_user_model
from django.urls import reverse

from participation.accounts.audit import acting_as
from participation.accounts.models import AuditChainLink, RoleAssignment, SecurityEvent
from participation.api.models import ApiTokenAddress, IdempotentRequest
from participation.core.models import domain_models
from participation.involvement.models import Initiative

CREATE, UPDATE, DELETE = LogEntry.Action.CREATE, LogEntry.Action.UPDATE, LogEntry.Action.DELETE


@pytest.fixture
def superuser(db):  # type: ignore[no-untyped-def]
    return get_user_model().objects.create_superuser("root-audit", password="pw-for-tests-only")


@pytest.fixture
def admin_client(client, superuser, log_in):  # type: ignore[no-untyped-def]
    log_in(client, superuser)
    return client


def initiative_form(municipality, *, name: str, status: str, target_groups) -> dict:  # type: ignore[no-untyped-def]
    """What the Django admin's initiative form posts (no factor assessments)."""
    return {
        "municipality": municipality.pk,
        "name": name,
        "aim": "Help people from temporary to permanent housing.",
        "target_groups": [group.pk for group in target_groups],
        "directness": Initiative.Directness.DIRECT,
        "status": status,
        "start_date": "2021-01-01",
        "factor_assessments-TOTAL_FORMS": "0",
        "factor_assessments-INITIAL_FORMS": "0",
        "factor_assessments-MIN_NUM_FORMS": "0",
        "factor_assessments-MAX_NUM_FORMS": "1000",
    }


# --- registration ------------------------------------------------------------------------------


def test_every_model_but_the_security_log_is_audited_with_its_many_to_many_fields() -> None:
    # given the app's models
    models = set(domain_models())
    # then every one but the logs themselves (SecurityEvent, and the audit chain's links, which
    # the database writes) and the API's bookkeeping (token addresses, kept answers) is
    # registered, and so is the user model
    logs = {SecurityEvent, AuditChainLink, ApiTokenAddress, IdempotentRequest}
    assert set(auditlog.get_models()) == (models - logs) | {get_user_model()}
    for model in models - logs:
        registered = auditlog._registry[model]["m2m_fields"]
        assert set(registered) == {f.name for f in model._meta.many_to_many}, model
    assert set(auditlog._registry[Initiative]["m2m_fields"]) >= {"target_groups", "goals"}


def test_password_and_last_login_never_reach_the_log(db):  # type: ignore[no-untyped-def]
    # given a user
    user = get_user_model().objects.create_user("audit-pw", password="first-secret-pw")
    # when the password changes and the user logs in
    user.set_password("second-secret-pw")
    user.save()
    user.first_name = "Kari"
    user.save()
    # then the log has the name change, and no trace of a password or login time
    entries = LogEntry.objects.get_for_object(user)
    assert [e.action for e in entries.order_by("timestamp", "pk")] == [CREATE, UPDATE]
    for entry in entries:
        assert "password" not in entry.changes
        assert "last_login" not in entry.changes
        assert "secret" not in str(entry.changes)
    assert entries.get(action=UPDATE).changes == {"first_name": ["", "Kari"]}


# --- through a request -------------------------------------------------------------------------


def test_create_through_a_request_records_the_user_and_the_fields(
    admin_client, superuser, bodo, vocab
):  # type: ignore[no-untyped-def]
    # when an admin creates an initiative in the Django admin
    response = admin_client.post(
        reverse("admin:involvement_initiative_add"),
        initiative_form(bodo, name="Foyer", status="planned", target_groups=[vocab["youth"]]),
    )
    # then
    assert response.status_code == 302
    initiative = Initiative.objects.get(name="Foyer")
    created, m2m = LogEntry.objects.get_for_object(initiative).order_by("timestamp", "pk")
    assert created.action == CREATE
    assert created.actor == superuser
    assert created.remote_addr == "127.0.0.1"
    assert created.changes["name"] == ["None", "Foyer"]
    assert created.changes["status"] == ["None", "planned"]
    assert created.changes["start_date"] == ["None", "2021-01-01"]
    assert created.changes["municipality"] == ["None", str(bodo.pk)]
    # attribution fields are the entry's own actor and time, not part of the diff
    assert not {"created_by", "updated_by", "created_at", "updated_at"} & set(created.changes)
    assert m2m.action == UPDATE
    assert m2m.actor == superuser
    assert m2m.changes == {
        "target_groups": {"type": "m2m", "operation": "add", "objects": ["Unge (test)"]}
    }


def test_update_through_a_request_records_each_field_from_and_to(
    admin_client, superuser, bolig_nu, bodo, vocab
):  # type: ignore[no-untyped-def]
    # given an ongoing initiative
    assert bolig_nu.status == Initiative.Status.ONGOING
    # when an admin renames it and marks it completed
    response = admin_client.post(
        reverse("admin:involvement_initiative_change", args=[bolig_nu.pk]),
        initiative_form(bodo, name="Bolig Nu 2", status="completed", target_groups=[]),
    )
    # then one entry holds both changes, from → to, and nothing else
    assert response.status_code == 302
    entry = LogEntry.objects.get_for_object(bolig_nu).get(action=UPDATE)
    assert entry.actor == superuser
    assert entry.changes == {"name": ["Bolig Nu", "Bolig Nu 2"], "status": ["ongoing", "completed"]}


def test_many_to_many_change_through_a_request_records_added_and_removed(
    admin_client, superuser, bolig_nu, bodo, vocab
):  # type: ignore[no-untyped-def]
    # given an initiative for homeless people
    bolig_nu.target_groups.add(vocab["homeless"])
    # when an admin changes its target group to young people
    admin_client.post(
        reverse("admin:involvement_initiative_change", args=[bolig_nu.pk]),
        initiative_form(bodo, name="Bolig Nu", status="ongoing", target_groups=[vocab["youth"]]),
    )
    # then the removal and the addition are both recorded, by the admin
    by_admin = LogEntry.objects.get_for_object(bolig_nu).filter(actor=superuser)
    assert sorted(
        (e.changes["target_groups"]["operation"], e.changes["target_groups"]["objects"])
        for e in by_admin
    ) == [("add", ["Unge (test)"]), ("delete", ["Bostedsløse (test)"])]


def test_delete_through_a_request_records_the_last_values(admin_client, superuser, bolig_nu):  # type: ignore[no-untyped-def]
    # when an admin deletes the initiative
    response = admin_client.post(
        reverse("admin:involvement_initiative_delete", args=[bolig_nu.pk]), {"post": "yes"}
    )
    # then the deletion is recorded with what the row held
    assert response.status_code == 302
    assert not Initiative.objects.filter(pk=bolig_nu.pk).exists()
    entry = LogEntry.objects.get(
        content_type__model="initiative", object_id=bolig_nu.pk, action=DELETE
    )
    assert entry.actor == superuser
    assert entry.object_repr == "Bolig Nu"
    assert entry.changes["name"] == ["Bolig Nu", "None"]


# --- outside a request -------------------------------------------------------------------------


def close_initiative(initiative: Initiative, *, actor) -> None:  # type: ignore[no-untyped-def]
    """A service as a management command or Celery task would call it, on someone's behalf."""
    with acting_as(actor):
        initiative.status = Initiative.Status.COMPLETED
        initiative.save()


def test_a_service_outside_a_request_records_the_actor_it_is_given(bolig_nu, staff_bodo):  # type: ignore[no-untyped-def]
    # when a service acts for the Bodø user outside any request
    close_initiative(bolig_nu, actor=staff_bodo)
    # then the change is theirs
    entry = LogEntry.objects.get_for_object(bolig_nu).get(action=UPDATE)
    assert entry.actor == staff_bodo
    assert entry.changes == {"status": ["ongoing", "completed"]}


def test_changes_without_an_actor_are_the_systems(bolig_nu):  # type: ignore[no-untyped-def]
    # when code changes a row with nobody named (a loader, a migration)
    bolig_nu.name = "Bolig Nu (renamed)"
    bolig_nu.save()
    # then the entry has no actor
    entry = LogEntry.objects.get_for_object(bolig_nu).get(action=UPDATE)
    assert entry.actor is None


def test_acting_as_inside_another_actor_gives_the_outer_actor_back(
    bolig_nu, staff_bodo, viewer_bodo
):  # type: ignore[no-untyped-def]
    # given an outer actor (as the middleware sets for a request)
    with set_actor(viewer_bodo):
        # when a block acts for someone else, and then the outer code changes something
        with acting_as(staff_bodo):
            bolig_nu.name = "Inner"
            bolig_nu.save()
        bolig_nu.name = "Outer"
        bolig_nu.save()
    # then each change has its own actor
    updates = LogEntry.objects.get_for_object(bolig_nu).filter(action=UPDATE)
    actors = [e.actor for e in updates.order_by("timestamp", "pk")]
    assert actors == [staff_bodo, viewer_bodo]


def test_role_assignment_changes_are_recorded(admin_user, no_role_user, bodo):  # type: ignore[no-untyped-def]
    # when an admin grants a role and later revokes it
    with acting_as(admin_user):
        assignment = RoleAssignment.objects.create(
            user=no_role_user, role=RoleAssignment.Role.VIEWER, municipality=bodo
        )
        assignment_pk = assignment.pk
        assignment.delete()
    # then both are recorded, with who did it and which role and scope
    entries = LogEntry.objects.filter(
        content_type__model="roleassignment", object_id=assignment_pk
    ).order_by("timestamp", "pk")
    assert [(e.action, e.actor) for e in entries] == [(CREATE, admin_user), (DELETE, admin_user)]
    created = entries[0]
    assert created.changes["role"] == ["None", "viewer"]
    assert created.changes["municipality"] == ["None", str(bodo.pk)]
    assert created.changes["user"] == ["None", str(no_role_user.pk)]


def test_saving_an_unchanged_row_records_nothing(bolig_nu):  # type: ignore[no-untyped-def]
    # when a row is saved again without a change (updated_at moves)
    Initiative.objects.get(pk=bolig_nu.pk).save()
    # then there is still only the creation
    assert [e.action for e in LogEntry.objects.get_for_object(bolig_nu)] == [CREATE]
