"""Reminders about the year: milestones coming up or overdue, matches waiting for a yes,
and years gone quiet; and the notices the services send when something happens to a
match (proposed, confirmed by the group, started) or a check-in is low. The one home of
every message about a match (see docs/architecture.md, "Notifications and periodic jobs").

Each person is told once per subject (samenhier.services.notify), so running a job
twice, or every hour, sends nothing twice. A check-in is read by the community builder
and the coordinators only, never by the group, and no message quotes it.
"""

import datetime

from django.db.models import Exists, Max, OuterRef, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groups.models import Membership
from samenhier.models import User
from samenhier.services import notify

from ..models import CheckIn, Match, Milestone, Trajectory
from ..rules import DUE_WITHIN_DAYS, QUIET_AFTER_DAYS

MILESTONE_DUE = _("%(milestone)s met %(name)s staat gepland voor %(date)s.")
MILESTONE_OVERDUE = _(
    "%(milestone)s met %(name)s stond gepland voor %(date)s en is nog niet ingevuld."
)
CONFIRM_GROUP = _(
    "Je coördinator stelt een koppeling voor met %(name)s. Wil je die bevestigen namens de groep?"
)
CONFIRM_HOUSEHOLD = _(
    "De koppeling van %(name)s met %(group)s wacht op de instemming van het huishouden."
)
# Translators: household
CHECK_IN_DUE = _("Er staat een vraag voor je klaar: %(milestone)s. Vertel hoe het gaat.")
QUIET_MESSAGE = _(
    "Het is al %(days)d dagen stil bij %(group)s. Hoe gaat het? Leg een activiteit vast of "
    "neem contact op met je community builder."
)


def _tell(pages: dict, **what) -> int:
    """Tell each person (a key of `pages`) the same thing with their own link (its
    value); returns how many were told for the first time."""
    return sum(notify(recipient=user, url=url, **what) is not None for user, url in pages.items())


def _members_by_group(groups) -> dict:
    members: dict = {}
    for group, user in Membership.objects.filter(group__in=groups).values_list("group", "user"):
        members.setdefault(group, []).append(user)
    return members


def _to_evaluate() -> Q:
    """Milestones that wait for an evaluation: those of a running year, and the follow-up
    after a year that has ended."""
    return Q(trajectory__match__status=Match.Status.ACTIVE) | Q(
        kind=Milestone.Kind.FOLLOW_UP, trajectory__match__status__in=Match.ENDED
    )


def milestone_reminders(today: datetime.date | None = None) -> int:
    """Group members and the community builder, for each milestone due within 7 days."""
    today = today or timezone.localdate()
    due = list(
        Milestone.objects.filter(
            _to_evaluate(),
            completed_on=None,
            due_date__gte=today,
            due_date__lte=today + datetime.timedelta(days=DUE_WITHIN_DAYS),
        ).values(
            "pk",
            "kind",
            "due_date",
            "trajectory",
            "trajectory__match__group",
            "trajectory__match__refugee__first_name",
            "trajectory__match__refugee",
            "trajectory__match__group__community_builder",
        )
    )
    members = _members_by_group([row["trajectory__match__group"] for row in due])
    wanted = {u for users in members.values() for u in users}
    wanted |= {row["trajectory__match__group__community_builder"] for row in due}
    users = User.objects.in_bulk([u for u in wanted if u])
    sent = 0
    for row in due:
        group = row["trajectory__match__group"]
        recipients = set(members.get(group, [])) | {
            row["trajectory__match__group__community_builder"]
        }
        portal = reverse("matching:portal", args=[group])
        if row["kind"] == Milestone.Kind.FOLLOW_UP:  # the year has ended: its own page
            portal = reverse("matching:evaluate", args=[row["trajectory"], row["kind"]])
        sent += _tell(
            {users[user_id]: portal for user_id in filter(None, recipients)},
            key=f"milestone-due:{row['pk']}",
            message=MILESTONE_DUE,
            params={
                "milestone": Milestone.Kind(row["kind"]).label,
                "name": row["trajectory__match__refugee__first_name"],
                "date": row["due_date"].strftime("%d-%m-%Y"),
            },
            household=row["trajectory__match__refugee"],
        )
    return sent


