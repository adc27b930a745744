"""Demo content, loaded by `participation.demo.services.load_demo` (never in production).

Two kinds of rows:
- Real initiatives and events from the two research sources (the 2022 report on participation
  in social housing work, and the 2020 thesis on Kommuneprogrammet and Melhus), described in our
  own words. `is_example` is False. Where a source gives only a year, a start is set to
  1 January and an end to 31 December; where it gives only a month or a period, the event's
  description says the date is approximate.
- Synthetic example data so that every page has something to show: titles end in "(eksempel)"
  and `is_example` is True.

Privacy: no resident is named or described individually. Participants are counts; input is a
summary of what was said, never a quote tied to a person. Staff names are role titles.
"""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

from participation.places.data.reference import ALLE_TRENGER_ET_TRYGT_HJEM as ATTH
from participation.places.data.reference import BOLIG_FOR_VELFERD as BFV

# Not a secret: a shared password for the demo users, printed by `load_demo`, which refuses to
# run with DEBUG off unless forced.
DEMO_PASSWORD = "demo-passord-2026"

# One user per role. "scope" is a region code or a municipality number.
DEMO_USERS: list[dict] = [
    {"username": "admin", "role": "admin", "first_name": "Administrator", "last_name": "(demo)"},
    {
        "username": "radgiver",
        "role": "adviser",
        "region": "nord",
        "first_name": "Rådgiver",
        "last_name": "Husbanken Nord (demo)",
    },
    {
        "username": "bodo",
        "role": "municipal",
        "municipality": "1804",
        "is_programme_leader": True,
        "first_name": "Programleder",
        "last_name": "Bodø (demo)",
    },
    {
        "username": "leser",
        "role": "viewer",
        "municipality": "1804",
        "first_name": "Leser",
        "last_name": "Bodø (demo)",
    },
]

# Population and its year, as the research digests give them (SSB figures via the 2022 report;
# Melhus from the 2020 thesis).
POPULATIONS: dict[str, tuple[int, int]] = {
    "3203": (96_088, 2022),  # Asker
    "1804": (53_066, 2022),  # Bodø
    "5510": (2_876, 2022),  # Kvæfjord
    "4205": (23_436, 2022),  # Lindesnes
    "3103": (51_013, 2022),  # Moss
    "5038": (14_971, 2022),  # Verdal
    "5028": (16_500, 2019),  # Melhus (about 16 500)
}

_APPROX = " Datoen er omtrentlig; kilden oppgir bare {when}."

# --- Initiatives with their events and input -------------------------------------------------------
# Levels: "individual", "collective", "system". Influence: 1 inform … 5 empower.
# Participants: (target group code, role, count). Input: theme code, summary, status, answer …

