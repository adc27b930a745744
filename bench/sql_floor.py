"""The SQL floor of the report figures: the aggregates `reports.figures` needs, as plain SQL.

`run_floor(connection, scope, period, strategy, today)` runs, with `cursor.execute` of
hand-written SQL, the aggregates the figures step asks the database for, fetches their results
and throws them away. It is what the figures would cost with no ORM and no Python at all: the
benchmark (bench/report_bench.py) times it as the floor the figures step is held to (at most 2×).

The SQL is written the way one would by hand, not copied from the ORM: the report's
initiatives and their (initiative, goal or area) pairs are common table expressions, joined
instead of tested per goal. Every figure of `reports.figures` has its query here; when a figure
changes there, change it here too.
"""

from __future__ import annotations

import datetime
from typing import Any

from participation.reports.figures import reading

# An initiative `i` in scope (`{scope}`: a condition on the municipality `m`, see
# _scope_condition) and active in the period; and serving the strategy.
_ACTIVE = """
    i.municipality_id IN (SELECT m.id FROM places_municipality m WHERE {scope})
    AND (
        ((i.start_date IS NULL OR i.start_date <= %(end)s)
         AND (i.end_date IS NULL OR i.end_date >= %(start)s))
        OR EXISTS (
            SELECT 1 FROM involvement_involvementevent e
            WHERE e.initiative_id = i.id AND e.date BETWEEN %(start)s AND %(end)s
        )
    )
"""
_SERVES = """
    (EXISTS (
        SELECT 1 FROM involvement_initiative_goals ig
        JOIN places_goal g ON g.id = ig.goal_id
        WHERE ig.initiative_id = i.id AND g.strategy_id = %(strategy)s
     ) OR EXISTS (
        SELECT 1 FROM involvement_initiative_priority_areas ia
        JOIN places_priorityarea pa ON pa.id = ia.priorityarea_id
        WHERE ia.initiative_id = i.id AND pa.strategy_id = %(strategy)s
     ))
"""
# The report's initiatives (`ini`), their events in the period (`ev`), and the (initiative,
# unit) pairs of every goal and area of the strategy an initiative serves (`links`). A common
# table expression that a statement does not name is not run.
_BASE = f"""
WITH munis AS (
    SELECT m.id FROM places_municipality m WHERE {{scope}}
),
ini AS (
    SELECT i.id, i.municipality_id, i.reference, i.name, i.status, i.intended_influence,
           i.individual_level, i.collective_level, i.system_level
    FROM involvement_initiative i
    WHERE {_ACTIVE} AND {_SERVES}
),
links AS (
    SELECT ig.initiative_id, 'g' || ig.goal_id AS unit
    FROM involvement_initiative_goals ig
    JOIN places_goal g ON g.id = ig.goal_id
    WHERE g.strategy_id = %(strategy)s
    UNION
    SELECT ia.initiative_id, 'g' || pa.goal_id
    FROM involvement_initiative_priority_areas ia
    JOIN places_priorityarea pa ON pa.id = ia.priorityarea_id
    WHERE pa.strategy_id = %(strategy)s AND pa.goal_id IS NOT NULL
    UNION
    SELECT ia.initiative_id, 'a' || ia.priorityarea_id
    FROM involvement_initiative_priority_areas ia
    JOIN places_priorityarea pa ON pa.id = ia.priorityarea_id
    WHERE pa.strategy_id = %(strategy)s
),
ev AS (
    SELECT e.id, e.initiative_id, e.method_id, e.channel, e.feedback_due, e.feedback_given,
           ini.municipality_id,
           ini.intended_influence, ini.individual_level, ini.collective_level, ini.system_level
    FROM involvement_involvementevent e
    JOIN ini ON ini.id = e.initiative_id
    WHERE e.date BETWEEN %(start)s AND %(end)s
)
"""

