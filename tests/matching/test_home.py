"""Each role's home page shows what that role needs, and no more."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from refugees.models import Refugee
from samenhier.roles import Role

from ..factories import MatchFactory, RefugeeFactory, UserFactory, active_trajectory


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
    response = client.get(reverse("home"))
    assert response.status_code == 200
    pipeline = {
        row["label"]: {label: n for label, n, _url in row["cells"]}
        for row in response.context["pipeline"]
    }
    assert pipeline["koppelingen"]["voorgesteld"] == 1  # not the other city's match


def test_it_leads_a_coordinator_with_what_waits_for_them_each_linked(
    client, coordinator, matches, municipality
):
    """A proposed match waits for the group's confirmation; an overdue milestone waits
    for an evaluation. Each is a link to where it is done, counted for own cities only."""
    trajectory = active_trajectory(
        municipality=municipality, start=timezone.localdate() - datetime.timedelta(days=60)
    )
    client.force_login(coordinator)
    response = client.get(reverse("home"))
    actions = {a.key: a for a in response.context["actions"]}
    assert actions["group_confirmation"].count == 1
    assert actions["group_confirmation"].items == [
        (f"{matches.refugee} – {matches.group.name}", reverse("matching:match", args=[matches.pk]))
    ]
    # Either side may say yes first: the household's consent is asked for at once too.
    assert actions["household_consent"].count == 1
    assert actions["overdue"].count == 1  # the introduction, due a week after the start
    assert actions["overdue"].url == reverse("matching:followup") + "?signal=overdue"
    html = response.content.decode()
    assert html.index("Wat wacht op jou") < html.index("Stand van zaken")
    assert f'href="{reverse("matching:match", args=[matches.pk])}"' in html
    followup = client.get(actions["overdue"].url)
    assert [row.pk for row in followup.context["page"]] == [trajectory.pk]


def test_it_counts_waiting_households_the_same_on_every_page(
    client, coordinator, staff, municipality, group
):
    """Waiting: from intake until the year starts, a proposed match included. The
    board also says how many a round can place now."""
    RefugeeFactory(municipality=municipality, status=Refugee.Status.INTAKE)
    RefugeeFactory(municipality=municipality, status=Refugee.Status.READY)
    MatchFactory(refugee=RefugeeFactory(municipality=municipality, status=Refugee.Status.READY))
    active_trajectory(municipality=municipality)  # matched: no longer waiting
    client.force_login(coordinator)
    assert client.get(reverse("home")).context["waiting"] == 3
    board = client.get(reverse("matching:board")).context["waiting"]
    assert [(r["waiting"], r["households"]) for r in board] == [
        (3, 1)
    ]  # only the ready one without a match
    client.force_login(staff)
    (row,) = [r for r in client.get(reverse("home")).context["national"] if r["name"] == "Den Haag"]
    assert str(row["waiting"]) == "<5"  # a small cell, everywhere
    dashboard = client.get(reverse("impact:dashboard"), {"gemeente": municipality.pk})
    assert dashboard.context["waiting"]["waiting"]["n"].value == 3  # shown as "<5"
    assert "van hun intake tot de start van hun jaar" in dashboard.content.decode()


def test_it_shows_a_group_member_their_group_and_the_households_first_name_only(
    client, group_member, matches
):
    client.force_login(group_member)
    html = client.get(reverse("home"), follow=True).content.decode()
    assert matches.group.name in html
    assert "met Farah" in html
    assert "Geheimland" not in html
    assert matches.refugee.last_name not in html


def test_it_shows_staff_aggregates_per_municipality(client, staff, matches):
    client.force_login(staff)
    response = client.get(reverse("home"))
    names = [row["name"] for row in response.context["national"]]
    assert names == ["Den Haag", "Utrecht"]
    assert "Farah" not in response.content.decode()


def test_it_shows_a_household_its_own_status(client, refugee_user, refugee):
    client.force_login(refugee_user)
    response = client.get(reverse("home"))
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
    with django_assert_max_num_queries(24):  # the coordinator: what waits, and the pipeline
        response = client.get(reverse("home"))
        assert response.status_code in (200, 302)  # a group member goes on to Mijn groep


def test_it_sends_anonymous_visitors_to_login(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302


def test_a_household_reads_its_year_in_plain_words(client, municipality):
    """Start and end of the year, who to contact, the moments in plain words (a passed
    one "nog niet gedaan"), and one true sentence on who reads a check-in."""
    trajectory = active_trajectory(
        municipality=municipality, start=timezone.localdate() - datetime.timedelta(days=100)
    )
    match = trajectory.match
    match.group.community_builder = UserFactory(role=Role.COMMUNITY_BUILDER)
    match.group.save()
    household = UserFactory(role=Role.REFUGEE)
    match.refugee.user = household
    match.refugee.save()
    client.force_login(household)
    html = client.get(reverse("home")).content.decode()
    assert f"Jullie jaar met <bdi>{match.group.name}</bdi>" in html
    assert f"Het jaar begon op {date_format(match.start_date, 'j F Y')}" in html
    assert f"loopt tot {date_format(match.planned_end_date, 'j F Y')}" in html
    assert f'href="mailto:{match.group.community_builder.email}"' in html
    assert "Kennismaken met de groep</strong><br>was gepland voor" in html
    assert "nog niet gedaan" in html
    assert "Na 3 maanden: hoe gaat het?" in html
    assert "Status:" not in html
    assert "gepland voor" in html
    assert "Alleen je coördinator en je community builder lezen wat je schrijft." in html
    check_in = client.get(reverse("matching:check_in", args=[trajectory.code, "check_in"]))
    assert "Alleen je coördinator en je community builder lezen wat je schrijft." in (
        check_in.content.decode()
    )


def test_every_check_in_hint_on_the_household_home_says_the_same(client, municipality):
    """ "Alleen uw coördinator leest het" on the card vs coordinator and community builder
    on the form: the card that asks for a check-in says the one true sentence too."""
    trajectory = active_trajectory(
        municipality=municipality, start=timezone.localdate() - datetime.timedelta(days=100)
    )
    household = UserFactory(role=Role.REFUGEE)
    trajectory.match.refugee.user = household
    trajectory.match.refugee.save()
    client.force_login(household)
    html = client.get(reverse("home")).content.decode()
    assert "Vertel het ons" in html  # a check-in is asked for
    assert "Alleen je coördinator leest" not in html


def test_the_staff_home_counts_waiting_as_the_dashboard_does(client, staff, municipality):
    for status in [Refugee.Status.INTAKE] * 3 + [Refugee.Status.READY] * 3:
        RefugeeFactory(municipality=municipality, status=status)
    MatchFactory(refugee=RefugeeFactory(municipality=municipality, status=Refugee.Status.READY))
    client.force_login(staff)
    national = client.get(reverse("home")).context["national"]
    (row,) = [r for r in national if r["name"] == municipality.name]
    assert row["waiting"].value == 7
