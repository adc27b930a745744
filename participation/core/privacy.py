"""Keeping personal data out of free text: the validator every free-text field uses.

Events and input describe what residents said, never who said it. Staff type quickly, and a
phone number or an identity number pasted into a summary is personal data the product must not
hold. `validate_no_personal_data` refuses text that looks like one of these, and says why and
what to write instead:

- **National identity numbers** (fødselsnummer, D-number, H-number): 11 digits, written together
  or as 6 + 5 with one space, hyphen or dot between (`010190 12345`, `010190-12345`,
  `010190.12345`), not part of a longer digit run. Only numbers whose two mod-11 control digits
  are right are refused, so an ordinary 11-digit number (an order or case number) passes unless
  it happens to satisfy the check (about one in a hundred do). Refusing every 11-digit run would
  refuse the account and case numbers staff legitimately mention; the control digits tell the two
  apart well enough. The date part is not checked: D-numbers add 4 to the first digit (days
  41–71) and H-numbers shift the month, and a wrong date with right control digits is still most
  likely an identity number mistyped.
- **Phone numbers**: 8 digits starting with 2–9 (Norwegian subscriber numbers never start with 0
  or 1), written together (`91234567`) or grouped as people write them: 3-2-3 (`912 34 567`) or
  2-2-2-2 (`91 23 45 67`) with spaces, hyphens or dots, the same one throughout, or 4-4 with a
  space (`9123 4567`). Optionally after `+47` or `0047`, with or without a space, hyphen or dot
  after it; `(+47)` works too. A space may be a no-break space. The number must stand alone: a
  grouped number joined by the same separator to another group of up to four digits
  (`12 34 56 78 90`, an account number, an IBAN) is part of a longer number and passes (next to
  a longer digit run it is still found), and so do other groupings
  (`12 500 000` kroner, `974 760 673`), longer digit runs (case numbers of 9 or more digits) and
  dates and years (`01.02.2024`, `2024-01-15`, `2024-2025`). Without a country code, three
  things that look like a phone number but are common in ordinary text pass: eight digits that
  read as a date in this century (`20240115`), two years with a space between (`2024 2025`), and
  a post box with its postal code (`Postboks 1234 8001 Bodø`).
- **E-mail addresses**: any: an `@` with a character that can end an address's local part right
  before it and a domain with at least one dot right after it. We cannot tell a private address
  from an official one, so all are refused in resident-facing text; name the office or service
  instead.

Every check is one search with a regular expression that, at each position, does bounded work
(a phone number with its country code is at most 17 characters, an identity number 12, and the
lookarounds reach at most 15 characters back) or, for an e-mail address, scans only the domain
label after one `@`, which ends at the next `@`. Checking therefore takes time linear in the
length of the text, whatever the text: a 100 000-character field, adversarial or ordinary, takes
from under 1 to about 20 milliseconds (bench/privacy_guard.py).

`PersonalDataValidator(label)` is the same check as a validator that names the field in its
message ("Summary: This looks like a phone number. …"), so that a message read away from its field
(an import's list of errors, an API response, a service's refusal) still says where the problem
is. Every free-text model field carries it (`participation.core.fields`), so model forms, the
Django admin, imports and services all refuse the same text with the same message.
`protect_free_text(form)` adds it and a visible warning to a plain form's free-text fields.
`shown_text(text)` applies the same check again where free text is shown away from its record
(the public pages, a municipality's report): text that fails it is replaced by a notice.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from operator import mul

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import pretty_name
from django.utils.deconstruct import deconstructible
from django.utils.functional import Promise
from django.utils.text import capfirst
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

# A message for one field: the field's name, then what was found and what to write instead.
FIELD_MESSAGE = _("%(field)s: %(problem)s")

_DIGIT = "[0-9]"  # ASCII only: `\d` would also take other scripts' digits
_SPACE = "[ \u00a0\u202f]"  # space, no-break space, narrow no-break space
_SEPARATORS = (_SPACE, r"\.", "-")

# 11 digits, or 6 + 5 with one separator between, not part of a longer digit run. The first
# digit is matched before the lookbehind so that the search skips every other character quickly.
_IDENTITY_NUMBER = re.compile(
    rf"({_DIGIT}(?<![0-9]{{2}}){_DIGIT}{{5}})(?:{_SPACE}|[.-])?({_DIGIT}{{5}})(?![0-9])"
)

# Phone numbers. Each form has a fixed length: its digits are matched first, then lookarounds
# from its end check what is next to it (a lookbehind over the whole form reaches what comes
# before it), so a search fails fast wherever no phone-shaped run of digits starts.


def _apart(sep: str, length: int) -> tuple[str, str]:
    """Lookarounds at the end of a number of `length` characters grouped with `sep`, one for
    what follows and one for what precedes it: it is part of a longer grouped number if a group
    of up to four digits is joined to it by the same separator; a longer digit run next to it
    (`202401234 912 34 567`) is another number."""
    return (
        f"(?:(?!{sep}[0-9])|(?={sep}[0-9]{{5}}))",
        f"(?:(?<![0-9]{sep}.{{{length}}})|(?<=[0-9]{{5}}{sep}.{{{length}}}))",
    )


def _phone_pattern() -> str:
    # Each form: (pattern after the first digit, lookahead at its end, lookbehinds at its end
    # that apply only without a country code).
    forms = [
        # Together. Joined by a dot or hyphen to more digits it is part of a longer number; by a
        # space, it is next to another one. Eight digits reading as a date 20YYMMDD pass.
        (
            f"{_DIGIT}{{7}}",
            "(?![.-][0-9])",
            "(?<![0-9][.-].{8})(?<!20[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01]))",
        ),
        # 4-4 with a space only (`2024-2025` is a span of years); two years (`2024 2025`) and a
        # post box number with its postal code (`Postboks 1234 8001`) pass.
        (
            f"{_DIGIT}{{3}}{_SPACE}{_DIGIT}{{4}}",
            _apart(_SPACE, 9)[0],
            _apart(_SPACE, 9)[1] + f"(?<!20[0-9]{{2}}{_SPACE}(?:19|20)[0-9]{{2}})"
            rf"(?<!(?i:boks){_SPACE}.{{9}})(?<!(?i:\bpb){_SPACE}.{{9}})"
            rf"(?<!(?i:\bpb\.){_SPACE}.{{9}})",
        ),
    ]
    # 3-2-3 and 2-2-2-2 with the same separator throughout.
    for sep in _SEPARATORS:
        forms.append((f"{_DIGIT}{{2}}{sep}{_DIGIT}{{2}}{sep}{_DIGIT}{{3}}", *_apart(sep, 10)))
        forms.append(
            (f"{_DIGIT}{sep}{_DIGIT}{{2}}{sep}{_DIGIT}{{2}}{sep}{_DIGIT}{{2}}", *_apart(sep, 11))
        )
    with_code = "|".join(f"{rest}(?![0-9]){after}" for rest, after, _ in forms)
    without_code = "|".join(f"{rest}(?![0-9]){after}{before}" for rest, after, before in forms)
    # Every form goes on with a digit and then a digit or separator: checked once, before
    # trying the forms one by one.
    gate = r"(?=[0-9][0-9 \u00a0\u202f.-])"
    after_code = f"(?:{_SPACE}|[.-])?[2-9]{gate}(?:{with_code})"
    # The first character is matched alone, outside any alternation, so that the search skips
    # quickly to the next 2–9, `(`, `+` or `0`; each alternative then checks which it was.
    return (
        "[2-9(+0](?:"
        f"(?<=[2-9])(?<![0-9][2-9]){gate}(?:{without_code})"
        rf"|(?<=\()\+47\){after_code}"
        rf"|(?<=\+)47{after_code}"
        rf"|(?<=0)(?<![0-9]0)047{after_code}"
        ")"
    )


# Each alternative has a fixed length of at most 17 characters (country code included), and its
# lookarounds look at most 15 characters back and 6 ahead: bounded work at each position.
_PHONE_NUMBER = re.compile(_phone_pattern())

# An `@` preceded by a character an address's local part can end with, followed by a domain
# label, a dot and a character of the next label. Searching starts only at an `@`; the only
# repetition is the one label after it, which stops at the next character that is not a label
# character (another `@` included), so no character is scanned for more than one `@`.
_EMAIL = re.compile(r"""@(?<=[\w.!#$%&'*+/=?^`{|}~"-]@)[\w-]+\.[\w-]""")

# The control digits are right when each weighted sum, the control digit itself weighted 1, is
# divisible by 11 (a control digit that would have to be 10 makes the number invalid, and no
# single digit can make such a sum divisible).
_WEIGHTS_1 = (3, 7, 6, 1, 8, 9, 4, 5, 2, 1)
_WEIGHTS_2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2, 1)


def is_identity_number(number: str) -> bool:
    """True if `number` (11 digits) has the two right mod-11 control digits."""
    if len(number) != 11 or not number.isascii() or not number.isdigit():
        return False
    digits = [ord(c) - 48 for c in number]
    return (
        sum(map(mul, digits, _WEIGHTS_1)) % 11 == 0 and sum(map(mul, digits, _WEIGHTS_2)) % 11 == 0
    )


def contains_identity_number(text: str) -> bool:
    return any(is_identity_number(m.group(1) + m.group(2)) for m in _IDENTITY_NUMBER.finditer(text))


def contains_phone_number(text: str) -> bool:
    return _PHONE_NUMBER.search(text) is not None


def contains_email(text: str) -> bool:
    return _EMAIL.search(text) is not None


def _problems(text: str) -> list[Promise]:
    """The (lazy) explanation of each kind of personal data found in `text` (empty if none)."""
    if not text:
        return []
    problems: list[Promise] = []
    if contains_identity_number(text):
        problems.append(IDENTITY_NUMBER_MESSAGE)
    if contains_phone_number(text):
        problems.append(PHONE_NUMBER_MESSAGE)
    if contains_email(text):
        problems.append(EMAIL_MESSAGE)
    return problems


def personal_data_problems(text: str) -> list[str]:
    """The explanations for each kind of personal data found in `text` (empty if none)."""
    return [str(problem) for problem in _problems(text)]


WITHHELD_TEXT = _("[This text is withheld: it may hold personal data.]")


def shown_text(text: str) -> str:
    """`text` as it may be shown away from its own record (a publication, a report): itself, or
    a notice in its place when it holds what looks like personal data (text written by a path
    that skipped the guard, before the guard existed or behind the application's back). Text
    removed by a redaction reads "[fjernet]" in the record itself, and so here too."""
    if text and _problems(text):
        return str(WITHHELD_TEXT)
    return text


def validate_no_personal_data(value: str) -> None:
    """A field validator: refuse text that looks like it holds personal data."""
    problems = personal_data_problems(value or "")
    if problems:
        raise ValidationError(problems, code="personal_data")


@deconstructible
class PersonalDataValidator:
    """Refuse text that looks like it holds personal data, naming the field `label` (a field's
    verbose name or a form field's label; lazy, so the message follows the active language).

    Raises one error per kind found, each "<Label>: <what was found, what to write instead>"
    (code `personal_data`).
    """

    code = "personal_data"

    def __init__(self, label: str | Promise) -> None:
        self.label = label

    def __call__(self, value: object) -> None:
        if not isinstance(value, str):
            return
        problems = _problems(value)
        if problems:
            raise ValidationError(
                [
                    ValidationError(
                        FIELD_MESSAGE,
                        code=self.code,
                        params={"field": _Capitalised(self.label), "problem": problem},
                    )
                    for problem in problems
                ]
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PersonalDataValidator) and str(other.label) == str(self.label)

    def __hash__(self) -> int:
        return hash(str(self.label))


class _Capitalised:
    """A label with its first letter capitalised when it is formatted (it may be lazy)."""

    def __init__(self, label: str | Promise) -> None:
        self.label = label

    def __str__(self) -> str:
        return str(capfirst(str(self.label)))


def guards_against_personal_data(field: forms.Field) -> bool:
    return any(isinstance(v, PersonalDataValidator) for v in field.validators)


def protect_free_text(form: forms.BaseForm, names: Iterable[str] | None = None) -> None:
    """Add the personal-data validator (naming the field by its label) to the form's text fields
    (or to `names`), and the warning to the help text of those shown as a text area.

    A model form's fields for free-text model fields already carry the validator
    (`participation.core.fields`); it is not added twice."""
    for name, field in form.fields.items():
        if names is not None and name not in names:
            continue
        if not isinstance(field, forms.CharField):
            continue
        if not guards_against_personal_data(field):
            field.validators.append(PersonalDataValidator(field.label or pretty_name(name)))
        if isinstance(field.widget, forms.Textarea):
            field.help_text = (
                f"{field.help_text} {PERSONAL_DATA_WARNING}"
                if field.help_text
                else PERSONAL_DATA_WARNING
            )
