"""The parts of the synthetic dataset that fill the programme and audit pages.

Called by `Generator.run` (participation/demo/synthetic/scale.py) after the main rows, inside its
transaction and through its `BulkLoader`:

- `fill_populations`: a population (and year) for each current municipality that has none in
  the reference data, repeatable (the same sizes the generator weights municipalities by);
- `write_agreements`: programme agreements for about 90 % of the programme municipalities (the
  `PROGRAMME_MUNICIPALITIES` largest), four-year terms starting 2017–2022, two in three renewed once
  when the term ends inside the window, each with its checklist and two to four prioritised
  sub-goals; and their programme people (a programme leader, sometimes a
  former one, and 2–5 resource-group members), named by role, never by a person's name;
- `write_audit_entries`: django-auditlog entries for the rows this run wrote, as
  participation/accounts/audit.py tags them (`additional_data` = {"municipalities": [id],
  "initiative": id}): a creation entry for every initiative and event, 70 % of the input items
  and 80 % of the indicator values, and an update for a third to a half of those (a status
  change, a follow-up, feedback given), by generated users (one member of municipal staff per
  municipality, one adviser per region, with their role assignments; no e-mail, no name, no
  usable password). About 1.9 million entries at scale 1.

Audit rows are chained by hash (accounts migration 0004). The chain's trigger links each row as
it is inserted, about 0.1 ms a row, minutes for millions; so when the database role owns the
table, the trigger is switched off for the bulk write (inside the transaction: it is on again
at the commit, or after a rollback) and the links are written here in bulk exactly as the
trigger would have written them: in the order of the rows' ids, under the same advisory lock,
the row's hash computed by the trigger's own SQL function over `to_jsonb(row)`, each link's
hash over the link before it. `manage.py verify_audit` checks the result like any other chain.
A role that does not own the table leaves the trigger on (slower, the same chain); SQLite keeps
no chain.

Each part draws from a random generator of its own (seeded from the run's seed), so the rows
the main generator writes are the same with or without them.
"""

from __future__ import annotations

import datetime
import json
import random
from collections.abc import Iterator
from typing import Any, Protocol

from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models

from participation.accounts.models import AuditChainLink, RoleAssignment
from participation.accounts.services.chain import GENESIS, chain_hash
from participation.demo.synthetic.bulk import BulkLoader, noon_utc
from participation.involvement.models import Initiative, Input, InvolvementEvent
from participation.places.models import Municipality, SubGoal
from participation.programme.models import (
    AgreementCheckItem,
    IndicatorValue,
    ProgrammeAgreement,
    ProgrammeContact,
)


class Generator(Protocol):
    """What these parts use of the generator (participation/demo/synthetic/scale.py)."""

    seed: int
    loader: BulkLoader
    refs: Any  # its reference rows: `refs.municipalities` with id, number, region, size

    def progress(self, message: str) -> None: ...


# What the generator's programme people are named by (their role and sector): no person's name.
CONTACT_MARK = "(eksempeldata)"
# Usernames of the generated users that the audit entries name as actors.
USER_PREFIX = "eksempel-"
POPULATION_YEAR = 2025
# The advisory lock the writers of audit rows take turns on (accounts migration 0004, LOCK_KEY).
AUDIT_CHAIN_LOCK = 4_711_420_004
AUDIT_TABLE = "auditlog_logentry"
AUDIT_TRIGGER = "auditlog_logentry_chain"

# The tables written here, for the generator's ANALYZE.
ANALYZED_MODELS: list[type[Any]] = [
    ProgrammeAgreement,
    AgreementCheckItem,
    ProgrammeContact,
    LogEntry,
    AuditChainLink,
]

SECTORS = ["NAV", "Helse og omsorg", "Bygg og eiendom", "Boligkontoret", "Plan", "Barnevern"]
SIGNATORIES = "Husbanken (regiondirektør) og kommunen (kommunedirektør), eksempeldata"
EVIDENCE = {
    AgreementCheckItem.Status.MET: "Dokumentert i årsrapporten (eksempeldata).",
    AgreementCheckItem.Status.IN_PROGRESS: "Arbeidet er i gang (eksempeldata).",
    AgreementCheckItem.Status.NOT_STARTED: "",
}


