"""What the personal-data detector (participation/core/privacy.py) recognises, format by format, and
that it gets through long adversarial text. Plain functions: no database.

Timings are in bench/privacy_guard.py; the long-input tests here only check the results (a
detector that backtracked quadratically would take minutes on them, not milliseconds).
"""

from __future__ import annotations

import pytest

from participation.core.privacy import (
    contains_email,
    contains_identity_number,
    contains_phone_number,
    is_identity_number,
)

# Synthetic numbers with right control digits (generated; not anyone's number).
FODSELSNUMMER = "01019000083"
D_NUMBERS = ["41019000077", "55128100015"]  # day + 40: days 41 and 55
WRONG_CONTROL_DIGITS = ["01019000084", "41019000078", "12345678901"]

NBSP = "\u00a0"
NARROW_NBSP = "\u202f"


# --- identity numbers ------------------------------------------------------------------------


@pytest.mark.parametrize("number", [FODSELSNUMMER, *D_NUMBERS])
def test_numbers_with_right_control_digits_are_identity_numbers(number):
    assert is_identity_number(number)


@pytest.mark.parametrize(
    "number",
    [
        *WRONG_CONTROL_DIGITS,
        "0101900008",  # 10 digits
        "010190000830",  # 12 digits
        "010190 00083",  # written form: the function takes the digits only
        "٠١٠١٩٠٠٠٠٨٣",  # Arabic-Indic digits
        "0101900008²",  # a superscript digit is a digit to str.isdigit, not to int()
    ],
)
def test_other_strings_are_not_identity_numbers(number):
    assert not is_identity_number(number)


@pytest.mark.parametrize("number", [FODSELSNUMMER, *D_NUMBERS])
@pytest.mark.parametrize(
    "written",
    [
        "{n}",
        "{a} {b}",
        "{a}-{b}",
        "{a}.{b}",
        "{a}" + NBSP + "{b}",
        "fnr. {n}, ønsket svar",
        "(f.nr {a}-{b})",
        "Nr.{n}.",
    ],
)
def test_identity_numbers_are_found_as_people_write_them(number, written):
    text = written.format(n=number, a=number[:6], b=number[6:])
    assert contains_identity_number(text)


@pytest.mark.parametrize(
    "text",
    [
        *WRONG_CONTROL_DIGITS,
        "012345 67890",  # 6 + 5, wrong control digits
        "Ordrenummer 12345678901 er bestilt.",
        f"9{FODSELSNUMMER}",  # part of a longer digit run
        f"{FODSELSNUMMER}9",
        f"{FODSELSNUMMER[:6]}  {FODSELSNUMMER[6:]}",  # two spaces
        f"{FODSELSNUMMER[:6]}/{FODSELSNUMMER[6:]}",  # not a separator people use
        f"{FODSELSNUMMER[:5]} {FODSELSNUMMER[5:]}",  # 5 + 6
        "Saksnummer 2024/12345",
    ],
)
def test_other_numbers_are_not_identity_numbers(text):
    assert not contains_identity_number(text)


# --- phone numbers ---------------------------------------------------------------------------

PHONE_FORMS = [
    "91234567",
    "22334455",
    "912 34 567",
    "912-34-567",
    "912.34.567",
    "91 23 45 67",
    "91-23-45-67",
    "91.23.45.67",
    "9123 4567",
    f"912{NBSP}34{NBSP}567",
    f"91{NARROW_NBSP}23{NARROW_NBSP}45{NARROW_NBSP}67",
    "20240115",  # only without a country code is this read as a date (see below)
]
PREFIXES = ["", "+47", "+47 ", "+47-", "0047", "0047 ", "(+47)", "(+47) ", f"+47{NBSP}"]


@pytest.mark.parametrize("number", PHONE_FORMS[:-1])
@pytest.mark.parametrize("prefix", PREFIXES)
def test_phone_numbers_are_found_in_every_form_and_prefix(prefix, number):
    assert contains_phone_number(f"{prefix}{number}")


@pytest.mark.parametrize("prefix", PREFIXES[1:])
@pytest.mark.parametrize("number", ["20240115", "2024 2025", "2345 6789"])
def test_with_a_country_code_even_date_like_digits_are_a_phone_number(prefix, number):
    assert contains_phone_number(f"{prefix}{number}")


@pytest.mark.parametrize(
    "text",
    [
        "Ring 912 34 567 for mer informasjon.",
        "tlf. 91234567.",
        "Tlf:912-34-567, etter kl. 16",
        "Nummeret er 91 23 45 67!",
        "(91234567)",
        "Ring 41234567 eller 91234567",
        "91234567 92345678",  # two numbers side by side
        "Møtet 01.02.2024, tlf. 22 33 44 55",
        "8006 Bodø, tlf. 75 55 50 00",
        "Sak 202401234 912 34 567",  # a longer digit run next to it is another number
        f"fnr {FODSELSNUMMER} 91 23 45 67",
    ],
)
def test_phone_numbers_are_found_in_sentences(text):
    assert contains_phone_number(text)


