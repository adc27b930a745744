"""Reference data: regions, county history, municipality history, strategies and vocabularies.

Plain data, loaded by `participation.places.services.load_reference_data`. Names are Norwegian
data values (shown as they are in the Norwegian interface); `name_en` is the English label.
Every row has a natural key (a code or number) so that loading again updates rather than adds.

The current municipalities and counties come from `kommuner-2026.csv` beside this file.
"""

from __future__ import annotations

from datetime import date

# --- Husbanken regions ---------------------------------------------------------------------------

REGIONS: list[dict[str, str]] = [
    {"code": "ost", "name": "Husbanken Øst", "office": "Oslo"},
    {"code": "sor", "name": "Husbanken Sør", "office": "Arendal"},
    {"code": "vest", "name": "Husbanken Vest", "office": "Bergen"},
    {"code": "midt-norge", "name": "Husbanken Midt-Norge", "office": "Trondheim"},
    {"code": "nord", "name": "Husbanken Nord", "office": "Bodø"},
]

# County number → region code.
# NOTE: this mapping is a working assignment, not an official list; admins can edit a county's
# or a municipality's region in the admin. Loading the reference data again sets every region
# back to this mapping, so a lasting change belongs here as well.
COUNTY_REGION: dict[str, str] = {
    # current counties (2024–)
    "03": "ost",  # Oslo
    "31": "ost",  # Østfold
    "32": "ost",  # Akershus
    "33": "ost",  # Buskerud
    "34": "ost",  # Innlandet
    "39": "sor",  # Vestfold
    "40": "sor",  # Telemark
    "42": "sor",  # Agder
    "11": "vest",  # Rogaland
    "46": "vest",  # Vestland
    "15": "midt-norge",  # Møre og Romsdal
    "50": "midt-norge",  # Trøndelag
    "18": "nord",  # Nordland
    "55": "nord",  # Troms
    "56": "nord",  # Finnmark
    # historical counties
    "01": "ost",  # Østfold (–2019)
    "02": "ost",  # Akershus (–2019)
    "04": "ost",  # Hedmark (–2019)
    "05": "ost",  # Oppland (–2019)
    "06": "ost",  # Buskerud (–2019)
    "30": "ost",  # Viken (2020–2023)
    "07": "sor",  # Vestfold (–2019)
    "08": "sor",  # Telemark (–2019)
    "09": "sor",  # Aust-Agder (–2019)
    "10": "sor",  # Vest-Agder (–2019)
    "38": "sor",  # Vestfold og Telemark (2020–2023)
    "12": "vest",  # Hordaland (–2019)
    "14": "vest",  # Sogn og Fjordane (–2019)
    "16": "midt-norge",  # Sør-Trøndelag (–2017)
    "17": "midt-norge",  # Nord-Trøndelag (–2017)
    "19": "nord",  # Troms (–2019)
    "20": "nord",  # Finnmark (–2019)
    "54": "nord",  # Troms og Finnmark (2020–2023)
}

# --- Counties --------------------------------------------------------------------------------------

_END_2017 = date(2017, 12, 31)
_END_2019 = date(2019, 12, 31)
_END_2023 = date(2023, 12, 31)
_START_2018 = date(2018, 1, 1)
_START_2020 = date(2020, 1, 1)
_START_2024 = date(2024, 1, 1)

# When each current county (as numbered in the CSV) came into being; None: long-standing.
CURRENT_COUNTY_VALID_FROM: dict[str, date | None] = {
    "03": None,
    "11": None,
    "15": None,
    "18": None,
    "34": _START_2020,
    "42": _START_2020,
    "46": _START_2020,
    "50": _START_2018,
    "31": _START_2024,
    "32": _START_2024,
    "33": _START_2024,
    "39": _START_2024,
    "40": _START_2024,
    "55": _START_2024,
    "56": _START_2024,
}

