"""Making every summary again from the raw rows, in a few set-based SQL statements (the
demo data, a bulk load, a first migrate). `selectors.summaries.differences` checks the
result against the plain-Python reading of the same rows."""

from django.db import connection, transaction

from samenhier.models import LifeDomain

from ..models import ActivityLog, Match, NetworkIntroduction, Trajectory
from ..models.summaries import (
    EVERYWHERE,
    ActivityTally,
    PresenceCount,
    PresenceKind,
    PresenceMonth,
    PresenceSpan,
    ScoreGain,
    TrajectoryPulse,
    YearTally,
)
from ..selectors.summaries import expected_gains, expected_years
from .summaries import Dim, Linked, Presence, Span, pulse_rows

SUMMARIES = (
    ActivityTally,
    PresenceMonth,
    PresenceCount,
    PresenceSpan,
    ScoreGain,
    YearTally,
    TrajectoryPulse,
)


def _dialect() -> dict:
    """The few expressions that PostgreSQL and SQLite write differently."""
    if connection.vendor == "postgresql":
        return {
            "month": "CAST(date_trunc('month', {d}) AS date)",
            "bit": "(CAST(1 AS bigint) << (CAST(EXTRACT(day FROM {d}) AS integer) - 1))",
            "days": "({b} - {a})",
        }
    return {
        "month": "date({d}, 'start of month')",
        "bit": "(1 << (CAST(strftime('%%d', {d}) AS integer) - 1))",
        "days": "CAST(julianday({b}) - julianday({a}) AS INTEGER)",
    }


def _base() -> str:
    """Every log of a year that started: its id, day, place, group and weight."""
    log, trajectory, match = (m._meta.db_table for m in (ActivityLog, Trajectory, Match))
    return (
        f"SELECT l.id AS id, l.date AS day, m.municipality_id AS place, m.group_id AS grp,"  # nosec B608
        f" l.hours * l.present_count AS w FROM {log} l"
        f" JOIN {trajectory} t ON t.code = l.trajectory_id"
        f" JOIN {match} m ON m.code = t.match_id WHERE m.municipality_id IS NOT NULL"
    )


def _tally_sources(base: str) -> dict[str, str]:
    """Per dimension, rows of (place, day, key, cnt, w) to sum."""
    linked, domain = Linked._meta.db_table, LifeDomain._meta.db_table
    intro = NetworkIntroduction._meta.db_table
    return {
        Dim.ALL: f"SELECT b.place, b.day, '' AS k, 1 AS cnt, b.w FROM ({base}) b",  # nosec B608
        Dim.DOMAIN: (
            f"SELECT b.place, b.day, d.key AS k, 1 AS cnt, b.w FROM ({base}) b"  # nosec B608
            f" JOIN {linked} ld ON ld.activitylog_id = b.id"
            f" JOIN {domain} d ON d.id = ld.lifedomain_id"
        ),
        Dim.SDG: (
            f"SELECT DISTINCT b.id, b.place, b.day, CAST(d.sdg AS VARCHAR(30)) AS k,"  # nosec B608
            f" 1 AS cnt, b.w FROM ({base}) b"
            f" JOIN {linked} ld ON ld.activitylog_id = b.id"
            f" JOIN {domain} d ON d.id = ld.lifedomain_id"
        ),
        Dim.INTRODUCTION: (
            f"SELECT b.place, b.day, n.kind AS k, 1 AS cnt, 0 AS w FROM ({base}) b"  # nosec B608
            f" JOIN {intro} n ON n.activity_id = b.id"
        ),
    }


def _presence_sources(base: str) -> dict[str, str]:
    """Per kind, rows of (subject, place, day): who was there, which group drew in people."""
    presence = Presence._meta.db_table
    membership = Presence._meta.get_field("membership").related_model._meta.db_table
    intro = NetworkIntroduction._meta.db_table
    return {
        PresenceKind.VOLUNTEER: (
            f"SELECT mem.user_id AS subject, b.place, b.day FROM ({base}) b"  # nosec B608
            f" JOIN {presence} p ON p.activitylog_id = b.id"
            f" JOIN {membership} mem ON mem.code = p.membership_id"
        ),
        PresenceKind.NETWORK: (
            f"SELECT b.grp AS subject, b.place, b.day FROM ({base}) b"  # nosec B608
            f" WHERE EXISTS (SELECT 1 FROM {intro} n WHERE n.activity_id = b.id)"
        ),
    }


