"""Bounds on numbers and dates people enter, in one place (issue 13).

Model fields name these validators, so model forms, the Django admin, the event import and any
later API refuse the same values with the same message; forms that are not model forms, and
query parameters, use the same constants (`participation.core.forms`). A value out of bounds is a
typing mistake or an attack, never data: no date of this domain lies before 1900 or after 2100,
and no count of people or events reaches a million.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

FIRST_DATE = datetime.date(1900, 1, 1)
LAST_DATE = datetime.date(2100, 12, 31)
FIRST_YEAR = FIRST_DATE.year
LAST_YEAR = LAST_DATE.year
# A count of people, events or items on one row (participants at an event, say).
MAX_COUNT = 999_999
# A municipality's population (Norway's is about 5.6 million).
MAX_POPULATION = 99_999_999


def validate_date_range(value: Any) -> None:
    """A date between 1 January 1900 and 31 December 2100."""
    if value is None:
        return
    day = value.date() if isinstance(value, datetime.datetime) else value
    if not FIRST_DATE <= day <= LAST_DATE:
        raise ValidationError(
            _("Enter a date between %(first)s and %(last)s."),
            code="date_out_of_range",
            params={
                "first": date_format(FIRST_DATE, "DATE_FORMAT"),
                "last": date_format(LAST_DATE, "DATE_FORMAT"),
            },
        )


def validate_year(value: Any) -> None:
    """A year from 1900 to 2100."""
    if value is None:
        return
    if not FIRST_YEAR <= value <= LAST_YEAR:
        raise ValidationError(
            _("Enter a year from %(first)d to %(last)d."),
            code="year_out_of_range",
            params={"first": FIRST_YEAR, "last": LAST_YEAR},
        )


def validate_count(value: Any) -> None:
    """A count from 0 to 999 999."""
    if value is None:
        return
    if not 0 <= value <= MAX_COUNT:
        raise ValidationError(
            _("Enter a whole number from 0 to %(max)s."),
            code="count_out_of_range",
            params={"max": f"{MAX_COUNT:,}".replace(",", " ")},
        )


def validate_population(value: Any) -> None:
    """A population from 0 to 99 999 999."""
    if value is None:
        return
    if not 0 <= value <= MAX_POPULATION:
        raise ValidationError(
            _("Enter a whole number from 0 to %(max)s."),
            code="count_out_of_range",
            params={"max": f"{MAX_POPULATION:,}".replace(",", " ")},
        )