# Counties that no longer exist under their number, kept so historical municipality rows have a
# county. Numbers 18 (Nordland) and 50 (Trøndelag) are unchanged and are current counties.
HISTORICAL_COUNTIES: list[dict] = [
    {"number": "01", "name": "Østfold", "valid_from": None, "valid_to": _END_2019},
    {"number": "02", "name": "Akershus", "valid_from": None, "valid_to": _END_2019},
    {"number": "04", "name": "Hedmark", "valid_from": None, "valid_to": _END_2019},
    {"number": "05", "name": "Oppland", "valid_from": None, "valid_to": _END_2019},
    {"number": "06", "name": "Buskerud", "valid_from": None, "valid_to": _END_2019},
    {"number": "07", "name": "Vestfold", "valid_from": None, "valid_to": _END_2019},
    {"number": "08", "name": "Telemark", "valid_from": None, "valid_to": _END_2019},
    {"number": "09", "name": "Aust-Agder", "valid_from": None, "valid_to": _END_2019},
    {"number": "10", "name": "Vest-Agder", "valid_from": None, "valid_to": _END_2019},
    {"number": "12", "name": "Hordaland", "valid_from": None, "valid_to": _END_2019},
    {"number": "14", "name": "Sogn og Fjordane", "valid_from": None, "valid_to": _END_2019},
    {"number": "16", "name": "Sør-Trøndelag", "valid_from": None, "valid_to": _END_2017},
    {"number": "17", "name": "Nord-Trøndelag", "valid_from": None, "valid_to": _END_2017},
    {"number": "19", "name": "Troms", "valid_from": None, "valid_to": _END_2019},
    {"number": "20", "name": "Finnmark", "valid_from": None, "valid_to": _END_2019},
    {"number": "30", "name": "Viken", "valid_from": _START_2020, "valid_to": _END_2023},
    {
        "number": "38",
        "name": "Vestfold og Telemark",
        "valid_from": _START_2020,
        "valid_to": _END_2023,
    },
    {
        "number": "54",
        "name": "Troms og Finnmark",
        "valid_from": _START_2020,
        "valid_to": _END_2023,
    },
]

# --- Municipalities --------------------------------------------------------------------------------

# Counties whose municipalities all got new numbers when the county was formed, so a current
# municipality's number there is valid from the county's first day.
RENUMBERED_WITH_COUNTY: frozenset[str] = frozenset(
    {"31", "32", "33", "39", "40", "55", "56", "34", "42", "46"}
)

# Current numbers that are valid from a known date for another reason.
CURRENT_MUNICIPALITY_VALID_FROM: dict[str, date] = {
    "5028": _START_2018,  # Melhus: Sør- and Nord-Trøndelag merged into Trøndelag in 2018
    "5038": _START_2018,  # Verdal
}

# Historical municipality numbers, grouped by chain, oldest first. Each names its successor by
# number; successors are linked after all rows exist.
# The demo municipalities' chains:
#   Asker     0220 (Akershus) + Røyken 0627 + Hurum 0628 (Buskerud) → 3025 (Viken, 2020–2023) → 3203
#   Moss      0104 + Rygge 0136 (Østfold) → 3002 (Viken, 2020–2023) → 3103 (Østfold, 2024–)
#   Kvæfjord  1911 (Troms) → 5411 (Troms og Finnmark, 2020–2023) → 5510 (Troms, 2024–)
#   Lindesnes 1029 + Mandal 1002 + Marnardal 1021 (Vest-Agder) → 4205 (Agder, 2020–)
#   Verdal    1721 (Nord-Trøndelag) → 5038 (Trøndelag, 2018–)
#   Melhus    1653 (Sør-Trøndelag) → 5028 (Trøndelag, 2018–)
#   Bodø      1804 throughout.
HISTORICAL_MUNICIPALITIES: list[dict] = [
    {"number": "0220", "name": "Asker", "county": "02", "valid_to": _END_2019, "successor": "3025"},
    {
        "number": "0627",
        "name": "Røyken",
        "county": "06",
        "valid_to": _END_2019,
        "successor": "3025",
    },
    {"number": "0628", "name": "Hurum", "county": "06", "valid_to": _END_2019, "successor": "3025"},
    {
        "number": "3025",
        "name": "Asker",
        "county": "30",
        "valid_from": _START_2020,
        "valid_to": _END_2023,
        "successor": "3203",
    },
    {"number": "0104", "name": "Moss", "county": "01", "valid_to": _END_2019, "successor": "3002"},
    {"number": "0136", "name": "Rygge", "county": "01", "valid_to": _END_2019, "successor": "3002"},
    {
        "number": "3002",
        "name": "Moss",
        "county": "30",
        "valid_from": _START_2020,
        "valid_to": _END_2023,
        "successor": "3103",
    },
    {
        "number": "1911",
        "name": "Kvæfjord",
        "county": "19",
        "valid_to": _END_2019,
        "successor": "5411",
    },
    {
        "number": "5411",
        "name": "Kvæfjord",
        "county": "54",
        "valid_from": _START_2020,
        "valid_to": _END_2023,
        "successor": "5510",
    },
    {
        "number": "1029",
        "name": "Lindesnes",
        "county": "10",
        "valid_to": _END_2019,
        "successor": "4205",
    },
    {
        "number": "1002",
        "name": "Mandal",
        "county": "10",
        "valid_to": _END_2019,
        "successor": "4205",
    },
    {
        "number": "1021",
        "name": "Marnardal",
        "county": "10",
        "valid_to": _END_2019,
        "successor": "4205",
    },
    {
        "number": "1721",
        "name": "Verdal",
        "county": "17",
        "valid_to": _END_2017,
        "successor": "5038",
    },
    {
        "number": "1653",
        "name": "Melhus",
        "county": "16",
        "valid_to": _END_2017,
        "successor": "5028",
    },
]