def overdue_reminders(today: datetime.date | None = None) -> int:
    """Group members, the community builder and the coordinators, for each milestone of
    a running year (or a follow-up after the year) whose date has passed without an
    evaluation."""
    today = today or timezone.localdate()
    overdue = list(
        Milestone.objects.filter(
            _to_evaluate(), completed_on=None, due_date__lt=today
        ).select_related(
            "trajectory__match__refugee", "trajectory__match__group__community_builder"
        )
    )
    matches = [milestone.trajectory.match for milestone in overdue]
    members = _members_by_group([match.group_id for match in matches])
    users = User.objects.in_bulk({u for ids in members.values() for u in ids})
    coordinators: dict = {}
    sent = 0
    for milestone, match in zip(overdue, matches, strict=True):
        places = (match.refugee.municipality_id, match.group.municipality_id)
        if places not in coordinators:
            coordinators[places] = list(User.objects.coordinators_of(*places))
        staff = [*coordinators[places], *filter(None, [match.group.community_builder])]
        year_page = reverse("matching:trajectory", args=[milestone.trajectory_id])
        group_page = reverse("matching:portal", args=[match.group_id])
        if milestone.kind == Milestone.Kind.FOLLOW_UP:  # the year has ended: its own page
            group_page = reverse(
                "matching:evaluate", args=[milestone.trajectory_id, milestone.kind]
            )
        pages = {
            **{users[u]: group_page for u in members.get(match.group_id, [])},
            **dict.fromkeys(staff, year_page),
        }
        sent += _tell(
            pages,
            key=f"milestone-overdue:{milestone.pk}",
            message=MILESTONE_OVERDUE,
            params={
                "milestone": Milestone.Kind(milestone.kind).label,
                "name": match.refugee.first_name,
                "date": milestone.due_date.strftime("%d-%m-%Y"),
            },
            household=match.refugee_id,
        )
    return sent


def check_in_reminders(today: datetime.date | None = None) -> int:
    """The household (each of its accounts), for each check-in it can answer now: from a
    week before its milestone until it is answered, during the year and at the follow-up
    after it."""
    today = today or timezone.localdate()
    due = (
        Milestone.objects.filter(
            _to_evaluate(),
            kind__in=CheckIn.MILESTONES,
            due_date__lte=today + datetime.timedelta(days=DUE_WITHIN_DAYS),
        )
        .exclude(
            Exists(
                CheckIn.objects.filter(
                    trajectory=OuterRef("trajectory"), milestone=OuterRef("kind")
                )
            )
        )
        .values_list("pk", "kind", "trajectory__match__refugee")
    )
    rows = list(due)
    accounts: dict = {}
    for user in User.objects.filter(
        Q(refugee__in=[r for _pk, _kind, r in rows])
        | Q(household_member__refugee__in=[r for _pk, _kind, r in rows]),
        is_active=True,
    ).annotate(household=Coalesce("refugee", "household_member__refugee")):
        accounts.setdefault(user.household, set()).add(user)
    sent = 0
    for pk, kind, refugee in rows:
        sent += _tell(
            dict.fromkeys(accounts.get(refugee, ()), reverse("home")),
            key=f"check-in-due:{pk}",
            message=CHECK_IN_DUE,
            params={"milestone": Milestone.HOUSEHOLD_WORDS[kind]},
            household=refugee,
        )
    return sent


def confirmation_reminders() -> int:
    """Proposed matches: the group's contact person, and the coordinators for the
    household's consent."""
    sent = 0
    pending = Match.objects.filter(status=Match.Status.PROPOSED).select_related(
        "group", "refugee__municipality"
    )
    for match in pending:
        if match.group_confirmed_at is None:
            sent += notify_match_proposed(match)
        if match.household_consent_at is None:
            page = reverse("matching:match", args=[match.pk])
            sent += _tell(
                dict.fromkeys(User.objects.coordinators_of(match.refugee.municipality_id), page),
                key=f"confirm-household:{match.pk}",
                message=CONFIRM_HOUSEHOLD,
                params={"name": match.refugee.first_name, "group": match.group.name},
                household=match.refugee_id,
            )
    return sent


