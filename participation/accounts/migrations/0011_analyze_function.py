"""`housingapp_analyze(tables)`: planner statistics for the product's tables, for the role the
application runs as.

On PostgreSQL 15 only a table's owner (or the database's, or a superuser) may ANALYZE it, and
the application's role owns nothing (`grant_app_role`). The scale generator
(participation/demo/synthetic/scale.py) fills tables in bulk and must refresh their statistics
in the same transaction, or the planner guesses from empty tables (the tests' comparisons of
the read models with live counts then took minutes). This SECURITY DEFINER function, owned by
the owner, runs ANALYZE on the named tables if the owner owns them, and nothing else; EXECUTE is
revoked from PUBLIC and granted to the application's role by `grant_app_role`. ANALYZE changes
no row: it cannot touch the audit trail.

SQLite has no roles: nothing happens there. The reverse drops the function.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION housingapp_analyze(tables regclass[]) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    t regclass;
BEGIN
    FOREACH t IN ARRAY tables LOOP
        -- Only the owner's own tables (the product's; current_user is the owner here), never
        -- the system catalogs (a superuser owner owns those too).
        IF NOT EXISTS (
            SELECT 1 FROM pg_class c
            WHERE c.oid = t AND c.relowner = current_user::regrole AND c.relkind IN ('r', 'p')
              AND c.relnamespace NOT IN ('pg_catalog'::regnamespace,
                                         'information_schema'::regnamespace)
        ) THEN
            RAISE EXCEPTION 'housingapp_analyze: % is not a table of the application', t;
        END IF;
        EXECUTE format('ANALYZE %s', t);
    END LOOP;
END
$$;
REVOKE ALL ON FUNCTION housingapp_analyze(regclass[]) FROM PUBLIC;
"""

DROP = "DROP FUNCTION IF EXISTS housingapp_analyze(regclass[]);"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0010_securityevent_api_token_kinds"),
    ]

    operations = [migrations.RunPython(create, drop)]