# --- Strategies ------------------------------------------------------------------------------------
# Exactly as docs/DOMAIN.md lists them. Goals and priority areas are keyed by code within the
# strategy. A later strategy is added here (or in the admin) as new rows, not new code.

BOLIG_FOR_VELFERD = "bolig-for-velferd"
ALLE_TRENGER_ET_TRYGT_HJEM = "alle-trenger-et-trygt-hjem"

STRATEGIES: list[dict] = [
    {
        "code": BOLIG_FOR_VELFERD,
        "name": "Bolig for velferd",
        "subtitle": "Nasjonal strategi for boligsosialt arbeid",
        "start_year": 2014,
        "end_year": 2020,
        "goals": [
            {
                "code": "1",
                "name": "Alle skal ha et godt sted å bo",
                "priority_areas": [
                    {"code": "1.1", "name": "Hjelp fra midlertidig til varig bolig"},
                    {"code": "1.2", "name": "Hjelp til å skaffe en egnet bolig"},
                ],
            },
            {
                "code": "2",
                "name": "Alle med behov for tjenester, skal få hjelp til å mestre boforholdet",
                "priority_areas": [
                    {"code": "2.1", "name": "Forhindre utkastelser"},
                    {"code": "2.2", "name": "Gi oppfølging og tjenester i hjemmet"},
                ],
            },
            {
                "code": "3",
                "name": "Den offentlige innsatsen skal være helhetlig og effektiv",
                "priority_areas": [
                    {"code": "3.1", "name": "Sikre god styring og målretting av arbeidet"},
                    {"code": "3.2", "name": "Stimulere til nytenkning og sosial innovasjon"},
                    {"code": "3.3", "name": "Planlegge for gode bomiljøer"},
                ],
            },
            {
                "code": "S",
                "kind": "special",
                "name": "Særlig innsats overfor barnefamilier og unge",
                # The strategy's result targets (resultatmål) for the special effort.
                "result_targets": [
                    "Utleieboliger for barnefamilier skal være av god kvalitet og i et trygt "
                    "bomiljø",
                    "Midlertidige botilbud skal bare unntaksvis benyttes av barnefamilier og unge, "
                    "og slike opphold skal ikke vare mer enn tre måneder",
                    "Bostedsløshet blant barnefamilier og unge skal forebygges og reduseres",
                ],
            },
        ],
        "priority_areas": [],
        "success_criteria": [
            {"code": "forankring-og-eierskap", "name": "Forankring og eierskap"},
            {"code": "overordnet-strategi", "name": "Overordnet strategi"},
            {"code": "organisering-og-samordning", "name": "Organisering og samordning"},
            {"code": "okonomiske-ressurser", "name": "Økonomiske ressurser"},
            {"code": "boligsosial-kompetanse", "name": "Boligsosial kompetanse"},
            {"code": "brukermedvirkning", "name": "Brukermedvirkning"},
        ],
    },
    {
        "code": ALLE_TRENGER_ET_TRYGT_HJEM,
        "name": "Alle trenger et trygt hjem",
        "subtitle": "Nasjonal strategi for den sosiale boligpolitikken",
        "start_year": 2021,
        "end_year": 2024,
        "goals": [
            {"code": "1", "name": "Flere skal kunne eie egen bolig", "priority_areas": []},
            {"code": "2", "name": "Leie skal være et trygt alternativ", "priority_areas": []},
            {"code": "3", "name": "Sosial bærekraft i boligpolitikken", "priority_areas": []},
            {
                "code": "4",
                "name": "Tydelige roller, og nødvendig kunnskap og kompetanse",
                "priority_areas": [],
            },
        ],
        # Priority areas directly under the strategy (goal=None).
        "priority_areas": [
            {"code": "P1", "name": "Ingen skal være bostedsløse"},
            {"code": "P2", "name": "Barn og unge skal ha gode boforhold"},
            {
                "code": "P3",
                "name": "Personer med nedsatt funksjonsevne skal kunne velge hvor og hvordan de bor",
            },
        ],
        "success_criteria": [],
    },
]

