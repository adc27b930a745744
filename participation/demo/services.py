"""Load the demo data: demo users, the case municipalities' initiatives and programme records.

Idempotent: every row is found by its natural key (an initiative by municipality and name, an
event by initiative, title and date, an input by event and summary, …) and updated in place, so
a second run adds nothing. The content lives in `participation.demo.data`.

Never for production: `manage.py load_demo` refuses to run with DEBUG off unless forced.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.auth import get_user_model
from django.db import models, transaction

from participation.accounts.models import RoleAssignment
from participation.demo import data
from participation.involvement.models import (
    FactorAssessment,
    Initiative,
    Input,
    InvolvementEvent,
    ParticipantCount,
)
from participation.places.data.reference import BOLIG_FOR_VELFERD
from participation.places.models import (
    Factor,
    Goal,
    Indicator,
    Instrument,
    Method,
    Municipality,
    ParticipationForm,
    PriorityArea,
    Region,
    Strategy,
    SubGoal,
    SuccessCriterion,
    TargetGroup,
    Theme,
)
from participation.places.services import load_reference_data
from participation.programme.models import (
    AgreementCheckItem,
    Commitment,
    Grant,
    IndicatorValue,
    Meeting,
    ProgrammeAgreement,
    ProgrammeContact,
    ReportingPeriod,
    RiskFlag,
    SuccessCriterionAssessment,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User

DEMO_PASSWORD = data.DEMO_PASSWORD

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    scope: str
    password: str


@transaction.atomic
def load_demo() -> list[DemoLogin]:
    """Load reference data, then the demo data; return the demo logins."""
    load_reference_data()
    _set_populations()
    refs = _References()
    users = _load_users(refs)
    _load_initiatives(refs, users)
    _load_programme(refs, users)
    _load_indicator_values(refs, users)
    return demo_logins()


def demo_logins() -> list[DemoLogin]:
    assignments = RoleAssignment.objects.filter(
        user__username__in=[u["username"] for u in data.DEMO_USERS]
    ).select_related("user", "region", "municipality")
    by_user = {a.user.username: a for a in assignments}
    logins = []
    for spec in data.DEMO_USERS:
        assignment = by_user[spec["username"]]
        scope = assignment.municipality or assignment.region
        logins.append(
            DemoLogin(
                username=spec["username"],
                role=str(assignment.get_role_display()),
                scope=str(scope) if scope else "—",
                password=DEMO_PASSWORD,
            )
        )
    return logins


class _References:
    """Reference rows by natural key, fetched once."""

    def __init__(self) -> None:
        self.municipalities = {
            m.number: m for m in Municipality.objects.filter(number__in=_demo_numbers())
        }
        self.regions = {r.code: r for r in Region.objects.all()}
        self.target_groups = {t.code: t for t in TargetGroup.objects.all()}
        self.methods = {m.code: m for m in Method.objects.all()}
        self.themes = {t.code: t for t in Theme.objects.all()}
        self.forms = {f.code: f for f in ParticipationForm.objects.all()}
        self.factors = {f.code: f for f in Factor.objects.all()}
        self.instruments = {i.code: i for i in Instrument.objects.all()}
        self.strategies = {s.code: s for s in Strategy.objects.all()}
        self.goals = {(g.strategy.code, g.code): g for g in Goal.objects.select_related("strategy")}
        self.priority_areas = {
            (a.strategy.code, a.code): a for a in PriorityArea.objects.select_related("strategy")
        }
        self.sub_goals = {s.code: s for s in SubGoal.objects.all()}


def _demo_numbers() -> set[str]:
    numbers = set(data.POPULATIONS)
    numbers.update(i["municipality"] for i in data.INITIATIVES)
    numbers.update(u["municipality"] for u in data.DEMO_USERS if "municipality" in u)
    return numbers


# --- users -----------------------------------------------------------------------------------------


def _load_users(refs: _References) -> dict[str, User]:
    user_model = get_user_model()
    users: dict[str, User] = {}
    for spec in data.DEMO_USERS:
        is_admin = spec["role"] == RoleAssignment.Role.ADMIN
        user, created = user_model.objects.update_or_create(
            username=spec["username"],
            defaults={
                "first_name": spec.get("first_name", ""),
                "last_name": spec.get("last_name", ""),
                # An address of the reserved example.org domain: with no EMAIL_HOST (the
                # embedded default) e-mail is written to the console, and nobody receives it.
                "email": f"{spec['username']}@example.org",
                "is_active": True,
                # The admin also gets Django's admin site.
                "is_staff": is_admin,
                "is_superuser": is_admin,
            },
        )
        if created or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        RoleAssignment.objects.get_or_create(
            user=user,
            role=spec["role"],
            region=refs.regions[spec["region"]] if "region" in spec else None,
            municipality=(
                refs.municipalities[spec["municipality"]] if "municipality" in spec else None
            ),
            defaults={"is_programme_leader": spec.get("is_programme_leader", False)},
        )
        users[spec["username"]] = user
    return users


def _set_populations() -> None:
    for number, (population, year) in data.POPULATIONS.items():
        Municipality.objects.filter(number=number).update(
            population=population, population_year=year
        )


def _actor(users: dict[str, User], municipality: Municipality) -> User:
    """Who the demo rows of a municipality are attributed to."""
    return users["bodo"] if municipality.number == "1804" else users["admin"]


def _upsert(model: type[M], actor: User, defaults: dict[str, Any], **lookup: Any) -> M:
    """update_or_create for attributed rows: created_by on create, updated_by always."""
    defaults = {**defaults, "updated_by": actor}
    obj, _ = model._default_manager.update_or_create(
        **lookup, defaults=defaults, create_defaults={**defaults, "created_by": actor}
    )
    return obj


# --- initiatives -----------------------------------------------------------------------------------


def _load_initiatives(refs: _References, users: dict[str, User]) -> None:
    for spec in data.INITIATIVES:
        municipality = refs.municipalities[spec["municipality"]]
        actor = _actor(users, municipality)
        levels = set(spec["levels"])
        initiative = _upsert(
            Initiative,
            actor,
            {
                "aim": spec["aim"],
                "participation_description": spec["participation_description"],
                "strengths": spec["strengths"],
                "success_factors": spec["success_factors"],
                "challenges": spec["challenges"],
                "individual_level": "individual" in levels,
                "collective_level": "collective" in levels,
                "system_level": "system" in levels,
                "directness": spec["directness"],
                "intended_influence": spec["intended_influence"],
                "status": spec["status"],
                "start_date": spec.get("start_date"),
                "end_date": spec.get("end_date"),
                "staffing_fte": spec.get("staffing_fte"),
                "is_example": spec.get("is_example", False),
            },
            municipality=municipality,
            name=spec["name"],
        )
        initiative.target_groups.set([refs.target_groups[c] for c in spec["target_groups"]])
        initiative.participation_forms.set([refs.forms[c] for c in spec["participation_forms"]])
        initiative.goals.set([refs.goals[key] for key in spec["goals"]])
        initiative.priority_areas.set([refs.priority_areas[key] for key in spec["priority_areas"]])
        for code, presence, comment in spec["factors"]:
            _upsert(
                FactorAssessment,
                actor,
                {"presence": presence, "comment": comment},
                initiative=initiative,
                factor=refs.factors[code],
            )
        for event_spec in spec["events"]:
            _load_event(refs, initiative, event_spec, actor)


_EVENT_FIELDS = (
    "start_time",
    "channel",
    "description",
    "accessibility_measures",
    "expectations_clarified",
    "promise_to_participants",
    "feedback_due",
    "feedback_given",
    "feedback_how",
    "consent_noted",
    "consent_how",
)


def _load_event(
    refs: _References, initiative: Initiative, spec: dict[str, Any], actor: User
) -> None:
    defaults: dict[str, Any] = {field: spec[field] for field in _EVENT_FIELDS if field in spec}
    defaults |= {
        "method": refs.methods[spec["method"]],
        "is_example": spec.get("is_example", False),
    }
    event = _upsert(
        InvolvementEvent,
        actor,
        defaults,
        initiative=initiative,
        title=spec["title"],
        date=spec["date"],
    )
    themes = refs.themes.values() if spec["themes"] == "all" else spec["themes"]
    event.themes.set([refs.themes[t] if isinstance(t, str) else t for t in themes])

    # The counts are the demo's: cells not listed here are removed so totals stay exact.
    kept = []
    for target_group, role, count in spec.get("participants", []):
        cell, _ = ParticipantCount.objects.update_or_create(
            event=event,
            target_group=refs.target_groups[target_group],
            role=role,
            defaults={"count": count},
        )
        kept.append(cell.pk)
    event.participant_counts.exclude(pk__in=kept).delete()

    shared = spec.get("inputs_follow_up", {})
    for input_spec in spec.get("inputs", []):
        values = {**shared, **input_spec}
        input_defaults = {
            "theme": refs.themes[values["theme"]],
            "follow_up_status": values.get("follow_up_status", Input.FollowUp.NOT_ASSESSED),
            "follow_up_date": values.get("follow_up_date"),
            "answer": values.get("answer", ""),
            "answered_on": values.get("answered_on"),
            "is_example": event.is_example,
        }
        _upsert(Input, actor, input_defaults, event=event, summary=values["summary"])


# --- programme -------------------------------------------------------------------------------------


def _load_programme(refs: _References, users: dict[str, User]) -> None:
    adviser = users["radgiver"]
    agreements: dict[tuple[str, date], ProgrammeAgreement] = {}
    for spec in data.AGREEMENTS:
        renews = spec.get("renews")
        agreement = _upsert(
            ProgrammeAgreement,
            adviser,
            {
                "kind": spec["kind"],
                "level": spec["level"],
                "end_date": spec["end_date"],
                "signatories": spec["signatories"],
                "previous": agreements[spec["municipality"], renews] if renews else None,
                "is_example": spec.get("is_example", False),
            },
            municipality=refs.municipalities[spec["municipality"]],
            start_date=spec["start_date"],
        )
        agreements[spec["municipality"], spec["start_date"]] = agreement
        agreement.priority_sub_goals.set([refs.sub_goals[c] for c in spec.get("sub_goals", [])])
        for item, (status, evidence) in spec["check_items"].items():
            AgreementCheckItem.objects.update_or_create(
                agreement=agreement, item=item, defaults={"status": status, "evidence": evidence}
            )

    for spec in data.PROGRAMME_CONTACTS:
        _upsert(
            ProgrammeContact,
            adviser,
            {
                "sector": spec["sector"],
                "start_date": spec.get("start_date"),
                "end_date": spec.get("end_date"),
            },
            municipality=refs.municipalities[spec["municipality"]],
            name=spec["name"],
            role=spec["role"],
        )

    for spec in data.MEETINGS:
        meeting = _upsert(
            Meeting,
            adviser,
            {
                "kind": spec["kind"],
                "participants": spec["participants"],
                "minutes": spec["minutes"],
                "is_example": True,
            },
            title=spec["title"],
            date=spec["date"],
        )
        meeting.municipalities.set([refs.municipalities[n] for n in spec["municipalities"]])
        for c in spec["commitments"]:
            _upsert(
                Commitment,
                adviser,
                {
                    "responsible": users[c["responsible"]] if "responsible" in c else None,
                    "responsible_name": c.get("responsible_name", ""),
                    "due_date": c["due_date"],
                    "status": c.get("status", Commitment.Status.OPEN),
                    "closed_on": c.get("closed_on"),
                },
                meeting=meeting,
                municipality=refs.municipalities[c["municipality"]],
                description=c["description"],
            )

    for spec in data.RISK_FLAGS:
        _upsert(
            RiskFlag,
            adviser,
            {
                "source": spec.get("source", RiskFlag.Source.MANUAL),
                "note": spec["note"],
                "closed_on": spec.get("closed_on"),
                "close_note": spec.get("close_note", ""),
                "is_example": True,
            },
            municipality=refs.municipalities[spec["municipality"]],
            kind=spec["kind"],
            raised_on=spec["raised_on"],
        )

    for spec in data.GRANTS:
        _upsert(
            Grant,
            adviser,
            {
                "applied": Decimal(spec["applied"]),
                "granted": Decimal(spec["granted"]),
                "paid": Decimal(spec["paid"]),
                "purpose": spec["purpose"],
                "is_example": True,
            },
            municipality=refs.municipalities[spec["municipality"]],
            instrument=refs.instruments[spec["instrument"]],
            year=spec["year"],
        )

    criteria = SuccessCriterion.objects.filter(
        strategy=refs.strategies[BOLIG_FOR_VELFERD]
    ).order_by("order")
    for spec in data.CRITERION_ASSESSMENTS:
        municipality = refs.municipalities[spec["municipality"]]
        actor = adviser if spec["assessor"] == "adviser" else _actor(users, municipality)
        for criterion, rating in zip(criteria, spec["ratings"], strict=True):
            _upsert(
                SuccessCriterionAssessment,
                actor,
                {"rating": rating, "reason": spec["reason"], "is_example": True},
                municipality=municipality,
                criterion=criterion,
                year=spec["year"],
                assessor=spec["assessor"],
            )


# --- reporting -------------------------------------------------------------------------------------


def _load_indicator_values(refs: _References, users: dict[str, User]) -> None:
    """Yearly periods and synthetic indicator values; existing values are left as they are."""
    strategy = refs.strategies[data.REPORTING_STRATEGY]
    periods: dict[int, ReportingPeriod] = {}
    for year, spec in data.REPORTING_YEARS.items():
        periods[year], _ = ReportingPeriod.objects.update_or_create(
            strategy=strategy,
            kind=ReportingPeriod.Kind.YEAR,
            start_date=date(year, 1, 1),
            defaults={
                "name": f"{year}",
                "end_date": date(year, 12, 31),
                "deadline": spec["deadline"],
                "status": spec["status"],
            },
        )
    indicators = {
        i.code: i
        for i in Indicator.objects.filter(strategy=strategy, code__in=data.INDICATOR_PROFILES)
    }
    existing = set(
        IndicatorValue.objects.filter(period__in=periods.values()).values_list(
            "municipality_id", "indicator_id", "period_id"
        )
    )
    new_values = []
    for number in data.INDICATOR_REPORTERS:
        municipality = refs.municipalities[number]
        actor = _actor(users, municipality)
        for year, period in periods.items():
            status = data.INDICATOR_STATUS.get((number, year))
            if status is None:
                if period.status == ReportingPeriod.Status.OPEN:
                    continue  # not everyone has started on the open period
                status = IndicatorValue.Status.APPROVED
            for indicator in indicators.values():
                if (municipality.pk, indicator.pk, period.pk) in existing:
                    continue
                new_values.append(
                    IndicatorValue(
                        municipality=municipality,
                        indicator=indicator,
                        period=period,
                        value=_synthetic_value(municipality, indicator, year),
                        source="Kommunens fagsystem (eksempeldata)",
                        status=status,
                        comment=data.RETURNED_COMMENT if status == "returned" else "",
                        is_example=True,
                        created_by=actor,
                        updated_by=actor,
                    )
                )
    IndicatorValue.objects.bulk_create(new_values)


def _synthetic_value(municipality: Municipality, indicator: Indicator, year: int) -> Decimal:
    """A plausible, repeatable value: scaled by population, drifting by year, with noise."""
    typical, drift = data.INDICATOR_PROFILES[indicator.code]
    # A string seed gives the same numbers on every run and every machine.
    rng = random.Random(f"{municipality.number}:{indicator.code}:{year}")
    trend = (1 + drift) ** (year - 2022) * rng.uniform(0.85, 1.15)
    if indicator.unit == Indicator.Unit.RATE:
        return Decimal(f"{typical * trend:.2f}")
    population = municipality.population or 10_000
    return Decimal(round(typical * population / 1000 * trend))
