"""Completing the year: the coordinator's own, confirmed action, from month 11 on.

Rules (docs/architecture.md, "Lifecycles"): only a coordinator of the household's
municipality (or the group's community builder where the partner's policy allows it)
completes a year; not before the final milestone's window opens, 11 months after the
start; before that a year can only end early, with a reason. No member action changes
a status.
"""

import datetime

import pytest
import time_machine
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone

from groups.models import WelcomeGroup
from matching.models import Match, MatchingPolicy
from matching.services.matches import year_complete
from refugees.models import Refugee
from samenhier.roles import Role

from ..factories import UserFactory, active_trajectory
from ..helpers import refused

TODAY = datetime.date(2026, 12, 1)


def started(months_ago: int, municipality, **kwargs):
    return active_trajectory(
        municipality=municipality, start=TODAY - relativedelta(months=months_ago), **kwargs
    ).match


def state(match):
    match = Match.objects.get(pk=match.pk)
    return (
        match.status,
        Refugee.objects.get(pk=match.refugee_id).status,
        WelcomeGroup.objects.get(pk=match.group_id).status,
    )


def complete(client, match, **data):
    return client.post(
        reverse("matching:complete_year", args=[match.code]), {"confirm": "on", **data}
    )


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.UTC)):
        yield


def test_it_completes_a_year_from_month_eleven_for_the_coordinator(
    client, coordinator, municipality
):
    match = started(11, municipality)
    client.force_login(coordinator)
    response = complete(client, match, note="Een mooi jaar")
    assert response.status_code == 302
    assert state(match) == ("completed", "completed", "completed")
    match.refresh_from_db()
    assert match.actual_end_date == TODAY
    change = match.status_changes.get(new="completed")
    assert (change.by, change.note) == (coordinator, "Een mooi jaar")


def test_a_late_completion_ends_on_the_planned_end(client, coordinator, municipality):
    match = started(14, municipality)
    client.force_login(coordinator)
    complete(client, match)
    match.refresh_from_db()
    assert match.actual_end_date == match.planned_end_date


def test_it_refuses_a_year_before_month_eleven(client, coordinator, municipality):
    match = started(1, municipality)
    client.force_login(coordinator)
    response = complete(client, match)
    assert response.status_code == 200
    assert "voortijdig beëindigen" in response.content.decode()
    assert state(match) == ("active", "matched", "matched")
    with refused("year_too_early"):
        year_complete(match=match, by=coordinator)


def test_it_needs_the_confirmation(client, coordinator, municipality):
    match = started(12, municipality)
    client.force_login(coordinator)
    response = client.post(reverse("matching:complete_year", args=[match.code]), {})
    assert response.status_code == 200
    assert state(match) == ("active", "matched", "matched")


@pytest.mark.parametrize("is_contact", [True, False])
def test_no_group_member_can_complete_the_year(client, municipality, is_contact):
    match = started(12, municipality)
    member = match.group.memberships.filter(is_contact=is_contact).first().user
    client.force_login(member)
    assert complete(client, match).status_code == 403
    for kind in ("final", "midterm", "introduction"):
        client.post(
            reverse("matching:evaluate", args=[match.trajectory.code, kind]),
            {"notes": "klaar", "exit_plan": "afbouwen"},
        )
    assert state(match) == ("active", "matched", "matched")
    with refused("not_allowed_to_complete"):
        year_complete(match=match, by=member)


def test_the_community_builder_completes_only_where_the_policy_allows(client, municipality):
    match = started(12, municipality)
    builder = UserFactory(role=Role.COMMUNITY_BUILDER)
    WelcomeGroup.objects.filter(pk=match.group_id).update(community_builder=builder)
    client.force_login(builder)
    assert complete(client, match).status_code == 404
    assert state(match) == ("active", "matched", "matched")
    MatchingPolicy.objects.create(
        partner=municipality.partner, community_builder_completes_year=True
    )
    assert complete(client, match).status_code == 302
    assert state(match) == ("completed", "completed", "completed")


def test_a_coordinator_of_another_city_gets_404(client, other_city_coordinator, municipality):
    match = started(12, municipality)
    client.force_login(other_city_coordinator)
    assert complete(client, match).status_code == 404
    assert state(match) == ("active", "matched", "matched")


def test_get_shows_the_confirmation_and_does_nothing(client, coordinator, municipality):
    match = started(12, municipality)
    client.force_login(coordinator)
    response = client.get(reverse("matching:complete_year", args=[match.code]))
    assert response.status_code == 200
    assert state(match) == ("active", "matched", "matched")
    assert timezone.localdate() == TODAY
