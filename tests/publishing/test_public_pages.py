"""The public pages, as an anonymous visitor gets them: found from the national overview and
the municipality's page, "Dere sa – vi gjorde" on the initiative's page, printable, short
address and QR code, open data; cached (and cleared when staff change what is shown),
rate-limited, the municipality's robots policy, and nothing private in any response."""

from __future__ import annotations

import csv
import html
import io
import json

import pytest
from django.test import Client
from django.urls import reverse

from participation.publishing import services
from participation.publishing.models import Publication

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(cafe, cafe_event, staff_bodo, django_capture_on_commit_callbacks) -> Publication:  # type: ignore[no-untyped-def]
    """The café published with its event and all its input but the last."""
    inputs = list(cafe_event.inputs.order_by("pk"))[:-1]
    with django_capture_on_commit_callbacks(execute=True):
        return services.publish_initiative(
            cafe, actor=staff_bodo, events=[cafe_event], inputs=inputs
        )


def page_url(initiative) -> str:  # type: ignore[no-untyped-def]
    return reverse(
        "participation:public-initiative",
        kwargs={"number": initiative.municipality.number, "pk": initiative.pk},
    )


def text(response) -> str:  # type: ignore[no-untyped-def]
    return html.unescape(response.content.decode())


def test_a_visitor_finds_the_page_from_the_overview_and_reads_what_came_of_the_input(
    visitor, published, cafe, cafe_event
) -> None:  # type: ignore[no-untyped-def]
    # the national overview lists Bodø
    overview = text(visitor.get(reverse("participation:public-overview")))
    assert "Bodø" in overview
    # Bodø's page lists the café
    municipality = visitor.get(reverse("participation:public-municipality", args=["1804"]))
    assert municipality.status_code == 200
    assert page_url(cafe) in municipality.content.decode()
    # the café's page: aim, target groups as groups, status, the event, and the input
    page = visitor.get(page_url(cafe))
    assert page.status_code == 200
    body = text(page)
    assert cafe.aim[:60] in body
    assert "Homeless people" in body or "Bostedsløse" in body
    assert "Completed" in body
    assert cafe_event.title in body
    assert "Dialogue café" in body or "Dialogkafé" in body
    assert "You said – we did" in body
    shown = list(cafe_event.inputs.order_by("pk"))[:-1]
    for item in shown:
        assert item.summary[:50] in body
        assert item.answer[:50] in body
    assert "Taken forward" in body
    assert "answered 31 December 2022" in body or "answered Dec. 31, 2022" in body
    # how many took part (23): perturbed by at most 2, never exact by rule
    took_part = body.split("Took part</dt>")[1].split("</dd>")[0].rsplit(">", 1)[1].strip()
    assert 21 <= int(took_part) <= 25


def test_pages_are_norwegian_by_default(published, cafe) -> None:  # type: ignore[no-untyped-def]
    body = text(Client().get(page_url(cafe)))
    assert '<html lang="nb">' in body
    assert "Dere sa – vi gjorde" in body