INITIATIVES: list[dict] = [
    {
        "municipality": "1804",
        "name": "Bolig Nu",
        "aim": (
            "Et lavterskel botilbud med veiledning for personer som står akutt uten bolig. "
            "Sju hybler gir et midlertidig sted å bo i opptil noen måneder, mens de ansatte "
            "hjelper den enkelte videre til en varig bolig – privat leie, kjøp eller kommunal "
            "bolig – og til kontakt med andre tjenester. Tiltaket kom i gang for å få ned bruken "
            "av hospits og hotell som midlertidig bolig."
        ),
        "target_groups": ["bostedslose", "akutt-boligbehov", "unge"],
        "participation_forms": ["brukermedvirkning"],
        "participation_description": (
            "Direkte brukermedvirkning på individnivå. Den enkelte lærer hvordan boligmarkedet "
            "fungerer og hvordan man går fram som boligsøker, og følges opp etter innflytting. "
            "Tidligere brukere kan komme på faste treff og dele erfaringer med hverandre. "
            "Treffene er ikke medvirkning i seg selv, men bygger evnen til å bruke retten til "
            "å medvirke."
        ),
        "strengths": (
            "Brukerne blir bedre rustet som aktører på boligmarkedet, og hyblene gir ro og tid "
            "til å finne en varig løsning i stedet for å ta det første som tilbys. Om lag 65 "
            "personer bruker tilbudet hvert år; ett år gikk 21 videre til privat bolig, 12 til "
            "kommunal bolig og 3 til Housing First. Kommunen bruker nå nesten ikke hotell og "
            "hospits."
        ),
        "success_factors": (
            "Et tilstrekkelig stort boligmarked å velge fra. Veiledning fra fagfolk som kjenner "
            "både markedet og tjenesteapparatet."
        ),
        "challenges": (
            "Kilden beskriver ingen egne utfordringer for tiltaket. Hvor mye den enkelte kan "
            "velge, avhenger av hva boligmarkedet har å by på."
        ),
        "levels": ["individual"],
        "directness": "direct",
        "intended_influence": 3,
        "status": "ongoing",
        "start_date": date(2014, 1, 1),
        "staffing_fte": Decimal("3.50"),
        "goals": [(BFV, "1")],
        "priority_areas": [(BFV, "1.1"), (BFV, "1.2"), (ATTH, "P1")],
        "factors": [
            ("sf-valgmuligheter", "present", "Boligmarkedet i Bodø gir noe å velge mellom."),
            ("sf-kunnskap", "present", ""),
            ("b-fa-boliger", "partly", ""),
        ],
        "events": [
            {
                "title": "Erfaringstreff for tidligere brukere (eksempel)",
                "date": date(2026, 9, 17),
                "start_time": time(18, 0),
                "method": "regelmessig-treff",
                "channel": "physical",
                "description": "Fast kveldstreff i lokalene til Bolig Nu.",
                "accessibility_measures": "Kveldstid, servering, kjente lokaler.",
                "expectations_clarified": True,
                "promise_to_participants": (
                    "Innspillene tas med i planleggingen av neste års treff; svar gis på neste "
                    "treff."
                ),
                "feedback_due": date(2026, 10, 15),
                "feedback_given": date(2026, 10, 8),
                "feedback_how": "Oppsummering lagt fram på neste treff og hengt opp i fellesrommet.",
                "themes": ["startlan", "tildeling-og-innflytting", "hjelp-og-oppfolging"],
                "consent_noted": True,
                "consent_how": "Muntlig ved oppstart; ingen navn notert.",
                "is_example": True,
                "participants": [
                    ("bostedslose", "resident", 6),
                    ("unge", "resident", 3),
                    ("bostedslose", "staff", 2),
                ],
                "inputs": [
                    {
                        "theme": "startlan",
                        "summary": (
                            "Flere ønsket mer hjelp til å forstå hva som kreves for å få startlån."
                        ),
                        "follow_up_status": "incorporated",
                        "follow_up_date": date(2026, 10, 1),
                        "answer": (
                            "Startlån blir fast tema på treffene fra november, med besøk fra "
                            "kommunens startlånsrådgiver."
                        ),
                        "answered_on": date(2026, 10, 8),
                    },
                    {
                        "theme": "hjelp-og-oppfolging",
                        "summary": "Ønske om at oppfølgingen etter innflytting varer lenger.",
                        "follow_up_status": "partly_met",
                        "follow_up_date": date(2026, 10, 1),
                        "answer": (
                            "Oppfølgingen forlenges for dem som ber om det; ressursene strekker "
                            "ikke til for alle."
                        ),
                        "answered_on": date(2026, 10, 8),
                    },
                ],
            },
            {
                "title": "Brukerundersøkelse blant beboerne i hyblene (eksempel)",
                "date": date(2026, 10, 1),
                "method": "sporreundersokelse",
                "channel": "physical",
                "description": "Kort anonym spørreundersøkelse på papir.",
                "accessibility_measures": "Enkelt språk; hjelp til utfylling ved behov.",
                "expectations_clarified": True,
                "promise_to_participants": "Resultatene legges fram for beboerne innen en måned.",
                "feedback_due": date(2026, 11, 1),
                "themes": ["regler-kontroll-sanksjoner", "trygghet-stabilitet-verdighet"],
                "consent_noted": True,
                "consent_how": "Frivillig og anonym utfylling.",
                "is_example": True,
                "participants": [("akutt-boligbehov", "resident", 5)],
                "inputs": [
                    {
                        "theme": "regler-kontroll-sanksjoner",
                        "summary": "Husreglene oppleves som mange og lite begrunnet.",
                    },
                    {
                        "theme": "trygghet-stabilitet-verdighet",
                        "summary": "Ønske om mer forutsigbarhet om hvor lenge man kan bli boende.",
                    },
                ],
            },
        ],
    },
    {
        "municipality": "3203",
        "name": "Bolighjelpen",
        "aim": (
            "NAV Asker hjelper personer uten bolig med å finne en, først og fremst på det private "
            "markedet. Tilbudet består av månedlige informasjons- og opplæringsmøter og "
            "individuell hjelp fra ansatte og frivillige: søke etter bolig på nett, kontakte "
            "utleier eller megler, være med på visning og i budrunde og forklare offentlige "
            "støtteordninger. Bolighjelpen har ikke eget botilbud."
        ),
        "target_groups": ["bostedslose", "unge", "flyktninger"],
        "participation_forms": ["brukermedvirkning"],
        "participation_description": (
            "Direkte brukermedvirkning på individnivå gjennom kunnskap og ferdigheter: søkeren "
            "driver selv boligjakten, med støtte fra ansatte og frivillige."
        ),
        "strengths": (
            "Søkerne blir tryggere i møte med utleiere, meglere og banker, og får flere valg enn "
            "en kommunal tildeling gir. Frivillige kan gi en mindre formynderisk relasjon. "
            "295 personer fikk råd i 2021."
        ),
        "success_factors": (
            "De frivilliges kompetanse, ofte fra byggebransjen eller fra eiendomsfag."
        ),
        "challenges": (
            "Ikke beskrevet som egen kolonne i kilden. Det er i dag bare to frivillige, og "
            "frivillige på visninger av leieboliger fungerte dårlig. Bruk av tilbudet kan være "
            "et vilkår for økonomisk stønad fra NAV, og da blir medvirkningen mindre frivillig."
        ),
        "levels": ["individual"],
        "directness": "direct",
        "intended_influence": 3,
        "status": "ongoing",
        "start_date": date(2013, 1, 1),
        # Normally 1.6 positions; 2.8 at the time of the report because of refugees from Ukraine.
        "staffing_fte": Decimal("2.80"),
        "goals": [(BFV, "1")],
        "priority_areas": [(BFV, "1.2"), (ATTH, "P1")],
        "factors": [
            ("sf-kunnskap", "present", "Frivillige med erfaring fra bygg og eiendom."),
            ("b-vilkar-nav", "partly", ""),
        ],
        "events": [
            {
                "title": "Månedlig informasjonsmøte om boligmarkedet (eksempel)",
                "date": date(2026, 10, 6),
                "start_time": time(17, 0),
                "method": "informasjonsmote",
                "channel": "physical",
                "description": "Informasjon om leie- og kjøpsmarkedet, med spørsmålsrunde.",
                "accessibility_measures": "Ettermiddag; tolk kan bestilles.",
                "expectations_clarified": True,
                "promise_to_participants": "Spørsmål vi ikke rakk, besvares på neste møte.",
                "feedback_due": date(2026, 11, 3),
                "feedback_given": date(2026, 11, 3),
                "feedback_how": "Besvart muntlig på møtet i november.",
                "themes": ["inntekt-og-boutgifter", "tildeling-og-innflytting"],
                "consent_noted": True,
                "consent_how": "Muntlig; ingen navn notert.",
                "is_example": True,
                "participants": [
                    ("flyktninger", "resident", 8),
                    ("lavinntekt", "resident", 5),
                    ("unge", "resident", 4),
                    ("vanskeligstilte", "staff", 2),
                ],
                "inputs": [
                    {
                        "theme": "inntekt-og-boutgifter",
                        "summary": (
                            "Mange lurte på hvor høy husleie de kan ha og fortsatt få bostøtte."
                        ),
                        "follow_up_status": "incorporated",
                        "follow_up_date": date(2026, 10, 20),
                        "answer": "Egen gjennomgang av bostøtte på møtet i november.",
                        "answered_on": date(2026, 11, 3),
                    },
                    {
                        "theme": "tildeling-og-innflytting",
                        "summary": "Ønske om tolk eller enklere språk på møtene.",
                        "follow_up_status": "incorporated",
                        "follow_up_date": date(2026, 10, 20),
                        "answer": "Tolk bestilles ved behov fra desember.",
                        "answered_on": date(2026, 11, 3),
                    },
                ],
            },
        ],
    },
    {
        "municipality": "4205",
        "name": "Smibakken borettslag",
        "aim": (
            "En foreldregruppe tok initiativ til et bofellesskap der sju voksne barn med "
            "utviklingshemming eier hver sin leilighet i et borettslag, med fellesarealer og en "
            "døgnbemannet personalbase som kommunen leier. Kommunen var byggherre, og beboerne "
            "kjøpte leilighetene med lån fra Husbanken. Innflytting i 2021."
        ),
        "target_groups": ["utviklingshemming", "nedsatt-funksjonsevne", "parorende"],
        "participation_forms": ["brukermedvirkning", "beboermedvirkning", "samskaping"],
        "participation_description": (
            "Indirekte brukermedvirkning gjennom foreldrene, fra skisse til ferdig bolig: "
            "skisser på høring i foreldregruppen, særmøter mellom arkitekt og hvert foreldrepar "
            "om hver leilighet, og en byggekomité med månedlige møter der to valgte "
            "foreldrerepresentanter satt sammen med kommunen, byggeriet, helse og verneombud."
        ),
        "strengths": (
            "De som skal bo der, er med med sine behov og ønsker hele veien, og løsningene ble "
            "bedre enn noen av partene så for seg på forhånd. Kort avstand mellom beboere, "
            "foreldre og kommunen som byggherre."
        ),
        "success_factors": (
            "En tydelig plan for prosessen og avklarte forventninger om handlingsrommet i hver "
            "fase. God informasjon. En kommune som gikk inn i dialog, og foreldre med overskudd "
            "til å drive prosjektet fram."
        ),
        "challenges": (
            "Mange aktører og meninger skulle samordnes, og prosessen krevde mye tid og "
            "ressurser. Anbud over budsjett førte til krevende kuttrunder."
        ),
        "levels": ["individual", "collective"],
        "directness": "indirect",
        "intended_influence": 4,
        "status": "completed",
        "start_date": date(2018, 1, 1),
        "end_date": date(2021, 12, 31),
        "goals": [(BFV, "1"), (BFV, "3")],
        "priority_areas": [(BFV, "1.2"), (BFV, "3.2"), (ATTH, "P3")],
        "factors": [
            ("sf-forventningsavklaring", "present", "Handlingsrommet ble avklart fase for fase."),
            ("sf-lokale-fellesskap", "present", "Selvorganisert foreldregruppe."),
            ("b-budsjettrammer", "present", ""),
            ("b-ressurskrevende", "present", ""),
        ],
        "events": [
            {
                "title": "Særmøter mellom arkitekt og foreldrepar",
                "date": date(2019, 4, 1),
                "method": "saermote",
                "channel": "physical",
                "description": (
                    "Arkitekten møtte hvert foreldrepar om innredningen av leiligheten: hems, "
                    "farger, boder og størrelse på kjøkken og bad."
                    + _APPROX.format(when="at møtene ble holdt våren 2019")
                ),
                "expectations_clarified": True,
                "promise_to_participants": "Endringer innenfor leilighetens yttervegger avgjøres sammen med foreldrene.",
                "themes": ["utforming-kvalitet-storrelse", "tildeling-og-innflytting"],
                "inputs": [
                    {
                        "theme": "tildeling-og-innflytting",
                        "summary": (
                            "Foreldrene ønsket selv å fordele leilighetene, med dem som trenger "
                            "mest hjelp nærmest personalbasen."
                        ),
                        "follow_up_status": "incorporated",
                        "answer": "Foreldregruppen fordelte leilighetene.",
                    },
                ],
            },
            {
                "title": "Byggekomitémøte",
                "date": date(2020, 3, 1),
                "method": "byggekomite",
                "channel": "physical",
                "description": (
                    "Byggekomiteen møttes hver måned i byggeperioden; ett møte er registrert "
                    "her for serien. Foreldrene var representert ved to valgte representanter."
                    + _APPROX.format(when="at møtene gikk månedlig i byggeperioden")
                ),
                "expectations_clarified": True,
                "themes": ["utforming-kvalitet-storrelse"],
                "participants": [
                    ("parorende", "relative", 2),
                    ("utviklingshemming", "staff", 6),
                ],
                "inputs": [
                    {
                        "theme": "utforming-kvalitet-storrelse",
                        "summary": "Ønsker om hems i flere leiligheter gjorde prosjektet dyrere.",
                        "follow_up_status": "partly_met",
                        "answer": (
                            "Da anbudene kom over budsjett, ble det gjennomført kuttrunder; noen "
                            "ønsker ble tatt ut og andre løst rimeligere."
                        ),
                    },
                ],
            },
            {
                "title": "Evalueringsmøte med foreldregruppen (eksempel)",
                "date": date(2022, 6, 14),
                "start_time": time(18, 0),
                "method": "dialogmote",
                "channel": "physical",
                "description": "Erfaringer det første året etter innflytting.",
                "accessibility_measures": "Møte i fellesstua i borettslaget.",
                "expectations_clarified": True,
                "promise_to_participants": "Svar på innspillene sendes innen utgangen av august.",
                "feedback_due": date(2022, 8, 31),
                "feedback_given": date(2022, 8, 25),
                "feedback_how": "Brev til foreldregruppen.",
                "themes": ["utforming-kvalitet-storrelse", "hjelp-og-oppfolging"],
                "consent_noted": True,
                "consent_how": "Muntlig.",
                "is_example": True,
                "participants": [
                    ("parorende", "relative", 9),
                    ("utviklingshemming", "resident", 3),
                    ("utviklingshemming", "staff", 2),
                ],
                "inputs": [
                    {
                        "theme": "utforming-kvalitet-storrelse",
                        "summary": "Fellesarealene brukes mer enn ventet; ønske om flere sitteplasser.",
                        "follow_up_status": "incorporated",
                        "follow_up_date": date(2022, 8, 15),
                        "answer": "Borettslaget kjøpte inn flere møbler til fellesstua.",
                        "answered_on": date(2022, 8, 25),
                    },
                    {
                        "theme": "hjelp-og-oppfolging",
                        "summary": "Ønske om faste kontaktpersoner i personalbasen.",
                        "follow_up_status": "partly_met",
                        "follow_up_date": date(2022, 8, 15),
                        "answer": (
                            "Hver beboer får en primærkontakt; turnus gjør at det ikke alltid er "
                            "samme person på vakt."
                        ),
                        "answered_on": date(2022, 8, 25),
                    },
                ],
            },
        ],
    },
    {
        "municipality": "5038",
        "name": "Hardbrukshus (småhus)",
        "aim": (
            "Kommunestyret vedtok i 2011 å bygge fire små, robuste hus for personer med rus- og "
            "psykiske helseutfordringer som har hatt det vanskelig i ordinære boliger. Det første "
            "sto ferdig i 2014 og to til i 2019. Beboerne leier av det kommunale boligselskapet "
            "og følges opp av boligsosialt team."
        ),
        "target_groups": ["rop", "unge"],
        "participation_forms": ["brukermedvirkning"],
        "participation_description": (
            "Brukermedvirkning på individnivå i byggeprosessen for ett av husene fra 2019: den "
            "framtidige beboeren var med fra tegningene, deltok i byggemøte og på befaringer på "
            "byggeplassen, og fikk bestemme blant annet farger, belysning, skap og plassering av "
            "inngangsdøren innenfor rammene."
        ),
        "strengths": (
            "Beboeren ble tatt på alvor og fikk et eierforhold til et hus som leies, og "
            "relasjonen mellom beboer og kommune ble styrket."
        ),
        "success_factors": (
            "Tidlig involvering, tett dialog og løpende oppfølging. Partene så på medvirkningen "
            "som en forhandling og var åpne for kompromisser: et nei kom gjerne med et "
            "alternativ."
        ),
        "challenges": (
            "Å finne tomter med egnet beliggenhet – ikke for nær naboer, men heller ikke for "
            "langt fra sentrum og tjenester. Husene må tåle dårlige perioder uten å belaste "
            "naboene."
        ),
        "levels": ["individual"],
        "directness": "direct",
        "intended_influence": 3,
        "status": "ongoing",
        "start_date": date(2011, 1, 1),
        "goals": [(BFV, "1"), (BFV, "2")],
        "priority_areas": [(BFV, "1.1"), (BFV, "2.2")],
        "factors": [
            ("sf-kompromiss", "present", ""),
            ("sf-tillit", "present", ""),
            ("b-tomt", "present", ""),
        ],
        "events": [
            {
                "title": "Første møte med prosjektledelsen om tegninger og materialvalg",
                "date": date(2019, 7, 1),
                "method": "byggemote",
                "channel": "physical",
                "description": (
                    "Den framtidige beboeren møtte prosjektlederne sammen med boligsosialt team, "
                    "så på tegninger og materialer og var senere med på et byggemøte."
                    + _APPROX.format(when="måneden (juli 2019)")
                ),
                "expectations_clarified": True,
                "promise_to_participants": "Ønsker innenfor et normalt nivå skal vurderes.",
                "themes": ["utforming-kvalitet-storrelse"],
                "inputs": [
                    {
                        "theme": "utforming-kvalitet-storrelse",
                        "summary": (
                            "Ønsker om farger ute og inne, belysning, garderobeskap, vindushøyde "
                            "og plassering av inngangsdøren."
                        ),
                        "follow_up_status": "partly_met",
                        "answer": (
                            "De fleste ønskene ble innfridd innenfor rammene; der svaret var nei, "
                            "ble det tilbudt et alternativ."
                        ),
                    },
                ],
            },
            {
                "title": "Befaringer på byggeplassen",
                "date": date(2019, 9, 1),
                "method": "befaring",
                "channel": "physical",
                "description": (
                    "Flere befaringer i september og oktober, der håndverkerne snakket med "
                    "beboeren som med en byggherre."
                    + _APPROX.format(when="perioden (september–oktober 2019)")
                ),
                "expectations_clarified": True,
                "themes": ["utforming-kvalitet-storrelse"],
            },
            {
                "title": "Oppfølgingssamtale om erfaringer med boligen (eksempel)",
                "date": date(2026, 8, 20),
                "start_time": time(11, 0),
                "method": "behovssamtale",
                "channel": "outreach",
                "description": "Samtaler hjemme hos beboerne om hvordan husene fungerer.",
                "accessibility_measures": "Ansatte kommer hjem til beboerne.",
                "expectations_clarified": True,
                "promise_to_participants": "Svar på innspillene innen utgangen av september.",
                "feedback_due": date(2026, 9, 30),
                "themes": ["utforming-kvalitet-storrelse", "naboskap-og-bomiljo"],
                "consent_noted": True,
                "consent_how": "Muntlig.",
                "is_example": True,
                "participants": [("rop", "resident", 2), ("rop", "staff", 2)],
                "inputs": [
                    {
                        "theme": "utforming-kvalitet-storrelse",
                        "summary": "Ønske om bedre lydisolering mot veien.",
                    },
                    {
                        "theme": "naboskap-og-bomiljo",
                        "summary": "Ønske om tydelige avtaler om hvem naboene kan kontakte ved uro.",
                        "follow_up_status": "taken_forward",
                        "follow_up_date": date(2026, 9, 10),
                    },
                ],
            },
        ],
    },
    {
        "municipality": "3103",
        "name": "Aldersvennlig Moss – «Leve hele livet sammen i Moss»",
        "aim": (
            "En temaplan for et mer aldersvennlig Moss, med boligen i sentrum: innbyggerne skal "
            "planlegge tidlig for en bolig som passer i alderdommen, med tanke på omsorg, "
            "trygghet og sosialt nettverk, og kommunen skal forberede seg på at det blir flere "
            "eldre. Arbeidet startet i april 2021."
        ),
        "target_groups": ["eldre", "innbyggere", "innvandrere"],
        "participation_forms": ["innbyggermedvirkning", "samskaping"],
        "participation_description": (
            "Direkte innbyggermedvirkning på systemnivå; alle innbyggere ble invitert. Innbyggere "
            "var likeverdige medlemmer i én arbeidsgruppe for hvert av reformens fem "
            "innsatsområder og i referanse- og prosjektgruppen. Innsikt ble hentet gjennom en "
            "digital innbyggerundersøkelse med spørsmål innbyggerne var med på å lage, "
            "dybdeintervjuer med de eldste, «Fem på gata», gjestebud, seniortreff, benkeforslag "
            "og en løsningsworkshop."
        ),
        "strengths": (
            "Bred forankring og økt bevissthet om egen alderdom. Kan frigjøre boliger til yngre "
            "når eldre flytter tidlig til en tilpasset bolig."
        ),
        "success_factors": (
            "Å starte tidlig og ha tid til å involvere. Øremerkede ressurser, blant annet en "
            "kommunikasjonsansvarlig i om lag 25 prosent stilling og hjelp fra en "
            "tjenestedesigner. Først forankre, så mobilisere."
        ),
        "challenges": (
            "Å ta hensyn til alle innspill og gi en opplevelse av reell medvirkning. Å nå "
            "innbyggere med annen kulturell og språklig bakgrunn. Normen om å eie egen bolig, og "
            "at det kreves to tredjedels flertall i borettslaget for å ettermontere heis."
        ),
        "levels": ["collective", "system"],
        "directness": "direct",
        "intended_influence": 4,
        "status": "ongoing",
        "start_date": date(2021, 4, 1),
        "goals": [(ATTH, "3")],
        "priority_areas": [],
        "factors": [
            ("sf-tid", "present", ""),
            ("sf-dedikerte-ressurser", "partly", "Ressurser satt av, men mindre enn ønsket."),
            ("b-sprak-kultur", "present", ""),
            ("b-digitale-kanaler", "present", "Undersøkelsen nådde mest aldersgruppen 26–64."),
            ("b-heisregel", "present", ""),
            ("b-selveierskapsnorm", "present", ""),
        ],
        "events": [
            {
                "title": "Digital løsningsworkshop",
                "date": date(2021, 11, 1),
                "method": "workshop",
                "channel": "digital",
                "description": (
                    "Åpen invitasjon til alle innbyggere; over 100 påmeldte. Holdt digitalt på "
                    "grunn av en ny smittebølge, og fulgt opp med fysiske grupper for hvert "
                    "innsatsområde med deltakere fra ulike sektorer."
                    + _APPROX.format(when="at workshopen ble holdt under pandemien")
                ),
                "expectations_clarified": True,
                "promise_to_participants": "Resultatene tas inn i temaplanen, som sendes på høring.",
                "themes": ["boligpolitikken", "utforming-kvalitet-storrelse"],
                "inputs": [
                    {
                        "theme": "boligpolitikken",
                        "summary": (
                            "Behov for boliger tilpasset alderdommen nær sentrum og tjenester, og "
                            "hjelp til å planlegge egen bolig i god tid."
                        ),
                        "follow_up_status": "taken_forward",
                        "answer": "Tatt inn i temaplanen, som ble sendt på offentlig høring.",
                    },
                ],
            },
            {
                "title": "Seniortreff om boligbehov i alderdommen (eksempel)",
                "date": date(2026, 10, 20),
                "start_time": time(11, 0),
                "method": "seniortreff",
                "channel": "physical",
                "description": "Samtale i små grupper om bolig og alderdom.",
                "accessibility_measures": "Formiddag, trinnfritt lokale, teleslynge.",
                "expectations_clarified": True,
                "promise_to_participants": "Svar på innspillene innen en måned.",
                "feedback_due": date(2026, 11, 20),
                "themes": ["utforming-kvalitet-storrelse", "boligpolitikken"],
                "consent_noted": True,
                "consent_how": "Muntlig.",
                "is_example": True,
                "participants": [
                    ("eldre", "citizen", 18),
                    ("parorende", "relative", 3),
                    ("eldre", "staff", 2),
                ],
                "inputs": [
                    {
                        "theme": "utforming-kvalitet-storrelse",
                        "summary": "Etterspørsel etter leiligheter med heis nær sentrum.",
                        "follow_up_status": "taken_forward",
                        "follow_up_date": date(2026, 11, 2),
                    },
                    {
                        "theme": "boligpolitikken",
                        "summary": "Ønske om informasjon om hvordan man kan tilpasse egen bolig.",
                    },
                ],
            },
            {
                "title": "Innbyggermøte med befaring i sentrum (eksempel)",
                "date": date(2026, 12, 3),
                "start_time": time(17, 30),
                "method": "innbyggermote",
                "channel": "physical",
                "description": "Planlagt møte: gruppearbeid og en kort befaring til aktuelle tomter.",
                "accessibility_measures": "Kveldstid; transport for dem som trenger det.",
                "expectations_clarified": True,
                "promise_to_participants": "Oppsummering sendes til alle deltakerne.",
                "feedback_due": date(2027, 1, 15),
                "themes": ["boligpolitikken", "naboskap-og-bomiljo"],
                "is_example": True,
            },
        ],
    },
    {
        "municipality": "1804",
        "name": "Boligplan og boligsosial plan",
        "aim": (
            "Bodø har lenge samarbeidet med Husbanken om boligplan og boligsosial plan. Planen "
            "for 2018–2022 ble fulgt av en ny plan, vedtatt i september 2022, som gjelder til "
            "2025. Boligspørsmål tas også opp i bredere plansamtaler gjennom ByLab."
        ),
        "target_groups": ["innbyggere", "rop", "eldre", "nedsatt-funksjonsevne", "bostedslose"],
        "participation_forms": ["innbyggermedvirkning"],
        "participation_description": (
            "Innbyggermedvirkning i planprosessen. I 2018: dialogkafé for aktuelle brukergrupper, "
            "temamøte om boligspørsmål i Kirkens Bymisjon fulgt opp med en spørreundersøkelse "
            "blant gjestene der, og informasjons- og samtalemøter med pensjonistforeninger, "
            "næringsliv og kommunedelsutvalg. Under pandemien: digitale medvirkningsmøter med "
            "kommunale råd og utvalg og en spørreundersøkelse på Facebook."
        ),
        "strengths": (
            "Flere deltar i kommunal planlegging og lærer om medvirkning og om boligsektoren. "
            "Nye gruppers behov kommer fram, og kommunen får kunnskap til å lage bedre planer."
        ),
        "success_factors": (
            "Spissede og konkrete spørsmål til innbyggerne. Å møte innbyggernes egne initiativ "
            "positivt – som da seks foreldrepar tok initiativ til et bofellesskap for sine unge "
            "med funksjonsnedsettelse."
        ),
        "challenges": (
            "Innspillene blir ofte generelle, oppmøtet kan være lavt, og de samme ildsjelene går "
            "igjen. Informasjon og kunnskapsdeling er en forutsetning for engasjement."
        ),
        "levels": ["collective", "system"],
        "directness": "direct",
        "intended_influence": 2,
        "status": "ongoing",
        "start_date": date(2018, 1, 1),
        "goals": [(BFV, "3"), (ATTH, "3"), (ATTH, "4")],
        "priority_areas": [(BFV, "3.1"), (BFV, "3.3")],
        "factors": [
            ("sf-avgrenset-tema", "present", ""),
            ("b-lavt-oppmote", "present", ""),
            ("b-overordnede-sporsmal", "partly", ""),
        ],
        "events": [
            {
                "title": "Temamøte om boligspørsmål i Kirkens Bymisjon",
                "date": date(2018, 3, 1),
                "method": "temamote",
                "channel": "physical",
                "description": (
                    "Temamøte med Bymisjonens gjester, fulgt opp med en spørreundersøkelse blant "
                    "dem." + _APPROX.format(when="året (2018)")
                ),
                "themes": ["boligpolitikken"],
            },
            {
                "title": "Digitalt medvirkningsmøte med kommunale råd og utvalg",
                "date": date(2021, 10, 1),
                "method": "radsmote",
                "channel": "digital",
                "description": (
                    "Holdt digitalt under pandemien som del av arbeidet med planen for "
                    "2022–2025." + _APPROX.format(when="at møtet ble holdt under pandemien")
                ),
                "themes": ["boligpolitikken"],
            },
            {
                "title": "Dialogmøte om oppfølging av boligplanen (eksempel)",
                "date": date(2026, 9, 24),
                "start_time": time(18, 0),
                "method": "dialogmote",
                "channel": "hybrid",
                "description": "Små grupper rundt konkrete spørsmål fra handlingsdelen.",
                "accessibility_measures": "Kveldstid, servering, mulig å delta digitalt, tolk ved behov.",
                "expectations_clarified": True,
                "promise_to_participants": (
                    "Alle innspill får et skriftlig svar innen en måned, med hva som skjer videre."
                ),
                "feedback_due": date(2026, 10, 24),
                "feedback_given": date(2026, 10, 20),
                "feedback_how": (
                    "Referat med svar på hvert innspill sendt til deltakerne og lagt ut på "
                    "kommunens nettside."
                ),
                "themes": [
                    "tildeling-og-innflytting",
                    "trygghet-stabilitet-verdighet",
                    "naboskap-og-bomiljo",
                    "startlan",
                ],
                "consent_noted": True,
                "consent_how": "Muntlig ved oppstart; ingen navn i referatet.",
                "is_example": True,
                "participants": [
                    ("innbyggere", "citizen", 14),
                    ("nedsatt-funksjonsevne", "representative", 3),
                    ("eldre", "representative", 2),
                    ("rop", "representative", 2),
                    ("innbyggere", "staff", 3),
                ],
                "inputs": [
                    {
                        "theme": "tildeling-og-innflytting",
                        "summary": "Ønske om å få se boligen sammen med en veileder før tildeling.",
                        "follow_up_status": "incorporated",
                        "follow_up_date": date(2026, 10, 10),
                        "answer": "Visning før tildeling blir fast praksis fra 2027.",
                        "answered_on": date(2026, 10, 20),
                    },
                    {
                        "theme": "trygghet-stabilitet-verdighet",
                        "summary": "Ønske om lengre leiekontrakter i kommunale boliger.",
                        "follow_up_status": "partly_met",
                        "follow_up_date": date(2026, 10, 10),
                        "answer": (
                            "Kontraktstiden økes fra tre til fem år for de fleste boligene; "
                            "kortere kontrakter beholdes der det er faglig begrunnet."
                        ),
                        "answered_on": date(2026, 10, 20),
                    },
                    {
                        "theme": "naboskap-og-bomiljo",
                        "summary": "Flere møteplasser i nye boligområder.",
                        "follow_up_status": "parked",
                        "follow_up_date": date(2026, 10, 10),
                        "answer": "Tas med i neste rullering av planen.",
                        "answered_on": date(2026, 10, 20),
                    },
                    {
                        "theme": "startlan",
                        "summary": "Ønske om lempeligere krav til startlån for enslige forsørgere.",
                        "follow_up_status": "declined",
                        "follow_up_date": date(2026, 10, 10),
                        "answer": (
                            "Kravene er nasjonale og kan ikke endres av kommunen; kommunen tilbyr "
                            "i stedet individuell veiledning om startlån."
                        ),
                        "answered_on": date(2026, 10, 20),
                    },
                ],
            },
        ],
    },
    {
        "municipality": "1804",
        "name": "Dialogkafé om medvirkning i boligsosialt arbeid",
        "aim": (
            "Et forskningsprosjekt for Husbanken (Nordlandsforskning med Nord universitet) prøvde "
            "ut foreløpige funn om medvirkning i boligsosialt arbeid på en dialogkafé i Bodø. "
            "Batteriet Nord-Norge rekrutterte deltakere gjennom sitt nettverk, og invitasjonen "
            "ble også delt åpent på Facebook."
        ),
        "target_groups": [
            "vanskeligstilte",
            "bostedslose",
            "rop",
            "innvandrere",
            "eldre",
            "unge",
            "kommunale-leietakere",
        ],
        "participation_forms": ["brukermedvirkning", "innbyggermedvirkning"],
        "participation_description": (
            "Kollektiv medvirkning i små grupper rundt bord, med ansatte fra Kirkens Bymisjon "
            "som bordverter og forskere som gikk mellom bordene. Gjestene drøftet to spørsmål: "
            "hva det er viktig å kunne medvirke på for å ha et godt sted å bo, og hva som skal "
            "til for å styrke medvirkningen."
        ),
        "strengths": (
            "Et lavterskel møtested der makt og roller ble tonet ned. Deltakerne ga tydelige "
            "innspill, særlig om hvilke tema de vil ha en stemme i."
        ),
        "success_factors": (
            "En samarbeidspartner med nettverk i målgruppene, servering, kveldstid og små bord. "
            "Deltakelsen var frivillig, og gjestene bestemte selv hva de ville dele."
        ),
        "challenges": (
            "Det lyktes ikke å få til en tilsvarende kafé i en liten kommune. Eksemplene som ble "
            "lagt fram, virket teoretiske; de åpne spørsmålene fungerte bedre."
        ),
        "levels": ["collective"],
        "directness": "direct",
        "intended_influence": 2,
        "status": "completed",
        "start_date": date(2022, 11, 1),
        "end_date": date(2022, 12, 31),
        "goals": [(ATTH, "4")],
        "priority_areas": [(ATTH, "P1")],
        "factors": [
            ("sf-kollektive-metoder", "present", "Små bord med bordverter."),
            ("sf-tillit", "present", "Rekruttering gjennom en organisasjon deltakerne kjenner."),
        ],
        "events": [
            {
                "title": "Dialogkafé om medvirkning i boligsosialt arbeid",
                "date": date(2022, 11, 1),
                "start_time": time(18, 0),
                "method": "dialogkafe",
                "channel": "physical",
                "description": (
                    "Kveldsmøte ved Nord universitet i Bodø med 23 gjester fra blant annet "
                    "brukerorganisasjoner, innvandrerorganisasjoner, frivillige organisasjoner, "
                    "studenter, Housing First og Bolig Nu. Gjestene satt ved fem bord med "
                    "bordverter. Fordelingen av deltakerne på målgruppe og rolle er et anslag "
                    "laget for demonstrasjon; kilden oppgir bare at det var 23 gjester og hvilke "
                    "miljøer de kom fra."
                ),
                "accessibility_measures": (
                    "Kveldstid (kl. 18–20), gratis servering, små bord med bordverter, "
                    "rekruttering via en organisasjon deltakerne kjenner, og åpen invitasjon."
                ),
                "expectations_clarified": True,
                "promise_to_participants": (
                    "Innspillene brukes i et eget kapittel i forskningsrapporten. Ingenting som "
                    "kan identifisere den som snakker, blir notert."
                ),
                "feedback_due": date(2022, 12, 31),
                "feedback_given": date(2022, 12, 31),
                "feedback_how": (
                    "Innspillene er sammenfattet i forskningsrapporten, publisert i desember 2022."
                ),
                "themes": "all",
                "consent_noted": True,
                "consent_how": (
                    "Gjestene ble bedt om samtykke til at det de sa, kunne brukes i forskningen. "
                    "Deltakelsen var frivillig, og de bestemte selv hva de ville dele."
                ),
                # 23 in all; the split is an estimate (see the description).
                "participants": [
                    ("innvandrere", "representative", 4),
                    ("rop", "resident", 4),
                    ("bostedslose", "resident", 2),
                    ("eldre", "representative", 2),
                    ("unge", "resident", 3),
                    ("vanskeligstilte", "representative", 2),
                    ("vanskeligstilte", "staff", 5),
                    ("innbyggere", "other", 1),
                ],
                "inputs": [
                    {
                        "theme": "inntekt-og-boutgifter",
                        "summary": (
                            "Boutgiftene må stå i forhold til inntekten og være stabile. Unge og "
                            "studenter uten fast inntekt lurer på når de realistisk kan få egen "
                            "bolig."
                        ),
                    },
                    {
                        "theme": "startlan",
                        "summary": (
                            "Kravene til startlån passer dårlig for enslige forsørgere og for dem "
                            "som lever av arbeidsavklaringspenger; egenkapital og "
                            "nedbetalingstid ble trukket fram."
                        ),
                    },
                    {
                        "theme": "trygghet-stabilitet-verdighet",
                        "summary": (
                            "Ønske om lange, forutsigbare leiekontrakter – gjerne minst fem år – "
                            "og om at utleier ikke går inn i boligen uten varsel."
                        ),
                    },
                    {
                        "theme": "tildeling-og-innflytting",
                        "summary": (
                            "Tildeling bør starte med en samtale om behov, og man bør få se "
                            "boligen sammen med noen før den endelige tildelingen. Boligen må "
                            "være ferdig og trygg ved innflytting."
                        ),
                    },
                    {
                        "theme": "hjelp-og-oppfolging",
                        "summary": (
                            "Behov for en fast kontaktperson hele veien fram til en stabil bolig, "
                            "som også binder sammen NAV og helsetjenestene."
                        ),
                    },
                    {
                        "theme": "regler-kontroll-sanksjoner",
                        "summary": (
                            "Regler og kontroll i boligen oppleves til dels som inngripende; "
                            "ønske om mildere reaksjoner ved tilbakefall."
                        ),
                    },
                    {
                        "theme": "naboskap-og-bomiljo",
                        "summary": (
                            "Høy utskifting av beboere gjør det vanskelig å bygge naboskap; trygge "
                            "uteområder for barn er viktig."
                        ),
                    },
                    {
                        "theme": "boligpolitikken",
                        "summary": (
                            "Ønske om faste, forutsigbare møteplasser for medvirkning, også utenom "
                            "vanlig arbeidstid, og informasjon på et språk folk forstår."
                        ),
                    },
                ],
                # The café's input all went the same way: into the research report.
                "inputs_follow_up": {
                    "follow_up_status": "taken_forward",
                    "follow_up_date": date(2022, 12, 31),
                    "answer": (
                        "Tatt med i forskningsrapportens sammenfatning av hva deltakerne vil ha "
                        "en stemme i, og hva som skal til for å styrke medvirkningen."
                    ),
                    "answered_on": date(2022, 12, 31),
                },
            },
        ],
    },
    {
        "municipality": "3203",
        "name": "Boligplanprosess – «Stedskompasset»",
        "aim": (
            "Asker lager en plan for bærekraftig boligutvikling, sett i sammenheng med "
            "temaplanene for eldre, psykisk helse og rus og personer med funksjonsnedsettelse, "
            "med en horisont på tolv år. Kommunen har egen avdeling og temaplan for "
            "medborgerskap, lokalsamfunnsutvalg, innbyggertorg og et senter for innovasjon og "
            "læring, som har utviklet Stedskompasset: et verktøy for å kartlegge kvalitetene i "
            "et nærmiljø. Prosessen pågikk i 2022."
        ),
        "target_groups": ["innbyggere", "rop", "eldre", "nedsatt-funksjonsevne", "parorende"],
        "participation_forms": ["innbyggermedvirkning", "brukermedvirkning"],
        "participation_description": (
            "Innbyggermedvirkning i planprosessen: workshops ute i tjenestene der ansatte, "
            "brukere og pårørende arbeidet sammen – blant annet knyttet til Fontenehuset, en "
            "varmestue og boliger for personer med psykiske helse- og rusutfordringer – og møter "
            "mellom planleggerne og brukerråd. Medvirkning er også planlagt i gjennomføringen, i "
            "små blandede grupper rundt konkrete alternativer."
        ),
        "strengths": (
            "Økt involvering i planarbeidet, og planleggerne fikk kunnskap de ellers ikke ville "
            "fått, for eksempel om hvordan bofellesskap bør settes sammen."
        ),
        "success_factors": (
            "Grundig planlegging og avklarte forventninger om framdrift og resultater. En "
            "organisasjon bygd for medborgerskap, med egen avdeling, temaplan og "
            "innovasjonssenter."
        ),
        "challenges": (
            "Å unngå at synlige tiltak og resultater lar vente på seg når horisonten er lang. "
            "Medvirkning krever tid og ressurser og må ikke bli en avkrysning."
        ),
        "levels": ["collective", "system"],
        "directness": "direct",
        "intended_influence": 3,
        "status": "ongoing",
        "start_date": date(2022, 1, 1),
        "goals": [(ATTH, "3"), (ATTH, "4")],
        "priority_areas": [(ATTH, "P3")],
        "factors": [
            ("sf-medborgerskap", "present", ""),
            ("b-lang-tidshorisont", "present", "Planhorisont på tolv år."),
        ],
        "events": [
            {
                "title": "Workshop med brukere, pårørende og ansatte",
                "date": date(2022, 3, 1),
                "method": "workshop",
                "channel": "physical",
                "description": (
                    "En av flere workshops ute i tjenestene." + _APPROX.format(when="året (2022)")
                ),
                "expectations_clarified": True,
                "themes": ["regler-kontroll-sanksjoner", "naboskap-og-bomiljo"],
                "inputs": [
                    {
                        "theme": "regler-kontroll-sanksjoner",
                        "summary": (
                            "Lavterskeltilbud der ruspåvirkede ikke slipper inn, stenger i praksis "
                            "noen ute."
                        ),
                        "follow_up_status": "taken_forward",
                        "answer": "Tatt med i arbeidet med boligplanen.",
                    },
                    {
                        "theme": "naboskap-og-bomiljo",
                        "summary": (
                            "Personer med ulike behov bør ikke settes sammen i samme bofellesskap "
                            "uten at sammensetningen vurderes."
                        ),
                        "follow_up_status": "taken_forward",
                        "answer": "Tatt med i arbeidet med boligplanen.",
                    },
                ],
            },
            {
                "title": "Møte mellom planleggerne og brukerrådet",
                "date": date(2022, 4, 1),
                "method": "brukerrad",
                "channel": "physical",
                "description": "Drøfting av boligplanen med brukerrådet."
                + _APPROX.format(when="året (2022)"),
                "themes": ["boligpolitikken"],
            },
            {
                "title": "Stedskompass-kartlegging i nærmiljøet (eksempel)",
                "date": date(2026, 6, 10),
                "start_time": time(17, 0),
                "method": "stedskompass",
                "channel": "physical",
                "description": "Kartlegging av kvalitetene i ett nærmiljø med Stedskompasset.",
                "accessibility_measures": "Ettermiddag, trinnfri rute, barnepass.",
                "expectations_clarified": True,
                "promise_to_participants": "Resultatet og svar på innspillene publiseres innen august.",
                "feedback_due": date(2026, 8, 31),
                "feedback_given": date(2026, 8, 28),
                "feedback_how": "Diagram og svar lagt ut på kommunens nettside og sendt til deltakerne.",
                "themes": ["naboskap-og-bomiljo", "boligpolitikken"],
                "consent_noted": True,
                "consent_how": "Skriftlig informasjon ved oppmøte; ingen navn registrert.",
                "is_example": True,
                "participants": [
                    ("innbyggere", "citizen", 22),
                    ("eldre", "citizen", 6),
                    ("unge", "citizen", 5),
                    ("innbyggere", "staff", 3),
                ],
                "inputs": [
                    {
                        "theme": "naboskap-og-bomiljo",
                        "summary": "Mangler belysning på gangveien mellom boligområdet og skolen.",
                        "follow_up_status": "incorporated",
                        "follow_up_date": date(2026, 8, 15),
                        "answer": "Belysning er tatt inn i budsjettforslaget for 2027.",
                        "answered_on": date(2026, 8, 28),
                    },
                    {
                        "theme": "boligpolitikken",
                        "summary": "Ønske om flere små, rimelige boliger for unge i nærmiljøet.",
                        "follow_up_status": "taken_forward",
                        "follow_up_date": date(2026, 8, 15),
                        "answer": "Tas med i boligplanens handlingsdel.",
                        "answered_on": date(2026, 8, 28),
                    },
                ],
            },
        ],
    },
    {
        "municipality": "5510",
        "name": "Boligplan 2022–2025",
        "aim": (
            "Kvæfjords første boligplan med en boligsosial del, vedtatt i mars 2022 for "
            "perioden 2022–2025. En liten kommune med mange bygder, der tjenestene må samordnes "
            "bedre og det trengs flere egnede kommunale boliger."
        ),
        "target_groups": ["innbyggere", "eldre", "kommunale-leietakere"],
        "participation_forms": ["innbyggermedvirkning"],
        "participation_description": (
            "Workshops med Husbanken, de boligrelaterte tjenestene og det kommunale selskapet som "
            "eier de kommunale boligene. I den bredere planrevisjonen: åpen dag på rådhuset og "
            "bygdemøter rundt i kommunen der innbyggerne skrev ned innspillene sine. Ellers "
            "lovpålagt medvirkning."
        ),
        "strengths": (
            "Økt involvering i planarbeidet. Oppmøtet var ganske godt, og bedre i de små bygdene "
            "enn i kommunesenteret."
        ),
        "success_factors": (
            "Kort avstand mellom innbyggere og beslutningstakere i en liten kommune, og en "
            "dugnadsånd å bygge på."
        ),
        "challenges": (
            "Det er vanskelig å engasjere og mobilisere folk. Få og små kommunale boliger, ofte "
            "på feil sted, gir lite å velge mellom."
        ),
        "levels": ["collective", "system"],
        "directness": "direct",
        "intended_influence": 2,
        "status": "ongoing",
        "goals": [(ATTH, "3"), (ATTH, "4")],
        "priority_areas": [],
        "factors": [
            ("sf-lokale-fellesskap", "present", "Dugnadsånd."),
            ("b-fa-boliger", "present", ""),
            ("b-lavt-oppmote", "partly", "Bedre oppmøte i bygdene enn i sentrum."),
        ],
        "events": [
            {
                "title": "Workshop med Husbanken og boligtjenestene",
                "date": date(2021, 9, 1),
                "method": "workshop",
                "channel": "physical",
                "description": (
                    "Samordning av tjenestene og det kommunale boligselskapet."
                    + _APPROX.format(when="at den ble holdt før planvedtaket i mars 2022")
                ),
                "themes": ["boligpolitikken"],
            },
            {
                "title": "Åpen dag på rådhuset",
                "date": date(2021, 10, 1),
                "method": "apen-dag",
                "channel": "physical",
                "description": "Del av planrevisjonen."
                + _APPROX.format(when="at den ble holdt før planvedtaket i mars 2022"),
                "themes": ["boligpolitikken"],
            },
            {
                "title": "Bygdemøter",
                "date": date(2021, 10, 15),
                "method": "bygdemote",
                "channel": "physical",
                "description": (
                    "Møter rundt i bygdene der innbyggerne skrev ned innspill; registrert som én "
                    "aktivitet." + _APPROX.format(when="at de ble holdt før planvedtaket")
                ),
                "themes": ["boligpolitikken", "utforming-kvalitet-storrelse"],
                "inputs": [
                    {
                        "theme": "boligpolitikken",
                        "summary": (
                            "Behov for flere og mer egnede boliger der folk vil bo, også utenfor "
                            "kommunesenteret."
                        ),
                        "follow_up_status": "taken_forward",
                        "answer": "Tatt inn i boligplanen for 2022–2025.",
                    },
                ],
            },
            {
                "title": "Bygdemøte om boligbehov i bygdene (eksempel)",
                "date": date(2026, 10, 8),
                "start_time": time(19, 0),
                "method": "bygdemote",
                "channel": "physical",
                "description": "Oppfølging av boligplanen i grendehuset.",
                "accessibility_measures": "Kveldstid, kaffe, samkjøring fra kommunesenteret.",
                "expectations_clarified": True,
                "promise_to_participants": "Svar på innspillene innen en måned.",
                "feedback_due": date(2026, 11, 8),
                "themes": ["boligpolitikken", "utforming-kvalitet-storrelse"],
                "consent_noted": True,
                "consent_how": "Muntlig.",
                "is_example": True,
                "participants": [
                    ("innbyggere", "citizen", 27),
                    ("eldre", "citizen", 9),
                    ("innbyggere", "staff", 2),
                ],
                "inputs": [
                    {
                        "theme": "boligpolitikken",
                        "summary": "Eldre vil bo i bygda, men det mangler tilpassede boliger der.",
                    },
                    {
                        "theme": "utforming-kvalitet-storrelse",
                        "summary": "Flere kommunale boliger trenger vedlikehold.",
                        "follow_up_status": "taken_forward",
                        "follow_up_date": date(2026, 10, 30),
                    },
                ],
            },
        ],
    },
    {
        "municipality": "1804",
        "name": "Foyer Bodø",
        "aim": (
            "Ungdom fra 16 til 23 år leier egen hybel i et bofellesskap med jevnaldrende og får "
            "støtte fra miljøterapeuter, i samarbeid med NAV, helsetjenester og andre. Først "
            "bolig, så andre tiltak. Deltakelsen er frivillig; i praksis kommer beboerne via "
            "barnevernet."
        ),
        "target_groups": ["unge", "barn-og-unge"],
        "participation_forms": ["brukermedvirkning"],
        "participation_description": (
            "Brukermedvirkning etter Foyermodellen: ungdommen skriver selv om egne behov før et "
            "første møte, tenker seg om og lager deretter en tiltaksplan sammen med de ansatte, "
            "med mål for økonomi, fritid, helse og nettverk. Avtale om botid. Felles ønsker tas "
            "opp på beboermøter, egne ønsker i samtaler og møter med koordinator."
        ),
        "strengths": (
            "Botiden avtales med den unge, som selv avgjør om og hvor lenge hen vil bo der; "
            "ingen tvang."
        ),
        "success_factors": (
            "Balansen mellom hjelp fra flere aktører samtidig og respekt for ungdommens "
            "selvstendighet."
        ),
        "challenges": (
            "Mange systemaktører rundt én ung person kan oppleves som press og virke manipulerende."
        ),
        "levels": ["individual", "collective"],
        "directness": "direct",
        "intended_influence": 5,
        "status": "ongoing",
        "goals": [(BFV, "S")],
        "priority_areas": [(ATTH, "P2")],
        "factors": [
            ("sf-valgmuligheter", "present", "Ungdommen velger selv å bo der og hvor lenge."),
            ("b-mange-systemaktorer", "present", ""),
        ],
        "events": [
            {
                "title": "Beboermøte (eksempel)",
                "date": date(2026, 10, 12),
                "start_time": time(17, 0),
                "method": "beboermote",
                "channel": "physical",
                "description": "Månedlig beboermøte om felles ønsker.",
                "accessibility_measures": "Ettermiddag, middag sammen først.",
                "expectations_clarified": True,
                "promise_to_participants": "Svar på neste beboermøte.",
                "feedback_due": date(2026, 10, 26),
                "feedback_given": date(2026, 10, 19),
                "feedback_how": "Svar gitt på neste beboermøte.",
                "themes": ["regler-kontroll-sanksjoner", "frihet-og-selvraderett"],
                "consent_noted": True,
                "consent_how": "Muntlig.",
                "is_example": True,
                "participants": [("unge", "resident", 6), ("unge", "staff", 2)],
                "inputs": [
                    {
                        "theme": "regler-kontroll-sanksjoner",
                        "summary": "Ønske om å kunne ha overnattingsbesøk i helgene.",
                        "follow_up_status": "partly_met",
                        "follow_up_date": date(2026, 10, 15),
                        "answer": "Tillatt én natt i helgene etter avtale med miljøterapeut.",
                        "answered_on": date(2026, 10, 19),
                    },
                    {
                        "theme": "frihet-og-selvraderett",
                        "summary": "Ønske om å bestemme mer over felles innkjøp.",
                        "follow_up_status": "incorporated",
                        "follow_up_date": date(2026, 10, 15),
                        "answer": "Beboerne disponerer et eget fellesbudsjett fra november.",
                        "answered_on": date(2026, 10, 19),
                    },
                ],
            },
            {
                "title": "Beboermøte (eksempel)",
                "date": date(2026, 11, 9),
                "start_time": time(17, 0),
                "method": "beboermote",
                "channel": "physical",
                "description": "Månedlig beboermøte om felles ønsker.",
                "accessibility_measures": "Ettermiddag, middag sammen først.",
                "expectations_clarified": True,
                "promise_to_participants": "Svar på neste beboermøte.",
                "feedback_due": date(2026, 11, 23),
                "themes": ["naboskap-og-bomiljo"],
                "consent_noted": True,
                "consent_how": "Muntlig.",
                "is_example": True,
                "participants": [("unge", "resident", 5), ("unge", "staff", 2)],
                "inputs": [
                    {"theme": "naboskap-og-bomiljo", "summary": "Ønske om en felles tur før jul."},
                ],
            },
        ],
    },
    {
        "municipality": "1804",
        "name": "BPA – brukerstyrt personlig assistanse (eksempel)",
        "is_example": True,
        "aim": (
            "Personer med stort assistansebehov får vedtak om brukerstyrt personlig assistanse og "
            "styrer selv tjenestene og hverdagen, i og utenfor hjemmet. Kilden beskriver "
            "ordningen generelt, ut fra et intervju med Uloba, og ikke for en bestemt kommune; "
            "her er den lagt inn under Bodø som eksempel."
        ),
        "target_groups": ["nedsatt-funksjonsevne"],
        "participation_forms": ["brukerstyring"],
        "participation_description": (
            "Brukerstyring: brukeren, eller en nærstående, er arbeidsleder for assistentene. "
            "Bygger på kommunens vedtak."
        ),
        "strengths": (
            "Kan gjøre boligsituasjonen mindre avhengig av hvor helse- og omsorgstjenestene gis, "
            "slik at flere kan bo i egen bolig."
        ),
        "success_factors": (
            "Kunnskap om ordningen og god dialog mellom kommune og bruker. Timer som utmåles "
            "etter søkerens behov."
        ),
        "challenges": (
            "Økonomiske hensyn kan veie tyngre enn brukerens behov i saksbehandlingen. Det er "
            "vanskeligere å få BPA i samlokaliserte boliger med heldøgns tjenester, og de som "
            "ikke kan være egen arbeidsleder, faller lett utenfor."
        ),
        "levels": ["individual"],
        "directness": "direct",
        "intended_influence": 5,
        "status": "ongoing",
        "goals": [(BFV, "2")],
        "priority_areas": [(BFV, "2.2"), (ATTH, "P3")],
        "factors": [
            ("b-tjenester-koblet-til-bolig", "present", ""),
            ("sf-kunnskap", "partly", ""),
        ],
        "events": [
            {
                "title": "Dialogmøte med brukerorganisasjon om BPA (eksempel)",
                "date": date(2026, 5, 5),
                "start_time": time(13, 0),
                "method": "dialogmote",
                "channel": "hybrid",
                "description": "Erfaringer med vedtak og utmåling av timer.",
                "accessibility_measures": "Universelt utformet lokale; digital deltakelse mulig.",
                "expectations_clarified": True,
                "promise_to_participants": "Skriftlig svar innen utgangen av juni.",
                "feedback_due": date(2026, 6, 30),
                "feedback_given": date(2026, 6, 24),
                "feedback_how": "Brev til organisasjonen.",
                "themes": ["frihet-og-selvraderett", "hjelp-og-oppfolging"],
                "consent_noted": True,
                "consent_how": "Muntlig.",
                "is_example": True,
                "participants": [
                    ("nedsatt-funksjonsevne", "representative", 4),
                    ("parorende", "relative", 2),
                    ("nedsatt-funksjonsevne", "staff", 3),
                ],
                "inputs": [
                    {
                        "theme": "frihet-og-selvraderett",
                        "summary": (
                            "Timer bør utmåles etter behov og ikke kuttes når færre timer brukes "
                            "i en periode."
                        ),
                        "follow_up_status": "taken_forward",
                        "follow_up_date": date(2026, 6, 10),
                        "answer": "Tatt med i revisjonen av kommunens retningslinjer for BPA.",
                        "answered_on": date(2026, 6, 24),
                    },
                    {
                        "theme": "hjelp-og-oppfolging",
                        "summary": "BPA bør kunne innvilges uansett boform.",
                        "follow_up_status": "parked",
                        "follow_up_date": date(2026, 6, 10),
                        "answer": "Vurderes når boligplanen rulleres.",
                        "answered_on": date(2026, 6, 24),
                    },
                ],
            },
        ],
    },
    {
        "municipality": "5028",
        "name": "Robuste boliger",
        "aim": (
            "Melhus erstattet et utrangert småbruk langt fra sentrum med fire robuste småhus for "
            "personer med rus- og psykiske lidelser, på to av tre tomter avsatt til "
            "boligsosiale formål – den ene med plassbygde hus, den andre med modulhus. Husene er "
            "laget for å være vanskelige å ødelegge og enkle å reparere, men likevel hjemlige. "
            "Forprosjektet med SINTEF Byggforsk ble finansiert med kompetansetilskudd, "
            "byggingen med investeringstilskudd og en åpen bevilling fra kommunestyret."
        ),
        "target_groups": ["rop", "tidligere-innsatte"],
        "participation_forms": ["brukermedvirkning"],
        "participation_description": (
            "Indirekte brukermedvirkning: det var vanskelig å samle de framtidige beboerne til "
            "møter, så Rus- og tiltakstjenesten tok med seg ønskene deres fra samtaler de "
            "likevel hadde, inn i den tverrfaglige arbeidsgruppen med NAV, politiet og Bygg og "
            "eiendom."
        ),
        "strengths": (
            "Beboerne mestrer å bo bedre, hærverket er nesten borte, og naboene har vent seg til "
            "husene. De ansatte føler seg tryggere."
        ),
        "success_factors": (
            "Tverrfaglig samarbeid med klare roller og vilje til å gi og ta på tvers av "
            "budsjetter. En bo-veileder i eiendomsavdelingen som følger opp både boligene og "
            "beboerne."
        ),
        "challenges": (
            "Å finne en mellomvei mellom beboernes ønsker og det som var mulig. Naboer var imot "
            "prosjektet. Brannvesenet burde vært med fra starten."
        ),
        "levels": ["individual"],
        "directness": "indirect",
        "intended_influence": 2,
        "status": "completed",
        "start_date": date(2013, 1, 1),
        "end_date": date(2016, 12, 31),
        "goals": [(BFV, "1"), (BFV, "2"), (BFV, "3")],
        "priority_areas": [(BFV, "1.1"), (BFV, "2.2"), (BFV, "3.2")],
        "factors": [
            ("sf-helhetsperspektiv", "present", "Tverrfaglig arbeidsgruppe og boligteam."),
            ("b-tomt", "partly", "Naboene hadde lite å si om plasseringen."),
        ],
        "events": [
            {
                "title": "Samtaler med framtidige beboere via Rus- og tiltakstjenesten",
                "date": date(2014, 1, 1),
                "method": "behovssamtale",
                "channel": "outreach",
                "description": (
                    "Ansatte tok opp boligen i samtaler de likevel hadde med de framtidige "
                    "beboerne, og tok innspillene med til arbeidsgruppen."
                    + _APPROX.format(when="at samtalene ble ført i planleggingen")
                ),
                "themes": ["utforming-kvalitet-storrelse"],
                "inputs": [
                    {
                        "theme": "utforming-kvalitet-storrelse",
                        "summary": "Boligen må føles som et hjem, ikke bare være robust.",
                        "follow_up_status": "partly_met",
                        "answer": (
                            "Materialvalg som blander solide og lunere materialer, og en åpen "
                            "planløsning."
                        ),
                    },
                ],
            },
            {
                "title": "Evaluering med beboere og bo-veileder (eksempel)",
                "date": date(2019, 11, 12),
                "start_time": time(12, 0),
                "method": "behovssamtale",
                "channel": "outreach",
                "description": "Samtaler om hvordan husene fungerer etter noen år.",
                "accessibility_measures": "Samtalene holdes hjemme hos beboerne.",
                "expectations_clarified": True,
                "promise_to_participants": "Svar innen utgangen av året.",
                "feedback_due": date(2019, 12, 31),
                "feedback_given": date(2019, 12, 10),
                "feedback_how": "Muntlig ved neste besøk.",
                "themes": ["hjelp-og-oppfolging"],
                "consent_noted": True,
                "consent_how": "Muntlig.",
                "is_example": True,
                "participants": [("rop", "resident", 3), ("rop", "staff", 2)],
                "inputs": [
                    {
                        "theme": "hjelp-og-oppfolging",
                        "summary": "Beboerne ønsket fortsatt fast kontakt med bo-veilederen.",
                        "follow_up_status": "incorporated",
                        "follow_up_date": date(2019, 12, 1),
                        "answer": "Bo-veilederen fortsetter med faste besøk.",
                        "answered_on": date(2019, 12, 10),
                    },
                ],
            },
        ],
    },
]

