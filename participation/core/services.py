"""The convention every write in `participation/*/services/` follows, and its one error type.

A write is a function `verb_noun(target, *, actor, **data)`:

- `target` is the object the write is about (a municipality for a new record in it, the record
  itself for a change); it comes from the URL, never from a form.
- `actor` is the user who acts, or None for the system itself (a management command, the demo
  data, a test's set-up); it is keyword-only and always given. It becomes the rows'
  `created_by`/`updated_by` and the actor of the audit entries (`acting_as`).
- The data are keyword arguments: a form's cleaned data passed as `**form.cleaned_data` (each
  service names the fields it accepts and refuses others with ValueError, a programming error),
  or named keywords for what is not a model field.
- It is atomic (`transaction.atomic`). What leaves the database because of it (a task queued,
  an e-mail) is sent with `transaction.on_commit`, so a rolled-back write sends nothing. (The
  background jobs that send e-mail, the daily reminders and the report's notice, claim their
  rows in their own short transactions so that each message goes once; see their docstrings.)
- It never sees a request: what it needs from one (an IP address) is passed as a value.
- It refuses a change the user should hear about by raising `ServiceError` (or a subclass); the
  views turn that into form or page errors with `participation.core.views.show_service_error`.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.functional import Promise

Message = str | Promise


class ServiceError(Exception):
    """A write refused for a reason the user should read; nothing was saved.

    Give one translated message, or a mapping from a field name to its message(s) when the
    reason belongs to one field of the form the data came from (None: to the whole form).
    `errors` holds them as field → messages; `messages` lists them all; `str()` joins them.
    """

    def __init__(self, message: Message | Mapping[str | None, Message | Sequence[Message]]):
        errors: dict[str | None, list[str]] = {}
        if isinstance(message, Mapping):
            for field, value in message.items():
                values = [value] if isinstance(value, str | Promise) else value
                errors[field] = [str(v) for v in values]
        else:
            errors[None] = [str(message)]
        self.errors = errors
        super().__init__(" ".join(self.messages))

    @property
    def messages(self) -> list[str]:
        return [message for messages in self.errors.values() for message in messages]

    @classmethod
    def from_validation_error(cls, error: ValidationError) -> ServiceError:
        """The model's own checks' refusal (`full_clean`) as a service error, field by field."""
        if hasattr(error, "error_dict"):
            return cls(
                {
                    None if field == NON_FIELD_ERRORS else field: messages
                    for field, messages in error.message_dict.items()
                }
            )
        return cls({None: error.messages})


def check_model(instance: models.Model, *, exclude: Collection[str] | None = None) -> None:
    """Run the model's checks (`full_clean`); a failure raises `ServiceError`."""
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as error:
        raise ServiceError.from_validation_error(error) from error
