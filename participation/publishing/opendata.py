"""Open data of what is published: every live publication's initiative, events and input with
answers, as JSON and as CSV, under the Norwegian licence for open government data (NLOD 2.0).

Built from `content.build`, so the files hold exactly what the pages show, under the same
disclosure rules (how many took part: "<5" or perturbed); the CSV is neutralised against
spreadsheet formulas like every other export (`participation.reports.render.table`).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from participation.reports.render.table import render_table_csv

from . import content
from .models import Publication

LICENCE_NAME = "Norsk lisens for offentlige data (NLOD) 2.0"
LICENCE_URL = "https://data.norge.no/nlod/no/2.0"


def live_publications(municipality_number: str | None = None) -> list[Publication]:
    publications = Publication.objects.filter(withdrawn_at__isnull=True).select_related(
        "initiative__municipality"
    )
    if municipality_number:
        publications = publications.filter(initiative__municipality__number=municipality_number)
    return list(
        publications.prefetch_related("initiative__target_groups").order_by(
            "initiative__municipality__name", "initiative__name", "pk"
        )
    )


def _date(value: datetime.date | datetime.datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date().isoformat()
    return value.isoformat()


def page_url(item: content.PublicInitiative) -> str:
    return settings.SITE_URL + reverse(
        "participation:public-initiative",
        kwargs={"number": item.municipality_number, "pk": item.pk},
    )


def as_json(municipality_number: str | None = None) -> dict[str, Any]:
    initiatives = [content.build(p) for p in live_publications(municipality_number)]
    return {
        "licence": {"name": LICENCE_NAME, "url": LICENCE_URL},
        "attribution": _("Published by the municipalities named in each record."),
        "disclosure": _(
            "How many took part is shown as “<5” below 5 and otherwise with a small random "
            "deviation (at most ±2), as in all statistics from the service."
        ),
        "made": timezone.now().isoformat(timespec="seconds"),
        "initiatives": [
            {
                "id": item.pk,
                "url": page_url(item),
                "municipality": item.municipality,
                "municipality_number": item.municipality_number,
                "name": item.name,
                "aim": item.aim,
                "target_groups": item.target_groups,
                "status": item.status,
                "start_date": _date(item.start_date),
                "end_date": _date(item.end_date),
                "published": _date(item.published_at),
                "changed": _date(item.changed_at),
                "events": [
                    {
                        "id": event.pk,
                        "title": event.title,
                        "date": _date(event.date),
                        "method": event.method,
                        "themes": event.themes,
                        "participants": event.participants,
                        "input": [
                            {
                                "id": i.pk,
                                "theme": i.theme,
                                "summary": i.summary,
                                "decision": i.decision or None,
                                "decided_on": _date(i.decided_on),
                                "answer": i.answer or None,
                                "answered_on": _date(i.answered_on),
                            }
                            for i in event.inputs
                        ],
                    }
                    for event in item.events
                ],
            }
            for item in initiatives
        ],
    }


CSV_HEADER = (
    "kommunenummer",
    "kommune",
    "tiltak_id",
    "tiltak",
    "status",
    "aktivitet_id",
    "aktivitet",
    "dato",
    "metode",
    "deltakere",
    "innspill_id",
    "tema",
    "innspill",
    "beslutning",
    "beslutning_dato",
    "svar",
    "svar_dato",
    "adresse",
    "lisens",
)


def as_csv(municipality_number: str | None = None) -> str:
    """One row per published input (an event without published input: one row without it)."""
    rows: list[list[Any]] = [list(CSV_HEADER)]
    licence = f"{LICENCE_NAME} {LICENCE_URL}"
    for publication in live_publications(municipality_number):
        item = content.build(publication)
        start = [item.municipality_number, item.municipality, item.pk, item.name, item.status]
        for event in item.events:
            at = [event.pk, event.title, _date(event.date), event.method, event.participants]
            items: list[content.PublicInput | None] = [*event.inputs] or [None]
            for i in items:
                if i is None:
                    rest: list[Any] = [""] * 7
                else:
                    rest = [
                        i.pk,
                        i.theme,
                        i.summary,
                        i.decision,
                        _date(i.decided_on) or "",
                        i.answer,
                        _date(i.answered_on) or "",
                    ]
                rows.append([*start, *at, *rest, page_url(item), licence])
        if not item.events:
            rows.append([*start, *[""] * 12, page_url(item), licence])
    return render_table_csv(rows)
