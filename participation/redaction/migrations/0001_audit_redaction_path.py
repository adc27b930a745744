"""The one database path by which personal data can be removed from the append-only audit tables.

Migration accounts/0002 makes `auditlog_logentry` and `accounts_securityevent` append-only with a
trigger that refuses every UPDATE and DELETE. On PostgreSQL this migration keeps that rule and
adds one narrow exception, for the audited redaction (participation.redaction.services):

- `housingapp_redact_audit(table, id, column, new_value)`, a SECURITY DEFINER function, replaces
  the value of one text column of one audit row. It accepts only the columns listed below (the
  text and JSON columns a redaction may rewrite), turns the setting `housingapp.redaction` on
  for its own UPDATE (`set_config(..., is_local => true)`) and off again right after it.
- The trigger function `housingapp_refuse_audit_change()` lets an UPDATE through only while that
  setting is on, only if the statement comes from that function (the call stack, `PG_CONTEXT`,
  names it: setting the setting by hand is not enough), and only if every other column of the
  row stays exactly as it was (the row as JSON, less the redactable columns, must be equal
  before and after). DELETE is always refused, and every other UPDATE is refused with the same
  "append-only" message as before.

EXECUTE on the function is revoked from PUBLIC: the role that owns the tables (today also the
role the application runs as) may call it; a separate application role without UPDATE rights on
the audit tables needs `GRANT EXECUTE ON FUNCTION housingapp_redact_audit(text, bigint, text,
text)`, and then this function is the only way it can change an audit row at all.

SQLite has no roles, functions or session settings: the redaction service there drops the
table's UPDATE trigger, makes the change and recreates the trigger from its own stored SQL, in
one transaction (SQLite's DDL is transactional, and the database is locked for writing while
it runs). Nothing happens to SQLite here.

The reverse restores the trigger function of accounts/0002 and drops the redaction function.
"""

from django.db import migrations

# table → {column: SQL type of the value}: what a redaction may rewrite. Kept in step with
# participation.redaction.services.AUDIT_COLUMNS (a test checks that they agree).
REDACTABLE = {
    "auditlog_logentry": {
        "object_repr": "text",
        "changes_text": "text",
        "changes": "jsonb",
        "serialized_data": "jsonb",
        "additional_data": "jsonb",
    },
    "accounts_securityevent": {"username": "varchar", "data": "jsonb"},
}


def _array(columns: dict[str, str]) -> str:
    return "ARRAY[" + ", ".join(f"'{name}'" for name in columns) + "]::text[]"


TRIGGER_FUNCTION = (
    """
CREATE OR REPLACE FUNCTION housingapp_refuse_audit_change() RETURNS trigger AS $$
DECLARE
    redactable text[];
    caller text;
BEGIN
    GET DIAGNOSTICS caller = PG_CONTEXT;
    IF TG_OP = 'UPDATE' AND current_setting('housingapp.redaction', true) = 'on'
       AND caller LIKE '%function housingapp_redact_audit(text,bigint,text,text) %' THEN
        redactable := CASE TG_TABLE_NAME
"""
    + "".join(
        f"            WHEN '{table}' THEN {_array(columns)}\n"
        for table, columns in REDACTABLE.items()
    )
    + """            ELSE ARRAY[]::text[]
        END;
        IF (to_jsonb(OLD) - redactable) = (to_jsonb(NEW) - redactable) THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit rows are append-only: a redaction may change only the text of %',
            TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
    END IF;
    RAISE EXCEPTION 'audit rows are append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""
)

REDACT_FUNCTION = (
    """
CREATE OR REPLACE FUNCTION housingapp_redact_audit(
    target_table text, row_id bigint, target_column text, new_value text
) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    value_type text;
    changed integer;
BEGIN
    value_type := CASE target_table || '.' || target_column
"""
    + "".join(
        f"        WHEN '{table}.{column}' THEN '{kind}'\n"
        for table, columns in REDACTABLE.items()
        for column, kind in columns.items()
    )
    + """    END;
    IF value_type IS NULL THEN
        RAISE EXCEPTION 'housingapp_redact_audit: %.% may not be redacted',
            target_table, target_column USING ERRCODE = 'insufficient_privilege';
    END IF;
    PERFORM set_config('housingapp.redaction', 'on', true);
    EXECUTE format('UPDATE %I SET %I = $1::' || value_type || ' WHERE id = $2',
                   target_table, target_column)
        USING new_value, row_id;
    GET DIAGNOSTICS changed = ROW_COUNT;
    PERFORM set_config('housingapp.redaction', 'off', true);
    IF changed <> 1 THEN
        RAISE EXCEPTION 'housingapp_redact_audit: no row % in %', row_id, target_table;
    END IF;
END;
$$;
REVOKE ALL ON FUNCTION housingapp_redact_audit(text, bigint, text, text) FROM PUBLIC;
"""
)

# The trigger function as accounts/0002 made it, for the reverse.
ORIGINAL_TRIGGER_FUNCTION = """
CREATE OR REPLACE FUNCTION housingapp_refuse_audit_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit rows are append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def add_path(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRIGGER_FUNCTION, params=None)  # no %-interpolation
        schema_editor.execute(REDACT_FUNCTION, params=None)


def remove_path(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "DROP FUNCTION IF EXISTS housingapp_redact_audit(text, bigint, text, text);"
        )
        schema_editor.execute(ORIGINAL_TRIGGER_FUNCTION, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_append_only_audit_tables"),
        ("auditlog", "0017_add_actor_email"),
    ]

    operations = [migrations.RunPython(add_path, remove_path)]
