"""Writing a row of the sheet Activiteiten: an activity log of a year that started, through
`activity_log_save` one by one, or checked by its rules and written with the sheet's other
new logs at once (docs/architecture.md, "Bringing a programme in")."""

import uuid
from decimal import Decimal

from django.utils.translation import gettext as _

from matching.models import ActivityLog, NetworkIntroduction, Trajectory
from matching.services import summaries
from matching.services.activities import activity_log_check, activity_log_save
from samenhier.errors import ApplicationError

from ..export import activity_values
from ..models import Kind
from ..reading import ParsedRow
from .run import CHANGED, NEW, UNCHANGED, RowError, Run, changed_values, own_code

# What a service's refusal of an activity is about, as the column that holds it.
ACTIVITY_COLUMNS = {
    "date_in_future": "date",
    "date_before_start": "date",
    "date_after_end": "date",
    "nobody_present": "members_present",
    "not_a_member": "members_present",
    "no_life_domain": "life_domains",
}
MAX_HOURS = 24
# New activity logs are written through `activity_log_save` (which keeps the summaries
# per log, about 30-60 ms a log), unless the file brings so many that making every summary
# again from the raw rows once, in the same transaction, is cheaper (about 0.1 ms per log
# in the database): measured on the demo's 1,026 logs, 65 s against 0.18 s on PostgreSQL.
# A 1,000-row file is rebuilt up to 100,000 logs in the database, beyond that logged one
# by one (docs/architecture.md, "Bringing a programme in").
REBUILD_BELOW = 100
HUNDREDTH = Decimal("0.01")


def logs_in_bulk(rows: int) -> bool:
    """Whether the sheet's `rows` new logs are written at once and the summaries made again
    (see REBUILD_BELOW), rather than one by one."""
    logs = ActivityLog.objects.count()
    return logs + rows <= REBUILD_BELOW * rows


def activity_write(run: Run, row: ParsedRow) -> str:
    """A log of a match that became active; a known one stays with its match."""
    v = dict(row.values)
    activity = run.find(Kind.ACTIVITY, row.reference)
    current = {}
    if activity is not None:
        activity = (
            ActivityLog.objects.select_related("trajectory")
            .prefetch_related("life_domains", "members_present", "introductions")
            .get(pk=activity.pk)
        )
        current = activity_values(activity, run.refs)
        changes = changed_values(v, current)
        run.made[Kind.ACTIVITY][row.reference] = activity
        if not changes:
            return UNCHANGED
        if "match" in changes:
            raise RowError("match", _("Een activiteit gaat niet naar een andere koppeling."))
    merged = {**current, **v}
    match = run.resolve(Kind.MATCH, merged["match"], "match")
    trajectory = Trajectory.objects.filter(match=match).select_related("match").first()
    if trajectory is None:
        raise RowError(
            "match", _("Deze koppeling werd nooit actief; er horen geen activiteiten bij.")
        )
    hours = merged["hours"]
    if not 0 < hours <= MAX_HOURS:
        raise RowError("hours", _("Uren zijn meer dan 0 en ten hoogste 24."))
    if hours != hours.quantize(HUNDREDTH):
        raise RowError("hours", _("Uren hebben ten hoogste twee cijfers achter de komma."))
    members = [
        run.resolve(Kind.MEMBER, ref, "members_present") for ref in merged["members_present"]
    ]
    introductions = None
    kinds = [k for k in NetworkIntroduction.Kind.values if f"introductions_{k}" in merged]
    if kinds or activity is None:
        introductions = {}
        for kind in NetworkIntroduction.Kind.values:
            n = merged.get(f"introductions_{kind}") or 0
            if n < 0:
                raise RowError(f"introductions_{kind}", _("Een aantal is niet negatief."))
            if n:
                introductions[kind] = n
    if activity is None and run.bulk_logs:
        return _log_later(run, row, trajectory, merged, hours, members, introductions)
    try:
        saved = activity_log_save(
            trajectory=trajectory,
            by=run.by,
            date=merged["date"],
            hours=hours,
            life_domains=[run.domains[pk] for pk in merged["life_domains"]],
            members_present=members,
            introductions=introductions,
            description=merged.get("description") or "",
            activity=activity,
        )
    except ApplicationError as error:
        raise RowError(ACTIVITY_COLUMNS.get(error.code, "match"), str(error)) from error
    if activity is None:
        code = own_code(row.reference)
        if code is not None:
            ActivityLog.objects.filter(pk=saved.pk).update(code=code)
            saved.code = code
        run.remember(Kind.ACTIVITY, row.reference, saved, saved.code)
        return NEW
    return CHANGED


def _log_later(run: Run, row, trajectory, values, hours, members, introductions) -> str:
    """A new log checked by the service's own rules now, written with the others at the
    end of the sheet (the summaries are then made again from the raw rows)."""
    try:
        activity_log_check(trajectory, date=values["date"], members_present=members)
    except ApplicationError as error:
        raise RowError(ACTIVITY_COLUMNS.get(error.code, "match"), str(error)) from error
    if not values["life_domains"]:
        raise RowError("life_domains", _("Kies ten minste één levensgebied."))
    log = ActivityLog(
        code=own_code(row.reference) or uuid.uuid4(),
        trajectory=trajectory,
        date=values["date"],
        hours=hours,
        description=values.get("description") or "",
        present_count=len({m.pk for m in members}),
        logged_by=run.by,
    )
    run.pending_logs.append((log, values["life_domains"], members, introductions))
    run.remember(Kind.ACTIVITY, row.reference, log, log.code)
    return NEW


def pending_logs_write(run: Run) -> None:
    """The logs kept for later, written at once with their life domains, members present
    and introductions; the summaries are made again at the end of the import."""
    if not run.pending_logs:
        return
    logs = ActivityLog.objects.bulk_create([log for log, *_rest in run.pending_logs])
    linked, present, introduced = [], [], []
    for log, (_log, domains, members, introductions) in zip(logs, run.pending_logs, strict=True):
        linked += [summaries.Linked(activitylog_id=log.pk, lifedomain_id=d) for d in domains]
        present += [
            summaries.Presence(activitylog_id=log.pk, membership_id=m.pk)
            for m in {m.pk: m for m in members}.values()
        ]
        introduced += [
            NetworkIntroduction(activity_id=log.pk, kind=kind)
            for kind, n in (introductions or {}).items()
            for _i in range(n)
        ]
    summaries.Linked.objects.bulk_create(linked)
    summaries.Presence.objects.bulk_create(present)
    NetworkIntroduction.objects.bulk_create(introduced)
    run.pending_logs = []
    run.rebuild_summaries = True
