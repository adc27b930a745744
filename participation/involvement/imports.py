"""Importing involvement events from a spreadsheet: the columns, the template, reading the file,
and checking each row.

Each row is checked by the same forms the event page uses (`EventForm` for the event's fields,
`ParticipantCountForm` for the counts), so an imported event obeys the same rules as one typed
in, including the refusal of personal data in free text. This module only translates a row of
text into the form's data: a method or theme named by code or Norwegian name becomes its id, a
date written 31.12.2025 becomes 2025-12-31, "ja"/"nei" become a tick box.

Every column has a Norwegian name, the one the template writes, and a stable code, the one
the import used at first (old files keep working); either is accepted, in any case, with
surrounding spaces ignored, `_` for a space, and æ/ø/å or ae/o/a alike (`column_key`):

- the event's own fields (`EVENT_COLUMNS`, Norwegian names in `NORWEGIAN_NAMES`): `tittel`
  (`title`), `dato` (`date`) and `metode` (`method`) are required;
- `temaer` (`themes`): codes or names separated by `|`;
- `deltakere totalt` (`total_participants`): optional check, the counts must add up to it;
- participant counts, one column per target group × role: `antall:<målgruppe>:<rolle>`, the
  target group by its code (slug) or Norwegian name, the role by its Norwegian word
  (`ROLE_NAMES`: beboer, pårørende, …); the code `count:<target group code>:<role code>` is
  the same column.

An unknown column is refused with the nearest valid name (`check_header`). The rows are checked
by the columns' codes (`canonical_header`); an error names the column as the file wrote it.

The natural key of an event is initiative + title + date + start time: a row matching an event
already there is "already imported" and creates nothing, so uploading the same file twice is
harmless.
"""

from __future__ import annotations

import csv
import datetime
import difflib
import hashlib
import io
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from participation.core.spreadsheets import neutralise, spreadsheet_text
from participation.involvement.forms.events import EventForm, ParticipantCountForm
from participation.involvement.forms.imports import (  # the limits, stated on the upload form
    MAX_CELL_CHARACTERS,
    MAX_COLUMNS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    MAX_UNPACKED_BYTES,
)
from participation.involvement.models import (
    EVENT_FIELDS,
    Initiative,
    InvolvementEvent,
    ParticipantCount,
)
from participation.places.models import Method, TargetGroup, Theme

THEME_SEPARATOR = "|"
COUNT_PREFIX = "count:"
TOTAL_COLUMN = "total_participants"
# How often `check_rows` reports its progress (the import's task shows it on its page).
PROGRESS_EVERY = 50

