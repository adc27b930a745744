"""`manage.py generate_scale`: the national-scale synthetic dataset for the report benchmark.

Expected sizes come from the documented volumes (participation/demo/synthetic/scale.py): at scale 1,
20 000 initiatives, 300 000 events, 1 000 000 input items, 500 000 indicator values, 12 000
meetings, 30 000 commitments, 4 000 risk flags and 3 500 criterion profiles of six ratings;
each exactly that times the scale, rounded.
"""

from __future__ import annotations

import datetime
import hashlib
import re

import pytest
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, F, Max, Min, Q, Sum

from participation.accounts.audit import entries_for_initiative, entries_for_municipality
from participation.accounts.services.chain import verify_chain
from participation.core.privacy import personal_data_problems
from participation.involvement.models import Initiative, Input, InvolvementEvent, ParticipantCount
from participation.places.models import Indicator, Municipality, Strategy
from participation.programme.models import (
    Commitment,
    IndicatorValue,
    Meeting,
    ProgrammeAgreement,
    ProgrammeContact,
    ReportingPeriod,
    RiskFlag,
    SuccessCriterionAssessment,
)

SCALE = 0.002


def _generate(**options) -> None:  # type: ignore[no-untyped-def]
    call_command("generate_scale", scale=SCALE, verbosity=0, **options)


def _fingerprint() -> str:
    """A digest of a few columns of every kind of row, in a fixed order (primary keys left out:
    they differ between runs)."""
    digest = hashlib.sha256()
    columns = {
        Initiative: ("reference", "name", "status", "start_date", "end_date", "intended_influence"),
        InvolvementEvent: (
            "initiative__reference",
            "date",
            "title",
            "method__code",
            "feedback_given",
        ),
        Input: (
            "event__initiative__reference",
            "event__date",
            "summary",
            "follow_up_status",
            "answer",
        ),
        ParticipantCount: (
            "event__initiative__reference",
            "event__date",
            "target_group__code",
            "role",
            "count",
        ),
        IndicatorValue: (
            "municipality__number",
            "indicator__code",
            "period__name",
            "value",
            "status",
        ),
        Commitment: ("meeting__title", "municipality__number", "due_date", "status", "description"),
    }
    # Ordered by every column taken, so that equal data always comes in the same order.
    parts = [
        model._default_manager.order_by(*names).values_list(*names)
        for model, names in columns.items()
    ]
    for rows in parts:
        for row in rows:
            digest.update(repr(row).encode())
    return digest.hexdigest()


@pytest.mark.django_db
def test_counts_are_the_documented_volumes_times_the_scale() -> None:
    # when
    _generate()
    # then: exactly volume × scale of each main kind
    assert Initiative.objects.count() == 40
    assert InvolvementEvent.objects.count() == 600
    assert Input.objects.count() == 2_000
    assert IndicatorValue.objects.count() == 1_000
    assert Meeting.objects.count() == 24
    assert Commitment.objects.count() == 60
    assert RiskFlag.objects.count() == 8
    assert SuccessCriterionAssessment.objects.count() == 7 * 6
    # 1 to 4 target-group × role cells per event, a cell never twice
    cells = ParticipantCount.objects.count()
    assert 600 <= cells <= 4 * 600
    assert not (
        ParticipantCount.objects.values("event", "target_group", "role")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .exists()
    )
    # every row that can say so is example data
    for model in (Initiative, InvolvementEvent, Input, IndicatorValue, Meeting, RiskFlag):
        assert not model.objects.filter(is_example=False).exists()


@pytest.mark.django_db
def test_dataset_has_the_promised_shape() -> None:
    # when
    _generate()
    # then: references like the application's own, e.g. 0301-0001, all distinct
    references = list(Initiative.objects.values_list("reference", flat=True))
    assert all(re.fullmatch(r"\d{4}-\d{4}", r) for r in references)
    assert len(set(references)) == len(references)
    # events inside 2017 – September 2026, and inside their initiative's run
    span = InvolvementEvent.objects.aggregate(first=Min("date"), last=Max("date"))
    assert span["first"] >= datetime.date(2017, 1, 1)
    assert span["last"] <= datetime.date(2026, 9, 30)
    assert not InvolvementEvent.objects.filter(
        Q(date__lt=F("initiative__start_date")) | Q(date__gt=F("initiative__end_date"))
    ).exists()
    assert not InvolvementEvent.objects.filter(initiative__status=Initiative.Status.PLANNED)
    # every initiative serves a goal of a strategy it ran under
    assert not Initiative.objects.filter(goals__isnull=True).exists()
    # only the big municipalities get many: Oslo has the most initiatives
    busiest = Municipality.objects.annotate(n=Count("initiatives")).order_by("-n", "number").first()
    assert busiest is not None
    assert busiest.name == "Oslo"
    # answers are dated only when given; feedback is never before the event (also DB-checked)
    assert not Input.objects.filter(answered_on__isnull=False, answer="").exists()
    # reporting periods: a year and four quarters for each of 2017–2026, under the strategy of
    # their year; about 30 indicators per strategy
    bfv = Strategy.objects.get(code="bolig-for-velferd")
    atth = Strategy.objects.get(code="alle-trenger-et-trygt-hjem")
    assert ReportingPeriod.objects.filter(strategy=bfv, start_date__year__lte=2020).count() == 20
    assert ReportingPeriod.objects.filter(strategy=atth, start_date__year__gte=2021).count() == 30
    for strategy in (bfv, atth):
        assert Indicator.objects.filter(strategy=strategy).count() >= 30
    # indicator values only for periods that have ended, mostly approved
    assert not IndicatorValue.objects.filter(period__end_date__gt=datetime.date(2026, 9, 30))
    approved = IndicatorValue.objects.filter(status=IndicatorValue.Status.APPROVED).count()
    assert approved > 0.8 * IndicatorValue.objects.count()
    assert IndicatorValue.objects.aggregate(total=Sum("value"))["total"] > 0


