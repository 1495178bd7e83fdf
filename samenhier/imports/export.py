"""The way back: everything a coordinator may see, in the template's own format, so that
an export imported into an empty database makes the same records and the same figures.

Each record's values here have the shape the reader gives a row (reading.py); the import
compares the two to tell a new, changed or unchanged row apart.
"""

from django.db.models import Prefetch, Q
from django.utils import timezone

from groups.models import Membership, WelcomeGroup
from matching.models import ActivityLog, Match, Milestone, NetworkIntroduction, SelfRelianceScore
from refugees.models import Consent, Refugee
from samenhier.admin import municipality_scope

from .models import ImportedRecord, Kind
from .reading import Lists, render_cell
from .sheets import SHEETS
from .values import words

# A record that came in without a reference of the programme's own is exported with one
# made from its code, which the import reads back as that record.
OWN_PREFIX = "SH-"


class References:
    """The programme's references of records, loaded once per kind."""

    def __init__(self):
        self.by_record: dict[str, dict[str, str]] = {}

    def _load(self, kind: str) -> dict[str, str]:
        if kind not in self.by_record:
            self.by_record[kind] = dict(
                ImportedRecord.objects.filter(kind=kind).values_list("record", "reference")
            )
        return self.by_record[kind]

    def of(self, kind: str, code) -> str:
        key = str(code)
        return self._load(kind).get(key) or f"{OWN_PREFIX}{code.hex}"

    def remember(self, kind: str, code, reference: str) -> None:
        self._load(kind)[str(code)] = reference


def _sorted_pks(related) -> tuple:
    return tuple(sorted(item.pk for item in related.all()))


def household_values(refugee: Refugee, refs: References) -> dict:
    consent = next(
        (
            c
            for c in refugee.consents.all()
            if c.subject == Consent.Subject.DATA_PROCESSING and c.withdrawn_at is None
        ),
        None,
    )
    preferences = list(refugee.preferences.all())
    return {
        "reference": refs.of(Kind.HOUSEHOLD, refugee.code),
        "municipality": refugee.municipality_id,
        "variant": refugee.variant,
        "first_name": words(refugee.first_name),
        "last_name": words(refugee.last_name),
        "birth_year": refugee.birth_year,
        "email": refugee.email.lower(),
        "phone": words(refugee.phone),
        "household_members": tuple(
            sorted(
                ((words(m.first_name), m.relation, m.birth_year) for m in refugee.members.all()),
                key=lambda m: (m[0], m[1], m[2] or 0),
            )
        ),
        "languages": _sorted_pks(refugee.languages),
        "interpreter_available": refugee.interpreter_available,
        "accepts_neighbouring_municipality": refugee.accepts_neighbouring_municipality,
        "goals": tuple(
            sorted(
                (g.life_domain_id, g.priority, words(g.description)) for g in refugee.goals.all()
            )
        ),
        "preferences": tuple(sorted(p.kind for p in preferences if not p.required)),
        "required_preferences": tuple(sorted(p.kind for p in preferences if p.required)),
        "consent_given_on": timezone.localdate(consent.given_at) if consent else None,
        "intake_date": refugee.intake_date,
        "waiting_since": refugee.waiting_since,
        "status": refugee.status,
    }


def group_values(group: WelcomeGroup, refs: References) -> dict:
    return {
        "reference": refs.of(Kind.GROUP, group.code),
        "name": words(group.name),
        "municipality": group.municipality_id,
        "variant": group.variant,
        "capacity": group.capacity,
        "intake_interview_on": group.intake_interview_on,
        "start_training_on": group.start_training_on,
        "status": group.status,
    }


def member_values(membership: Membership, refs: References) -> dict:
    return {
        "reference": refs.of(Kind.MEMBER, membership.code),
        "group": refs.of(Kind.GROUP, membership.group_id),
        "email": membership.user.email.lower(),
        "first_name": words(membership.user.first_name),
        "last_name": words(membership.user.last_name),
        "is_contact": membership.is_contact,
        "languages": _sorted_pks(membership.languages),
        "joined_on": membership.joined_on,
        "participant_statement_signed_on": membership.participant_statement_signed_on,
        "vog_status": membership.vog_status,
        "vog_valid_until": membership.vog_valid_until,
    }


def match_values(match: Match, refs: References) -> dict:
    return {
        "reference": refs.of(Kind.MATCH, match.code),
        "household": refs.of(Kind.HOUSEHOLD, match.refugee_id),
        "group": refs.of(Kind.GROUP, match.group_id),
        "status": match.status,
        "start_date": match.start_date,
        "end_date": match.actual_end_date,
        "persons": match.persons,
        "end_reason": match.end_reason or None,
        **follow_up_values(match),
    }


