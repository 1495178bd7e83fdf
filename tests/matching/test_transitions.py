"""Matches: proposed → accepted → active → completed | ended_early; proposed → declined."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from groups.models import WelcomeGroup
from matching.models import Match, Milestone
from matching.services.matches import match_propose, match_transition
from refugees.models import Refugee, Variant

from ..factories import (
    HouseholdMemberFactory,
    MatchFactory,
    RefugeeFactory,
    WelcomeGroupFactory,
    ready_group,
)
from ..helpers import refused

S = Match.Status


@pytest.fixture
def ready_pair(municipality):
    refugee = RefugeeFactory(municipality=municipality, status_value=Refugee.Status.READY)
    group = WelcomeGroupFactory(municipality=municipality, status_value=WelcomeGroup.Status.READY)
    return refugee, group


@pytest.fixture
def proposable_pair(municipality):
    """A ready household and a ready group whose members are screened (a round could
    propose them to each other)."""
    refugee = RefugeeFactory(municipality=municipality, status_value=Refugee.Status.READY)
    return refugee, ready_group(municipality=municipality)


def test_it_proposes_a_match(coordinator, proposable_pair):
    refugee, group = proposable_pair
    match = match_propose(refugee=refugee, group=group, by=coordinator)
    assert match.status == S.PROPOSED
    change = match.status_changes.get()
    assert (change.old, change.new, change.by) == ("", "proposed", coordinator)


def test_it_refuses_a_second_open_match_for_a_household(coordinator, proposable_pair, municipality):
    refugee, group = proposable_pair
    match_propose(refugee=refugee, group=group, by=coordinator)
    other = ready_group(municipality=municipality)
    with refused("household_has_open_match"):
        match_propose(refugee=refugee, group=other, by=coordinator)
    assert Match.objects.count() == 1


def test_the_database_refuses_a_second_open_match_too(ready_pair):
    refugee, group = ready_pair
    MatchFactory(refugee=refugee, group=group)
    with pytest.raises(IntegrityError), transaction.atomic():
        MatchFactory(
            refugee=refugee,
            group=group,
            status=S.ACTIVE,
            start_date=datetime.date(2026, 1, 1),
            planned_end_date=datetime.date(2027, 1, 1),
            persons=1,
        )
    # A declined match does not count.
    MatchFactory(refugee=refugee, group=group, status=S.DECLINED)


def test_it_never_fills_a_group_beyond_its_capacity(coordinator, proposable_pair, municipality):
    _refugee, group = proposable_pair
    match_propose(refugee=_refugee, group=group, by=coordinator)
    second = RefugeeFactory(municipality=municipality, status_value="ready")
    with refused("group_full"):
        match_propose(refugee=second, group=group, by=coordinator)


def test_it_refuses_a_group_whose_screening_lapsed(coordinator, proposable_pair):
    refugee, group = proposable_pair
    member = group.memberships.first()
    member.vog_valid_until = timezone.localdate() - datetime.timedelta(days=1)
    member.save(update_fields=["vog_valid_until"])
    with refused("group_not_screened"):
        match_propose(refugee=refugee, group=group, by=coordinator)
    assert not Match.objects.exists()


def test_it_refuses_a_household_that_is_not_ready(coordinator, municipality):
    refugee = RefugeeFactory(municipality=municipality)
    group = WelcomeGroupFactory(municipality=municipality, status_value="ready")
    with refused("household_not_ready"):
        match_propose(refugee=refugee, group=group, by=coordinator)


def test_it_starts_a_year_and_freezes_the_household_size(coordinator, proposable_pair):
    refugee, group = proposable_pair
    HouseholdMemberFactory.create_batch(2, refugee=refugee)
    match = match_propose(refugee=refugee, group=group, by=coordinator)
    match_transition(match=match, to=S.ACCEPTED, by=coordinator)
    match_transition(match=match, to=S.ACTIVE, by=coordinator, on=datetime.date(2026, 3, 1))
    match.refresh_from_db()
    assert (match.status, match.persons) == (S.ACTIVE, 3)
    assert (match.start_date, match.planned_end_date) == (
        datetime.date(2026, 3, 1),
        datetime.date(2027, 3, 1),
    )
    refugee.refresh_from_db()
    group.refresh_from_db()
    assert refugee.status == Refugee.Status.MATCHED
    assert group.status == WelcomeGroup.Status.MATCHED
    due = dict(match.trajectory.milestones.values_list("kind", "due_date"))
    assert due == {
        Milestone.Kind.INTRODUCTION: datetime.date(2026, 3, 8),
        Milestone.Kind.CHECK_IN: datetime.date(2026, 6, 1),
        Milestone.Kind.MIDTERM: datetime.date(2026, 9, 1),
        Milestone.Kind.FINAL: datetime.date(2027, 3, 1),
    }
    # A later change to the household leaves the frozen size alone.
    HouseholdMemberFactory(refugee=refugee)
    match.refresh_from_db()
    assert match.persons == 3
    assert [c.new for c in match.status_changes.all()] == ["proposed", "accepted", "active"]


def test_a_sponsor_group_has_an_action_plan_due_at_arrival(coordinator, municipality):
    refugee = RefugeeFactory(
        municipality=municipality, status_value="ready", variant=Variant.SPONSORGROEP
    )
    group = WelcomeGroupFactory(municipality=municipality, status_value="ready")
    match = MatchFactory(refugee=refugee, group=group, status=S.ACCEPTED)
    match_transition(match=match, to=S.ACTIVE, by=coordinator, on=datetime.date(2026, 5, 4))
    plan = match.trajectory.milestones.get(kind=Milestone.Kind.ACTION_PLAN)
    assert plan.due_date == datetime.date(2026, 5, 4)


@pytest.fixture
def active_match(coordinator, ready_pair):
    refugee, group = ready_pair
    match = MatchFactory(refugee=refugee, group=group, status=S.ACCEPTED)
    return match_transition(match=match, to=S.ACTIVE, by=coordinator, on=datetime.date(2026, 1, 10))


def test_it_completes_the_year(coordinator, active_match):
    match_transition(
        match=active_match, to=S.COMPLETED, by=coordinator, on=datetime.date(2027, 1, 10)
    )
    active_match.refresh_from_db()
    assert active_match.actual_end_date == datetime.date(2027, 1, 10)
    assert active_match.refugee.status == Refugee.Status.COMPLETED
    assert active_match.group.status == WelcomeGroup.Status.COMPLETED


def test_ending_early_needs_a_reason(coordinator, active_match):
    with refused("end_reason_required"):
        match_transition(match=active_match, to=S.ENDED_EARLY, by=coordinator)
    active_match.refresh_from_db()
    assert active_match.status == S.ACTIVE


def test_ending_early_because_the_household_moved(coordinator, active_match):
    match_transition(
        match=active_match,
        to=S.ENDED_EARLY,
        by=coordinator,
        end_reason=Match.EndReason.HOUSEHOLD_MOVED,
        on=datetime.date(2026, 6, 1),
    )
    active_match.refresh_from_db()
    assert (active_match.status, active_match.end_reason) == (S.ENDED_EARLY, "household_moved")
    assert active_match.refugee.status == Refugee.Status.WITHDRAWN
    # The group goes on: complete, it is ready again; the factory's group lacks members
    # (it has none), so it forms again.
    assert active_match.group.status == WelcomeGroup.Status.FORMING


def test_it_refuses_an_end_before_the_start(coordinator, active_match):
    with refused("end_before_start"):
        match_transition(
            match=active_match, to=S.COMPLETED, by=coordinator, on=datetime.date(2025, 12, 31)
        )


def test_the_database_refuses_an_end_before_the_start(active_match):
    with pytest.raises(IntegrityError), transaction.atomic():
        Match.objects.filter(pk=active_match.pk).update(actual_end_date=datetime.date(2025, 1, 1))


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (S.PROPOSED, S.ACTIVE),
        (S.PROPOSED, S.COMPLETED),
        (S.ACCEPTED, S.COMPLETED),
        (S.DECLINED, S.ACCEPTED),
        (S.COMPLETED, S.ACTIVE),
        (S.ACTIVE, S.DECLINED),
    ],
)
def test_it_refuses_a_change_outside_the_lifecycle(coordinator, ready_pair, start, to):
    refugee, group = ready_pair
    extra = {}
    if start in (S.ACTIVE, S.COMPLETED):
        extra = {
            "start_date": datetime.date(2026, 1, 1),
            "persons": 2,
            "planned_end_date": datetime.date(2027, 1, 1),
        }
        if start == S.COMPLETED:
            extra["actual_end_date"] = datetime.date(2027, 1, 1)
    match = MatchFactory(refugee=refugee, group=group, status=start, **extra)
    with refused("transition_not_allowed"):
        match_transition(match=match, to=to, by=coordinator)
    match.refresh_from_db()
    assert match.status == start
    assert not match.status_changes.exists()
