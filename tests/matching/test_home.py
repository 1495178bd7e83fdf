"""Each role's home page shows what that role needs, and no more."""

import pytest
from django.urls import reverse

from ..factories import MatchFactory, RefugeeFactory


@pytest.fixture
def matches(municipality, other_municipality, group):
    own = MatchFactory(
        refugee=RefugeeFactory(
            municipality=municipality, first_name="Farah", country_of_origin="Geheimland"
        ),
        group=group,
    )
    MatchFactory(refugee=RefugeeFactory(municipality=other_municipality))
    return own


def test_it_shows_a_coordinator_the_pipeline_of_their_cities(client, coordinator, matches):
    client.force_login(coordinator)
    response = client.get(reverse("matching:home"))
    assert response.status_code == 200
    pipeline = {row["label"]: dict(row["cells"]) for row in response.context["pipeline"]}
    assert pipeline["koppelingen"]["voorgesteld"] == 1  # not the other city's match


def test_it_shows_a_group_member_their_group_and_the_households_first_name_only(
    client, group_member, matches
):
    client.force_login(group_member)
    html = client.get(reverse("matching:home"), follow=True).content.decode()
    assert matches.group.name in html
    assert "met Farah" in html
    assert "Geheimland" not in html
    assert matches.refugee.last_name not in html


def test_it_shows_staff_aggregates_per_municipality(client, staff, matches):
    client.force_login(staff)
    response = client.get(reverse("matching:home"))
    names = [row["name"] for row in response.context["national"]]
    assert names == ["Den Haag", "Utrecht"]
    assert "Farah" not in response.content.decode()


def test_it_shows_a_household_its_own_status(client, refugee_user, refugee):
    client.force_login(refugee_user)
    response = client.get(reverse("matching:home"))
    assert response.context["my_household"] == refugee


@pytest.mark.parametrize(
    "role_fixture",
    ["coordinator", "group_member", "staff", "refugee_user", "community_builder", "administrator"],
)
def test_it_keeps_a_fixed_number_of_queries(
    client, request, role_fixture, matches, django_assert_max_num_queries, municipality
):
    for _ in range(10):
        MatchFactory(refugee=RefugeeFactory(municipality=municipality))
    client.force_login(request.getfixturevalue(role_fixture))
    with django_assert_max_num_queries(18):
        response = client.get(reverse("matching:home"))
        assert response.status_code in (200, 302)  # a group member goes on to Mijn groep


def test_it_sends_anonymous_visitors_to_login(client, db):
    response = client.get(reverse("matching:home"))
    assert response.status_code == 302
