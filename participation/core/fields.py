"""Free-text model fields that refuse personal data, whichever way the text arrives.

`FreeTextField` and `FreeCharField` are Django's `TextField` and `CharField` with the
personal-data guard of `participation.core.privacy` built in. Every field a person writes in
(names, aims, descriptions, minutes, commitments, sources, summaries, answers, comments) is one
of them; codes, slugs, numbers, choices and text the system writes itself are not (the list, and
why, is in tests/test_free_text_fields.py). The guard works at three levels, so no form, import,
admin page, service or later API has to remember it:

- **Validation.** The field's validators include `PersonalDataValidator` with the field's
  verbose name, so `full_clean()` refuses the text with a message that names the field and says
  what to write instead. A model form (our own, the Django admin's, an import's) runs it, and
  the form field the model field makes carries the same validator, so the error shows beside the
  field before any `clean_<field>` method runs. Django REST framework's model serializers copy
  model field validators, so a later API refuses the same text.
- **Writing.** `get_db_prep_save`, which Django calls for every value it sends to the database
  (`save()`, `create()`, `bulk_create()`, `QuerySet.update()`, `bulk_update()`, even fixtures),
  runs the guard again and raises `ValidationError({field name: [...]})`. A service that saves
  without a form therefore refuses too, and nothing written through the ORM bypasses the check.
  Only raw SQL does (the bulk loader of the synthetic dataset, participation/demo/synthetic/
  bulk.py, runs the same validators on the values it copies).
- **Forms.** `formfield()` adds the validator to the form field, which is how a plain form built
  from a model field gets it; plain forms declared by hand call `protect_free_text`.

**No migration.** `deconstruct()` returns the plain Django path (`django.db.models.TextField`,
`django.db.models.CharField`) with the same arguments: the database column is the same, and
validators that come from the field class (not from a `validators=` argument) are not part of
the migration state. The migration autodetector therefore sees no change when a field becomes a
free-text field, and historical models in migrations use the plain field (data migrations are not
guarded; they write reference data, not what people type).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils.functional import cached_property

from participation.core.privacy import PersonalDataValidator


class FreeText(models.Field):  # type: ignore[type-arg]
    """What the two free-text fields share: see the module docstring."""

    plain_path = ""

    @cached_property
    def personal_data_validator(self) -> PersonalDataValidator:
        return PersonalDataValidator(self.verbose_name)

    @cached_property
    def validators(self) -> list[Callable[[Any], None]]:  # type: ignore[override]
        return [*super().validators, self.personal_data_validator]

    def formfield(self, **kwargs: Any) -> forms.Field | None:  # type: ignore[override]
        field = super().formfield(**kwargs)
        if field is not None:
            field.validators.append(self.personal_data_validator)
        return field

    def refuse_personal_data(self, value: object) -> None:
        """Raise `ValidationError({name: [...]})` if `value` looks like it holds personal data."""
        try:
            self.personal_data_validator(value)
        except ValidationError as error:
            raise ValidationError({self.name: error.error_list}) from None

    def get_db_prep_save(self, value: Any, connection: BaseDatabaseWrapper) -> Any:
        self.refuse_personal_data(value)
        return super().get_db_prep_save(value, connection)

    def deconstruct(self) -> Any:
        name, _path, args, kwargs = super().deconstruct()
        return name, self.plain_path, args, kwargs


class FreeTextField(FreeText, models.TextField):  # type: ignore[type-arg]
    """A `TextField` people write in: refuses personal data (see the module docstring)."""

    plain_path = "django.db.models.TextField"


class FreeCharField(FreeText, models.CharField):  # type: ignore[type-arg]
    """A `CharField` people write in: refuses personal data (see the module docstring)."""

    plain_path = "django.db.models.CharField"


def is_free_text(field: object) -> bool:
    return isinstance(field, FreeText)
