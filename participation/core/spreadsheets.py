"""Text that spreadsheets must not run: formula neutralisation for every XLSX and CSV file the
product writes (the reports' exports, the lists' downloads, the event import's template)."""

from __future__ import annotations

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

# A cell starting with one of these is read as a formula by Excel, LibreOffice and Google Sheets
# (tab and carriage return too, per OWASP's CSV injection advice).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """Text a spreadsheet would read as a formula gets a leading apostrophe."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def spreadsheet_text(value: str) -> str:
    """`value` made safe for a spreadsheet cell: neutralised, and without the control characters
    the XLSX format cannot hold."""
    return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))