AUDIT = ("created_at", "updated_at", "created_by", "updated_by")


def _audit(day: datetime.date) -> tuple[Any, ...]:
    """The attribution columns of a row made on `day` by nobody in particular."""
    moment = noon_utc(day)
    return (moment, moment, None, None)


def _columns(model: type[models.Model], *names: str) -> list[str]:
    return [model._meta.get_field(name).column for name in names]  # type: ignore[union-attr,misc]


def _rng(generator: Generator, part: str) -> random.Random:
    return random.Random(f"{generator.seed}:{part}")


# --- populations -----------------------------------------------------------------------------


def fill_populations(generator: Generator) -> int:
    """Give every current municipality without a population the generator's repeatable size
    (the one it weights the municipality by)."""
    sizes = {m.id: m.population for m in generator.refs.municipalities}
    missing = list(Municipality.objects.filter(pk__in=sizes, population__isnull=True))
    for municipality in missing:
        municipality.population = sizes[municipality.pk]
        municipality.population_year = POPULATION_YEAR
    Municipality.objects.bulk_update(missing, ["population", "population_year"], batch_size=500)
    generator.progress(f"populations filled: {len(missing)}")
    return len(missing)


# --- programme agreements and people ------------------------------------------------------------


def write_agreements(
    generator: Generator, *, programme_municipalities: int, data_end: datetime.date
) -> None:
    """Agreements, their checklists and sub-goals, and programme people (see the module doc)."""
    rng = _rng(generator, "agreements")
    loader = generator.loader
    municipalities = generator.refs.municipalities
    largest = sorted(municipalities, key=lambda m: (-m.weight, m.number))
    chosen = [m for m in largest[:programme_municipalities] if rng.random() < 0.9]
    sub_goals = list(
        SubGoal.objects.order_by("priority_area", "order").values_list("pk", flat=True)
    )
    agreements = loader.writer(
        ProgrammeAgreement,
        _columns(
            ProgrammeAgreement,
            "id",
            *AUDIT,
            "municipality",
            "kind",
            "level",
            "start_date",
            "end_date",
            "signatories",
            "previous",
            "is_example",
        ),
    )
    items = loader.writer(
        AgreementCheckItem,
        _columns(
            AgreementCheckItem,
            "created_at",
            "updated_at",
            "agreement",
            "item",
            "status",
            "evidence",
        ),
        after=[agreements],
    )
    m2m = ProgrammeAgreement._meta.get_field("priority_sub_goals")
    links = loader.writer(
        m2m.remote_field.through,  # type: ignore[union-attr,arg-type]
        [m2m.m2m_column_name(), m2m.m2m_reverse_name()],  # type: ignore[union-attr]
        after=[agreements],
    )
    contacts = loader.writer(
        ProgrammeContact,
        _columns(
            ProgrammeContact,
            *AUDIT,
            "municipality",
            "name",
            "role",
            "sector",
            "start_date",
            "end_date",
        ),
    )
    # At most one renewal each.
    next_id = loader.reserve_ids(ProgrammeAgreement, 2 * len(chosen)) if chosen else 0
    Level = ProgrammeAgreement.Level
    Status = AgreementCheckItem.Status
    written = 0
    for rank, municipality in enumerate(chosen):
        level = Level.CITY if rank < 6 else Level.TOWN if rank < 25 else Level.FOCUS
        first_start = start = datetime.date(rng.randint(2017, 2022), rng.choice([1, 1, 7]), 1)
        previous: int | None = None
        for _term in range(2):
            end = datetime.date(start.year + 4, start.month, 1) - datetime.timedelta(days=1)
            agreements.add(
                (
                    next_id,
                    *_audit(start),
                    municipality.id,
                    ProgrammeAgreement.Kind.PROGRAMME,
                    level,
                    start,
                    end,
                    SIGNATORIES,
                    previous,
                    True,
                )
            )
            # How far the term had run by the dataset's end: older ones have more items met.
            age = (min(end, data_end) - start).days / (end - start).days
            moment = noon_utc(start)
            for item in AgreementCheckItem.Item.values:
                status = rng.choices(
                    [Status.MET, Status.IN_PROGRESS, Status.NOT_STARTED],
                    [age * 80 + 5, 30, (1 - age) * 60 + 5],
                )[0]
                items.add((moment, moment, next_id, item, status, EVIDENCE[status]))
            for sub_goal in rng.sample(sub_goals, min(len(sub_goals), rng.randint(2, 4))):
                links.add((next_id, sub_goal))
            previous, next_id, written = next_id, next_id + 1, written + 1
            # Renewed when it runs out inside the dataset's window, two times in three.
            if end >= data_end or rng.random() >= 0.67:
                break
            start = end + datetime.timedelta(days=1)
        _contacts(rng, contacts, municipality.id, first_start, _audit)
    generator.progress(f"programme agreements: {written} in {len(chosen)} municipalities")