# --- Programme -------------------------------------------------------------------------------------

AGREEMENTS: list[dict] = [
    {
        # Melhus' mutual cooperation agreement with Husbanken Midt-Norge (programme municipality
        # 2013–2016), renewed for Kommuneprogrammet 2016–2020. The split date in 2016 is ours.
        "municipality": "5028",
        "kind": "cooperation",
        "level": "town",
        "start_date": date(2013, 1, 1),
        "end_date": date(2016, 6, 30),
        "signatories": "Husbanken Midt-Norge (regiondirektør) og Melhus kommune (rådmann)",
        "check_items": {
            "programme_leader": ("met", "Programleder utpekt i helse og omsorg."),
            "resource_group": (
                "met",
                "Tverrfaglig arbeidsgruppe med Rus- og tiltakstjenesten, NAV, politiet og Bygg og "
                "eiendom.",
            ),
            "anchoring": (
                "met",
                "Politisk forankret i helse- og omsorgskomiteen, administrativt på "
                "kommunalsjefnivå.",
            ),
            "economic_plan": (
                "met",
                "Kommunestyret vedtok en åpen bevilling til kjøp av kommunale boliger.",
            ),
            "land_use": ("met", "Tre tomter avsatt til boligsosiale formål."),
            "instruments": ("met", "Kompetansetilskudd og investeringstilskudd brukt."),
            "reporting": ("met", "Årlige aktivitetsplaner for det boligsosiale arbeidet."),
        },
    },
    {
        "municipality": "5028",
        "kind": "programme",
        "level": "town",
        "start_date": date(2016, 7, 1),
        "end_date": date(2020, 12, 31),
        "signatories": "Husbanken Midt-Norge (regiondirektør) og Melhus kommune (rådmann)",
        "renews": date(2013, 1, 1),
        "sub_goals": ["eks-1.1-a", "eks-1.2-a", "eks-2.1-a"],
        "check_items": {
            "programme_leader": ("met", ""),
            "resource_group": ("met", "Boligteamet videreført."),
            "anchoring": ("met", "Assisterende rådmann følger framdriften."),
            "economic_plan": ("met", ""),
            "land_use": ("met", ""),
            "instruments": ("met", ""),
            "reporting": ("in_progress", "Rapportering på styringsparametere pågår."),
        },
    },
    {
        "municipality": "1804",
        "kind": "cooperation",
        "level": "town",
        "start_date": date(2023, 1, 1),
        "end_date": date(2026, 12, 31),
        "signatories": "Husbanken Nord (regiondirektør) og Bodø kommune (kommunedirektør)",
        "is_example": True,
        "sub_goals": ["eks-1.1-a", "eks-3.3-a"],
        "check_items": {
            "programme_leader": ("met", "Programleder i boligkontoret (eksempel)."),
            "resource_group": ("met", "Ressursgruppe med NAV, helse og eiendom (eksempel)."),
            "anchoring": ("in_progress", "Sak til formannskapet planlagt (eksempel)."),
            "economic_plan": ("in_progress", ""),
            "land_use": ("met", "Boligsosiale hensyn i kommuneplanens arealdel (eksempel)."),
            "instruments": ("met", ""),
            "reporting": ("not_started", ""),
        },
    },
]

