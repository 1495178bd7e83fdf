"""What stands behind each figure: its evidence page, the method page, and how complete the
data is, per municipality — checked against numbers worked out by hand."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from impact.indicators import INDICATORS, NEVER_COUNTED, PERIOD_RULE
from matching.models import Milestone
from matching.services.activities import activity_log_save

from ..factories import (
    ActivityLogFactory,
    HouseholdMemberFactory,
    MembershipFactory,
    active_trajectory,
    life_domain,
    ready_refugee,
)

TODAY = datetime.date.today()


def household(municipality, *, persons):
    refugee = ready_refugee(municipality=municipality)
    HouseholdMemberFactory.create_batch(persons - 1, refugee=refugee)
    return refugee


def log(trajectory, members, *, days_ago, hours="2", domains=("work",), introductions=None):
    activity_log_save(
        trajectory=trajectory,
        by=members[0].user,
        date=TODAY - datetime.timedelta(days=days_ago),
        hours=Decimal(hours),
        life_domains=[life_domain(d) for d in domains],
        members_present=members,
        introductions=introductions or {},
    )


@pytest.fixture
def programme(municipality, other_municipality):
    """Den Haag: a year of 6 persons since 100 days, 6 members, logs 3 and 40 days ago.
    Utrecht: a year of 5 persons since 50 days, 5 members, one log 45 days ago."""
    own = active_trajectory(
        municipality=municipality,
        start=TODAY - datetime.timedelta(days=100),
        refugee=household(municipality, persons=6),
    )
    other = active_trajectory(
        municipality=other_municipality,
        start=TODAY - datetime.timedelta(days=50),
        refugee=household(other_municipality, persons=5),
    )
    own_members = [MembershipFactory(group=own.match.group) for _ in range(6)]
    other_members = [MembershipFactory(group=other.match.group) for _ in range(5)]
    log(own, own_members, days_ago=3, introductions={"employer": 2})
    log(own, own_members[:5], days_ago=40, hours="1.5", domains=("work", "health"))
    log(other, other_members, days_ago=45, hours="3", introductions={"neighbour": 1})
    return own, other


def evidence_of(client, key, **params):
    response = client.get(reverse("impact:indicator", args=[key]), params)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("indicator", INDICATORS, ids=lambda i: i.key)
def test_every_indicator_has_an_evidence_page_with_its_one_definition(
    client, staff, programme, indicator
):
    client.force_login(staff)
    html = evidence_of(client, indicator.key).content.decode()
    # The words come from the one definition in indicators.py, and the method page shows
    # the same ones.
    for text in (indicator.counts, indicator.not_counted, PERIOD_RULE, NEVER_COUNTED):
        assert str(text) in html
    method = client.get(reverse("impact:method")).content.decode()
    assert str(indicator.counts) in method
    assert str(indicator.not_counted) in method


@pytest.mark.parametrize("indicator", INDICATORS, ids=lambda i: i.key)
def test_the_parts_add_up_to_the_figure(client, staff, programme, indicator):
    client.force_login(staff)
    response = evidence_of(client, indicator.key)
    report = response.context["report"]
    figure = report.value(indicator.key)
    places = [r["value"] or 0 for r in response.context["per_place"]]
    months = response.context["per_month"]
    if indicator.additive:
        assert sum(places) == pytest.approx(figure)
        if months is not None:
            assert sum(r["value"] for r in months) == pytest.approx(figure)
    elif indicator.key not in ("self_reliance_gain", "network_involvement", "contact_after_year"):
        # A mean or a share has parts that neither add up nor bound it. Otherwise a year,
        # group or person counts once in the whole, and in each part it was in.
        assert sum(places) >= figure
        if months is not None:
            assert sum(r["value"] for r in months) >= figure


def test_the_figures_and_their_parts_by_hand(client, staff, programme):
    client.force_login(staff)
    days = evidence_of(client, "reception_days").context
    assert days["report"].value("reception_days") == 6 * 100 + 5 * 50
    assert {r["municipality"]: r["value"] for r in days["per_place"]} == {
        "Den Haag": 600,
        "Utrecht": 250,
    }
    records = {r["key"]: r["count"].value for r in days["records"]}
    assert records == {"years": 2, "persons": 11}

    hours = evidence_of(client, "volunteer_hours").context
    # 2 h × 6 + 1.5 h × 5 in Den Haag; 3 h × 5 in Utrecht.
    assert {r["municipality"]: r["value"] for r in hours["per_place"]} == {
        "Den Haag": 19.5,
        "Utrecht": 15.0,
    }
    assert {r["key"]: r["count"].value for r in hours["records"]} == {
        "logs": 3,
        "volunteers": 11,
    }
    introductions = evidence_of(client, "introductions").context
    assert {r["municipality"]: r["value"] for r in introductions["per_place"]} == {
        "Den Haag": 2,
        "Utrecht": 1,
    }


def test_small_cells_stay_hidden_on_the_evidence_page(client, staff, programme, municipality):
    tiny = active_trajectory(
        municipality=municipality,
        start=TODAY - datetime.timedelta(days=10),
        refugee=household(municipality, persons=2),
    )
    member = MembershipFactory(group=tiny.match.group)
    log(tiny, [member], days_ago=2)
    client.force_login(staff)
    response = evidence_of(client, "reception_days", van=(TODAY - datetime.timedelta(days=5)))
    # Five days (a running year counts up to today, not including it). Den Haag has 8
    # persons in its two years, Utrecht 5: both shown.
    cells = {r["municipality"]: str(r["cell"]) for r in response.context["per_place"]}
    assert cells == {"Den Haag": "40", "Utrecht": "25"}
    response = evidence_of(client, "volunteer_hours", van=(TODAY - datetime.timedelta(days=2)))
    # On the last two days only the tiny year's one member logged: "<5".
    assert {str(r["cell"]) for r in response.context["per_place"]} <= {"<5", "0"}
    assert "<5" in response.content.decode().replace("&lt;", "<")


def test_completeness_by_hand(client, coordinator, programme, municipality):
    own, _other = programme
    client.force_login(coordinator)
    response = client.get(reverse("impact:completeness"))
    assert response.status_code == 200
    rows = {r["municipality"].name: r["shares"] for r in response.context["rows"]}
    assert list(rows) == ["Den Haag"]  # a coordinator sees their own city only
    shares = {row["key"]: row["share"] for row in rows["Den Haag"]}
    # The one running year (100 days) logged 3 days ago.
    assert (shares["logged"].part, shares["logged"].whole) == (1, 1)
    due = Milestone.objects.filter(trajectory=own, due_date__lt=TODAY)
    assert shares["evaluated"].whole == due.count() > 0
    assert shares["evaluated"].part == 0
    first = due.order_by("due_date").first()
    first.completed_on = first.due_date
    first.save()
    response = client.get(reverse("impact:completeness"))
    shares = {row["key"]: row["share"] for row in response.context["rows"][0]["shares"]}
    assert shares["evaluated"].part == 1
    html = response.content.decode()
    quiet = f"{reverse('matching:followup')}?municipality={municipality.pk}&amp;signal=quiet"
    assert quiet in html


def test_a_quiet_year_makes_the_figures_thin(client, staff, programme, other_municipality):
    client.force_login(staff)
    response = client.get(reverse("impact:completeness"))
    rows = {r["municipality"].name: r["shares"] for r in response.context["rows"]}
    logged = {row["key"]: row["share"] for row in rows["Utrecht"]}["logged"]
    assert (logged.part, logged.whole) == (0, 1)  # its last log is 45 days old
    assert logged.thin
    # Staff see the shares, not links to the years behind them.
    assert reverse("matching:followup") not in response.content.decode()


def test_the_dashboard_loads_the_completeness_section(client, staff, programme):
    client.force_login(staff)
    html = client.get(reverse("impact:dashboard")).content.decode()
    assert f'hx-get="{reverse("impact:completeness")}' in html
    fragment = client.get(reverse("impact:completeness"), HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    assert "<html" not in fragment.content.decode()
    for key in ("reception_days", "volunteer_hours"):
        assert reverse("impact:indicator", args=[key]) in html


def test_the_handprint_cards_open_their_evidence(client, staff, programme):
    client.force_login(staff)
    html = client.get(reverse("impact:handprint")).content.decode()
    for indicator in INDICATORS:
        assert reverse("impact:indicator", args=[indicator.key]) in html


def test_an_unknown_indicator_is_not_found(client, staff):
    client.force_login(staff)
    assert client.get(reverse("impact:indicator", args=["nope"])).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        reverse("impact:indicator", args=["reception_days"]),
        reverse("impact:method"),
        reverse("impact:completeness"),
    ],
)
@pytest.mark.parametrize(
    "role_fixture", ["group_member", "refugee_user", "community_builder", "outsider"]
)
def test_only_reporting_roles_see_the_evidence(client, request, url, role_fixture):
    client.force_login(request.getfixturevalue(role_fixture))
    assert client.get(url).status_code == 403


def test_a_coordinator_sees_the_evidence_of_their_own_city_only(
    client, coordinator, programme, other_municipality
):
    client.force_login(coordinator)
    response = evidence_of(client, "reception_days", gemeente=other_municipality.pk)
    assert [r["municipality"] for r in response.context["per_place"]] == ["Den Haag"]
    assert response.context["report"].value("reception_days") == 600


@pytest.mark.parametrize(
    ("name", "args"),
    [("impact:indicator", ["volunteer_hours"]), ("impact:completeness", [])],
)
def test_the_evidence_keeps_its_queries_fixed(
    client, staff, programme, municipality, name, args, django_assert_max_num_queries
):
    for _ in range(8):
        t = active_trajectory(municipality=municipality)
        ActivityLogFactory(trajectory=t, members_present=[t.match.group.memberships.first()])
    client.force_login(staff)
    with django_assert_max_num_queries(38):  # the same with 0 and with 8 more years
        assert client.get(reverse(name, args=args)).status_code == 200
