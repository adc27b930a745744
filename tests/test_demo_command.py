"""The `load_demo` command on a database without the demo data: refuses without DEBUG unless
forced, prints the logins, loads the reference data first. What the data holds is tested in
test_demo_data.py, which loads it once for all its tests."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from participation.demo.data import DEMO_PASSWORD
from participation.involvement.models import Initiative
from participation.places.models import Municipality

User = get_user_model()


@pytest.mark.django_db
def test_refuses_with_debug_off_unless_forced(settings):
    # given
    settings.DEBUG = False
    # when / then
    with pytest.raises(CommandError, match="--force"):
        call_command("load_demo", verbosity=0)
    assert not Initiative.objects.exists()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_runs_with_debug_on_and_prints_the_logins(settings, capsys):
    # given
    settings.DEBUG = True
    # when
    call_command("load_demo")
    # then
    output = capsys.readouterr().out
    for username in ("admin", "radgiver", "bodo", "leser"):
        assert username in output
    assert DEMO_PASSWORD in output
    assert "Husbanken Nord" in output


@pytest.mark.django_db(transaction=True)
def test_load_demo_loads_the_reference_data_first():
    # given: an empty database (transactional tests run last, so emptying it is safe)
    call_command("flush", interactive=False, verbosity=0)
    assert not Municipality.objects.exists()
    # when
    call_command("load_demo", "--force", verbosity=0)
    # then
    assert Municipality.objects.current().count() == 357
    assert Initiative.objects.exists()