# Example sub-goals. Husbanken's 15 official sub-goals (delmål) are not available to us; these
# are clearly labelled examples, drawn from the strategy's own wording. Admins add the real ones.
EXAMPLE_SUB_GOALS: list[dict] = [
    {
        "strategy": BOLIG_FOR_VELFERD,
        "priority_area": "1.1",
        "code": "eks-1.1-a",
        "name": "Eksempel: Midlertidige opphold skal som hovedregel ikke vare mer enn tre måneder",
    },
    {
        "strategy": BOLIG_FOR_VELFERD,
        "priority_area": "1.2",
        "code": "eks-1.2-a",
        "name": "Eksempel: Et større og mer variert kommunalt botilbud",
    },
    {
        "strategy": BOLIG_FOR_VELFERD,
        "priority_area": "2.1",
        "code": "eks-2.1-a",
        "name": "Eksempel: Færre begjæringer om utkastelse og færre gjennomførte utkastelser",
    },
    {
        "strategy": BOLIG_FOR_VELFERD,
        "priority_area": "3.3",
        "code": "eks-3.3-a",
        "name": "Eksempel: Boligsosiale hensyn ivaretas i areal- og samfunnsplanleggingen",
    },
]

# Example indicators (is_example=True), hung on the most specific level that fits:
# "goal" or "priority_area" is the code within the strategy; "sub_goal" the example sub-goal code.
_EXAMPLE_NOTE = "Eksempelindikator, ikke Husbankens offisielle styringsparameter. "

