"""Two coordinators accept conflicting proposals at the same moment: exactly one wins.

Runs on PostgreSQL, where row locks are real (the services run of .ci/run).
"""

import threading

import pytest
from django.db import connection

from matching.models import Match, Proposal, ProposalRound
from matching.services.rounds import proposal_accept
from samenhier.errors import ApplicationError
from samenhier.roles import Role

from ..factories import UserFactory, ready_group, ready_refugee

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def race(proposals, coordinators) -> list:
    """Accept each proposal in its own thread, all released at once; return outcomes."""
    barrier = threading.Barrier(len(proposals))
    outcomes = [None] * len(proposals)

    def accept(i):
        try:
            barrier.wait()
            outcomes[i] = proposal_accept(proposal=proposals[i], by=coordinators[i])
        except ApplicationError as error:
            outcomes[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(i,)) for i in range(len(proposals))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return outcomes


@pytest.fixture
def coordinators(municipality):
    return [UserFactory(role=Role.COORDINATOR, municipalities=[municipality]) for _ in range(2)]


def proposal(round_, refugee, group) -> Proposal:
    return Proposal.objects.create(round=round_, refugee=refugee, group=group, score=1.0)


@pytest.mark.parametrize("attempt", range(5))
def test_the_last_place_of_a_group_goes_to_exactly_one_household(
    municipality, coordinators, attempt
):
    group = ready_group(municipality=municipality)
    round_ = ProposalRound.objects.create(municipality=municipality)
    first = proposal(round_, ready_refugee(municipality=municipality), group)
    second = proposal(round_, ready_refugee(municipality=municipality), group)
    outcomes = race([first, second], coordinators)
    wins = [o for o in outcomes if isinstance(o, Match)]
    losses = [o for o in outcomes if isinstance(o, ApplicationError)]
    assert (len(wins), len(losses)) == (1, 1)
    assert [loss.code for loss in losses] == ["group_full"]
    assert Match.objects.filter(group=group).count() == 1


@pytest.mark.parametrize("attempt", range(5))
def test_a_household_gets_exactly_one_of_two_groups(municipality, coordinators, attempt):
    refugee = ready_refugee(municipality=municipality)
    round_ = ProposalRound.objects.create(municipality=municipality)
    first = proposal(round_, refugee, ready_group(municipality=municipality))
    second = proposal(round_, refugee, ready_group(municipality=municipality))
    outcomes = race([first, second], coordinators)
    losses = [o for o in outcomes if isinstance(o, ApplicationError)]
    assert [loss.code for loss in losses] == ["household_has_open_match"]
    assert Match.objects.filter(refugee=refugee).count() == 1


def test_the_same_proposal_is_accepted_once(municipality, coordinators):
    round_ = ProposalRound.objects.create(municipality=municipality)
    only = proposal(
        round_, ready_refugee(municipality=municipality), ready_group(municipality=municipality)
    )
    outcomes = race([only, Proposal.objects.get(pk=only.pk)], coordinators)
    losses = [o for o in outcomes if isinstance(o, ApplicationError)]
    assert [loss.code for loss in losses] == ["proposal_decided"]
    assert Match.objects.count() == 1
