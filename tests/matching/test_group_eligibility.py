"""Which groups a household may be proposed to is one definition: the groups a round
offers the engine (round_input, with the engine's own hard constraints) are exactly the
groups `match_propose` accepts, for groups in every status, with and without room, and
with and without their screening (VOG and start training) in order."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from groups.models import Membership, WelcomeGroup
from matching import engine
from matching.models import Match
from matching.round_input import round_input
from matching.services.matches import match_propose
from samenhier.errors import ApplicationError

from ..factories import MatchFactory, RefugeeFactory, complete_group, ready_refugee

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)

# (name, capacity, statuses of the group's earlier matches, whether a place is left)
ROOM = [
    ("no match yet", 1, [], True),
    ("full: proposed", 1, [Match.Status.PROPOSED], False),
    ("full: year running", 1, [Match.Status.ACTIVE], False),
    ("one of two places taken", 2, [Match.Status.ACCEPTED], True),
    ("only closed matches", 1, [Match.Status.DECLINED, Match.Status.COMPLETED], True),
]


def _lapse_a_vog(group):
    Membership.objects.filter(pk=group.memberships.first().pk).update(vog_valid_until=TODAY - DAY)


def _vog_only_requested(group):
    Membership.objects.filter(pk=group.memberships.first().pk).update(
        vog_status=Membership.VogStatus.REQUESTED, vog_valid_until=None
    )


def _no_training(group):
    WelcomeGroup.objects.filter(pk=group.pk).update(start_training_on=None)


def _training_ahead(group):
    WelcomeGroup.objects.filter(pk=group.pk).update(start_training_on=TODAY + DAY)


# (name, how to change a complete group, whether it is then screened)
SCREENING = [
    ("screened", lambda group: None, True),
    ("a VOG lapsed yesterday", _lapse_a_vog, False),
    ("a VOG only requested", _vog_only_requested, False),
    ("no start training", _no_training, False),
    ("start training tomorrow", _training_ahead, False),
]


def _earlier_match(group, status):
    started = status in Match.STARTED
    MatchFactory(
        refugee=RefugeeFactory(municipality=group.municipality),
        group=group,
        status=status,
        start_date=TODAY - 60 * DAY if started else None,
        planned_end_date=TODAY + 300 * DAY if started else None,
        actual_end_date=TODAY - DAY if status == Match.Status.COMPLETED else None,
        persons=1 if started else None,
    )


def groups_in_every_state(municipality, status) -> dict:
    """{group code: whether the programme's rules let it take a household now}."""
    rule = {}
    for _room, capacity, earlier, room_left in ROOM:
        for _screening, change, screened in SCREENING:
            group = complete_group(municipality=municipality, status_value=status)
            WelcomeGroup.objects.filter(pk=group.pk).update(capacity=capacity)
            for match_status in earlier:
                _earlier_match(group, match_status)
            change(group)
            # The rules: ready, or matched with a place left; every member's VOG valid
            # today and the start training done.
            rule[group.pk] = status in ("ready", "matched") and room_left and screened
    return rule


def offered(municipality, refugee) -> set:
    """The groups the candidates step lets the engine propose to this household."""
    data = round_input(municipality=municipality)
    household = data.refugee_id(refugee.pk)
    return {
        code
        for group, code in enumerate(data.group_codes)
        if engine.explain_pair(data.instance, household, group).feasible
    }


def accepted(refugee, codes, by) -> set:
    """The groups `match_propose` accepts for this household (each try rolled back)."""
    taken = set()
    for code in codes:
        try:
            with transaction.atomic():
                match_propose(refugee=refugee, group=WelcomeGroup.objects.get(pk=code), by=by)
                transaction.set_rollback(True)
        except ApplicationError:
            continue
        taken.add(code)
    return taken


@pytest.mark.parametrize("status", WelcomeGroup.Status.values)
def test_the_round_offers_exactly_the_groups_the_service_accepts(municipality, coordinator, status):
    rule = groups_in_every_state(municipality, status)
    # Speaks the groups' language and asks for nothing else: only the group decides.
    refugee = ready_refugee(municipality=municipality, languages=["nl"])
    by_rule = {code for code, may in rule.items() if may}

    assert offered(municipality, refugee) == by_rule
    assert accepted(refugee, rule, coordinator) == by_rule
    if status in ("ready", "matched"):
        assert len(by_rule) == 3  # the screened groups with a place left
