"""The interface is Norwegian Bokmål by default and English on request.

The Norwegian text comes from locale/nb/LC_MESSAGES/django.po, compiled to django.mo by the test
command before pytest runs (run `make compilemessages` first when calling pytest by hand).
"""

import os
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from participation.involvement.models import InfluenceLevel, Initiative, Input, InvolvementEvent
from participation.places.models import Indicator

NB_CATALOGUE = Path(settings.BASE_DIR) / "locale" / "nb" / "LC_MESSAGES" / "django.po"
DASHBOARD = reverse("participation:dashboard")
# Python-format placeholders as Django writes them: %(name)s, %s, %d; "%%" is a literal percent.
PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[sd]")


@pytest.fixture(scope="module")
def nb_catalogue() -> polib.POFile:
    return polib.pofile(str(NB_CATALOGUE))


def _label(entry: polib.POEntry) -> str:
    return f"{entry.msgid!r} ({', '.join(f'{path}:{line}' for path, line in entry.occurrences)})"


def test_nb_catalogue_has_no_untranslated_entries(nb_catalogue):
    untranslated = [_label(entry) for entry in nb_catalogue.untranslated_entries()]
    assert untranslated == []


def test_nb_catalogue_has_no_fuzzy_entries(nb_catalogue):
    # Django ignores fuzzy entries: each one would show up in English.
    assert not nb_catalogue.metadata_is_fuzzy
    assert [_label(entry) for entry in nb_catalogue.fuzzy_entries()] == []


def test_nb_translations_keep_the_placeholders(nb_catalogue):
    mismatched = []
    for entry in nb_catalogue.translated_entries():
        if entry.msgid_plural:
            source = sorted(PLACEHOLDER.findall(entry.msgid_plural))
            translated = sorted(PLACEHOLDER.findall(entry.msgstr_plural[1]))
        else:
            source = sorted(PLACEHOLDER.findall(entry.msgid))
            translated = sorted(PLACEHOLDER.findall(entry.msgstr))
        if source != translated:
            mismatched.append(_label(entry))
    assert mismatched == []


def test_nb_catalogue_passes_msgfmt_format_checks():
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("gettext's msgfmt is not installed (the test command installs it)")
    result = subprocess.run(
        [msgfmt, "--check-format", "-o", os.devnull, str(NB_CATALOGUE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_nb_catalogue_has_plural_forms_for_bokmal(nb_catalogue):
    assert nb_catalogue.metadata["Language"] == "nb"
    assert nb_catalogue.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"


def test_domain_terms_are_norwegian_in_bokmal():
    # given the Bokmål interface
    with translation.override("nb"):
        # then the models and choices use the field's Norwegian terms
        assert str(Initiative._meta.verbose_name) == "tiltak"
        assert str(InvolvementEvent._meta.verbose_name) == "medvirkningsaktivitet"
        assert str(Indicator._meta.verbose_name) == "styringsparameter"
        assert str(Input.FollowUp.NOT_ASSESSED.label) == "Ikke vurdert"
        assert str(InfluenceLevel.EMPOWER.label) == "Myndiggjøre"


def test_dashboard_is_norwegian_by_default_and_english_after_switching(staff_bodo):
    # given a browser that has not asked for a language (no Accept-Language header)
    browser = Client()
    browser.force_login(staff_bodo)
    # when
    norwegian = browser.get(DASHBOARD)
    # then
    assert norwegian.status_code == 200
    assert '<html lang="nb">' in norwegian.text
    assert "Boligsosialt arbeid" in norwegian.text
    assert '<h1 class="mb-4">Oversikt</h1>' in norwegian.text
    assert "Sammendrag for kommunene dine" in norwegian.text
    assert "Gå til hovedinnholdet" in norwegian.text
    assert "Social housing work" not in norwegian.text

    # when the user chooses English
    response = browser.post(reverse("set_language"), {"language": "en", "next": DASHBOARD})
    english = browser.get(DASHBOARD)
    # then
    assert response.status_code == 302
    assert '<html lang="en">' in english.text
    assert "Social housing work" in english.text
    assert '<h1 class="mb-4">Dashboard</h1>' in english.text
    assert "Summary for your municipalities" in english.text
    assert "Boligsosialt arbeid" not in english.text
