"""The API's writes: involvement events with their counts and input, an input item's follow-up,
and indicator values. Each goes the web's way, never around it:

1. the record is found through `visible_to(request.user)` (outsiders get 404) and the web's
   permission is checked on it (`participation.add_event`, `change_event`, `add_input`,
   `change_input`, `submit_indicatorvalue`; insiders without it get 403);
2. a request serializer checks the body's shape and types (what the schema documents);
3. the web's own form validates the values (the same messages, the personal-data guard of every
   free-text field, the dates that make sense);
4. the web's own service saves them, with the token's user as the actor of the audit trail;
   the model fields refuse personal data once more on save.

Writes are idempotent with a client-chosen `Idempotency-Key` header (participation/api/
idempotency.py): the same key and body again get the first answer, and create nothing twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from participation.accounts.access import visible_municipalities
from participation.core.services import ServiceError
from participation.involvement.forms.events import EventForm, ParticipantCountForm
from participation.involvement.forms.inputs import InputForm, InputRowFormSet
from participation.involvement.models import (
    EVENT_FIELDS,
    Initiative,
    Input,
    InvolvementEvent,
    ParticipantCount,
)
from participation.involvement.services import involvement as event_service
from participation.places.models import Indicator, TargetGroup, Theme
from participation.programme.forms.values import IndicatorValuesForm
from participation.programme.models import IndicatorValue, ReportingPeriod
from participation.programme.services import values as value_service

from . import serializers as read
from .idempotency import IDEMPOTENCY_HEADER, run_idempotent
from .views import (
    EventReadViewSet,
    IndicatorValueReadViewSet,
    InputReadViewSet,
    event_queryset,
)

ERRORS = OpenApiResponse(description=gettext_lazy("The data were refused: see the messages."))
FORBIDDEN = OpenApiResponse(description=gettext_lazy("Your roles or your token do not allow it."))
NOT_FOUND = OpenApiResponse(description=gettext_lazy("Not found, or not in your scope."))
IDEMPOTENCY = OpenApiParameter(
    IDEMPOTENCY_HEADER,
    str,
    OpenApiParameter.HEADER,
    required=False,
    description=gettext_lazy(
        "A key you choose (e.g. a UUID) to make a retried write safe: the same key with the "
        "same body gets the first answer again and creates nothing twice."
    ),
)


# Request bodies ------------------------------------------------------------------------------


class CountInSerializer(serializers.Serializer):
    target_group = serializers.IntegerField()
    role = serializers.ChoiceField(choices=ParticipantCount.Role.choices)
    count = serializers.IntegerField(min_value=0, max_value=1_000_000)


class InputItemInSerializer(serializers.Serializer):
    theme = serializers.IntegerField()
    summary = serializers.CharField(max_length=20_000)


class EventInSerializer(serializers.Serializer):
    """An event's own fields, as in the web form; `participant_counts` replaces the event's
    counts when given; `inputs` are added (on creation only; later with POST …/inputs/)."""

    initiative = serializers.IntegerField(help_text=gettext_lazy("The initiative's id"))
    title = serializers.CharField(max_length=200)
    date = serializers.DateField()
    start_time = serializers.TimeField(required=False, allow_null=True)
    method = serializers.IntegerField()
    channel = serializers.ChoiceField(
        choices=InvolvementEvent.Channel.choices, default=InvolvementEvent.Channel.PHYSICAL
    )
    themes = serializers.ListField(child=serializers.IntegerField(), required=False, max_length=100)
    description = serializers.CharField(required=False, allow_blank=True, max_length=20_000)
    accessibility_measures = serializers.CharField(
        required=False, allow_blank=True, max_length=20_000
    )
    expectations_clarified = serializers.BooleanField(required=False)
    promise_to_participants = serializers.CharField(
        required=False, allow_blank=True, max_length=20_000
    )
    feedback_due = serializers.DateField(required=False, allow_null=True)
    consent_noted = serializers.BooleanField(required=False)
    consent_how = serializers.CharField(required=False, allow_blank=True, max_length=20_000)
    participant_counts = CountInSerializer(many=True, required=False, max_length=500)
    total = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=0,
        help_text=gettext_lazy("Optional check: the counts must add up to it."),
    )
    inputs = InputItemInSerializer(many=True, required=False, max_length=50)


class EventUpdateSerializer(EventInSerializer):
    initiative = None  # type: ignore[assignment]
    inputs = None  # type: ignore[assignment]


class InputsInSerializer(serializers.Serializer):
    items = InputItemInSerializer(many=True, min_length=1, max_length=50)


class InputUpdateSerializer(serializers.Serializer):
    theme = serializers.IntegerField(required=False)
    summary = serializers.CharField(required=False, max_length=20_000)
    follow_up_status = serializers.ChoiceField(choices=Input.FollowUp.choices, required=False)
    follow_up_date = serializers.DateField(required=False, allow_null=True)
    answer = serializers.CharField(required=False, allow_blank=True, max_length=20_000)
    answered_on = serializers.DateField(required=False, allow_null=True)


class ValueInSerializer(serializers.Serializer):
    indicator = serializers.IntegerField()
    value = serializers.DecimalField(max_digits=14, decimal_places=2)
    source = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")


class ValuesInSerializer(serializers.Serializer):
    municipality = serializers.CharField(
        max_length=4, help_text=gettext_lazy("The municipality's number")
    )
    period = serializers.IntegerField(help_text=gettext_lazy("The reporting period's id"))
    submit = serializers.BooleanField(
        default=False,
        help_text=gettext_lazy(
            "false: save as draft (a returned value stays returned); true: submit for approval"
        ),
    )
    values = ValueInSerializer(many=True, max_length=200)


# Helpers -------------------------------------------------------------------------------------


def _body(serializer_class: type[serializers.Serializer], request: Request, **kwargs: Any) -> Any:
    serializer = serializer_class(data=request.data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _require(request: Request, perm: str, obj: Any) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def _form_errors(form: forms.BaseForm | forms.BaseFormSet, rename: Callable[[str], str]) -> Any:
    errors: dict[str, list[str]] = {}
    if isinstance(form, forms.BaseFormSet):
        rows: list[Any] = list(form.errors)
        for index, row in enumerate(rows):
            for field, messages in row.items():
                errors.setdefault(f"inputs[{index}].{field}", []).extend(map(str, messages))
        if form.non_form_errors():
            errors.setdefault("inputs", []).extend(map(str, form.non_form_errors()))
        return errors
    for field, messages in form.errors.items():
        name = "non_field_errors" if field == NON_FIELD_ERRORS else rename(field)
        errors.setdefault(name, []).extend(map(str, messages))
    return errors


def _service_errors(error: ServiceError) -> ValidationError:
    return ValidationError(
        {field or "non_field_errors": messages for field, messages in error.errors.items()}
    )


def _count_key(name: str) -> str:
    if name.startswith("count-"):
        return "participant_counts"
    return name


def _counts(
    given: Iterable[dict[str, Any]], total: int | None, existing: set[int]
) -> dict[tuple[int, str], int]:
    """The counts, checked by the web's count form: the active target groups and those the event
    already counts."""
    given = list(given)
    wanted_groups = {cell["target_group"] for cell in given}
    groups = list(
        TargetGroup.objects.filter(is_active=True) | TargetGroup.objects.filter(pk__in=existing)
    )
    known = {group.pk for group in groups}
    unknown = sorted(wanted_groups - known)
    if unknown:
        raise ValidationError(
            {"participant_counts": [_("Unknown target groups: %(ids)s.") % {"ids": unknown}]}
        )
    keys = [(cell["target_group"], cell["role"]) for cell in given]
    if len(set(keys)) != len(keys):
        raise ValidationError(
            {"participant_counts": [_("Each target group and role may be counted once.")]}
        )
    data = {
        ParticipantCountForm.cell_name(cell["target_group"], cell["role"]): cell["count"]
        for cell in given
    }
    if total is not None:
        data["total"] = total
    form = ParticipantCountForm(data, target_groups=groups)
    if not form.is_valid():
        raise ValidationError(_form_errors(form, _count_key))
    return form.counts()


def _inputs_formset(items: list[dict[str, Any]]) -> Any:
    """The input items, checked by the web's quick-entry grid."""
    data: dict[str, Any] = {
        "input-TOTAL_FORMS": len(items),
        "input-INITIAL_FORMS": 0,
        "input-MIN_NUM_FORMS": 0,
        "input-MAX_NUM_FORMS": 50,
    }
    for index, item in enumerate(items):
        data[f"input-{index}-theme"] = item["theme"]
        data[f"input-{index}-summary"] = item["summary"]
    formset = InputRowFormSet(
        data, prefix="input", form_kwargs={"themes": Theme.objects.filter(is_active=True)}
    )
    if not formset.is_valid():
        raise ValidationError(_form_errors(formset, str))
    return formset.items()  # type: ignore[attr-defined]