# (column, meaning, format) for the event's own fields, in template order.
EVENT_COLUMNS: tuple[tuple[str, Any, Any], ...] = (
    ("title", _("Title of the event (required)."), _("Text, at most 200 characters.")),
    ("date", _("Date of the event (required)."), _("YYYY-MM-DD or DD.MM.YYYY.")),
    ("start_time", _("Start time (optional)."), _("HH:MM, for example 18:00.")),
    ("method", _("Participation method (required)."), _("A code or Norwegian name, see below.")),
    ("channel", _("Channel (optional, in person if blank)."), _("A code or name, see below.")),
    (
        "themes",
        _("Themes (optional)."),
        _("Codes or Norwegian names separated by a vertical bar |, see below."),
    ),
    ("description", _("Description (optional)."), _("Text. No personal data.")),
    ("accessibility_measures", _("Accessibility measures (optional)."), _("Text.")),
    (
        "expectations_clarified",
        _("Expectations clarified up front."),
        _("ja/nei or yes/no; blank means no."),
    ),
    ("promise_to_participants", _("What participants were promised (optional)."), _("Text.")),
    (
        "feedback_due",
        _("When participants should hear what came of their input (optional)."),
        _("YYYY-MM-DD or DD.MM.YYYY, not before the event."),
    ),
    ("consent_noted", _("Consent noted."), _("ja/nei or yes/no; blank means no.")),
    ("consent_how", _("How consent was obtained (optional)."), _("Text.")),
    (
        TOTAL_COLUMN,
        _("Total number of participants (optional check)."),
        _("A whole number: the count columns must add up to it."),
    ),
)
# The Norwegian name of each of the event's own columns: what the template writes.
NORWEGIAN_NAMES: dict[str, str] = {
    "title": "tittel",
    "date": "dato",
    "start_time": "starttid",
    "method": "metode",
    "channel": "kanal",
    "themes": "temaer",
    "description": "beskrivelse",
    "accessibility_measures": "tilrettelegging",
    "expectations_clarified": "forventninger avklart",
    "promise_to_participants": "lovet deltakerne",
    "feedback_due": "tilbakemelding innen",
    "consent_noted": "samtykke registrert",
    "consent_how": "samtykke hvordan",
    TOTAL_COLUMN: "deltakere totalt",
}
NORWEGIAN_COUNT_PREFIX = "antall:"
# The Norwegian word for each role in a count column's name (the role's code is accepted too).
ROLE_NAMES: dict[str, str] = {
    "resident": "beboer",
    "relative": "pårørende",
    "representative": "brukerrepresentant",
    "citizen": "innbygger",
    "peer": "egenerfaring",
    "staff": "ansatt",
    "other": "annet",
}
REQUIRED_COLUMNS = ("title", "date", "method")
TEXT_COLUMNS = (
    "title",
    "description",
    "accessibility_measures",
    "promise_to_participants",
    "consent_how",
)
BOOLEAN_COLUMNS = ("expectations_clarified", "consent_noted")
DATE_COLUMNS = ("date", "feedback_due")
_YES = {"ja", "yes", "j", "y", "1", "true", "x", "sant"}
_NO = {"nei", "no", "n", "0", "false", "", "usant"}
_NORWEGIAN_DATE = re.compile(r"^(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})$")
_ISO_DATE = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?: \d{2}:\d{2}:\d{2})?$")
_NUMBER = re.compile(r"^[+-]?\d+([.,]\d+)?$")


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message says why, in plain words."""


def count_column(group: TargetGroup, role: str) -> str:
    """A count column's code: `count:<target group code>:<role code>`."""
    return f"{COUNT_PREFIX}{group.code}:{role}"


def norwegian_count_column(group: TargetGroup, role: str) -> str:
    """A count column's Norwegian name: `antall:<target group code>:<role in Norwegian>`."""
    return f"{NORWEGIAN_COUNT_PREFIX}{group.code}:{ROLE_NAMES[role]}"


def norwegian_name(code: str) -> str:
    """The Norwegian name of the column whose code is `code` (as the template writes it)."""
    if code.startswith(COUNT_PREFIX):
        group, _sep, role = code[len(COUNT_PREFIX) :].rpartition(":")
        return f"{NORWEGIAN_COUNT_PREFIX}{group}:{ROLE_NAMES.get(role, role)}"
    return NORWEGIAN_NAMES.get(code, code)


def template_groups(initiative: Initiative) -> list[TargetGroup]:
    """The target groups the template offers count columns for: the initiative's own, or every
    active group when it names none (the same rows as the event form's grid)."""
    groups = list(initiative.target_groups.all())
    if not groups:
        groups = list(TargetGroup.objects.filter(is_active=True))
    return groups


def template_codes(initiative: Initiative) -> list[str]:
    """The template's columns by their codes, in template order."""
    columns = [name for name, _meaning, _format in EVENT_COLUMNS]
    for group in template_groups(initiative):
        for role, _label in ParticipantCount.Role.choices:
            columns.append(count_column(group, role))
    return columns


def template_columns(initiative: Initiative) -> list[str]:
    """The template's header: the columns' Norwegian names, in template order."""
    return [norwegian_name(code) for code in template_codes(initiative)]


@dataclass
class HelpRow:
    column: str  # the Norwegian name, as the template writes it
    code: str  # the code, accepted as well
    meaning: str
    format: str


def column_help(initiative: Initiative) -> list[HelpRow]:
    rows = [
        HelpRow(NORWEGIAN_NAMES[name], name, str(meaning), str(fmt))
        for name, meaning, fmt in EVENT_COLUMNS
    ]
    for group in template_groups(initiative):
        for role, label in ParticipantCount.Role.choices:
            rows.append(
                HelpRow(
                    norwegian_count_column(group, role),
                    count_column(group, role),
                    gettext("Participants: %(group)s, %(role)s (optional).")
                    % {"group": group.name, "role": label},
                    gettext("A whole number, 0 or more."),
                )
            )
    return rows