EXAMPLE_INDICATORS: list[dict] = [
    # Bolig for velferd 2014–2020
    {
        "strategy": BOLIG_FOR_VELFERD,
        "priority_area": "1.1",
        "code": "bostedslose-husstander",
        "name": "Bostedsløse husstander",
        "description": _EXAMPLE_NOTE + "Antall husstander uten egen eid eller leid bolig.",
        "unit": "count",
        "direction": "lower",
    },
    {
        "strategy": BOLIG_FOR_VELFERD,
        "sub_goal": "eks-1.1-a",
        "code": "midlertidig-over-tre-maneder",
        "name": "Husstander i midlertidig botilbud i mer enn tre måneder",
        "description": _EXAMPLE_NOTE + "Antall husstander med sammenhengende opphold over tre "
        "måneder i løpet av perioden.",
        "unit": "count",
        "direction": "lower",
    },
    {
        "strategy": BOLIG_FOR_VELFERD,
        "goal": "S",
        "code": "barnefamilier-midlertidig",
        "name": "Barnefamilier og unge i midlertidig botilbud",
        "description": _EXAMPLE_NOTE + "Antall barnefamilier og unge under 25 år som har bodd "
        "i midlertidig botilbud i perioden.",
        "unit": "count",
        "direction": "lower",
    },
    {
        "strategy": BOLIG_FOR_VELFERD,
        "priority_area": "2.1",
        "code": "begjaeringer-utkastelse",
        "name": "Begjæringer om utkastelse",
        "description": _EXAMPLE_NOTE + "Antall begjæringer om utkastelse mottatt av namsmannen.",
        "unit": "count",
        "direction": "lower",
    },
    {
        "strategy": BOLIG_FOR_VELFERD,
        "priority_area": "2.1",
        "code": "gjennomforte-utkastelser",
        "name": "Gjennomførte utkastelser",
        "description": _EXAMPLE_NOTE + "Antall utkastelser som faktisk ble gjennomført.",
        "unit": "count",
        "direction": "lower",
    },
    {
        "strategy": BOLIG_FOR_VELFERD,
        "priority_area": "1.2",
        "code": "startlan-innvilget",
        "name": "Innvilgede startlån",
        "description": _EXAMPLE_NOTE + "Antall startlån innvilget av kommunen.",
        "unit": "count",
        "direction": "higher",
    },
    {
        "strategy": BOLIG_FOR_VELFERD,
        "sub_goal": "eks-1.2-a",
        "code": "kommunale-utleieboliger-per-1000",
        "name": "Kommunalt disponerte utleieboliger per 1 000 innbyggere",
        "description": _EXAMPLE_NOTE + "Utleieboliger kommunen eier eller disponerer, per 1 000 "
        "innbyggere.",
        "unit": "rate",
        "direction": "higher",
    },
    {
        "strategy": BOLIG_FOR_VELFERD,
        "priority_area": "1.2",
        "code": "venteliste-kommunal-bolig",
        "name": "Husstander på venteliste til kommunal bolig",
        "description": _EXAMPLE_NOTE + "Antall husstander med godkjent søknad som venter på "
        "kommunal bolig ved periodens slutt.",
        "unit": "count",
        "direction": "lower",
    },
    # Alle trenger et trygt hjem 2021–2024
    {
        "strategy": ALLE_TRENGER_ET_TRYGT_HJEM,
        "priority_area": "P1",
        "code": "bostedslose-husstander",
        "name": "Bostedsløse husstander",
        "description": _EXAMPLE_NOTE + "Antall husstander uten egen eid eller leid bolig.",
        "unit": "count",
        "direction": "lower",
    },
    {
        "strategy": ALLE_TRENGER_ET_TRYGT_HJEM,
        "priority_area": "P2",
        "code": "midlertidig-over-tre-maneder",
        "name": "Husstander i midlertidig botilbud i mer enn tre måneder",
        "description": _EXAMPLE_NOTE + "Antall husstander med sammenhengende opphold over tre "
        "måneder i løpet av perioden.",
        "unit": "count",
        "direction": "lower",
    },
    {
        "strategy": ALLE_TRENGER_ET_TRYGT_HJEM,
        "goal": "2",
        "code": "begjaeringer-utkastelse",
        "name": "Begjæringer om utkastelse",
        "description": _EXAMPLE_NOTE + "Antall begjæringer om utkastelse mottatt av namsmannen.",
        "unit": "count",
        "direction": "lower",
    },
    {
        "strategy": ALLE_TRENGER_ET_TRYGT_HJEM,
        "goal": "2",
        "code": "gjennomforte-utkastelser",
        "name": "Gjennomførte utkastelser",
        "description": _EXAMPLE_NOTE + "Antall utkastelser som faktisk ble gjennomført.",
        "unit": "count",
        "direction": "lower",
    },
    {
        "strategy": ALLE_TRENGER_ET_TRYGT_HJEM,
        "goal": "1",
        "code": "startlan-innvilget",
        "name": "Innvilgede startlån",
        "description": _EXAMPLE_NOTE + "Antall startlån innvilget av kommunen.",
        "unit": "count",
        "direction": "higher",
    },
    {
        "strategy": ALLE_TRENGER_ET_TRYGT_HJEM,
        "goal": "2",
        "code": "kommunale-utleieboliger-per-1000",
        "name": "Kommunalt disponerte utleieboliger per 1 000 innbyggere",
        "description": _EXAMPLE_NOTE + "Utleieboliger kommunen eier eller disponerer, per 1 000 "
        "innbyggere.",
        "unit": "rate",
        "direction": "higher",
    },
    {
        "strategy": ALLE_TRENGER_ET_TRYGT_HJEM,
        "goal": "2",
        "code": "venteliste-kommunal-bolig",
        "name": "Husstander på venteliste til kommunal bolig",
        "description": _EXAMPLE_NOTE + "Antall husstander med godkjent søknad som venter på "
        "kommunal bolig ved periodens slutt.",
        "unit": "count",
        "direction": "lower",
    },
]

# --- Vocabularies ----------------------------------------------------------------------------------
# (code, Norwegian name, English name). Order follows the list order.

