"""`{% initiative_rows initiatives %}` and `{% indicator_value_rows values %}`: the municipality
page's two long tables, their rows written in one pass.

Oslo's page shows fifty initiatives and over fifty indicator values; rendering them through the
template's `{% for %}` (a dozen nodes and variable look-ups a row, a `get_FOO_display` per status)
was most of the page's rendering. The same markup as the loops they replace, the same escaping
(`format_html`) and the same localization of numbers (`localize`, as `{{ number }}` does).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django import template
from django.template.defaultfilters import floatformat
from django.utils.formats import localize
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from participation.core.models import choice_label
from participation.involvement.models import Initiative
from participation.involvement.templatetags.options import example_badge
from participation.places.models import Indicator
from participation.programme.models import IndicatorValue

register = template.Library()

_INITIATIVE_ROW = (
    "<tr><td>{}</td>"
    '<th scope="row"><a href="{}">{}</a> {}</th>'
    "<td>{}</td><td>{}</td>"
    '<td class="text-end">{}</td><td class="text-end">{}</td><td class="text-end{}">{}</td></tr>'
)

_VALUE_ROW = (
    '<tr><th scope="row">{} {}'
    '<span class="d-block small fw-normal">{} · {}</span></th>'
    "<td>{}</td>"
    '<td class="text-end">{}</td><td class="text-end">{}</td><td class="text-end">{}</td>'
    "<td>{}</td></tr>"
)


@register.simple_tag
def initiative_rows(initiatives: Iterable[Any]) -> SafeString:
    """The initiatives table's rows: initiatives annotated with `initiative_figures`, their
    target groups prefetched."""
    badge = example_badge()

    def rows() -> Iterator[tuple[Any, ...]]:
        for initiative in initiatives:
            groups = ", ".join(str(group) for group in initiative.target_groups.all())
            yield (
                initiative.reference,
                initiative.get_absolute_url(),
                initiative.name,
                badge if initiative.is_example else "",
                choice_label(Initiative.Status, initiative.status),
                groups or "–",
                localize(initiative.event_count),
                localize(initiative.open_input_count),
                " fw-bold" if initiative.overdue_event_count else "",
                localize(initiative.overdue_event_count),
            )

    return format_html_join("", _INITIATIVE_ROW, rows())


def _decimal(value: Any) -> Any:
    return floatformat(value, "-2") or "–"


@register.simple_tag
def indicator_value_rows(values: Iterable[IndicatorValue]) -> SafeString:
    """The latest approved indicator values' rows: values with their indicator and period."""
    badge = example_badge()

    def rows() -> Iterator[tuple[Any, ...]]:
        for value in values:
            indicator = value.indicator
            yield (
                indicator.name,
                badge if value.is_example or indicator.is_example else "",
                choice_label(Indicator.Unit, indicator.unit),
                choice_label(Indicator.Direction, indicator.direction),
                value.period.name,
                floatformat(value.value, "-2"),
                _decimal(indicator.baseline),
                _decimal(indicator.target),
                choice_label(IndicatorValue.Status, value.status),
            )

    return format_html_join("", _VALUE_ROW, rows())
