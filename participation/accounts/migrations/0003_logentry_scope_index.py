"""Index the audit entries' scope tags, which the history pages filter on.

participation.accounts.audit stores with each auditlog entry the municipalities and the initiative its
row belongs to (`additional_data`, JSON); a municipality's or an initiative's history asks for
the entries whose tags contain its id (`@>`), which a GIN index answers without a table scan.
PostgreSQL only: the embedded SQLite database has no GIN indexes and needs none.
"""

from django.db import migrations

INDEX = "auditlog_logentry_scope_gin"


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON auditlog_logentry "
            "USING gin (additional_data jsonb_path_ops);"
        )


def remove_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX};")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_append_only_audit_tables"),
        ("auditlog", "0017_add_actor_email"),
    ]

    operations = [migrations.RunPython(add_index, remove_index)]
