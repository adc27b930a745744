"""A report document built by hand for the renderer tests: known cells of every kind, symbols,
formula-like text, a chart and a stored table whose rows come from a generator."""

from __future__ import annotations

from collections.abc import Iterator

from participation.reports.document import (
    COUNT,
    DATE,
    NOK,
    NUMBER,
    PERCENT,
    SUPPRESSED,
    TEXT,
    WITHHELD,
    Chart,
    Column,
    Definition,
    ReportDocument,
    Row,
    Section,
    Table,
)

TITLE = "Medvirkning i Husbanken Nord 2026"
STORED_ROWS = 120  # rows of the stored table "initiatives"
PREVIEW_LIMIT = 70  # of which the screen and the PDF show these
FORMULA_TEXTS = ["=SUM(1)", "@x", "-1", "+47"]
CHECKSUM = "5f0c" * 16  # as the files of a made report show it (SHA-256, 64 hex digits)


def stored_rows(count: int = STORED_ROWS) -> Iterator[Row]:
    """The stored table's rows, made on the fly as a database cursor would yield them."""
    for number in range(1, count + 1):
        people = SUPPRESSED if number % 5 == 0 else number + 4
        yield [f"Tiltak {number:06d}", "Bodø", number, people, number * 1000]


def source(key: str) -> Iterator[Row]:
    assert key == "initiatives"
    return stored_rows()


def build_document() -> ReportDocument:
    people = Table(
        key="people",
        title="Personer nådd etter målgruppe",
        columns=[
            Column("group", "Målgruppe"),
            Column("people", "Personer", COUNT, help="Deltakere i medvirkningsaktiviteter."),
            Column("share", "Andel av alle", PERCENT),
        ],
        rows=[
            ["Barnefamilier", 1234, 12.5],
            ["Unge", SUPPRESSED, WITHHELD],
            ["Eldre", None, None],
            ["Personer med nedsatt funksjonsevne og deres pårørende", 40, 87],
        ],
        chart=Chart("Personer nådd", "group", ["people"]),
    )
    loop = Table(
        key="loop",
        title="Lukking av sløyfen",
        columns=[
            Column("goal", "Hovedmål"),
            Column("assessed", "Andel vurdert", PERCENT),
            Column("answered", "Andel besvart", PERCENT),
        ],
        rows=[
            ["Flere skal kunne eie egen bolig", 75, 50.5],
            ["Leie skal være et trygt alternativ", WITHHELD, 20],
        ],
        chart=Chart("Innspill vurdert og besvart", "goal", ["assessed", "answered"]),
    )
    money = Table(
        key="values",
        title="Styringsparametere",
        columns=[
            Column("indicator", "Styringsparameter"),
            Column("amount", "Tilskudd", NOK),
            Column("value", "Verdi", NUMBER),
            Column("approved", "Godkjent", DATE),
            Column("comment", "Kommentar", TEXT),
        ],
        rows=[
            ["Startlån", 1234567, 3.25, "2026-12-31", FORMULA_TEXTS[0]],
            ["Bostedsløse husstander", 0, -2, "2026-06-30", FORMULA_TEXTS[1]],
            ["Utleieboliger per 1 000 innbyggere", None, 12.0, None, FORMULA_TEXTS[2]],
            ["Ventelister", 5000, 1000000, "2026-01-02", FORMULA_TEXTS[3]],
        ],
        note="Bare godkjente verdier teller.",
    )
    initiatives = Table(
        key="initiatives",
        title="Alle tiltak",
        columns=[
            Column("name", "Tiltak"),
            Column("municipality", "Kommune"),
            Column("events", "Aktiviteter", COUNT),
            Column("people", "Personer", COUNT),
            Column("grant", "Tilskudd", NOK),
        ],
        stored=True,
        row_count=STORED_ROWS,
        preview_limit=PREVIEW_LIMIT,
    )
    return ReportDocument(
        meta={
            "title": TITLE,
            "scope_kind": "region",
            "scope_name": "Husbanken Nord",
            "period_kind": "year",
            "period_label": "2026",
            "period_start": "2026-01-01",
            "period_end": "2026-12-31",
            "strategy": "Alle trenger et trygt hjem",
            "language": "nb",
            "data_cutoff": "2027-01-15T05:00:00+01:00",
            "suppressed": True,
            "generator_version": "figures-1",
            "generated_at": "2027-01-15T05:02:00+01:00",
            "generated_by": "Årlige regionrapporter",
            "version": 2,
            "checksum": CHECKSUM,
        },
        sections=[
            Section("summary", "Sammendrag", [people, loop], intro="Nøkkeltall for perioden."),
            Section("indicators", "Styringsparametere og tilskudd", [money]),
            Section("initiatives", "Tiltak", [initiatives]),
        ],
        definitions=[
            Definition("Innspill", "Innspill registrert fra aktivitetene i perioden."),
            Definition("Andel vurdert", "Innspill med annen oppfølgingsstatus enn ikke vurdert."),
        ],
    )