_JUDGEABLE = "feedback_due IS NOT NULL AND (feedback_due < %(today)s OR feedback_given IS NOT NULL)"
_EVENT_FIGURES = f"""
    count(*) AS total,
    count(*) FILTER (WHERE {_JUDGEABLE}) AS judgeable,
    count(*) FILTER (WHERE {_JUDGEABLE} AND feedback_given <= feedback_due) AS on_time,
    count(*) FILTER (WHERE feedback_due < %(today)s AND feedback_given IS NULL) AS overdue
"""
_INPUT_FIGURES = """
    count(*) AS total,
    count(*) FILTER (WHERE i.follow_up_status <> 'not_assessed') AS assessed,
    count(*) FILTER (WHERE i.answer <> '') AS answered
"""

_QUERIES = [
    # goals and priority areas
    """SELECT id, code, name FROM places_goal WHERE strategy_id = %(strategy)s
       ORDER BY "order", code""",
    """SELECT id, goal_id, code, name FROM places_priorityarea
       WHERE strategy_id = %(strategy)s ORDER BY "order", code""",
    # initiatives: serving, not linked, municipalities; then per unit
    f"""SELECT count(*) FILTER (WHERE {_SERVES}), count(*) FILTER (WHERE NOT {_SERVES}),
               count(DISTINCT i.municipality_id) FILTER (WHERE {_SERVES})
        FROM involvement_initiative i WHERE {_ACTIVE}""",
    """SELECT l.unit, count(*) FROM ini JOIN links l ON l.initiative_id = ini.id GROUP BY l.unit""",
    # events: all, and per unit
    f"SELECT {_EVENT_FIGURES} FROM ev",
    # per unit: counted per initiative first, then summed over the initiatives of each unit
    f"""SELECT l.unit, sum(total), sum(judgeable), sum(on_time), sum(overdue)
        FROM (SELECT initiative_id, {_EVENT_FIGURES} FROM ev GROUP BY initiative_id) e
        JOIN links l ON l.initiative_id = e.initiative_id GROUP BY l.unit""",
    # input: all, and per unit
    f"""SELECT {_INPUT_FIGURES} FROM involvement_input i JOIN ev ON ev.id = i.event_id""",
    f"""SELECT l.unit, sum(total), sum(assessed), sum(answered)
        FROM (
            SELECT ev.initiative_id, {_INPUT_FIGURES}
            FROM involvement_input i JOIN ev ON ev.id = i.event_id GROUP BY ev.initiative_id
        ) i
        JOIN links l ON l.initiative_id = i.initiative_id GROUP BY l.unit""",
    # people by target group: all, and per unit
    """SELECT id, name, name_en, is_active FROM places_targetgroup ORDER BY "order", name""",
    """SELECT pc.target_group_id, sum(pc.count)
       FROM involvement_participantcount pc JOIN ev ON ev.id = pc.event_id
       GROUP BY pc.target_group_id""",
    """SELECT p.target_group_id, l.unit, sum(p.n)
       FROM (
           SELECT ev.initiative_id, pc.target_group_id, sum(pc.count) AS n
           FROM involvement_participantcount pc JOIN ev ON ev.id = pc.event_id
           GROUP BY ev.initiative_id, pc.target_group_id
       ) p
       JOIN links l ON l.initiative_id = p.initiative_id
       GROUP BY p.target_group_id, l.unit""",
    # influence and levels: initiatives, events, people; initiatives per unit
    """SELECT intended_influence, count(*), count(*) FILTER (WHERE individual_level),
              count(*) FILTER (WHERE collective_level), count(*) FILTER (WHERE system_level)
       FROM ini GROUP BY intended_influence""",
    """SELECT ini.intended_influence, l.unit, count(*),
              count(*) FILTER (WHERE individual_level),
              count(*) FILTER (WHERE collective_level), count(*) FILTER (WHERE system_level)
       FROM ini JOIN links l ON l.initiative_id = ini.id
       GROUP BY ini.intended_influence, l.unit""",
    """SELECT intended_influence, count(*), count(*) FILTER (WHERE individual_level),
              count(*) FILTER (WHERE collective_level), count(*) FILTER (WHERE system_level)
       FROM ev GROUP BY intended_influence""",
    """SELECT ev.intended_influence, sum(pc.count),
              sum(pc.count) FILTER (WHERE ev.individual_level),
              sum(pc.count) FILTER (WHERE ev.collective_level),
              sum(pc.count) FILTER (WHERE ev.system_level)
       FROM involvement_participantcount pc JOIN ev ON ev.id = pc.event_id
       GROUP BY ev.intended_influence""",
    # forms: initiatives (and per unit), events, people
    """SELECT id, name, name_en, is_active FROM places_participationform
       ORDER BY "order", name""",
    """SELECT f.participationform_id, count(*)
       FROM ini LEFT JOIN involvement_initiative_participation_forms f
         ON f.initiative_id = ini.id
       GROUP BY f.participationform_id""",
    """SELECT f.participationform_id, l.unit, count(*)
       FROM ini JOIN links l ON l.initiative_id = ini.id
       LEFT JOIN involvement_initiative_participation_forms f ON f.initiative_id = ini.id
       GROUP BY f.participationform_id, l.unit""",
    """SELECT f.participationform_id, count(*)
       FROM ev LEFT JOIN involvement_initiative_participation_forms f
         ON f.initiative_id = ev.initiative_id
       GROUP BY f.participationform_id""",
    """SELECT f.participationform_id, sum(pc.count)
       FROM involvement_participantcount pc JOIN ev ON ev.id = pc.event_id
       LEFT JOIN involvement_initiative_participation_forms f
         ON f.initiative_id = ev.initiative_id
       GROUP BY f.participationform_id""",
    # events by method and form: every method with the report's events (and so its name), then
    # the people reached by method and form
    """SELECT m.id, m.name, m.name_en, m."order", m.is_active, ev.channel, count(ev.id)
       FROM places_method m LEFT JOIN ev ON ev.method_id = m.id
       GROUP BY m.id, ev.channel
       ORDER BY m."order", m.name, m.id""",
    """SELECT ev.method_id, ev.channel, sum(pc.count)
       FROM involvement_participantcount pc JOIN ev ON ev.id = pc.event_id
       GROUP BY ev.method_id, ev.channel""",
    # indicators: the latest approved value per municipality and indicator, this period and
    # the one before; by indicator and region (the national and regional figures)
    """SELECT i.id, i.code, i.name, i.unit, i.baseline, i.target, g.code, pa.code, sg.code
       FROM places_indicator i
       LEFT JOIN places_goal g ON g.id = i.goal_id
       LEFT JOIN places_priorityarea pa ON pa.id = i.priority_area_id
       LEFT JOIN places_subgoal sg ON sg.id = i.sub_goal_id
       WHERE i.strategy_id = %(strategy)s""",
    """SELECT v.indicator_id, m.region_id, count(*), sum(v.value),
              count(*) FILTER (WHERE v.value >= 1),
              count(*) FILTER (WHERE v.municipality_id IN (SELECT id FROM munis)),
              sum(v.value) FILTER (WHERE v.municipality_id IN (SELECT id FROM munis)),
              count(*) FILTER (WHERE v.value >= 1
                               AND v.municipality_id IN (SELECT id FROM munis))
       FROM (
           SELECT DISTINCT ON (v.municipality_id, v.indicator_id) v.*
           FROM programme_indicatorvalue v
           JOIN programme_reportingperiod p ON p.id = v.period_id
           WHERE v.status = 'approved' AND p.strategy_id = %(strategy)s
             AND p.end_date BETWEEN %(start)s AND %(end)s
           ORDER BY v.municipality_id, v.indicator_id, p.end_date DESC,
                    (p.start_date >= %(start)s) DESC, p.start_date
       ) v
       JOIN places_municipality m ON m.id = v.municipality_id
       GROUP BY v.indicator_id, m.region_id""",
    """SELECT v.indicator_id, count(*), sum(v.value), count(*) FILTER (WHERE v.value >= 1)
       FROM (
           SELECT DISTINCT ON (v.municipality_id, v.indicator_id) v.*
           FROM programme_indicatorvalue v
           JOIN programme_reportingperiod p ON p.id = v.period_id
           WHERE v.status = 'approved' AND p.strategy_id = %(strategy)s
             AND p.end_date BETWEEN %(previous_start)s AND %(previous_end)s
             AND v.municipality_id IN (SELECT id FROM munis)
           ORDER BY v.municipality_id, v.indicator_id, p.end_date DESC,
                    (p.start_date >= %(previous_start)s) DESC, p.start_date
       ) v
       GROUP BY v.indicator_id""",
    # success criteria of the year the period ends in
    """SELECT id, name FROM places_successcriterion WHERE strategy_id = %(strategy)s
       ORDER BY "order" """,
    """SELECT a.criterion_id, a.assessor, count(*), sum(a.rating)
       FROM programme_successcriterionassessment a
       JOIN places_successcriterion c ON c.id = a.criterion_id
       WHERE a.municipality_id IN (SELECT id FROM munis) AND c.strategy_id = %(strategy)s
         AND a.year = %(year)s
       GROUP BY a.criterion_id, a.assessor""",
    # commitments by municipality, risk flags by kind
    """SELECT m.number, m.name, count(*) FILTER (WHERE c.status = 'open'),
              count(*) FILTER (WHERE c.status = 'open' AND c.due_date < %(today)s),
              count(*) FILTER (WHERE c.status <> 'open'
                               AND c.closed_on BETWEEN %(start)s AND %(end)s) AS closed
       FROM programme_commitment c
       JOIN places_municipality m ON m.id = c.municipality_id
       WHERE c.municipality_id IN (SELECT id FROM munis)
       GROUP BY m.number, m.name
       HAVING count(*) FILTER (WHERE c.status = 'open') > 0
           OR count(*) FILTER (WHERE c.status <> 'open'
                               AND c.closed_on BETWEEN %(start)s AND %(end)s) > 0
       ORDER BY m.name, m.number""",
    """SELECT kind, count(*) FILTER (WHERE closed_on IS NULL),
              count(*) FILTER (WHERE raised_on BETWEEN %(start)s AND %(end)s),
              count(*) FILTER (WHERE closed_on BETWEEN %(start)s AND %(end)s)
       FROM programme_riskflag WHERE municipality_id IN (SELECT id FROM munis)
       GROUP BY kind""",
    # the initiative list: every initiative with its events and people in the period
    """SELECT m.number, m.name, i.reference, i.name, i.status, gc.codes, ac.codes,
              coalesce(ec.n, 0), coalesce(pp.n, 0)
       FROM ini i
       JOIN places_municipality m ON m.id = i.municipality_id
       LEFT JOIN (
           SELECT ig.initiative_id, string_agg(g.code, ', ' ORDER BY g."order", g.code) AS codes
           FROM involvement_initiative_goals ig
           JOIN places_goal g ON g.id = ig.goal_id
           WHERE g.strategy_id = %(strategy)s GROUP BY ig.initiative_id
       ) gc ON gc.initiative_id = i.id
       LEFT JOIN (
           SELECT ia.initiative_id,
                  string_agg(pa.code, ', ' ORDER BY pa."order", pa.code) AS codes
           FROM involvement_initiative_priority_areas ia
           JOIN places_priorityarea pa ON pa.id = ia.priorityarea_id
           WHERE pa.strategy_id = %(strategy)s GROUP BY ia.initiative_id
       ) ac ON ac.initiative_id = i.id
       LEFT JOIN (SELECT initiative_id, count(*) AS n FROM ev GROUP BY initiative_id) ec
         ON ec.initiative_id = i.id
       LEFT JOIN (
           SELECT ev.initiative_id, sum(pc.count) AS n
           FROM involvement_participantcount pc JOIN ev ON ev.id = pc.event_id
           GROUP BY ev.initiative_id
       ) pp ON pp.initiative_id = i.id
       ORDER BY m.name, m.number, i.reference""",
]