def _contacts(
    rng: random.Random,
    writer: Any,
    municipality_id: int,
    since: datetime.date,
    audit: Any,
) -> None:
    leader_from = since
    if rng.random() < 0.3 and since.year > 2017:  # a former leader handed over
        handover = since - datetime.timedelta(days=rng.randint(200, 900))
        writer.add(
            (
                *audit(handover),
                municipality_id,
                f"Tidligere programleder {CONTACT_MARK}",
                ProgrammeContact.Role.PROGRAMME_LEADER,
                rng.choice(SECTORS),
                handover,
                since - datetime.timedelta(days=1),
            )
        )
    writer.add(
        (
            *audit(leader_from),
            municipality_id,
            f"Programleder {CONTACT_MARK}",
            ProgrammeContact.Role.PROGRAMME_LEADER,
            rng.choice(SECTORS),
            leader_from,
            None,
        )
    )
    for sector in rng.sample(SECTORS, rng.randint(2, 5)):
        writer.add(
            (
                *audit(leader_from),
                municipality_id,
                f"Ressursgruppemedlem {sector} {CONTACT_MARK}",
                ProgrammeContact.Role.RESOURCE_GROUP,
                sector,
                leader_from,
                None,
            )
        )


# --- audit-log entries ------------------------------------------------------------------------


def high_water_marks() -> dict[str, int]:
    """The highest id in each table whose rows get audit entries, before the run writes."""
    marks = {}
    for model in (Initiative, InvolvementEvent, Input, IndicatorValue):
        last = model._default_manager.order_by("-pk").values_list("pk", flat=True).first()
        marks[model._meta.db_table] = int(last or 0)
    return marks


def _actors(generator: Generator) -> tuple[dict[int, int], dict[int | None, int]]:
    """One member of staff per municipality and one adviser per region, made once and reused:
    user ids by municipality id and by region id."""
    User = get_user_model()
    municipalities = generator.refs.municipalities
    wanted = {f"{USER_PREFIX}ansatt-{m.number}": m for m in municipalities}
    regions = sorted({m.region_id for m in municipalities if m.region_id is not None})
    wanted_advisers = {f"{USER_PREFIX}radgiver-{region}": region for region in regions}
    existing = set(
        User.objects.filter(username__startswith=USER_PREFIX).values_list("username", flat=True)
    )
    unusable = make_password(None)
    new_users = [
        User(username=name, password=unusable, is_active=True)
        for name in [*wanted, *wanted_advisers]
        if name not in existing
    ]
    User.objects.bulk_create(new_users, batch_size=500)
    ids = dict(User.objects.filter(username__startswith=USER_PREFIX).values_list("username", "pk"))
    made = {user.username for user in new_users}
    RoleAssignment.objects.bulk_create(
        [
            RoleAssignment(
                user_id=ids[name], role=RoleAssignment.Role.MUNICIPAL, municipality_id=m.id
            )
            for name, m in wanted.items()
            if name in made
        ]
        + [
            RoleAssignment(user_id=ids[name], role=RoleAssignment.Role.ADVISER, region_id=region)
            for name, region in wanted_advisers.items()
            if name in made
        ],
        batch_size=500,
    )
    staff = {m.id: ids[name] for name, m in wanted.items()}
    advisers: dict[int | None, int] = {
        region: ids[name] for name, region in wanted_advisers.items()
    }
    return staff, advisers


