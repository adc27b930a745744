"""An index on the audit entries' (timestamp, id), for the audit log's pages (issue 11).

The audit log lists entries newest first, ties by the higher id (`ORDER BY timestamp DESC,
id DESC`); a deep page (`?page=100`) takes each log's first 5 000 keys before merging the two.
django-auditlog's own index on `timestamp` alone gave them in time order only: PostgreSQL read
each entry from the table and sorted each instant's entries by id. With the id in the index,
the keys come from the index alone in the list's order (an index-only scan, backward), and the
capped count of the unfiltered log reads the index too. Same rows, same order; no row changed
and the audit trail's append-only triggers and chain are not touched. PostgreSQL only. The
reverse drops the index.
"""

from typing import Any

from django.db import migrations

INDEX = "auditlog_logentry_time_id_idx"


def add_index(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f'CREATE INDEX IF NOT EXISTS {INDEX} ON auditlog_logentry ("timestamp", id)'
    )


def remove_index(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0012_logentry_search_trigram_index")]

    operations = [migrations.RunPython(add_index, remove_index, elidable=False)]
