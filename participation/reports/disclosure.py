"""Disclosure control: the one place that decides how figures that leave a municipality are shown.

People in this field are vulnerable; a count of 3 in a small place can point at a person. The
product promises that no count from 1 to 4 of a municipality can be worked out by anyone not
entitled to see that municipality in full, however they combine what they see. Hiding each table's
small cells on its own does not keep that promise: a region total minus the parts shown in the
national report, or a municipality's own figure subtracted from its region's, gives the hidden
count back. Nor does noise with a known largest size (it was ±2 here): a shown number then tells
that the truth lies within 2 of it, and a few such bounds, each at its extreme, can meet at a
single value. So every published count is **perturbed**, in the manner of the cell-key method
that statistics offices use for census tables (ABS, ONS, Destatis), with noise that has **no
largest size**: the two-sided geometric ("discrete Laplace") distribution of differential
privacy's geometric mechanism (the U.S. Census Bureau's 2020 census used its Gaussian cousin).

1. **Which figures.** Every count in a region or national report (people, events, input,
   initiatives, municipalities, assessments, commitments, risk flags, approved indicator values
   and municipalities reporting), and the sums of indicators of unit "count"; in a municipality's
   own report, only its regional and national comparison figures (they describe other
   municipalities). A municipality's own figures in its own report stay exact.
2. **Cell key.** A figure is computed from a set of database rows (the events, the input items,
   the participant counts...). Its key is a fingerprint of that set (the sum of a fixed hash of
   each row's id, computed by the database beside the count), so the same rows give the same key
   in every table and every report, whatever the figure is called there.
3. **Noise.** HMAC-SHA256 with the secret `settings.DISCLOSURE_KEY` over the kind of figure, its
   true value and its key gives a stream of random bits, from which the noise is drawn as the
   difference of two geometric variables with ratio `NOISE_RATIO` (3/8): noise k has probability
   5/11 · (3/8)^|k|, i.e. 0 in 45 % of figures, ±1 in 17 % each, ±2 in 6.4 % each, ±3 in 2.4 %
   each, and so on, smaller and smaller but never impossible (the mean size is 0.87). The same
   figure always gets the same noise (asking twice, or seeing it in two reports, tells nothing
   new); without the key nobody can tell what noise a figure got.
4. **Small values.** A true value below `THRESHOLD` (5), zero included, is always shown as "<5";
   a perturbed value below 5 is shown as "<5" too. So a protected figure is never shown as 1–4.
   A shown number v tells only that the truth is at least 5, "<5" nothing at all (`bounds`): the
   truth may lie any distance from v, at a cost in probability.
5. **Totals** are perturbed on their own, as figures of their own rows: a total minus its shown
   parts is a sum of independent noises, not the hidden part. Tables therefore need not add up.
6. **Shares** (percentages of counts) are computed from the perturbed counts, and withheld (":")
   when the numerator or the denominator is shown as "<5". Mean ratings need a perturbed count of
   at least 5 assessments.
7. **Magnitudes** (sums in NOK, averages of percentages and rates over municipalities): shown
   only when the number of municipalities contributing, published as a count (so perturbed),
   is at least 5, else withheld (":"), the threshold rule of magnitude tables; and perturbed by
   the same kind of noise, as a relative change in steps of `MAGNITUDE_STEP` (1 %). A
   municipality that subtracts its own value from its region's learns neither a neighbour's
   value nor their sum exactly.
8. **Lists** that would let per-municipality counts be counted row by row are left out: a region
   or national report has no list of initiatives and no list of events or input (each
   municipality's counts are in the municipality list, perturbed; the events by method and form
   are counts like any other).

Why no combination recovers a count from 1 to 4 for certain: to pin a hidden count, a reader
needs an upper bound on it as well as a lower one. The only figures that bound anything from
above are the exact ones, and a user sees exact figures only of the municipalities they may see
in full (`entitled_in_full`), besides "no data" where a share or a combined value has nothing to
divide or combine (which bounds only zeros); every protected figure is consistent with every
true value of at least 0 (with 5 or more when it is shown as a number), because the noise has no
largest size. A sum of figures with no upper bound has none either, so no subtraction, however
many are combined, bounds a hidden count from above. This holds for any data and any row ids. What
remains is probability: a reader who combines many figures can make a likely guess (the noise
of k independent figures averages down as about 1/√k), never a certain one. The attack test
(tests/reports/test_disclosure_attack.py) plays the certain attacker on the demo data and on
generated datasets with different seeds and row ids: it collects every figure a region viewer and
a municipal user can see, tries every subtraction of a total and its parts, and fails if any
count from 1 to 4 comes out certain; it also checks that the figures are really perturbed.

Dashboards that show other municipalities (the region's overview under /radgiver/) show only the
municipalities the user may see in full (`entitled_in_full`): advisers in scope and admins see
their figures exactly.
"""

from __future__ import annotations

