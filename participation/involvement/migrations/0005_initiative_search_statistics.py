"""Statistics on the initiative list's search expressions (PostgreSQL only; issue 11).

The list's search is `UPPER(name) LIKE '%word%'` or the same on aim or reference. Without
statistics on those expressions PostgreSQL guesses such a search keeps a few rows (96 of 20 000
at scale 1, where "bolig" keeps 15 000) and joins them to their municipalities for the list's
order by a nested loop over all of them (60 ms). With them it walks the municipalities by name
and stops at the page (0.2 ms). Statistics change no result, only the plan; nothing on SQLite.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

NAME = "involvement_initiative_search_stats"


def create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE STATISTICS IF NOT EXISTS {NAME} ON (upper(name::text)), (upper(aim)),"
        " (upper(reference::text)) FROM involvement_initiative"
    )
    schema_editor.execute("ANALYZE involvement_initiative")


def drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP STATISTICS IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("involvement", "0004_read_model_triggers")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