@pytest.mark.parametrize(
    "text",
    [
        # first digit 0 or 1: no Norwegian subscriber number
        "12345678",
        "01234567",
        "123 45 678",
        "12 34 56 78",
        "1234 5678",
        # money
        "Tilskudd på kr 12 500 000 ble innvilget.",
        "kr 2 345 678",
        "kr 45 000 000,-",
        "12.500.000 kroner",
        f"kr 12{NBSP}500{NBSP}000",
        "3 456 789 000",
        # longer numbers
        "Saksnummer 202401234",  # 9 digits
        "Orgnr 974760673",
        "Orgnr 974 760 673",
        "123456789012",
        "912345678",  # 9 digits starting 9
        "12 34 56 78 90",  # five pairs
        "91 23 45 67 89",
        "912 34 567 89",
        "1 912 34 567",
        "9123 4567 8901",
        "Kontonummer 1234.56.78903",
        "Kontonummer 1234 56 78903",
        "IBAN NO93 8601 1117 947",
        # dates, years and times
        "2024-2025",
        "2024 2025",
        "1999 2000",
        "2023/2024",
        "01.02.2024",
        "12.03.2024",
        "31.12.2024",
        "Møtet var 01.02.2025 kl. 18.00.",
        "2024-01-15",
        "15.01.2024-20.01.2024",
        "kl. 18.00-20.00",
        "20240115",
        "Rapport_20241231.pdf",
        "Rundt 2000 beboere i 2024",
        # addresses
        "Storgata 5, 8006 Bodø",
        "Postboks 1234 8001 Bodø",
        "postboks 2500 8001 Bodø",
        "Pb. 4321 8001 Bodø",
        "PB 4321 8001 Bodø",
        "Gnr. 12 bnr. 345",
        # not separators people group phone numbers with
        "912/34/567",
        "912  34  567",
        "912 34-567",  # mixed separators
        "91.23-45 67",
    ],
)
def test_other_numbers_are_not_phone_numbers(text):
    assert not contains_phone_number(text)


# --- e-mail addresses ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "ola.nordmann@example.com",
        "Send til post@bodo.kommune.no",
        "kari+bolig@gmail.com.",
        "første.beboer@eksempel.no",
        "a@b.no",
        "o'brien@example.ie",
        "x_y-z@sub-domain.example.co.uk",
        "(ola@example.com)",
        "mailto:ola@example.com",
        "post@bø.kommune.no",
        "1234@5678.90",
    ],
)
def test_email_addresses_are_found(text):
    assert contains_email(text)


@pytest.mark.parametrize(
    "text",
    [
        "Vi møttes @ biblioteket",
        "Vi møttes @biblioteket.no",  # nothing before the @
        "ola@localhost",  # no dot in the domain
        "ola@example.",
        "ola@.no",
        "ola@@example.com",
        "@@@",
        "kr 100 @ 5 %",
    ],
)
def test_other_text_is_not_an_email_address(text):
    assert not contains_email(text)


# --- long and adversarial input --------------------------------------------------------------

LENGTH = 100_000


def _repeat(unit: str) -> str:
    return (unit * (LENGTH // len(unit) + 1))[:LENGTH]


ADVERSARIAL = {
    "one letter": "a" * LENGTH,
    "letters then @": "a" * (LENGTH - 1) + "@",
    "@ then letters": "@" + "a" * (LENGTH - 1),
    "a@a@a@": _repeat("a@"),
    "a.a.a.": _repeat("a."),
    "a@.a@.": _repeat("a@."),
    "-.-.-.": _repeat("-."),
    "+-.+-.": _repeat("+-."),
    "one digit": "1" * LENGTH,
    "nines": "9" * LENGTH,
    "1 2 3 4": _repeat("1 2 3 4 5 6 7 8 9 "),
    "9 9 9 9": _repeat("9 "),
    "99 99 99": _repeat("99 "),
    "999 99 999 99": _repeat("999 99 "),
    "9999 9999 ": _repeat("9999 "),
    "9.9.9.": _repeat("9."),
    "9-9-9-": _repeat("9-"),
    "+47+47": _repeat("+47"),
    "+47 +47 ": _repeat("+47 "),
    "0047004700": _repeat("0047"),
    "12 500 000 kr, ": _repeat("12 500 000 kr, "),
    "dates": _repeat("01.02.2024 "),
    "11 digits, wrong control digits": _repeat("12345678901 "),
    "ordinary prose": _repeat("Beboerne ønsker bedre belysning i oppgangene og mer lys ute. "),
}


@pytest.mark.parametrize("text", ADVERSARIAL.values(), ids=ADVERSARIAL.keys())
def test_long_adversarial_text_holds_no_personal_data(text):
    assert len(text) == LENGTH
    assert not contains_identity_number(text)
    assert not contains_phone_number(text)
    assert not contains_email(text)


@pytest.mark.parametrize("text", ADVERSARIAL.values(), ids=ADVERSARIAL.keys())
def test_personal_data_at_the_end_of_long_adversarial_text_is_found(text):
    tail = f" {FODSELSNUMMER} 912 34 567 ola@example.com"
    text = text[: LENGTH - len(tail)] + tail
    assert contains_identity_number(text)
    assert contains_phone_number(text)
    assert contains_email(text)
