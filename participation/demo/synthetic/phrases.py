"""The words the synthetic dataset is made of: Norwegian phrases, indicator profiles and the
municipalities' relative sizes. All invented; none of it describes a real person."""

from __future__ import annotations

from typing import NamedTuple

# Approximate populations (rounded, about 2024) of the larger municipalities, by name; they only
# weight how much each municipality gets. The others get a repeatable synthetic size.
LARGE_MUNICIPALITIES: dict[str, int] = {
    "Oslo": 717_000,
    "Bergen": 292_000,
    "Trondheim": 215_000,
    "Stavanger": 149_000,
    "Bærum": 131_000,
    "Kristiansand": 117_000,
    "Drammen": 104_000,
    "Asker": 96_000,
    "Lillestrøm": 93_000,
    "Fredrikstad": 84_000,
    "Sandnes": 83_000,
    "Tromsø": 78_000,
    "Ålesund": 67_000,
    "Sandefjord": 65_000,
    "Nordre Follo": 63_000,
    "Sarpsborg": 59_000,
    "Tønsberg": 58_000,
    "Skien": 56_000,
    "Bodø": 53_000,
    "Moss": 51_000,
    "Lørenskog": 49_000,
    "Larvik": 48_000,
    "Indre Østfold": 46_000,
    "Arendal": 46_000,
    "Karmøy": 43_000,
    "Ullensaker": 42_000,
    "Øygarden": 39_000,
    "Haugesund": 38_000,
    "Porsgrunn": 37_000,
    "Ringsaker": 35_000,
    "Molde": 33_000,
    "Hamar": 32_000,
    "Halden": 31_000,
    "Gjøvik": 31_000,
    "Ringerike": 31_000,
    "Askøy": 30_000,
    "Lillehammer": 29_000,
    "Kongsberg": 28_000,
    "Horten": 28_000,
    "Sola": 28_000,
    "Eidsvoll": 27_000,
    "Rana": 26_000,
    "Stjørdal": 25_000,
    "Kristiansund": 24_000,
    "Steinkjer": 24_000,
    "Narvik": 22_000,
    "Alta": 21_000,
}

# (name, aim): what an initiative is called and what it is for.
INITIATIVES: list[tuple[str, str]] = [
    ("Bolig først", "Varig bolig og oppfølging i hjemmet for personer med lang bostedsløshet."),
    ("Fra leie til eie", "Hjelpe husstander med lav inntekt til å kjøpe egen bolig med startlån."),
    (
        "Boligsosial handlingsplan",
        "Lage en plan for det boligsosiale arbeidet sammen med beboere, tjenester og frivillige.",
    ),
    ("Medvirkning i boligplanen", "Få innspill fra innbyggere og beboere til kommunens boligplan."),
    ("Oppfølgingsteam i bolig", "Tverrfaglig team som gir hjelp til å mestre boforholdet."),
    ("Robuste boliger", "Bygge slitesterke boliger for personer som trenger et skjermet botilbud."),
    ("Bokollektiv for unge", "Bofellesskap med oppfølging for unge mellom 16 og 23 år."),
    (
        "Bomiljøarbeid i kommunale boliger",
        "Styrke naboskap og trivsel der kommunen leier ut boliger.",
    ),
    (
        "Beboerdialog i borettslaget",
        "Faste møter der beboerne er med og bestemmer over fellesarealer og regler.",
    ),
    ("Tilpassede boliger for eldre", "Kartlegge behov og planlegge aldersvennlige boliger."),
    ("Ungdomsbolig med oppfølging", "Gi unge en trygg start i egen bolig."),
    ("Nærmiljøprosjekt", "Utvikle et nærmiljø med møteplasser sammen med de som bor der."),
    ("Tiltak mot utkastelser", "Fange opp husleierestanser tidlig og forebygge utkastelser."),
    ("Aldersvennlig samfunn", "Innbyggere over 60 år er med og former tilbud og boliger."),
    ("Brukerråd for boligtjenesten", "Et fast råd av brukere som gir råd om boligtjenesten."),
    ("Boligkartlegging", "Kartlegge hvem som er vanskeligstilt på boligmarkedet i kommunen."),
    ("Familieboligsatsing", "Gode og trygge utleieboliger for barnefamilier."),
    ("Startlån for unge", "Informasjon og veiledning om startlån til unge voksne."),
    ("Hardbrukshus", "Små hus for personer som ikke klarer seg i en vanlig bolig."),
    ("Boveiledning for nyankomne", "Hjelp til å finne og beholde bolig for flyktninger."),
]

