"""Two cities, each with its households, its group, a running year and the records around
it, and one person for every role: the world the rules table (rules.py) and the sentinel
and fuzz tests run in.

City A is "own", city B is "other". Each city has
- the group (capacity 4): its contact person, two other members, its community builder;
- the household whose year runs (60 days in), with its account;
- a household with a *proposed* match with the group (the group's contact and the
  coordinator may still confirm or decline it), and one with an *accepted* match (the
  coordinator may start its year);
- a waiting household without an account, and an open proposal for it with the group in
  a proposal round;
- an activity log, a goal of the year, a report file asked for by the city's coordinator.
Programme staff asked for a report file of their own too.
"""

import datetime
import secrets
import string
import uuid
from dataclasses import dataclass, field

import pytest
from django.utils import timezone

from groups.models import SignUp
from impact.models import ExportChunk, ExportJob
from matching.models import (
    CheckIn,
    Match,
    MatchingPolicy,
    MatchStatusChange,
    Proposal,
    ProposalRound,
    TrajectoryGoal,
)
from refugees.models import HouseholdMember, Refugee
from samenhier.models import Notification
from samenhier.roles import Role

from ..factories import (
    ActivityLogFactory,
    MatchFactory,
    MunicipalityFactory,
    UserFactory,
    active_trajectory,
    life_domain,
    ready_refugee,
    set_present,
)


def _letters(n: int = 24) -> str:
    return "".join(secrets.choice(string.ascii_uppercase) for _ in range(n))


def _sentinel(kind: str) -> str:
    return f"SENTINEL-{kind}-{_letters()}"


# Long, unique strings, made once per test run, for every personal field of the own
# household that a group member must never see (docs/architecture.md, "Privacy": the
# need-to-know profile shows the first name, the composition as counts and ages, the
# languages, the goals and what the household chose to share, nothing else).
SENTINELS = {
    "last_name": _sentinel("SURNAME"),
    # The phone field holds 30 characters: a shorter prefix, the same 24 random letters.
    "phone": f"PHONE-{_letters()}",
    "email": f"{_sentinel('EMAIL').lower()}@example.org",
    "country_of_origin": _sentinel("ORIGIN"),
    "residence_status": _sentinel("RESIDENCE"),
    "health_notes": _sentinel("HEALTH"),
    "coordinator_notes": _sentinel("NOTES"),
    "member_partner": _sentinel("PARTNER"),
    "member_child": _sentinel("CHILD"),
    "account_last_name": _sentinel("ACCOUNTSURNAME"),
    "check_in_helps": _sentinel("CHECKIN-HELPS"),
    "check_in_missing": _sentinel("CHECKIN-MISSING"),
    "end_note": _sentinel("ENDNOTE"),
    "status_note": _sentinel("STATUSNOTE"),
    "household_status_note": _sentinel("HOUSEHOLDNOTE"),
    "decision_note": _sentinel("DECISION"),
}


@dataclass
class City:
    municipality: object
    trajectory: object
    group: object
    match: object  # the match whose year runs
    refugee: object  # its household
    activity: object
    goal: object
    round: object
    proposal: object  # open, for `waiting`, with `group`
    job: object  # a report file asked for by the city's coordinator
    proposed: object = None  # a proposed match of the group
    accepted: object = None  # an accepted match of the group
    waiting: object = None  # a household waiting, without an account
    signup: object = None  # a resident's sign-up to start a group, not followed up yet
    members: dict = field(default_factory=dict)


def make_city(name: str) -> City:
    municipality = MunicipalityFactory(name=name)
    start = timezone.localdate() - datetime.timedelta(days=60)
    trajectory = active_trajectory(municipality=municipality, start=start)
    match = trajectory.match
    group = match.group
    group.capacity = 4
    group.save(update_fields=["capacity"])
    refugee = Refugee.objects.get(pk=match.refugee_id)
    member = group.memberships.get(is_contact=True)
    not_contact = group.memberships.filter(is_contact=False).order_by("pk").first()
    activity = ActivityLogFactory(trajectory=trajectory, logged_by=member.user)
    set_present(activity, [member])
    goal = TrajectoryGoal.objects.create(
        trajectory=trajectory, life_domain=life_domain("work"), description="Werk vinden"
    )
    proposed = MatchFactory(
        refugee=ready_refugee(municipality=municipality), group=group, status=Match.Status.PROPOSED
    )
    accepted = MatchFactory(
        refugee=ready_refugee(municipality=municipality), group=group, status=Match.Status.ACCEPTED
    )
    waiting = ready_refugee(municipality=municipality)
    round_ = ProposalRound.objects.create(municipality=municipality)
    proposal = Proposal.objects.create(round=round_, refugee=waiting, group=group, score=1)
    coordinator = UserFactory(role=Role.COORDINATOR, municipalities=[municipality])
    builder = UserFactory(role=Role.COMMUNITY_BUILDER)
    group.community_builder = builder
    group.save(update_fields=["community_builder"])
    household = UserFactory(role=Role.REFUGEE)
    refugee.user = household
    refugee.save()
    job = report_file(coordinator, start)
    signup = SignUp.objects.create(
        first_name=_sentinel("signup-first"),
        last_name=_sentinel("signup-last"),
        email=f"{_letters(12).lower()}@example.org",
        municipality=municipality,
        privacy_version="1.0",
    )
    for user in (member.user, not_contact.user, coordinator, household):
        Notification.objects.create(
            recipient=user, key=f"welkom:{user.pk}", text_nl="Welkom", text_en="Welcome"
        )
    return City(
        municipality,
        trajectory,
        group,
        match,
        refugee,
        activity,
        goal,
        round_,
        proposal,
        job,
        proposed=proposed,
        accepted=accepted,
        waiting=waiting,
        signup=signup,
        members={
            "member": member.user,
            "member_not_contact": not_contact.user,
            "coordinator": coordinator,
            "community_builder": builder,
            "refugee": household,
        },
    )


