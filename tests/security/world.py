"""Two cities, each with a household, a group, an active year and the records around it,
and one person for every role: the world the permission matrix and sentinel tests use."""

import datetime
import uuid
from dataclasses import dataclass, field

from django.utils import timezone

from impact.models import ExportChunk, ExportJob
from matching.models import CheckIn, Proposal, ProposalRound, TrajectoryGoal
from refugees.models import Refugee
from samenhier.roles import Role

from ..factories import (
    ActivityLogFactory,
    MunicipalityFactory,
    UserFactory,
    active_trajectory,
    life_domain,
)

# Unique strings planted in every sensitive field of the own household.
SENTINELS = {
    "country_of_origin": "SENTINEL-ORIGIN-7f3a",
    "residence_status": "SENTINEL-RESIDENCE-91c2",
    "health_notes": "SENTINEL-HEALTH-5d8e",
    "coordinator_notes": "SENTINEL-NOTES-2b6f",
    "last_name": "SENTINEL-SURNAME-c4a1",
    "phone": "SENTINEL-PHONE-0e97",
    "check_in_helps": "SENTINEL-CHECKIN-HELPS-8a1d",
    "check_in_missing": "SENTINEL-CHECKIN-MISSING-3f0b",
}


@dataclass
class City:
    municipality: object
    trajectory: object
    group: object
    match: object
    refugee: object
    activity: object
    goal: object
    round: object
    proposal: object
    job: object
    members: dict = field(default_factory=dict)


def make_city(name: str) -> City:
    municipality = MunicipalityFactory(name=name)
    start = timezone.localdate() - datetime.timedelta(days=60)
    trajectory = active_trajectory(municipality=municipality, start=start)
    match = trajectory.match
    group = match.group
    refugee = Refugee.objects.get(pk=match.refugee_id)
    member = group.memberships.get(is_contact=True)
    activity = ActivityLogFactory(trajectory=trajectory, logged_by=member.user)
    activity.members_present.set([member])
    goal = TrajectoryGoal.objects.create(
        trajectory=trajectory, life_domain=life_domain("work"), description="Werk vinden"
    )
    round_ = ProposalRound.objects.create(municipality=municipality)
    proposal = Proposal.objects.create(round=round_, refugee=refugee, group=group, score=1)
    coordinator = UserFactory(role=Role.COORDINATOR, municipalities=[municipality])
    builder = UserFactory(role=Role.COMMUNITY_BUILDER)
    group.community_builder = builder
    group.save()
    household = UserFactory(role=Role.REFUGEE)
    refugee.user = household
    refugee.save()
    job = ExportJob.objects.create(
        requested_by=coordinator,
        format="csv",
        status="done",
        period_start=start,
        period_end=timezone.localdate(),
        file_name="x.csv",
        code=uuid.uuid4(),
    )
    ExportChunk.objects.create(job=job, seq=0, data=b"Samen Hier\n")
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
        members={
            "member": member.user,
            "coordinator": coordinator,
            "community_builder": builder,
            "refugee": household,
        },
    )


def plant_sentinels(city: City) -> None:
    refugee = city.refugee
    for name in (
        "country_of_origin",
        "residence_status",
        "health_notes",
        "coordinator_notes",
        "last_name",
        "phone",
    ):
        setattr(refugee, name, SENTINELS[name])
    refugee.save()
    CheckIn.objects.create(
        trajectory=city.trajectory,
        milestone="introduction",
        score=2,
        helps=SENTINELS["check_in_helps"],
        missing=SENTINELS["check_in_missing"],
    )
