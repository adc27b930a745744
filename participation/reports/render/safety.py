"""Text that spreadsheets must not run: the reports' name for `participation.core.spreadsheets`,
where the neutralisation lives so that every layer's spreadsheets (the event import's template
too) use the same one."""

from __future__ import annotations

from participation.core.spreadsheets import FORMULA_STARTS, neutralise, spreadsheet_text

__all__ = ["FORMULA_STARTS", "neutralise", "spreadsheet_text"]
