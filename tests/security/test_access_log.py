"""Every page that shows a household's record writes one access-log row: who, which
record, when — never a value."""

import pytest
from django.urls import reverse

from matching.models import Proposal, ProposalRound
from samenhier.models import AccessLog

from ..factories import active_trajectory, ready_refugee


@pytest.fixture
def year(municipality):
    return active_trajectory(municipality=municipality)


def a_round(t) -> ProposalRound:
    """A proposal round of the year's municipality that proposes a waiting household to
    the year's group: its page shows that household's full name, size and waiting date."""
    round_ = ProposalRound.objects.create(municipality=t.match.refugee.municipality)
    waiting = ready_refugee(municipality=round_.municipality, last_name="Haddad")
    Proposal.objects.create(round=round_, refugee=waiting, group=t.match.group, score=1)
    return round_


def pages(t):
    m = t.match
    return {
        "a proposal round's page": reverse("matching:round", args=[a_round(t).pk]),
        "the end-early page": reverse("matching:end_early", args=[m.pk]),
        "the complete-year page": reverse("matching:complete_year", args=[m.pk]),
        "household in the admin": reverse("admin:refugees_refugee_change", args=[m.refugee_id]),
        "match in the admin": reverse("admin:matching_match_change", args=[m.pk]),
        "year in the admin": reverse("admin:matching_trajectory_change", args=[t.pk]),
        "the household's account page": reverse("refugees:account_invite", args=[m.refugee_id]),
        "the match page": reverse("matching:match", args=[m.pk]),
        "the year's page": reverse("matching:trajectory", args=[t.pk]),
        "the group's page, seen by its coordinator": reverse("matching:portal", args=[m.group_id]),
    }


@pytest.mark.parametrize(
    "page",
    [
        "a proposal round's page",
        "the end-early page",
        "the complete-year page",
        "household in the admin",
        "match in the admin",
        "year in the admin",
        "the household's account page",
        "the match page",
        "the year's page",
        "the group's page, seen by its coordinator",
    ],
)
def test_each_view_of_a_household_record_is_logged_once(client, coordinator, year, page):
    client.force_login(coordinator)
    before = AccessLog.objects.count()
    assert client.get(pages(year)[page]).status_code == 200
    entries = AccessLog.objects.order_by("-at")[: AccessLog.objects.count() - before]
    assert len(entries) == 1
    assert entries[0].user == coordinator
    assert entries[0].action == AccessLog.Action.VIEW


@pytest.mark.parametrize(
    "page", ["a proposal round's page", "the end-early page", "the complete-year page"]
)
def test_the_pages_of_a_match_name_the_household_in_full(client, coordinator, year, page):
    """Why those pages are logged: they show the household's surname, not only its first
    name (and its size and waiting date, or its year's dates)."""
    client.force_login(coordinator)
    shown = client.get(pages(year)[page]).content.decode()
    surname = "Haddad" if page == "a proposal round's page" else year.match.refugee.last_name
    assert surname
    assert surname in shown


def test_a_group_member_on_their_own_page_is_not_logged_as_a_record_view(client, year):
    member = year.match.group.memberships.first().user
    client.force_login(member)
    assert client.get(reverse("matching:portal", args=[year.match.group_id])).status_code == 200
    assert not AccessLog.objects.exists()


def test_the_access_log_holds_no_values(client, coordinator, year):
    client.force_login(coordinator)
    for url in pages(year).values():
        client.get(url)
    first_name = year.match.refugee.first_name
    for entry in AccessLog.objects.all():
        assert first_name not in f"{entry.object_type} {entry.object_code}"
