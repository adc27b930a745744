"""`{{ field|select_options }}`: a select field's `<option>` elements, written in one pass.

A list's filter form has up to 357 municipalities to choose from (an admin's); rendering each
option through the widget (a dictionary of attributes per option, then a template variable or
two per option) was a third of the initiative list's rendering. The same options, the same
values, labels and selection as the widget's: what `Select.optgroups` chooses, without the
per-option dictionaries. `{% example_badge %}` is the "Example data" badge, without an include
per row.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import template
from django.forms import BoundField
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext

register = template.Library()


@register.filter
def select_options(field: BoundField) -> SafeString:
    """The options of a single-choice select, the field's current value selected (the first
    option with that value, as the widget selects it)."""
    chosen = set(field.field.widget.format_value(field.value()))  # type: ignore[attr-defined]

    def rows() -> Iterator[tuple[str, str, Any]]:
        selected = False
        for value, label in field.field.choices:  # type: ignore[attr-defined]
            text = "" if value is None else str(value)
            mark = not selected and text in chosen
            selected = selected or mark
            yield text, " selected" if mark else "", label

    return format_html_join("", '<option value="{}"{}>{}</option>', rows())


@register.simple_tag
def example_badge() -> SafeString:
    """The badge on example data (the same markup as includes/example_badge.html)."""
    return format_html(
        '<span class="badge text-bg-warning example-badge">{}</span>', gettext("Example data")
    )
