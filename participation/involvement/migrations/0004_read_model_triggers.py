"""The read model's triggers, and its first filling (a rebuild from the rows already there).

Every write to initiatives, events and input, in any number of rows (the services, the admin,
the event import's multi-row inserts, generate_scale's COPY), fires one statement-level trigger
that reads the changed rows from its transition tables and adds their contribution to the
figures: the new rows' (+1) and the old rows' (-1), each with what hangs under it (an event's
input, an initiative's events and input) as the tables are at that moment. Taking both sides the
same way keeps the figures right in any order of writes: a child written before its parent
(foreign keys are checked at commit) counts nothing until the parent arrives, and then counts
through it; an update counts only when it changes a figure's inputs (a move, a date, a status).
TRUNCATE rebuilds the figures.

PostgreSQL only (transition tables): on SQLite, `make run`'s embedded default, nothing is
installed and `participation.involvement.readmodel` counts live instead.

The figures are a plain sum of signed contributions, so concurrent writers just add up (each
upsert locks only its municipality's rows, taken in municipality order).
"""

from typing import Any

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

FIGURES = "involvement_municipalityfigures"
DUE = "involvement_feedbackduecount"
YEARS = "involvement_inputyearfigures"
INITIATIVE = "involvement_initiative"
EVENT = "involvement_involvementevent"
INPUT = "involvement_input"


def _changes(op: str, columns: dict[str, str], relevant: list[str]) -> str:
    """The changed rows with their sign: `columns` maps each output name to its expression
    over a row `r`; on UPDATE only rows whose `relevant` outputs differ, both old and new."""

    def select(sign: int, alias: str) -> str:
        parts = ", ".join(
            f"{expr.replace('r.', alias + '.')} AS {name}" for name, expr in columns.items()
        )
        return f"SELECT {sign} AS sign, {parts}"

    if op == "INSERT":
        return select(1, "r") + " FROM new_rows r"
    if op == "DELETE":
        return select(-1, "r") + " FROM old_rows r"
    old = "(" + ", ".join(columns[name].replace("r.", "o.") for name in relevant) + ")"
    new = "(" + ", ".join(columns[name].replace("r.", "n.") for name in relevant) + ")"
    pairs = f" FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE {new} IS DISTINCT FROM {old}"
    return select(1, "n") + pairs + " UNION ALL " + select(-1, "o") + pairs


def _apply(figures: str, due: str | None, years: str | None) -> str:
    """Statements adding the deltas: `figures` selects (m, initiatives, events, inputs, open,
    events awaiting feedback),
    `due` (m, feedback_due, events), `years` (m, year, inputs, assessed, answered)."""
    statements = [
        f"""
        INSERT INTO {FIGURES} AS t
            (municipality_id, initiative_count, event_count, input_count, open_input_count,
             awaiting_feedback_count)
        SELECT m, SUM(a), SUM(b), SUM(c), SUM(d), SUM(e) FROM ({figures}) AS x(m, a, b, c, d, e)
        GROUP BY m
        HAVING SUM(ABS(a)) + SUM(ABS(b)) + SUM(ABS(c)) + SUM(ABS(d)) + SUM(ABS(e)) > 0
        ORDER BY m
        ON CONFLICT (municipality_id) DO UPDATE SET
            initiative_count = t.initiative_count + EXCLUDED.initiative_count,
            event_count = t.event_count + EXCLUDED.event_count,
            input_count = t.input_count + EXCLUDED.input_count,
            open_input_count = t.open_input_count + EXCLUDED.open_input_count,
            awaiting_feedback_count = t.awaiting_feedback_count + EXCLUDED.awaiting_feedback_count;
        """
    ]
    if due is not None:
        statements.append(
            f"""
            INSERT INTO {DUE} AS t (municipality_id, feedback_due, event_count)
            SELECT m, d, SUM(n) FROM ({due}) AS x(m, d, n) WHERE d IS NOT NULL
            GROUP BY m, d HAVING SUM(ABS(n)) > 0 ORDER BY m, d
            ON CONFLICT (municipality_id, feedback_due) DO UPDATE SET
                event_count = t.event_count + EXCLUDED.event_count;
            """
        )
    if years is not None:
        statements.append(
            f"""
            INSERT INTO {YEARS} AS t
                (municipality_id, year, input_count, assessed_count, answered_count)
            SELECT m, y, SUM(n), SUM(a), SUM(b) FROM ({years}) AS x(m, y, n, a, b)
            GROUP BY m, y HAVING SUM(ABS(n)) > 0 ORDER BY m, y
            ON CONFLICT (municipality_id, year) DO UPDATE SET
                input_count = t.input_count + EXCLUDED.input_count,
                assessed_count = t.assessed_count + EXCLUDED.assessed_count,
                answered_count = t.answered_count + EXCLUDED.answered_count;
            """
        )
    return "\n".join(statements)