# Per kind of row: the query for this run's rows (id above the mark), the share that gets a
# creation entry, and the share of those that gets an update.
_SOURCES: dict[str, tuple[type[Any], str, float, float]] = {
    "initiative": (
        Initiative,
        """SELECT t.id, t.municipality_id, t.id, t.created_at, t.name, t.status, t.end_date
           FROM involvement_initiative t WHERE t.id > %s ORDER BY t.id""",
        1.0,
        0.3,
    ),
    "event": (
        InvolvementEvent,
        """SELECT t.id, i.municipality_id, t.initiative_id, t.created_at, t.title, t.date,
                  t.feedback_given
           FROM involvement_involvementevent t
           JOIN involvement_initiative i ON i.id = t.initiative_id
           WHERE t.id > %s ORDER BY t.id""",
        1.0,
        0.35,
    ),
    "input": (
        Input,
        """SELECT t.id, i.municipality_id, e.initiative_id, t.created_at, t.summary,
                  t.follow_up_status, t.follow_up_date
           FROM involvement_input t
           JOIN involvement_involvementevent e ON e.id = t.event_id
           JOIN involvement_initiative i ON i.id = e.initiative_id
           WHERE t.id > %s ORDER BY t.id""",
        0.7,
        0.35,
    ),
    "value": (
        IndicatorValue,
        """SELECT t.id, t.municipality_id, NULL, t.created_at, m.name || ' · ' || d.name,
                  t.status, t.value
           FROM programme_indicatorvalue t
           JOIN places_municipality m ON m.id = t.municipality_id
           JOIN places_indicator d ON d.id = t.indicator_id
           WHERE t.id > %s ORDER BY t.id""",
        0.8,
        0.5,
    ),
}


def _rows(query: str, mark: int) -> Iterator[tuple[Any, ...]]:
    with connection.chunked_cursor() as cursor:
        cursor.execute(query, [mark])
        while rows := cursor.fetchmany(20_000):
            yield from rows


def _changes(kind: str, row: tuple[Any, ...], update: bool) -> dict[str, list[str]]:
    """The diff as django-auditlog stores it: field → [old, new], as strings ("None" for none)."""
    a, b = row[5], row[6]
    if kind == "initiative":
        if update:
            return {"status": ["ongoing", str(a)], "end_date": ["None", str(b)]}
        return {"name": ["None", row[4]], "status": ["None", "ongoing"]}
    if kind == "event":
        if update:
            return {"feedback_given": ["None", str(b)]}
        return {"title": ["None", row[4]], "date": ["None", str(a)]}
    if kind == "input":
        if update:
            return {
                "follow_up_status": ["not_assessed", str(a)],
                "follow_up_date": ["None", str(b)],
            }
        return {"summary": ["None", row[4]], "follow_up_status": ["None", "not_assessed"]}
    if update:
        return {"status": ["submitted", str(a)]}
    return {"value": ["None", str(b)], "status": ["None", "draft"]}


def _aware(value: Any) -> datetime.datetime:
    """A time stamp from a raw cursor as an aware datetime (SQLite gives naive ones, or text)."""
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    return value if value.tzinfo is not None else value.replace(tzinfo=datetime.UTC)


def _repr(kind: str, row: tuple[Any, ...]) -> str:
    if kind == "event":
        day = row[5]
        if isinstance(day, str):  # SQLite
            day = datetime.date.fromisoformat(day)
        return f"{row[4]} ({day:%d.%m.%Y})"
    if kind == "input":
        return str(row[4])[:60]
    return str(row[4])