# The municipality list of a region or national report.
_MUNICIPALITY_QUERIES = [
    """SELECT m.id, m.number, m.name, r.name
       FROM places_municipality m
       LEFT JOIN places_region r ON r.id = m.region_id
       WHERE m.id IN (SELECT id FROM munis)
         AND (m.valid_to IS NULL OR m.id IN (SELECT municipality_id FROM ini))
       ORDER BY m.name, m.number""",
    "SELECT municipality_id, count(*) FROM ini GROUP BY municipality_id",
    f"SELECT municipality_id, {_EVENT_FIGURES} FROM ev GROUP BY municipality_id",
    """SELECT ev.municipality_id, sum(pc.count)
       FROM involvement_participantcount pc JOIN ev ON ev.id = pc.event_id
       GROUP BY ev.municipality_id""",
    f"""SELECT ev.municipality_id, {_INPUT_FIGURES}
        FROM involvement_input i JOIN ev ON ev.id = i.event_id
        GROUP BY ev.municipality_id""",
]

# A municipality's own report: its events with their figures, and their input with the answers.
_OWN_QUERIES = [
    """SELECT e.date, ini.reference, e.title, m.name, m.name_en, e.channel, coalesce(pp.n, 0),
              coalesce(ic.n, 0), coalesce(ic.answered, 0), e.feedback_due, e.feedback_given
       FROM ev
       JOIN involvement_involvementevent e ON e.id = ev.id
       JOIN ini ON ini.id = ev.initiative_id
       JOIN places_method m ON m.id = e.method_id
       LEFT JOIN (
           SELECT pc.event_id, sum(pc.count) AS n
           FROM involvement_participantcount pc JOIN ev ON ev.id = pc.event_id
           GROUP BY pc.event_id
       ) pp ON pp.event_id = ev.id
       LEFT JOIN (
           SELECT i.event_id, count(*) AS n, count(*) FILTER (WHERE i.answer <> '') AS answered
           FROM involvement_input i JOIN ev ON ev.id = i.event_id
           GROUP BY i.event_id
       ) ic ON ic.event_id = ev.id
       ORDER BY e.date, e.start_time, e.id""",
    """SELECT e.date, e.title, t.name, t.name_en, i.summary, i.follow_up_status, i.answer,
              i.answered_on
       FROM involvement_input i
       JOIN ev ON ev.id = i.event_id
       JOIN involvement_involvementevent e ON e.id = ev.id
       JOIN places_theme t ON t.id = i.theme_id
       ORDER BY e.date, e.start_time, e.id, i.id""",
]

