"""The Django admin for coordinators: their own municipalities only."""

import pytest
from django.urls import reverse

from groups.models import WelcomeGroup
from refugees.models import Refugee

from ..factories import MatchFactory, RefugeeFactory, WelcomeGroupFactory

ADMIN_LISTS = [
    "admin:refugees_refugee_changelist",
    "admin:groups_welcomegroup_changelist",
    "admin:matching_match_changelist",
    "admin:matching_trajectory_changelist",
    "admin:impact_activitylog_changelist",
]


@pytest.fixture
def two_cities(municipality, other_municipality):
    own = MatchFactory(refugee=RefugeeFactory(municipality=municipality, first_name="Eigenstad"))
    other = MatchFactory(
        refugee=RefugeeFactory(municipality=other_municipality, first_name="Anderestad")
    )
    return own, other


@pytest.mark.parametrize("url_name", ADMIN_LISTS)
def test_it_opens_every_admin_list_for_a_coordinator(client, coordinator, two_cities, url_name):
    client.force_login(coordinator)
    assert client.get(reverse(url_name)).status_code == 200


def test_it_lists_only_the_coordinators_own_households(client, coordinator, two_cities):
    client.force_login(coordinator)
    html = client.get(reverse("admin:refugees_refugee_changelist")).content.decode()
    assert "Eigenstad" in html
    assert "Anderestad" not in html


def test_it_lists_only_the_coordinators_own_matches(client, coordinator, two_cities):
    own, other = two_cities
    client.force_login(coordinator)
    response = client.get(reverse("admin:matching_match_changelist"))
    assert list(response.context["cl"].queryset) == [own]


def test_it_hides_another_citys_household_from_a_coordinator(client, coordinator, two_cities):
    _own, other = two_cities
    client.force_login(coordinator)
    response = client.get(reverse("admin:refugees_refugee_change", args=[other.refugee.pk]))
    assert response.status_code == 302  # the admin's "does not exist" redirect
    assert response["Location"] == reverse("admin:index")


def test_it_offers_only_own_municipalities_in_choices(
    client, coordinator, two_cities, municipality
):
    client.force_login(coordinator)
    response = client.get(reverse("admin:groups_welcomegroup_add"))
    choices = list(response.context["adminform"].form.fields["municipality"].queryset)
    assert choices == [municipality]


def test_it_changes_status_only_through_the_transition_service(client, coordinator, municipality):
    from tests.factories import ConsentFactory

    refugee = RefugeeFactory(municipality=municipality)
    ConsentFactory(refugee=refugee)
    client.force_login(coordinator)
    response = client.post(
        reverse("admin:refugees_refugee_changelist"),
        {"action": "to_ready", "_selected_action": [refugee.pk]},
    )
    assert response.status_code == 302
    refugee.refresh_from_db()
    assert refugee.status == Refugee.Status.READY
    assert refugee.status_changes.get().by == coordinator


def test_it_reports_a_refused_transition_and_changes_nothing(client, coordinator, municipality):
    group = WelcomeGroupFactory(municipality=municipality)
    client.force_login(coordinator)
    response = client.post(
        reverse("admin:groups_welcomegroup_changelist"),
        {"action": "to_ready", "_selected_action": [group.pk]},
        follow=True,
    )
    assert "kan niet naar" in response.content.decode()
    group.refresh_from_db()
    assert group.status == WelcomeGroup.Status.FORMING


@pytest.mark.parametrize(
    "role_fixture", ["group_member", "refugee_user", "staff", "community_builder"]
)
def test_it_refuses_the_admin_to_portal_roles(client, request, role_fixture):
    client.force_login(request.getfixturevalue(role_fixture))
    response = client.get(reverse("admin:refugees_refugee_changelist"), follow=True)
    assert response.status_code == 403