@dataclass
class RoleHelp:
    name: str  # the Norwegian word in a count column's name
    code: str
    label: str


def role_help() -> list[RoleHelp]:
    """The roles a count column may name: the Norwegian word, the code, what it means."""
    return [
        RoleHelp(ROLE_NAMES[code], code, str(label))
        for code, label in ParticipantCount.Role.choices
    ]


# Where each list of `allowed_values` goes: a column, or a part of a count column's name.
ALLOWED_VALUE_COLUMNS = {
    "method": NORWEGIAN_NAMES["method"],
    "channel": NORWEGIAN_NAMES["channel"],
    "themes": NORWEGIAN_NAMES["themes"],
    "target_group": f"{NORWEGIAN_COUNT_PREFIX}<målgruppe>:…",
}


def allowed_values() -> dict[str, list[tuple[str, str]]]:
    """The values the method, channel and theme columns accept, and the target groups a count
    column's name may hold: (code, Norwegian name; either is accepted). Roles: `role_help`."""
    with translation.override("nb"):
        channels = [(code, str(label)) for code, label in InvolvementEvent.Channel.choices]
    return {
        "method": list(Method.objects.filter(is_active=True).values_list("code", "name")),
        "channel": channels,
        "themes": list(Theme.objects.filter(is_active=True).values_list("code", "name")),
        "target_group": list(
            TargetGroup.objects.filter(is_active=True).values_list("code", "name")
        ),
    }


# ------------------------------------------------------------------------------------------
# Reading the file


@dataclass
class Sheet:
    """The file's header and rows, every cell as text ("" when blank)."""

    header: list[str]
    rows: list[list[str]]
    digest: str
    # (row number, column) of cells that hold a formula
    formulas: list[tuple[int, str]] = field(default_factory=list)


