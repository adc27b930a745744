"""Each event holds its initiative's municipality (denormalised), with an index to walk one
municipality's events by date; triggers keep the column right.

The input list sorts by event date: for one municipality the planner walked the whole country's
events by date (or read all the open input) to find a deep page's rows (issue 11). With the
municipality on the event, `(municipality, date, id)` gives one municipality's events in order.

In PostgreSQL two triggers keep the column right whoever writes (the services, the admin, the
import's multi-row inserts, generate_scale's COPY, a queryset update): before an event's insert
or a change of its initiative, the column is read from the initiative; after an initiative's
municipality changes, its events follow. On SQLite, `make run`'s embedded default, the model's
`save()` (and the import, and generate_scale) set it on insert, and AFTER triggers follow the
moves. The input's scope (`Input.municipality_path`) reads this column.

The column is filled from the initiatives, then made NOT NULL. Reversible. The index is built
in the same transaction as the fill, so PostgreSQL marks it usable only by transactions that
start after every transaction older than the migration has ended (`indcheckxmin`): seconds on a
quiet server; on a shared one with a long-idle transaction, `REINDEX INDEX
event_municipality_date_idx` after the migration (as done on the benchmark's copy) makes it
usable at once.
"""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

EVENT = "involvement_involvementevent"
INITIATIVE = "involvement_initiative"

FILL = f"""
UPDATE {EVENT} e SET municipality_id = i.municipality_id
FROM {INITIATIVE} i WHERE i.id = e.initiative_id
"""

TRIGGERS = f"""
CREATE FUNCTION {EVENT}_set_municipality() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
    NEW.municipality_id := (SELECT municipality_id FROM {INITIATIVE} WHERE id = NEW.initiative_id);
    RETURN NEW;
END
$body$;
CREATE TRIGGER {EVENT}_set_municipality BEFORE INSERT OR UPDATE OF initiative_id, municipality_id
    ON {EVENT} FOR EACH ROW EXECUTE FUNCTION {EVENT}_set_municipality();

CREATE FUNCTION {INITIATIVE}_move_events() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
    UPDATE {EVENT} SET municipality_id = NEW.municipality_id
    WHERE initiative_id = NEW.id AND municipality_id IS DISTINCT FROM NEW.municipality_id;
    RETURN NULL;
END
$body$;
CREATE TRIGGER {INITIATIVE}_move_events AFTER UPDATE OF municipality_id ON {INITIATIVE}
    FOR EACH ROW WHEN (OLD.municipality_id IS DISTINCT FROM NEW.municipality_id)
    EXECUTE FUNCTION {INITIATIVE}_move_events();
"""

DROP_TRIGGERS = f"""
DROP TRIGGER {INITIATIVE}_move_events ON {INITIATIVE};
DROP FUNCTION {INITIATIVE}_move_events();
DROP TRIGGER {EVENT}_set_municipality ON {EVENT};
DROP FUNCTION {EVENT}_set_municipality();
"""


def fill(apps: Any, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FILL)
        return
    event = apps.get_model("involvement", "InvolvementEvent")
    initiative = apps.get_model("involvement", "Initiative")
    event.objects.update(
        municipality_id=models.Subquery(
            initiative.objects.filter(pk=models.OuterRef("initiative_id")).values(
                "municipality_id"
            )[:1]
        )
    )


# SQLite: a BEFORE trigger cannot set NEW there, so an insert relies on `save()` (or the
# import's and generate_scale's own column); moves are followed by AFTER triggers.
SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER {EVENT}_set_municipality AFTER UPDATE OF initiative_id ON {EVENT}
    FOR EACH ROW BEGIN
        UPDATE {EVENT} SET municipality_id =
            (SELECT municipality_id FROM {INITIATIVE} WHERE id = NEW.initiative_id)
        WHERE id = NEW.id;
    END""",
    f"""CREATE TRIGGER {INITIATIVE}_move_events AFTER UPDATE OF municipality_id ON {INITIATIVE}
    FOR EACH ROW WHEN OLD.municipality_id IS NOT NEW.municipality_id BEGIN
        UPDATE {EVENT} SET municipality_id = NEW.municipality_id WHERE initiative_id = NEW.id;
    END""",
]
SQLITE_DROP = [
    f"DROP TRIGGER {INITIATIVE}_move_events",
    f"DROP TRIGGER {EVENT}_set_municipality",
]


def add_triggers(apps: Any, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRIGGERS)
    elif schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_TRIGGERS:
            schema_editor.execute(statement)


def drop_triggers(apps: Any, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_TRIGGERS)
    elif schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("involvement", "0006_participant_role_peer"),
        ("places", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="involvementevent",
            name="municipality",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="places.municipality",
                verbose_name="municipality",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="involvementevent",
            name="municipality",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="places.municipality",
                verbose_name="municipality",
            ),
        ),
        migrations.AddIndex(
            model_name="involvementevent",
            index=models.Index(
                fields=["municipality", "date", "id"], name="event_municipality_date_idx"
            ),
        ),
        migrations.RunPython(add_triggers, drop_triggers),
    ]
