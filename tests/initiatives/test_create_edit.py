"""Creating and editing initiatives: the happy path with attribution and audit, the validation
messages, forged municipalities and the roles that may not."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from participation.involvement.models import Initiative


def create_url(number: str) -> str:
    return reverse("participation:initiative-create", args=[number])


def edit_url(initiative: Initiative) -> str:
    return reverse("participation:initiative-update", args=[initiative.pk])


@pytest.fixture
def valid_post(vocab, strategy_goals):  # type: ignore[no-untyped-def]
    return {
        "name": "Bolig Nu",
        "aim": "Young people get their own home with follow-up.",
        "target_groups": [vocab["youth"].pk],
        "participation_forms": [vocab["user_form"].pk],
        "individual_level": "on",
        "directness": "direct",
        "intended_influence": "3",
        "participation_description": "Residents plan their own move.",
        "strengths": "Residents were heard early.",
        "success_factors": "A committed programme leader.",
        "challenges": "Meetings during working hours only.",
        "status": "ongoing",
        "start_date": "2014-03-01",
        "end_date": "",
        "staffing_fte": "1.5",
        "goals": [strategy_goals["goal"].pk],
        "priority_areas": [strategy_goals["area"].pk],
    }


def test_staff_create_an_initiative_in_their_municipality(client, staff_bodo, bodo, valid_post):
    # given
    client.force_login(staff_bodo)
    # when
    response = client.post(create_url("1804"), valid_post, follow=True)
    # then
    initiative = Initiative.objects.get(name="Bolig Nu")
    assert response.redirect_chain == [(initiative.get_absolute_url(), 302)]
    assert initiative.municipality == bodo
    assert initiative.reference.startswith("1804-")
    assert initiative.created_by == staff_bodo
    assert initiative.updated_by == staff_bodo
    assert str(initiative.staffing_fte) == "1.50"
    assert [goal.pk for goal in initiative.goals.all()] == valid_post["goals"]
    assert [area.pk for area in initiative.priority_areas.all()] == valid_post["priority_areas"]
    assert initiative.individual_level
    assert not initiative.system_level
    assert f"The initiative Bolig Nu was created with reference {initiative.reference}." in (
        response.text
    )
    created = LogEntry.objects.get_for_object(initiative).get(action=LogEntry.Action.CREATE)
    assert created.actor == staff_bodo


def test_the_form_groups_goals_by_strategy(client, staff_bodo, valid_post):
    # given
    client.force_login(staff_bodo)
    # when
    response = client.get(create_url("1804"))
    # then
    assert response.status_code == 200
    assert "Bolig for velferd (test) (2014–2020)" in response.text
    assert "Alle trenger et trygt hjem (test) (2021–2024)" in response.text
    assert "Alle skal ha et godt sted å bo (t)" in response.text


def test_a_municipality_field_smuggled_into_the_form_is_ignored(
    client, staff_bodo, bodo, asker, valid_post
):
    # given
    client.force_login(staff_bodo)
    # when
    client.post(create_url("1804"), {**valid_post, "municipality": asker.pk})
    # then
    assert Initiative.objects.get(name="Bolig Nu").municipality == bodo


def test_posting_to_another_municipalitys_create_url_is_404_and_creates_nothing(
    client, staff_bodo, valid_post
):
    # given: a Bodø user, Asker's URL
    client.force_login(staff_bodo)
    # when
    response = client.post(create_url("3203"), valid_post)
    # then
    assert response.status_code == 404
    assert not Initiative.objects.exists()


@pytest.mark.parametrize("role", ["viewer_bodo", "adviser_nord"])
def test_readers_may_not_create_or_edit(
    client, request, role, bodo, initiative_factory, valid_post
):
    # given
    initiative = initiative_factory(municipality=bodo, name="Bolig Nu")
    client.force_login(request.getfixturevalue(role))
    # when / then
    assert client.get(create_url("1804")).status_code == 403
    assert client.post(create_url("1804"), valid_post).status_code == 403
    assert client.get(edit_url(initiative)).status_code == 403
    assert client.post(edit_url(initiative), {**valid_post, "name": "Changed"}).status_code == 403
    assert Initiative.objects.get().name == "Bolig Nu"
    # and the page shows them no edit buttons
    page = client.get(initiative.get_absolute_url()).text
    assert edit_url(initiative) not in page


def test_staff_edit_an_initiative(client, staff_bodo, bodo, initiative_factory, valid_post):
    # given
    initiative = initiative_factory(municipality=bodo, name="Bolig Nu")
    reference = initiative.reference
    client.force_login(staff_bodo)
    assert edit_url(initiative) in client.get(initiative.get_absolute_url()).text
    # when
    response = client.post(
        edit_url(initiative),
        {**valid_post, "name": "Bolig Nu 2", "status": "completed", "end_date": "2020-12-31"},
        follow=True,
    )
    # then
    assert response.redirect_chain == [(initiative.get_absolute_url(), 302)]
    assert "Your changes to Bolig Nu 2 were saved." in response.text
    initiative.refresh_from_db()
    assert initiative.name == "Bolig Nu 2"
    assert initiative.status == Initiative.Status.COMPLETED
    assert initiative.reference == reference
    assert initiative.municipality == bodo
    assert initiative.updated_by == staff_bodo
    assert initiative.target_groups.get().name == "Unge (test)"
    updated = LogEntry.objects.get_for_object(initiative).filter(action=LogEntry.Action.UPDATE)
    assert updated.filter(actor=staff_bodo, changes__icontains="Bolig Nu 2").exists()


def test_the_edit_form_shows_the_current_values(client, staff_bodo, bodo, initiative_factory):
    # given
    initiative = initiative_factory(municipality=bodo, name="Bolig Nu", staffing_fte="2.00")
    client.force_login(staff_bodo)
    # when
    response = client.get(edit_url(initiative))
    # then
    assert response.status_code == 200
    assert 'value="Bolig Nu"' in response.text
    assert "Save changes" in response.text


def test_staff_of_another_municipality_get_404_on_edit(
    client, staff_bodo, asker, initiative_factory
):
    # given
    initiative = initiative_factory(municipality=asker, name="Bolighjelpen")
    client.force_login(staff_bodo)
    # when
    response = client.post(edit_url(initiative), {"name": "Forged"})
    # then
    assert response.status_code == 404
    initiative.refresh_from_db()
    assert initiative.name == "Bolighjelpen"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": ""}, "Give the initiative a name."),
        ({"aim": ""}, "Describe the aim and content of the initiative."),
        (
            {"start_date": "2022-01-01", "end_date": "2021-12-31"},
            "The end date cannot be before the start date.",
        ),
        ({"individual_level": ""}, "You chose a participation form: say at which level"),
        ({"status": "completed", "end_date": ""}, "A completed initiative needs an end date."),
        ({"staffing_fte": "-1"}, "Staffing cannot be negative."),
    ],
)
def test_validation_messages_a_user_understands(client, staff_bodo, valid_post, change, message):
    # given
    client.force_login(staff_bodo)
    data = {k: v for k, v in {**valid_post, **change}.items() if v != ""}
    # when
    response = client.post(create_url("1804"), data)
    # then
    assert response.status_code == 200
    assert message in response.text
    assert "Some fields need your attention" in response.text
    assert not Initiative.objects.exists()