# Texts for an initiative's strengths, success factors and challenges (optional).
STRENGTHS = [
    "Beboerne ble hørt tidlig i prosessen.",
    "Godt samarbeid mellom NAV, boligkontoret og helsetjenesten.",
    "Tiltaket ga mer kunnskap om hva beboerne trenger.",
]
SUCCESS_FACTORS = [
    "En fast tilrettelegger som beboerne kjente.",
    "Tydelig forventningsavklaring fra start.",
    "Avsatt tid og penger til medvirkning.",
]
CHALLENGES = [
    "Lavt oppmøte på kveldsmøtene.",
    "Vanskelig å nå dem som ikke bruker digitale kanaler.",
    "Lang tid fra innspill til synlig resultat.",
]

ACCESSIBILITY = [
    "Trinnfri adkomst og teleslynge.",
    "Tolk tilgjengelig.",
    "Barnepass og servering.",
    "Møtet holdt der beboerne bor.",
]
PROMISES = [
    "Innspillene tas med i det videre planarbeidet, og deltakerne får en oppsummering.",
    "Deltakerne får svar på hvert innspill innen to måneder.",
    "Innspillene legges fram for politisk utvalg.",
]
FEEDBACK_HOW = [
    "Oppsummering sendt til deltakerne.",
    "Tilbakemelding i et nytt møte.",
    "Publisert på kommunens nettside.",
    "Brev til deltakerne.",
]
CONSENT_HOW = "Muntlig samtykke til at innspillene brukes i oppsummert form."