def _event_form_data(event: InvolvementEvent | None, body: dict[str, Any]) -> dict[str, Any]:
    """The web form's data: the event's current values (when changing it), then the body's."""
    data: dict[str, Any] = {}
    if event is not None:
        for name in EVENT_FIELDS:
            data[name] = getattr(event, name)
        data["method"] = event.method_id
        data["themes"] = [theme.pk for theme in event.themes.all()]
    for name in (*EVENT_FIELDS, "themes"):
        if name in body:
            data[name] = body[name]
    # A form reads an unticked box as absent, and None as empty.
    return {
        name: value
        for name, value in data.items()
        if value is not None and not (value is False and name in BOOLEAN_FIELDS)
    }


BOOLEAN_FIELDS = {"expectations_clarified", "consent_noted"}


def _event_form(event: InvolvementEvent | None, body: dict[str, Any]) -> EventForm:
    form = EventForm(_event_form_data(event, body), instance=event)
    if not form.is_valid():
        raise ValidationError(_form_errors(form, str))
    return form


def _event_response(request: Request, pk: int, code: int) -> Response:
    event = event_queryset(request.user).get(pk=pk)
    data = read.EventSerializer(event, context={"request": request}).data
    return Response(data, status=code)


# Events --------------------------------------------------------------------------------------


class EventViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, EventReadViewSet):
    """Involvement events: read, create, change, and add input to them."""

    @extend_schema(
        summary=gettext_lazy("Record an involvement event, with its counts and input"),
        tags=["involvement"],
        parameters=[IDEMPOTENCY],
        request=EventInSerializer,
        responses={201: read.EventSerializer, 400: ERRORS, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return run_idempotent(request, lambda: self._create(request))

    def _create(self, request: Request) -> Response:
        body = _body(EventInSerializer, request)
        initiative = get_object_or_404(
            Initiative.objects.visible_to(request.user), pk=body["initiative"]
        )
        _require(request, "participation.add_event", initiative)
        form = _event_form(None, body)
        counts = _counts(body.get("participant_counts", []), body.get("total"), set())
        items = _inputs_formset(body["inputs"]) if body.get("inputs") else []
        if items:
            _require(request, "participation.add_input", initiative)
        try:
            event = event_service.create_event(
                initiative,
                actor=request.user,
                themes=form.cleaned_data["themes"],
                counts=counts,
                **{name: form.cleaned_data[name] for name in EVENT_FIELDS},
            )
            if items:
                event_service.add_inputs(event, actor=request.user, items=items)
        except ServiceError as error:
            raise _service_errors(error) from error
        return _event_response(request, event.pk, status.HTTP_201_CREATED)

    def _change(self, request: Request, partial: bool) -> Response:
        event = get_object_or_404(
            InvolvementEvent.objects.visible_to(request.user).select_related("initiative"),
            pk=self.kwargs["pk"],
        )
        _require(request, "participation.change_event", event)
        body = _body(EventUpdateSerializer, request, partial=partial)
        form = _event_form(event, body)
        counts = None
        if "participant_counts" in body or not partial:
            existing = set(event.participant_counts.values_list("target_group_id", flat=True))
            counts = _counts(body.get("participant_counts", []), body.get("total"), existing)
        changed = {name: form.cleaned_data[name] for name in EVENT_FIELDS}
        try:
            event_service.update_event(
                event,
                actor=request.user,
                themes=form.cleaned_data["themes"],
                counts=counts,
                **changed,
            )
        except ServiceError as error:
            raise _service_errors(error) from error
        return _event_response(request, event.pk, status.HTTP_200_OK)

    @extend_schema(
        summary=gettext_lazy("Change an involvement event (all its fields; counts replaced)"),
        tags=["involvement"],
        parameters=[IDEMPOTENCY],
        request=EventUpdateSerializer,
        responses={200: read.EventSerializer, 400: ERRORS, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return run_idempotent(request, lambda: self._change(request, partial=False))

    @extend_schema(
        summary=gettext_lazy("Change some fields of an involvement event"),
        tags=["involvement"],
        parameters=[IDEMPOTENCY],
        request=EventUpdateSerializer,
        responses={200: read.EventSerializer, 400: ERRORS, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return run_idempotent(request, lambda: self._change(request, partial=True))

    @extend_schema(
        summary=gettext_lazy("Add input items to an event"),
        tags=["involvement"],
        parameters=[IDEMPOTENCY],
        request=InputsInSerializer,
        responses={201: read.InputSerializer(many=True), 400: ERRORS, 403: FORBIDDEN},
    )
    @action(detail=True, methods=["post"], url_path="inputs", url_name="inputs")
    def add_inputs(self, request: Request, pk: str) -> Response:
        return run_idempotent(request, lambda: self._add_inputs(request, pk))

    def _add_inputs(self, request: Request, pk: str) -> Response:
        event = get_object_or_404(
            InvolvementEvent.objects.visible_to(request.user).select_related("initiative"),
            pk=pk,
        )
        _require(request, "participation.add_input", event)
        body = _body(InputsInSerializer, request)
        items = _inputs_formset(body["items"])
        created = event_service.add_inputs(event, actor=request.user, items=items)
        data = read.InputSerializer(created, many=True, context={"request": request}).data
        return Response(data, status=status.HTTP_201_CREATED)


# Input ---------------------------------------------------------------------------------------


class InputViewSet(mixins.UpdateModelMixin, InputReadViewSet):
    """Input items: read them, and record their follow-up and the answer given back."""

    http_method_names = ["get", "patch", "head", "options"]

    @extend_schema(
        summary=gettext_lazy("Follow up an input item: status, decision date, answer"),
        tags=["involvement"],
        parameters=[IDEMPOTENCY],
        request=InputUpdateSerializer,
        responses={200: read.InputSerializer, 400: ERRORS, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return run_idempotent(request, lambda: self._change(request))

    def _change(self, request: Request) -> Response:
        item = get_object_or_404(
            Input.objects.visible_to(request.user).select_related("event__initiative"),
            pk=self.kwargs["pk"],
        )
        _require(request, "participation.change_input", item)
        body = _body(InputUpdateSerializer, request, partial=True)
        data: dict[str, Any] = {
            name: getattr(item, name) for name in event_service.INPUT_FIELDS if name != "theme"
        }
        data["theme"] = item.theme_id
        data.update(body)
        form = InputForm({k: v for k, v in data.items() if v is not None}, instance=item)
        if not form.is_valid():
            raise ValidationError(_form_errors(form, str))
        try:
            event_service.update_input(
                item,
                actor=request.user,
                **{name: form.cleaned_data[name] for name in event_service.INPUT_FIELDS},
            )
        except ServiceError as error:
            raise _service_errors(error) from error
        item = Input.objects.select_related("event").get(pk=item.pk)
        return Response(read.InputSerializer(item, context={"request": request}).data)


# Indicator values ----------------------------------------------------------------------------


def _form_value(indicator: Indicator, value: Decimal) -> Any:
    if indicator.unit == Indicator.Unit.YES_NO:
        return str(int(value)) if value in (0, 1) else str(value)
    return value


class IndicatorValueViewSet(IndicatorValueReadViewSet):
    """Indicator values: read them; save or submit a municipality's values for a period."""

    @extend_schema(
        summary=gettext_lazy("Save or submit a municipality's indicator values for a period"),
        description=gettext_lazy(
            "As the web form: values of an open period, for indicators of its strategy; a "
            "submitted or approved value can no longer be changed. Returns every value of the "
            "municipality in the period."
        ),
        tags=["programme"],
        parameters=[IDEMPOTENCY],
        request=ValuesInSerializer,
        responses={
            200: read.IndicatorValueSerializer(many=True),
            400: ERRORS,
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    @action(detail=False, methods=["post"], url_path="save", url_name="save", pagination_class=None)
    def save_values(self, request: Request) -> Response:
        return run_idempotent(request, lambda: self._save(request))

    def _save(self, request: Request) -> Response:
        body = _body(ValuesInSerializer, request)
        municipality = get_object_or_404(
            visible_municipalities(request.user), number=body["municipality"]
        )
        period = get_object_or_404(ReportingPeriod, pk=body["period"])
        _require(request, "participation.submit_indicatorvalue", municipality)
        if period.status != ReportingPeriod.Status.OPEN:
            raise ValidationError(
                {"period": [_("This reporting period is not open: its values cannot be changed.")]}
            )
        indicators = {i.pk: i for i in Indicator.objects.filter(strategy=period.strategy_id)}
        saved = {
            value.indicator_id: value
            for value in IndicatorValue.objects.filter(municipality=municipality, period=period)
        }
        data: dict[str, Any] = {}
        errors: dict[str, list[str]] = {}
        for index, entry in enumerate(body["values"]):
            indicator = indicators.get(entry["indicator"])
            if indicator is None:
                errors[f"values[{index}].indicator"] = [
                    _("This indicator is not reported on in this period.")
                ]
                continue
            if not value_service.is_editable(saved.get(indicator.pk)):
                errors[f"values[{index}].value"] = [
                    _("A value that has been submitted or approved can no longer be changed here.")
                ]
                continue
            data[f"value_{indicator.pk}"] = _form_value(indicator, entry["value"])
            data[f"source_{indicator.pk}"] = entry.get("source", "")
        if errors:
            raise ValidationError(errors)
        # Rows left out keep what was saved (the form would otherwise read them as emptied).
        named = {entry["indicator"] for entry in body["values"]}
        rows = [indicators[pk] for pk in named]
        form = IndicatorValuesForm(
            data,
            indicators=rows,
            saved={pk: saved[pk] for pk in named if pk in saved},
            period_open=True,
        )
        if not form.is_valid():
            position = {entry["indicator"]: i for i, entry in enumerate(body["values"])}

            def rename(field: str) -> str:
                kind, _sep, pk = field.partition("_")
                return f"values[{position.get(int(pk), 0)}].{kind}" if pk.isdigit() else field

            raise ValidationError(_form_errors(form, rename))
        entries = form.entries()
        try:
            if body["submit"]:
                value_service.submit(
                    municipality, actor=request.user, period=period, entries=entries
                )
            else:
                value_service.save_draft(
                    municipality, actor=request.user, period=period, entries=entries
                )
        except ServiceError as error:
            raise _service_errors(error) from error
        values: QuerySet[IndicatorValue] = (
            IndicatorValue.objects.filter(municipality=municipality, period=period)
            .select_related("municipality", "indicator")
            .order_by("indicator__code", "pk")
        )
        data_out = read.IndicatorValueSerializer(
            values, many=True, context={"request": request}
        ).data
        return Response(data_out)