# Each table's changed rows, as columns over a row `r` of the table.
INPUT_COLUMNS = {
    "event_id": "r.event_id",
    "is_open": "(r.follow_up_status = 'not_assessed')::int",
    "is_answered": "(r.answer <> '')::int",
}
EVENT_COLUMNS = {
    "id": "r.id",
    "initiative_id": "r.initiative_id",
    "date": "r.date",
    "awaiting_due": "CASE WHEN r.feedback_given IS NULL THEN r.feedback_due END",
}
INITIATIVE_COLUMNS = {"id": "r.id", "municipality_id": "r.municipality_id"}


def _input_body(op: str) -> str:
    changes = _changes(op, INPUT_COLUMNS, list(INPUT_COLUMNS))
    rows = f"""
        SELECT c.sign, i.municipality_id AS m, EXTRACT(YEAR FROM e.date)::int AS y,
               c.is_open, c.is_answered
        FROM ({changes}) AS c
        JOIN {EVENT} e ON e.id = c.event_id
        JOIN {INITIATIVE} i ON i.id = e.initiative_id
    """
    return _apply(
        figures=f"SELECT m, 0, 0, sign, sign * is_open, 0 FROM ({rows}) AS r",
        due=None,
        years=(f"SELECT m, y, sign, sign * (1 - is_open), sign * is_answered FROM ({rows}) AS r"),
    )


def _event_body(op: str) -> str:
    changes = _changes(op, EVENT_COLUMNS, ["initiative_id", "date", "awaiting_due"])
    own = f"""
        SELECT c.sign, i.municipality_id AS m, c.awaiting_due
        FROM ({changes}) AS c JOIN {INITIATIVE} i ON i.id = c.initiative_id
    """
    # The event's input counts under the event's municipality and year.
    inputs = f"""
        SELECT c.sign, i.municipality_id AS m, EXTRACT(YEAR FROM c.date)::int AS y,
               (n.follow_up_status = 'not_assessed')::int AS is_open,
               (n.answer <> '')::int AS is_answered
        FROM ({changes}) AS c
        JOIN {INITIATIVE} i ON i.id = c.initiative_id
        JOIN {INPUT} n ON n.event_id = c.id
    """
    return _apply(
        figures=(
            f"SELECT m, 0, sign, 0, 0, sign * (awaiting_due IS NOT NULL)::int FROM ({own}) AS r "
            f"UNION ALL SELECT m, 0, 0, sign, sign * is_open, 0 FROM ({inputs}) AS r"
        ),
        due=f"SELECT m, awaiting_due, sign FROM ({own}) AS r",
        years=(f"SELECT m, y, sign, sign * (1 - is_open), sign * is_answered FROM ({inputs}) AS r"),
    )


def _initiative_body(op: str) -> str:
    changes = _changes(op, INITIATIVE_COLUMNS, ["municipality_id"])
    events = f"""
        SELECT c.sign, c.municipality_id AS m, e.id AS event_id, e.date,
               CASE WHEN e.feedback_given IS NULL THEN e.feedback_due END AS awaiting_due
        FROM ({changes}) AS c JOIN {EVENT} e ON e.initiative_id = c.id
    """
    inputs = f"""
        SELECT e.sign, e.m, EXTRACT(YEAR FROM e.date)::int AS y,
               (n.follow_up_status = 'not_assessed')::int AS is_open,
               (n.answer <> '')::int AS is_answered
        FROM ({events}) AS e JOIN {INPUT} n ON n.event_id = e.event_id
    """
    return _apply(
        figures=(
            f"SELECT municipality_id, sign, 0, 0, 0, 0 FROM ({changes}) AS c UNION ALL "
            f"SELECT m, 0, sign, 0, 0, sign * (awaiting_due IS NOT NULL)::int "
            f"FROM ({events}) AS r UNION ALL "
            f"SELECT m, 0, 0, sign, sign * is_open, 0 FROM ({inputs}) AS r"
        ),
        due=f"SELECT m, awaiting_due, sign FROM ({events}) AS r",
        years=(f"SELECT m, y, sign, sign * (1 - is_open), sign * is_answered FROM ({inputs}) AS r"),
    )


