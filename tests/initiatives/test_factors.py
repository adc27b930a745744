"""The success-factor/barrier assessment: the form page, saving it, and the initiative page."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from participation.involvement.models import FactorAssessment
from participation.places.models import Factor


def factors_url(initiative) -> str:  # type: ignore[no-untyped-def]
    return reverse("participation:initiative-factors", args=[initiative.pk])


@pytest.fixture
def factors(db):  # type: ignore[no-untyped-def]
    """Three factors from the reference data: two success factors, one barrier."""
    return {
        "topic": Factor.objects.get(code="sf-avgrenset-tema"),
        "time": Factor.objects.get(code="sf-tid"),
        "token": Factor.objects.get(code="b-symbolsk-medvirkning"),
    }


def field(factor: Factor, name: str) -> str:
    return f"factor-{factor.pk}-{name}"


def test_the_form_lists_every_factor_grouped_by_kind_and_group(
    client, staff_bodo, bodo, initiative_factory, factors
):
    # given
    initiative = initiative_factory(municipality=bodo)
    client.force_login(staff_bodo)
    # when
    response = client.get(factors_url(initiative))
    # then
    text = response.text
    assert response.status_code == 200
    headings = ["Success factor", "Focus and framing", "Resources", "Barrier"]
    positions = [text.index(f">{heading}</h") for heading in headings]
    assert positions == sorted(positions)
    assert text.count('<fieldset class="border rounded p-3 mb-3 factor">') == (
        Factor.objects.filter(is_active=True).count()
    )
    for label in ["Not assessed", "Present", "Partly", "Absent"]:
        assert label in text


def test_staff_save_an_assessment_and_see_it_on_the_initiative_page(
    client, staff_bodo, bodo, initiative_factory, factors
):
    # given
    initiative = initiative_factory(municipality=bodo)
    client.force_login(staff_bodo)
    assert factors_url(initiative) in client.get(initiative.get_absolute_url()).text
    # when
    response = client.post(
        factors_url(initiative),
        {
            field(factors["topic"], "presence"): "present",
            field(factors["topic"], "comment"): "The topic was the move itself.",
            field(factors["time"], "presence"): "partly",
            field(factors["token"], "presence"): "absent",
        },
        follow=True,
    )
    # then
    assert response.redirect_chain == [(initiative.get_absolute_url(), 302)]
    assert "The assessment of success factors and barriers was saved." in response.text
    saved = {a.factor.code: a for a in FactorAssessment.objects.filter(initiative=initiative)}
    assert {code: a.presence for code, a in saved.items()} == {
        "sf-avgrenset-tema": "present",
        "sf-tid": "partly",
        "b-symbolsk-medvirkning": "absent",
    }
    assert saved["sf-avgrenset-tema"].created_by == staff_bodo
    assert LogEntry.objects.get_for_object(saved["sf-tid"]).get().actor == staff_bodo
    # the page shows it grouped: success factors (focus, resources), then barriers
    text = response.text
    section = text[text.index('id="factors-heading"') : text.index('id="loop-heading"')]
    order = [
        "Success factor",
        "Focus and framing",
        "A bounded, focused topic",
        "The topic was the move itself.",
        "Resources",
        "Time",
        "Partly",
        "Barrier",
        "Absent",
    ]
    positions = [section.index(item) for item in order]
    assert positions == sorted(positions)


def test_not_assessed_removes_an_earlier_answer_and_unchanged_rows_are_not_rewritten(
    client, staff_bodo, bodo, initiative_factory, factors
):
    # given
    initiative = initiative_factory(municipality=bodo)
    kept = FactorAssessment.objects.create(
        initiative=initiative, factor=factors["topic"], presence="present", comment="Kept."
    )
    FactorAssessment.objects.create(
        initiative=initiative, factor=factors["time"], presence="absent"
    )
    client.force_login(staff_bodo)
    before = kept.updated_at
    # when: the first unchanged, the second set back to not assessed
    client.post(
        factors_url(initiative),
        {
            field(factors["topic"], "presence"): "present",
            field(factors["topic"], "comment"): "Kept.",
            field(factors["time"], "presence"): "",
        },
    )
    # then
    assert list(initiative.factor_assessments.values_list("factor__code", flat=True)) == [
        "sf-avgrenset-tema"
    ]
    kept.refresh_from_db()
    assert kept.updated_at == before


def test_the_form_shows_earlier_answers(client, staff_bodo, bodo, initiative_factory, factors):
    # given
    initiative = initiative_factory(municipality=bodo)
    FactorAssessment.objects.create(
        initiative=initiative, factor=factors["time"], presence="partly", comment="Short on time."
    )
    client.force_login(staff_bodo)
    # when
    text = client.get(factors_url(initiative)).text
    # then
    assert (
        f'name="{field(factors["time"], "presence")}" id="id_{field(factors["time"], "presence")}_2" value="partly" checked'
        in text
    )
    assert "Short on time." in text


def test_a_comment_without_an_assessment_is_refused_with_a_message(
    client, staff_bodo, bodo, initiative_factory, factors
):
    # given
    initiative = initiative_factory(municipality=bodo)
    client.force_login(staff_bodo)
    # when
    response = client.post(
        factors_url(initiative),
        {field(factors["topic"], "comment"): "Something happened."},
    )
    # then
    assert response.status_code == 200
    assert "also say whether the factor was present, partly or absent" in response.text
    assert "Something happened." in response.text
    assert not FactorAssessment.objects.exists()


@pytest.mark.parametrize("role", ["viewer_bodo", "adviser_nord"])
def test_readers_may_not_assess(client, request, role, bodo, initiative_factory, factors):
    # given
    initiative = initiative_factory(municipality=bodo)
    client.force_login(request.getfixturevalue(role))
    # when / then
    assert client.get(factors_url(initiative)).status_code == 403
    response = client.post(factors_url(initiative), {field(factors["time"], "presence"): "absent"})
    assert response.status_code == 403
    assert not FactorAssessment.objects.exists()
    assert factors_url(initiative) not in client.get(initiative.get_absolute_url()).text


def test_the_initiative_page_says_when_nothing_was_assessed(
    client, viewer_bodo, bodo, initiative_factory
):
    # given
    initiative = initiative_factory(municipality=bodo)
    client.force_login(viewer_bodo)
    # when
    text = client.get(initiative.get_absolute_url()).text
    # then
    assert "have not been assessed for this initiative yet" in text
