"""The dashboard's trend of indicator values at target from a read model
(`IndicatorYearFigures`: per municipality and year, the approved values of indicators with a
target and how many reach it), kept by triggers; and an index for "what changed since your
last visit" (the values changed since a moment).

The trend counted every approved value of the user's scope in the last six years (about 500 000
values at national scale) at each visit to the dashboard (issue 11). Now it adds up a row per
municipality and year.

A value counts when it is approved and its indicator has a target, under its own municipality
and the year its reporting period starts; it is at target when at or above the target where
higher is better, at or below where lower is better (`participation.programme.readmodel`'s live
query is the definition). So the figures depend on three tables, and each has a
statement-level trigger that reads the changed rows from its transition tables and adds their
contribution, as in `involvement.0004_read_model_triggers`: the new rows' (+) and the old rows'
(-), with the other two tables as they are at that moment. Values: any write, in any number of
rows (the services, the admin, generate_scale's COPY), that changes a municipality, indicator,
period, value or status. Indicators: a change of target or direction (the admin's form), which
moves every value of the indicator. Periods: a change of start date. TRUNCATE of any of the
three rebuilds the figures.

PostgreSQL only (transition tables): on SQLite, `make run`'s embedded default, nothing is
installed and the read model's functions count live instead. The first filling is a rebuild
from the values (seconds at national scale). Reversible.
"""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

FIGURES = "programme_indicatoryearfigures"
VALUE = "programme_indicatorvalue"
INDICATOR = "places_indicator"
PERIOD = "programme_reportingperiod"
YEAR = "EXTRACT(YEAR FROM p.start_date)::int"
ON_TARGET = (
    "(COALESCE((ind.direction = 'higher' AND v.value >= ind.target) "
    "OR (ind.direction = 'lower' AND v.value <= ind.target), false))::int"
)
# A value counts: approved, of an indicator with a target.
COUNTS = "v.status = 'approved' AND ind.target IS NOT NULL"


def _changes(op: str, columns: list[str]) -> str:
    """The changed rows (`columns`) with their sign; on UPDATE only the rows whose `columns`
    (but the id) differ, both old (-1) and new (+1)."""

    def select(sign: int, alias: str) -> str:
        return f"SELECT {sign} AS sign, " + ", ".join(f"{alias}.{c}" for c in columns)

    if op == "INSERT":
        return select(1, "r") + " FROM new_rows r"
    if op == "DELETE":
        return select(-1, "r") + " FROM old_rows r"
    relevant = [c for c in columns if c != "id"]
    old = "(" + ", ".join(f"o.{c}" for c in relevant) + ")"
    new = "(" + ", ".join(f"n.{c}" for c in relevant) + ")"
    pairs = f" FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE {new} IS DISTINCT FROM {old}"
    return select(1, "n") + pairs + " UNION ALL " + select(-1, "o") + pairs


def _apply(rows: str) -> str:
    """Add `rows` (sign, m, y, on target) to the figures."""
    return f"""
        INSERT INTO {FIGURES} AS t (municipality_id, year, value_count, on_target_count)
        SELECT m, y, SUM(sign), SUM(sign * hit) FROM ({rows}) AS x(sign, m, y, hit)
        GROUP BY m, y HAVING SUM(ABS(sign)) > 0 ORDER BY m, y
        ON CONFLICT (municipality_id, year) DO UPDATE SET
            value_count = t.value_count + EXCLUDED.value_count,
            on_target_count = t.on_target_count + EXCLUDED.on_target_count;
    """


def _value_body(op: str) -> str:
    changes = _changes(
        op, ["id", "municipality_id", "indicator_id", "period_id", "value", "status"]
    )
    return _apply(
        f"""
        SELECT v.sign, v.municipality_id, {YEAR}, {ON_TARGET}
        FROM ({changes}) AS v
        JOIN {INDICATOR} ind ON ind.id = v.indicator_id JOIN {PERIOD} p ON p.id = v.period_id
        WHERE {COUNTS}
        """
    )


def _indicator_body(op: str) -> str:
    changes = _changes(op, ["id", "direction", "target"])
    return _apply(
        f"""
        SELECT ind.sign, v.municipality_id, {YEAR}, {ON_TARGET}
        FROM ({changes}) AS ind
        JOIN {VALUE} v ON v.indicator_id = ind.id JOIN {PERIOD} p ON p.id = v.period_id
        WHERE {COUNTS}
        """
    )


def _period_body(op: str) -> str:
    changes = _changes(op, ["id", "start_date"])
    return _apply(
        f"""
        SELECT p.sign, v.municipality_id, {YEAR}, {ON_TARGET}
        FROM ({changes}) AS p
        JOIN {VALUE} v ON v.period_id = p.id JOIN {INDICATOR} ind ON ind.id = v.indicator_id
        WHERE {COUNTS}
        """
    )


REBUILD = f"""
CREATE FUNCTION programme_rebuild_indicator_year_figures() RETURNS void LANGUAGE plpgsql
AS $body$
BEGIN
    DELETE FROM {FIGURES};
    INSERT INTO {FIGURES} (municipality_id, year, value_count, on_target_count)
    SELECT v.municipality_id, {YEAR}, COUNT(*), SUM({ON_TARGET})
    FROM {VALUE} v
    JOIN {INDICATOR} ind ON ind.id = v.indicator_id JOIN {PERIOD} p ON p.id = v.period_id
    WHERE {COUNTS}
    GROUP BY 1, 2 ORDER BY 1, 2;
END
$body$;

CREATE FUNCTION programme_indicator_year_figures_truncated() RETURNS trigger
LANGUAGE plpgsql AS $body$
BEGIN
    PERFORM programme_rebuild_indicator_year_figures();
    RETURN NULL;
END
$body$;
"""

BODIES = {VALUE: _value_body, INDICATOR: _indicator_body, PERIOD: _period_body}
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
                FOR EACH STATEMENT EXECUTE FUNCTION programme_indicator_year_figures_truncated();
            """
        )
    sql.append("SELECT programme_rebuild_indicator_year_figures();")
    return "\n".join(sql)


def _reverse() -> str:
    sql = []
    for table in BODIES:
        sql.append(f"DROP TRIGGER {table}_year_figures_truncate ON {table};")
        for op in OPS:
            name = f"{table}_year_figures_{op.lower()}"
            sql.append(f"DROP TRIGGER {name} ON {table}; DROP FUNCTION {name}();")
    sql.append("DROP FUNCTION programme_indicator_year_figures_truncated();")
    sql.append("DROP FUNCTION programme_rebuild_indicator_year_figures();")
    return "\n".join(sql)


def forward(apps: Any, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_forward())


def reverse(apps: Any, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_reverse())


class Migration(migrations.Migration):
    dependencies = [
        ("places", "0002_bounded_numbers_and_dates"),
        ("programme", "0004_bounded_numbers_and_dates"),
    ]

    operations = [
        migrations.CreateModel(
            name="IndicatorYearFigures",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("year", models.IntegerField()),
                ("value_count", models.IntegerField(default=0)),
                ("on_target_count", models.IntegerField(default=0)),
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
                        fields=("municipality", "year"), name="indicator_year_unique"
                    )
                ],
            },
        ),
        migrations.AddIndex(
            model_name="indicatorvalue",
            index=models.Index(fields=["updated_at"], name="value_updated_idx"),
        ),
        migrations.RunPython(forward, reverse),
    ]
