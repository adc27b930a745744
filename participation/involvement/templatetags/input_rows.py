"""`{% initiative_input_rows inputs %}` and `{% event_input_rows inputs can_change %}`: the rows
of the input tables on an initiative's and an event's page, written in one pass; and
`{% feedback_status event %}`, an event's feedback status without an include per row; and
`{% event_cards events %}`, the initiative page's timeline of events.

The largest initiative shows a hundred input items beside its events, the largest event a few
hundred: rendered through the template's `{% for %}` (a dozen nodes, filters and look-ups a row)
they were most of those pages' rendering. The same markup as the loops they replace, with the
same filters (`linebreaksbr`, `date`, `truncatechars`) and the same escaping.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django import template
from django.template.defaultfilters import date, linebreaksbr, time, truncatechars, yesno
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from participation.involvement.models import Input
from participation.involvement.templatetags.options import example_badge

register = template.Library()

# The input fields the rows show (the theme is selected whole): for `.only()`.
INPUT_ROW_FIELDS = (
    "theme",
    "summary",
    "follow_up_status",
    "follow_up_date",
    "answer",
    "answered_on",
    "is_example",
)


def _answer(item: Input) -> SafeString:
    """The "Answer given back" cell's content."""
    if not item.answer:
        return conditional_escape(gettext("Not answered yet"))
    answer = linebreaksbr(item.answer, autoescape=True)
    if item.answered_on is None:
        return answer
    answered = _blocktranslated("Answered %(answered_on)s", answered_on=date(item.answered_on))
    return format_html('{} <span class="d-block small">{}</span>', answer, answered)


_INITIATIVE_ROW = (
    '<tr><td>{} <span class="d-block small">{}</span></td>'
    "<td>{}</td>"
    '<th scope="row" class="fw-normal">{}{}</th>'
    "<td>{}</td><td>{}</td></tr>"
)


@register.simple_tag
def initiative_input_rows(inputs: Iterable[Input]) -> SafeString:
    """The rows of the initiative page's input table: input with its event and theme."""
    badge = format_html(" {}", example_badge())

    def rows() -> Iterator[tuple[Any, ...]]:
        for item in inputs:
            yield (
                item.event.title,
                date(item.event.date, "SHORT_DATE_FORMAT"),
                item.theme,
                linebreaksbr(item.summary, autoescape=True),
                badge if item.is_example else "",
                item.get_follow_up_status_display(),
                _answer(item),
            )

    return format_html_join("", _INITIATIVE_ROW, rows())


_EVENT_ROW = (
    '<tr><td>{}</td><th scope="row" class="fw-normal">{}</th><td>{}{}</td><td>{}</td>{}</tr>'
)


@register.simple_tag
def event_input_rows(inputs: Iterable[Input], can_change: bool) -> SafeString:
    """The rows of the event page's input table: input with its theme; a "Follow up" link on
    each when the user may change them."""
    follow_up = gettext("Follow up")

    def rows() -> Iterator[tuple[Any, ...]]:
        for item in inputs:
            yield (
                item.theme,
                linebreaksbr(item.summary, autoescape=True),
                item.get_follow_up_status_display(),
                format_html(' <span class="d-block small">{}</span>', date(item.follow_up_date))
                if item.follow_up_date
                else "",
                _answer(item),
                format_html(
                    '<td><a href="{}">{}<span class="visually-hidden">: {}</span></a></td>',
                    reverse("participation:input-update", args=[item.pk]),
                    follow_up,
                    truncatechars(item.summary, 40),
                )
                if can_change
                else "",
            )

    return format_html_join("", _EVENT_ROW, rows())


@register.simple_tag
def feedback_status(event: Any) -> SafeString:
    """An event's feedback to participants: given, overdue, due or no due date (the same markup
    as includes/feedback_status.html, without an include per row). `event.is_overdue` is
    annotated (`feedback_overdue_flag`)."""
    if event.feedback_given:
        return _blocktranslated("Given %(given)s", given=date(event.feedback_given))
    if event.is_overdue:
        return format_html(
            '<span class="badge text-bg-danger overdue">{}</span> {}',
            gettext("Overdue"),
            _blocktranslated("was due %(due)s", due=date(event.feedback_due)),
        )
    if event.feedback_due:
        return _blocktranslated("Due %(due)s", due=date(event.feedback_due))
    return conditional_escape(gettext("No due date set"))


