"""Mijn groep: a group member sees their group and household (need-to-know) and logs."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from matching.models import ActivityLog
from samenhier.roles import Role

from ..factories import (
    ActivityLogFactory,
    ConsentFactory,
    MembershipFactory,
    UserFactory,
    active_trajectory,
    life_domain,
    set_present,
)


@pytest.fixture
def trajectory(municipality):
    t = active_trajectory(municipality=municipality)
    refugee = t.match.refugee
    refugee.first_name, refugee.last_name = "Lina", "Achternaamgeheim"
    refugee.country_of_origin = "Herkomstgeheim"
    refugee.residence_status = "Verblijfgeheim"
    refugee.health_notes = "Gezondheidgeheim"
    refugee.coordinator_notes = "Notitiegeheim"
    refugee.save()
    return t


@pytest.fixture
def member(trajectory):
    return trajectory.match.group.memberships.get(is_contact=True).user


@pytest.fixture
def membership(trajectory, member):
    return trajectory.match.group.memberships.get(user=member)


def activity_form(membership, **overrides):
    data = {
        "date": timezone.localdate().isoformat(),
        "hours": "1.5",
        "life_domains": [life_domain("language").pk, life_domain("work").pk],
        "members_present": [membership.pk],
        "description": "Samen naar het taalcafé",
        "intro_employer": "1",
        "intro_club": "2",
    }
    data.update(overrides)
    return data


def test_a_member_sees_the_need_to_know_profile_only(client, member, trajectory):
    client.force_login(member)
    response = client.get(reverse("matching:portal", args=[trajectory.match.group_id]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Met Lina" in html
    for secret in (
        "Achternaamgeheim",
        "Herkomstgeheim",
        "Verblijfgeheim",
        "Gezondheidgeheim",
        "Notitiegeheim",
    ):
        assert secret not in html


def test_a_member_sees_the_origin_when_the_household_consented(client, member, trajectory):
    ConsentFactory(refugee=trajectory.match.refugee, subject="share_origin")
    client.force_login(member)
    html = client.get(reverse("matching:portal", args=[trajectory.match.group_id])).content.decode()
    assert "Herkomstgeheim" in html
    assert "Gezondheidgeheim" not in html


def test_a_member_logs_an_activity(client, member, membership, trajectory):
    client.force_login(member)
    response = client.post(
        reverse("matching:activity_create", args=[trajectory.code]), activity_form(membership)
    )
    assert response.status_code == 302
    log = ActivityLog.objects.get()
    assert (log.trajectory, log.logged_by, log.hours) == (trajectory, member, 1.5)
    assert {d.key for d in log.life_domains.all()} == {"language", "work"}
    assert list(log.members_present.all()) == [membership]
    assert sorted(log.introductions.values_list("kind", flat=True)) == ["club", "club", "employer"]


def test_a_tampered_member_from_another_group_is_refused(
    client, member, membership, trajectory, other_group
):
    stranger = MembershipFactory(group=other_group)
    client.force_login(member)
    response = client.post(
        reverse("matching:activity_create", args=[trajectory.code]),
        activity_form(membership, members_present=[stranger.pk]),
    )
    assert response.status_code == 200
    assert "geen geldige keuze" in response.content.decode() or "Selecteer" in (
        response.content.decode()
    )
    assert not ActivityLog.objects.exists()


def test_logging_on_another_groups_trajectory_is_refused(
    client, other_group_member, membership, trajectory
):
    client.force_login(other_group_member)
    response = client.post(
        reverse("matching:activity_create", args=[trajectory.code]), activity_form(membership)
    )
    assert response.status_code == 404
    assert not ActivityLog.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("date", "2099-01-01", "toekomst"),
        ("hours", "0", "ten minste een kwartier"),
        ("hours", "25", "ten hoogste 24 uur"),
        ("hours", "1.234,5", "bijvoorbeeld 2 of 1,5"),
        ("hours", "anderhalf", "bijvoorbeeld 2 of 1,5"),
        ("hours", "15", "Meer dan 12 uur voor één activiteit"),
        ("life_domains", [], "verplicht"),
        ("members_present", [], "verplicht"),
    ],
)
def test_bad_input_gets_a_dutch_message_and_changes_nothing(
    client, member, membership, trajectory, field, value, message
):
    client.force_login(member)
    response = client.post(
        reverse("matching:activity_create", args=[trajectory.code]),
        activity_form(membership, **{field: value}),
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ActivityLog.objects.exists()


def test_a_date_before_the_year_started_is_refused(client, member, membership, trajectory):
    client.force_login(member)
    before = trajectory.match.start_date - datetime.timedelta(days=1)
    response = client.post(
        reverse("matching:activity_create", args=[trajectory.code]),
        activity_form(membership, date=before.isoformat()),
    )
    assert "voor de start van het traject" in response.content.decode()
    assert not ActivityLog.objects.exists()


def test_a_member_corrects_a_log_of_the_group(client, member, membership, trajectory):
    log = ActivityLogFactory(trajectory=trajectory, logged_by=member)
    set_present(log, [membership])
    client.force_login(member)
    response = client.post(
        reverse("matching:activity_edit", args=[log.code]), activity_form(membership, hours="3")
    )
    assert response.status_code == 302
    log.refresh_from_db()
    assert log.hours == 3


def test_another_groups_member_cannot_edit_a_log(
    client, other_group_member, membership, trajectory
):
    log = ActivityLogFactory(trajectory=trajectory)
    client.force_login(other_group_member)
    response = client.post(
        reverse("matching:activity_edit", args=[log.code]), activity_form(membership, hours="3")
    )
    assert response.status_code == 404
    log.refresh_from_db()
    assert log.hours == 2


PORTAL_VIEWS = ["portal", "activity_create", "activity_list"]


def portal_url(name, trajectory):
    arg = trajectory.match.group_id if name == "portal" else trajectory.code
    return reverse(f"matching:{name}", args=[arg])


@pytest.mark.parametrize("name", PORTAL_VIEWS)
def test_each_portal_view_works_for_the_own_member(client, member, trajectory, name):
    client.force_login(member)
    assert client.get(portal_url(name, trajectory)).status_code == 200


@pytest.mark.parametrize("name", PORTAL_VIEWS)
@pytest.mark.parametrize("role_fixture", ["other_group_member", "other_city_coordinator"])
def test_each_portal_view_is_404_for_outsiders(client, request, trajectory, name, role_fixture):
    client.force_login(request.getfixturevalue(role_fixture))
    # Logging an activity is the group's own: a coordinator is refused it (403) anywhere.
    refused = 403 if (name, role_fixture) == ("activity_create", "other_city_coordinator") else 404
    assert client.get(portal_url(name, trajectory)).status_code == refused


@pytest.mark.parametrize("name", PORTAL_VIEWS)
def test_each_portal_view_sends_anonymous_visitors_to_login(client, trajectory, name):
    response = client.get(portal_url(name, trajectory))
    assert response.status_code == 302
    assert "/account/login/" in response["Location"]


def test_the_portal_keeps_its_queries_fixed(
    client, member, membership, trajectory, django_assert_max_num_queries
):
    for _ in range(15):
        ActivityLogFactory(trajectory=trajectory, members_present=[membership])
    client.force_login(member)
    with django_assert_max_num_queries(28):
        response = client.get(reverse("matching:portal", args=[trajectory.match.group_id]))
    assert response.status_code == 200
    with django_assert_max_num_queries(18):
        client.get(reverse("matching:activity_list", args=[trajectory.code]))


def test_fields_outside_the_form_cannot_be_set(
    client, member, membership, trajectory, municipality
):
    from ..factories import UserFactory, active_trajectory

    other = active_trajectory(municipality=municipality)
    somebody = UserFactory()
    client.force_login(member)
    client.post(
        reverse("matching:activity_create", args=[trajectory.code]),
        {
            **activity_form(membership),
            "trajectory": other.code,
            "logged_by": somebody.pk,
            "present_count": "40",
            "code": "00000000-0000-0000-0000-000000000000",
        },
    )
    log = ActivityLog.objects.get()
    assert (log.trajectory, log.logged_by, log.present_count) == (trajectory, member, 1)
    assert str(log.code) != "00000000-0000-0000-0000-000000000000"


@pytest.mark.parametrize("typed", ["1,5", "1.5", " 1,5 "])
def test_hours_take_a_decimal_comma_or_point(client, member, membership, trajectory, typed):
    client.force_login(member)
    response = client.post(
        reverse("matching:activity_create", args=[trajectory.code]),
        activity_form(membership, hours=typed),
        follow=True,
    )
    assert ActivityLog.objects.get().hours == Decimal("1.5")
    # The new entry is shown where the person lands, in the success message.
    (message,) = [str(m) for m in response.context["messages"]]
    assert message.startswith("De activiteit is vastgelegd: ")
    assert "1,5 uur" in message
    assert "Taal" in message


def test_a_long_activity_is_saved_only_when_confirmed(client, member, membership, trajectory):
    client.force_login(member)
    url = reverse("matching:activity_create", args=[trajectory.code])
    response = client.post(url, activity_form(membership, hours="15"))
    assert not ActivityLog.objects.exists()
    assert "Ja, het waren echt zoveel uur" in response.content.decode()
    client.post(url, activity_form(membership, hours="15", long_confirmed="on"))
    assert ActivityLog.objects.get().hours == 15


def test_the_activity_list_fits_a_phone(client, member, trajectory):
    client.force_login(member)
    html = client.get(reverse("matching:activity_list", args=[trajectory.code])).content.decode()
    assert '<div class="table-responsive" tabindex="0" role="region"' in html


def test_a_member_can_reach_the_community_builder(client, member, trajectory):
    """The confidentiality statement says: worried? contact your community builder."""
    builder = UserFactory(role=Role.COMMUNITY_BUILDER, first_name="Bram", last_name="Bouwer")
    trajectory.match.group.community_builder = builder
    trajectory.match.group.save()
    client.force_login(member)
    html = client.get(reverse("matching:portal", args=[trajectory.match.group_id])).content.decode()
    assert "Je community builder: Bram Bouwer" in html
    assert f'href="mailto:{builder.email}"' in html


def test_a_member_of_a_group_without_a_community_builder_can_reach_the_coordinator(
    client, member, trajectory, municipality, other_municipality
):
    """The statement says the details are on the group's page: the coordinators of the
    group's municipality are there, those of another city are not."""
    ours = UserFactory(
        role=Role.COORDINATOR, municipalities=[municipality], first_name="Cor", last_name="Dina"
    )
    theirs = UserFactory(role=Role.COORDINATOR, municipalities=[other_municipality])
    assert trajectory.match.group.community_builder is None
    client.force_login(member)
    html = client.get(reverse("matching:portal", args=[trajectory.match.group_id])).content.decode()
    assert "Coördinator van je gemeente: Cor Dina" in html
    assert f'href="mailto:{ours.email}"' in html
    assert theirs.email not in html