def write_audit_entries(
    generator: Generator, marks: dict[str, int], *, data_end: datetime.date
) -> int:
    """Creation and update entries for the rows this run wrote (above `marks`); links them into
    the audit chain. Returns the number of entries."""
    rng = _rng(generator, "audit")
    loader = generator.loader
    staff, advisers = _actors(generator)
    region_of = {m.id: m.region_id for m in generator.refs.municipalities}
    bulk_links = _switch_off_chain_trigger()
    # Entries written before this point (the reporting periods' and indicators' own) are linked
    # already, by the trigger.
    first_mark = LogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    writer = loader.writer(
        LogEntry,
        [
            "object_pk",
            "object_id",
            "object_repr",
            "action",
            "changes",
            "changes_text",
            "timestamp",
            "actor_id",
            "content_type_id",
            "additional_data",
        ],
    )
    end = noon_utc(data_end)
    entries = 0
    for kind, (model, query, created_share, updated_share) in _SOURCES.items():
        content_type = ContentType.objects.get_for_model(model).pk
        for row in _rows(query, marks[model._meta.db_table]):
            if rng.random() >= created_share:
                continue
            pk, municipality, initiative, created_at = row[:4]
            created_at = _aware(created_at)
            scope: dict[str, Any] = {"municipalities": [municipality]}
            if initiative is not None:
                scope["initiative"] = initiative
            tags = json.dumps(scope)
            actor = staff[municipality]
            if rng.random() < 0.2:
                actor = advisers.get(region_of[municipality], actor)
            at = created_at + datetime.timedelta(seconds=rng.randint(0, 8 * 3600))
            writer.add(
                (
                    str(pk),
                    pk,
                    _repr(kind, row),
                    LogEntry.Action.CREATE,
                    json.dumps(_changes(kind, row, update=False), ensure_ascii=False),
                    "",
                    at,
                    actor,
                    content_type,
                    tags,
                )
            )
            entries += 1
            if rng.random() < updated_share:
                later = min(end, at + datetime.timedelta(days=rng.randint(1, 120)))
                writer.add(
                    (
                        str(pk),
                        pk,
                        _repr(kind, row),
                        LogEntry.Action.UPDATE,
                        json.dumps(_changes(kind, row, update=True), ensure_ascii=False),
                        "",
                        later,
                        staff[municipality],
                        content_type,
                        tags,
                    )
                )
                entries += 1
        generator.progress(f"audit entries: {entries} after {kind}")
    writer.flush()
    if bulk_links:
        links = _link_in_bulk(generator, first_mark)
        generator.progress(f"audit chain: {links} links written in bulk")
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {AUDIT_TABLE} ENABLE TRIGGER {AUDIT_TRIGGER}")
    return entries


def _switch_off_chain_trigger() -> bool:
    """Switch the chain's trigger off for this transaction if there is one and the role owns the
    table (only the owner may); True if it did, and the links are then for us to write."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT pg_has_role(current_user, c.relowner, 'USAGE')
               FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
               WHERE c.relname = %s AND t.tgname = %s AND t.tgenabled <> 'D'""",
            [AUDIT_TABLE, AUDIT_TRIGGER],
        )
        found = cursor.fetchone()
        if not found or not found[0]:
            return False
        cursor.execute(f"ALTER TABLE {AUDIT_TABLE} DISABLE TRIGGER {AUDIT_TRIGGER}")
    return True


def _link_in_bulk(generator: Generator, mark: int) -> int:
    """Link the audit rows above `mark` into the chain, in id order, as the trigger would."""
    links = generator.loader.writer(
        AuditChainLink,
        [
            "source",
            "row_id",
            "columns",
            "content_hash",
            "previous_hash",
            "chain_hash",
            "created_at",
        ],
    )
    with connection.cursor() as cursor:
        # The trigger's setting: time stamps in the rows' JSON written in UTC.
        cursor.execute("SET LOCAL timezone TO 'UTC'")
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [AUDIT_CHAIN_LOCK])
        cursor.execute("SELECT chain_hash FROM accounts_auditchainlink ORDER BY id DESC LIMIT 1")
        last = cursor.fetchone()
        cursor.execute(
            f"""SELECT string_agg(key, ',' ORDER BY key)
                FROM (SELECT * FROM {AUDIT_TABLE} LIMIT 1) e, jsonb_object_keys(to_jsonb(e)) key"""
        )
        columns = cursor.fetchone()[0]
        cursor.execute("SELECT now()")
        now = cursor.fetchone()[0]
    previous = last[0] if last else GENESIS
    query = f"""SELECT e.id, housingapp_audit_content_hash(%s, to_jsonb(e))
                FROM {AUDIT_TABLE} e WHERE e.id > %s ORDER BY e.id"""
    count = 0
    with connection.chunked_cursor() as cursor:
        cursor.execute(query, [AUDIT_TABLE, mark])
        while rows := cursor.fetchmany(20_000):
            for row_id, content in rows:
                link = chain_hash(previous, content)
                links.add((AUDIT_TABLE, row_id, columns, content, previous, link, now))
                previous = link
            count += len(rows)
    links.flush()
    return count
