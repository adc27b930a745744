"""The reference data: places, the two strategies exactly as DOMAIN.md lists them, vocabularies."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command

from participation.core.models import domain_models
from participation.places.models import (
    County,
    Factor,
    Goal,
    Method,
    Municipality,
    PriorityArea,
    ResultTarget,
    Strategy,
    SuccessCriterion,
    Theme,
)

pytestmark = pytest.mark.django_db


def _row_counts() -> dict[str, int]:
    return {model.__name__: model._default_manager.count() for model in domain_models()}


def test_all_current_municipalities_and_counties_are_loaded():
    # given: the reference data loaded for the test session
    # when
    municipalities = Municipality.objects.current()
    counties = County.objects.filter(valid_to__isnull=True)
    # then
    assert municipalities.count() == 357
    assert counties.count() == 15
    assert set(counties.values_list("name", flat=True)) >= {
        "Oslo",
        "Nordland",
        "Trøndelag - Trööndelage",
        "Troms - Romsa - Tromssa",
        "Finnmark - Finnmárku - Finmarkku",
    }
    assert municipalities.get(number="1804").name == "Bodø"


def test_every_current_municipality_has_a_region_from_its_county():
    # when
    municipalities = Municipality.objects.current().select_related("county", "region")
    # then
    assert not municipalities.filter(region__isnull=True).exists()
    assert all(m.region_id == m.county.region_id for m in municipalities)
    regions = dict(
        municipalities.filter(number__in=["1804", "3203", "5028", "4205", "4601"]).values_list(
            "name", "region__name"
        )
    )
    assert regions == {
        "Bodø": "Husbanken Nord",
        "Asker": "Husbanken Øst",
        "Melhus": "Husbanken Midt-Norge",
        "Lindesnes": "Husbanken Sør",
        "Bergen": "Husbanken Vest",
    }


def _chain(number: str) -> list[str]:
    municipality: Municipality | None = Municipality.objects.get(number=number)
    numbers = []
    while municipality is not None:
        numbers.append(municipality.number)
        municipality = municipality.successor
    return numbers


@pytest.mark.parametrize(
    ("first", "chain"),
    [
        ("0220", ["0220", "3025", "3203"]),  # Asker
        ("0627", ["0627", "3025", "3203"]),  # Røyken, merged into Asker in 2020
        ("0104", ["0104", "3002", "3103"]),  # Moss
        ("1911", ["1911", "5411", "5510"]),  # Kvæfjord
        ("1029", ["1029", "4205"]),  # Lindesnes
        ("1721", ["1721", "5038"]),  # Verdal
        ("1653", ["1653", "5028"]),  # Melhus
    ],
)
def test_historical_numbers_lead_to_the_current_municipality(first, chain):
    # when
    numbers = _chain(first)
    # then
    assert numbers == chain
    *old, current = (Municipality.objects.get(number=n) for n in numbers)
    assert current.is_current
    assert all(m.valid_to is not None and m.county.valid_to is not None for m in old)


def test_asker_in_viken_was_valid_from_2020_to_2023():
    # when
    asker = Municipality.objects.select_related("county").get(number="3025")
    # then
    assert (asker.valid_from, asker.valid_to) == (date(2020, 1, 1), date(2023, 12, 31))
    assert asker.county.name == "Viken"
    assert asker.county.valid_to == date(2023, 12, 31)


def test_bolig_for_velferd_is_seeded_exactly():
    # when
    strategy = Strategy.objects.get(name="Bolig for velferd")
    main_goals = {
        goal.name: [area.name for area in goal.priority_areas.order_by("order")]
        for goal in strategy.goals.filter(kind=Goal.Kind.MAIN)
    }
    special = strategy.goals.get(kind=Goal.Kind.SPECIAL_EFFORT)
    # then
    assert (strategy.start_year, strategy.end_year) == (2014, 2020)
    assert main_goals == {
        "Alle skal ha et godt sted å bo": [
            "Hjelp fra midlertidig til varig bolig",
            "Hjelp til å skaffe en egnet bolig",
        ],
        "Alle med behov for tjenester, skal få hjelp til å mestre boforholdet": [
            "Forhindre utkastelser",
            "Gi oppfølging og tjenester i hjemmet",
        ],
        "Den offentlige innsatsen skal være helhetlig og effektiv": [
            "Sikre god styring og målretting av arbeidet",
            "Stimulere til nytenkning og sosial innovasjon",
            "Planlegge for gode bomiljøer",
        ],
    }
    assert strategy.priority_areas.count() == 7
    assert special.name == "Særlig innsats overfor barnefamilier og unge"
    assert list(special.result_targets.order_by("order").values_list("text", flat=True)) == [
        "Utleieboliger for barnefamilier skal være av god kvalitet og i et trygt bomiljø",
        "Midlertidige botilbud skal bare unntaksvis benyttes av barnefamilier og unge, og slike "
        "opphold skal ikke vare mer enn tre måneder",
        "Bostedsløshet blant barnefamilier og unge skal forebygges og reduseres",
    ]
    assert ResultTarget.objects.filter(strategy=strategy).count() == 3
    assert list(strategy.success_criteria.values_list("name", flat=True)) == [
        "Forankring og eierskap",
        "Overordnet strategi",
        "Organisering og samordning",
        "Økonomiske ressurser",
        "Boligsosial kompetanse",
        "Brukermedvirkning",
    ]


def test_alle_trenger_et_trygt_hjem_is_seeded_exactly():
    # when
    strategy = Strategy.objects.get(name="Alle trenger et trygt hjem")
    # then
    assert (strategy.start_year, strategy.end_year) == (2021, 2024)
    assert list(strategy.goals.values_list("name", flat=True)) == [
        "Flere skal kunne eie egen bolig",
        "Leie skal være et trygt alternativ",
        "Sosial bærekraft i boligpolitikken",
        "Tydelige roller, og nødvendig kunnskap og kompetanse",
    ]
    assert not strategy.goals.filter(kind=Goal.Kind.SPECIAL_EFFORT).exists()
    areas = PriorityArea.objects.filter(strategy=strategy).order_by("order")
    assert list(areas.values_list("name", flat=True)) == [
        "Ingen skal være bostedsløse",
        "Barn og unge skal ha gode boforhold",
        "Personer med nedsatt funksjonsevne skal kunne velge hvor og hvordan de bor",
    ]
    assert not areas.filter(goal__isnull=False).exists()
    assert not SuccessCriterion.objects.filter(strategy=strategy).exists()


def test_example_indicators_and_sub_goals_are_labelled_as_examples():
    # when
    strategy = Strategy.objects.get(name="Bolig for velferd")
    indicators = strategy.indicators.all()
    # then
    assert indicators.count() >= 7
    assert all(indicator.is_example for indicator in indicators)
    assert set(indicators.values_list("name", flat=True)) >= {
        "Bostedsløse husstander",
        "Husstander i midlertidig botilbud i mer enn tre måneder",
        "Begjæringer om utkastelse",
        "Gjennomførte utkastelser",
        "Innvilgede startlån",
        "Kommunalt disponerte utleieboliger per 1 000 innbyggere",
        "Husstander på venteliste til kommunal bolig",
    }
    sub_goal_names = PriorityArea.objects.filter(strategy=strategy).values_list(
        "sub_goals__name", flat=True
    )
    assert all(name.startswith("Eksempel:") for name in sub_goal_names if name)


def test_vocabularies_hold_the_ten_themes_and_four_factor_groups():
    # then
    assert Theme.objects.count() == 10
    assert Theme.objects.filter(name="Regler, kontroll og sanksjoner").exists()
    assert set(Factor.objects.values_list("group", flat=True)) == {
        "focus",
        "resources",
        "framework",
        "overarching",
    }
    assert set(Factor.objects.values_list("kind", flat=True)) == {"success", "barrier"}


def test_loading_again_changes_no_counts_and_stays_bulk(django_assert_max_num_queries):
    # given
    before = _row_counts()
    # when
    with django_assert_max_num_queries(300):
        call_command("load_reference_data", verbosity=0)
    # then
    assert _row_counts() == before


def test_loading_again_keeps_an_admins_vocabulary_edit_and_restores_a_deleted_entry():
    # given: an admin renamed one theme and deleted a method that was never used
    Theme.objects.filter(code="startlan").update(name="Startlån: krav og vilkår")
    deleted = Method.objects.order_by("pk").first()
    assert deleted is not None
    deleted.delete()
    # when
    call_command("load_reference_data", verbosity=0)
    # then the edit stands and the missing entry is back
    assert Theme.objects.get(code="startlan").name == "Startlån: krav og vilkår"
    assert Method.objects.filter(code=deleted.code).exists()


def test_loading_again_restores_the_official_wording_of_a_goal():
    # given: a main goal's wording changed by hand
    goal = Goal.objects.get(strategy__code="bolig-for-velferd", code="1")
    Goal.objects.filter(pk=goal.pk).update(name="Noe annet")
    # when
    call_command("load_reference_data", verbosity=0)
    # then the strategy's own wording is back
    goal.refresh_from_db()
    assert goal.name == "Alle skal ha et godt sted å bo"
