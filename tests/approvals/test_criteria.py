"""Success criteria per municipality and year: the municipality's self-assessment beside the
adviser's, with reasons, each side's form guarded by its permission, and the trend across years."""

from __future__ import annotations

import pytest
from django.urls import reverse

from participation.programme.models import SuccessCriterionAssessment
from participation.programme.services import criteria as service

Assessor = SuccessCriterionAssessment.Assessor
pytestmark = pytest.mark.django_db


def url(municipality, year: int) -> str:  # type: ignore[no-untyped-def]
    return reverse("participation:criteria-year", args=[municipality.number, year])


def test_the_six_criteria_of_bolig_for_velferd_are_assessed():
    # when
    criteria = service.criteria()
    # then
    assert len(criteria) == 6
    assert {c.strategy.name for c in criteria} == {"Bolig for velferd"}


def test_municipal_staff_save_the_self_assessment(client, staff_bodo, bodo):
    # given
    first = service.criteria()[0]
    client.force_login(staff_bodo)
    # when
    response = client.post(
        url(bodo, 2025),
        {
            "side": "self",
            f"self-rating_{first.pk}": "3",
            f"self-reason_{first.pk}": "Plan adopted.",
        },
        follow=True,
    )
    # then
    saved = SuccessCriterionAssessment.objects.get(municipality=bodo, year=2025)
    assert (saved.assessor, saved.rating, saved.reason, saved.created_by) == (
        Assessor.SELF,
        3,
        "Plan adopted.",
        staff_bodo,
    )
    html = response.content.decode()
    assert "1 assessment was saved." in html
    assert "Plan adopted." in html


def test_adviser_saves_husbankens_assessment(client, adviser_nord, bodo):
    # given
    first = service.criteria()[0]
    client.force_login(adviser_nord)
    # when
    client.post(url(bodo, 2025), {"side": "adviser", f"adviser-rating_{first.pk}": "2"})
    # then
    saved = SuccessCriterionAssessment.objects.get(municipality=bodo, year=2025)
    assert (saved.assessor, saved.rating) == (Assessor.ADVISER, 2)


@pytest.mark.parametrize(
    ("who", "side"),
    [("adviser_nord", "self"), ("staff_bodo", "adviser"), ("viewer_bodo", "self")],
)
def test_each_side_is_403_for_the_other(client, request, bodo, who, side):
    # given
    first = service.criteria()[0]
    client.force_login(request.getfixturevalue(who))
    # when
    response = client.post(url(bodo, 2025), {"side": side, f"{side}-rating_{first.pk}": "4"})
    # then
    assert response.status_code == 403
    assert not SuccessCriterionAssessment.objects.exists()


def test_adviser_out_of_scope_gets_404(client, adviser_nord, asker):
    # given
    client.force_login(adviser_nord)
    # when
    get = client.get(url(asker, 2025))
    post = client.post(url(asker, 2025), {"side": "adviser"})
    # then
    assert (get.status_code, post.status_code) == (404, 404)


def test_page_shows_only_the_forms_the_user_may_fill(client, staff_bodo, adviser_nord, bodo):
    # when
    client.force_login(staff_bodo)
    staff_page = client.get(url(bodo, 2025)).content.decode()
    client.force_login(adviser_nord)
    adviser_page = client.get(url(bodo, 2025)).content.decode()
    # then
    assert 'id="form-self"' in staff_page
    assert 'id="form-adviser"' not in staff_page
    assert 'id="form-adviser"' in adviser_page
    assert 'id="form-self"' not in adviser_page


def test_both_sides_side_by_side_and_the_trend_across_years(
    client, viewer_bodo, staff_bodo, adviser_nord, bodo, django_assert_max_num_queries
):
    # given
    first, second = service.criteria()[:2]
    service.save_assessments(
        bodo,
        actor=staff_bodo,
        year=2024,
        assessor=Assessor.SELF,
        ratings=[service.Rating(first, 2, "Started.")],
    )
    service.save_assessments(
        bodo,
        actor=staff_bodo,
        year=2025,
        assessor=Assessor.SELF,
        ratings=[service.Rating(first, 3, "Adopted.")],
    )
    service.save_assessments(
        bodo,
        actor=adviser_nord,
        year=2025,
        assessor=Assessor.ADVISER,
        ratings=[service.Rating(first, 2, "Not yet.")],
    )
    client.force_login(viewer_bodo)
    # when
    with django_assert_max_num_queries(10):
        response = client.get(url(bodo, 2025))
    # then
    html = response.content.decode()
    year = html[html.index('class="table align-top criteria-year"') :]
    year = year[: year.index("</table>")]
    assert "Established" in year
    assert "Adopted." in year
    assert "Not yet." in year
    trend = html[html.index('class="table table-sm criteria-trend"') :]
    trend = trend[: trend.index("</table>")]
    assert '<th scope="colgroup" colspan="2" id="trend-year-2024">2024</th>' in trend
    assert '<th scope="colgroup" colspan="2" id="trend-year-2025">2025</th>' in trend
    first_row = trend[trend.index(first.name) :]
    first_row = first_row[: first_row.index("</tr>")]
    # 2024: self under development, adviser none; 2025: self established, adviser developing.
    cells = [c.split("</td>")[0] for c in first_row.split("<td>")[1:]]
    assert cells == ["Under development", "–", "Established", "Under development"]
    assert second.name in trend


def test_saving_again_updates_and_is_in_history(staff_bodo, bodo):
    # given
    from auditlog.models import LogEntry

    first = service.criteria()[0]
    service.save_assessments(
        bodo,
        actor=staff_bodo,
        year=2025,
        assessor=Assessor.SELF,
        ratings=[service.Rating(first, 1)],
    )
    # when
    service.save_assessments(
        bodo,
        actor=staff_bodo,
        year=2025,
        assessor=Assessor.SELF,
        ratings=[service.Rating(first, 4)],
    )
    # then
    saved = SuccessCriterionAssessment.objects.get()
    assert saved.rating == 4
    assert LogEntry.objects.get_for_object(saved).count() == 2


def test_invalid_rating_is_refused(client, staff_bodo, bodo):
    # given
    first = service.criteria()[0]
    client.force_login(staff_bodo)
    # when
    response = client.post(url(bodo, 2025), {"side": "self", f"self-rating_{first.pk}": "9"})
    # then
    assert response.status_code == 200
    assert "Some ratings need correcting" in response.content.decode()
    assert not SuccessCriterionAssessment.objects.exists()
