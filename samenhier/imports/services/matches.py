"""Writing a row of the sheet Koppelingen: a match between a household and a group, its
status along its lifecycle, its dates, frozen counts and reason, its trajectory once it
became active, and its year's tallies as `match_transition` moves them
(docs/architecture.md, "Bringing a programme in")."""

import uuid

from django.utils import timezone
from django.utils.translation import gettext as _

from groups.models import WelcomeGroup
from matching.models import Match, MatchStatusChange, Milestone, Trajectory
from matching.services import summaries
from matching.services.matches import ALLOWED as MATCH_ALLOWED
from matching.services.year import follow_up_plan, planned_end, trajectory_start
from refugees.models import Refugee
from samenhier.transitions import transition

from ..models import Kind
from ..reading import ParsedRow
from .run import (
    CHANGED,
    NEW,
    UNCHANGED,
    RowError,
    Run,
    at_noon,
    changed_values,
    no_way,
    own_code,
    path,
)


def match_write(run: Run, row: ParsedRow) -> str:
    """A match of a household and a group on the sheets or already in Samen Hier; a known
    one keeps its household and group."""
    v = dict(row.values)
    match = run.find(Kind.MATCH, row.reference)
    if match is None:
        refugee = run.resolve(Kind.HOUSEHOLD, v["household"], "household")
        group = run.resolve(Kind.GROUP, v["group"], "group")
        run.check_place(refugee.municipality_id, "household")
        run.check_place(group.municipality_id, "group")
        status = v["status"]
        fields = _match_fields(v, refugee, group, exclude=None)
        code = own_code(row.reference) or uuid.uuid4()
        confirmed = at_noon(fields["start_date"]) if fields.get("start_date") else timezone.now()
        agreed = status not in (Match.Status.PROPOSED, Match.Status.DECLINED)
        match = Match.objects.create(
            code=code,
            refugee=refugee,
            group=group,
            status=status,
            created_by=run.by,
            group_confirmed_at=confirmed if agreed else None,
            household_consent_at=confirmed if agreed else None,
            **fields,
        )
        MatchStatusChange.objects.create(
            match=match, old="", new=Match.Status.PROPOSED, by=run.by, note=run.note
        )
        run.history(MatchStatusChange, "match", match, MATCH_ALLOWED, Match.Status.PROPOSED, status)
        if status in Match.STARTED:
            trajectory_start(match=match)
            summaries.year_changed([], match)
        _follow_up_write(match, v)
        run.remember(Kind.MATCH, row.reference, match, match.code)
        return NEW
    current = {
        "household": run.refs.of(Kind.HOUSEHOLD, match.refugee_id),
        "group": run.refs.of(Kind.GROUP, match.group_id),
        "status": match.status,
        "start_date": match.start_date,
        "end_date": match.actual_end_date,
        "persons": match.persons,
        "end_reason": match.end_reason or None,
        **_follow_up_now(match),
    }
    changes = changed_values(v, current)
    run.made[Kind.MATCH][row.reference] = match
    if not changes:
        return UNCHANGED
    if "household" in changes or "group" in changes:
        raise RowError(
            "household" if "household" in changes else "group",
            _("Een koppeling krijgt geen ander huishouden of andere groep; maak een nieuwe."),
        )
    match = Match.objects.select_for_update().select_related("refugee", "group").get(pk=match.pk)
    merged = {**current, **v}
    fields = _match_fields(merged, match.refugee, match.group, exclude=match.pk)
    before = summaries.year_part(match)
    steps = path(MATCH_ALLOWED, match.status, merged["status"])
    if steps is None:
        raise RowError("status", no_way(Match.Status, match.status, merged["status"]))
    if steps:
        for i, step in enumerate(steps):
            match = transition(
                obj=match,
                to=step,
                allowed=MATCH_ALLOWED,
                change_model=MatchStatusChange,
                by=run.by,
                note=run.note,
                extra_fields=fields if i == len(steps) - 1 else None,
            )
    else:
        for name, value in fields.items():
            setattr(match, name, value)
        match.save(update_fields=[*fields, "updated_at"])
    if match.status in Match.STARTED and not Trajectory.objects.filter(match=match).exists():
        trajectory_start(match=match)
    summaries.year_changed(before, match)
    _follow_up_write(match, merged)
    run.made[Kind.MATCH][row.reference] = match
    return CHANGED


