"""How a report's cells and metadata read, per column kind, in the active language.

Numbers and dates go through Django's locale formats (`django.utils.formats`), so Bokmål gives
"1 234", "12,5 %", "kr 1 234" and "31.12.2026", English "1,234", "12.5%", "NOK 1,234" and
"12/31/2026". Renderers call these inside `translation.override(document language)`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participation.reports.document import (
    COUNT,
    DATE,
    NOK,
    NUMBER,
    PERCENT,
    SUPPRESSED,
    WITHHELD,
    Cell,
    ReportDocument,
)
from participation.reports.models import ReportSnapshot

NO_DATA = "–"
NUMERIC_KINDS = frozenset({COUNT, PERCENT, NUMBER, NOK})

# What each symbol means: the legend in every format, and the screen's <abbr title>.
SYMBOL_MEANINGS: dict[str, Promise] = {
    SUPPRESSED: gettext_lazy(
        "Fewer than 5, shown so to protect privacy (region and national reports)."
    ),
    WITHHELD: gettext_lazy("Withheld: the figure would reveal a hidden count."),
    NO_DATA: gettext_lazy("No data: nothing to count or divide by."),
}


def symbol_meaning(value: Cell) -> str:
    """The explanation of `value` if it is one of the report's symbols, else ""."""
    if value is None:
        return str(SYMBOL_MEANINGS[NO_DATA])
    if value in (SUPPRESSED, WITHHELD):
        return str(SYMBOL_MEANINGS[value])  # type: ignore[index]
    return ""


def format_cell(value: Cell, kind: str) -> str:
    """`value` as text for a column of `kind`: None is "–"; symbols and text stay as they are."""
    if value is None:
        return NO_DATA
    if isinstance(value, str):
        if kind == DATE:
            return format_date(value)
        return value
    if kind == PERCENT:
        return _("%(value)s%%") % {"value": _number(value, max_decimals=1)}
    if kind == NOK:
        return _("NOK %(value)s") % {"value": _number(value, max_decimals=0)}
    if kind == COUNT:
        return _number(value, max_decimals=0)
    return _number(value, max_decimals=2)


def _number(value: int | float | Decimal, *, max_decimals: int) -> str:
    """`value` grouped in thousands, with at most `max_decimals` decimals and no trailing zeros."""
    exact = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    rounded = exact.quantize(Decimal(1).scaleb(-max_decimals)).normalize()
    if rounded.is_zero():
        rounded = Decimal(0)  # no "-0"
    decimals = max(0, -int(rounded.as_tuple().exponent))
    return formats.number_format(rounded, decimals, force_grouping=True)


def format_date(value: str | datetime.date) -> str:
    """An ISO date (or a date) in the short local form; text that is no date is kept."""
    if not isinstance(value, str):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        return value
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def format_datetime(value: str | datetime.datetime) -> str:
    """An ISO date-time (or a datetime) in local time, short local form."""
    if isinstance(value, str):
        try:
            moment = datetime.datetime.fromisoformat(value)
        except ValueError:
            return value
    else:
        moment = value
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return formats.date_format(moment, "SHORT_DATETIME_FORMAT")


@dataclass(frozen=True)
class MetaItem:
    label: str
    value: str


def reader_items(document: ReportDocument) -> list[MetaItem]:
    """What the figures cover, for the top of the report ("About the figures"): level, area,
    period, strategy and data cut-off; keys missing from `meta` are left out."""
    meta: dict[str, Any] = document.meta
    items: list[MetaItem] = []
    add = _adder(items)
    scope_kind = meta.get("scope_kind")
    if scope_kind in ReportSnapshot.Scope.values:
        add(_("Report level"), ReportSnapshot.Scope(scope_kind).label)
    add(_("Area"), meta.get("scope_name"))
    if meta.get("period_start") and meta.get("period_end"):
        add(
            _("Period"),
            _("%(label)s (%(start)s–%(end)s)")
            % {
                "label": meta.get("period_label", ""),
                "start": format_date(meta["period_start"]),
                "end": format_date(meta["period_end"]),
            },
        )
    else:
        add(_("Period"), meta.get("period_label"))
    add(_("Strategy"), meta.get("strategy"))
    if meta.get("data_cutoff"):
        add(_("Data cut-off"), format_datetime(meta["data_cutoff"]))
    return items


def technical_items(document: ReportDocument) -> list[MetaItem]:
    """How the report was made, for its end ("About the report"): when, by whom or which
    schedule, version, generator version, checksum, personal data removed, whether small counts
    are hidden; keys missing from `meta` are left out."""
    meta: dict[str, Any] = document.meta
    items: list[MetaItem] = []
    add = _adder(items)
    if meta.get("generated_at"):
        add(_("Generated at"), format_datetime(meta["generated_at"]))
    add(_("Generated by"), meta.get("generated_by"))
    add(_("Schedule"), meta.get("schedule"))
    add(_("Version"), meta.get("version"))
    add(_("Generator version"), meta.get("generator_version"))
    add(_("Checksum (SHA-256)"), meta.get("checksum"))
    # Files made again after personal data was removed (participation.redaction).
    if meta.get("redacted_at"):
        add(_("Personal data removed"), format_datetime(meta["redacted_at"]))
        add(_("Original checksum (SHA-256)"), meta.get("original_checksum"))
    if "suppressed" in meta:
        add(_("Counts from 1 to 4 hidden"), _("yes") if meta["suppressed"] else _("no"))
    return items


def _adder(items: list[MetaItem]) -> Callable[[str, Any], None]:
    """A function that appends a labelled value to `items`, unless the value is empty."""

    def add(label: str, value: Any) -> None:
        if value not in (None, ""):
            items.append(MetaItem(label, str(value)))

    return add


def legend_items(*, spreadsheet: bool = False) -> list[MetaItem]:
    """The symbols a report may show, with their meaning. In a spreadsheet (XLSX, CSV) a cell
    without data is empty rather than "–"."""
    return [
        MetaItem(_("(empty cell)") if spreadsheet and symbol == NO_DATA else symbol, str(meaning))
        for symbol, meaning in SYMBOL_MEANINGS.items()
    ]