def read_upload(name: str, content: bytes) -> Sheet:
    """Read a CSV or XLSX upload. Raises `ImportFileError` for a file that cannot be used."""
    if len(content) > MAX_FILE_BYTES:
        raise ImportFileError(
            gettext("The file is too big: at most %(size)s MB is accepted.")
            % {"size": MAX_FILE_BYTES // (1024 * 1024)}
        )
    if not content:
        raise ImportFileError(gettext("The file is empty."))
    digest = hashlib.sha256(content).hexdigest()
    lower = name.lower()
    if content[:4] == b"PK\x03\x04" or lower.endswith(".xlsx"):
        header, rows, formulas = _read_xlsx(content)
    elif lower.endswith((".csv", ".txt")):
        header, rows, formulas = _read_csv(content)
    else:
        raise ImportFileError(
            gettext("The file is not a spreadsheet. Upload a CSV or XLSX file, as the template.")
        )
    header = [h.strip() for h in header]
    while header and not header[-1]:
        header.pop()
    if not header:
        raise ImportFileError(gettext("The file has no header row. Start from the template."))
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if len(rows) > MAX_ROWS:
        raise ImportFileError(
            gettext("The file has more than %(max)s rows. Split it into files of at most %(max)s.")
            % {"max": MAX_ROWS}
        )
    return Sheet(header=header, rows=rows, digest=digest, formulas=formulas)


def _read_csv(content: bytes) -> tuple[list[str], list[list[str]], list[tuple[int, str]]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            gettext(
                "The file is not UTF-8 text. Save it as “CSV UTF-8” (in Excel: Save as, "
                "CSV UTF-8) and upload it again."
            )
        ) from error
    if "\x00" in text:
        raise ImportFileError(
            gettext("The file is not a spreadsheet. Upload a CSV or XLSX file, as the template.")
        )
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        table = [list(row) for row in reader]
    except csv.Error as error:
        raise ImportFileError(
            gettext("The CSV file cannot be read: %(error)s") % {"error": error}
        ) from error
    if not table:
        raise ImportFileError(gettext("The file is empty."))
    for number, row in enumerate(table, start=1):
        _check_size(number, row)
    header, rows = table[0], table[1:]
    formulas = []
    for number, row in enumerate(rows, start=2):
        for index, cell in enumerate(row):
            value = cell.strip()
            if value[:1] in ("=", "+", "-", "@") and not _NUMBER.match(value):
                column = header[index].strip() if index < len(header) else str(index + 1)
                formulas.append((number, column))
    return header, rows, formulas


def _check_size(number: int, row: Sequence[str]) -> None:
    """Refuse a row with something beyond column MAX_COLUMNS, or a cell longer than
    MAX_CELL_CHARACTERS (`number`: the row's number in the file, 1 for the header)."""
    filled = [index for index, cell in enumerate(row) if cell]
    if filled and filled[-1] >= MAX_COLUMNS:
        raise ImportFileError(
            gettext(
                "Row %(row)s has more than %(max)s columns. Start from the template: it has far "
                "fewer."
            )
            % {"row": number, "max": MAX_COLUMNS}
        )
    for index, cell in enumerate(row):
        if len(cell) > MAX_CELL_CHARACTERS:
            raise ImportFileError(
                gettext(
                    "Row %(row)s, column %(column)s holds more than %(max)s characters. Shorten "
                    "the text."
                )
                % {"row": number, "column": index + 1, "max": MAX_CELL_CHARACTERS}
            )


def _check_archive(content: bytes) -> None:
    """Refuse an XLSX file whose parts unpack to more than MAX_UNPACKED_BYTES, reading only the
    archive's directory (the sizes it declares, which zipfile holds each part to)."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as error:
        raise ImportFileError(_not_a_spreadsheet()) from error
    if unpacked > MAX_UNPACKED_BYTES:
        raise ImportFileError(
            gettext(
                "The file unpacks to more than %(size)s MB. An import file of at most %(rows)s "
                "rows is far smaller: start from the template, or save the sheet as CSV."
            )
            % {"size": MAX_UNPACKED_BYTES // (1024 * 1024), "rows": MAX_ROWS}
        )


def _not_a_spreadsheet() -> str:
    return gettext("The file is not a spreadsheet. Upload a CSV or XLSX file, as the template.")


def _read_xlsx(content: bytes) -> tuple[list[str], list[list[str]], list[tuple[int, str]]]:
    from openpyxl import load_workbook

    _check_archive(content)
    # Any failure of the parser on a damaged or foreign file (broken XML, a zip that is not a
    # workbook, a part missing) is the same answer to the user: not a spreadsheet we can read.
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception as error:
        raise ImportFileError(_not_a_spreadsheet()) from error
    try:
        sheet = workbook.worksheets[0]
        declared = getattr(sheet, "max_column", None)  # the sheet's own <dimension>, if any
        if isinstance(declared, int) and declared > MAX_COLUMNS:
            raise ImportFileError(
                gettext(
                    "The sheet has more than %(max)s columns. Start from the template: it has "
                    "far fewer."
                )
                % {"max": MAX_COLUMNS}
            )
        # Then read what is there, not what the dimension says: openpyxl would cut every row
        # at the declared last column and stop at the declared last row, dropping the rest
        # without a word (a file can declare A1:C2 and hold more).
        sheet.reset_dimensions()
        table: list[list[str]] = []
        formulas: list[tuple[int, str]] = []
        for number, cells in enumerate(sheet.iter_rows(), start=1):
            row = []
            for index, cell in enumerate(cells):
                value = cell.value
                if cell.data_type == "f" or (isinstance(value, str) and value.startswith("=")):
                    header = table[0] if table else []
                    column = header[index] if index < len(header) else str(index + 1)
                    formulas.append((number, str(column).strip()))
                row.append(_cell_text(value))
            _check_size(number, row)
            if any(text.strip() for text in row):
                table.append(row)
            if len(table) > MAX_ROWS + 1:  # the header and more rows than accepted: stop reading
                break
    except ImportFileError:
        raise
    except Exception as error:  # as above: the sheet's XML is damaged
        raise ImportFileError(_not_a_spreadsheet()) from error
    finally:
        workbook.close()
    if not table:
        raise ImportFileError(gettext("The file is empty."))
    return table[0], table[1:], formulas


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if isinstance(value, bool):
        return "ja" if value else "nei"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# ------------------------------------------------------------------------------------------
# Checking the rows


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class RowPlan:
    """One row, checked: what it would create, or why not."""

    row: int
    title: str
    date: datetime.date | None = None
    start_time: datetime.time | None = None
    errors: list[RowError] = field(default_factory=list)
    already_imported: bool = False
    fields: dict[str, Any] = field(default_factory=dict)
    themes: list[Theme] = field(default_factory=list)
    counts: dict[tuple[int, str], int] = field(default_factory=dict)

    @property
    def participants(self) -> int:
        return sum(self.counts.values())


@dataclass
class ImportCheck:
    """The whole file, checked. `file_errors` are problems with the file itself."""

    plans: list[RowPlan] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[RowError]:
        return [error for plan in self.plans for error in plan.errors]

    @property
    def is_clean(self) -> bool:
        return not self.file_errors and not self.errors

    @property
    def to_create(self) -> list[RowPlan]:
        return [p for p in self.plans if not p.errors and not p.already_imported]

    @property
    def already_imported(self) -> list[RowPlan]:
        return [p for p in self.plans if p.already_imported]


class _RowForms:
    """The event form and the count form, made once per file and bound to each row in turn.

    Making a form copies its fields (the event form's 13 with their widgets, the count grid's
    one per target group × role): about two thirds of a row's check. The fields are not changed
    by cleaning, so the import binds the same two forms to each row's data, resetting what a
    form keeps of the data it was bound to (its errors, its bound fields, and, for the event
    form, the model instance it fills and validates: a new one each row). Each row is checked by
    exactly the rules of a new form; `tests/imports` hold the two to the same results.
    """

    def __init__(self, vocabulary: _Vocabulary, groups: list[TargetGroup]) -> None:
        self.event = EventForm(
            None, methods=vocabulary.methods_by_pk, themes=vocabulary.themes_by_pk
        )
        self.counts = ParticipantCountForm(None, target_groups=groups)

    @staticmethod
    def _bind(form: Any, data: dict[str, Any]) -> None:
        form.data = data
        form.is_bound = True
        form._errors = None
        form._bound_fields_cache = {}
        form.cleaned_data = {}

    def event_form(self, data: dict[str, Any]) -> EventForm:
        self._bind(self.event, data)
        self.event.instance = InvolvementEvent()
        return self.event

    def count_form(self, data: dict[str, Any]) -> ParticipantCountForm:
        self._bind(self.counts, data)
        return self.counts


class _Vocabulary:
    """Codes and Norwegian names → objects, looked up once per file."""

    def __init__(self) -> None:
        self.methods = self._index(Method.objects.filter(is_active=True))
        self.themes = self._index(Theme.objects.filter(is_active=True))
        # The same, by primary key, for the event form (no query of its own per row).
        self.methods_by_pk = {m.pk: m for m in self.methods.values()}
        self.themes_by_pk = {t.pk: t for t in self.themes.values()}
        self.groups = {g.code.lower(): g for g in TargetGroup.objects.filter(is_active=True)}
        self.channels: dict[str, str] = {}
        for code, label in InvolvementEvent.Channel.choices:
            self.channels[code] = code
            for language in ("nb", "en"):
                with translation.override(language):
                    self.channels[str(label).lower()] = code

    @staticmethod
    def _index(queryset: Iterable[Any]) -> dict[str, Any]:
        index = {}
        for item in queryset:
            for key in (item.code, item.name, item.name_en):
                if key:
                    index[key.strip().lower()] = item
                    # as the template writes it (a name starting with = gets an apostrophe)
                    index[neutralise(key.strip()).lower()] = item
        return index


_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a"})


def column_key(name: str) -> str:
    """A column's name as compared: lower case, æ/ø/å as ae/o/a, `_` as a space, runs of
    spaces as one, no spaces at either end or around a `:`."""
    text = " ".join(name.lower().translate(_FOLD).replace("_", " ").split())
    return ":".join(part.strip() for part in text.split(":"))


class ColumnNames:
    """Every name a column may have (Norwegian or code) → the column's code, for the active
    target groups, and the nearest valid name for a name that is none of them."""

    def __init__(self, groups: Iterable[TargetGroup]) -> None:
        self.fields: dict[str, str] = {}  # key → code
        self.field_names: dict[str, str] = {}  # key → the name as written in the help
        for code, norwegian in NORWEGIAN_NAMES.items():
            for name in (norwegian, code):
                self.fields[column_key(name)] = code
                self.field_names[column_key(name)] = name
        self.prefixes = {column_key(COUNT_PREFIX[:-1]), column_key(NORWEGIAN_COUNT_PREFIX[:-1])}
        self.groups: dict[str, TargetGroup] = {}
        self.group_names: dict[str, str] = {}
        for group in groups:
            for name in (group.code, group.name, group.name_en):
                if name and ":" not in name:
                    self.groups.setdefault(column_key(name), group)
                    self.group_names.setdefault(column_key(name), name)
        self.roles: dict[str, str] = {}
        self.role_names: dict[str, str] = {}
        with translation.override("nb"):
            for code, label in ParticipantCount.Role.choices:
                for name in (ROLE_NAMES[code], code, str(label)):
                    self.roles[column_key(name)] = code
                    self.role_names[column_key(name)] = name

    def code(self, name: str) -> str | None:
        """The code of the column named `name`, or None when no column has that name."""
        key = column_key(name)
        if key in self.fields:
            return self.fields[key]
        parts = key.split(":")
        if len(parts) == 3 and parts[0] in self.prefixes:
            group = self.groups.get(parts[1])
            role = self.roles.get(parts[2])
            if group is not None and role is not None:
                return count_column(group, role)
        return None

    def nearest(self, name: str) -> str | None:
        """The valid name closest to `name`, as the help writes it, or None when none is close."""
        key = column_key(name)
        if not key:
            return None
        parts = key.split(":")
        if len(parts) == 3:
            prefix = _closest(parts[0], {p: p for p in self.prefixes})
            group = _closest(parts[1], self.group_names)
            role = _closest(parts[2], self.role_names)
            if prefix and group and role:
                return f"{prefix}:{group}:{role}"
            return None
        return _closest(key, self.field_names)


def _closest(key: str, names: Mapping[str, str]) -> str | None:
    if key in names:
        return names[key]
    found = difflib.get_close_matches(key, list(names), n=1, cutoff=0.6)
    return names[found[0]] if found else None


def _named(code: str) -> str:
    """A column named in a message: its Norwegian name, its code beside it."""
    norwegian = norwegian_name(code)
    return norwegian if norwegian == code else f"{norwegian} ({code})"


def canonical_header(header: Sequence[str], names: ColumnNames | None = None) -> list[str]:
    """Each column's code ("" for a column of no known name)."""
    names = names or ColumnNames(TargetGroup.objects.filter(is_active=True))
    return [names.code(name) or "" for name in header]


def check_header(header: Sequence[str], names: ColumnNames | None = None) -> list[str]:
    """Problems with the columns: missing required ones, unknown or repeated ones. Names are
    Norwegian or codes (`ColumnNames`); an unknown one is named with the nearest valid name."""
    names = names or ColumnNames(TargetGroup.objects.filter(is_active=True))
    codes = canonical_header(header, names)
    problems = []
    missing = [_named(code) for code in REQUIRED_COLUMNS if code not in codes]
    if missing:
        problems.append(
            gettext("Required columns are missing: %(columns)s. Start from the template.")
            % {"columns": ", ".join(missing)}
        )
    unknown = []
    for name, code in zip(header, codes, strict=True):
        if code:
            continue
        written = name.strip()
        if not written:
            unknown.append(gettext("(blank)"))
            continue
        suggestion = names.nearest(written)
        if suggestion:
            unknown.append(
                gettext("“%(column)s” (did you mean “%(suggestion)s”?)")
                % {"column": written, "suggestion": suggestion}
            )
        else:
            unknown.append(gettext("“%(column)s”") % {"column": written})
    if unknown:
        problems.append(
            gettext("Unknown columns: %(columns)s. Use the column names from the template.")
            % {"columns": ", ".join(unknown)}
        )
    repeated = []
    for code in dict.fromkeys(c for c in codes if c):
        names_given = [name.strip() for name, c in zip(header, codes, strict=True) if c == code]
        if len(names_given) > 1:
            repeated.append(
                names_given[0]
                if len(set(names_given)) == 1
                else gettext("%(column)s (as %(names)s)")
                % {"column": norwegian_name(code), "names": ", ".join(names_given)}
            )
    if repeated:
        problems.append(
            gettext("Columns appear more than once: %(columns)s.")
            % {"columns": ", ".join(repeated)}
        )
    return problems


def check_rows(
    initiative: Initiative,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    progress: Callable[[int], None] | None = None,
) -> ImportCheck:
    """Check every row as the event form would, without saving anything. `header` holds the
    columns' names as the file wrote them, Norwegian or codes. `progress`, if given, is told the
    number of rows checked every PROGRESS_EVERY rows and at the end."""
    vocabulary = _Vocabulary()
    names = ColumnNames(vocabulary.groups.values())
    result = ImportCheck(file_errors=check_header(header, names))
    if result.file_errors:
        return result
    if not rows:
        result.file_errors.append(gettext("The file has no rows below the header."))
        return result
    codes = canonical_header(header, names)
    written = {code: name.strip() for code, name in zip(codes, header, strict=True)}
    count_columns = [code for code in codes if code.startswith(COUNT_PREFIX)]
    groups = sorted(
        {vocabulary.groups[code.split(":")[1].lower()] for code in count_columns},
        key=lambda g: (g.order, g.name),
    )
    existing = set(
        InvolvementEvent.objects.filter(initiative=initiative).values_list(
            "title", "date", "start_time"
        )
    )
    seen: dict[tuple[str, Any, Any], int] = {}
    forms = _RowForms(vocabulary, groups)
    for number, cells in enumerate(rows, start=2):
        values = {
            code: (cells[i].strip() if i < len(cells) else "") for i, code in enumerate(codes)
        }
        plan = _check_row(number, values, vocabulary, groups, forms, written)
        key = (plan.title, plan.date, plan.start_time)
        if not plan.errors:
            if key in existing:
                plan.already_imported = True
            elif key in seen:
                plan.errors.append(
                    RowError(
                        number,
                        written.get("title", "title"),
                        gettext("The same event (title, date, start time) as row %(row)s.")
                        % {"row": seen[key]},
                    )
                )
            else:
                seen[key] = number
        result.plans.append(plan)
        if progress is not None and (number - 1) % PROGRESS_EVERY == 0:
            progress(number - 1)
    if progress is not None:
        progress(len(rows))
    return result


def _check_row(
    number: int,
    values: dict[str, str],
    vocabulary: _Vocabulary,
    groups: list[TargetGroup],
    forms: _RowForms | None = None,
    written: Mapping[str, str] | None = None,
) -> RowPlan:
    """One row checked by the event form and the count form (`forms`, reused for each row of a
    file; new ones when not given). `values` are keyed by the columns' codes; an error names
    its column as `written` (code → the file's name for it) has it, else by its code."""
    forms = forms or _RowForms(vocabulary, groups)
    written = written or {}
    plan = RowPlan(row=number, title=values.get("title", ""))
    errors: dict[str, list[str]] = {}
    data: dict[str, Any] = {name: values.get(name, "") for name in TEXT_COLUMNS}
    data["start_time"] = values.get("start_time", "")
    for name in DATE_COLUMNS:
        data[name] = _normalise_date(values.get(name, ""))

    method = values.get("method", "")
    if method:
        found = vocabulary.methods.get(method.lower())
        if found is None:
            errors.setdefault("method", []).append(
                gettext("Unknown method “%(value)s”. Use a code or name from the list.")
                % {"value": method}
            )
        data["method"] = found.pk if found else ""
    else:
        data["method"] = ""

    channel = values.get("channel", "")
    data["channel"] = vocabulary.channels.get(channel.lower(), channel) if channel else "physical"
    if channel and channel.lower() not in vocabulary.channels:
        errors.setdefault("channel", []).append(
            gettext("Unknown channel “%(value)s”. Use a code or name from the list.")
            % {"value": channel}
        )

    theme_ids = []
    for part in values.get("themes", "").split(THEME_SEPARATOR):
        part = part.strip()
        if not part:
            continue
        theme = vocabulary.themes.get(part.lower())
        if theme is None:
            errors.setdefault("themes", []).append(
                gettext("Unknown theme “%(value)s”. Use a code or name from the list.")
                % {"value": part}
            )
        else:
            theme_ids.append(theme.pk)
    data["themes"] = theme_ids

    for name in BOOLEAN_COLUMNS:
        raw = values.get(name, "").lower()
        if raw in _YES:
            data[name] = True
        elif raw in _NO:
            data[name] = False
        else:
            data[name] = False
            errors.setdefault(name, []).append(
                gettext("Write ja or nei (yes or no), not “%(value)s”.") % {"value": raw}
            )

    form = forms.event_form(data)
    form.is_valid()
    for name, form_messages in form.errors.items():
        column = name if name in values or name in REQUIRED_COLUMNS else "title"
        if name == "__all__":
            column = "title"
        if column in errors:  # our own, clearer message already says it
            continue
        errors.setdefault(column, []).extend(str(m) for m in form_messages)

    count_data: dict[str, Any] = {"total": values.get(TOTAL_COLUMN, "")}
    for group in groups:
        for role, _label in ParticipantCount.Role.choices:
            cell = values.get(count_column(group, role), "")
            count_data[ParticipantCountForm.cell_name(group.pk, role)] = cell
    count_form = forms.count_form(count_data)
    count_form.is_valid()
    for name, count_messages in count_form.errors.items():
        if name == "total" or name == "__all__":
            column = TOTAL_COLUMN
        else:
            _prefix, group_id, role = name.split("-")
            group = next(g for g in groups if g.pk == int(group_id))
            column = count_column(group, role)
        errors.setdefault(column, []).extend(str(m) for m in count_messages)

    for column, messages in errors.items():
        for message in messages:
            plan.errors.append(RowError(number, written.get(column, column), str(message)))
    if not plan.errors:
        plan.fields = {name: form.cleaned_data[name] for name in EVENT_FIELDS}
        plan.themes = list(form.cleaned_data["themes"])
        plan.counts = count_form.counts()
        plan.date = form.cleaned_data["date"]
        plan.start_time = form.cleaned_data["start_time"]
        plan.title = form.cleaned_data["title"]
    return plan


def _normalise_date(raw: str) -> str:
    """31.12.2025 and 2025-12-31 (also with a time after it, as Excel writes) → ISO; anything
    else is passed on for the form to refuse in its own words."""
    raw = raw.strip()
    match = _NORWEGIAN_DATE.match(raw) or _ISO_DATE.match(raw)
    if match:
        try:
            return datetime.date(
                int(match["year"]), int(match["month"]), int(match["day"])
            ).isoformat()
        except ValueError:
            return raw
    return raw


def check_upload(initiative: Initiative, sheet: Sheet) -> ImportCheck:
    """The whole check of a read file: formulas first (refused wherever they are), then rows."""
    if sheet.formulas:
        result = ImportCheck()
        for row, column in sheet.formulas:
            message = gettext(
                "This cell holds a formula or starts with =, +, - or @. Formulas are refused: "
                "type the value itself (remove the leading sign)."
            )
            result.plans.append(RowPlan(row=row, title="", errors=[RowError(row, column, message)]))
        return result
    return check_rows(initiative, sheet.header, sheet.rows)


# ------------------------------------------------------------------------------------------
# The template


def template_csv(initiative: Initiative) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralise(name) for name in template_columns(initiative)])
    # With a BOM, so Excel opens it as UTF-8 (æøå intact); the importer accepts it either way.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def template_xlsx(initiative: Initiative) -> bytes:
    from openpyxl import Workbook

    def text(*cells: Any) -> list[str]:
        # As every export: text a spreadsheet would run as a formula (a vocabulary named
        # "=HYPERLINK(…)", say) is written as text.
        return [spreadsheet_text(str(cell)) for cell in cells]

    workbook = Workbook()
    events = workbook.active
    events.title = gettext("Events")[:31]
    events.append(text(*template_columns(initiative)))
    help_sheet = workbook.create_sheet(gettext("Columns")[:31])
    help_sheet.append(
        text(gettext("Column"), gettext("Code"), gettext("Meaning"), gettext("Format"))
    )
    for row in column_help(initiative):
        help_sheet.append(text(row.column, row.code, row.meaning, row.format))
    values = workbook.create_sheet(gettext("Allowed values")[:31])
    values.append(text(gettext("Column"), gettext("Value"), gettext("Name")))
    for column, pairs in allowed_values().items():
        for code, name in pairs:
            values.append(text(ALLOWED_VALUE_COLUMNS[column], code, name))
    roles = workbook.create_sheet(gettext("Roles")[:31])
    roles.append(text(gettext("Role in a column name"), gettext("Code"), gettext("Meaning")))
    for role in role_help():
        roles.append(text(role.name, role.code, role.label))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