# Input summaries by theme code: summaries, never quotes tied to a person.
INPUT_SUMMARIES: dict[str, list[str]] = {
    "inntekt-og-boutgifter": [
        "Husleien tar for stor del av inntekten",
        "Ønske om hjelp til å søke bostøtte",
        "Behov for budsjettveiledning før innflytting",
        "Depositum er en stor terskel for å leie privat",
        "Strømutgiftene gjør boligen dyr å bo i",
        "Ønske om husleie tilpasset inntekten",
    ],
    "startlan": [
        "Mer informasjon om startlån på flere språk",
        "Ønske om raskere svar på søknad om startlån",
        "Behov for veiledning om egenkapital og gjeld",
        "Ønske om en leie-til-eie-modell",
        "Saksbehandlingen oppleves som uforutsigbar",
    ],
    "trygghet-stabilitet-verdighet": [
        "Ønske om lengre leiekontrakter",
        "Uro i oppgangen skaper utrygghet",
        "Behov for en fast kontaktperson",
        "Bedre belysning ved inngangen",
        "Ønske om å slippe flytting mellom midlertidige tilbud",
        "Respektfull behandling i møte med tjenestene",
    ],
    "utforming-kvalitet-storrelse": [
        "Boligene er for små for familier",
        "Behov for bedre lydisolering",
        "Ønske om egen uteplass",
        "Universell utforming av inngangspartiet",
        "Fukt og dårlig ventilasjon i boligen",
        "Ønske om robuste materialer",
    ],
    "boligpolitikken": [
        "Kommunen bør bygge flere utleieboliger",
        "Boligplanen bør sikre blandede bomiljøer",
        "Beboere bør delta i boligplanarbeidet",
        "Flere rimelige boliger sentralt",
        "Tydeligere mål for det boligsosiale arbeidet",
    ],
    "tildeling-og-innflytting": [
        "Ventetiden på kommunal bolig er for lang",
        "Ønske om å kunne takke nei til et tilbud uten å miste plassen",
        "Bedre informasjon ved innflytting",
        "Visning før kontrakten signeres",
        "Tydelige kriterier for tildeling",
        "Hjelp til flytting og innkjøp av møbler",
    ],
    "naboskap-og-bomiljo": [
        "Ønske om en felles møteplass i nabolaget",
        "Flere aktiviteter for barn og unge",
        "Vaktmester bør være lettere å nå",
        "Behov for bedre renhold i fellesarealer",
        "Ønske om en beboerforening",
    ],
    "frihet-og-selvraderett": [
        "Ønske om å velge hvor man bor",
        "Mulighet til å ha husdyr",
        "Større innflytelse på egen hverdag",
        "Ønske om å innrede boligen selv",
        "Mindre kontroll fra tjenesteapparatet",
    ],
    "hjelp-og-oppfolging": [
        "Behov for oppfølging også på kveldstid",
        "Ønske om hjelp med praktiske oppgaver i hjemmet",
        "Bedre samordning mellom NAV og helsetjenesten",
        "Kortere ventetid på hjelp",
        "Faste personer i oppfølgingsteamet",
        "Mer hjelp i overgangen til egen bolig",
    ],
    "regler-kontroll-sanksjoner": [
        "Husordensreglene oppleves som urimelige",
        "Ønske om dialog før advarsel",
        "Tydelig informasjon om konsekvenser av brudd",
        "Færre rutinemessige kontroller",
        "En klageordning som er lett å bruke",
    ],
}
GENERIC_SUMMARIES = [
    "Ønske om bedre informasjon fra kommunen",
    "Behov for flere møteplasser",
    "Ønske om å bli spurt tidligere i prosessen",
]
SUMMARY_SOURCES = ["", "", " (gruppearbeid)", " (flere deltakere)", " (plenum)"]

# The answer given back, by follow-up status.
ANSWERS: dict[str, list[str]] = {
    "taken_forward": ["Tas med i arbeidet med boligplanen.", "Meldt inn til budsjettet."],
    "incorporated": ["Innarbeidet i tiltaket.", "Gjennomført fra neste måned."],
    "partly_met": ["Delvis imøtekommet; et alternativt tilbud er gitt."],
    "declined": ["Ikke mulig innenfor dagens regelverk; begrunnelsen er gitt i møte."],
    "parked": ["Tas opp igjen i neste fase av prosjektet."],
}

MEETING_TITLES: dict[str, str] = {
    "operative": "Operativt møte",
    "leadership": "Ledermøte",
    "annual": "Årsmøte med politisk og administrativ ledelse",
    "regional": "Regional samling",
    "network": "Temanettverk",
}
MEETING_PARTICIPANTS = [
    "NAV (leder), boligkontoret (operativ), Husbanken (rådgiver)",
    "Rådmann, kommunalsjef helse og omsorg, programleder",
    "Ressursgruppen, eiendom (operativ), Husbanken (rådgiver)",
    "Programledere fra kommunene i regionen, Husbanken",
]
COMMITMENTS = [
    "Oppnevne programleder",
    "Etablere tverrfaglig ressursgruppe",
    "Legge boligsosial plan fram for politisk behandling",
    "Melde inn investeringsbehov i økonomiplanen",
    "Ta boligsosiale hensyn inn i arealplanen",
    "Søke boligsosialt kompetansetilskudd",
    "Sende årsrapport til Husbanken",
    "Planlegge medvirkning i neste fase",
    "Gi tilbakemelding til deltakerne etter dialogkafeen",
    "Kartlegge behovet for tilpassede boliger",
]
# Roles, not people: the responsible party when it is not a user.
RESPONSIBLE = [
    "Programleder",
    "Rådgiver i Husbanken",
    "Kommunalsjef",
    "Boligkontoret",
    "NAV-leder",
    "Ressursgruppen",
]
RISK_NOTES: dict[str, str] = {
    "leader_left": "Programlederen har sluttet, og stillingen er ikke besatt.",
    "no_leadership": "Ledelsen har ikke fulgt opp vedtatte tiltak.",
    "unspent": "Store restmidler fra tidligere tilskudd.",
    "no_follow_up": "Ingen oppfølging etter siste samling.",
    "grant_ending": "Tilskuddet går ut, og det finnes ingen plan for videre drift.",
    "no_meeting": "Ingen møter på over et halvt år.",
    "overdue": "Flere oppfølgingspunkter er på overtid.",
    "other": "Annen risiko meldt av rådgiver.",
}


