"""When a year ends early: what happens next for each side is the coordinator's choice,
every arrow is recorded, and a household that goes on is proposed again in the next
round — never to the same group, and its earlier year keeps counting."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from groups.models import WelcomeGroup
from impact import aggregates
from impact.aggregates import Period
from matching.models import Match, Veto
from matching.services.rounds import round_run
from refugees.models import Refugee

from ..factories import active_trajectory, ready_group, ready_refugee

TODAY = timezone.localdate()
STARTED = TODAY - datetime.timedelta(days=50)
ENDED = TODAY - datetime.timedelta(days=10)


@pytest.fixture
def year(municipality):
    household = ready_refugee(municipality=municipality, languages=["ar"], waiting_days=120)
    return active_trajectory(municipality=municipality, refugee=household, start=STARTED)


def end_early(client, coordinator, match, **choices):
    client.force_login(coordinator)
    data = {
        "reason": "mismatch",
        "end_date": ENDED.isoformat(),
        "note": "Het klikte niet.",
        "household_next": "ready",
        "group_next": "ready",
        **choices,
    }
    return client.post(reverse("matching:end_early", args=[match.code]), data)


def test_both_sides_go_on_and_the_household_is_proposed_again(
    client, coordinator, municipality, year
):
    match = year.match
    original_wait = match.refugee.waiting_since
    other = ready_group(municipality=municipality)
    response = end_early(client, coordinator, match, group_note="Na een gesprek gaan we door.")
    assert response.status_code == 302
    match.refresh_from_db()
    household = Refugee.objects.get(pk=match.refugee_id)
    group = WelcomeGroup.objects.get(pk=match.group_id)
    assert (match.status, match.actual_end_date) == (Match.Status.ENDED_EARLY, ENDED)
    assert household.status == Refugee.Status.READY
    assert household.waiting_since == original_wait  # its original date by default
    assert group.status == WelcomeGroup.Status.READY
    # Every arrow recorded with who and why.
    change = household.status_changes.order_by("at", "pk").last()
    assert (change.old, change.new, change.by) == ("matched", "ready", coordinator)
    assert "klikte niet" in change.note
    group_change = group.status_changes.order_by("at", "pk").last()
    assert (group_change.old, group_change.new) == ("matched", "ready")
    assert group_change.note == "Na een gesprek gaan we door."
    # The old pair is vetoed, so the next round proposes the household to another group.
    assert Veto.objects.filter(refugee=household, group=group).exists()
    round_ = round_run(municipality=municipality, by=coordinator)
    proposed = {(p.refugee_id, p.group_id) for p in round_.proposals.all()}
    assert (household.pk, other.pk) in proposed
    assert (household.pk, group.pk) not in proposed


def test_the_earlier_year_keeps_counting(client, coordinator, municipality, year):
    match = year.match
    period = Period(STARTED, TODAY + datetime.timedelta(days=1), today=TODAY)
    end_early(client, coordinator, match)
    from matching.services.summaries_rebuild import rebuild

    figures = aggregates.figures(period)
    rebuild()
    assert figures == aggregates.figures(period)  # the summaries kept up by the services
    assert figures["reception_days"] == match.persons * (ENDED - STARTED).days


def test_a_chosen_waiting_date(client, coordinator, year):
    chosen = TODAY - datetime.timedelta(days=5)
    end_early(client, coordinator, year.match, waiting_since=chosen.isoformat())
    assert Refugee.objects.get(pk=year.match.refugee_id).waiting_since == chosen


def test_a_household_that_stops_and_a_group_that_stops(client, coordinator, year):
    end_early(
        client,
        coordinator,
        year.match,
        reason="household_moved",
        household_next="stops",
        group_next="stops",
    )
    assert Refugee.objects.get(pk=year.match.refugee_id).status == Refugee.Status.WITHDRAWN
    assert WelcomeGroup.objects.get(pk=year.match.group_id).status == WelcomeGroup.Status.WITHDRAWN


def test_a_group_no_longer_complete_goes_back_to_the_screening(
    client, coordinator, municipality, year
):
    group = year.match.group
    group.memberships.update(vog_valid_until=TODAY - datetime.timedelta(days=1))
    end_early(client, coordinator, year.match)
    assert WelcomeGroup.objects.get(pk=group.pk).status == WelcomeGroup.Status.SCREENING


def test_the_coordinator_must_choose_for_each_side(client, coordinator, year):
    response = end_early(client, coordinator, year.match, household_next="", group_next="maybe")
    assert response.status_code == 200
    assert Match.objects.get(pk=year.match.pk).status == Match.Status.ACTIVE
    assert Refugee.objects.get(pk=year.match.refugee_id).status == Refugee.Status.MATCHED


def test_the_round_shows_a_household_was_matched_before(client, coordinator, municipality, year):
    ready_group(municipality=municipality)
    end_early(client, coordinator, year.match)
    round_ = round_run(municipality=municipality, by=coordinator)
    page = client.get(reverse("matching:round", args=[round_.code])).content.decode()
    assert "Eerder gekoppeld" in page
    assert "het klikte niet" in page