def _statements() -> list[str]:
    sql, base = _dialect(), _base()
    tally, pmonth, pspan = (m._meta.db_table for m in (ActivityTally, PresenceMonth, PresenceSpan))
    statements = []
    for everywhere in (False, True):
        place = str(EVERYWHERE) if everywhere else "x.place"
        for dimension, source in _tally_sources(base).items():
            for span, bucket in (
                (Span.DAY, "x.day"),
                (Span.MONTH, sql["month"].format(d="x.day")),
            ):
                group = ", ".join(([] if everywhere else ["x.place"]) + [bucket, "x.k"])
                statements.append(
                    f"INSERT INTO {tally} (place, span, start, dimension, key, count, hours)"  # nosec B608
                    f" SELECT {place}, '{span}', {bucket}, '{dimension}', x.k, SUM(x.cnt),"
                    f" SUM(x.w) FROM ({source}) x GROUP BY {group}"
                )
        for kind, source in _presence_sources(base).items():
            where = str(EVERYWHERE) if everywhere else "s.place"
            days = f"SELECT DISTINCT s.subject, {where} AS place, s.day FROM ({source}) s"  # nosec B608
            month, bit = sql["month"].format(d="x.day"), sql["bit"].format(d="x.day")
            statements.append(
                f"INSERT INTO {pmonth} (kind, subject, place, month, days)"  # nosec B608
                f" SELECT '{kind}', x.subject, x.place, {month}, SUM({bit})"
                f" FROM ({days}) x GROUP BY x.subject, x.place, {month}"
            )
            gap = sql["days"].format(
                a="LAG(x.day) OVER (PARTITION BY x.subject, x.place ORDER BY x.day)", b="x.day"
            )
            statements.append(
                f"INSERT INTO {pspan} (kind, subject, place, first, last, longest_gap)"  # nosec B608
                f" SELECT '{kind}', g.subject, g.place, MIN(g.day), MAX(g.day),"
                f" COALESCE(MAX(g.gap), 0) FROM (SELECT x.subject, x.place, x.day,"
                f" {gap} - 1 AS gap FROM ({days}) x) g GROUP BY g.subject, g.place"
            )
    return statements


def rebuild() -> int:
    """Make every summary again from the raw rows; the number of rows written."""
    with transaction.atomic():
        for model in SUMMARIES:
            model.objects.all().delete()
        with connection.cursor() as cursor:
            for statement in _statements():
                # Only table names (from the models) and fixed words are in the text.
                cursor.execute(statement, [])  # nosec B608
            pmonth, pcount = PresenceMonth._meta.db_table, PresenceCount._meta.db_table
            cursor.execute(
                f"INSERT INTO {pcount} (kind, place, month, subjects)"  # nosec B608
                f" SELECT kind, place, month, COUNT(*) FROM {pmonth} GROUP BY kind, place, month",
                [],
            )
        ScoreGain.objects.bulk_create(
            (
                ScoreGain(
                    trajectory_id=t,
                    life_domain_id=d,
                    gain=g,
                    place=place,
                    start=start,
                    stop=stop,
                    running=running,
                    persons=persons,
                )
                for (t, d), (g, place, start, stop, running, persons) in expected_gains().items()
            ),
            batch_size=5000,
        )
        YearTally.objects.bulk_create(
            YearTally(place=p, day=day, event=event, running=running, persons=n, years=y)
            for (p, day, event, running), (n, y) in expected_years().items()
        )
        TrajectoryPulse.objects.bulk_create(
            (TrajectoryPulse(trajectory_id=t, **fields) for t, fields in pulse_rows().items()),
            batch_size=5000,
        )
        written = sum(model.objects.count() for model in SUMMARIES)
    if connection.vendor == "postgresql":
        # Every row of these tables is new: the planner's statistics of them are stale
        # until autovacuum comes by, and the figures' plans rest on them (a sort where a
        # hash would do). VACUUM also marks their pages all-visible, so that the figures
        # read covering indexes alone (without, every row is looked up in the table as
        # well: twice the time); it cannot run inside a transaction, where ANALYZE must
        # do. Table names come from the models.
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        with connection.cursor() as cursor:
            for model in SUMMARIES:
                cursor.execute(f"{command} {model._meta.db_table}")  # nosec B608
    return written


def rebuild_if_missing(**kwargs) -> int:
    """After migrating: fill the summaries of a database that has raw rows but none yet
    (the first migrate to this version, or a restore of raw data only)."""
    if ActivityTally.objects.exists() or YearTally.objects.exists():
        return 0
    if not Match.objects.filter(status__in=Match.STARTED).exists():
        return 0
    return rebuild()
