"""A group becomes ready only when complete; other arrows are refused."""

import datetime

import pytest
from django.db import IntegrityError
from django.utils import timezone

from groups.models import Membership, WelcomeGroup
from groups.services import group_readiness_problems, group_transition, membership_add

from ..factories import MembershipFactory, UserFactory, WelcomeGroupFactory, complete_group
from ..helpers import refused

S = WelcomeGroup.Status


def test_it_makes_a_complete_group_ready(coordinator, municipality):
    group = complete_group(municipality=municipality)
    group_transition(group=group, to=S.READY, by=coordinator)
    group.refresh_from_db()
    assert group.status == S.READY
    assert group.status_changes.get().new == S.READY


def test_it_refuses_ready_when_a_members_vog_expired(coordinator, municipality):
    group = complete_group(municipality=municipality)
    member = group.memberships.last()
    member.vog_valid_until = timezone.localdate() - datetime.timedelta(days=1)
    member.save()
    with refused("group_not_complete"):
        group_transition(group=group, to=S.READY, by=coordinator)
    group.refresh_from_db()
    assert group.status == S.TRAINING


def test_it_lists_everything_that_stands_between_a_group_and_matching(municipality):
    group = WelcomeGroupFactory(municipality=municipality)
    MembershipFactory(
        group=group,
        vog_status="none",
        vog_valid_until=None,
        participant_statement_signed_on=None,
        languages=["ar"],
    )
    problems = " ".join(group_readiness_problems(group))
    for expected in [
        "3 tot 5 leden",
        "contactpersoon",
        "Nederlands",
        "deelnemersverklaring",
        "VOG",
        "intakegesprek",
        "starttraining",
    ]:
        assert expected in problems


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (S.FORMING, S.READY),
        (S.SCREENING, S.MATCHED),
        (S.READY, S.TRAINING),
        (S.COMPLETED, S.READY),
        (S.WITHDRAWN, S.FORMING),
        (S.MATCHED, S.TRAINING),  # after an early end: ready, screening or forming only
    ],
)
def test_it_refuses_a_change_outside_the_lifecycle(coordinator, municipality, start, to):
    group = WelcomeGroupFactory(municipality=municipality, status_value=start)
    with refused("transition_not_allowed"):
        group_transition(group=group, to=to, by=coordinator)
    group.refresh_from_db()
    assert group.status == start


def test_it_refuses_screening_with_fewer_than_three_members(coordinator, group):
    MembershipFactory(group=group)
    with refused("too_few_members"):
        group_transition(group=group, to=S.SCREENING, by=coordinator)


def test_it_refuses_a_sixth_member(group):
    MembershipFactory.create_batch(5, group=group)
    with refused("group_full"):
        membership_add(group=group, user=UserFactory())
    assert group.memberships.count() == 5


def test_it_allows_one_contact_person_per_group(group):
    MembershipFactory(group=group, is_contact=True)
    with refused("has_contact"):
        membership_add(group=group, user=UserFactory(), is_contact=True)
    with pytest.raises(IntegrityError):
        MembershipFactory(group=group, is_contact=True)


def test_it_requires_an_expiry_date_for_a_valid_vog(group):
    with pytest.raises(IntegrityError):
        Membership.objects.create(
            group=group, user=UserFactory(), vog_status="valid", vog_valid_until=None
        )


def test_it_requires_a_capacity_of_at_least_one(municipality):
    with pytest.raises(IntegrityError):
        WelcomeGroupFactory(municipality=municipality, capacity=0)