def follow_up_values(match: Match) -> dict:
    """The answered follow-up after the year (the `follow_ups` prefetched on the match's
    trajectory), or nothing."""
    trajectory = getattr(match, "trajectory", None) if match.status in Match.STARTED else None
    answered = [m for m in getattr(trajectory, "follow_ups", []) if m.completed_on and m.contact]
    if not answered:
        return {"follow_up_contact": None, "follow_up_on": None}
    return {"follow_up_contact": answered[0].contact, "follow_up_on": answered[0].completed_on}


def activity_values(log: ActivityLog, refs: References) -> dict:
    kinds: dict[str, int] = {}
    for introduction in log.introductions.all():
        kinds[introduction.kind] = kinds.get(introduction.kind, 0) + 1
    values = {
        "reference": refs.of(Kind.ACTIVITY, log.code),
        "match": refs.of(Kind.MATCH, log.trajectory.match_id),
        "date": log.date,
        "hours": log.hours,
        "life_domains": _sorted_pks(log.life_domains),
        "members_present": tuple(
            sorted(refs.of(Kind.MEMBER, m.code) for m in log.members_present.all())
        ),
        "description": words(log.description),
    }
    for kind in NetworkIntroduction.Kind.values:
        values[f"introductions_{kind}"] = kinds.get(kind) or None
    return values


def score_values(score: SelfRelianceScore, refs: References) -> dict:
    return {
        "match": refs.of(Kind.MATCH, score.trajectory.match_id),
        "life_domain": score.life_domain_id,
        "moment": score.moment,
        "score": score.score,
    }


def _scoped(queryset, user):
    if user is None:  # the command line, as an administrator
        return queryset
    scope = municipality_scope(queryset.model, user)
    return queryset if scope is None else queryset.filter(scope)


def programme_values(user) -> dict[str, list[dict]]:
    """Every record `user` may see, as the values of its sheet's rows; a fixed number of
    queries, whatever the number of records."""
    refs = References()
    households = _scoped(Refugee.objects.all(), user).prefetch_related(
        "members", "languages", "goals", "preferences", "consents"
    )
    groups = _scoped(WelcomeGroup.objects.all(), user)
    members = (
        _scoped(Membership.objects.all(), user).select_related("user").prefetch_related("languages")
    )
    # A match is seen where its household lives, or where its group is.
    matches = _scoped(Match.objects.all(), user)
    started = matches.filter(status__in=Match.STARTED)
    logs = (
        ActivityLog.objects.filter(trajectory__match__in=started)
        .select_related("trajectory")
        .prefetch_related(
            "life_domains",
            Prefetch("members_present", Membership.objects.only("code")),
            "introductions",
        )
    )
    scores = SelfRelianceScore.objects.filter(trajectory__match__in=started).select_related(
        "trajectory"
    )
    # Matches, members and logs may refer to records of a neighbouring municipality that the
    # coordinator sees through them; those come along so every reference resolves.
    household_keys = set(matches.values_list("refugee", flat=True))
    group_keys = set(matches.values_list("group", flat=True))
    households = Refugee.objects.filter(
        Q(pk__in=households.values("pk")) | Q(pk__in=household_keys)
    ).prefetch_related("members", "languages", "goals", "preferences", "consents")
    groups = WelcomeGroup.objects.filter(Q(pk__in=groups.values("pk")) | Q(pk__in=group_keys))
    members = (
        Membership.objects.filter(Q(pk__in=members.values("pk")) | Q(group__in=group_keys))
        .select_related("user")
        .prefetch_related("languages")
    )
    return {
        "households": [household_values(r, refs) for r in households.order_by("intake_date", "pk")],
        "groups": [group_values(g, refs) for g in groups.order_by("name", "pk")],
        "members": [member_values(m, refs) for m in members.order_by("group__name", "pk")],
        "matches": [
            match_values(m, refs)
            for m in matches.select_related("trajectory")
            .prefetch_related(
                Prefetch(
                    "trajectory__milestones",
                    Milestone.objects.filter(kind=Milestone.Kind.FOLLOW_UP),
                    to_attr="follow_ups",
                )
            )
            .order_by("created_at", "pk")
        ],
        "activities": [activity_values(a, refs) for a in logs.order_by("date", "pk")],
        "scores": [
            score_values(s, refs)
            for s in scores.order_by("trajectory__match__start_date", "trajectory", "pk")
        ],
    }


def workbook_rows(values: dict[str, list[dict]], lists: Lists) -> dict[str, list[list]]:
    """The values as the cells of each sheet, in the template's column order."""
    rows = {}
    for sheet in SHEETS:
        rows[sheet.key] = [
            [render_cell(column, record.get(column.key), lists) for column in sheet.columns]
            for record in values.get(sheet.key, [])
        ]
    return rows


def template_rows() -> dict[str, list[list]]:
    """The template's example row on each sheet."""
    return {
        sheet.key: [[column.example if column.example != "" else None for column in sheet.columns]]
        for sheet in SHEETS
    }