def _blocktranslated(message: str, **values: Any) -> SafeString:
    """`message` translated with `values` put in, as {% blocktranslate %} gives it: the values
    escaped, the translation as it is."""
    escaped = {name: conditional_escape(value) for name, value in values.items()}
    return mark_safe(gettext(message) % escaped)  # noqa: S308


_EVENT_CARD = (
    '<li class="border rounded p-3 mb-3{}">'
    '<h3 class="h5"><a href="{}">{}</a> {}</h3>'
    '<dl class="row mb-0">'
    '<dt class="col-sm-4 col-lg-3">{}</dt><dd class="col-sm-8 col-lg-9">{}{}</dd>'
    '<dt class="col-sm-4 col-lg-3">{}</dt><dd class="col-sm-8 col-lg-9">{} · {}</dd>'
    '<dt class="col-sm-4 col-lg-3">{}</dt><dd class="col-sm-8 col-lg-9">{}{}</dd>'
    '<dt class="col-sm-4 col-lg-3">{}</dt><dd class="col-sm-8 col-lg-9">{}</dd>'
    '<dt class="col-sm-4 col-lg-3">{}</dt><dd class="col-sm-8 col-lg-9">{}</dd>'
    "{}"
    '<dt class="col-sm-4 col-lg-3">{}</dt><dd class="col-sm-8 col-lg-9">{}{}</dd>'
    "</dl></li>"
)


@register.simple_tag
def event_cards(events: Iterable[Any]) -> SafeString:
    """The initiative page's timeline: one card per event, with its method, participant counts
    (prefetched, `by_target_group` set by the view), themes and feedback status (`is_overdue`
    annotated)."""
    badge = example_badge()
    labels = {
        "when": gettext("Date and time"),
        "method": gettext("Method and channel"),
        "participants": gettext("Participants"),
        "themes": gettext("Themes"),
        "expectations": gettext("Expectations clarified up front"),
        "promise": gettext("Promise to participants"),
        "feedback": gettext("Feedback to participants"),
    }
    yes_no = gettext("Yes,No")

    def cards() -> Iterator[tuple[Any, ...]]:
        for event in events:
            total = event.participant_total
            groups = (
                format_html(
                    '<ul class="mb-0">{}</ul>',
                    format_html_join(
                        "",
                        "<li>{}: {}</li>",
                        ((group, localize(count)) for group, count in event.by_target_group),
                    ),
                )
                if event.by_target_group
                else ""
            )
            promise = (
                format_html(
                    '<dt class="col-sm-4 col-lg-3">{}</dt><dd class="col-sm-8 col-lg-9">{}</dd>',
                    labels["promise"],
                    linebreaksbr(event.promise_to_participants, autoescape=True),
                )
                if event.promise_to_participants
                else ""
            )
            due = (
                format_html(" ({})", _blocktranslated("due %(due)s", due=date(event.feedback_due)))
                if event.feedback_given and event.feedback_due
                else ""
            )
            yield (
                " border-danger border-2" if event.is_overdue else "",
                reverse("participation:event-detail", args=[event.pk]),
                event.title,
                badge if event.is_example else "",
                labels["when"],
                date(event.date),
                format_html(", {}", time(event.start_time, "H:i")) if event.start_time else "",
                labels["method"],
                event.method,
                event.get_channel_display(),
                labels["participants"],
                mark_safe(  # noqa: S308  # as {% blocktranslate count %}: the number escaped
                    ngettext(
                        "%(counter)s participant in all", "%(counter)s participants in all", total
                    )
                    % {"counter": conditional_escape(localize(total))}
                ),
                groups,
                labels["themes"],
                ", ".join(str(theme) for theme in event.themes.all()) or "–",
                labels["expectations"],
                yesno(event.expectations_clarified, yes_no),
                promise,
                labels["feedback"],
                feedback_status(event),
                due,
            )

    return format_html_join("", _EVENT_CARD, cards())
