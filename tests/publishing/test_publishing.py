"""Publishing chosen by the municipality: staff choose, preview exactly what the public will
see, publish, change and withdraw; every step audited and chained; the personal-data guard runs
again; a withdrawn page answers 410."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.urls import reverse

from participation.accounts.models import AuditChainLink
from participation.involvement.models import Input
from participation.publishing.models import Publication
from participation.publishing.views.staff import selection_signature

pytestmark = pytest.mark.django_db


def write_past_the_guard(item: Input, answer: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Input._meta.db_table} SET answer = %s WHERE id = %s", [answer, item.pk]
        )


def edit_url(initiative) -> str:  # type: ignore[no-untyped-def]
    return reverse("participation:publication-edit", args=[initiative.pk])


def public_url(initiative) -> str:  # type: ignore[no-untyped-def]
    return reverse(
        "participation:public-initiative",
        kwargs={"number": initiative.municipality.number, "pk": initiative.pk},
    )


def choose(event, inputs, action: str) -> dict:  # type: ignore[no-untyped-def]
    """The form's data: the event and `inputs` chosen; to publish, as previewed."""
    inputs = list(inputs)
    data = {"events": [event.pk], "inputs": [i.pk for i in inputs], "action": action}
    if action == "publish":
        data["previewed"] = selection_signature([event], inputs)
    return data


def test_staff_preview_shows_exactly_the_public_page_and_publishing_is_audited(
    client, visitor, log_in, staff_bodo, cafe, cafe_event, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    # given a Bodø staff member on the café's publishing page
    log_in(client, staff_bodo)
    inputs = list(cafe_event.inputs.order_by("pk"))
    assert client.get(edit_url(cafe)).status_code == 200

    # when they preview the event with all its input
    preview = client.post(edit_url(cafe), choose(cafe_event, inputs, "preview"))

    # then the preview shows the answers and offers to publish; nothing is published yet
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "You said – we did" in html
    assert inputs[0].answer.split(";")[0][:40] in html
    assert 'value="publish"' in html
    assert not Publication.objects.filter(initiative=cafe).exists()

    # when they publish
    links_before = AuditChainLink.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit_url(cafe), choose(cafe_event, inputs, "publish"))
    assert response.status_code == 302

    # then the publication is live, audited with them as actor and chained
    publication = Publication.objects.get(initiative=cafe)
    assert publication.is_live
    assert set(publication.inputs.all()) == set(inputs)
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Publication), object_id=publication.pk
    )
    assert entries.filter(action=LogEntry.Action.CREATE, actor=staff_bodo).exists()
    assert AuditChainLink.objects.count() > links_before

    # and the public page's content is the preview's, word for word
    public = visitor.get(public_url(cafe)).content.decode()
    start = html.index('<article class="public-initiative">')
    end = html.index("</article>", start)
    preview_article = html[start:end]
    public_article = public[public.index('<article class="public-initiative">') :]
    for line in preview_article.splitlines():
        if "public-tools" in line or "Short address" in line or "qr" in line.lower():
            continue
        if "data-print" in line or "Printable version" in line or "Given when" in line:
            continue
        if "Not yet" in line or "/apen/" in line or "Published" in line:
            continue
        assert line in public_article, line


def test_withdrawing_answers_410_and_is_audited(
    client, visitor, log_in, staff_bodo, cafe, cafe_event, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    log_in(client, staff_bodo)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit_url(cafe), choose(cafe_event, cafe_event.inputs.all(), "publish"))
    assert visitor.get(public_url(cafe)).status_code == 200

    # when they withdraw the page
    withdraw = reverse("participation:publication-withdraw", args=[cafe.pk])
    assert client.get(withdraw).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(withdraw).status_code == 302

    # then the page answers 410, saying it was withdrawn, and the change is in the log
    gone = visitor.get(public_url(cafe))
    assert gone.status_code == 410
    assert "This page has been withdrawn" in gone.content.decode()
    assert cafe.name not in gone.content.decode().split("<main")[1]
    publication = Publication.objects.get(initiative=cafe)
    updates = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Publication),
        object_id=publication.pk,
        action=LogEntry.Action.UPDATE,
    )
    withdrawal = [e for e in updates if "withdrawn_at" in e.changes_dict]
    assert len(withdrawal) == 1
    assert withdrawal[0].actor == staff_bodo
    # and the municipality's public page no longer lists it (it has nothing else published)
    assert (
        visitor.get(reverse("participation:public-municipality", args=["1804"])).status_code == 404
    )