def _follow_up_now(match: Match) -> dict:
    answered = Milestone.objects.filter(
        trajectory__match=match, kind=Milestone.Kind.FOLLOW_UP, completed_on__isnull=False
    ).exclude(contact="")
    found = answered.values_list("contact", "completed_on").first()
    return dict(zip(("follow_up_contact", "follow_up_on"), found or (None, None), strict=True))


def _follow_up_write(match: Match, v: dict) -> None:
    """A completed year has its follow-up planned, as completing it in Samen Hier does; an
    answered follow-up (contact and day) is recorded on it, for an ended year only."""
    contact, on = v.get("follow_up_contact"), v.get("follow_up_on")
    if match.status == Match.Status.COMPLETED:
        follow_up_plan(match=match)
    if contact is None and on is None:
        return
    if match.status not in Match.ENDED:
        raise RowError(
            "follow_up_contact", _("Alleen een beëindigde koppeling heeft een opvolging.")
        )
    if contact is None or on is None:
        raise RowError(
            "follow_up_on" if on is None else "follow_up_contact",
            _("Vul bij een opvolging het contact én de dag van invullen in."),
        )
    if on < match.actual_end_date or on > timezone.localdate():
        raise RowError(
            "follow_up_on", _("De opvolging ligt na de einddatum en niet in de toekomst.")
        )
    milestone = follow_up_plan(match=match)
    milestone.contact, milestone.completed_on = contact, on
    milestone.save(update_fields=["contact", "completed_on"])
    summaries.pulse_refresh({milestone.trajectory_id})


def _match_fields(v: dict, refugee: Refugee, group: WelcomeGroup, *, exclude) -> dict:
    """The dates, frozen counts and reason of a match in `v["status"]`, or RowError."""
    status = v["status"]
    start, end, persons = v.get("start_date"), v.get("end_date"), v.get("persons")
    reason = v.get("end_reason")
    today = timezone.localdate()
    if status in Match.STARTED:
        if start is None:
            raise RowError("start_date", _("Een koppeling die actief werd heeft een startdatum."))
        if start > today:
            raise RowError("start_date", _("De startdatum ligt in de toekomst."))
        if persons is None or persons < 1:
            raise RowError("persons", _("Het aantal personen is ten minste 1."))
    else:
        for column, value in (("start_date", start), ("persons", persons)):
            if value is not None:
                raise RowError(column, _("Dit hoort alleen bij een koppeling die actief werd."))
    if status in Match.ENDED:
        if end is None:
            raise RowError("end_date", _("Een beëindigde koppeling heeft een einddatum."))
        if end < start:
            raise RowError("end_date", _("De einddatum ligt voor de startdatum."))
        if end > today:
            raise RowError("end_date", _("De einddatum ligt in de toekomst."))
    elif end is not None:
        raise RowError("end_date", _("Alleen een beëindigde koppeling heeft een einddatum."))
    if status == Match.Status.ENDED_EARLY and not reason:
        raise RowError("end_reason", _("Geef een reden op waarom de koppeling eerder stopte."))
    if reason and status not in Match.ENDED:
        raise RowError("end_reason", _("Alleen een beëindigde koppeling heeft een reden."))
    if status in Match.OPEN:
        open_matches = Match.objects.filter(status__in=Match.OPEN).exclude(pk=exclude)
        if open_matches.filter(refugee=refugee).exists():
            raise RowError("status", _("Dit huishouden heeft al een openstaande koppeling."))
        if open_matches.filter(group=group).count() >= group.capacity:
            raise RowError("group", _("Deze groep heeft geen plaats meer."))
    fields = {"end_reason": reason or ""}
    if status in Match.STARTED:
        fields.update(
            start_date=start,
            planned_end_date=planned_end(start),
            persons=persons,
            municipality_id=refugee.municipality_id,
            waited_days=max((start - refugee.waiting_since).days, 0),
            actual_end_date=end,
        )
    return fields
