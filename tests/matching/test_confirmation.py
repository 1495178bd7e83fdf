"""An accepted proposal is a proposed match; both sides confirm before the year starts."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from groups.models import WelcomeGroup
from matching.models import Match
from matching.services.matches import match_propose
from refugees.models import Refugee

from ..factories import MembershipFactory, ready_group, ready_refugee


@pytest.fixture
def proposed(municipality, coordinator):
    refugee = ready_refugee(municipality=municipality, languages=["ar"], first_name="Nour")
    group = ready_group(municipality=municipality)
    return match_propose(refugee=refugee, group=group, by=coordinator)


@pytest.fixture
def contact(proposed):
    return proposed.group.memberships.get(is_contact=True).user


def test_the_group_contact_sees_and_confirms_the_proposal(client, proposed, contact):
    client.force_login(contact)
    html = client.get(reverse("home"), follow=True).content.decode()
    assert "met Nour" in html
    response = client.post(
        reverse("matching:group_confirm", args=[proposed.code]), {"decision": "confirm"}
    )
    assert response.status_code == 302
    proposed.refresh_from_db()
    assert proposed.group_confirmed_by == contact
    assert proposed.status == Match.Status.PROPOSED  # the household has not agreed yet


def test_both_sides_agreeing_accepts_the_match_and_the_coordinator_starts_it(
    client, proposed, contact, coordinator
):
    client.force_login(contact)
    client.post(reverse("matching:group_confirm", args=[proposed.code]), {"decision": "confirm"})
    client.force_login(coordinator)
    client.post(reverse("matching:match_act", args=[proposed.code, "consent"]))
    proposed.refresh_from_db()
    assert proposed.status == Match.Status.ACCEPTED
    assert proposed.household_consent_by == coordinator
    start = timezone.localdate() + datetime.timedelta(days=7)
    response = client.post(
        reverse("matching:match_act", args=[proposed.code, "start"]),
        {"start_date": start.isoformat()},
    )
    assert response.status_code == 302
    proposed.refresh_from_db()
    assert (proposed.status, proposed.start_date) == (Match.Status.ACTIVE, start)
    assert proposed.refugee.status == Refugee.Status.MATCHED
    assert proposed.group.status == WelcomeGroup.Status.MATCHED
    assert [c.new for c in proposed.status_changes.all()] == ["proposed", "accepted", "active"]


def test_it_refuses_a_start_before_both_sides_agreed(client, proposed, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("matching:match_act", args=[proposed.code, "start"]),
        {"start_date": timezone.localdate().isoformat()},
        follow=True,
    )
    assert "kan niet naar" in response.content.decode()
    proposed.refresh_from_db()
    assert proposed.status == Match.Status.PROPOSED


def test_it_refuses_a_start_date_far_in_the_past(client, proposed, contact, coordinator):
    client.force_login(contact)
    client.post(reverse("matching:group_confirm", args=[proposed.code]), {"decision": "confirm"})
    client.force_login(coordinator)
    client.post(reverse("matching:match_act", args=[proposed.code, "consent"]))
    response = client.post(
        reverse("matching:match_act", args=[proposed.code, "start"]),
        {"start_date": "2001-01-01"},
        follow=True,
    )
    assert "90 dagen" in response.content.decode()
    proposed.refresh_from_db()
    assert proposed.status == Match.Status.ACCEPTED


def test_the_group_can_decline_with_a_reason(client, proposed, contact):
    client.force_login(contact)
    client.post(
        reverse("matching:group_confirm", args=[proposed.code]), {"decision": "decline", "note": ""}
    )
    proposed.refresh_from_db()
    assert proposed.status == Match.Status.PROPOSED
    client.post(
        reverse("matching:group_confirm", args=[proposed.code]),
        {"decision": "decline", "note": "We hebben nu te weinig tijd"},
    )
    proposed.refresh_from_db()
    assert proposed.status == Match.Status.DECLINED
    assert proposed.status_changes.last().note == "We hebben nu te weinig tijd"


def test_a_member_who_is_not_the_contact_cannot_confirm(client, proposed):
    member = MembershipFactory(group=proposed.group).user
    client.force_login(member)
    response = client.post(
        reverse("matching:group_confirm", args=[proposed.code]), {"decision": "confirm"}
    )
    assert response.status_code == 404
    proposed.refresh_from_db()
    assert proposed.group_confirmed_at is None


def test_another_groups_member_cannot_confirm(client, proposed, other_group_member):
    client.force_login(other_group_member)
    response = client.post(
        reverse("matching:group_confirm", args=[proposed.code]), {"decision": "confirm"}
    )
    assert response.status_code == 404


def test_the_match_page_is_for_the_coordinators_of_the_city(
    client, proposed, other_city_coordinator, staff
):
    client.force_login(other_city_coordinator)
    assert client.get(reverse("matching:match", args=[proposed.code])).status_code == 404
    response = client.post(reverse("matching:match_act", args=[proposed.code, "consent"]))
    assert response.status_code == 404
    client.force_login(staff)
    assert client.get(reverse("matching:match", args=[proposed.code])).status_code == 403
    proposed.refresh_from_db()
    assert proposed.household_consent_at is None
