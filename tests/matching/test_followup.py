"""The follow-up board: every trajectory in scope with its health signals."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from matching.models import CheckIn

from ..factories import ActivityLogFactory, UserFactory, active_trajectory, answer_check_in

TODAY = timezone.localdate


@pytest.fixture
def quiet(municipality):
    t = active_trajectory(municipality=municipality, start=TODAY() - datetime.timedelta(days=90))
    ActivityLogFactory(trajectory=t, date=TODAY() - datetime.timedelta(days=30))
    return t


@pytest.fixture
def lively(municipality):
    t = active_trajectory(municipality=municipality, start=TODAY() - datetime.timedelta(days=20))
    ActivityLogFactory(trajectory=t, date=TODAY() - datetime.timedelta(days=2))
    return t


@pytest.fixture
def elsewhere(other_municipality):
    return active_trajectory(municipality=other_municipality)


def rows(response):
    return {t.pk: t for t in response.context["page"]}


def test_it_flags_a_quiet_trajectory(client, coordinator, quiet, lively, elsewhere):
    client.force_login(coordinator)
    response = client.get(reverse("matching:followup"))
    found = rows(response)
    assert set(found) == {quiet.pk, lively.pk}  # not the other city's
    assert found[quiet.pk].signal_quiet
    assert found[quiet.pk].quiet_days == 30
    assert not found[lively.pk].signal_quiet
    assert response.context["counts"]["quiet"] == 1
    # Quietest first.
    assert list(found) == [quiet.pk, lively.pk]


def test_it_filters_by_signal(client, coordinator, quiet, lively):
    client.force_login(coordinator)
    response = client.get(reverse("matching:followup"), {"signal": "quiet"})
    assert set(rows(response)) == {quiet.pk}


def test_it_flags_overdue_milestones_and_a_low_check_in(client, coordinator, quiet, lively):
    answer_check_in(lively, "introduction", 1)
    client.force_login(coordinator)
    found = rows(client.get(reverse("matching:followup")))
    # The quiet one started 90 days ago: its introduction (week 1) is overdue.
    assert found[quiet.pk].overdue >= 1
    assert found[lively.pk].signal_low_check_in
    assert not found[quiet.pk].signal_low_check_in


def test_it_flags_one_member_doing_nearly_everything(client, coordinator, lively):
    busy = lively.match.group.memberships.first().user
    other = lively.match.group.memberships.last().user
    for _ in range(9):
        ActivityLogFactory(trajectory=lively, logged_by=busy)
    ActivityLogFactory(trajectory=lively, logged_by=other)
    client.force_login(coordinator)
    assert rows(client.get(reverse("matching:followup")))[lively.pk].signal_dominant


def test_it_flags_a_year_ending_within_30_days(client, coordinator, municipality):
    ending = active_trajectory(
        municipality=municipality, start=TODAY() - datetime.timedelta(days=350)
    )
    client.force_login(coordinator)
    assert rows(client.get(reverse("matching:followup")))[ending.pk].signal_ending


def test_a_community_builder_sees_only_their_groups(client, quiet, lively):
    builder = UserFactory(role="community_builder")
    lively.match.group.community_builder = builder
    lively.match.group.save()
    client.force_login(builder)
    assert set(rows(client.get(reverse("matching:followup")))) == {lively.pk}


@pytest.mark.parametrize("role_fixture", ["group_member", "staff", "refugee_user"])
def test_other_roles_are_refused(client, request, role_fixture, quiet):
    client.force_login(request.getfixturevalue(role_fixture))
    assert client.get(reverse("matching:followup")).status_code == 403


def test_the_board_keeps_its_queries_fixed(
    client, coordinator, municipality, django_assert_max_num_queries
):
    for _ in range(12):
        ActivityLogFactory(trajectory=active_trajectory(municipality=municipality))
    client.force_login(coordinator)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("matching:followup"))
    assert len(response.context["page"]) == 12


def test_the_trajectory_page_shows_the_households_voice_to_the_coordinator(
    client, coordinator, lively
):
    CheckIn.objects.create(
        trajectory=lively, milestone="introduction", score=2, missing="Stemgeheim"
    )
    client.force_login(coordinator)
    html = client.get(reverse("matching:trajectory", args=[lively.code])).content.decode()
    assert "Stemgeheim" in html


def test_the_households_voice_never_reaches_the_group(client, lively):
    CheckIn.objects.create(
        trajectory=lively, milestone="introduction", score=2, missing="Stemgeheim"
    )
    member = lively.match.group.memberships.first().user
    client.force_login(member)
    assert client.get(reverse("matching:trajectory", args=[lively.code])).status_code == 403
    portal = client.get(reverse("matching:portal", args=[lively.match.group_id]))
    assert "Stemgeheim" not in portal.content.decode()


def test_the_trajectory_page_is_404_for_another_city(client, other_city_coordinator, lively):
    client.force_login(other_city_coordinator)
    assert client.get(reverse("matching:trajectory", args=[lively.code])).status_code == 404


def test_a_low_check_in_follows_the_latest_milestone_not_the_latest_written(
    client, coordinator, lively
):
    """The 3-month answer is 2/5; a late answer to the introduction (5/5), written
    afterwards, does not clear the signal."""
    answer_check_in(lively, "check_in", 2)
    answer_check_in(lively, "introduction", 5)
    client.force_login(coordinator)
    assert rows(client.get(reverse("matching:followup")))[lively.pk].signal_low_check_in
    answer_check_in(lively, "check_in", 4)  # answered again: replaces the 2
    assert not rows(client.get(reverse("matching:followup")))[lively.pk].signal_low_check_in


def test_the_sort_options_follow_the_chosen_language(client, coordinator, lively):
    client.force_login(coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("matching:followup")).content.decode()
    assert "last activity (newest first)" in html
    assert "laatste activiteit" not in html
    assert "aflopend" not in html
    ordered = client.get(reverse("matching:followup"), {"order": "-last_activity"})
    assert ordered.status_code == 200
    assert ordered.context["filter"].is_valid()
    # The signals are named in the page's language too, not the one the module loaded in.
    for dutch in ("stil: 21 dagen", "eindigt binnen 30 dagen", "één lid legt"):
        assert dutch not in html
    assert "quiet: no activity for 21 days or more" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [({}, 2), ({"order": "-last_activity"}, 2), ({"signal": "quiet"}, 1), ({"q": "zzz"}, 0)],
)
def test_the_board_counts_the_rows_it_shows(client, coordinator, quiet, lively, query, expected):
    """Unfiltered (or only sorted), the count comes with the signals; any filter counts
    its own rows."""
    client.force_login(coordinator)
    page = client.get(reverse("matching:followup"), query).context["page"]
    assert page.paginator.count == expected == len(page.object_list)
