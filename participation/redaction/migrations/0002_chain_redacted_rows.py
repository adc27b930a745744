"""Keep the audit trail's hash chain whole across a redaction.

accounts/0004 chains every audit row when it is inserted; a redaction (0001) later rewrites a text
column of such a row, after which the row no longer matches its link. Here the one redaction
function, `housingapp_redact_audit`, appends a new link for the row it has just rewritten, in the
same statement and transaction, through the chain's own `housingapp_audit_link`: the chain
records the redaction in its order, `manage.py verify_audit` checks a redacted row against its
newest link (participation/accounts/services/chain.py), and nothing else can write a link.

The reverse restores the function of 0001.
"""

import importlib

from django.db import migrations

FIRST = importlib.import_module("participation.redaction.migrations.0001_audit_redaction_path")

RELINK = """    PERFORM set_config('housingapp.redaction', 'off', true);
    EXECUTE format('SELECT to_jsonb(t) FROM %I t WHERE id = $1', target_table)
        INTO row_doc USING row_id;
    PERFORM housingapp_audit_link(target_table, row_id, row_doc);
"""

REDACT_FUNCTION = (
    FIRST.REDACT_FUNCTION.replace(
        "    PERFORM set_config('housingapp.redaction', 'off', true);\n", RELINK
    )
    .replace("    changed integer;\n", "    changed integer;\n    row_doc jsonb;\n")
    .replace(
        "SET search_path = pg_catalog, public AS $$",
        "SET search_path = pg_catalog, public SET timezone TO 'UTC' AS $$",
    )
)
if REDACT_FUNCTION.count("housingapp_audit_link") != 1 or "row_doc jsonb" not in REDACT_FUNCTION:
    raise RuntimeError("0001's redaction function changed: update 0002's edits of it")


def relink(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REDACT_FUNCTION, params=None)  # no %-interpolation


def unlink(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FIRST.REDACT_FUNCTION, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("redaction", "0001_audit_redaction_path"),
        ("accounts", "0006_audit_chain_relinks_redacted_rows"),
    ]

    operations = [migrations.RunPython(relink, unlink)]