class IndicatorProfile(NamedTuple):
    """How an indicator's values are made.

    `typical` is, by unit: for a count, per 1 000 inhabitants a year (or the value itself when
    `absolute`); a percentage; a rate; kroner per inhabitant (or the value itself when
    `absolute`); for yes/no, the share answering yes in 2017. `drift` is the yearly change.
    `flow` counts (events in the period) are split over quarters; stocks are not.
    """

    typical: float
    drift: float
    flow: bool = False
    absolute: bool = False


# Profiles of the reference data's example indicators, by code.
REFERENCE_PROFILES: dict[str, IndicatorProfile] = {
    "bostedslose-husstander": IndicatorProfile(0.7, -0.05),
    "midlertidig-over-tre-maneder": IndicatorProfile(0.25, -0.08),
    "barnefamilier-midlertidig": IndicatorProfile(0.15, -0.06),
    "begjaeringer-utkastelse": IndicatorProfile(1.8, -0.03, flow=True),
    "gjennomforte-utkastelser": IndicatorProfile(0.35, -0.04, flow=True),
    "startlan-innvilget": IndicatorProfile(2.2, 0.04, flow=True),
    "kommunale-utleieboliger-per-1000": IndicatorProfile(20.0, 0.01),
    "venteliste-kommunal-bolig": IndicatorProfile(1.1, -0.02),
}


class ExtraIndicator(NamedTuple):
    code: str
    name: str
    unit: str
    direction: str
    profile: IndicatorProfile


