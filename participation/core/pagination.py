"""A paginator for lists that can grow to millions of rows (the audit log, the input).

An exact count of such a list reads all of it; past a cap nobody pages through it anyway. The
count stops at `cap` + 1 rows (a LIMIT inside the count), the page says "more than" and pages
up to the cap; a search narrows the list below it.

A deep page (`?page=100`) still skips its OFFSET rows in the list's order; it skips them by
primary key only (a subquery of the page's ids, then the page's rows with their joins): the
skipped rows are read as ids through what the order and filters need, not whole with every
join. A quarter to two fifths less at pages 100 to 400 of the national open input.

A list given `keys` (its order, ascending, ending in a unique column, each with a parser) also
pages by keyset: the "Next" link carries `after=`, the last row's keys, and the next page's rows
are those after it in the list's order (`WHERE keys > last … LIMIT`), found by the same index
that orders the list however deep the page: page 100 reached through "Next" costs what page 1
costs. With `after=` the page number only labels the page.

A numbered page (`?page=N`, the numbers and "Previous") of a list given `locate` as well skips no
rows either: `locate(n)` finds the keys of the list's n-th row (the last before the page) its own
cheap way, and the page is the rows after them, as after a "Next" link (the list's own order, so
the same rows as by OFFSET). The input list locates by walking its events in order with their
number of listed items until the running total reaches n (`involvement/views/inputs.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.core.paginator import InvalidPage, Paginator
from django.db.models import Q
from django.utils.functional import cached_property

CURSOR_SEPARATOR = "_"


class CappedPaginator(Paginator):
    """Counts at most `cap` + 1 rows; `capped` says it stopped there (then `count` is `cap`)."""

    def __init__(
        self,
        object_list: Any,
        per_page: int,
        *,
        cap: int,
        keys: Sequence[tuple[str, Callable[[str], Any]]] = (),
        locate: Callable[[int], Sequence[Any] | None] | None = None,
    ) -> None:
        super().__init__(object_list, per_page)
        self.cap = cap
        self.capped = False
        self.keys = tuple(keys)
        self.locate = locate

    def get_page(self, number: Any, after: str | None = None) -> Any:
        """The page `number`; with `after` (a cursor from a "Next" link) and `keys`, the rows
        after the cursor in the list's order, labelled `number`. A malformed cursor is ignored."""
        cursor = self._parse(after)
        if cursor is None:
            page = super().get_page(number)
        else:
            try:
                number = self.validate_number(number)
            except InvalidPage:
                number = 1
            page = self._page_after(cursor, number)
        page.next_after = self._cursor(page) if page.has_next() else None  # type: ignore[attr-defined]
        return page

    def _parse(self, after: str | None) -> list[Any] | None:
        if not after or not self.keys:
            return None
        parts = after.split(CURSOR_SEPARATOR)
        if len(parts) != len(self.keys):
            return None
        try:
            return [parse(part) for (_, parse), part in zip(self.keys, parts, strict=True)]
        except (TypeError, ValueError):
            return None

    def _page_after(self, cursor: Sequence[Any], number: int, limit: int | None = None) -> Any:
        names = [name for name, _ in self.keys]
        # (a, b, c) > (x, y, z), with a >= x alone first so that the index starts at x.
        later = Q()
        for i, name in enumerate(names):
            later |= Q(
                **dict(zip(names[:i], cursor[:i], strict=True)), **{f"{name}__gt": cursor[i]}
            )
        rows = self.object_list.filter(  # type: ignore[attr-defined]
            Q(**{f"{names[0]}__gte": cursor[0]}), later
        )
        rows = rows[: self.per_page if limit is None else limit]
        return self._get_page(rows, number, self)  # type: ignore[attr-defined]

    def _cursor(self, page: Any) -> str | None:
        rows = list(page.object_list)
        if not rows or not self.keys:
            return None
        last = rows[-1]
        values = []
        for name, _ in self.keys:
            value: Any = last
            for part in name.split("__"):
                value = getattr(value, "pk" if part == "pk" else part)
            values.append(value.isoformat() if hasattr(value, "isoformat") else str(value))
        return CURSOR_SEPARATOR.join(values)

    @cached_property
    def count(self) -> int:
        # Any cap + 1 rows will do for the count: without the list's order, the database stops
        # at the first it finds instead of sorting (or walking an index for) all of them.
        rows = self.object_list.order_by()[: self.cap + 1]  # type: ignore[attr-defined]
        found = int(rows.count())
        self.capped = found > self.cap
        return min(found, self.cap)

    def page(self, number: Any) -> Any:
        """A page; past the first, the rows after the keys `locate` finds, or else its rows
        found by id in the list's order and then loaded with their joins (a DISTINCT or UNION
        list is sliced as usual)."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        if bottom and self.keys and self.locate is not None:
            # The rows after the last row before the page, found by `locate`: no OFFSET.
            cursor = self.locate(bottom)
            if cursor is not None:
                return self._page_after(cursor, number, limit=top - bottom)
        rows = self.object_list
        query = rows.query  # type: ignore[attr-defined]
        if bottom and not query.distinct and not query.combinator:
            # The same rows in the same order: the page's ids found in the list's order.
            rows = rows.filter(pk__in=rows.values("pk")[bottom:top])  # type: ignore[attr-defined]
        else:
            rows = rows[bottom:top]
        return self._get_page(rows, number, self)  # type: ignore[attr-defined]
