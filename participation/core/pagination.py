"""A paginator for lists that can grow to millions of rows (the audit log, the input).

An exact count of such a list reads all of it; past a cap nobody pages through it anyway. The
count stops at `cap` + 1 rows (a LIMIT inside the count), the page says "more than" and pages
up to the cap; a search narrows the list below it.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    """Counts at most `cap` + 1 rows; `capped` says it stopped there (then `count` is `cap`)."""

    def __init__(self, object_list: Any, per_page: int, *, cap: int) -> None:
        super().__init__(object_list, per_page)
        self.cap = cap
        self.capped = False

    @cached_property
    def count(self) -> int:
        found = int(self.object_list[: self.cap + 1].count())  # type: ignore[attr-defined]
        self.capped = found > self.cap
        return min(found, self.cap)