@pytest.mark.django_db
def test_programme_people_populations_and_audit_entries_fill_their_pages() -> None:
    # when
    _generate()
    # then: every current municipality has a population
    assert not Municipality.objects.current().filter(population__isnull=True).exists()
    # most of the 50 largest municipalities have a programme agreement, some renewed, each with
    # its checklist and prioritised sub-goals; the programme people are named by role
    agreements = ProgrammeAgreement.objects.all()
    assert 30 <= agreements.values("municipality").distinct().count() <= 50
    assert agreements.filter(previous__isnull=False).exists()
    assert agreements.filter(is_example=False).count() == 0
    for agreement in agreements:
        assert agreement.check_items.count() == 7
        assert agreement.priority_sub_goals.exists()
    leaders = ProgrammeContact.objects.filter(role=ProgrammeContact.Role.PROGRAMME_LEADER)
    assert leaders.count() >= agreements.values("municipality").distinct().count()
    assert not ProgrammeContact.objects.exclude(name__endswith="(eksempeldata)").exists()
    names = ProgrammeContact.objects.values_list("name", flat=True)
    assert [name for name in names if personal_data_problems(name)] == []
    # audit entries: a creation entry for every initiative and event, found by the history
    # pages' scope tags, by generated users with no e-mail address
    created = LogEntry.objects.filter(action=LogEntry.Action.CREATE)
    assert created.filter(content_type__model="initiative").count() == 40
    assert created.filter(content_type__model="involvementevent").count() == 600
    assert 1_000 < created.filter(content_type__model="input").count() < 2_000
    assert LogEntry.objects.filter(action=LogEntry.Action.UPDATE).count() > 500
    event = InvolvementEvent.objects.order_by("pk").first()
    assert event is not None
    history = entries_for_initiative(event.initiative)
    assert history.filter(object_id=event.pk, content_type__model="involvementevent").exists()
    assert history.filter(object_id=event.initiative_id, content_type__model="initiative").exists()
    municipal = entries_for_municipality(event.initiative.municipality)
    assert municipal.count() >= history.count()
    actors = get_user_model().objects.filter(pk__in=LogEntry.objects.values("actor"))
    assert actors.exists()
    assert not actors.exclude(email="").exists()
    assert not actors.exclude(username__startswith="eksempel-").exists()
    assert not any(actor.has_usable_password() for actor in actors)
    # and every entry is in the audit chain, which holds
    report = verify_chain()
    assert report.intact, report.first_break
    assert report.links == LogEntry.objects.count()


@pytest.mark.django_db
def test_same_seed_gives_the_same_data_and_another_seed_does_not() -> None:
    fingerprints = []
    for seed in (7, 7, 8):
        with transaction.atomic():
            _generate(seed=seed)
            fingerprints.append(_fingerprint())
            transaction.set_rollback(True)
    assert fingerprints[0] == fingerprints[1]
    assert fingerprints[0] != fingerprints[2]


@pytest.mark.django_db
def test_a_second_run_adds_a_second_dataset_with_new_references() -> None:
    # given
    _generate()
    # when
    _generate()
    # then: reference data rows are reused, not doubled; references continue
    assert Initiative.objects.count() == 80
    assert Initiative.objects.values("reference").distinct().count() == 80
    assert ReportingPeriod.objects.filter(kind="year", start_date__year=2025).count() == 1


@pytest.mark.django_db
def test_refuses_a_database_with_real_work_unless_told_yes(bodo: Municipality) -> None:
    # given: one initiative that is not example data
    Initiative.objects.create(municipality=bodo, name="Bolig Nu", aim="Egen bolig.")
    # when / then
    with pytest.raises(CommandError, match="--yes"):
        _generate()
    assert Initiative.objects.count() == 1
    assert not InvolvementEvent.objects.exists()
    # when told yes, it goes ahead
    _generate(yes=True)
    assert Initiative.objects.filter(is_example=True).count() == 40


@pytest.mark.django_db
def test_refuses_a_scale_out_of_range() -> None:
    with pytest.raises(CommandError, match="--scale"):
        call_command("generate_scale", scale=0, verbosity=0)
    assert not Initiative.objects.exists()
