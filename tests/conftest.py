"""Shared fixtures: reference data in the test database, one user per role, a client, the
factories of tests/factories.py and a query counter.

The test database is created by migrations, as the owner role, and then filled with the
reference data (places, strategies, vocabularies) by the same idempotent command production uses.
The tests then run the application as its own database role, as production does
(`django_db_setup` below; housingapp/settings_test.py).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import DatabaseError, connection, connections, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from participation.accounts.models import RoleAssignment
from participation.places.models import Municipality, Region
from tests import factories

Role = RoleAssignment.Role


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """The test database as production has it: made and migrated by the owner (DATABASE_URL),
    the application's role granted its rights by `grant_app_role`, and from then on the default
    connection, and every process the tests start from its settings, as that role."""
    with django_db_blocker.unblock():
        _ensure_app_role()
        call_command("grant_app_role", settings.TEST_APP_DATABASE_ROLE, stdout=io.StringIO())
        owner = _connect_default_as(
            settings.TEST_APP_DATABASE_ROLE, settings.TEST_APP_DATABASE_PASSWORD
        )
        call_command("load_reference_data", verbosity=0)
    yield
    with django_db_blocker.unblock():
        # pytest-django drops the test database as the owner, who made it.
        _connect_default_as(*owner)


def _ensure_app_role() -> None:
    """Create the application's role for the tests if the cluster has none (idempotent; several
    test runs may share a cluster); the owner needs CREATEROLE for it, or run scripts/test.sh."""
    role = settings.TEST_APP_DATABASE_ROLE
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        if cursor.fetchone():
            return
        try:
            with transaction.atomic():
                cursor.execute(
                    f"CREATE ROLE {connection.ops.quote_name(role)} LOGIN NOSUPERUSER "
                    "NOCREATEDB NOCREATEROLE PASSWORD %s",
                    [settings.TEST_APP_DATABASE_PASSWORD],
                )
        except DatabaseError as error:
            cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
            if not cursor.fetchone():  # not made meanwhile by another test run
                raise RuntimeError(
                    f"The tests run the application as the database role {role!r}, which "
                    f"does not exist and could not be created ({error}). Create it (LOGIN, "
                    "no superuser), or run scripts/test.sh, which does."
                ) from error


def _connect_default_as(user: str, password: str) -> tuple[str, str]:
    """Make the default connection's later connections (in every thread, and of the Celery
    workers started from its settings) log in as `user`; return who they logged in as."""
    connections["default"].close()
    database = connections["default"].settings_dict
    before = (database["USER"], database["PASSWORD"])
    database["USER"], database["PASSWORD"] = user, password
    return before


@pytest.fixture
def reference_data(transactional_db):  # type: ignore[no-untyped-def]
    """For transactional tests: the flush between them empties every table, so load again."""
    call_command("load_reference_data", verbosity=0)


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """The demo data (`load_demo`), loaded once for all the tests of a module that ask for it.

    It is loaded in a transaction that is rolled back when the module's tests are done, and each
    test runs in a savepoint inside it (pytest-django's `db`), so what one test changes the next
    does not see. So: only for tests on the plain `db` (not `transaction=True`), and from the
    first test that asks for it to the module's end every test of the module sees the demo data:
    tests that need a database without it belong in another module.
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("load_demo", "--force", verbosity=0)
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def client() -> Client:
    """A test client that asks for English, so pages can be asserted in the source strings
    whatever the Norwegian translations say. Tests of the Norwegian pages make their own."""
    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def bodo(db) -> Municipality:  # type: ignore[no-untyped-def]
    return Municipality.objects.get(number="1804")


@pytest.fixture
def asker(db) -> Municipality:  # type: ignore[no-untyped-def]
    return Municipality.objects.get(number="3203")


@pytest.fixture
def admin_user(user_factory):  # type: ignore[no-untyped-def]
    return user_factory(username="admin-test", role=Role.ADMIN)


@pytest.fixture
def adviser_nord(user_factory, region_nord):  # type: ignore[no-untyped-def]
    """A Husbanken adviser for the region Bodø belongs to."""
    return user_factory(username="adviser-test", role=Role.ADVISER, role__region=region_nord)


@pytest.fixture
def staff_bodo(user_factory, bodo):  # type: ignore[no-untyped-def]
    return user_factory(username="bodo-test", role=Role.MUNICIPAL, role__municipality=bodo)


@pytest.fixture
def viewer_bodo(user_factory, bodo):  # type: ignore[no-untyped-def]
    return user_factory(username="viewer-test", role=Role.VIEWER, role__municipality=bodo)


@pytest.fixture
def no_role_user(user_factory):  # type: ignore[no-untyped-def]
    return user_factory(username="norole-test")


@pytest.fixture
def region_nord(db) -> Region:  # type: ignore[no-untyped-def]
    region = Municipality.objects.get(number="1804").region
    assert region is not None
    return region


# --- factories (tests/factories.py), one fixture each ----------------------------------------


@pytest.fixture
def vocab(db) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """The tests' own vocabulary entries by key ("homeless", "cafe", "safety", ...)."""
    return factories.vocabulary()


@pytest.fixture
def user_factory(db) -> type[factories.UserFactory]:  # type: ignore[no-untyped-def]
    return factories.UserFactory


@pytest.fixture
def initiative_factory(db) -> type[factories.InitiativeFactory]:  # type: ignore[no-untyped-def]
    return factories.InitiativeFactory


@pytest.fixture
def event_factory(db) -> type[factories.InvolvementEventFactory]:  # type: ignore[no-untyped-def]
    return factories.InvolvementEventFactory


@pytest.fixture
def participant_count_factory(db) -> type[factories.ParticipantCountFactory]:  # type: ignore[no-untyped-def]
    return factories.ParticipantCountFactory


@pytest.fixture
def input_factory(db) -> type[factories.InputFactory]:  # type: ignore[no-untyped-def]
    return factories.InputFactory


@pytest.fixture
def strategy_factory(db) -> type[factories.StrategyFactory]:  # type: ignore[no-untyped-def]
    return factories.StrategyFactory


@pytest.fixture
def indicator_factory(db) -> type[factories.IndicatorFactory]:  # type: ignore[no-untyped-def]
    return factories.IndicatorFactory


@pytest.fixture
def period_factory(db) -> type[factories.ReportingPeriodFactory]:  # type: ignore[no-untyped-def]
    return factories.ReportingPeriodFactory


@pytest.fixture
def value_factory(db) -> type[factories.IndicatorValueFactory]:  # type: ignore[no-untyped-def]
    return factories.IndicatorValueFactory


@pytest.fixture
def agreement_factory(db) -> type[factories.ProgrammeAgreementFactory]:  # type: ignore[no-untyped-def]
    return factories.ProgrammeAgreementFactory


@pytest.fixture
def risk_flag_factory(db) -> type[factories.RiskFlagFactory]:  # type: ignore[no-untyped-def]
    return factories.RiskFlagFactory


@pytest.fixture
def grant_factory(db) -> type[factories.GrantFactory]:  # type: ignore[no-untyped-def]
    return factories.GrantFactory


@pytest.fixture
def meeting_factory(db) -> type[factories.MeetingFactory]:  # type: ignore[no-untyped-def]
    return factories.MeetingFactory


@pytest.fixture
def commitment_factory(db) -> type[factories.CommitmentFactory]:  # type: ignore[no-untyped-def]
    return factories.CommitmentFactory


def log_in(client, user) -> None:  # type: ignore[no-untyped-def]
    """Log `user` in on a test client, with a verified second factor where one is required.

    Admins must pass a TOTP second factor (django-otp); this gives them a confirmed device and
    marks the session as verified with it, as a real login through the OTP step would.
    """
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from participation.accounts.access import is_admin

    client.force_login(user)
    if is_admin(user):
        device, _ = TOTPDevice.objects.get_or_create(
            user=user, name="test device", defaults={"confirmed": True}
        )
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()


def count_queries(client: Client, url: str, data: Mapping[str, Any] | None = None) -> int:
    """How many queries a GET of `url` makes (it must answer 200), to pin a page's cost and to
    compare it before and after the data grows."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, data)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.fixture(name="count_queries")
def count_queries_fixture() -> Callable[..., int]:
    return count_queries


@pytest.fixture(name="log_in")
def log_in_fixture():  # type: ignore[no-untyped-def]
    return log_in