def report_file(user, start) -> ExportJob:
    job = ExportJob.objects.create(
        requested_by=user,
        format="csv",
        status="done",
        period_start=start,
        period_end=timezone.localdate(),
        file_name="x.csv",
        size=11,
        code=uuid.uuid4(),
    )
    ExportChunk.objects.create(job=job, seq=0, data=b"Samen Hier\n")
    return job


@dataclass
class World:
    A: City
    B: City
    users: dict  # role key (rules.ROLES) -> user, None for anonymous
    staff_job: ExportJob

    def city(self, key: str) -> City:
        return {"A": self.A, "B": self.B}[key]


def make_world() -> World:
    a, b = make_city("Den Haag"), make_city("Utrecht")
    staff = UserFactory(role=Role.PROGRAMME_STAFF)
    users = {
        "anonymous": None,
        "own_member": a.members["member"],
        "own_member_not_contact": a.members["member_not_contact"],
        "other_member": b.members["member"],
        "coordinator": a.members["coordinator"],
        "other_coordinator": b.members["coordinator"],
        "community_builder": a.members["community_builder"],
        "staff": staff,
        "refugee_self": a.members["refugee"],
        "refugee_other": b.members["refugee"],
        "administrator": UserFactory(role=Role.ADMINISTRATOR),
        "outsider": UserFactory(),  # signed in, without any role
    }
    return World(a, b, users, report_file(staff, timezone.localdate() - datetime.timedelta(30)))


@pytest.fixture
def world(db):
    """(city A, city B, users by role key), as the fuzz and sentinel tests use it."""
    w = make_world()
    return w.A, w.B, w.users


@pytest.fixture
def rules_world(db) -> World:
    return make_world()


# -- states of the world that some rows of the rules table need --------------------------


def community_builders_complete_years(world: World) -> None:
    """City A's partner lets the group's community builder complete a year."""
    partner = world.A.municipality.partner
    MatchingPolicy.objects.update_or_create(
        partner=partner, defaults={"community_builder_completes_year": True}
    )


def year_of_A_ended_early(world: World) -> None:  # noqa: N802 - city A
    """City A's year ended early (through the lifecycle's own service)."""
    from matching.services.matches import match_transition

    match_transition(
        match=world.A.match,
        to=Match.Status.ENDED_EARLY,
        by=world.users["coordinator"],
        end_reason=Match.EndReason.OTHER,
        note="Verhuisd",
    )


def years_in_month_11(world: World) -> None:
    """Both cities' running years began 11 months and a week ago, so that the final
    moment's window is open: their dates and moments moved back, and their tallies
    with them (the summaries' own service)."""
    from dateutil.relativedelta import relativedelta

    from matching.services import summaries

    start = timezone.localdate() - relativedelta(months=11, weeks=1)
    for city in (world.A, world.B):
        match = Match.objects.get(pk=city.match.pk)
        before = summaries.year_part(match)
        shift = match.start_date - start
        match.start_date, match.planned_end_date = start, match.planned_end_date - shift
        match.save(update_fields=["start_date", "planned_end_date"])
        for milestone in city.trajectory.milestones.all():
            milestone.due_date -= shift
            milestone.save(update_fields=["due_date"])
        summaries.year_changed(before, match)


def years_in_month_11_and_community_builders_complete_them(world: World) -> None:
    years_in_month_11(world)
    community_builders_complete_years(world)


STATES = {
    "community_builders_complete_years": community_builders_complete_years,
    "year_of_A_ended_early": year_of_A_ended_early,
    "years_in_month_11": years_in_month_11,
    "years_in_month_11_and_community_builders_complete_them": (
        years_in_month_11_and_community_builders_complete_them
    ),
}


# -- sentinels ---------------------------------------------------------------------------


def plant_sentinels(city: City) -> None:
    refugee = city.refugee
    for name in (
        "last_name",
        "phone",
        "email",
        "country_of_origin",
        "residence_status",
        "health_notes",
        "coordinator_notes",
    ):
        setattr(refugee, name, SENTINELS[name])
    refugee.save()
    # The composition is shown as counts and ages, never the members' names.
    HouseholdMember.objects.create(
        refugee=refugee, first_name=SENTINELS["member_partner"], relation="partner"
    )
    HouseholdMember.objects.create(
        refugee=refugee, first_name=SENTINELS["member_child"], relation="child", birth_year=2017
    )
    account = refugee.user
    account.last_name = SENTINELS["account_last_name"]
    account.save(update_fields=["last_name"])
    # The household's own answers: read by coordinator and community builder only.
    CheckIn.objects.create(
        trajectory=city.trajectory,
        milestone="introduction",
        score=2,
        helps=SENTINELS["check_in_helps"],
        missing=SENTINELS["check_in_missing"],
    )
    # What coordinators wrote about the match, the household and the decision.
    Match.objects.filter(pk=city.match.pk).update(end_note=SENTINELS["end_note"])
    MatchStatusChange.objects.filter(match=city.match).update(note=SENTINELS["status_note"])
    refugee.status_changes.update(note=SENTINELS["household_status_note"])
    Proposal.objects.create(
        round=city.round,
        refugee=refugee,
        group=city.group,
        score=1,
        status=Proposal.Status.ACCEPTED,
        match=city.match,
        decision_note=SENTINELS["decision_note"],
    )