TARGET_GROUPS: list[tuple[str, str, str]] = [
    ("vanskeligstilte", "Vanskeligstilte på boligmarkedet", "Disadvantaged in the housing market"),
    ("bostedslose", "Bostedsløse", "Homeless people"),
    ("akutt-boligbehov", "Personer med akutt boligbehov", "People with an acute housing need"),
    (
        "rop",
        "Personer med rus- og psykiske lidelser (ROP)",
        "People with co-occurring substance use and mental health problems",
    ),
    ("barnefamilier", "Barnefamilier", "Families with children"),
    ("barn-og-unge", "Barn og unge", "Children and young people"),
    ("unge", "Unge og unge voksne", "Young people and young adults"),
    ("eldre", "Eldre", "Older people"),
    ("nedsatt-funksjonsevne", "Personer med nedsatt funksjonsevne", "People with disabilities"),
    (
        "utviklingshemming",
        "Personer med utviklingshemming",
        "People with intellectual disabilities",
    ),
    ("flyktninger", "Flyktninger", "Refugees"),
    ("innvandrere", "Innvandrere og nye i Norge", "Immigrants and newcomers to Norway"),
    ("kommunale-leietakere", "Kommunale leietakere", "Municipal tenants"),
    ("lavinntekt", "Personer og familier med lav inntekt", "People and families on low incomes"),
    ("tidligere-innsatte", "Tidligere innsatte", "Former prisoners"),
    ("parorende", "Pårørende", "Relatives and next of kin"),
    (
        "voldsutsatte",
        "Personer utsatt for vold i nære relasjoner",
        "People exposed to domestic violence",
    ),
    ("innbyggere", "Innbyggere generelt", "Residents in general"),
]

METHODS: list[tuple[str, str, str]] = [
    ("dialogkafe", "Dialogkafé", "Dialogue café"),
    ("dialogmote", "Dialogmøte", "Dialogue meeting"),
    ("workshop", "Workshop", "Workshop"),
    ("innbyggermote", "Innbyggermøte", "Citizens' meeting"),
    ("folkemote", "Folkemøte", "Public meeting"),
    ("bydelsmote", "Bydelsmøte", "District meeting"),
    ("bygdemote", "Bygdemøte", "Village meeting"),
    ("apen-dag", "Åpen dag", "Open day"),
    ("temamote", "Temamøte", "Thematic meeting"),
    ("informasjonsmote", "Informasjons- og samtalemøte", "Information and discussion meeting"),
    ("befaring", "Befaring", "Site visit"),
    ("sporreundersokelse", "Spørreundersøkelse", "Survey"),
    ("dybdeintervju", "Kvalitativ dybdeundersøkelse", "Qualitative in-depth interviews"),
    ("fem-pa-gata", "Fem på gata", "Street vox pop"),
    ("gjestebud", "Gjestebud", "Hosted conversation at home"),
    ("seniortreff", "Seniortreff", "Seniors' meet-up"),
    ("benkeforslag", "Benkeforslag", "Bench suggestions"),
    ("oppsokende", "Oppsøkende (f.eks. «Vaffel og info»)", "Outreach (e.g. a waffle van)"),
    ("horing", "Høring", "Public consultation"),
    ("byggekomite", "Byggekomité", "Building committee"),
    ("byggemote", "Byggemøte", "Site meeting"),
    ("saermote", "Særmøte", "Individual design meeting"),
    ("plankomite", "Plankomité", "Planning committee"),
    ("radsmote", "Møte i kommunalt råd", "Municipal council meeting"),
    ("brukerrad", "Brukerråd", "User council"),
    ("beboerrad", "Beboerråd", "Residents' council"),
    ("beboermote", "Beboermøte", "Residents' meeting"),
    ("regelmessig-treff", "Regelmessig treff", "Regular meet-up"),
    ("individuell-veiledning", "Individuell veiledning", "Individual guidance"),
    ("behovssamtale", "Behovssamtale", "Needs conversation"),
    ("stedskompass", "Stedskompass", "Place compass"),
    ("bylab", "ByLab", "City lab"),
    ("sosiale-medier", "Sosiale medier", "Social media"),
    ("annet", "Annet", "Other"),
]

