"""The dashboard's trends from the read model: each municipality's events and participants per
year (`EventYearFigures`), kept by triggers; and indexes for "what changed since your last
visit" (the events and input recorded since a moment).

The trends counted every event of the user's scope in the last six years, and summed their
participant counts, at each visit to the dashboard (issue 11). Now they add up a row per
municipality and year.

Every write to initiatives, events and participant counts, in any number of rows (the services,
the admin, the event import's multi-row inserts, generate_scale's COPY), fires one
statement-level trigger that reads the changed rows from its transition tables and adds their
contribution to the figures, as in `0004_read_model_triggers`: the new rows' (+) and the old
rows' (-), each with what hangs under it (an event's participant counts, an initiative's events
and their counts) as the tables are at that moment; an update counts only when it changes a
figure's inputs (a move to another initiative or municipality, a date, a count). TRUNCATE
rebuilds the figures. An event counts under its initiative's municipality and its date's year;
a participant count under its event's.

PostgreSQL only (transition tables): on SQLite, `make run`'s embedded default, nothing is
installed and `participation.involvement.readmodel` counts live instead. The first filling is a
rebuild from the rows (seconds at national scale). Reversible.
"""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

FIGURES = "involvement_eventyearfigures"
INITIATIVE = "involvement_initiative"
EVENT = "involvement_involvementevent"
COUNT = "involvement_participantcount"
YEAR = "EXTRACT(YEAR FROM {})::int"


def _changes(op: str, columns: list[str], relevant: list[str]) -> str:
    """The changed rows (`columns`) with their sign; on UPDATE only the rows whose `relevant`
    columns differ, both old (-1) and new (+1)."""

    def select(sign: int, alias: str) -> str:
        return f"SELECT {sign} AS sign, " + ", ".join(f"{alias}.{c}" for c in columns)

    if op == "INSERT":
        return select(1, "r") + " FROM new_rows r"
    if op == "DELETE":
        return select(-1, "r") + " FROM old_rows r"
    old = "(" + ", ".join(f"o.{c}" for c in relevant) + ")"
    new = "(" + ", ".join(f"n.{c}" for c in relevant) + ")"
    pairs = f" FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE {new} IS DISTINCT FROM {old}"
    return select(1, "n") + pairs + " UNION ALL " + select(-1, "o") + pairs


def _apply(rows: str) -> str:
    """Add `rows` (m, y, events, participants) to the figures."""
    return f"""
        INSERT INTO {FIGURES} AS t (municipality_id, year, event_count, participant_count)
        SELECT m, y, SUM(a), SUM(b) FROM ({rows}) AS x(m, y, a, b)
        GROUP BY m, y HAVING SUM(ABS(a)) + SUM(ABS(b)) > 0 ORDER BY m, y
        ON CONFLICT (municipality_id, year) DO UPDATE SET
            event_count = t.event_count + EXCLUDED.event_count,
            participant_count = t.participant_count + EXCLUDED.participant_count;
    """


def _count_body(op: str) -> str:
    changes = _changes(op, ["event_id", "count"], ["event_id", "count"])
    return _apply(
        f"""
        SELECT i.municipality_id, {YEAR.format("e.date")}, 0, c.sign * c.count::bigint
        FROM ({changes}) AS c
        JOIN {EVENT} e ON e.id = c.event_id JOIN {INITIATIVE} i ON i.id = e.initiative_id
        """
    )


def _event_body(op: str) -> str:
    changes = _changes(op, ["id", "initiative_id", "date"], ["initiative_id", "date"])
    return _apply(
        f"""
        SELECT i.municipality_id, {YEAR.format("c.date")}, c.sign, 0::bigint
        FROM ({changes}) AS c JOIN {INITIATIVE} i ON i.id = c.initiative_id
        UNION ALL
        SELECT i.municipality_id, {YEAR.format("c.date")}, 0, c.sign * p.count::bigint
        FROM ({changes}) AS c JOIN {INITIATIVE} i ON i.id = c.initiative_id
        JOIN {COUNT} p ON p.event_id = c.id
        """
    )


