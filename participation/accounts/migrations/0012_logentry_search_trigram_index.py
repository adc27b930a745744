"""A trigram index on the audit entries' descriptions, for the audit search (issue 11).

The audit search (Revisjon, `q=`) looks for a word anywhere in an entry's description:
`UPPER(object_repr) LIKE '%word%'`, which no B-tree index answers. With ~2 M entries PostgreSQL
read the whole log for each search (its count, and its page whenever the word is rare). A GIN
index of the description's trigrams (`pg_trgm`, a trusted extension: the database's owner may
create it) finds the matching entries directly, whatever the word; a word shorter than three
letters still reads the log, as before. The index changes no result and no row (the audit
trail's append-only triggers and chain are not touched). PostgreSQL only: nothing on SQLite.
The reverse drops the index and leaves the extension (others may use it).
"""

from typing import Any

from django.db import migrations

INDEX = "auditlog_logentry_repr_trgm"


def add_index(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON auditlog_logentry "
        "USING gin (upper(object_repr) gin_trgm_ops)"
    )
    # Statistics on the indexed expression: without them the planner guesses how many entries
    # a word matches, and walks the log by time for a rare one.
    schema_editor.execute("ANALYZE auditlog_logentry")


def remove_index(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0011_analyze_function")]

    operations = [migrations.RunPython(add_index, remove_index, elidable=False)]