# Example indicators the dataset adds to each strategy, so that about 30 are reported on (as
# with Husbanken's real management parameters). Marked as examples.
EXTRA_INDICATORS: list[ExtraIndicator] = [
    ExtraIndicator(
        "eks-bostotte-mottakere",
        "Husstander som mottar bostøtte",
        "count",
        "higher",
        IndicatorProfile(12.0, 0.0),
    ),
    ExtraIndicator(
        "eks-startlan-unge",
        "Startlån til unge under 35 år",
        "count",
        "higher",
        IndicatorProfile(1.0, 0.05, flow=True),
    ),
    ExtraIndicator(
        "eks-startlan-barnefamilier",
        "Startlån til barnefamilier",
        "count",
        "higher",
        IndicatorProfile(0.8, 0.04, flow=True),
    ),
    ExtraIndicator(
        "eks-startlan-refinansiering",
        "Startlån til refinansiering",
        "count",
        "higher",
        IndicatorProfile(0.3, 0.02, flow=True),
    ),
    ExtraIndicator(
        "eks-midlertidig-botilbud",
        "Husstander i midlertidig botilbud",
        "count",
        "lower",
        IndicatorProfile(0.6, -0.05),
    ),
    ExtraIndicator(
        "eks-utkastelser-barnefamilier",
        "Utkastelser av barnefamilier",
        "count",
        "lower",
        IndicatorProfile(0.05, -0.05, flow=True),
    ),
    ExtraIndicator(
        "eks-hjelp-beholde-bolig",
        "Husstander som fikk hjelp til å beholde boligen",
        "count",
        "higher",
        IndicatorProfile(1.5, 0.03, flow=True),
    ),
    ExtraIndicator(
        "eks-husleierestanse-fulgt-opp",
        "Saker om husleierestanse fulgt opp",
        "count",
        "higher",
        IndicatorProfile(2.0, 0.02, flow=True),
    ),
    ExtraIndicator(
        "eks-nye-utleieboliger",
        "Nye kommunale utleieboliger",
        "count",
        "higher",
        IndicatorProfile(0.4, 0.02, flow=True),
    ),
    ExtraIndicator(
        "eks-tilpassede-boliger",
        "Utleieboliger tilpasset rullestolbrukere",
        "count",
        "higher",
        IndicatorProfile(1.2, 0.03),
    ),
    ExtraIndicator(
        "eks-investeringstilskudd-boliger",
        "Boliger bygget med investeringstilskudd",
        "count",
        "higher",
        IndicatorProfile(0.3, 0.01, flow=True),
    ),
    ExtraIndicator(
        "eks-leie-til-eie",
        "Husstander som gikk fra leie til eie",
        "count",
        "higher",
        IndicatorProfile(0.2, 0.06, flow=True),
    ),
    ExtraIndicator(
        "eks-oppfolging-i-hjemmet",
        "Husstander med oppfølging i hjemmet",
        "count",
        "higher",
        IndicatorProfile(3.0, 0.03),
    ),
    ExtraIndicator(
        "eks-ventetid-kommunal-bolig",
        "Ventetid på kommunal bolig (dager, median)",
        "count",
        "lower",
        IndicatorProfile(90.0, -0.03, absolute=True),
    ),
    ExtraIndicator(
        "eks-soknader-behandlet-tre-uker",
        "Andel søknader om kommunal bolig behandlet innen tre uker",
        "percent",
        "higher",
        IndicatorProfile(70.0, 0.02),
    ),
    ExtraIndicator(
        "eks-boliger-god-tilstand",
        "Andel kommunale utleieboliger i god tilstand",
        "percent",
        "higher",
        IndicatorProfile(62.0, 0.01),
    ),
    ExtraIndicator(
        "eks-beboere-med-oppfolging",
        "Andel beboere i kommunal bolig med oppfølging",
        "percent",
        "higher",
        IndicatorProfile(35.0, 0.02),
    ),
    ExtraIndicator(
        "eks-innspill-fulgt-opp",
        "Andel innspill fra beboere som er fulgt opp",
        "percent",
        "higher",
        IndicatorProfile(55.0, 0.04),
    ),
    ExtraIndicator(
        "eks-deltakere-per-1000",
        "Deltakere i medvirkningsaktiviteter per 1 000 innbyggere",
        "rate",
        "higher",
        IndicatorProfile(4.0, 0.05),
    ),
    ExtraIndicator(
        "eks-tilskudd-utleieboliger",
        "Tilskudd til utleieboliger (kroner)",
        "nok",
        "higher",
        IndicatorProfile(60.0, 0.02, flow=True),
    ),
    ExtraIndicator(
        "eks-boligsosialt-budsjett",
        "Boligsosialt budsjett per innbygger (kroner)",
        "nok",
        "higher",
        IndicatorProfile(450.0, 0.03, absolute=True),
    ),
    ExtraIndicator(
        "eks-handlingsplan-vedtatt",
        "Boligsosial handlingsplan vedtatt",
        "yes_no",
        "higher",
        IndicatorProfile(0.45, 0.05),
    ),
    ExtraIndicator(
        "eks-brukerrad-etablert",
        "Brukerråd for boligtjenesten etablert",
        "yes_no",
        "higher",
        IndicatorProfile(0.3, 0.06),
    ),
]
EXTRA_INDICATOR_NOTE = (
    "Eksempel: syntetisk styringsparameter laget av generate_scale for ytelsesmålinger, "
    "ikke Husbankens ordlyd."
)