PROGRAMME_CONTACTS: list[dict] = [
    {
        "municipality": "1804",
        "name": "Programleder (eksempel)",
        "role": "leader",
        "sector": "Boligkontoret",
        "start_date": date(2023, 1, 1),
    },
    {
        "municipality": "1804",
        "name": "Ressursgruppemedlem NAV (eksempel)",
        "role": "resource_group",
        "sector": "NAV",
        "start_date": date(2023, 1, 1),
    },
    {
        "municipality": "5028",
        "name": "Programleder (eksempel)",
        "role": "leader",
        "sector": "Helse og omsorg",
        "start_date": date(2013, 1, 1),
        "end_date": date(2020, 12, 31),
    },
    {
        "municipality": "5028",
        "name": "Ressursgruppemedlem Bygg og eiendom (eksempel)",
        "role": "resource_group",
        "sector": "Bygg og eiendom",
        "start_date": date(2013, 1, 1),
    },
    {
        "municipality": "5510",
        "name": "Programleder (eksempel)",
        "role": "leader",
        "sector": "Plan og utvikling",
        "start_date": date(2022, 1, 1),
        "end_date": date(2026, 9, 30),
    },
]

# Commitments: "responsible" is a demo username, or "responsible_name" a role title.
MEETINGS: list[dict] = [
    {
        "kind": "annual",
        "title": "Årsmøte med politisk og administrativ ledelse (eksempel)",
        "date": date(2026, 3, 12),
        "municipalities": ["1804"],
        "participants": (
            "Ordfører, kommunedirektør, programleder og NAV-leder; Husbanken Nord (rådgiver og "
            "regiondirektør)"
        ),
        "minutes": (
            "Status for boligplanen og medvirkningsarbeidet i 2025. Enighet om å prioritere "
            "visning før tildeling og lengre leiekontrakter."
        ),
        "commitments": [
            {
                "municipality": "1804",
                "description": "Legge fram forslag om visning før tildeling av kommunal bolig.",
                "responsible": "bodo",
                "due_date": date(2026, 6, 30),
                "status": "done",
                "closed_on": date(2026, 6, 20),
            },
            {
                "municipality": "1804",
                "description": "Sende Husbanken en oversikt over ubrukte midler fra kompetansetilskuddet.",
                "responsible": "bodo",
                "due_date": date(2026, 9, 1),
            },
            {
                "municipality": "1804",
                "description": "Invitere brukerorganisasjonene til et felles dialogmøte om boligplanen.",
                "responsible_name": "Programleder (eksempel)",
                "due_date": date(2026, 9, 15),
                "status": "done",
                "closed_on": date(2026, 9, 10),
            },
            {
                "municipality": "1804",
                "description": "Gi tilbakemelding på utkast til ny handlingsdel.",
                "responsible": "radgiver",
                "due_date": date(2027, 1, 31),
            },
        ],
    },
    {
        "kind": "regional",
        "title": "Regional samling for programledere i Nord (eksempel)",
        "date": date(2026, 5, 20),
        "municipalities": ["1804", "5510"],
        "participants": "Programledere og kontaktpersoner fra kommunene; Husbanken Nord",
        "minutes": "Erfaringsdeling om medvirkning i små og store kommuner.",
        "commitments": [
            {
                "municipality": "5510",
                "description": "Dele erfaringene fra bygdemøtene med ressursgruppen.",
                "responsible_name": "Programleder (eksempel)",
                "due_date": date(2026, 8, 31),
            },
            {
                "municipality": "1804",
                "description": "Sende invitasjon og program fra dialogmøtet til de andre kommunene.",
                "responsible": "bodo",
                "due_date": date(2026, 6, 15),
                "status": "done",
                "closed_on": date(2026, 6, 5),
            },
        ],
    },
    {
        "kind": "operative",
        "title": "Operativt møte om Robuste boliger (eksempel)",
        "date": date(2015, 2, 5),
        "municipalities": ["5028"],
        "participants": "Rus- og tiltakstjenesten, NAV, Bygg og eiendom; Husbanken Midt-Norge",
        "minutes": "Erfaringer fra byggingen og plan for oppfølging av beboerne.",
        "commitments": [
            {
                "municipality": "5028",
                "description": "Invitere brannvesenet inn i neste byggeprosjekt.",
                "responsible_name": "Programleder (eksempel)",
                "due_date": date(2015, 6, 30),
                "status": "done",
                "closed_on": date(2015, 6, 1),
            },
        ],
    },
]