PARTICIPATION_FORMS: list[tuple[str, str, str, str]] = [
    (
        "brukermedvirkning",
        "Brukermedvirkning",
        "User participation",
        "Den som søker om eller mottar en tjeneste, har innflytelse på hjelpen og på hvordan "
        "tjenestene utformes.",
    ),
    (
        "innbyggermedvirkning",
        "Innbyggermedvirkning",
        "Citizen participation",
        "Innbyggere tar del i beslutninger om planer og prosjekter uten nødvendigvis å være "
        "direkte berørt selv.",
    ),
    (
        "leieboermedvirkning",
        "Leieboermedvirkning",
        "Tenant participation",
        "Leietakere og utleier samarbeider om boligen, bomiljøet og forvaltningen, på individ-, "
        "kollektivt og systemnivå.",
    ),
    (
        "beboermedvirkning",
        "Beboermedvirkning",
        "Resident participation",
        "Beboeres rett til å påvirke boforholdene sine og nærmiljøet.",
    ),
    (
        "samskaping",
        "Samskaping",
        "Co-creation",
        "Aktører med ulike interesser blir hørt og utvikler løsninger sammen.",
    ),
    (
        "samproduksjon",
        "Samproduksjon",
        "Co-production",
        "Brukere og tjenester lager en konkret tjeneste eller et produkt sammen.",
    ),
    (
        "brukerstyring",
        "Brukerstyring",
        "User control",
        "Brukeren styrer selv tjenesten, som arbeidsleder i brukerstyrt personlig assistanse "
        "(BPA).",
    ),
    (
        "samfunnsarbeid",
        "Samfunnsarbeid",
        "Community work",
        "Velferd skapes i lokale fellesskap; vekt på rollen som medborger framfor bruker.",
    ),
]

# The ten themes participants at the Bodø dialogue café (2022) want a say in.
THEMES: list[tuple[str, str, str]] = [
    ("inntekt-og-boutgifter", "Forholdet mellom inntekt og boutgifter", "Income and housing costs"),
    ("startlan", "Kravene og betingelsene for startlån", "Start-up loan requirements and terms"),
    (
        "trygghet-stabilitet-verdighet",
        "Behovet for trygghet, stabilitet og verdighet",
        "Security, stability and dignity",
    ),
    (
        "utforming-kvalitet-storrelse",
        "Utforming, kvalitet og størrelse på bolig",
        "Design, quality and size of the home",
    ),
    (
        "boligpolitikken",
        "Policy og boligpolitikken: Hva slags boliger, til hvem og når?",
        "Housing policy: what homes, for whom and when?",
    ),
    (
        "tildeling-og-innflytting",
        "Tildeling og prosessen fram mot bolig og innflytting",
        "Allocation and the path to moving in",
    ),
    ("naboskap-og-bomiljo", "Naboskap, trivsel og bomiljø", "Neighbourhood and living environment"),
    ("frihet-og-selvraderett", "Grad av frihet og selvråderett", "Freedom and self-determination"),
    (
        "hjelp-og-oppfolging",
        "Behov for hjelp og oppfølging i bolig",
        "Help and follow-up in the home",
    ),
    (
        "regler-kontroll-sanksjoner",
        "Regler, kontroll og sanksjoner",
        "Rules, control and sanctions",
    ),
]

