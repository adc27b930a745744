"""The renderers: a `ReportDocument` (and its stored tables' rows) in, HTML, PDF, XLSX or a zip
of CSV files out. They never touch the database; the rows of stored tables come from a
`RowSource`, and the exports stream them."""

from .csvzip import render_csv_zip
from .html import render_html
from .pdf import render_pdf
from .safety import neutralise
from .xlsx import render_xlsx

__all__ = ["neutralise", "render_csv_zip", "render_html", "render_pdf", "render_xlsx"]
