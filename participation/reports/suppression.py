"""Small-count suppression for reports shared beyond a municipality (region and national).

People in this field are vulnerable; a count of 3 in a small place can point at a person. The
rules, applied only when the report's scope is suppressed (`ReportScope.suppressed`: region and
national reports; a municipality's own report to its own staff is never suppressed):

1. Counts: every count from 1 to 4 is shown as `SUPPRESSED` ("<5"). Zero stays 0: it reveals
   nobody.
2. Shares: a percentage is shown as `WITHHELD` (":") when its numerator, its denominator or its
   complement (denominator − numerator) is from 1 to 4, since any of those would let the small
   count be worked out from the share.
3. Totals: where the rows (or the cells of a list) add up to a total that is shown, and exactly
   one of them is suppressed, the total would give it away by subtraction. A second cell, the
   smallest other non-zero one, is then withheld (":"); if there is none, the total is withheld.
   This is applied to every table whose rows add up to a shown total: the total row of a table,
   a municipality's initiatives against the municipality's figure, and the municipalities of a
   region or national report against the report's total.
4. Mean ratings (success-criteria profile) over fewer than 5 assessments are withheld.
5. Indicator values of unit "count" from 1 to 4 are shown as "<5", like any other count.

A municipality's own report shows its own figures in full, but its regional and national
comparison figures describe other municipalities: rules 2 and 5 apply to those columns there too.

`None` ("–", no data) is never suppressed: there is nothing to hide.

Known limit: tables are protected one by one against the totals they add up to. Figures that
overlap (an initiative serving two goals counts under both) do not add up, and are not protected
against each other.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from .document import SUPPRESSED, WITHHELD, Cell

HIDDEN = (SUPPRESSED, WITHHELD)


def is_small(n: int | float | Decimal | None) -> bool:
    """A count that must not be shown: from 1 to 4 (values between 0 and 5, to be safe with
    non-integer inputs)."""
    return n is not None and 0 < n < 5


def is_hidden(cell: Cell) -> bool:
    return isinstance(cell, str) and cell in HIDDEN


def count(n: int | None, suppress: bool) -> Cell:
    """A count cell: "<5" for 1–4 when suppressing."""
    if n is None:
        return None
    if suppress and is_small(n):
        return SUPPRESSED
    return n


def share(part: int, whole: int, value: Decimal | float | None, suppress: bool) -> Cell:
    """A percentage `value` computed as `part` of `whole`: None without a whole, ":" when the
    part, the whole or the rest is 1–4 and suppressing."""
    if whole == 0 or value is None:
        return None
    if suppress and (is_small(part) or is_small(whole) or is_small(whole - part)):
        return WITHHELD
    return number(value)


def mean_rating(total: int, n: int, suppress: bool) -> Cell:
    """The mean of `n` ratings that sum to `total`, to one decimal; ":" under 5 when
    suppressing."""
    if n == 0:
        return None
    if suppress and n < 5:
        return WITHHELD
    return round(total / n, 1)


def indicator_value(value: Decimal | float | None, unit_is_count: bool, suppress: bool) -> Cell:
    """An indicator's figure: counts from 1 to 4 are suppressed like any other count."""
    if value is None:
        return None
    if suppress and unit_is_count and is_small(value):
        return SUPPRESSED
    return number(value)


def number(value: Decimal | float | int) -> int | float:
    """A JSON-friendly number: whole values as int, others as float."""
    if isinstance(value, int):
        return value
    as_float = float(value)
    return int(as_float) if as_float.is_integer() else as_float


def protect_total(
    cells: list[Cell], raw: Sequence[int | None], total_cell: Cell
) -> tuple[list[Cell], Cell]:
    """Rule 3 for one set of `cells` (with their unsuppressed values `raw`) that add up to a
    total shown as `total_cell`: when exactly one cell is hidden and the total is shown, withhold
    the smallest other non-zero shown cell, or else the total. Returns new cells and total."""
    hidden = [i for i, cell in enumerate(cells) if is_hidden(cell)]
    if len(hidden) != 1 or is_hidden(total_cell) or total_cell is None:
        return cells, total_cell
    candidates = [
        i
        for i, cell in enumerate(cells)
        if not is_hidden(cell) and raw[i] is not None and raw[i] != 0
    ]
    if not candidates:
        return cells, WITHHELD
    smallest = min(candidates, key=lambda i: (raw[i], i))
    protected = list(cells)
    protected[smallest] = WITHHELD
    return protected, total_cell


def protect_column(
    rows: list[list[Cell]], column: int, raw: Sequence[int | None], total_cell: Cell
) -> Cell:
    """Rule 3 down one `column` of `rows` (changed in place; `raw` holds the column's
    unsuppressed values) against a shown total; returns the total's cell (withheld if nothing
    else could be hidden)."""
    protected, total = protect_total([row[column] for row in rows], raw, total_cell)
    for row, cell in zip(rows, protected, strict=True):
        row[column] = cell
    return total