def quiet_reminders(today: datetime.date | None = None) -> int:
    """Tell the group's contact person and community builder about a quiet year, once
    per quiet spell (a new activity starts a new spell)."""
    today = today or timezone.localdate()
    threshold = today - datetime.timedelta(days=QUIET_AFTER_DAYS)
    quiet = list(
        Trajectory.objects.filter(match__status=Match.Status.ACTIVE)
        .annotate(last=Coalesce(Max("activities__date"), "match__start_date"))
        .filter(last__lte=threshold)
        .values(
            "pk",
            "last",
            "match__group",
            "match__group__name",
            "match__group__community_builder",
            "match__refugee",
        )
    )
    contacts = dict(
        Membership.objects.filter(
            group__in=[row["match__group"] for row in quiet], is_contact=True
        ).values_list("group", "user")
    )
    users = User.objects.in_bulk(
        [*contacts.values(), *(row["match__group__community_builder"] for row in quiet)]
    )
    sent = 0
    for row in quiet:
        recipients = {contacts.get(row["match__group"]), row["match__group__community_builder"]}
        portal = reverse("matching:portal", args=[row["match__group"]])
        sent += _tell(
            {users[user_id]: portal for user_id in filter(None, recipients)},
            key=f"quiet:{row['pk']}:{row['last']:%Y-%m-%d}",
            message=QUIET_MESSAGE,
            params={"days": (today - row["last"]).days, "group": row["match__group__name"]},
            household=row["match__refugee"],
        )
    return sent


def reminders_send(today: datetime.date | None = None) -> int:
    """Every reminder of the year, in one run (the periodic job)."""
    return (
        milestone_reminders(today)
        + overdue_reminders(today)
        + check_in_reminders(today)
        + confirmation_reminders()
        + quiet_reminders(today)
    )


# -- notices: sent by the services that make the change, in the same transaction ----------

GROUP_CONFIRMED = _("%(group)s heeft de koppeling met %(name)s bevestigd.")
STARTED_GROUP = _("Jullie jaar met %(name)s is begonnen op %(date)s. Veel plezier samen!")
# Translators: household
STARTED_HOUSEHOLD = _("Je jaar met %(group)s is begonnen op %(date)s.")
CHECK_IN_LOW = _("Een check-in van %(name)s vraagt je aandacht.")


def notify_match_proposed(match: Match) -> int:
    """A coordinator proposed a match: the group's contact person is asked to confirm.
    (The same subject as the confirmation reminder, so that one stays silent.)"""
    contact = Membership.objects.filter(group=match.group_id, is_contact=True).first()
    if contact is None:
        return 0
    return _tell(
        {contact.user: reverse("matching:portal", args=[match.group_id])},
        key=f"confirm-group:{match.pk}",
        message=CONFIRM_GROUP,
        params={"name": match.refugee.first_name},
        household=match.refugee_id,
    )


def notify_group_confirmed(match: Match) -> int:
    """The group confirmed a proposed match: the coordinators of its municipality."""
    coordinators = User.objects.coordinators_of(
        match.refugee.municipality_id, match.group.municipality_id
    )
    return _tell(
        dict.fromkeys(coordinators, reverse("matching:match", args=[match.pk])),
        key=f"group-confirmed:{match.pk}",
        message=GROUP_CONFIRMED,
        params={"group": match.group.name, "name": match.refugee.first_name},
        household=match.refugee_id,
    )


def notify_match_started(match: Match) -> int:
    """The year started: the group's members, and the household if it has an account."""
    date = match.start_date.strftime("%d-%m-%Y")
    members = User.objects.filter(memberships__group=match.group_id, is_active=True)
    household = User.objects.filter(
        Q(refugee=match.refugee_id) | Q(household_member__refugee=match.refugee_id),
        is_active=True,
    ).distinct()
    return _tell(
        dict.fromkeys(members, reverse("matching:portal", args=[match.group_id])),
        key=f"match-started:{match.pk}",
        message=STARTED_GROUP,
        params={"name": match.refugee.first_name, "date": date},
        household=match.refugee_id,
    ) + _tell(
        dict.fromkeys(household, reverse("home")),
        key=f"match-started:{match.pk}",
        message=STARTED_HOUSEHOLD,
        params={"group": match.group.name, "date": date},
        household=match.refugee_id,
    )


def notify_check_in_low(check_in: CheckIn) -> int:
    """A low check-in: the community builder and the coordinators, never the group, and
    without a word of the answer (they read it on the year's page)."""
    if not check_in.is_low:
        return 0
    match = check_in.trajectory.match
    staff = set(
        User.objects.coordinators_of(match.refugee.municipality_id, match.group.municipality_id)
    )
    if match.group.community_builder_id:
        staff.add(match.group.community_builder)
    return _tell(
        dict.fromkeys(staff, reverse("matching:trajectory", args=[check_in.trajectory_id])),
        key=f"check-in-low:{check_in.pk}",
        message=CHECK_IN_LOW,
        params={"name": match.refugee.first_name},
        household=match.refugee_id,
    )