RISK_FLAGS: list[dict] = [
    {
        "municipality": "5510",
        "kind": "leader_left",
        "note": "Programlederen sluttet i september, og ingen ny er utpekt (eksempel).",
        "raised_on": date(2026, 10, 1),
    },
    {
        "municipality": "5510",
        "kind": "no_follow_up",
        "source": "rule",
        "note": "Oppfølgingspunkt fra den regionale samlingen i mai er ikke lukket (eksempel).",
        "raised_on": date(2026, 9, 5),
    },
    {
        "municipality": "1804",
        "kind": "unspent",
        "note": "Store deler av kompetansetilskuddet for 2025 er ikke brukt (eksempel).",
        "raised_on": date(2026, 2, 1),
        "closed_on": date(2026, 6, 20),
        "close_note": "Midlene er fordelt i handlingsplanen for 2026 (eksempel).",
    },
]

# Amounts are invented: the sources give none.
GRANTS: list[dict] = [
    {
        "municipality": "1804",
        "instrument": "kompetansetilskudd",
        "year": 2025,
        "applied": 800_000,
        "granted": 600_000,
        "paid": 250_000,
        "purpose": "Medvirkning i oppfølgingen av boligplanen (eksempel)",
    },
    {
        "municipality": "1804",
        "instrument": "tilskudd-utleieboliger",
        "year": 2024,
        "applied": 3_000_000,
        "granted": 2_400_000,
        "paid": 2_400_000,
        "purpose": "Kjøp av utleieboliger for barnefamilier (eksempel)",
    },
    {
        "municipality": "5028",
        "instrument": "kompetansetilskudd",
        "year": 2014,
        "applied": 400_000,
        "granted": 350_000,
        "paid": 350_000,
        "purpose": "Forprosjekt Robuste boliger med SINTEF Byggforsk (eksempelbeløp)",
    },
    {
        "municipality": "5028",
        "instrument": "investeringstilskudd",
        "year": 2015,
        "applied": 4_000_000,
        "granted": 3_200_000,
        "paid": 3_200_000,
        "purpose": "Bygging av fire robuste småhus (eksempelbeløp)",
    },
    {
        "municipality": "5510",
        "instrument": "kompetansetilskudd",
        "year": 2025,
        "applied": 300_000,
        "granted": 300_000,
        "paid": 0,
        "purpose": "Oppfølging av boligplanen (eksempel)",
    },
]