_NATIONAL_QUERIES = ["SELECT id, name FROM places_region ORDER BY name"]


def _scope_condition(scope: Any) -> tuple[str, dict[str, Any]]:
    if scope.municipality is not None:
        return "m.id = %(place)s", {"place": scope.municipality.pk}
    if scope.region is not None:
        return "m.region_id = %(place)s", {"place": scope.region.pk}
    return "TRUE", {}


def run_floor(
    connection: Any, scope: Any, period: Any, strategy: Any, today: datetime.date
) -> None:
    """Run every aggregate of the report's figures as plain SQL; fetch and discard the rows."""
    condition, params = _scope_condition(scope)
    previous = period.previous()
    params |= {
        "strategy": strategy.pk,
        "start": period.start,
        "end": period.end,
        "previous_start": previous.start,
        "previous_end": previous.end,
        "today": today,
        "year": period.end.year,
    }
    base = _BASE.replace("{scope}", condition)
    queries = [sql.replace("{scope}", condition) for sql in _QUERIES]
    if scope.suppressed:  # region and national reports list their municipalities
        queries += _MUNICIPALITY_QUERIES
    else:  # a municipality's own report lists its events and their input
        queries += _OWN_QUERIES
    if scope.municipality is None and scope.region is None:
        queries += _NATIONAL_QUERIES
    # In the same session settings as the figures step (figures.reading: no JIT).
    with reading(connection), connection.cursor() as cursor:
        for sql in queries:
            cursor.execute(base + sql, params)
            while cursor.fetchmany(2000):
                pass
