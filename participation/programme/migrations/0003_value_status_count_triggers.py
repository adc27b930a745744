"""The value-status read model's triggers, and its first filling (a rebuild from the values).

Every write to indicator values, in any number of rows (the services, the admin, generate_scale's
COPY), fires one statement-level trigger that reads the changed rows from its transition tables
and adds their contribution to `programme_valuestatuscount`: +1 for each new row's (period,
municipality, status), -1 for each old row's; an update counts only when it changes one of the
three. TRUNCATE rebuilds the counts. The counts are a plain sum of signed contributions, so
concurrent writers add up (each upsert locks only its own rows, taken in (municipality, period)
order).

PostgreSQL only (transition tables): on SQLite, `make run`'s embedded default, nothing is
installed and `participation.programme.readmodel` counts live instead.
"""

from typing import Any

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

COUNTS = "programme_valuestatuscount"
VALUE = "programme_indicatorvalue"
STATUSES = ("draft", "submitted", "approved", "returned")

SUMS = ", ".join(f"SUM(sign * (status = '{s}')::int)" for s in STATUSES)
COLUMNS = ", ".join(f"{s}_count" for s in STATUSES)
ADD = ", ".join(f"{s}_count = t.{s}_count + EXCLUDED.{s}_count" for s in STATUSES)
CHANGED = (
    "(n.period_id, n.municipality_id, n.status) IS DISTINCT FROM "
    "(o.period_id, o.municipality_id, o.status)"
)
CHANGES = {
    "INSERT": "SELECT 1, period_id, municipality_id, status FROM new_rows",
    "DELETE": "SELECT -1, period_id, municipality_id, status FROM old_rows",
    "UPDATE": (
        "SELECT 1, n.period_id, n.municipality_id, n.status FROM new_rows n "
        f"JOIN old_rows o ON o.id = n.id WHERE {CHANGED} UNION ALL "
        "SELECT -1, o.period_id, o.municipality_id, o.status FROM new_rows n "
        f"JOIN old_rows o ON o.id = n.id WHERE {CHANGED}"
    ),
}
OPS = {
    "INSERT": "NEW TABLE AS new_rows",
    "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "DELETE": "OLD TABLE AS old_rows",
}


def _body(op: str) -> str:
    return f"""
        INSERT INTO {COUNTS} AS t (municipality_id, period_id, {COLUMNS})
        SELECT m, p, {SUMS} FROM ({CHANGES[op]}) AS x(sign, p, m, status)
        GROUP BY m, p ORDER BY m, p
        ON CONFLICT (municipality_id, period_id) DO UPDATE SET {ADD};
    """


REBUILD = f"""
CREATE FUNCTION programme_rebuild_value_status_counts() RETURNS void LANGUAGE plpgsql AS $body$
BEGIN
    DELETE FROM {COUNTS};
    INSERT INTO {COUNTS} (municipality_id, period_id, {COLUMNS})
    SELECT municipality_id, period_id,
           {", ".join(f"COUNT(*) FILTER (WHERE status = '{s}')" for s in STATUSES)}
    FROM {VALUE} GROUP BY 1, 2 ORDER BY 1, 2;
END
$body$;

CREATE FUNCTION programme_value_status_counts_truncated() RETURNS trigger LANGUAGE plpgsql
AS $body$
BEGIN
    PERFORM programme_rebuild_value_status_counts();
    RETURN NULL;
END
$body$;
"""


def _forward() -> str:
    sql = [REBUILD]
    for op, referencing in OPS.items():
        name = f"{VALUE}_status_counts_{op.lower()}"
        sql.append(
            f"""
            CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $body$
            BEGIN
            {_body(op)}
            RETURN NULL;
            END
            $body$;
            CREATE TRIGGER {name} AFTER {op} ON {VALUE}
                REFERENCING {referencing}
                FOR EACH STATEMENT EXECUTE FUNCTION {name}();
            """
        )
    sql.append(
        f"""
        CREATE TRIGGER {VALUE}_status_counts_truncate AFTER TRUNCATE ON {VALUE}
            FOR EACH STATEMENT EXECUTE FUNCTION programme_value_status_counts_truncated();
        SELECT programme_rebuild_value_status_counts();
        """
    )
    return "\n".join(sql)


def _reverse() -> str:
    sql = [f"DROP TRIGGER {VALUE}_status_counts_truncate ON {VALUE};"]
    for op in OPS:
        name = f"{VALUE}_status_counts_{op.lower()}"
        sql.append(f"DROP TRIGGER {name} ON {VALUE}; DROP FUNCTION {name}();")
    sql.append("DROP FUNCTION programme_value_status_counts_truncated();")
    sql.append("DROP FUNCTION programme_rebuild_value_status_counts();")
    return "\n".join(sql)


def forward(apps: Any, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_forward())


def reverse(apps: Any, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_reverse())


class Migration(migrations.Migration):
    dependencies = [("programme", "0002_value_status_counts")]

    operations = [migrations.RunPython(forward, reverse)]