# Success-criteria assessments (Bolig for velferd's six), ratings 1–4 in criteria order.
CRITERION_ASSESSMENTS: list[dict] = [
    {
        "municipality": "5028",
        "year": 2019,
        "assessor": "adviser",
        "ratings": [4, 3, 4, 3, 3, 2],
        "reason": "Eksempelvurdering.",
    },
    {
        "municipality": "1804",
        "year": 2025,
        "assessor": "self",
        "ratings": [3, 3, 3, 2, 3, 3],
        "reason": "Eksempelvurdering gjort av kommunen.",
    },
    {
        "municipality": "1804",
        "year": 2025,
        "assessor": "adviser",
        "ratings": [3, 2, 3, 2, 3, 2],
        "reason": "Eksempelvurdering gjort av Husbanken.",
    },
    {
        "municipality": "5510",
        "year": 2025,
        "assessor": "adviser",
        "ratings": [2, 2, 1, 2, 1, 2],
        "reason": "Eksempelvurdering gjort av Husbanken.",
    },
]

# --- Reporting ------------------------------------------------------------------------------------
# Yearly periods under the last seeded strategy; 2025 stays open until a new strategy is added.

REPORTING_STRATEGY = ATTH
REPORTING_YEARS: dict[int, dict] = {
    2022: {"status": "closed", "deadline": date(2023, 3, 1)},
    2023: {"status": "closed", "deadline": date(2024, 3, 1)},
    2024: {"status": "closed", "deadline": date(2025, 3, 1)},
    2025: {"status": "open", "deadline": date(2026, 12, 15)},
}