REBUILD = f"""
CREATE FUNCTION involvement_rebuild_read_model() RETURNS void LANGUAGE plpgsql AS $body$
BEGIN
    DELETE FROM {FIGURES};
    DELETE FROM {DUE};
    DELETE FROM {YEARS};
    INSERT INTO {FIGURES}
        (municipality_id, initiative_count, event_count, input_count, open_input_count,
         awaiting_feedback_count)
    SELECT m, SUM(a), SUM(b), SUM(c), SUM(d), SUM(e) FROM (
        SELECT municipality_id, 1, 0, 0, 0, 0 FROM {INITIATIVE}
        UNION ALL
        SELECT i.municipality_id, 0, 1, 0, 0,
               (e.feedback_given IS NULL AND e.feedback_due IS NOT NULL)::int
        FROM {EVENT} e JOIN {INITIATIVE} i ON i.id = e.initiative_id
        UNION ALL
        SELECT i.municipality_id, 0, 0, 1, (n.follow_up_status = 'not_assessed')::int, 0
        FROM {INPUT} n JOIN {EVENT} e ON e.id = n.event_id
        JOIN {INITIATIVE} i ON i.id = e.initiative_id
    ) AS x(m, a, b, c, d, e)
    GROUP BY m ORDER BY m;
    INSERT INTO {DUE} (municipality_id, feedback_due, event_count)
    SELECT i.municipality_id, e.feedback_due, COUNT(*)
    FROM {EVENT} e JOIN {INITIATIVE} i ON i.id = e.initiative_id
    WHERE e.feedback_given IS NULL AND e.feedback_due IS NOT NULL
    GROUP BY 1, 2 ORDER BY 1, 2;
    INSERT INTO {YEARS} (municipality_id, year, input_count, assessed_count, answered_count)
    SELECT i.municipality_id, EXTRACT(YEAR FROM e.date)::int, COUNT(*),
           COUNT(*) FILTER (WHERE n.follow_up_status <> 'not_assessed'),
           COUNT(*) FILTER (WHERE n.answer <> '')
    FROM {INPUT} n JOIN {EVENT} e ON e.id = n.event_id
    JOIN {INITIATIVE} i ON i.id = e.initiative_id
    GROUP BY 1, 2 ORDER BY 1, 2;
END
$body$;

CREATE FUNCTION involvement_read_model_truncated() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
    PERFORM involvement_rebuild_read_model();
    RETURN NULL;
END
$body$;
"""

BODIES = {INPUT: _input_body, EVENT: _event_body, INITIATIVE: _initiative_body}
OPS = {
    "INSERT": "NEW TABLE AS new_rows",
    "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "DELETE": "OLD TABLE AS old_rows",
}


def _forward() -> str:
    sql = [REBUILD]
    for table, body in BODIES.items():
        for op, referencing in OPS.items():
            name = f"{table}_read_model_{op.lower()}"
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
            CREATE TRIGGER {table}_read_model_truncate AFTER TRUNCATE ON {table}
                FOR EACH STATEMENT EXECUTE FUNCTION involvement_read_model_truncated();
            """
        )
    # A municipality's rows side by side (ordered inserts): a page reads them in few blocks.
    sql.append("SELECT involvement_rebuild_read_model();")
    return "\n".join(sql)


def _reverse() -> str:
    sql = []
    for table in BODIES:
        sql.append(f"DROP TRIGGER {table}_read_model_truncate ON {table};")
        for op in OPS:
            name = f"{table}_read_model_{op.lower()}"
            sql.append(f"DROP TRIGGER {name} ON {table}; DROP FUNCTION {name}();")
    sql.append("DROP FUNCTION involvement_read_model_truncated();")
    sql.append("DROP FUNCTION involvement_rebuild_read_model();")
    return "\n".join(sql)


def forward(apps: Any, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_forward())


def reverse(apps: Any, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_reverse())


class Migration(migrations.Migration):
    dependencies = [("involvement", "0003_read_model")]

    operations = [migrations.RunPython(forward, reverse)]
