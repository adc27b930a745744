"""Keeping personal data out of free text: the validator every free-text field uses.

Events and input describe what residents said, never who said it. Staff type quickly, and a
phone number or an identity number pasted into a summary is personal data the product must not
hold. `validate_no_personal_data` refuses text that looks like one of these, and says why and
what to write instead:

- **National identity numbers** (fødselsnummer, D-number, H-number): 11 digits, optionally with
  a space after the sixth. Only numbers whose two mod-11 control digits are right are refused, so
  an ordinary 11-digit number (an order or case number) passes unless it happens to satisfy the
  check (about one in a hundred do). Refusing every 11-digit run would refuse the account and
  case numbers staff legitimately mention; the control digits tell the two apart well enough.
  The date part is not checked: D- and H-numbers shift the day or month, and a wrong date with
  right control digits is still most likely an identity number mistyped.
- **Phone numbers**: 8 digits starting with 2–9 (Norwegian subscriber numbers never start with 0
  or 1), optionally after +47 or 0047, written together or grouped as people write them
  (`123 45 678`, `12 34 56 78`, `1234 5678`). Other groupings (`12 500 000` kroner) and longer
  digit runs pass.
- **E-mail addresses**: any. We cannot tell a private address from an official one, so all are
  refused in resident-facing text; name the office or service instead.

`protect_free_text(form)` adds the validator and a visible warning to a form's free-text fields.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PERSONAL_DATA_WARNING = _(
    "Do not write personal data: no names, identity numbers, phone numbers or e-mail addresses. "
    "Describe what was said, not who said it."
)

IDENTITY_NUMBER_MESSAGE = _(
    "This looks like a national identity number (fødselsnummer or D-number). Identity numbers "
    "must never be recorded here. Describe the matter without saying who it concerns."
)
PHONE_NUMBER_MESSAGE = _(
    "This looks like a phone number. Residents' phone numbers must not be recorded here. If "
    "people should get in touch, name the office or service instead (for example "
    "“the housing office”)."
)
EMAIL_MESSAGE = _(
    "This looks like an e-mail address. E-mail addresses are refused in all free text, because "
    "we cannot tell a private address from an official one. Name the office or service instead "
    "(for example “the housing office”)."
)

# 11 digits, optionally with one space after the sixth, not part of a longer digit run.
_IDENTITY_NUMBER = re.compile(r"(?<!\d)(\d{6}) ?(\d{5})(?!\d)")
# 8 digits starting with 2–9, optionally after +47/0047, in the groupings people write.
_PHONE_NUMBER = re.compile(
    r"(?<![\d+])"
    r"(?:(?:\+|00)47[ -]?)?"
    r"(?:[2-9]\d{7}|[2-9]\d{2} \d{2} \d{3}|[2-9]\d (?:\d{2} ){2}\d{2}|[2-9]\d{3} \d{4})"
    r"(?![\d])"
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)

_WEIGHTS_1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_WEIGHTS_2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def _control_digit(digits: Iterable[int], weights: tuple[int, ...]) -> int | None:
    remainder = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
    control = 0 if remainder == 0 else 11 - remainder
    return None if control == 10 else control


def is_identity_number(number: str) -> bool:
    """True if `number` (11 digits) has the two right mod-11 control digits."""
    if len(number) != 11 or not number.isdigit():
        return False
    digits = [int(c) for c in number]
    first = _control_digit(digits[:9], _WEIGHTS_1)
    if first is None or first != digits[9]:
        return False
    second = _control_digit(digits[:10], _WEIGHTS_2)
    return second is not None and second == digits[10]


def contains_identity_number(text: str) -> bool:
    return any(is_identity_number(m.group(1) + m.group(2)) for m in _IDENTITY_NUMBER.finditer(text))


def contains_phone_number(text: str) -> bool:
    return _PHONE_NUMBER.search(text) is not None


def contains_email(text: str) -> bool:
    return _EMAIL.search(text) is not None


def personal_data_problems(text: str) -> list[str]:
    """The explanations for each kind of personal data found in `text` (empty if none)."""
    if not text:
        return []
    problems = []
    if contains_identity_number(text):
        problems.append(str(IDENTITY_NUMBER_MESSAGE))
    if contains_phone_number(text):
        problems.append(str(PHONE_NUMBER_MESSAGE))
    if contains_email(text):
        problems.append(str(EMAIL_MESSAGE))
    return problems


def validate_no_personal_data(value: str) -> None:
    """A field validator: refuse text that looks like it holds personal data."""
    problems = personal_data_problems(value or "")
    if problems:
        raise ValidationError(problems, code="personal_data")


def protect_free_text(form: forms.BaseForm, names: Iterable[str] | None = None) -> None:
    """Add the personal-data validator to the form's text fields (or to `names`), and the
    warning to the help text of those shown as a text area."""
    for name, field in form.fields.items():
        if names is not None and name not in names:
            continue
        if not isinstance(field, forms.CharField):
            continue
        field.validators.append(validate_no_personal_data)
        if isinstance(field.widget, forms.Textarea):
            field.help_text = (
                f"{field.help_text} {PERSONAL_DATA_WARNING}"
                if field.help_text
                else PERSONAL_DATA_WARNING
            )