# Indicator (code within REPORTING_STRATEGY) → (typical value per 1 000 inhabitants, or the
# rate itself for per-1 000 indicators; yearly drift). Values are synthetic.
INDICATOR_PROFILES: dict[str, tuple[float, float]] = {
    "bostedslose-husstander": (0.7, -0.05),
    "midlertidig-over-tre-maneder": (0.25, -0.08),
    "begjaeringer-utkastelse": (1.8, -0.03),
    "gjennomforte-utkastelser": (0.35, -0.04),
    "startlan-innvilget": (2.2, 0.04),
    "kommunale-utleieboliger-per-1000": (20.0, 0.01),
    "venteliste-kommunal-bolig": (1.1, -0.02),
}

# Which municipalities report which years, and the status their values have.
# Default for a reported year: "approved". Overrides per (municipality, year).
INDICATOR_REPORTERS: list[str] = ["1804", "3203", "5510", "4205", "3103", "5038", "5028"]
INDICATOR_STATUS: dict[tuple[str, int], str] = {
    ("5510", 2024): "returned",
    ("3103", 2024): "submitted",
    ("1804", 2025): "submitted",
    ("3203", 2025): "draft",
    ("5028", 2025): "draft",
}
RETURNED_COMMENT = "Tallet avviker mye fra året før; kontroller kilden (eksempel)."
