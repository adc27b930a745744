"""Chain the audit rows: each change-log entry and security event gets a link with a hash of its
content and of the link before it, written by a PostgreSQL trigger in the same transaction.

Why a trigger and not a Django signal: a signal runs in the application, so any code that writes
past it (a raw insert, a bulk write, a shell) would leave a row unchained, and the application's
database role would need to be able to write links, and so to forge them. The trigger runs in the
database for every insert, whoever makes it, as a SECURITY DEFINER function owned by the owner
role: the application role may read the links but not write them (`manage.py grant_app_role`).
The link table is append-only like the audit tables (the trigger function of migration 0002).

Rows already in the audit tables are chained here, oldest first. `manage.py verify_audit` walks
the chain (participation/accounts/chain.py). PostgreSQL only: on the embedded SQLite database
there is no chain, and verify_audit says so.

The hash of a row is SHA-256 of its table's name, a colon and `to_jsonb(row)::text` (canonical:
keys sorted, time stamps written in UTC, whatever the session's time zone), over the columns the
row had when it was written (`columns`), so a column added later by a migration does not break the
chain. A transaction-scoped advisory lock makes writers of audit rows take turns from their first
audit row to their commit, so that each link follows the one committed before it and the chain
never forks.
"""

from django.db import migrations, models

AUDIT_TABLES = ["auditlog_logentry", "accounts_securityevent"]
LINKS = "accounts_auditchainlink"
# Any fixed number: the advisory lock the writers of audit rows take turns on.
LOCK_KEY = 4_711_420_004

FUNCTIONS = f"""
CREATE OR REPLACE FUNCTION housingapp_audit_content_hash(source text, doc jsonb) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT encode(sha256(convert_to(source || ':' || doc::text, 'UTF8')), 'hex')
$$;

CREATE OR REPLACE FUNCTION housingapp_audit_chain_hash(previous text, content text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT encode(sha256(convert_to(previous || content, 'UTF8')), 'hex')
$$;

CREATE OR REPLACE FUNCTION housingapp_audit_link(source text, row_id bigint, doc jsonb)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
    content text := housingapp_audit_content_hash(source, doc);
    previous text;
BEGIN
    PERFORM pg_advisory_xact_lock({LOCK_KEY});
    SELECT chain_hash INTO previous FROM {LINKS} ORDER BY id DESC LIMIT 1;
    previous := coalesce(previous, repeat('0', 64));
    INSERT INTO {LINKS}
        (source, row_id, columns, content_hash, previous_hash, chain_hash, created_at)
    VALUES (
        source,
        row_id,
        (SELECT string_agg(key, ',' ORDER BY key) FROM jsonb_object_keys(doc) AS key),
        content,
        previous,
        housingapp_audit_chain_hash(previous, content),
        now()
    );
END;
$$;

CREATE OR REPLACE FUNCTION housingapp_chain_audit_row() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT SET timezone TO 'UTC' AS $$
BEGIN
    PERFORM housingapp_audit_link(TG_TABLE_NAME, NEW.id, to_jsonb(NEW));
    RETURN NULL;
END;
$$;

-- Only the trigger (running as the owner) may write a link: nobody may call this directly.
REVOKE ALL ON FUNCTION housingapp_audit_link(text, bigint, jsonb) FROM PUBLIC;
"""

BACKFILL = """
DO $$
DECLARE
    r record;
BEGIN
    FOR r IN
        SELECT 'auditlog_logentry' AS source, e.id, to_jsonb(e) AS doc, e.timestamp AS at
        FROM auditlog_logentry e
        UNION ALL
        SELECT 'accounts_securityevent', s.id, to_jsonb(s), s.created_at
        FROM accounts_securityevent s
        ORDER BY at, source, id
    LOOP
        PERFORM housingapp_audit_link(r.source, r.id, r.doc);
    END LOOP;
END;
$$;
"""


def add_chain(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTIONS, params=None)  # params=None: no %-interpolation
    schema_editor.execute(
        f"CREATE TRIGGER {LINKS}_append_only BEFORE UPDATE OR DELETE ON {LINKS} "
        "FOR EACH ROW EXECUTE FUNCTION housingapp_refuse_audit_change();"
    )
    schema_editor.execute("SET LOCAL timezone TO 'UTC';")
    schema_editor.execute(BACKFILL, params=None)
    for table in AUDIT_TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_chain AFTER INSERT ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION housingapp_chain_audit_row();"
        )


def remove_chain(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in AUDIT_TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_chain ON {table};")
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {LINKS}_append_only ON {LINKS};")
    for function in (
        "housingapp_chain_audit_row()",
        "housingapp_audit_link(text, bigint, jsonb)",
        "housingapp_audit_chain_hash(text, text)",
        "housingapp_audit_content_hash(text, jsonb)",
    ):
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {function};")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_logentry_scope_index"),
        ("auditlog", "0017_add_actor_email"),
    ]

    operations = [
        migrations.CreateModel(
            name="AuditChainLink",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "source",
                    models.CharField(
                        choices=[
                            ("auditlog_logentry", "change log entry"),
                            ("accounts_securityevent", "security event"),
                        ],
                        max_length=63,
                        verbose_name="table",
                    ),
                ),
                ("row_id", models.BigIntegerField(verbose_name="row")),
                ("columns", models.TextField(verbose_name="columns hashed")),
                ("content_hash", models.CharField(max_length=64, verbose_name="hash of the row")),
                (
                    "previous_hash",
                    models.CharField(max_length=64, verbose_name="hash of the link before"),
                ),
                ("chain_hash", models.CharField(max_length=64, verbose_name="chain hash")),
                ("created_at", models.DateTimeField(verbose_name="time")),
            ],
            options={
                "verbose_name": "audit chain link",
                "verbose_name_plural": "audit chain links",
                "ordering": ["id"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("source", "row_id"), name="auditchainlink_row_unique"
                    )
                ],
            },
        ),
        migrations.RunPython(add_chain, remove_chain),
    ]