def test_a_cached_page_asks_the_database_nothing_and_staff_changes_clear_it(
    visitor,
    published,
    cafe,
    cafe_event,
    staff_bodo,
    django_assert_max_num_queries,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    url = page_url(cafe)
    with django_assert_max_num_queries(9):
        first = visitor.get(url)
    with django_assert_num_queries(0):
        again = visitor.get(url)
    assert text(again).split("<main")[1] == text(first).split("<main")[1]
    dropped = list(published.inputs.order_by("pk"))[0]
    assert dropped.summary[:50] in text(again)

    # when staff withdraw one answer from the page
    keep = list(published.inputs.exclude(pk=dropped.pk))
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_initiative(cafe, actor=staff_bodo, events=[cafe_event], inputs=keep)

    # then the page no longer shows it: the cache did not keep it
    assert dropped.summary[:50] not in text(visitor.get(url))

    # and an answer edited in the ordinary way shows at once too
    item = keep[0]
    item.answer = "Svaret er oppdatert etter nytt vedtak."
    with django_capture_on_commit_callbacks(execute=True):
        item.save()
    assert "Svaret er oppdatert etter nytt vedtak." in text(visitor.get(url))


def test_printable_version_short_address_and_qr_code(visitor, published, cafe) -> None:  # type: ignore[no-untyped-def]
    printable = visitor.get(
        reverse("participation:public-print", kwargs={"number": "1804", "pk": cafe.pk})
    )
    assert printable.status_code == 200
    assert "public-printable" in printable.content.decode()
    short = reverse("participation:public-short", kwargs={"pk": cafe.pk})
    assert short in printable.content.decode()  # printed with the page
    redirect = visitor.get(short)
    assert redirect.status_code == 302
    assert redirect["Location"] == page_url(cafe)
    qr = visitor.get(reverse("participation:public-qr", kwargs={"number": "1804", "pk": cafe.pk}))
    assert qr.status_code == 200
    assert qr["Content-Type"] == "image/svg+xml"
    assert b"<svg" in qr.content


def test_a_page_under_the_wrong_municipality_or_never_published_is_404(
    visitor, published, cafe, demo_data
) -> None:  # type: ignore[no-untyped-def]
    wrong = reverse("participation:public-initiative", kwargs={"number": "3203", "pk": cafe.pk})
    assert visitor.get(wrong).status_code == 404
    other = cafe.municipality.initiatives.exclude(pk=cafe.pk).first()
    assert visitor.get(page_url(other)).status_code == 404
    assert (
        visitor.get(reverse("participation:public-municipality", args=["3203"])).status_code == 404
    )


def test_open_data_holds_what_the_pages_show_under_the_licence(
    visitor, published, cafe, cafe_event, staff_bodo, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    page = text(visitor.get(page_url(cafe)))
    took_part = page.split("Took part</dt>")[1].split("</dd>")[0].rsplit(">", 1)[1].strip()
    data = json.loads(visitor.get(reverse("participation:public-open-data-json")).content)
    assert data["licence"]["url"] == "https://data.norge.no/nlod/no/2.0"
    [initiative] = data["initiatives"]
    assert initiative["name"] == cafe.name
    [event] = initiative["events"]
    assert str(event["participants"]) == took_part
    assert len(event["input"]) == cafe_event.inputs.count() - 1

    # a summary a spreadsheet would run is neutralised in the CSV
    item = published.inputs.order_by("pk").first()
    item.summary = "=HYPERLINK(1)"
    with django_capture_on_commit_callbacks(execute=True):
        item.save()
    response = visitor.get(reverse("participation:public-open-data-csv"), {"kommune": "1804"})
    assert response["Link"] == '<https://data.norge.no/nlod/no/2.0>; rel="license"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == cafe_event.inputs.count() - 1
    assert "'=HYPERLINK(1)" in {row["innspill"] for row in rows}
    assert {row["deltakere"] for row in rows} == {took_part}
    assert all("NLOD" in row["lisens"] for row in rows)


def test_the_rate_limit_answers_429(visitor, published, settings) -> None:  # type: ignore[no-untyped-def]
    settings.PUBLIC_RATE_LIMIT = "3/m"
    url = reverse("participation:public-overview")
    assert [visitor.get(url).status_code for _ in range(4)] == [200, 200, 200, 429]


def test_search_engines_follow_the_municipalitys_choice(
    visitor, published, cafe, staff_bodo, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    robots = visitor.get("/robots.txt").content.decode()
    assert "Disallow: /" in robots
    assert "Allow: /apen/1804/" not in robots
    page = visitor.get(page_url(cafe))
    assert page["X-Robots-Tag"] == "noindex"
    assert page_url(cafe) not in visitor.get("/apen/sitemap.xml").content.decode()

    # when Bodø lets search engines in
    with django_capture_on_commit_callbacks(execute=True):
        services.set_public_site(cafe.municipality, actor=staff_bodo, allow_indexing=True)

    robots = visitor.get("/robots.txt").content.decode()
    assert "Allow: /apen/1804/" in robots
    assert "X-Robots-Tag" not in visitor.get(page_url(cafe))
    assert page_url(cafe) in visitor.get("/apen/sitemap.xml").content.decode()


def test_no_private_field_appears_in_any_public_response(
    visitor, published, cafe, cafe_event, staff_bodo, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    # given a draft answer (written, not given back) on a published input, and one input left out
    draft = published.inputs.exclude(answered_on=None).order_by("pk").first()
    draft.answered_on = None
    draft.answer = "Utkast: vi vurderer dette internt før svar."
    with django_capture_on_commit_callbacks(execute=True):
        draft.save()
    left_out = cafe_event.inputs.exclude(pk__in=published.inputs.all()).get()

    # the private fields of the rows shown
    private = [
        cafe.reference,
        cafe.participation_description,
        cafe.strengths,
        cafe.success_factors,
        cafe.challenges,
        cafe_event.description,
        cafe_event.accessibility_measures,
        cafe_event.promise_to_participants,
        cafe_event.feedback_how,
        cafe_event.consent_how,
        draft.answer,
        left_out.summary,
        staff_bodo.username,
        *(c for c in cafe.factor_assessments.values_list("comment", flat=True) if c),
    ]
    if staff_bodo.get_full_name():
        private.append(staff_bodo.get_full_name())
    if staff_bodo.email:
        private.append(staff_bodo.email)

    # every public response
    urls = [
        reverse("participation:public-overview"),
        reverse("participation:public-municipality", args=["1804"]),
        page_url(cafe),
        reverse("participation:public-print", kwargs={"number": "1804", "pk": cafe.pk}),
        reverse("participation:public-open-data"),
        reverse("participation:public-open-data-json"),
        reverse("participation:public-open-data-csv"),
        "/robots.txt",
        "/apen/sitemap.xml",
    ]
    for url in urls:
        response = visitor.get(url)
        assert response.status_code == 200, url
        body = html.unescape(response.content.decode())
        if url.endswith(".json"):
            body = json.dumps(json.loads(body), ensure_ascii=False)
        for value in private:
            assert value[:40] not in body, (url, value)


def test_the_api_gives_the_open_data_without_a_token(visitor, published, cafe) -> None:  # type: ignore[no-untyped-def]
    # when an anonymous client asks the API, with and without a municipality, and with a token
    # that is not valid (ignored: the open data needs none)
    url = reverse("participation:api-open-data")
    data = visitor.get(url, {"kommune": "1804"})
    everything = visitor.get(url, HTTP_AUTHORIZATION="Bearer not-a-token")
    # then the same JSON as the open-data file, under the licence
    assert data.status_code == everything.status_code == 200
    assert data.json() == json.loads(
        visitor.get(reverse("participation:public-open-data-json"), {"kommune": "1804"}).content
    )
    assert data.json()["licence"]["url"] == "https://data.norge.no/nlod/no/2.0"
    assert [i["name"] for i in everything.json()["initiatives"]] == [cafe.name]
    # a municipality that is not a number is not found; writes are not taken
    assert visitor.get(url, {"kommune": "abcd"}).status_code == 404
    assert visitor.post(url, {}).status_code == 405
    # and it is in the API's schema
    from drf_spectacular.generators import SchemaGenerator

    assert "/api/v1/open-data/" in SchemaGenerator().get_schema(request=None, public=True)["paths"]