import hashlib
import hmac
import math
from collections.abc import Iterable, Iterator
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db.models import (
    BigIntegerField,
    CharField,
    Count,
    ExpressionWrapper,
    F,
    Q,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Concat

from participation.accounts.access import municipality_ids as municipality_ids_of

from .document import SUPPRESSED, WITHHELD, Cell

THRESHOLD = 5
# The noise: the difference of two geometric variables with this ratio (P(G >= k) = ratio^k),
# so that noise k has probability (1 - ratio) / (1 + ratio) * ratio^|k|, for every whole k.
NOISE_RATIO = Fraction(3, 8)
# A magnitude (NOK sum, average of percentages or rates) changes by this fraction per unit of
# noise, and is shown only over a published number of contributors of at least THRESHOLD.
MAGNITUDE_STEP = Decimal("0.01")

_BITS = 64
# A 64-bit draw below this is a geometric step: exactly NOISE_RATIO of all draws.
_STEP_BELOW = NOISE_RATIO.numerator * 2**_BITS // NOISE_RATIO.denominator
assert Fraction(_STEP_BELOW, 2**_BITS) == NOISE_RATIO


def noise_probability(k: int) -> Fraction:
    """The probability that a figure gets noise `k` (any whole number)."""
    ratio = NOISE_RATIO
    return (1 - ratio) / (1 + ratio) * ratio ** abs(k)


HIDDEN = (SUPPRESSED, WITHHELD)

# The row hash: a fixed, public mixing of a row's id (the secret is applied in Python only).
_P = 268435399


class Keyed(int):
    """A count together with the fingerprint (`key`) of the rows it counts and what it counts
    (`kind`). Sums of disjoint sets and differences of a set and its subset keep the key (the
    fingerprint is additive); anything else gives a plain int."""

    kind: str
    key: int

    def __new__(cls, value: int, kind: str, key: int) -> Keyed:
        obj = super().__new__(cls, value)
        obj.kind = kind
        obj.key = key % 2**64
        return obj

    def __add__(self, other: Any) -> Any:
        if isinstance(other, Keyed) and other.kind == self.kind:
            return Keyed(int(self) + int(other), self.kind, self.key + other.key)
        if type(other) is int and other == 0:
            return self
        return int(self) + other

    def __radd__(self, other: Any) -> Any:
        return self.__add__(other)

    def __sub__(self, other: Any) -> Any:
        if isinstance(other, Keyed) and other.kind == self.kind:
            return Keyed(int(self) - int(other), self.kind, self.key - other.key)
        return int(self) - other

    def __repr__(self) -> str:
        return f"Keyed({int(self)}, {self.kind!r}, {self.key})"


# --- the database side: counts with their fingerprints ---------------------------------------


class KeyedField(CharField):  # type: ignore[type-arg]
    """The output of a keyed aggregate: "count:fingerprint" from the database, `Keyed` in
    Python."""

    def __init__(self, kind: str, *args: Any, **kwargs: Any) -> None:
        self.kind = kind
        super().__init__(*args, **kwargs)

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Keyed:
        if not value:
            return Keyed(0, self.kind, 0)
        count, _, key = str(value).partition(":")
        return Keyed(int(Decimal(count or 0)), self.kind, int(Decimal(key or 0)))


def _row_hash(field: str) -> ExpressionWrapper:
    x = F(field) % _P
    return ExpressionWrapper((x * x * 31 + F(field)) % _P, output_field=BigIntegerField())


def _keyed(kind: str, measure: Any, hashed: Any) -> Concat:
    as_text = CharField()
    return Concat(
        Cast(Coalesce(measure, 0), as_text),
        Value(":"),
        Cast(Coalesce(hashed, 0), as_text),
        output_field=KeyedField(kind),
    )


def keyed_count(
    kind: str, field: str = "pk", *, filter: Q | None = None, distinct: bool = False
) -> Concat:
    """`Count(field, filter=filter)` as a `Keyed`: with the fingerprint of the counted rows."""
    return _keyed(
        kind,
        Count(field, filter=filter, distinct=distinct),
        Sum(_row_hash(field), filter=filter, distinct=distinct),
    )


def keyed_sum(kind: str, field: str, *, filter: Q | None = None, row: str = "pk") -> Concat:
    """`Sum(field, filter=filter)` (of whole numbers) as a `Keyed`, with the rows' fingerprint."""
    return _keyed(kind, Sum(field, filter=filter), Sum(_row_hash(row), filter=filter))


def fingerprint(field: str = "pk", *, filter: Q | None = None) -> Sum:
    """The fingerprint alone, for sums that are not whole numbers (indicator values)."""
    return Sum(_row_hash(field), filter=filter)


# --- the noise --------------------------------------------------------------------------------


def noise(kind: str, value: int | Decimal | str, key: int) -> int:
    """The noise of a figure of `kind` with true `value` over the rows fingerprinted by `key`:
    always the same for the same three. The difference of two geometric variables drawn from
    the figure's stream of random bits, so it has no largest size (see `noise_probability`)."""
    draws = _draws(f"{kind}|{value}|{key % 2**64}".encode())
    return _geometric(draws) - _geometric(draws)


def _draws(message: bytes) -> Iterator[int]:
    """An endless stream of 64-bit numbers: HMAC-SHA256 of the message and a block counter."""
    secret = _secret()
    block = 0
    while True:
        digest = hmac.new(secret, message + b"|%d" % block, hashlib.sha256).digest()
        for start in range(0, len(digest), _BITS // 8):
            yield int.from_bytes(digest[start : start + _BITS // 8], "big")
        block += 1


def _geometric(draws: Iterator[int]) -> int:
    """How many draws in a row are steps (each with probability NOISE_RATIO)."""
    k = 0
    while next(draws) < _STEP_BELOW:
        k += 1
    return k


def _secret() -> bytes:
    return str(settings.DISCLOSURE_KEY).encode()


def count(n: int | None, protect: bool) -> Cell:
    """A count as published: exact when not protecting; else "<5" below 5, or perturbed (and "<5"
    if the perturbed value falls below 5). A protected count must come with its key."""
    if n is None:
        return None
    if not protect:
        return int(n)
    if n < THRESHOLD:
        return SUPPRESSED
    if not isinstance(n, Keyed):
        raise TypeError(f"A protected count needs the key of its rows: {n!r}")
    shown = int(n) + noise(n.kind, int(n), n.key)
    return SUPPRESSED if shown < THRESHOLD else shown


def total(value: Decimal | None, kind: str, key: int, protect: bool) -> Cell:
    """A sum of counts that is not a count of rows (indicator values of unit count), keyed by the
    rows summed: published like `count`."""
    if value is None:
        return None
    if not protect:
        return number(value)
    if value < THRESHOLD:
        return SUPPRESSED
    shown = value + noise(kind, str(number(value)), key)
    return SUPPRESSED if shown < THRESHOLD else number(shown)


def magnitude(
    value: Decimal | None,
    contributors: int,
    kind: str,
    key: int,
    protect: bool,
    precision: Decimal = Decimal("1"),
) -> Cell:
    """A sum in NOK or an average (of percentages or rates) over `contributors` municipalities,
    keyed by the rows combined: exact when not protecting; else withheld unless the published
    count of contributors is at least 5, and changed by `MAGNITUDE_STEP` (1 %) per unit of the
    figure's noise, to `precision`."""
    if value is None or contributors == 0:
        return None
    if not protect:
        return number(value)
    if is_hidden(count(contributors, True)):
        return WITHHELD
    factor = 1 + noise(kind, str(number(value)), key) * MAGNITUDE_STEP
    return number(max(Decimal(0), value * factor).quantize(precision))


def share_of(part: Cell, whole: Cell, precision: Decimal = Decimal("1")) -> Cell:
    """The percentage `part` of `whole`, both as published: no data without a whole, withheld
    when either is "<5". A perturbed part may exceed its whole: the share stops at 100."""
    if whole is None or part is None or whole == 0:
        return None
    if is_hidden(part) or is_hidden(whole):
        return WITHHELD
    assert isinstance(part, int | float)
    assert isinstance(whole, int | float)
    value = Decimal(min(part, whole)) * 100 / Decimal(whole)
    return number(value.quantize(precision))


def share(part: int, whole: int, value: Decimal | None, protect: bool) -> Cell:
    """The share `value` (`part` of `whole`): exact when not protecting, else from the published
    part and whole."""
    if whole == 0 or value is None:
        return None
    if not protect:
        return number(value)
    return share_of(count(part, True), count(whole, True))


def mean_rating(rating_total: int, n: int, protect: bool) -> Cell:
    """The mean of `n` ratings summing to `rating_total`, to one decimal; withheld when
    protecting and the published count of ratings is "<5"."""
    if n == 0:
        return None
    if protect and is_hidden(count(n, True)):
        return WITHHELD
    return round(rating_total / n, 1)


def number(value: Decimal | float | int) -> int | float:
    """A JSON-friendly number: whole values as int, others as float."""
    if isinstance(value, int):
        return int(value)
    as_float = float(value)
    return int(as_float) if as_float.is_integer() else as_float


def is_hidden(cell: Cell) -> bool:
    return isinstance(cell, str) and cell in HIDDEN


# --- what a reader can tell, and who sees exact figures -------------------------------------


def bounds(cell: Cell) -> tuple[float, float] | None:
    """What a protected count shown as `cell` tells a reader who knows this method but not the
    key: the smallest and largest true value it can stand for (None: no data or withheld). The
    noise has no largest size, so nothing bounds the truth from above: "<5" stands for any
    count, a shown number for any count of at least 5."""
    if cell is None or cell == WITHHELD:
        return None
    if cell == SUPPRESSED:
        return 0, math.inf
    assert isinstance(cell, int | float)
    return THRESHOLD, math.inf


def entitled_in_full(user: User | AnonymousUser, municipality_ids: Iterable[int]) -> set[int]:
    """Of `municipality_ids`, those the user may see in full (every record: admins, and advisers,
    municipal staff and viewers in scope): their figures are shown exactly to this user."""
    scope = municipality_ids_of(user)
    if scope is None:  # admins
        return set(municipality_ids)
    return set(municipality_ids) & set(scope)
