"""The audit chain's trigger links a statement's rows together: one trigger call per INSERT
statement, not per row.

The chain is the same as before (migration 0004): each new audit row gets a link, in the order
of the rows' ids, its `content_hash` over `to_jsonb(row)` in UTC, `previous_hash` the link
before it, under the same advisory lock, by a SECURITY DEFINER function the application's role
cannot call. What changes is the cost of a multi-row INSERT (the event import writes a few
thousand change-log entries in one): the row trigger took the lock, looked up the last link and
inserted a link once per row, about 0.15 ms a row; the statement trigger reads the new rows from
its transition table, takes the lock and reads the last link once, computes the hashes in one
pass, and inserts all the links in one statement. A single-row INSERT gets exactly the link it
got before. The trigger names stay (`<table>_chain`), so what switches the trigger off for a
bulk load (generate_scale) and what checks it is there still find it; `verify_audit` checks the
links as before.

`housingapp_audit_link` (one row's link) stays for the redaction function, which links one
rewritten row (redaction migration 0002).
"""

from django.db import migrations

AUDIT_TABLES = ["auditlog_logentry", "accounts_securityevent"]
LINKS = "accounts_auditchainlink"
LOCK_KEY = 4_711_420_004  # migration 0004's: writers of audit rows take turns on it

STATEMENT_FUNCTION = f"""
CREATE OR REPLACE FUNCTION housingapp_chain_audit_rows() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT SET timezone TO 'UTC' AS $$
DECLARE
    previous text;
    content text;
    doc jsonb;
    new_id bigint;
    row_columns text;
    row_ids bigint[] := '{{}}';
    column_lists text[] := '{{}}';
    contents text[] := '{{}}';
    previouses text[] := '{{}}';
    links text[] := '{{}}';
BEGIN
    PERFORM pg_advisory_xact_lock({LOCK_KEY});
    SELECT chain_hash INTO previous FROM {LINKS} ORDER BY id DESC LIMIT 1;
    previous := coalesce(previous, repeat('0', 64));
    FOR new_id, doc IN SELECT n.id, to_jsonb(n) FROM new_rows n ORDER BY n.id LOOP
        -- The columns are those of the table's row type, the same for every row of a statement.
        IF row_columns IS NULL THEN
            SELECT string_agg(key, ',' ORDER BY key) INTO row_columns FROM jsonb_object_keys(doc) key;
        END IF;
        content := housingapp_audit_content_hash(TG_TABLE_NAME, doc);
        row_ids := row_ids || new_id;
        column_lists := column_lists || row_columns;
        contents := contents || content;
        previouses := previouses || previous;
        previous := housingapp_audit_chain_hash(previous, content);
        links := links || previous;
    END LOOP;
    INSERT INTO {LINKS}
        (source, row_id, columns, content_hash, previous_hash, chain_hash, created_at)
    SELECT TG_TABLE_NAME, l.row_id, l.columns, l.content, l.previous, l.link, now()
    FROM unnest(row_ids, column_lists, contents, previouses, links)
        WITH ORDINALITY AS l(row_id, columns, content, previous, link, n)
    ORDER BY l.n;
    RETURN NULL;
END;
$$;
REVOKE ALL ON FUNCTION housingapp_chain_audit_rows() FROM PUBLIC;
"""


def per_statement(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(STATEMENT_FUNCTION, params=None)  # params=None: no %-interpolation
    for table in AUDIT_TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_chain ON {table};")
        schema_editor.execute(
            f"CREATE TRIGGER {table}_chain AFTER INSERT ON {table} "
            "REFERENCING NEW TABLE AS new_rows "
            "FOR EACH STATEMENT EXECUTE FUNCTION housingapp_chain_audit_rows();"
        )


def per_row(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in AUDIT_TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_chain ON {table};")
        schema_editor.execute(
            f"CREATE TRIGGER {table}_chain AFTER INSERT ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION housingapp_chain_audit_row();"
        )
    schema_editor.execute("DROP FUNCTION IF EXISTS housingapp_chain_audit_rows();")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0007_notifications"),
    ]

    operations = [migrations.RunPython(per_statement, per_row)]
