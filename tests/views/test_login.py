import pytest
from django.urls import reverse

LOGIN = reverse("login")
LOGOUT = reverse("logout")
DASHBOARD = reverse("participation:dashboard")


@pytest.mark.django_db
def test_login_page_has_a_heading_and_labelled_fields(client):
    # when
    response = client.get(LOGIN)
    # then
    assert response.status_code == 200
    assert "<h1" in response.text
    assert 'for="id_username"' in response.text
    assert 'for="id_password"' in response.text
    assert 'role="alert"' not in response.text


def test_wrong_password_is_shown_clearly(client, staff_bodo):
    # when
    response = client.post(LOGIN, {"username": "bodo-test", "password": "wrong"})
    # then
    assert response.status_code == 200
    assert 'role="alert"' in response.text
    assert "You could not be logged in" in response.text
    assert "_auth_user_id" not in client.session


def test_login_leads_to_the_dashboard(client, staff_bodo):
    # when
    response = client.post(LOGIN, {"username": "bodo-test", "password": "pw-for-tests-only"})
    # then
    assert response.status_code == 302
    assert response.url == DASHBOARD
    assert client.get(DASHBOARD).status_code == 200


def test_login_returns_to_the_page_asked_for(client, staff_bodo, bodo):
    # given
    url = bodo.get_absolute_url()
    # when
    response = client.post(
        f"{LOGIN}?next={url}",
        {"username": "bodo-test", "password": "pw-for-tests-only", "next": url},
    )
    # then
    assert response.status_code == 302
    assert response.url == url


def test_pages_offer_logout_as_a_post_form(client, staff_bodo):
    # given
    client.force_login(staff_bodo)
    # when
    response = client.get(DASHBOARD)
    # then
    assert f'<form action="{LOGOUT}" method="post">' in response.text


def test_logout_by_post_ends_the_session(client, staff_bodo):
    # given
    client.force_login(staff_bodo)
    # when
    response = client.post(LOGOUT)
    # then
    assert response.status_code == 302
    assert response.url == LOGIN
    assert client.get(DASHBOARD).status_code == 302


def test_logout_by_get_is_refused(client, staff_bodo):
    # given
    client.force_login(staff_bodo)
    # when
    response = client.get(LOGOUT)
    # then
    assert response.status_code == 405
    assert client.get(DASHBOARD).status_code == 200