def test_personal_data_is_refused_at_publishing_and_withheld_on_the_page(
    client, visitor, log_in, staff_bodo, cafe, cafe_event, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    # given an answer holding a phone number, written past the field's guard (plain SQL)
    item = cafe_event.inputs.order_by("pk").first()
    write_past_the_guard(item, "Ring Kari på 912 34 567 for mer.")
    log_in(client, staff_bodo)

    # when staff preview and then try to publish it
    preview = client.post(edit_url(cafe), choose(cafe_event, [item], "preview"))
    publish = client.post(edit_url(cafe), choose(cafe_event, [item], "publish"))

    # then the preview says why and offers no publishing, and publishing is refused
    assert "looks like personal data" in preview.content.decode()
    assert 'value="publish"' not in preview.content.decode()
    assert publish.status_code == 200
    assert "Nothing was published" in publish.content.decode()
    assert not Publication.objects.filter(initiative=cafe).exists()

    # and if it slips in after publishing, the public page withholds it
    write_past_the_guard(item, "Tatt med videre.")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit_url(cafe), choose(cafe_event, [item], "publish"))
    write_past_the_guard(item, "Ring Kari på 912 34 567 for mer.")
    page = visitor.get(public_url(cafe)).content.decode()
    assert "912 34 567" not in page
    assert "This text is withheld" in page


def test_only_staff_who_may_edit_the_initiative_publish(
    client, log_in, viewer_bodo, user_factory, asker, cafe
) -> None:  # type: ignore[no-untyped-def]
    from participation.accounts.models import RoleAssignment

    log_in(client, viewer_bodo)
    assert client.get(edit_url(cafe)).status_code == 403
    outsider = user_factory(
        username="asker-staff", role=RoleAssignment.Role.MUNICIPAL, role__municipality=asker
    )
    log_in(client, outsider)
    assert client.get(edit_url(cafe)).status_code == 404
    assert client.post(edit_url(cafe), {"action": "publish"}).status_code == 404
    assert not Publication.objects.exists()


def test_publish_publishes_only_what_was_previewed(
    client, log_in, staff_bodo, cafe, cafe_event
) -> None:  # type: ignore[no-untyped-def]
    log_in(client, staff_bodo)
    inputs = list(cafe_event.inputs.order_by("pk"))
    # given a preview of the event with one input
    preview = client.post(edit_url(cafe), choose(cafe_event, inputs[:1], "preview"))
    assert 'value="publish"' in preview.content.decode()
    # when a second input is ticked after the preview and Publish is pressed
    data = choose(cafe_event, inputs[:2], "preview")
    data["action"] = "publish"
    data["previewed"] = selection_signature([cafe_event], inputs[:1])
    response = client.post(edit_url(cafe), data)
    # then nothing is published, and the new choice is previewed instead
    assert response.status_code == 200
    assert "The choice changed after the preview" in response.content.decode()
    assert "Preview: exactly what the public will see" in response.content.decode()
    assert not Publication.objects.exists()


def test_input_of_an_event_not_chosen_is_refused(
    client, log_in, staff_bodo, cafe, cafe_event
) -> None:  # type: ignore[no-untyped-def]
    log_in(client, staff_bodo)
    item = cafe_event.inputs.first()
    response = client.post(edit_url(cafe), {"inputs": [item.pk], "action": "publish"})
    assert response.status_code == 200
    assert "together with its event" in response.content.decode()
    assert not Publication.objects.exists()