# Success factors and barriers in the research's four groups:
# Fokus og innramming = focus, Ressurser = resources, Rammefaktorer = framework,
# Mer overordnet = overarching. (code, kind, group, Norwegian name, English name)
FACTORS: list[tuple[str, str, str, str, str]] = [
    # success factors
    (
        "sf-avgrenset-tema",
        "success",
        "focus",
        "Avgrenset og spisset tema",
        "A bounded, focused topic",
    ),
    (
        "sf-apen-prosess",
        "success",
        "focus",
        "Åpen prosess der resultatet ikke er gitt på forhånd",
        "An open process whose outcome is not fixed in advance",
    ),
    (
        "sf-kollektive-metoder",
        "success",
        "focus",
        "Kollektive metoder og dialogmøter",
        "Collective methods and dialogue meetings",
    ),
    (
        "sf-naerdemokrati",
        "success",
        "focus",
        "Nærdemokrati etter modell av borettslag og sameier",
        "Local democracy modelled on housing co-operatives",
    ),
    ("sf-kunnskap", "success", "resources", "Kunnskap og kompetanse", "Knowledge and competence"),
    ("sf-tid", "success", "resources", "Tid", "Time"),
    (
        "sf-forventningsavklaring",
        "success",
        "resources",
        "Forventningsavklaring",
        "Clear expectations",
    ),
    (
        "sf-tillit",
        "success",
        "resources",
        "Tillit og gode samarbeidsrelasjoner",
        "Trust and good working relationships",
    ),
    (
        "sf-dedikerte-ressurser",
        "success",
        "resources",
        "Dedikerte ressurser (økonomi og personell)",
        "Dedicated resources (money and staff)",
    ),
    ("sf-valgmuligheter", "success", "framework", "Utvalg og valgmuligheter", "Supply and choice"),
    (
        "sf-handlingsrom",
        "success",
        "framework",
        "Handlingsrom til å tenke nytt",
        "Room to think anew",
    ),
    (
        "sf-kompromiss",
        "success",
        "framework",
        "Medvirkning som kompromissenes kunst",
        "Participation as the art of compromise",
    ),
    ("sf-helhetsperspektiv", "success", "overarching", "Helhetsperspektiv", "A holistic view"),
    (
        "sf-tilrettelegger",
        "success",
        "overarching",
        "Kommunen som tilrettelegger",
        "The municipality as enabler",
    ),
    (
        "sf-medborgerskap",
        "success",
        "overarching",
        "Kultur for involvering og medborgerskap",
        "A culture of involvement and citizenship",
    ),
    (
        "sf-lokale-fellesskap",
        "success",
        "overarching",
        "Ressurser i lokale fellesskap",
        "Resources in local communities",
    ),
    # barriers
    (
        "b-overordnede-sporsmal",
        "barrier",
        "focus",
        "Overordnede spørsmål og konflikter mellom planer",
        "Broad questions and conflicts between plans",
    ),
    (
        "b-symbolsk-medvirkning",
        "barrier",
        "focus",
        "Symbolsk medvirkning (avkrysning)",
        "Tokenism (ticking the box)",
    ),
    (
        "b-ressurskrevende",
        "barrier",
        "resources",
        "Tids- og ressurskrevende prosesser",
        "Processes that demand time and resources",
    ),
    (
        "b-lavt-oppmote",
        "barrier",
        "resources",
        "Lavt oppmøte – de samme ildsjelene",
        "Low turnout – the same enthusiasts",
    ),
    (
        "b-sprak-kultur",
        "barrier",
        "resources",
        "Språk- og kulturbarrierer",
        "Language and cultural barriers",
    ),
    (
        "b-digitale-kanaler",
        "barrier",
        "resources",
        "Digitale kanaler når ikke de eldste",
        "Digital channels miss the oldest",
    ),
    ("b-lang-tidshorisont", "barrier", "resources", "Lang tidshorisont", "Long time horizons"),
    (
        "b-fa-boliger",
        "barrier",
        "framework",
        "Få boliger og få valgmuligheter",
        "Few homes and little choice",
    ),
    ("b-vilkar-nav", "barrier", "framework", "Vilkår fra NAV", "Conditions set by NAV"),
    ("b-budsjettrammer", "barrier", "framework", "Budsjettrammer", "Budget limits"),
    ("b-tomt", "barrier", "framework", "Tomt og plassering", "Finding suitable sites"),
    (
        "b-tjenester-koblet-til-bolig",
        "barrier",
        "framework",
        "Tjenester koblet til boligen",
        "Services tied to the dwelling",
    ),
    (
        "b-heisregel",
        "barrier",
        "framework",
        "Krav om 2/3 flertall for heis i borettslag",
        "Two-thirds majority needed for lifts in co-operatives",
    ),
    (
        "b-selveierskapsnorm",
        "barrier",
        "overarching",
        "Selveierskapsnormen (eierlinja)",
        "The home-ownership norm",
    ),
    (
        "b-svak-lovforankring",
        "barrier",
        "overarching",
        "Medvirkning svakt forankret i lov",
        "Participation weakly grounded in law",
    ),
    (
        "b-mange-systemaktorer",
        "barrier",
        "overarching",
        "Mange systemaktører rundt den enkelte",
        "Many agencies around one person",
    ),
]

INSTRUMENTS: list[tuple[str, str, str]] = [
    ("startlan", "Startlån", "Start-up loan"),
    ("bostotte", "Bostøtte", "Housing allowance"),
    ("tilskudd-utleieboliger", "Tilskudd til utleieboliger", "Grant for rental housing"),
    ("investeringstilskudd", "Investeringstilskudd", "Investment grant"),
    (
        "kompetansetilskudd",
        "Boligsosialt kompetansetilskudd",
        "Competence grant for social housing work",
    ),
    ("tilskudd-etablering", "Tilskudd til etablering", "Grant for getting established"),
    ("tilskudd-tilpasning", "Tilskudd til tilpasning", "Grant for adapting a home"),
]
