"""The exports stream a stored table: they never hold its rows, so memory does not grow with
the number of rows exported."""

from __future__ import annotations

import tempfile
import tracemalloc
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO

import pytest

from participation.reports.document import COUNT, Column, ReportDocument, Section, Table
from participation.reports.render import render_csv_zip, render_xlsx

Render = Callable[[ReportDocument, Any, BinaryIO], None]


class Rows:
    """A row source that counts how many of its rows are alive at once."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.made = 0
        self.alive = 0
        self.most_alive = 0

    def __call__(self, key: str) -> Iterator[list[Any]]:
        for number in range(self.count):
            self.made += 1
            self.alive += 1
            self.most_alive = max(self.most_alive, self.alive)
            yield _TrackedRow(self, [f"Tiltak {number:06d}", number])


class _TrackedRow(list):  # type: ignore[type-arg]
    def __init__(self, owner: Rows, cells: list[Any]) -> None:
        super().__init__(cells)
        self.owner = owner

    def __del__(self) -> None:
        self.owner.alive -= 1


def _document(rows: int) -> ReportDocument:
    table = Table(
        key="initiatives",
        title="Alle tiltak",
        columns=[Column("name", "Tiltak"), Column("events", "Aktiviteter", COUNT)],
        stored=True,
        row_count=rows,
    )
    return ReportDocument(
        {"title": "Minnetest", "language": "nb"}, [Section("s", "Tiltak", [table])]
    )


def _render(render: Render, rows: Rows) -> None:
    with tempfile.TemporaryFile() as out:
        render(_document(rows.count), rows, out)
        assert out.tell() > 0


@pytest.mark.parametrize("render", [render_xlsx, render_csv_zip])
def test_exporting_100_000_rows_holds_no_more_than_two_at_a_time(render: Render):
    rows = Rows(100_000)
    _render(render, rows)
    assert rows.made == 100_000
    assert rows.alive == 0
    assert rows.most_alive <= 2  # the row being written and, briefly, the one before


def _peak(render: Render, count: int) -> int:
    tracemalloc.start()
    try:
        _render(render, Rows(count))
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _materialised(count: int) -> int:
    """What holding `count` such rows in a list would cost."""
    tracemalloc.start()
    try:
        held = list(Rows(count)("initiatives"))
        size = tracemalloc.get_traced_memory()[1]
        del held
        return size
    finally:
        tracemalloc.stop()


# Tracing every allocation makes openpyxl slow, so the XLSX is measured on fewer rows.
@pytest.mark.parametrize(("render", "small"), [(render_xlsx, 500), (render_csv_zip, 5_000)])
def test_peak_memory_does_not_grow_with_the_rows_exported(render: Render, small: int):
    few, many = _peak(render, small), _peak(render, small * 10)
    assert many < few * 1.5
    assert many < _materialised(small * 10) / 2
