"""The shared layout (landmarks, skip link) and the language: Bokmål by default, English on request.

The Norwegian text comes from locale/nb/LC_MESSAGES/django.po (compiled before pytest runs);
tests/test_i18n.py checks that catalogue is complete.
"""

import pytest
from django.test import Client
from django.urls import reverse

DASHBOARD = reverse("participation:dashboard")


@pytest.fixture
def browser():  # type: ignore[no-untyped-def]
    """A client like a browser that has not chosen a language (no Accept-Language header)."""
    return Client()


def test_default_language_is_norwegian_bokmal(browser, staff_bodo):
    # given
    browser.force_login(staff_bodo)
    # when
    response = browser.get(DASHBOARD)
    # then
    assert response.status_code == 200
    assert '<html lang="nb">' in response.text
    assert '<option value="nb" lang="nb" selected>' in response.text
    assert "Boligsosialt arbeid" in response.text
    assert '<h1 class="mb-4">Oversikt</h1>' in response.text


@pytest.mark.django_db
def test_login_page_is_norwegian_by_default_too(browser):
    assert '<html lang="nb">' in browser.get(reverse("login")).text


def test_switching_to_english_and_back(browser, staff_bodo, bodo):
    # given
    browser.force_login(staff_bodo)
    page = bodo.get_absolute_url()
    # when
    response = browser.post(reverse("set_language"), {"language": "en", "next": page})
    # then
    assert response.status_code == 302
    assert response.url == page
    english = browser.get(page)
    assert '<html lang="en">' in english.text
    assert '<option value="en" lang="en" selected>' in english.text
    assert "Facts" in english.text
    # and back
    browser.post(reverse("set_language"), {"language": "nb", "next": page})
    assert '<html lang="nb">' in browser.get(page).text


def test_language_switcher_is_a_labelled_form_posting_to_set_language(browser, staff_bodo):
    # given
    browser.force_login(staff_bodo)
    # when
    text = browser.get(DASHBOARD).text
    # then
    assert f'action="{reverse("set_language")}" method="post"' in text
    assert '<label class="navbar-text text-nowrap" for="language-select">' in text
    assert (
        '<select class="form-select form-select-sm" id="language-select" name="language">' in text
    )


@pytest.mark.django_db
def test_anonymous_visitor_can_switch_the_login_page_to_english(browser):
    # when
    browser.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    # then
    assert '<html lang="en">' in browser.get(reverse("login")).text


def test_layout_has_landmarks_and_a_skip_link(client, staff_bodo):
    # given
    client.force_login(staff_bodo)
    # when
    text = client.get(DASHBOARD).text
    # then
    assert 'href="#main">Skip to main content</a>' in text
    assert '<main id="main"' in text
    for landmark in ("<header>", "<nav ", "<footer"):
        assert landmark in text
    assert "Social housing work" in text