def _initiative_body(op: str) -> str:
    changes = _changes(op, ["id", "municipality_id"], ["municipality_id"])
    return _apply(
        f"""
        SELECT c.municipality_id, {YEAR.format("e.date")}, c.sign, 0::bigint
        FROM ({changes}) AS c JOIN {EVENT} e ON e.initiative_id = c.id
        UNION ALL
        SELECT c.municipality_id, {YEAR.format("e.date")}, 0, c.sign * p.count::bigint
        FROM ({changes}) AS c JOIN {EVENT} e ON e.initiative_id = c.id
        JOIN {COUNT} p ON p.event_id = e.id
        """
    )


REBUILD = f"""
CREATE FUNCTION involvement_rebuild_event_year_figures() RETURNS void LANGUAGE plpgsql
AS $body$
BEGIN
    DELETE FROM {FIGURES};
    INSERT INTO {FIGURES} (municipality_id, year, event_count, participant_count)
    SELECT m, y, SUM(a), SUM(b) FROM (
        SELECT i.municipality_id, {YEAR.format("e.date")}, 1, 0::bigint
        FROM {EVENT} e JOIN {INITIATIVE} i ON i.id = e.initiative_id
        UNION ALL
        SELECT i.municipality_id, {YEAR.format("e.date")}, 0, p.count::bigint
        FROM {COUNT} p JOIN {EVENT} e ON e.id = p.event_id
        JOIN {INITIATIVE} i ON i.id = e.initiative_id
    ) AS x(m, y, a, b)
    GROUP BY m, y ORDER BY m, y;
END
$body$;

CREATE FUNCTION involvement_event_year_figures_truncated() RETURNS trigger LANGUAGE plpgsql
AS $body$
BEGIN
    PERFORM involvement_rebuild_event_year_figures();
    RETURN NULL;
END
$body$;
"""

BODIES = {COUNT: _count_body, EVENT: _event_body, INITIATIVE: _initiative_body}
OPS = {
    "INSERT": "NEW TABLE AS new_rows",
    "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "DELETE": "OLD TABLE AS old_rows",
}


def _forward() -> str:
    sql = [REBUILD]
    for table, body in BODIES.items():
        for op, referencing in OPS.items():
            name = f"{table}_year_figures_{op.lower()}"
            sql.append(
                f"""
                CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $body$
                BEGIN
                {body(op)}
                RETURN NULL;
                END
                $body$;
                CREATE TRIGGER {name} AFTER {op} ON {table}
                    REFERENCING {referencing}
                    FOR EACH STATEMENT EXECUTE FUNCTION {name}();
                """
            )
        sql.append(
            f"""
            CREATE TRIGGER {table}_year_figures_truncate AFTER TRUNCATE ON {table}
                FOR EACH STATEMENT EXECUTE FUNCTION involvement_event_year_figures_truncated();
            """
        )
    sql.append("SELECT involvement_rebuild_event_year_figures();")
    return "\n".join(sql)


def _reverse() -> str:
    sql = []
    for table in BODIES:
        sql.append(f"DROP TRIGGER {table}_year_figures_truncate ON {table};")
        for op in OPS:
            name = f"{table}_year_figures_{op.lower()}"
            sql.append(f"DROP TRIGGER {name} ON {table}; DROP FUNCTION {name}();")
    sql.append("DROP FUNCTION involvement_event_year_figures_truncated();")
    sql.append("DROP FUNCTION involvement_rebuild_event_year_figures();")
    return "\n".join(sql)


def forward(apps: Any, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_forward())


def reverse(apps: Any, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_reverse())


class Migration(migrations.Migration):
    dependencies = [
        ("involvement", "0008_bounded_numbers_and_dates"),
        ("places", "0002_bounded_numbers_and_dates"),
    ]

    operations = [
        migrations.CreateModel(
            name="EventYearFigures",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("year", models.IntegerField()),
                ("event_count", models.IntegerField(default=0)),
                ("participant_count", models.BigIntegerField(default=0)),
                (
                    "municipality",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="places.municipality",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("municipality", "year"), name="event_year_unique"
                    )
                ],
            },
        ),
        migrations.AddIndex(
            model_name="input",
            index=models.Index(fields=["created_at"], include=["event"], name="input_created_idx"),
        ),
        migrations.AddIndex(
            model_name="involvementevent",
            index=models.Index(
                fields=["created_at"], include=["initiative"], name="event_created_idx"
            ),
        ),
        migrations.RunPython(forward, reverse),
    ]
